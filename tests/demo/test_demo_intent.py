"""The default demo (scale 1, seed 1) states its intent: the audit finds exactly the
breaches its story records on purpose (rule and subject), no finding falls in a holiday
of the institution's calendar, and ``gtt audit upcoming`` lists the obligations coming
due on dates inside its batches, as worked out by hand from the story."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from click.testing import CliRunner
from gtt_cli.main import gtt

from gtt_domain.application.app import GttApplication
from gtt_domain.application.timetravel import load_folds
from gtt_domain.audit import run_audit, run_upcoming
from gtt_domain.audit.world import World
from gtt_domain.demo import build_story
from gtt_domain.demo.calendar import END
from gtt_domain.domain.base import natural_id

ENV = {"GTT_DATABASE_URL": "", "GTT_READ_DATABASE_URL": "", "GTT_CIPHER_KEY": ""}


def test_the_findings_are_exactly_the_declared_breaches(demo):
    app = GttApplication(demo["url"])
    found = run_audit(app, as_of=END)
    assert {(f.rule_id, f.subject_id) for f in found} == set(demo["story"].intended)
    by_status = Counter(f.status for f in found)
    assert by_status["waived"] == 1 and by_status["exempt"] > 0 and by_status["remedied"] >= 7  # counted, listed
    app.close()


def test_no_finding_falls_in_a_holiday_of_the_institutions_calendar(demo):
    app = GttApplication(demo["url"])
    world = World.from_folds(load_folds(app))
    for as_of in (END, date(2026, 11, 29), date(2025, 7, 31)):
        for f in run_audit(app, as_of=as_of):
            day = (f.period_start, f.period_end or f.period_start) if f.period_start else None
            schools = [i for i in f.institution_ids if (x := world.institution(i)) is not None and x.kind == "school"]
            if day is None or not schools:
                continue
            cal = world.school_days(schools[0])
            assert cal.source == "recorded"
            assert cal.count(*day) > 0, (as_of, f.rule_id, f.period_start, f.period_end, f.explanation_en)
    app.close()


def test_gtt_demo_intent_lists_the_declared_breaches():
    result = CliRunner().invoke(gtt, ["demo", "--intent", "--scale", "0.01", "--seed", "3"], env=ENV)
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert {(x["rule_id"], x["subject_id"]) for x in listed} == set(build_story(3, 0.01).intended)
    assert {"P10-R9-quit", "P1-R6-equal", "P13-R2-quarterly", "P6-R8-liaison", "P3-R3-steps", "P7-R1-employment",
            "NMED-1-title"} <= {x["rule_id"] for x in listed}


def ids(kind: str, key: str) -> str:
    return str(natural_id(kind, f"demo:{key}"))


def upcoming(url: str, as_of: date) -> list[Any]:
    app = GttApplication(url)
    try:
        return run_upcoming(app, within_days=30, as_of=as_of)
    finally:
        app.close()


def test_upcoming_inside_the_2025_batch(demo):
    """1 April 2025, 33 days into the spring work-study batch (27 Feb - 29 May), 30 days ahead:
    * intern 1's first policy ends on 27 April (start + 59 days); the renewal is filed only on
      18 April: insurance is due from 28 April (N-INT-10);
    * this week (31 March - 6 April, 4 school days before Qingming) no learning team has met
      yet: the 12 teams meet on Wednesdays (P5-R4), due Sunday 6 April;
    * no branch teacher has spent April's day at the head school yet (the middle school day
      of the month): 5 branches x 6 teachers (P1-R9), due 30 April;
    * the parent academy meets on Sundays (P2-R2): this week's session is due Sunday 6 April.
    Nothing else falls due by 1 May (terms, quarters and school years end later)."""
    found = upcoming(demo["url"], date(2025, 4, 1))
    assert Counter((o.rule_id, o.due) for o in found) == {
        ("NINT21-10-insurance", date(2025, 4, 28)): 1,
        ("P5-R4-weekly", date(2025, 4, 6)): 12,
        ("P1-R9-monthly", date(2025, 4, 30)): 30,
        ("P2-R2-academy", date(2025, 4, 6)): 1,
    }
    [insurance] = [o for o in found if o.rule_id == "NINT21-10-insurance"]
    assert insurance.subject_id == ids("internship", "p10-2025-1") and insurance.needed == "insurance from 2025-04-28"
    teams = {o.subject_id for o in found if o.rule_id == "P5-R4-weekly"}
    assert teams == {ids("community", f"p5-team-grade-{g}-{s}") for g in (10, 11, 12)
                     for s in ("mathematics", "chinese", "english", "physics")}
    assert all(o.progress == "0 of 1" and not o.overdue for o in found if o.rule_id != "NINT21-10-insurance")


def test_upcoming_before_the_2026_batch(demo):
    """10 January 2026: the 20 interns of the 2026 batch (start 5 March) were placed on
    9 January; their joint plan was due 60 days ahead, on 4 January, and is agreed only on
    19 January: overdue (P10-R3). Grade 11's parent meeting of the autumn term is due by
    its last day, 16 January (P2-R1), and so are the three grades' semester summaries and the
    term's commendation (P2-R4); Sunday's parent academy is due on 11 January (P2-R2). Two
    branch teachers miss January at the head school (the story's intended misses): due 31
    January (P1-R9). An internship completed on 9 January awaits the school's own evaluation,
    due within 30 days (N-INT-14)."""
    found = upcoming(demo["url"], date(2026, 1, 10))
    assert Counter((o.rule_id, o.due, o.overdue) for o in found) == {
        ("P10-R3-plan", date(2026, 1, 4), True): 20,
        ("P2-R1-parent-meetings", date(2026, 1, 16), False): 1,
        ("P2-R4-summary", date(2026, 1, 16), False): 3,
        ("P2-R4-commendation", date(2026, 1, 16), False): 1,
        ("P2-R2-academy", date(2026, 1, 11), False): 1,
        ("NINT21-14-school-assessment", date(2026, 2, 8), False): 1,
        ("P1-R9-monthly", date(2026, 1, 31), False): 2,
    }
    app = GttApplication(demo["url"])
    missed = {f.subject_id for f in run_audit(app, as_of=END, rule_ids=["P1-R9-monthly"])
              if f.period_start == date(2026, 1, 1)}
    app.close()
    assert {o.subject_id for o in found if o.rule_id == "P1-R9-monthly"} == missed and len(missed) == 2


def test_upcoming_at_the_end_of_a_school_year_names_the_annual_funding(demo):
    """15 August 2026: group B got 250,000 yuan for 2025/26 (P1-R12) and its branches sent 2
    cadres to the head school against 3 received (P1-R6); both are due on 31 August."""
    found = upcoming(demo["url"], date(2026, 8, 15))
    group_b = ids("community", "p1-group-B")
    assert [(o.rule_id, o.subject_id, o.due, o.progress) for o in found] == [
        ("P1-R12-funding", group_b, date(2026, 8, 31), "250000 of 300000"),
        ("P1-R6-equal", group_b, date(2026, 8, 31), "2 of 3")]


def test_gtt_audit_upcoming_prints_the_same_list(demo):
    result = CliRunner().invoke(gtt, ["--db", demo["url"], "audit", "upcoming", "--within", "30d",
                                      "--as-of", "2025-04-01", "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["rule_id"], r["subject_id"], r["due"]) for r in rows] == [
        (o.rule_id, o.subject_id, o.due.isoformat()) for o in upcoming(demo["url"], date(2025, 4, 1))]
    weeks = CliRunner().invoke(gtt, ["--db", demo["url"], "audit", "upcoming", "--within", "1w",
                                     "--as-of", "2025-04-01", "--format", "csv"], env=ENV)
    lines = weeks.stdout.splitlines()
    assert weeks.exit_code == 0 and sum(",P5-R4-weekly," in line for line in lines) == 12
    # the header, this week's 12 teams and Sunday's parent academy
    assert len(lines) == 14 and "P1-R9" not in weeks.stdout and sum(",P2-R2-academy," in x for x in lines) == 1
