"""The rule meanings issue 14 corrected, each with a case that breaks the rule and a case
that passes at its boundary, and the edges of the periods they are judged over.

Histories are real commands on a real SQLite file (``Builder``: a compliant history that
adopted every plan, so a test changes exactly the fact it is about)."""

from __future__ import annotations

from datetime import date, timedelta

from audit_world import Builder, Setting
from cases_bodies import activity, community, exchange, group, team, term

from gtt_domain.audit import run_audit
from gtt_domain.evaluation import evaluate, evaluation_period

D = timedelta(days=1)
START = date(2025, 3, 10)


def rules(found) -> list[tuple[str, str]]:
    return sorted((f.rule_id, f.comparison) for f in found)


# --- P10-R9: quitting the placement, not a day's leave -------------------------------------


def quit_case(b: Builder, *, asked: date, last: date, written: bool, approved_on: date | None):
    iid = Setting(b).internship(start=START)
    b.h("internship.request-quit", internship_id=iid, asked_on=asked, last_day=last, written=written)
    if approved_on is not None:
        b.h("internship.decide-quit", internship_id=iid, approved=True, decided_on=approved_on)
    b.h("internship.quit", internship_id=iid, on=last)
    return b.audit("P10-R9-quit", date(2025, 5, 1))


def test_p10_r9_quitting_with_a_week_of_written_notice_and_approval_passes(sqlite_url):
    last = date(2025, 4, 18)
    assert quit_case(Builder(sqlite_url), asked=last - 7 * D, last=last, written=True, approved_on=last) == []


def test_p10_r9_six_days_notice_breaks_it(sqlite_url):
    last = date(2025, 4, 18)
    [f] = quit_case(Builder(sqlite_url), asked=last - 6 * D, last=last, written=True, approved_on=last - D)
    assert f.comparison == "6 days' notice < 7" and f.subject_kind == "internship" and "P10-R9" in f.source


def test_p10_r9_an_oral_request_or_no_approval_breaks_it(sqlite_url):
    last = date(2025, 4, 18)
    [oral] = quit_case(Builder(sqlite_url), asked=last - 10 * D, last=last, written=False, approved_on=last - 5 * D)
    assert oral.comparison == "not in writing"


def test_p10_r9_approval_only_after_the_last_day_breaks_it(sqlite_url):
    last = date(2025, 4, 18)
    [late] = quit_case(Builder(sqlite_url), asked=last - 10 * D, last=last, written=True, approved_on=last + D)
    assert late.comparison == "host's approval: approved only on 2025-04-19"  # after the student left


def test_p10_r9_quitting_without_any_request_breaks_it(sqlite_url):
    b = Builder(sqlite_url)
    iid = Setting(b).internship(start=START)
    b.h("internship.quit", internship_id=iid, on=date(2025, 4, 18))
    [f] = b.audit("P10-R9-quit", date(2025, 5, 1))
    assert f.comparison == "no request to quit"


def test_p10_r9_a_days_leave_at_short_notice_is_no_finding(sqlite_url):
    """The seed sets no notice for a day's leave (請假); only quitting (離職) needs a week."""
    b = Builder(sqlite_url)
    iid = Setting(b).internship(start=START)
    b.h("internship.request-leave", internship_id=iid, asked_on=date(2025, 4, 1), first_day=date(2025, 4, 2),
        last_day=date(2025, 4, 2), written=False)
    b.h("internship.decide-leave", internship_id=iid, request=0, approved=True, decided_on=date(2025, 4, 1))
    assert [f for f in run_audit(b.app, ["P10"], as_of=date(2025, 5, 1)) if "P10-R9" in f.source] == []


# --- P1: cadres and backbone teachers, weak branches, school years from set-up ------------


def test_p1_r5_counts_only_cadres_and_backbone_teachers_sent_to_weak_branches(sqlite_url):
    b = Builder(sqlite_url)
    cid, head, (weak, strong) = group(b, date(2024, 9, 1), 2)
    b.h("community.rate-branch", community_id=cid, institution_id=weak, weak=True, on=date(2024, 9, 1),
        basis="ranking")
    backbone = [b.teacher(head, roles={"backbone_teacher": date(2020, 1, 1)}) for _ in range(3)]
    cadre = b.h("person.register", kind="cadre", name="Cadre", home_institution_id=head)
    exchange(b, backbone[0], head, weak, "support_teaching", date(2024, 10, 1), community_id=cid)
    exchange(b, backbone[1], head, strong, "support_teaching", date(2024, 10, 1), community_id=cid)  # not weak
    exchange(b, b.teacher(head), head, weak, "support_teaching", date(2024, 10, 1), community_id=cid)  # no role
    exchange(b, cadre, head, weak, "rotation", date(2024, 11, 1), community_id=cid)  # a cadre counts
    [f] = b.audit("P1-R5-sent", date(2025, 8, 31))
    assert (f.comparison, f.period_start, f.period_end) == ("2 < 3", date(2024, 9, 1), date(2025, 8, 31))
    exchange(b, backbone[2], head, weak, "support_teaching", date(2025, 8, 31), community_id=cid)
    assert b.audit("P1-R5-sent", date(2025, 8, 31)) == []  # the school year's last day counts


