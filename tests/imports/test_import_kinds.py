"""Every import kind through import_file: external ids become references, re-import is a no-op."""

from __future__ import annotations

from datetime import date

import pytest
from import_fixtures import events, seed, write_csv, write_jsonl

from gtt_domain.application import GttApplication
from gtt_domain.commands.community import EstablishCommunity
from gtt_domain.domain.base import natural_id
from gtt_domain.imports import KINDS, import_file
from gtt_domain.imports.lifecycle import IMPORT_KINDS


@pytest.fixture
def app(db_url, clock, tmp_path):
    app = GttApplication(db_url, clock=clock, actor="importer")
    seed(app, tmp_path)
    app.handle(EstablishCommunity(kind="education_group", name="Anxi group", region="Anxi",
                                  core_institution_id=natural_id("institution", "SCH1"),
                                  established_on=date(2024, 9, 1), external_id="G1"))
    yield app
    app.close()


def twice(app: GttApplication, path, kind: str, written: int):
    """Import, check what was written, import again and check nothing was."""
    report = import_file(app, path, kind)
    assert report.ok and report.written == written, report
    before = events(app)
    again = import_file(app, path, kind)
    assert (again.written, again.skipped) == (0, written)
    assert events(app) == before
    return report


def test_persons_with_chinese_headers_keep_personal_data_in_person_events(app, tmp_path):
    path = write_csv(tmp_path / "学生.csv", ["学号", "类型", "姓名", "所属机构", "出生日期", "性别"],
                     [["S9", "student", "林小雨", "SCH1", "2008-05-04", "female"]], bom=True)
    twice(app, path, "persons", 1)
    person = app.repository.get(natural_id("person", "S9"))
    assert person.home_institution_id == str(natural_id("institution", "SCH1"))


def test_agreements_parties_and_majors_from_csv_lists(app, tmp_path):
    path = write_csv(tmp_path / "agr.csv", ["external_id", "kind", "title", "drafted_on", "term_start",
                                            "term_end", "parties", "majors", "community"],
                     [["A1", "training_base", "AC training base", "2025-01-10", "2025-02-01", "2028-01-31",
                       "SCH1:school;ENT1:enterprise", "660301;660302", "G1"]])
    twice(app, path, "agreements", 1)
    agreement = app.repository.get(natural_id("agreement", "A1"))
    assert agreement.has_party(str(natural_id("institution", "ENT1")))
    assert agreement.community_id == str(natural_id("community", "G1"))


def test_agreement_party_that_is_not_recorded_is_a_row_error(app, tmp_path):
    path = write_jsonl(tmp_path / "agr.jsonl", [{
        "external_id": "A2", "kind": "training_base", "title": "t", "drafted_on": "2025-01-10",
        "term_start": "2025-02-01", "parties": [{"party": "SCH1", "role": "school"},
                                                {"party": "NOPE", "role": "enterprise"}]}])
    report = import_file(app, path, "agreements")
    assert [(e.line, e.column) for e in report.errors] == [(1, "parties")]
    assert "'NOPE'" in report.errors[0].reason and report.written == 0


def test_exchanges_and_activities(app, tmp_path):
    import_file(app, write_csv(tmp_path / "t.csv", ["工号", "类型", "姓名", "所属机构"],
                               [["T1", "teacher", "Teacher One", "SCH1"]]), "persons")
    ex = write_csv(tmp_path / "ex.csv", ["external_id", "person", "sending", "host", "kind", "planned_start",
                                         "planned_end", "targets"],
                   [["X1", "T1", "SCH1", "ENT1", "enterprise_practice", "2025-07-01", "2025-08-31",
                     "learn the assembly line;bring back a case"]])
    twice(app, ex, "exchanges", 1)
    assert app.repository.get(natural_id("exchange", "X1")).person_id == str(natural_id("person", "T1"))
    act = write_csv(tmp_path / "act.csv", ["共同体", "活动编号", "活动类型", "活动日期", "参加人员"],
                    [["G1", "R-2025-03", "research_activity", "2025-03-12", "T1;S1"],
                     ["G1", "R-2025-04", "research_activity", "2025-04-09", "T1"]])
    twice(app, act, "activities", 2)
    assert set(app.repository.get(natural_id("community", "G1")).activities) == {"R-2025-03", "R-2025-04"}


def test_progress_is_reported_per_pass(app, tmp_path):
    seen: dict[str, int] = {}
    path = write_csv(tmp_path / "inst.csv", ["external_id", "kind", "name", "region"],
                     [[f"E{n}", "enterprise", f"Firm {n}", "Anxi"] for n in range(5)])
    report = import_file(app, path, "institutions", batch_size=2,
                         progress=lambda phase, n, total: seen.__setitem__((phase, total),
                                                                           seen.get((phase, total), 0) + n))
    assert seen == {("validate", None): 5, ("write", 5): 5} and report.batches == 3


def test_every_kind_names_its_key_columns():
    assert set(KINDS) < set(IMPORT_KINDS)
    for spec in IMPORT_KINDS.values():
        assert set(spec.key) <= set(spec.columns()), spec.name


def test_agreement_obligations_as_json_text_in_a_csv_cell(app, tmp_path):
    obligations = '[{"obligation_id": "review", "description": "Quarterly review", "obligor": "ENT1", ' \
                  '"quantity": 1, "unit": "meeting", "cadence": "per_quarter"}]'
    path = write_csv(tmp_path / "agr.csv", ["external_id", "kind", "title", "drafted_on", "term_start",
                                            "parties", "obligations"],
                     [["A3", "training_base", "t", "2025-01-10", "2025-02-01", "SCH1:school;ENT1:enterprise",
                       obligations],
                      ["A4", "training_base", "t", "2025-01-10", "2025-02-01", "SCH1:school", "[{"]])
    report = import_file(app, path, "agreements")
    assert [(e.line, e.column) for e in report.errors] == [(3, "obligations")]
    assert report.errors[0].reason.startswith("is not a JSON list")
    report = import_file(app, path, "agreements", skip_bad=True)
    assert (report.written, report.rejected) == (1, 1)
    assert "review" in app.repository.get(natural_id("agreement", "A3")).obligations


def test_docs_list_every_column_of_every_kind():
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "import.md").read_text(encoding="utf-8")
    for spec in IMPORT_KINDS.values():
        section = docs.split(f"### `{spec.name}`", 1)[1].split("\n### ", 1)[0]
        for col in spec.columns():
            assert f"| `{col}` |" in section, (spec.name, col)
