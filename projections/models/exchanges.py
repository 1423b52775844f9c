"""Exchanges: who goes from where to which host, their standing, filing, days and reviews.

One row per exchange with the facts administrators filter on; days on site as spans and
interim reviews as child tables. Assessment metrics stay in the events (the row keeps the
latest result).
"""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from gtt_projections.projection import GttProjection
from gtt_projections.tables.exchanges import (
    NAME,
    TABLES,
    VERSION,
    exchange_days,
    exchange_reviews,
    exchanges,
)
from gtt_projections.writer import Inc, RowWriter

from gtt_domain.domain.exchange import Exchange as X


def _touch(rows: RowWriter, e: Any, **values: Any) -> None:
    rows.update(exchanges, {"id": str(e.originator_id)},
                updated_at=e.meta.recorded_at, version=e.originator_version, **values)


class Exchanges(GttProjection):
    name = NAME
    defer_indexes = True  # handlers read rows by primary key only
    version = VERSION
    tables = TABLES

    @singledispatchmethod
    def apply(self, event: Any, rows: RowWriter) -> None:
        """Events of other aggregates."""

    @apply.register
    def _(self, e: X.Planned, rows: RowWriter) -> None:
        rows.insert(exchanges, {
            "id": str(e.originator_id), "person_id": e.person_id, "sending_id": e.sending_id,
            "host_id": e.host_id, "kind": e.kind, "mode": e.mode, "status": "planned",
            "community_id": e.community_id, "agreement_id": e.agreement_id,
            "planned_start": e.planned_start, "planned_end": e.planned_end,
            "external_id": e.external_id, "target_count": 0, "filed_on": None,
            "approved_on": None, "approved_by": None, "started_on": None, "completed_on": None,
            "cancelled_on": None, "days_on_site": 0, "review_count": 0,
            "assessment_result": None, "assessed_on": None,
            "updated_at": e.meta.recorded_at, "version": e.originator_version,
        })

    @apply.register
    def _(self, e: X.TargetsSet, rows: RowWriter) -> None:
        _touch(rows, e, target_count=len(e.targets))

    @apply.register
    def _(self, e: X.Filed, rows: RowWriter) -> None:
        row = rows.get(exchanges, {"id": str(e.originator_id)})
        first = row["filed_on"] if row else None
        # the first filing counts (P1-R4 compares it with the start)
        _touch(rows, e, filed_on=e.filed_on if first is None else min(first, e.filed_on))

    @apply.register
    def _(self, e: X.Approved, rows: RowWriter) -> None:
        _touch(rows, e, approved_on=e.on, approved_by=e.by)

    @apply.register
    def _(self, e: X.Started, rows: RowWriter) -> None:
        _touch(rows, e, status="started", started_on=e.on)

    @apply.register
    def _(self, e: X.DaysOnSiteLogged, rows: RowWriter) -> None:
        _touch(rows, e, days_on_site=Inc(e.days))
        rows.insert(exchange_days, {"exchange_id": str(e.originator_id), "from_day": e.from_day,
                                    "to_day": e.to_day, "days": e.days})

    @apply.register
    def _(self, e: X.InterimReviewRecorded, rows: RowWriter) -> None:
        _touch(rows, e, review_count=Inc(1))
        rows.insert(exchange_reviews, {"exchange_id": str(e.originator_id),
                                       "seq": e.originator_version, "reviewed_on": e.on,
                                       "summary": e.summary, "rating": e.rating})

    @apply.register
    def _(self, e: X.Completed, rows: RowWriter) -> None:
        _touch(rows, e, status="completed", completed_on=e.on)

    @apply.register
    def _(self, e: X.Assessed, rows: RowWriter) -> None:
        _touch(rows, e, assessment_result=e.result, assessed_on=e.on)

    @apply.register
    def _(self, e: X.Cancelled, rows: RowWriter) -> None:
        _touch(rows, e, status="cancelled", cancelled_on=e.on)