def test_p1_yearly_rules_judge_the_school_year_the_group_is_set_up_in(sqlite_url):
    b = Builder(sqlite_url)
    cid, _, _ = group(b, date(2024, 10, 15), 2)  # set up mid school year 2024/25
    b.h("community.record-funding", community_id=cid, amount="100000", received_on=date(2025, 1, 5), source="county")
    [f] = b.audit("P1-R12-funding", date(2025, 8, 31))
    assert (f.period_start, f.period_end, f.comparison) == (date(2024, 9, 1), date(2025, 8, 31), "100000 < 300000")
    assert b.audit("P1-R12-funding", date(2025, 8, 30)) == []  # the school year has not ended


def test_p1_a_group_set_up_in_the_summer_holiday_is_judged_from_the_next_school_year(sqlite_url):
    b = Builder(sqlite_url)
    cid, head, _ = group(b, date(2024, 8, 20), 2)
    term(b, head, date(2024, 9, 2), date(2025, 1, 17), "2024-autumn")
    found = b.audit("P1-R12-funding", date(2025, 9, 1))
    assert [(f.period_start, f.period_end) for f in found] == [(date(2024, 9, 1), date(2025, 8, 31))]


def test_p1_r6_and_the_group_scorecard_count_the_same_exchanges(sqlite_url):
    b = Builder(sqlite_url)
    cid, head, (branch,) = group(b, date(2024, 9, 1), 1)
    out = [b.teacher(head, roles={"backbone_teacher": date(2020, 1, 1)}) for _ in range(2)]
    back = b.teacher(branch, roles={"mid_level_cadre": date(2020, 1, 1)})
    for t in out:
        exchange(b, t, head, branch, "support_teaching", date(2024, 9, 2), community_id=cid)
    exchange(b, back, branch, head, "shadow_learning", date(2024, 9, 2), community_id=cid)
    exchange(b, b.teacher(branch), branch, head, "shadow_learning", date(2024, 9, 2), community_id=cid)  # no role
    [f] = b.audit("P1-R6-equal", date(2025, 8, 31))
    [card] = evaluate(b.app, "group", evaluation_period(2025), str(cid))
    sent = card.metric("group.exchange_balance").value + card.metric("group.exchanges_in").value
    assert (f.values["outbound"], f.values["inbound"]) == (str(sent), str(card.metric("group.exchanges_in").value))
    assert (f.values["outbound"], f.values["inbound"]) == ("2", "1")


def test_p1_r9_and_the_group_scorecard_count_the_same_days(sqlite_url):
    b = Builder(sqlite_url)
    cid, head, (branch,) = group(b, date(2025, 1, 1), 1)
    term(b, head, date(2025, 2, 17), date(2025, 7, 11), "2025-spring")
    t = b.teacher(branch)
    for month in (3, 4, 6):  # February has 10 school days from the 17th: judged; May is missed
        activity(b, cid, "shadow_day", date(2025, month, 12), participants=[t], activity_id=f"s-{month}")
    xid = exchange(b, t, branch, head, "shadow_learning", date(2025, 2, 17), date(2025, 2, 28), community_id=cid)
    b.h("exchange.log-days", exchange_id=xid, from_day=date(2025, 2, 17), to_day=date(2025, 2, 28), days=2)
    found = b.audit("P1-R9-monthly", date(2025, 12, 31))
    assert [(f.subject_id, f.period_start) for f in found] == [(str(t), date(2025, 5, 1))]
    [card] = evaluate(b.app, "group", evaluation_period(2025, "spring"), str(cid))
    cells = {c["month"]: c["days"] for c in card.details["shadow_days"] if c["teacher"] == str(t)}
    assert cells == {"2025-02": 2, "2025-03": 1, "2025-04": 1, "2025-05": 0, "2025-06": 1}  # July: 9 days, not judged
    assert card.metric("group.shadow_days_min_teacher_month").value == 0


# --- periods: the audit date, quarter and semester edges, term weeks ------------------------


