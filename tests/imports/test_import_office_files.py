"""Issue 15, data in: what an internship office has — workbooks, GBK CSV, Chinese headers and
values, Excel dates — the one-sheet roster, lifecycle sheets and their own keys."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from click.testing import CliRunner, Result
from gtt_cli.main import gtt
from gtt_projections import ReadModel
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from gtt_domain.application import GttApplication
from gtt_domain.domain.base import natural_id
from gtt_domain.imports import ImportFileError, import_any, import_file
from gtt_domain.imports.values import as_bool, as_choice, as_date

CLEAN_ENV = {"GTT_DATABASE_URL": None, "GTT_READ_DATABASE_URL": None, "GTT_ACTOR": None,
             "GTT_LANG": None, "GTT_DEBUG": None, "NO_COLOR": None}
HEADER = ["姓名", "学号", "身份证号", "出生日期", "性别", "学校", "专业", "专业代码", "入学日期", "实习单位",
          "岗位", "实习类型", "岗位类别", "开始日期", "结束日期", "编号"]
DATES = {"出生日期", "入学日期", "开始日期", "结束日期"}
#: the roster as typed: dates in the forms Excel users write (a serial, 年月日, slashes)
ROWS = [
    ["林小雨", "S2023041", "350524200805041234", "2008/5/4", "女", "安溪职业技术学校", "制冷与空调技术", "460701",
     "2023年9月1日", "福州冷链设备有限公司", "空调装配", "岗位实习", "普通岗位", "2025/3/10", "2025年9月10日",
     "SX2025-0271"],
    ["陈大明", "S2023042", "", "2007-11-20", "男", "安溪职业技术学校", "制冷与空调技术", "460701", "2023-09-01",
     "福州冷链设备有限公司", "质检员", "顶岗实习", "夜班岗位", "45726", "2025-09-10", "SX2025-0272"],
    ["王芳", "S2023107", "", "2007.3.15", "女", "安溪职业技术学校", "电子商务", "530701", "2023/9/1",
     "泉州海丝电商有限公司", "客服", "认识实习", "", "2025/4/1", "2025/6/30", ""],
]
META = {"actor": "office", "reason": "roster", "correlation_id": "roster-2025"}


def _cell(head: str, value: str) -> Any:
    """The cell Excel stores: a date for date columns, else the text."""
    if head in DATES and value:
        return as_date(value)
    return value


def write_xlsx(path: Path, header: list[str] = HEADER, rows: list[list[str]] = ROWS) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("实习名单")
    day = book.add_format({"num_format": "yyyy/m/d"})
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            cell = _cell(header[c], value)
            if isinstance(cell, date):
                sheet.write_datetime(r, c, datetime(cell.year, cell.month, cell.day), day)
            elif cell:
                sheet.write_string(r, c, cell)
    book.close()
    return path


def write_text(path: Path, encoding: str, header: list[str] = HEADER, rows: list[list[str]] = ROWS) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


ENGLISH = {"姓名": "name", "学号": "student_number", "身份证号": "national_id", "出生日期": "birth_date",
           "性别": "sex", "学校": "school", "专业": "major", "专业代码": "major_code", "入学日期": "admitted_on",
           "实习单位": "host", "岗位": "post", "实习类型": "kind", "岗位类别": "post_category",
           "开始日期": "planned_start", "结束日期": "planned_end", "编号": "external_id"}
ENGLISH_VALUES = {"女": "Female", "男": "male", "岗位实习": "post", "顶岗实习": "Post internship",
                  "认识实习": "OBSERVATION", "普通岗位": "ordinary", "夜班岗位": "Night work"}


def write_english_jsonl(path: Path) -> Path:
    """The same roster with English keys, English values and ISO dates, as JSON Lines."""
    lines = []
    for row in ROWS:
        obj = {ENGLISH[h]: (as_date(v).isoformat() if h in DATES else ENGLISH_VALUES.get(v, v))
               for h, v in zip(HEADER, row, strict=True) if v}
        lines.append(json.dumps(obj, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def store_dump(url: str) -> dict[str, Any]:
    """Every event (decoded, personal data included) without its recording time, and every
    read table without its timestamp columns."""
    app = GttApplication(url)
    try:
        events = []
        for n in app.recorder.select_notifications(start=None, limit=100_000):
            e = app.mapper.to_domain_event(n)
            state = {k: v for k, v in vars(e).items() if k not in ("timestamp", "meta")}
            meta = {k: v for k, v in vars(e.meta).items() if k != "recorded_at"} if hasattr(e, "meta") else {}
            events.append((type(e).__qualname__, str(e.originator_id), e.originator_version,
                           json.dumps(state, default=str, sort_keys=True), json.dumps(meta, default=str,
                                                                                       sort_keys=True)))
        rm = ReadModel(app)
        try:
            rm.catch_up()
            tables: dict[str, list[tuple[Any, ...]]] = {}
            with rm.connect() as conn:
                for name in ("institutions", "persons", "internships"):
                    for t in rm.select([name])[0].tables:
                        keep = [c for c in t.columns if not c.name.endswith(("_at", "position"))]
                        stmt = select(*keep).order_by(*t.primary_key.columns)
                        tables[t.name] = [tuple(r) for r in conn.execute(stmt)]
        finally:
            rm.close()
        return {"events": sorted(events, key=lambda e: (e[1], e[2])), "tables": tables}
    finally:
        app.close()


def roster(url: str, path: Path, **options: Any) -> Any:
    app = GttApplication(url)
    try:
        return import_any(app, path, "roster", default_region="安溪县", **options, **META)
    finally:
        app.close()


def test_the_same_roster_as_xlsx_gbk_csv_and_utf8_bom_csv_gives_identical_stores(db_url, tmp_path):
    files = {"xlsx": write_xlsx(tmp_path / "名单.xlsx"),
             "gbk": write_text(tmp_path / "roster-gbk.csv", "gbk"),
             "bom": write_text(tmp_path / "roster-bom.csv", "utf-8-sig"),
             "en": write_english_jsonl(tmp_path / "roster.jsonl")}
    urls = {"xlsx": db_url, **{k: f"sqlite:///{tmp_path / k}.db" for k in ("gbk", "bom", "en")}}
    for name, path in files.items():
        report = roster(urls[name], path)
        assert report.ok and (report.rows, report.written, report.skipped) == (3, 3, 0), (name, report.problems)
    dumps = {name: store_dump(url) for name, url in urls.items()}
    assert dumps["xlsx"] == dumps["gbk"] == dumps["bom"] == dumps["en"]
    events = dumps["xlsx"]["events"]
    # 3 institutions, 3 students, 2 majors, 3 enrolments, 3 placements
    kinds = sorted(e[0] for e in events)
    assert kinds.count("Institution.Registered") == 3 and kinds.count("Internship.Placed") == 3
    assert kinds.count("Institution.MajorOpened") == 2 and kinds.count("Person.EnrolledInMajor") == 3
    placed = {json.loads(e[3])["external_id"]: json.loads(e[3]) for e in events if e[0] == "Internship.Placed"}
    assert placed["SX2025-0271"]["kind"] == "post" and placed["SX2025-0271"]["planned_end"] == "2025-09-10"
    assert placed["SX2025-0272"]["planned_start"] == "2025-03-10"  # Excel serial 45726
    assert placed["SX2025-0272"]["post_category"] == "night_work" and placed["SX2025-0272"]["kind"] == "post"
    # without a 编号 the internship is named by student number, host and start
    third = placed["S2023107/泉州海丝电商有限公司/2025-04-01"]
    assert third["kind"] == "observation" and third["planned_end"] == "2025-06-30"
    app = GttApplication(db_url)
    try:
        person = app.repository.get(natural_id("person", "S2023041"))
        assert person.enrolment.major_code == "460701" and person.enrolment.admitted_on == date(2023, 9, 1)
    finally:
        app.close()


def test_a_roster_imported_again_records_nothing(db_url, tmp_path):
    path = write_xlsx(tmp_path / "roster.xlsx")
    assert roster(db_url, path).written == 3
    before = store_dump(db_url)["events"]
    again = roster(db_url, path)
    assert again.ok and (again.written, again.skipped) == (0, 3)
    assert store_dump(db_url)["events"] == before


def test_a_roster_is_all_or_nothing(db_url, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[2][13] = "2025/2/30"  # no such day
    bad = roster(db_url, write_text(tmp_path / "bad.csv", "gbk", rows=rows))
    assert (bad.bad_rows, bad.written) == (1, 0)
    assert [(g.column, g.lines) for g in bad.problems.sorted()] == [("开始日期", [4])]
    # a refusal by the domain while recording cancels the whole roster: the second row's
    # school is an enterprise already on record
    app = GttApplication(db_url)
    try:
        from gtt_domain.commands.institution import RegisterInstitution

        app.handle(RegisterInstitution(kind="enterprise", name="x", region="r", external_id="某企业"))
        before = app.recorder.max_notification_id()
    finally:
        app.close()
    rows = [list(r) for r in ROWS]
    rows[1][5] = "某企业"
    report = roster(db_url, write_text(tmp_path / "refused.csv", "utf-8", rows=rows))
    assert report.refused is not None and report.refused.line == 3 and "not a school" in report.refused.reason
    app = GttApplication(db_url)
    try:
        assert app.recorder.max_notification_id() == before
    finally:
        app.close()


def test_roster_matches_institutions_by_code_and_persons_by_student_number(db_url, tmp_path):
    app = GttApplication(db_url)
    try:
        from gtt_domain.commands.institution import RegisterInstitution

        app.handle(RegisterInstitution(kind="enterprise", name="福州冷链设备有限公司", region="福州",
                                       external_id="91350100MA2XXXXX1K"))
    finally:
        app.close()
    rows = [list(r) for r in ROWS[:2]]
    for r in rows:
        r[9] = "91350100MA2XXXXX1K"  # the host by its unified social credit code
    report = roster(db_url, write_text(tmp_path / "codes.csv", "utf-8-sig", rows=rows))
    assert report.ok and report.written == 2
    app = GttApplication(db_url)
    try:
        placed = app.repository.get(natural_id("internship", "SX2025-0271"))
        assert placed.host_id == str(natural_id("institution", "91350100MA2XXXXX1K"))
    finally:
        app.close()


def test_a_value_the_command_refuses_names_its_column(db_url, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][2] = "3505-24/2008"  # not an ID number's characters
    rows[1][10] = "x" * 201  # a post longer than 200 characters
    report = roster(db_url, write_text(tmp_path / "r.csv", "utf-8", rows=rows))
    assert [(g.column, g.lines) for g in report.problems.sorted()] == [("身份证号", [2]), ("岗位", [3])]
    assert report.problems.sorted()[0].line_text("r.csv").startswith(
        "r.csv: line 2, column 身份证号: String should match pattern")


def test_a_new_institution_needs_a_region(db_url, tmp_path):
    app = GttApplication(db_url)
    try:
        report = import_any(app, write_text(tmp_path / "r.csv", "utf-8", rows=ROWS[:1]), "roster")
    finally:
        app.close()
    assert report.bad_rows == 1
    [group] = [g for g in report.problems.sorted() if g.column == "学校"]
    assert group.reason.startswith("no institution '安溪职业技术学校' is recorded; to register it give its region")


def test_600_rows_with_the_same_problem_are_one_line_with_the_count(db_url, tmp_path):
    from import_fixtures import seed

    app = GttApplication(db_url)
    try:
        seed(app, tmp_path)
        rows = [["I1", f"2025/3/{40 + n % 3}", "8"] for n in range(600)]  # day 40..42 of March
        report = import_file(app, write_text(tmp_path / "att.csv", "gb18030", ["实习编号", "日期", "工时"], rows),
                             "attendance")
    finally:
        app.close()
    assert report.bad_rows == 600
    [group] = report.problems.sorted()
    assert (group.column, group.count, group.lines) == ("日期", 600, [2, 3, 4, 5, 6])
    assert group.line_text("att.csv") == (
        "att.csv: column 日期, 600 rows (lines 2, 3, 4, 5, 6, …): is not a date: day is out of range for "
        "month (first: '2025/3/40')")


def test_office_values_and_dates():
    assert [as_date(v) for v in ("2025-09-08", "2025/9/8", "2025年9月8日", "2025.9.8", "20250908", "45908",
                                 45908.0, datetime(2025, 9, 8, 0, 0))] == [date(2025, 9, 8)] * 8
    for bad in ("9/8/2025", "45908.5", "123", "2025-13-01"):
        with pytest.raises(ValueError):
            as_date(bad)
    assert as_choice("男", ["female", "male", "unspecified"]) == "male"
    assert as_choice("Post Internship", ["observation", "post"]) == "post"
    assert as_choice("顶岗实习", ["observation", "post"]) == "post"
    with pytest.raises(ValueError, match=r"is not one of: observation \(认识实习\), post \(岗位实习\)"):
        as_choice("跟岗实习", ["observation", "post"])
    assert (as_bool("是"), as_bool("否"), as_bool("√"), as_bool(1.0)) == (True, False, True, True)


def test_every_chinese_label_gtt_prints_for_an_imported_value_imports_back():
    """A sheet exported with --lang zh reads back: each enum value's label (cli/labels.py)
    is one of the words the import takes for that value (where the label is not shared by
    two values of the same enum)."""
    from gtt_cli.fields import choices, strip
    from gtt_cli.labels import VALUES

    from gtt_domain.commands import REGISTRY

    for name, model in REGISTRY.items():
        for field, info in model.model_fields.items():
            values = choices(strip(info.annotation))
            if not values:
                continue
            labels = {v: VALUES[v] for v in values if v in VALUES}
            for value, (en, zh) in labels.items():
                if sum(1 for other in labels.values() if other[1] == zh) > 1:
                    continue
                assert as_choice(zh, values) == value, (name, field, zh)
                assert as_choice(en, values) == value, (name, field, en)


def test_file_problems_stop_the_import(db_url, tmp_path):
    app = GttApplication(db_url)
    try:
        path = tmp_path / "latin.csv"
        path.write_bytes("学号,姓名\n".encode("gbk") + b"\x80\xff\xfe\n")
        with pytest.raises(ImportFileError, match="not UTF-8 or GBK/GB18030 text"):
            import_any(app, path, "roster")
        with pytest.raises(ImportFileError, match="no sheet 'x'"):
            import_any(app, write_xlsx(tmp_path / "r.xlsx"), "roster", sheet="x")
        fake = tmp_path / "fake.xlsx"
        fake.write_text("not a workbook")
        with pytest.raises(ImportFileError, match="not a readable workbook"):
            import_any(app, fake, "roster")
        # a GBK file read as what --encoding says
        gbk = write_text(tmp_path / "g.csv", "gbk", rows=ROWS[:1])
        with pytest.raises(ImportFileError, match="not utf-8 text"):
            import_any(app, gbk, "roster", encoding="utf-8")
        assert import_any(app, gbk, "roster", encoding="gbk", default_region="r").written == 1
    finally:
        app.close()


# --- lifecycle sheets --------------------------------------------------------------------------


def test_lifecycle_sheets_record_each_fact_once(db_url, tmp_path):
    from import_fixtures import seed

    app = GttApplication(db_url)
    try:
        seed(app, tmp_path)  # I1..I4 placed and started on 2025-03-03
        docs = write_xlsx(tmp_path / "docs.xlsx", ["实习编号", "材料", "提供日期", "保险起期", "保险止期", "保单号"],
                          [["I1", "实习责任保险", "2025/3/1", "2025/3/1", "2025/12/31", "PICC-1"],
                           ["I2", "监护人知情同意书", "2025年3月2日", "", "", ""]])
        evals = write_text(tmp_path / "eval.csv", "gbk", ["实习编号", "评价方", "分数", "评价日期", "评语"],
                           [["I1", "企业", "86", "2025/6/10", "认真"], ["I1", "学校", "90.5", "2025/6/12", ""]])
        done = write_text(tmp_path / "done.csv", "utf-8-sig", ["实习编号", "完成日期"], [["I1", "2025/12/31"]])
        ended = write_text(tmp_path / "ended.csv", "utf-8", ["internship", "on", "reason"],
                           [["I2", "2025-05-03", "returned by host"]])
        for path, kind, n in ((docs, "documents", 2), (evals, "evaluations", 2), (done, "completions", 1),
                              (ended, "terminations", 1)):
            report = import_file(app, path, kind)
            assert report.ok and report.written == n, (kind, report.errors)
            again = import_file(app, path, kind)
            assert (again.written, again.skipped) == (0, n), kind
        i1 = app.repository.get(natural_id("internship", "I1"))
        [policy] = i1.documents["insurance_policy"]
        assert (policy.cover_from, policy.cover_to, policy.reference) == (date(2025, 3, 1), date(2025, 12, 31),
                                                                          "PICC-1")
        assert sorted((e.by, str(e.score)) for e in i1.evaluations) == [("host", "86"), ("school", "90.5")]
        assert i1.status == "completed"
        assert app.repository.get(natural_id("internship", "I2")).status == "terminated"
    finally:
        app.close()


# --- the CLI: grouped errors in Chinese, keys where ids go ---------------------------------------


@pytest.fixture
def cli(db_url):
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(gtt, ["--db", db_url, "--actor", "office", *args], env=CLEAN_ENV, prog_name="gtt")

    return run


def test_cli_errors_in_chinese_one_line_per_problem(cli, tmp_path):
    rows = [list(r) for r in ROWS] * 1
    rows[0][4] = "未填"  # not a sex
    rows[1][4] = "未填"
    rows[2][13] = ""  # no start
    path = write_text(tmp_path / "r.csv", "gbk", rows=rows)
    result = cli("--lang", "zh", "import", str(path), "--kind", "roster", "--region", "安溪县")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}：列 性别，共 2 行（第 2、3 行）：不是可选值之一：female (女), male (男), "
        "unspecified (未说明)（第一个值：'未填'）",
        f"{path}：第 4 行，列 开始日期：必填",
        "错误：3 行中有 3 行有误；未记录任何内容（请修正，或用 --skip-bad 只记录正确的行）",
    ]
    fixed = write_text(tmp_path / "ok.csv", "gbk", rows=ROWS)
    done = cli("--lang", "zh", "import", str(fixed), "--kind", "roster", "--region", "安溪县", "--format", "table")
    assert done.exit_code == 0 and done.stdout == "roster：共 3 行：已记录 3 行，此前已记录 0 行\n"
    skip = cli("import", str(fixed), "--kind", "roster", "--skip-bad")
    assert skip.exit_code == 2 and "--skip-bad does not apply to --kind roster" in skip.stderr
    result = cli("--lang", "zh", "import", str(tmp_path / "r.csv"), "--kind", "roster", "--sheet", "x",
                 "--input-format", "xlsx")
    assert result.exit_code == 2 and result.stderr.startswith("错误：") and "不是可读取的工作簿" in result.stderr
    enterprise = cli("institution", "register", "--kind", "enterprise", "--name", "x", "--region", "r",
                     "--external-id", "某企业")
    assert enterprise.exit_code == 0
    rows = [list(r) for r in ROWS]
    rows[1][5], rows[1][15] = "某企业", "SX2025-0999"  # a "school" that is an enterprise: refused at recording
    refused = cli("--lang", "zh", "import", str(write_text(tmp_path / "e.csv", "gbk", rows=rows)), "--kind", "roster",
                  "--region", "r")
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert refused.stderr.startswith(f"错误：{tmp_path / 'e.csv'}：第 3 行：被拒绝：") and "未记录任何内容" in refused.stderr


def test_keys_where_ids_go(cli, tmp_path):
    path = write_xlsx(tmp_path / "roster.xlsx")
    result = cli("import", str(path), "--kind", "roster", "--region", "安溪县", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["recorded"] == 3
    sx = str(natural_id("internship", "SX2025-0271"))
    for key in ("SX2025-0271", "S2023041"):  # the import's 编号, the student's 学号
        shown = cli("internships", "show", key, "--format", "json")
        assert shown.exit_code == 0, shown.output
        assert json.loads(shown.stdout)["id"] == sx
    # filters take a credit code or a name-as-code, and a student number
    listed = cli("internships", "list", "--host", "福州冷链设备有限公司", "--format", "json")
    assert sorted(r["external_id"] for r in json.loads(listed.stdout)) == ["SX2025-0271", "SX2025-0272"]
    listed = cli("internships", "list", "--student", "S2023107", "--format", "json")
    assert [r["student_id"] for r in json.loads(listed.stdout)] == [str(natural_id("person", "S2023107"))]
    # write commands take the keys too
    started = cli("internship", "start", "--internship-id", "SX2025-0271", "--on", "2025-03-10")
    assert started.exit_code == 0, started.output and started.stdout.strip() == sx
    teacher = cli("person", "register", "--kind", "teacher", "--name", "Teacher Wu", "--external-id", "T-07",
                  "--home-institution-id", "安溪职业技术学校")
    assert teacher.exit_code == 0, teacher.output
    assigned = cli("internship", "assign-teacher", "--internship-id", "S2023042", "--teacher-id", "T-07",
                   "--on", "2025-03-01")
    assert assigned.exit_code == 0, assigned.output
    assert assigned.stdout.strip() == str(natural_id("internship", "SX2025-0272"))
    batch = cli("internship", "evaluate", "--json", json.dumps([
        {"internship_id": "SX2025-0271", "by": "host", "score": 80, "on": "2025-06-10"},
        {"internship_id": "S2023041", "by": "school", "score": 75, "on": "2025-06-12"}]))
    assert batch.exit_code == 0, batch.output
    assert batch.stdout.split() == [sx, sx]
    unknown = cli("internship", "start", "--internship-id", "SX2099-0001", "--on", "2025-03-10")
    assert unknown.exit_code == 2
    assert "internship_id (--internship-id): 'SX2099-0001' matches no internship" in unknown.stderr
    missing = cli("internships", "show", "SX2099-0001")
    assert missing.exit_code == 2 and "SX2099-0001" in missing.stderr
    # a scorecard's subject and a pack's adopter by their keys
    cards = cli("evaluate", "host", "福州冷链设备有限公司", "--year", "2025", "--format", "json")
    assert cards.exit_code == 0, cards.output
    assert {c["subject_id"] for c in json.loads(cards.stdout)} == {str(natural_id("institution", "福州冷链设备有限公司"))}
    adopted = cli("rules", "adopt", "P10", "--institution", "安溪职业技术学校", "--from", "2025-01-01")
    assert adopted.exit_code == 0, adopted.output
    adoptions = cli("rules", "adoptions", "--format", "json")
    assert [a["adopter_id"] for a in json.loads(adoptions.stdout)] == [str(natural_id("institution", "安溪职业技术学校"))]


def test_a_student_with_two_internships_is_not_a_key_for_either(cli, tmp_path):
    rows = [list(ROWS[0]), list(ROWS[0])]
    rows[1][15], rows[1][13], rows[1][14] = "SX2026-0001", "2026/3/1", "2026/6/30"
    assert cli("import", str(write_text(tmp_path / "r.csv", "utf-8", rows=rows)), "--kind", "roster",
               "--region", "r").exit_code == 0
    result = cli("internships", "show", "S2023041")
    assert result.exit_code == 2
    assert "'S2023041' is a student with 2 internships (SX2025-0271, SX2026-0001)" in result.stderr


def test_agreement_and_exchange_sheets_and_the_rest_of_an_internship(db_url, tmp_path):
    from import_fixtures import seed

    app = GttApplication(db_url)
    try:
        seed(app, tmp_path)  # SCH1, ENT1; I1..I4 started on 2025-03-03
        steps = [
            ("agreements", ["协议编号", "类型", "协议名称", "起草日期", "期限开始", "协议方"],
             [["A-2025-01", "三方实习协议", "2025 interns", "2025/1/5", "2025/1/10", "SCH1:school;ENT1:enterprise"]]),
            ("signatures", ["协议编号", "签署方", "签署日期"],
             [["A-2025-01", "SCH1", "2025/1/8"], ["A-2025-01", "ENT1", "2025年1月9日"]]),
            ("activations", ["协议编号", "生效日期"], [["A-2025-01", "2025/1/10"]]),
            ("persons", ["工号", "类型", "姓名", "机构"], [["T-01", "教师", "Teacher Wu", "SCH1"]]),
            ("exchanges", ["编号", "人员", "派出单位", "接收机构", "类型", "计划开始", "计划结束"],
             [["X-01", "T-01", "SCH1", "ENT1", "教师企业实践", "2025/7/1", "2025/8/31"]]),
            ("exchange-filings", ["交流编号", "备案机关", "备案日期"], [["X-01", "County bureau", "2025/6/20"]]),
            ("exchange-starts", ["交流编号", "到岗日期"], [["X-01", "2025/7/1"]]),
            ("exchange-days", ["交流编号", "开始日期", "结束日期", "天数"], [["X-01", "2025/7/1", "2025/7/31", "22"]]),
            ("teachers", ["实习编号", "带队教师工号", "指派日期"], [["I3", "T-01", "2025/3/1"]]),
            ("leave", ["实习编号", "申请日期", "请假开始", "请假结束", "书面"],
             [["I3", "2025/4/1", "2025/4/3", "2025/4/4", "是"]]),
            ("leave-decisions", ["实习编号", "请假序号", "是否批准", "审批日期"], [["I3", "0", "是", "2025/4/2"]]),
            ("certifications", ["实习编号", "考证项目", "是否通过", "考试日期"],
             [["I3", "refrigeration L4", "√", "2025/6/20"]]),
        ]
        for kind, header, rows in steps:
            path = write_text(tmp_path / f"{kind}.csv", "gbk", header, rows)
            report = import_file(app, path, kind)
            assert report.ok and report.written == len(rows), (kind, report.errors, report.refused)
            again = import_file(app, path, kind)
            assert again.ok and (again.written, again.skipped) == (0, len(rows)), (kind, again.refused)
        agreement = app.repository.get(natural_id("agreement", "A-2025-01"))
        assert agreement.status == "active" and len(agreement.signatures) == 2
        exchange = app.repository.get(natural_id("exchange", "X-01"))
        assert exchange.started_on == date(2025, 7, 1) and [d.days for d in exchange.on_site] == [22]
        assert [(f.authority, f.filed_on) for f in exchange.filings] == [("County bureau", date(2025, 6, 20))]
        i3 = app.repository.get(natural_id("internship", "I3"))
        assert (i3.leaves[0].approved, i3.leaves[0].decided_on) == (True, date(2025, 4, 2))
        assert [(c.exam, c.passed) for c in i3.certifications] == [("refrigeration L4", True)]
        assert i3.accompanying_teacher_id == str(natural_id("person", "T-01"))
    finally:
        app.close()


def test_roster_matches_a_host_by_its_name_through_the_read_tables(cli, tmp_path):
    registered = cli("institution", "register", "--kind", "enterprise", "--name", "福州冷链设备有限公司",
                     "--region", "福州", "--external-id", "91350100MA2XXXXX1K")
    assert registered.exit_code == 0, registered.output
    result = cli("import", str(write_text(tmp_path / "r.csv", "gbk", rows=ROWS[:2])), "--kind", "roster",
                 "--region", "安溪县", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = cli("internships", "list", "--host", "91350100MA2XXXXX1K", "--format", "json")
    assert sorted(r["external_id"] for r in json.loads(listed.stdout)) == ["SX2025-0271", "SX2025-0272"]
    institutions = cli("institutions", "list", "--format", "json")
    assert sorted(r["name"] for r in json.loads(institutions.stdout)) == ["安溪职业技术学校", "福州冷链设备有限公司"]


def test_a_title_above_the_table_a_blank_column_and_excel_unicode_text(db_url, tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "titled.xlsx"))
    sheet = book.add_worksheet()
    sheet.merge_range(0, 0, 0, 5, "2025年岗位实习学生名单")
    sheet.write_row(2, 0, [*HEADER[:5], "", *HEADER[5:]])  # a blank spacer column after 性别
    for r, row in enumerate(ROWS, start=3):
        sheet.write_row(r, 0, [*row[:5], "", *row[5:]])
    sheet.write(5, 5, "stray")  # a value under the blank header, on the third student's row
    book.close()
    sheet_rows = [list(r) for r in ROWS]
    report = roster(db_url, tmp_path / "titled.xlsx")
    assert report.bad_rows == 1
    [group] = report.problems.sorted()
    assert (group.lines, group.reason) == ([6], "1 value(s) under no header")
    # an ID number typed as a number: Excel kept 15 digits, the import says so
    rounded = tmp_path / "rounded.xlsx"
    book = xlsxwriter.Workbook(str(rounded))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(sheet_rows, start=1):
        sheet.write_row(r, 0, row)
    sheet.write_number(1, 2, 350524200805041234)
    book.close()
    [group] = roster(db_url, rounded).problems.sorted()
    assert (group.column, group.lines) == ("身份证号", [2]) and group.reason.startswith("is a number Excel rounded")
    # Excel's "Unicode text": UTF-16 with a byte-order mark, cells split by tabs
    with (tmp_path / "roster.txt").open("w", encoding="utf-16", newline="") as f:
        csv.writer(f, delimiter="\t").writerows([HEADER, *ROWS])
    report = roster(f"sqlite:///{tmp_path / 'u16.db'}", tmp_path / "roster.txt", fmt="csv")
    assert report.ok and report.written == 3


def test_each_chinese_import_reason_pattern_matches_its_reason():
    from gtt_cli.import_lines import FILE_REASONS, REASONS, reason_zh

    samples = {
        "is required": "必填",
        "is required (the row's external id)": "必填（该行的外部编号）",
        "is not a date (write 2025-09-08, 2025/9/8 or 2025年9月8日)": "不是日期（请写 2025-09-08、2025/9/8 或 2025年9月8日）",
        "is not a date: month must be in 1..12": "不是有效日期：month must be in 1..12",
        "is not a date (an Excel date number is a whole number of days, 1950..2100)":
            "不是日期（Excel 日期序号应为 1950..2100 年内的整数天）",
        "is not yes or no (write 是/否, yes/no or 1/0)": "不是“是/否”（请写 是/否、yes/no 或 1/0）",
        "is not one of: observation (认识实习), post (岗位实习)": "不是可选值之一：observation (认识实习), post (岗位实习)",
        "repeats an earlier row of this file (same key)": "与本文件前面的行重复（键相同）",
        "repeats the internship of line 3 (same key 'SX-1')": "与第 3 行的实习重复（键 'SX-1' 相同）",
        "no person with external id 'S1' is recorded (import the persons first)": "没有外部编号为 'S1' 的人员记录（请先导入）",
        "no agreement with external id 'A1' is recorded": "没有外部编号为 'A1' 的协议记录",
        "no institution 'X' is recorded; to register it give its region (school_region or region column, or "
        "--region)": "没有机构 'X' 的记录；要登记它，请给出所在区县（school_region or region column, or --region）",
        "student number 'S1' is named 'A' on an earlier row": "学号 'S1' 在前面的行中姓名为 'A'",
        "needs the admission date (入学日期, admitted_on) to enrol the student; add it or leave the major out":
            "需要入学日期（入学日期 列），或不填专业",
        "3 values for 5 columns (fewer); is the line cut short or a comma unquoted?":
            "3 个值对应 5 列；该行是否被截断或逗号未加引号？",
        "2 value(s) under no header": "有 2 个值所在列没有标题",
        "not a JSON object": "不是 JSON 对象",
        "refused: internship x: start refused": "被拒绝：internship x: start refused",
        "is a number Excel rounded to 15 digits; format the column as text and type it again":
            "是被 Excel 舍入到 15 位的数字；请把该列设为文本格式后重新输入",
    }
    for english, chinese in samples.items():
        assert reason_zh(english) == chinese, english
    import re

    for pattern, _ in REASONS:
        assert any(re.fullmatch(pattern, e, re.S) for e in samples), pattern
    files = ["unknown column 'x' (see docs/import.md)", "columns 'a' and 'b' are the same column 'c'",
             "not UTF-8 or GBK/GB18030 text; give --encoding (e.g. big5)", "not gbk text (illegal at byte 3); x",
             "unknown encoding 'x' (e.g. utf-8)", "the file is empty (no header line)",
             "the sheet is empty (no header row)", "no sheet 'x' (the workbook has 'a')",
             "not a readable workbook (ZipError: x)", "broken CSV (x); is the file truncated?"]
    for pattern, _ in FILE_REASONS:
        assert any(re.fullmatch(pattern, e, re.S) for e in files), pattern


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
def test_every_form_of_a_date_reads_back_as_that_date(day):
    serial = (day - date(1899, 12, 30)).days
    forms = [day.isoformat(), f"{day.year}/{day.month}/{day.day}", f"{day.year}年{day.month}月{day.day}日",
             f"{day.year}.{day.month}.{day.day}", day.strftime("%Y%m%d"), str(serial), float(serial),
             datetime(day.year, day.month, day.day, 13, 30), f"{day.isoformat()} 00:00:00"]
    assert {as_date(f) for f in forms} == {day}
