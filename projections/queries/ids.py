"""Whole ids from the short ids tables print (the first 8 or more hex digits).

A prefix is looked up as a key range on the kind's own table (or on the timeline when the
kind is not known), so it uses the primary-key index on every backend. No match is
:class:`NotFoundError`; several are :class:`AmbiguousIdError` with the count.
"""

from __future__ import annotations

import re
from uuid import UUID

from gtt_projections.models.agreements import agreements
from gtt_projections.models.communities import communities
from gtt_projections.models.exchanges import exchanges
from gtt_projections.models.institutions import institutions
from gtt_projections.models.internships import internships
from gtt_projections.models.persons import persons
from gtt_projections.models.timeline import event_timeline
from gtt_projections.queries.base import fresh
from gtt_projections.readmodel import ReadModel
from sqlalchemy import Column, Table, distinct, select

from gtt_domain.domain.errors import GttError, NotFoundError

#: the shortest prefix accepted (what tables print)
MIN_PREFIX = 8
PREFIX = re.compile(r"[0-9a-f]{8}(-?[0-9a-f]{0,4}){0,4}[0-9a-f]*")

#: aggregate kind -> (projection, table); ``None`` searches every aggregate (the timeline)
KIND_TABLES: dict[str | None, tuple[str, Table]] = {
    "institution": ("institutions", institutions), "person": ("persons", persons),
    "community": ("communities", communities), "agreement": ("agreements", agreements),
    "exchange": ("exchanges", exchanges), "internship": ("internships", internships),
    None: ("timeline", event_timeline),
}


class AmbiguousIdError(GttError, ValueError):
    """A short id that starts more than one id."""

    def __init__(self, prefix: str, kind: str | None, count: int) -> None:
        self.prefix, self.kind, self.count = prefix, kind, count
        super().__init__(f"{prefix!r} matches {count} {kind or 'record'}s; give more of the id")


def is_short_id(text: str) -> bool:
    """Looks like the start of an id (8+ hex digits, hyphens where an id has them)."""
    text = text.strip().lower()
    return len(text) < 36 and PREFIX.fullmatch(text) is not None


def resolve_id(rm: ReadModel, text: str | UUID, kind: str | None = None, *,
               catch_up: bool = True) -> UUID:
    """The one id of ``kind`` that is ``text`` or starts with it."""
    if isinstance(text, UUID):
        return text
    raw = text.strip().lower()
    try:
        return UUID(raw)
    except ValueError:
        pass
    if not is_short_id(raw):
        raise ValueError(f"{text!r} is not an id (a UUID, or the first {MIN_PREFIX}+ digits a table shows)")
    projection, table = KIND_TABLES[kind]
    column: Column = table.c.aggregate_id if kind is None else table.c.id
    fresh(rm, [projection], catch_up)
    upper = raw[:-1] + chr(ord(raw[-1]) + 1)  # every id starting with ``raw`` sorts in [raw, upper)
    stmt = select(distinct(column)).where(column >= raw, column < upper).limit(2)
    with rm.connect() as conn:
        found = [row[0] for row in conn.execute(stmt)]
    if not found:
        raise NotFoundError(kind or "record", raw)
    if len(found) > 1:
        with rm.connect() as conn:
            every = conn.execute(select(distinct(column)).where(column >= raw, column < upper)).all()
        raise AmbiguousIdError(raw, kind, len(every))
    return UUID(found[0])