def test_a_period_that_ends_on_the_audit_date_is_judged(sqlite_url):
    b = Builder(sqlite_url)
    cid = team(b, date(2025, 9, 1), 4)
    activity(b, cid, "team_activity", date(2025, 9, 3))  # week 1 ok; week 2 (8-14 Sep) none
    assert b.audit("P5-R4-weekly", date(2025, 9, 13)) == []
    [f] = b.audit("P5-R4-weekly", date(2025, 9, 14))  # Sunday: the week ends on the audit date
    assert (f.period_start, f.period_end) == (date(2025, 9, 8), date(2025, 9, 14))


def test_quarter_ends_count_the_last_day_in_and_the_next_day_out(sqlite_url):
    def history(b: Builder, held: date) -> None:
        school, host = b.school(majors=()), b.enterprise()
        aid = b.agreement("mutual_plaque", school, host, start=date(2024, 12, 1), obligations=[{
            "obligation_id": "review", "description": "quarterly review", "obligor": str(school),
            "quantity": "1", "cadence": "per_quarter"}])
        b.h("agreement.record-fulfilment", agreement_id=aid, obligation_id="review", on=held, quantity="1")

    ok = Builder(sqlite_url)
    history(ok, date(2025, 3, 31))
    assert ok.audit("P13-R2-quarterly", date(2025, 3, 31)) == []


def test_a_meeting_on_the_first_day_of_the_next_quarter_leaves_the_quarter_empty(tmp_path):
    b = Builder(f"sqlite:///{tmp_path / 'q.sqlite3'}")
    school, host = b.school(majors=()), b.enterprise()
    aid = b.agreement("named_class", school, host, start=date(2024, 12, 1), obligations=[{
        "obligation_id": "review", "description": "quarterly review", "obligor": str(school),
        "quantity": "1", "cadence": "per_quarter"}])
    b.h("agreement.record-fulfilment", agreement_id=aid, obligation_id="review", on=date(2025, 4, 1), quantity="1")
    [f] = b.audit("P13-R2-quarterly", date(2025, 3, 31))  # P13-R2 covers the named class too
    assert (f.period_start, f.period_end) == (date(2025, 1, 1), date(2025, 3, 31))


def test_spring_semester_ends_on_31_august_without_a_recorded_term(sqlite_url):
    b = Builder(sqlite_url)
    school = b.school("High school", majors=())
    cid = community(b, "home_school", school, date(2025, 2, 1))
    for grade in ("grade-10", "grade-11"):
        activity(b, cid, "parent_meeting", date(2025, 8, 31), grade=grade, activity_id=f"m-{grade}")
    activity(b, cid, "parent_meeting", date(2025, 9, 1), grade="grade-12", activity_id="m-12")  # autumn
    [f] = b.audit("P2-R1-parent-meetings", date(2025, 8, 31))
    assert "grade-12" in f.key and (f.period_start, f.period_end) == (date(2025, 2, 1), date(2025, 8, 31))


def test_a_recorded_term_is_the_semester_and_its_last_day_counts(sqlite_url):
    b = Builder(sqlite_url)
    school = b.school("High school", majors=())
    term(b, school, date(2025, 2, 17), date(2025, 7, 11), "2025-spring")
    cid = community(b, "home_school", school, date(2025, 2, 1))
    for grade in ("grade-10", "grade-11", "grade-12"):
        activity(b, cid, "parent_meeting", date(2025, 7, 11 if grade != "grade-12" else 12), grade=grade,
                 activity_id=f"m-{grade}")
    [f] = b.audit("P2-R1-parent-meetings", date(2025, 7, 11))  # judged on the term's last day
    assert "grade-12" in f.key and f.period_end == date(2025, 7, 11)


