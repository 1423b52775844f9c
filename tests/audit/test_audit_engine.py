"""The audit as a whole: two time axes, dated packs, user packs, pack validation, status."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from audit_world import Builder, Setting

from gtt_domain.audit import PackError, load_pack, resolve_packs, run_audit

START = date(2025, 3, 10)


def test_a_compliant_history_raises_nothing(sqlite_url):
    b = Builder(sqlite_url)
    s = Setting(b)
    iid = s.internship(start=START)
    for i in range(5):
        b.clock.at(START + timedelta(days=i), 8, second=600 * i)
        b.attend(iid, START + timedelta(days=i), location=f"24.93{i},118.23{i}")
    b.pay(iid, START, START + timedelta(days=21), "4000")
    found = run_audit(b.app, as_of=date(2025, 4, 30))
    # the school has had a major since 2010 and never recorded observation days (P6-R3), and
    # has cooperated under an agreement since 2015 without enterprise experts teaching (P12-R4)
    assert {f.rule_id for f in found} == {"P6-R3-observation", "P12-R4-experts"}


def test_a_fact_recorded_late_changes_the_audit_now_but_not_as_known_before(db_url):
    """Acceptance: --known-at replays only what was on record then."""
    b = Builder(db_url)
    iid = Setting(b).internship(start=START)
    b.clock.at(date(2025, 5, 1))  # recorded on 1 May, for a fee charged on 15 March
    b.h("internship.charge-fee", internship_id=iid, amount="200", charged_on=date(2025, 3, 15),
        description="deposit")
    now = run_audit(b.app, ["N-INT-2021"], as_of=date(2025, 4, 30))
    assert [f.rule_id for f in now] == ["NINT21-8-fees"]
    assert now[0].evidence[0].position is not None and now[0].period_start == date(2025, 3, 15)
    before = run_audit(b.app, ["N-INT-2021"], as_of=date(2025, 4, 30),
                       known_at=datetime(2025, 4, 30, tzinfo=UTC))
    assert before == []
    # and on the effective axis: as of 14 March the fee had not been charged
    assert run_audit(b.app, ["N-INT-2021"], as_of=date(2025, 3, 14)) == []


def test_packs_are_dated_2016_rules_for_2021_events_and_2021_rules_after(sqlite_url):
    b = Builder(sqlite_url)
    s = Setting(b, birth=date(2005, 6, 1))  # 15 in March 2021, 19 in March 2025
    s.internship(start=date(2021, 3, 10))
    old = run_audit(b.app, ["N-INT-2016", "N-INT-2021"], as_of=date(2021, 6, 1))
    assert [f.rule_id for f in old if "4-age" in f.rule_id] == ["NINT16-4-age"]
    # pay below 80%: judged by the version in force on the pay period's end
    iid = s.internship(start=date(2021, 12, 1), student=b.student(s.school, birth=date(2000, 1, 1)))
    b.pay(iid, date(2021, 12, 1), date(2021, 12, 30), "3000")
    b.pay(iid, date(2022, 1, 1), date(2022, 1, 31), "3000")
    pay = [f for f in run_audit(b.app, ["N-INT-2016", "N-INT-2021"], as_of=date(2022, 3, 1))
           if f.rule_type == "ratio_at_least"]
    assert sorted((f.rule_id, f.period_end) for f in pay) == [
        ("NINT16-7-pay", date(2021, 12, 30)), ("NINT21-7-pay", date(2022, 1, 31))]
    assert "probationary wage" in pay[0].explanation_en and "试用期工资" in pay[0].explanation_zh


def test_a_user_pack_file_sets_its_own_thresholds(sqlite_url, tmp_path):
    pack = tmp_path / "county.toml"
    pack.write_text('''
[pack]
id = "COUNTY"
version = "1"
title = { en = "County rules", zh = "县规" }
document = "county notice 2025"

[[rules]]
id = "COUNTY-leave-10"
title = { en = "Leave asked ten days ahead", zh = "请假提前十天" }
source = { ref = "P10-R9", document = "county notice 2025" }
severity = "low"
type = "minimum_notice"
params = { days = 10 }
''', encoding="utf-8")
    b = Builder(sqlite_url)
    s = Setting(b)
    iid = s.internship(start=START)
    b.h("internship.request-leave", internship_id=iid, asked_on=date(2025, 4, 1),
        first_day=date(2025, 4, 10), last_day=date(2025, 4, 10), written=True)  # 9 days
    # a local pack binds only what adopted it
    assert run_audit(b.app, [str(pack)], as_of=date(2025, 4, 30)) == []
    b.adopt("COUNTY", date(2025, 1, 1), institution_id=s.school)
    found = run_audit(b.app, [str(pack)], as_of=date(2025, 4, 30))
    assert [(f.rule_id, f.comparison, f.pack_id) for f in found] == [("COUNTY-leave-10", "9 days < 10", "COUNTY")]
    # P10-R9 is about quitting the placement, not a day's leave: nothing to find here
    assert run_audit(b.app, ["P10"], as_of=date(2025, 4, 30), rule_ids=["P10-R9-quit"]) == []


@pytest.mark.parametrize("body, message", [
    ('type = "minimum_notice"\nparams = { dayz = 7 }', "params.dayz: Extra inputs are not permitted"),
    ('type = "minimum_notice"\nparams = { days = -1 }', "params.days: Input should be greater than or equal to 0"),
    ('type = "no_such_type"', "type: unknown rule type 'no_such_type'"),
    ('type = "required_before"\nparams = { requirement = "document:x", anchor = "lunch" }',
     "unknown internship milestone 'lunch'"),
    ('type = "ratio_at_least"\nparams = { measure = "vibes", bound = "1" }', "unknown measure 'vibes'"),
])
def test_a_bad_pack_names_the_rule_and_the_field(tmp_path, body, message):
    pack = tmp_path / "bad.toml"
    pack.write_text(f'''
[pack]
id = "BAD"
version = "1"
title = {{ en = "Bad", zh = "坏" }}
document = "none"

[[rules]]
id = "BAD-1"
title = {{ en = "A rule", zh = "规则" }}
source = {{ ref = "P10-R9", document = "plans.md" }}
severity = "low"
{body}
''', encoding="utf-8")
    with pytest.raises(PackError) as e:
        load_pack(pack)
    assert "BAD-1" in str(e.value) or "rules.0" in str(e.value)
    assert message in str(e.value)


def test_an_unverified_source_must_say_so(tmp_path):
    pack = tmp_path / "u.toml"
    pack.write_text('''
[pack]
id = "U"
version = "1"
title = { en = "U", zh = "U" }
document = "d"

[[rules]]
id = "U-1"
title = { en = "A rule", zh = "规则" }
source = { ref = "N-INT-13", document = "d", verification = "U" }
severity = "low"
type = "no_fees_or_held_documents"
''', encoding="utf-8")
    with pytest.raises(PackError, match="rules.0.source: Value error, a \\[U\\] source must say 'unverified'"):
        load_pack(pack)


def test_shipped_packs_cite_known_sources_and_unknown_refs_fail():
    packs = resolve_packs()
    refs = {r.rule.source.ref for p in packs for r in p.rules}
    plans = open("/work/shared/domain/plans.md", encoding="utf-8").read()
    regs = open("/work/shared/domain/regulations.md", encoding="utf-8").read()
    for ref in refs:
        assert ref in (plans if ref.startswith("P") else regs), ref
    with pytest.raises(PackError, match="no shipped pack 'NOPE'"):
        resolve_packs(["NOPE"])


def test_a_held_document_returned_later_is_a_remedied_finding(sqlite_url):
    b = Builder(sqlite_url)
    iid = Setting(b).internship(start=START)
    b.h("internship.hold-document", internship_id=iid, doc="id_card", since=date(2025, 3, 12))
    held = run_audit(b.app, ["N-INT-2021"], as_of=date(2025, 3, 20))
    assert [(f.status, f.resolved_by) for f in held] == [("open", None)]
    b.h("internship.return-document", internship_id=iid, doc="id_card", on=date(2025, 3, 25))
    later = run_audit(b.app, ["N-INT-2021"], as_of=date(2025, 4, 1))
    assert [f.status for f in later] == ["remedied"]
    assert later[0].status_detail.startswith("remedied late")
    assert later[0].resolved_by is not None and later[0].resolved_by.event_type == "DocumentReturnedByHost"
    assert later[0].key == held[0].key  # the same finding (a breach that happened), now remedied
