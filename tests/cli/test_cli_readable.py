"""What an office reads, through the installed ``gtt``: lists with names and short ids that
fit 80 columns in Chinese, short ids accepted back, evaluate tables with labels and
percentages, CSV that Excel reads (BOM) and xlsx with typed cells."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pytest
from installed import gtt
from rich.cells import cell_len

from gtt_domain.application import GttApplication
from gtt_domain.commands import internship as c
from gtt_domain.commands.institution import RegisterInstitution
from gtt_domain.commands.person import RegisterPerson

NAMES = ("林明辉", "Wang Fang")


@pytest.fixture
def office(tmp_path):
    """A school, a host with a long name, two students with internships: one completed, one placed."""
    url = f"sqlite:///{tmp_path / 'gtt.sqlite3'}"
    app = GttApplication(url, actor="office")
    school = app.handle(RegisterInstitution(kind="school", name="泉州职业技术学院", region="Quanzhou"))
    host = app.handle(RegisterInstitution(kind="enterprise", name="Minnan Refrigeration Equipment Co., Ltd.",
                                          region="Anxi"))
    students = [app.handle(RegisterPerson(kind="student", name=n, home_institution_id=school)) for n in NAMES]
    ids = [app.handle(c.PlaceIntern(student_id=s, school_id=school, host_id=host, kind="post", post="AC assembly",
                                    planned_start=date(2025, 3, 3), planned_end=date(2025, 6, 27)))
           for s in students]
    app.handle(c.StartInternship(internship_id=ids[0], on=date(2025, 3, 3)))
    app.handle(c.CompleteInternship(internship_id=ids[0], on=date(2025, 6, 27)))
    app.close()
    return url, tmp_path, ids, school, host


def run(url, cwd, *args):
    done = gtt("--db", url, *args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_internships_list_in_chinese_shows_names_and_short_ids(office):
    url, cwd, ids, *_ = office
    out = run(url, cwd, "internships", "list", "--lang", "zh", "--format", "table")
    lines = out.splitlines()
    rule = next(n for n, line in enumerate(lines) if line.startswith("─"))
    assert lines[rule - 1].split()[:4] == ["编号", "学生", "学校", "实习单位"]  # headers sit on the rule
    words = out.split()
    assert all(w in words for n in NAMES for w in n.split())  # names (a cell may wrap)
    assert "泉州职业技术学院" in words and {"Minnan", "Refrigeration", "Equipment"} <= set(words)
    assert "已完成" in words and "已安排" in words  # statuses in Chinese
    assert str(ids[0])[:8] in out and str(ids[0]) not in out  # short ids
    assert all(cell_len(line) <= 80 for line in lines)
    # JSON keeps the contract: stable names, whole ids, codes, no names added
    rows = json.loads(run(url, cwd, "internships", "list", "--format", "json", "--lang", "zh"))
    assert {r["status"] for r in rows} == {"completed", "placed"} and {r["id"] for r in rows} == {str(i) for i in ids}
    assert not any("林明辉" in json.dumps(r, ensure_ascii=False) for r in rows)


def test_short_ids_are_accepted_back(office):
    url, cwd, ids, school, host = office
    shown = json.loads(run(url, cwd, "internships", "show", str(ids[0])[:8]))
    assert shown["id"] == str(ids[0])
    listed = json.loads(run(url, cwd, "internships", "list", "--host", str(host)[:8], "--status", "completed"))
    assert [r["id"] for r in listed] == [str(ids[0])]
    history = json.loads(run(url, cwd, "history", str(school)[:8], "--format", "json"))
    assert history[0]["type"] == "Registered"
    missing = gtt("--db", url, "internships", "show", "ffffffff", cwd=cwd)
    assert missing.returncode == 2
    assert missing.stderr.strip() == "Error: Invalid value for 'ID': 'ffffffff' matches no internship " \
                                     "(see 'gtt internships show --help')"
    zh = gtt("--db", url, "internships", "show", "ffffffff", "--lang", "zh", cwd=cwd)
    assert zh.stderr.strip() == "错误：'ID' 的值无效：没有与 'ffffffff' 对应的实习（参见 'gtt internships show --help'）"


def test_csv_has_a_bom_and_xlsx_has_typed_cells(office):
    import openpyxl

    url, cwd, ids, *_ = office
    raw = run(url, cwd, "internships", "list", "--format", "csv")
    assert raw.startswith("\ufeffid,student_id,")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert {r["id"] for r in rows} == {str(i) for i in ids}
    exported = cwd / "internships.csv"
    run(url, cwd, "export", "internships", "--output", str(exported))
    assert exported.read_bytes().startswith(b"\xef\xbb\xbfid,")  # UTF-8 BOM: Excel reads the Chinese

    book = cwd / "internships.xlsx"
    done = gtt("--db", url, "export", "internships", "--format", "xlsx", "--output", str(book), "--lang", "zh",
               cwd=cwd)
    assert done.returncode == 0 and "已将 internships 的 2 行写入" in done.stderr
    sheet = openpyxl.load_workbook(book).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["编号", "学生", "学校"] and "计划开始" in header
    first = {h: cell for h, cell in zip(header, sheet[2], strict=True)}
    assert first["计划开始"].value == datetime(2025, 3, 3) and first["计划开始"].number_format == "yyyy-mm-dd"
    assert first["出勤天数"].value == 0 and first["类别"].value == "岗位实习"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    import subprocess

    from installed import gtt_script, user_env

    piped = subprocess.run([str(gtt_script()), "--db", url, "audit", "run", "--format", "xlsx"], cwd=cwd,
                           env=user_env(), capture_output=True, timeout=300)
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK")  # not a terminal: the workbook's bytes


def test_audit_findings_and_scorecards_as_xlsx(office):
    import openpyxl

    url, cwd, *_ = office
    findings = cwd / "findings.xlsx"
    run(url, cwd, "audit", "run", "--as-of", "2025-12-31", "--format", "xlsx", "--output", str(findings))
    sheet = openpyxl.load_workbook(findings)["Findings"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Severity", "Rule", "Rule title", "Subject kind"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows and all(r[2] for r in rows)  # every finding with its rule's title
    subjects = {r[header.index("Subject")] for r in rows}
    assert any(name in s for s in subjects for name in NAMES)  # an internship by its student's name

    cards = cwd / "hosts.xlsx"
    run(url, cwd, "evaluate", "host", "--year", "2025", "--format", "xlsx", "--output", str(cards), "--lang", "zh")
    sheet = openpyxl.load_workbook(cards)["评估记分卡"]
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == ["类别", "对象编号", "对象", "期间", "指标", "指标"]
    by_metric = {row[4].value: row for row in sheet.iter_rows(min_row=2)}
    hosted = by_metric["host.interns_hosted"]
    assert hosted[6].value == 1 and hosted[6].number_format == "General" and hosted[5].value == "接收实习生"
    rate = by_metric["host.criterion.completion_rate"]  # a ratio: a number shown as a percentage
    assert rate[6].number_format == "0.0%" and rate[7].value.startswith("≥ ")
    assert rate[7].value.endswith("%")