def test_p5_r1_six_teachers_pass_and_seven_break_the_upper_bound(tmp_path):
    ok = Builder(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    team(ok, date(2025, 9, 1), 6)
    assert ok.audit("P5-R1-size", date(2025, 10, 15)) == []
    big = Builder(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    team(big, date(2025, 9, 1), 7)
    [f] = big.audit("P5-R1-size", date(2025, 10, 15))
    assert f.comparison == "7 not in 4..6" and f.observed_on == date(2025, 10, 15)


def test_no_weekly_finding_in_the_winter_holiday_of_a_recorded_calendar(sqlite_url):
    b = Builder(sqlite_url)
    cid = team(b, date(2025, 9, 1), 4)
    school = b.app.repository.get(cid).core_institution_id
    term(b, school, date(2025, 9, 1), date(2026, 1, 16), "2025-autumn")
    term(b, school, date(2026, 2, 23), date(2026, 7, 10), "2026-spring")
    b.h("calendar.set", institution_id=school, entry="break", label="sports-week",
        first_day=date(2025, 11, 3), last_day=date(2025, 11, 7))
    day = date(2025, 9, 3)
    while day <= date(2026, 3, 8):
        if not date(2025, 11, 3) <= day <= date(2025, 11, 9):
            activity(b, cid, "team_activity", day, activity_id=f"a-{day}")
        day += 7 * D
    assert b.audit("P5-R4-weekly", date(2026, 3, 8)) == []  # winter holiday, the break, National Day
    # the week of 29 Sep 2025 has 2 school days (1-8 October is a holiday): not judged either


# --- N-INT-12, P9-R3, N-INT-10 vs N-EVD-4, N-INT-6 statutory holidays ----------------------


def test_n_int_12_is_no_maximum_and_a_long_2_plus_1_internship_raises_nothing(sqlite_url):
    b = Builder(sqlite_url)
    Setting(b).internship(start=date(2025, 9, 8), end=date(2026, 6, 30), programme="two_plus_one")
    found = run_audit(b.app, as_of=date(2025, 10, 1))
    assert [f for f in found if "N-INT-12" in f.source or "P9-R3" in f.source] == []


def test_one_uninsured_day_is_one_finding_owned_by_n_int_10(sqlite_url):
    b = Builder(sqlite_url)
    iid = Setting(b).internship(start=START, insured=(START + D, START + 60 * D))
    b.attend(iid, START)  # attended on the one day without insurance
    found = [f for f in run_audit(b.app, ["N-INT-2021", "N-EVD"], as_of=START + 30 * D)
             if f.rule_type == "insurance_in_force"]
    assert [(f.rule_id, f.period_start, f.period_end) for f in found] == [("NINT21-10-insurance", START, START)]
    alone = run_audit(b.app, ["N-EVD"], as_of=START + 30 * D, rule_ids=["NEVD-4-insurance"])
    assert [f.rule_id for f in alone] == ["NEVD-4-insurance"]  # the cross-check, where N-INT-10 is not run


def test_n_int_6_knows_statutory_holidays_from_the_calendar(sqlite_url):
    b = Builder(sqlite_url)
    iid = Setting(b).internship(start=date(2025, 9, 15), end=date(2026, 1, 31))
    b.attend(iid, date(2025, 10, 1))  # National Day, not flagged by the host
    b.attend(iid, date(2025, 10, 11))  # a Saturday worked in lieu: no holiday
    b.attend(iid, date(2025, 10, 12), statutory_holiday=True)  # the flag stays for what the calendar cannot know
    found = [f for f in b.audit("NINT21-6-night-holiday-overtime", date(2025, 10, 31))]
    assert [(f.period_start, f.comparison) for f in found] == [
        (date(2025, 10, 1), "holiday = yes"), (date(2025, 10, 12), "holiday = yes")]
    assert "National Day" in found[0].explanation_en


# --- where rules apply --------------------------------------------------------------------


def test_a_plan_applies_only_where_and_while_it_is_adopted(sqlite_url):
    b = Builder(sqlite_url)
    school, host = b.school(adopt=False), b.enterprise()
    agreement = b.agreement("training_base", school, host)
    student = b.student(school, admitted=date(2023, 9, 1))  # semester 4 on 10 March 2025
    b.internship(school, host, student, start=START, plan_on=START - 10 * D, agreement=agreement,
                 teacher=b.teacher(school))  # P6-R2 and P10-R3 would both find it
    assert [f.rule_id for f in run_audit(b.app, ["P6", "P10"], as_of=date(2025, 4, 1))
            if f.subject_kind == "internship" and f.institution_ids[0] == str(school)] == []
    b.adopt("P6", date(2025, 4, 1), institution_id=school)  # adopted after the start: still nothing
    assert [f for f in b.audit("P6-R2-semester", date(2025, 5, 1)) if f.institution_ids[0] == str(school)] == []
    b.adopt("P10", date(2025, 1, 1), agreement_id=agreement)  # the agreement adopts P10
    assert [f.rule_id for f in b.audit("P10-R3-plan", date(2025, 5, 1)) if f.institution_ids[0] == str(school)] \
        == ["P10-R3-plan"]


def test_national_rotation_rules_judge_compulsory_schools_only(sqlite_url):
    b = Builder(sqlite_url)
    b.school("Vocational", locality="urban", majors=())  # no N-ROT finding for a vocational school
    b.clock.at(date(2018, 9, 1))
    primary = b.school("Urban primary", locality="urban", majors=(), stage="primary")
    for _ in range(3):
        b.teacher(primary)
    found = b.audit("NROT-1-share", date(2025, 9, 2))
    assert {f.subject_id for f in found} == {str(primary)}
