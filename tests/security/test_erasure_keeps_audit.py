"""Issue 16: erasing a person keeps the audit.

Before a person's key is destroyed, the ages the rules read (on every start date of their
internships) are recorded as ``Person.AuditFactsRetained``; the N-INT-4 finding about a
15-year-old intern stays exactly as it was, by replay and from the fact tables, as known
after the erasure and as known before it (``known_at``); so do the host scorecards that
count findings.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parents[1] / "audit"))

from audit_world import Builder, Setting  # noqa: E402
from gtt_projections.facts.audit import run_audit as facts_audit  # noqa: E402
from gtt_projections.facts.evaluate import FactSource  # noqa: E402
from gtt_projections.readmodel import ReadModel  # noqa: E402

from gtt_domain.audit import run_audit  # noqa: E402
from gtt_domain.domain.errors import DomainError  # noqa: E402
from gtt_domain.domain.person import Person  # noqa: E402
from gtt_domain.evaluation.periods import Period  # noqa: E402
from gtt_domain.evaluation.run import evaluate  # noqa: E402
from gtt_domain.privacy.erasure import forget_person  # noqa: E402

RULES = ["NINT21-4-age", "NINT21-5-post"]
START = date(2025, 3, 10)
AS_OF = START + timedelta(days=30)


def dump(findings):
    return sorted(f.model_dump_json() for f in findings)


def world(url):
    """A 15-year-old on a post internship that started 2025-03-10, on a post banned for
    minors; and an adult classmate (no age finding)."""
    b = Builder(url)
    s = Setting(b, birth=date(2009, 6, 10), admitted=date(2022, 9, 1))
    young = s.student
    b.clock.at(date(2025, 1, 5))
    s.internship(start=START, post_category="banned_for_minors")
    adult = b.student(s.school, birth=date(2003, 1, 1))
    s.internship(start=START, student=adult)
    return b, young


def audits(b, rm, **when):
    return {
        "replay": dump(run_audit(b.app, as_of=AS_OF, rule_ids=RULES, **when)),
        "facts": dump(facts_audit(rm, as_of=AS_OF, rule_ids=RULES, **when)),
    }


def scorecards(b, rm, **when):
    period = Period(date(2025, 1, 1), date(2025, 12, 31), "2025")
    replay = evaluate(b.app, "host", period, with_findings=True, **when)
    facts = evaluate(b.app, "host", period, with_findings=True, source=FactSource(rm), **when)
    return [repr(c) for c in replay], [repr(c) for c in facts]


def test_n_int_4_is_unchanged_by_forget_as_known_before_and_after(db_url):
    b, young = world(db_url)
    rm = ReadModel(b.app)
    before = audits(b, rm)
    assert before["replay"] == before["facts"]
    age = [f for f in run_audit(b.app, as_of=AS_OF, rule_ids=["NINT21-4-age"])]
    assert [(f.subject_kind, f.values.get("age")) for f in age] == [("internship", "15")]
    cards_before = scorecards(b, rm)
    known_before = b.clock.now

    b.clock.at(date(2025, 6, 1))
    forget_person(b.app, young, actor="dpo", requester="guardian (case 2025-17)",
                  legal_basis="PIPL art. 47")
    events = list(b.app.events.get(young))
    assert [type(e).__name__ for e in events[-2:]] == ["AuditFactsRetained", "PersonalDataErased"]
    assert (events[-1].requester, events[-1].legal_basis) == ("guardian (case 2025-17)", "PIPL art. 47")
    assert b.app.get(young, Person).personal is None  # the personal data itself is gone

    assert audits(b, rm) == before
    assert audits(b, rm, known_at=known_before) == before
    assert scorecards(b, rm) == cards_before
    rm.close()
    b.app.close()


def test_ages_follow_a_corrected_birth_date_as_known_at_each_moment(db_url):
    """Recorded 16 at first, corrected to 15 later: before the correction the record said
    16 (no finding), after it 15 (a finding); both stay so after the erasure."""
    b = Builder(db_url)
    s = Setting(b, birth=date(2008, 6, 10))
    b.clock.at(date(2025, 1, 5))
    s.internship(start=START)
    b.clock.at(date(2025, 4, 1))
    b.h("person.correct-personal", person_id=s.student, birth_date=date(2009, 6, 10))
    corrected = datetime(2025, 4, 1, 12, tzinfo=UTC)
    rm = ReadModel(b.app)

    def found(**when):
        out = audits(b, rm, **when)
        assert out["replay"] == out["facts"]
        return out["replay"]

    early, late = found(known_at=datetime(2025, 3, 20, tzinfo=UTC)), found(known_at=corrected)
    assert early == [] and len(late) == 1
    b.clock.at(date(2025, 6, 1))
    forget_person(b.app, s.student, requester="data subject", legal_basis="PIPL art. 47")
    assert found(known_at=datetime(2025, 3, 20, tzinfo=UTC)) == early
    assert found(known_at=corrected) == late
    assert found() == late
    rm.close()
    b.app.close()


def test_retained_facts_hold_no_personal_data(sqlite_url):
    b, young = world(sqlite_url)
    forget_person(b.app, young, requester="data subject", legal_basis="PIPL art. 47")
    retained = [e for e in b.app.events.get(young) if isinstance(e, Person.AuditFactsRetained)]
    [event] = retained
    assert {(a.on, a.age) for a in event.ages} == {(START, 15)}
    assert set(vars(event)) - {"originator_id", "originator_version", "timestamp", "meta"} == {"ages"}
    b.app.close()


@pytest.mark.parametrize("age_years", [40])
def test_adult_ages_are_capped(sqlite_url, age_years):
    b = Builder(sqlite_url)
    s = Setting(b, birth=date(START.year - age_years, 1, 1))
    s.internship(start=START)
    forget_person(b.app, s.student, requester="data subject", legal_basis="PIPL art. 47")
    [event] = [e for e in b.app.events.get(s.student) if isinstance(e, Person.AuditFactsRetained)]
    assert {a.age for a in event.ages} == {30}
    b.app.close()


# --- generated histories ------------------------------------------------------------------

BORN = st.builds(lambda years, days: START - timedelta(days=365 * years + days),
                 st.integers(14, 19), st.integers(-200, 200))
STEP = st.one_of(
    st.tuples(st.just("correct"), st.one_of(BORN, st.none())),
    st.tuples(st.just("internship"), st.integers(-90, 90),
              st.sampled_from(["ordinary", "banned_for_minors", "night_work"])),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(born=BORN, steps=st.lists(STEP, min_size=1, max_size=5))
def test_generated_histories_audit_the_same_before_and_after_forget(tmp_path_factory, born, steps):
    """Birth dates corrected (or cleared) and internships started in any order; the age
    findings as known at every moment before the erasure, and now, are the same after it,
    by replay and from the fact tables."""
    url = f"sqlite:///{tmp_path_factory.mktemp('gen') / 's.sqlite3'}"
    b = Builder(url)
    s = Setting(b, birth=born)
    moments = [b.clock.now]
    for step in steps:
        if step[0] == "correct":
            change = {"clear": ["birth_date"]} if step[1] is None else {"birth_date": step[1]}
            try:
                b.h("person.correct-personal", person_id=s.student, **change)
            except DomainError:  # nothing differs: refused, nothing recorded
                pass
        else:
            s.internship(start=START + timedelta(days=step[1]), post_category=step[2])
        moments.append(b.clock.now)
    rm = ReadModel(b.app)
    as_of = START + timedelta(days=200)

    def found(known_at):
        replay = dump(run_audit(b.app, as_of=as_of, known_at=known_at, rule_ids=RULES))
        facts = dump(facts_audit(rm, as_of=as_of, known_at=known_at, rule_ids=RULES))
        assert replay == facts
        return replay

    before = {k: found(k) for k in [*moments, None]}
    forget_person(b.app, s.student, requester="data subject", legal_basis="PIPL art. 47")
    assert b.app.get(s.student, Person).personal is None
    assert {k: found(k) for k in before} == before
    rm.close()
    b.app.close()


def test_gtt_audit_run_finds_n_int_4_after_forget_as_known_before_it(db_url):
    """The same through the installed CLI: ``gtt audit run`` (fact tables) and ``--replay``,
    with ``--known-at`` before the erasure and without, after ``gtt persons forget``."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
    from installed import gtt, user_env

    b, young = world(db_url)
    known_before = b.clock.now.isoformat(timespec="seconds").replace("+00:00", "")
    b.app.close()
    env = user_env(GTT_DATABASE_URL=db_url)

    def age_findings(*extra: str) -> list[tuple[str, str]]:
        run = gtt("audit", "run", "--as-of", AS_OF.isoformat(), "--rule", "NINT21-4-age", "--format", "json",
                  *extra, env=env)
        assert run.returncode in (0, 3), run.stderr
        return sorted((f["subject_id"], f["values"]["age"]) for f in json.loads(run.stdout))

    variants = [(), ("--replay",), ("--known-at", known_before), ("--known-at", known_before, "--replay")]
    before = [age_findings(*v) for v in variants]
    assert before[0] and all(found == before[0] for found in before)
    assert [age for _, age in before[0]] == ["15"]
    forget = gtt("persons", "forget", str(young), "--requester", "guardian", "--legal-basis", "PIPL art. 47",
                 "--yes", env=env)
    assert forget.returncode == 0, forget.stderr
    assert [age_findings(*v) for v in variants] == before
