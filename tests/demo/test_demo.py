"""gtt demo: same seed → identical event export; planned violations recorded as facts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from click.testing import CliRunner
from gtt_cli.main import gtt

from gtt_domain.application.app import GttApplication
from gtt_domain.application.timetravel import load_all
from gtt_domain.demo import DemoApplication, DemoClock, build_story, run_demo
from gtt_domain.demo.calendar import START
from gtt_domain.domain.base import natural_id

SCALE = "0.01"


def _export(url: str) -> str:
    fixed = {"clock": lambda: datetime(2030, 1, 1, tzinfo=UTC)}
    result = CliRunner().invoke(gtt, ["--db", url, "export", "events", "--format", "jsonl"], obj=fixed)
    assert result.exit_code == 0, result.output
    return result.output


def _demo(url: str, seed: int) -> str:
    result = CliRunner().invoke(gtt, ["demo", "--db", url, "--scale", SCALE, "--seed", str(seed)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("demo")
    urls = {k: f"sqlite:///{d / k}.sqlite3" for k in ("a", "b", "c")}
    outputs = {"a": _demo(urls["a"], 1), "b": _demo(urls["b"], 1), "c": _demo(urls["c"], 2)}
    return {**{f"url_{k}": v for k, v in urls.items()}, **{f"out_{k}": v for k, v in outputs.items()}}


def test_same_seed_gives_identical_event_export(recorded):
    a, b = _export(recorded["url_a"]), _export(recorded["url_b"])
    assert a.count("\n") > 1000
    assert a == b


def test_different_seed_gives_different_events(recorded):
    assert _export(recorded["url_a"]) != _export(recorded["url_c"])


def test_cli_prints_counts_and_next_commands(recorded):
    out = recorded["out_a"]
    assert "Recorded " in out and " events in " in out
    for kind in ("institution", "person", "community", "agreement", "exchange", "internship"):
        assert f"  {kind} " in out
    assert "gtt institutions list" in out and "gtt audit run" in out
    young = natural_id("internship", "demo:p10-2025-2")
    assert f"gtt history {young}" in out
    assert "Audit findings as of 2026-09-30:" in out and "Scorecards 2025" in out
    # the story declares every breach it records on purpose, and the audit finds exactly those
    pairs = next(line for line in out.splitlines() if line.startswith("Rule and subject pairs found"))
    assert "unexpected" not in pairs and "missed" not in pairs


def test_second_run_records_nothing_and_exits_0(recorded):
    before = _export(recorded["url_a"])
    out = _demo(recorded["url_a"], 1)
    assert "already recorded" in out
    assert _export(recorded["url_a"]) == before


def test_other_store_is_refused(sqlite_url):
    app = GttApplication(sqlite_url)
    app.handle_batch([("institution.register", {"kind": "school", "name": "X", "region": "Y"})])
    app.close()
    result = CliRunner().invoke(gtt, ["--db", sqlite_url, "demo", "--scale", SCALE])
    assert result.exit_code == 1
    assert "already holds other records" in result.output


def test_every_kind_and_planned_violation_is_a_fact(recorded):
    app = GttApplication(recorded["url_a"])
    aggs = list(load_all(app).values())
    kinds = {a.KIND for a in aggs}
    assert kinds >= {"institution", "person", "community", "agreement", "exchange", "internship"}
    people = {str(a.id): a for a in aggs if a.KIND == "person"}
    interns = [a for a in aggs if a.KIND == "internship"]
    # a leave asked less than 7 days ahead, orally (no breach: P10-R9 is about quitting) …
    assert any((lv.first_day - lv.asked_on).days < 7 and not lv.written for i in interns for lv in i.leaves)
    # … and a student who quits the placement with two days' oral notice
    assert any(i.quit_on is not None and any(not q.written for q in i.quit_requests) for i in interns)
    # pay below 80% of the regular wage
    assert any(p.amount < Decimal("0.8") * p.regular_wage for i in interns for p in i.pay)
    # a night shift
    assert any(d.night_shift for i in interns for d in i.attendance.values())
    # a post internship started without an ID copy
    assert any(i.kind == "post" and "id_copy" not in i.documents for i in interns)
    # a 15-year-old in a post internship
    ages = [_age(people[i.student_id].personal["birth_date"], i.planned_start) for i in interns if i.kind == "post"]
    assert 15 in ages
    # an absence without leave, recorded nine days after the day (a --known-at demo)
    assert any(i.absences for i in interns)
    # an exchange started before it was filed
    assert any(x.filed_on is not None and x.started_on is not None and x.filed_on > x.started_on
               for x in aggs if x.KIND == "exchange")
    app.close()


def _age(born: str, on: date) -> int:
    b = date.fromisoformat(born)
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def test_story_is_pure_and_seeded():
    a, b = build_story(3, 0.01), build_story(3, 0.01)
    assert [(s.day, s.actor) for s in a.steps] == [(s.day, s.actor) for s in b.steps]
    assert a.created == b.created


def test_recorded_at_never_runs_backwards(sqlite_url):
    clock = DemoClock(START)
    app = DemoApplication(sqlite_url, seed=5, clock=clock)
    seen: list[datetime] = []
    original = clock.advance_to

    def spy(day: date) -> None:
        original(day)
        seen.append(clock())

    clock.advance_to = spy  # type: ignore[method-assign]
    run_demo(app, clock, seed=5, scale=0.01)
    app.close()
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


@pytest.mark.postgres
def test_postgres_records_the_same_log_as_sqlite(pg_url, recorded):
    """The demo is the same history on either backend: the exports match byte for byte."""
    out = _demo(pg_url, 1)
    assert "Recorded " in out
    pg = _export(pg_url)
    assert pg.count('"record":"event"') > 1000
    assert pg == _export(recorded["url_a"])


def test_fresh_replaces_an_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    app = GttApplication(url)
    app.handle_batch([("institution.register", {"kind": "school", "name": "X", "region": "Y"})])
    app.close()
    result = CliRunner().invoke(gtt, ["--db", url, "demo", "--scale", SCALE, "--fresh"])
    assert result.exit_code == 0, result.output
    assert "Recorded " in result.output


def test_no_summary_skips_audit_and_scorecards(tmp_path):
    url = f"sqlite:///{tmp_path / 'q.sqlite3'}"
    result = CliRunner().invoke(gtt, ["demo", "--db", url, "--scale", SCALE, "--no-summary"])
    assert result.exit_code == 0, result.output
    assert "Recorded " in result.output and "Next, try:" in result.output
    assert "Audit findings" not in result.output and "Scorecards" not in result.output


def test_fresh_is_refused_for_postgres():
    result = CliRunner().invoke(gtt, ["--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "demo", "--fresh"])
    assert result.exit_code == 2
    assert "--fresh deletes an SQLite file" in result.output


def test_demo_scorecards_show_the_renowned_branch_and_base_criteria(recorded):
    """P3-R1's new branch run by a renowned school (group A, Sep 2025) and every host's
    P14-R4 demonstration-base criteria appear on the demo's scorecards."""
    from gtt_domain.evaluation import evaluate, evaluation_period

    app = GttApplication(recorded["url_a"])
    district = {c.subject_id: c for c in evaluate(app, "community", evaluation_period(2025))}["Anxi"]
    renowned = district.metric("community.new_branches_run_by_renowned_schools")
    assert (renowned.value, renowned.met, renowned.rule) == (1, True, "P3-R1")
    [branch] = district.details["entrusted_branches"]
    assert branch["run_by"] == "Anxi Experimental Primary No.1"
    before = {c.subject_id: c for c in evaluate(app, "community", evaluation_period(2025, quarter_no=2))}["Anxi"]
    assert before.metric("community.new_branches_run_by_renowned_schools").value == 0  # year to 30 Jun
    hosts = evaluate(app, "host", evaluation_period(2025))
    assert hosts and all(h.metric("host.meets_demonstration_base_criteria").rule == "P14-R4" for h in hosts)
    assert all(len(h.details["demonstration_base"]["criteria"]) == 6 for h in hosts)
    app.close()
