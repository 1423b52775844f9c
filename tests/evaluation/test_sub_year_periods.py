"""Quarter and month periods: the periods themselves, and major and host scorecards on the
hand-built history of ``test_major_host_scorecards`` with values worked out by hand.
Per-year and per-semester metrics keep their own window on these cards and say so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from test_major_host_scorecards import build, values

from gtt_domain.evaluation import evaluate, evaluation_period
from gtt_domain.evaluation.periods import annual_window, semesters_in, years_back


def test_quarters_months_and_their_windows():
    q1 = evaluation_period(2024, quarter_no=1)
    assert (q1.start, q1.end, q1.label, q1.kind) == (date(2024, 1, 1), date(2024, 3, 31), "2024-Q1", "quarter")
    q4 = evaluation_period(2025, quarter_no=4)
    assert (q4.start, q4.end) == (date(2025, 10, 1), date(2025, 12, 31))
    feb = evaluation_period(2024, month_no=2)
    assert (feb.start, feb.end, feb.label, feb.kind) == (date(2024, 2, 1), date(2024, 2, 29), "2024-02", "month")
    assert evaluation_period(2025, "autumn").kind == "semester" and evaluation_period(2025).kind == "year"
    # per-year targets: the year to the period's end; per-semester: the semester holding it, to it
    assert (annual_window(q1).start, annual_window(q1).end, annual_window(q1).kind) == (
        date(2024, 1, 1), date(2024, 3, 31), "year_to_date")
    assert annual_window(evaluation_period(2025)) == evaluation_period(2025)
    [jan] = semesters_in(evaluation_period(2026, month_no=1))  # January belongs to the autumn before
    assert (jan.start, jan.end, jan.kind) == (date(2025, 9, 1), date(2026, 1, 31), "semester_to_date")
    [q3] = semesters_in(evaluation_period(2025, quarter_no=3))
    assert (q3.start, q3.end) == (date(2025, 9, 1), date(2025, 9, 30))
    three = years_back(evaluation_period(2025), 3)
    assert (three.start, three.end) == (date(2023, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"quarter_no": 5}, "quarter must be 1 to 4"), ({"quarter_no": 0}, "quarter must be 1 to 4"),
    ({"month_no": 13}, "month must be 1 to 12"),
    ({"semester_name": "summer"}, "semester must be one of spring, autumn"),
    ({"semester_name": "spring", "month_no": 3}, "not semester and month"),
    ({"quarter_no": 1, "month_no": 3}, "not quarter and month"),
])
def test_bad_periods_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        evaluation_period(2025, **kwargs)


def test_major_by_quarter_and_month(rec):
    w = build(rec)
    major = f"{w['school']}:660301"

    [q1] = evaluate(rec.app, "major", evaluation_period(2025, quarter_no=1), major)
    v = values(q1)
    assert q1.as_dict()["period"] == "2025-Q1" and q1.as_dict()["period_kind"] == "quarter"
    assert (q1.as_dict()["period_start"], q1.as_dict()["period_end"]) == ("2025-01-01", "2025-03-31")
    assert v["internships_started"] == (2, None)  # i1, i2 on 1 Mar; i3 on 1 Sep
    assert v["internships_completed"] == (0, None)
    assert v["completion_rate"] == (None, None)  # nothing ended in Q1
    assert v["mean_host_evaluation"] == (None, None)
    assert v["active_bases"] == (2, True)  # on 31 Mar base1 and base2 (terminated 30 Jun) are in force
    assert v["bases_built"] == (1, False)  # year to 31 Mar: base1 (Feb 2025)
    assert v["technicians_brought_in"] == (1, False)  # year to 31 Mar: the one from 1 Mar
    assert v["observation_weeks_min_semester"] == (Decimal(0), False)  # spring to 31 Mar; 2 weeks on 10 Apr
    windows = q1.details["windows"]
    assert "major.bases_built" not in windows  # Q1's year to date is Q1 itself
    assert windows["major.observation_weeks_min_semester"][0]["start"] == "2025-02-01"
    assert windows["major.co_developed_courses_3y"]["start"] == "2022-04-01"
    assert "major.internships_started" not in windows  # counted in the quarter itself

    [q2] = evaluate(rec.app, "major", evaluation_period(2025, quarter_no=2), major)
    v = values(q2)
    assert v["internships_started"] == (0, None)
    assert v["completion_rate"] == (Decimal("0.0000"), None)  # i2 terminated 1 May, none completed
    assert v["mean_host_evaluation"] == (Decimal("70.00"), None)  # i2's 70 on 30 Apr
    assert v["certification_pass_rate"] == (Decimal("0.0000"), None)  # i2 failed 25 Apr
    assert v["observation_weeks_min_semester"] == (Decimal(2), True)  # spring to 30 Jun: 10 Apr
    assert q2.details["windows"]["major.bases_built"] == {
        "label": "2025-01-01..2025-06-30", "kind": "year_to_date", "start": "2025-01-01", "end": "2025-06-30"}
    assert v["active_bases"] == (1, False)  # base2 terminated on 30 Jun is not in force that day
    [q3] = evaluate(rec.app, "major", evaluation_period(2025, quarter_no=3), major)
    v = values(q3)
    assert v["internships_started"] == (1, None)  # i3
    assert (v["internships_completed"], v["completion_rate"], v["hire_rate"]) == (
        (1, None), (Decimal("1.0000"), None), (Decimal("1.0000"), None))  # i1 ended 31 Aug, hired
    assert v["mean_host_evaluation"] == (Decimal("90.00"), None)  # i1's 90 on 20 Aug
    assert v["technicians_brought_in"] == (2, False)  # year to 30 Sep: 1 Mar and 1 Sep

    [oct_] = evaluate(rec.app, "major", evaluation_period(2025, month_no=10), major)
    v = values(oct_)
    assert oct_.period == "2025-10" and oct_.evaluated["kind"] == "month"
    assert v["internships_started"] == (0, None)
    assert v["observation_weeks_min_semester"] == (Decimal(1), False)  # autumn to 31 Oct: 1 week on 10 Oct
    assert v["bases_built"] == (1, False)  # year to 31 Oct: still base1 only


def test_host_by_month(rec):
    w = build(rec)
    host = str(w["e1"])
    [march] = evaluate(rec.app, "host", evaluation_period(2025, month_no=3), host)
    v = values(march)
    assert v["interns_hosted"] == (2, None)  # i1, i2 from 1 Mar
    assert v["peak_interns_on_a_day"] == (2, None)
    assert v["cap_headroom"] == (0, True)  # cap 2 (10% of 20)
    [september] = evaluate(rec.app, "host", evaluation_period(2025, month_no=9), host)
    v = values(september)
    assert v["interns_hosted"] == (1, None)  # i3 from 1 Sep; i1 ended 31 Aug, i2 on 1 May
    assert v["cap_headroom"] == (1, True)
    assert v["interns_completed"] == (0, None)  # i1 completed in August
