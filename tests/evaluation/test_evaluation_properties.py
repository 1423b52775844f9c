"""Generated checks of the pure pieces against plain day-by-day readings: the busiest day
of a host (N-INT-11), whole months of service (P4-R3), rotation due (P1-R7)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gtt_domain.evaluation.host import peak
from gtt_domain.evaluation.person import whole_months
from gtt_domain.evaluation.trend import rotation_due

BASE = date(2025, 1, 1)
spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)), max_size=8).map(
    lambda xs: [(BASE + timedelta(days=a), BASE + timedelta(days=a + n)) for a, n in xs])


@given(spans)
def test_peak_is_the_most_spans_covering_one_day(ss):
    days = [BASE + timedelta(days=d) for d in range(100)]
    assert peak(ss) == max((sum(1 for a, b in ss if a <= d <= b) for d in days), default=0)


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(0, 800))
def test_whole_months_counts_month_anniversaries_reached(start, length):
    end = start + timedelta(days=length)
    months = whole_months(start, end)
    def reached(n: int) -> bool:  # the day before the n-th monthly anniversary is inside
        y, m = divmod(start.month - 1 + n, 12)
        last = calendar.monthrange(start.year + y, m + 1)[1]
        anniversary = date(start.year + y, m + 1, min(start.day, last))
        return anniversary - timedelta(days=1) <= end
    assert reached(months) or months == 0
    assert not reached(months + 1)


@given(st.lists(st.integers(50, 100), min_size=1, max_size=8), st.integers(0, 7))
def test_rotation_due_iff_the_last_two_changes_are_declines(scores, back):
    first = 2018
    quality = {str(first + n): Decimal(s) for n, s in enumerate(scores)}
    year = first + max(0, len(scores) - 1 - back)
    upto = [Decimal(s) for s in scores[: year - first + 1]]
    changes = [b - a for a, b in zip(upto, upto[1:], strict=False)]
    assert rotation_due(quality, year) == (len(changes) >= 2 and changes[-1] < 0 and changes[-2] < 0)
