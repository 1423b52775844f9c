"""Issue 15 through the installed ``gtt``: a roster saved by Excel (.xlsx, Chinese headers,
Chinese values, date cells), then the office's own keys and a Chinese list with names."""

from __future__ import annotations

import json
from datetime import datetime

import xlsxwriter
from installed import gtt
from rich.cells import cell_len

HEADER = ["姓名", "学号", "出生日期", "性别", "学校", "实习单位", "岗位", "实习类型", "开始日期", "结束日期", "编号"]
ROWS = [["林小雨", "S2023041", datetime(2008, 5, 4), "女", "安溪职业技术学校", "福州冷链设备有限公司", "空调装配",
         "岗位实习", datetime(2025, 3, 10), datetime(2025, 9, 10), "SX2025-0271"],
        ["陈大明", "S2023042", datetime(2007, 11, 20), "男", "安溪职业技术学校", "福州冷链设备有限公司", "质检员",
         "顶岗实习", 45726, "2025年9月10日", "SX2025-0272"]]


def test_an_office_roster_through_the_installed_gtt(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "实习名单.xlsx"))
    sheet = book.add_worksheet()
    day = book.add_format({"num_format": "yyyy/m/d"})
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(ROWS, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, day)
            else:
                sheet.write(r, c, value)
    book.close()
    db = f"sqlite:///{tmp_path / 'gtt.sqlite3'}"

    def run(*args: str) -> str:
        done = gtt("--db", db, *args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout

    summary = json.loads(run("import", "实习名单.xlsx", "--kind", "roster", "--region", "安溪县", "--format", "json"))
    assert (summary["rows"], summary["recorded"]) == (2, 2)
    again = json.loads(run("import", "实习名单.xlsx", "--kind", "roster", "--region", "安溪县", "--format", "json"))
    assert (again["recorded"], again["already_recorded"]) == (0, 2)
    by_number = json.loads(run("internships", "show", "SX2025-0272"))
    assert (by_number["external_id"], by_number["kind"], by_number["planned_start"]) == (
        "SX2025-0272", "post", "2025-03-10")
    by_student = json.loads(run("internships", "show", "S2023041"))
    assert by_student["external_id"] == "SX2025-0271"
    out = run("internships", "list", "--lang", "zh", "--format", "table")
    assert "林小雨" in out and "陈大明" in out and "安溪职业技术学校" in out and "已安排" in out
    assert all(cell_len(line) <= 80 for line in out.splitlines())
    run("internship", "start", "--internship-id", "SX2025-0271", "--on", "2025-03-10")
    assert json.loads(run("internships", "show", "S2023041"))["status"] == "started"
    bad = gtt("--db", db, "--lang", "zh", "internships", "show", "SX2099-0001", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.startswith("错误：") and bad.stderr.count("\n") == 1
