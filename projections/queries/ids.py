"""Whole ids from the short ids tables print (the first 8 or more hex digits), and from the
keys an office uses (issue 15): a student or staff number (学号, 工号), an institution's
code (统一社会信用代码), an internship's or exchange's import 编号, an agreement number —
the ``external_id`` each was registered with. An aggregate registered with an external id
has the id ``natural_id(kind, external_id)``, so a key is found by its primary key too.
For an internship, a student number names the student's internship when they have one.

An exact key is tried before a short id (a student number such as ``20230415`` is also 8
hex digits). A prefix is looked up as a key range on the kind's own table (or on the timeline when the
kind is not known), so it uses the primary-key index on every backend. No match is
:class:`NotFoundError`; several are :class:`AmbiguousIdError` with the count.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from uuid import UUID

from gtt_projections.queries.base import fresh
from gtt_projections.tables.agreements import agreements
from gtt_projections.tables.communities import communities
from gtt_projections.tables.exchanges import exchanges
from gtt_projections.tables.institutions import institutions
from gtt_projections.tables.internships import internships
from gtt_projections.tables.persons import persons
from gtt_projections.tables.timeline import event_timeline
from sqlalchemy import Column, Table, distinct, select

from gtt_domain.domain.base import natural_id
from gtt_domain.domain.errors import GttError, NotFoundError

if TYPE_CHECKING:
    from gtt_projections.readmodel import ReadModel

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


class KeyOfManyError(AmbiguousIdError):
    """A student number given for an internship, when the student has several."""

    def __init__(self, key: str, found: list[tuple[str, str | None]]) -> None:
        self.prefix, self.kind, self.count = key, "internship", len(found)
        names = ", ".join(ext or iid[:8] for iid, ext in found[:5]) + (", …" if len(found) > 5 else "")
        GttError.__init__(self, f"{key!r} is a student with {len(found)} internships ({names}); give the "
                                f"internship's 编号 or id")


def resolve_key(rm: ReadModel, text: str, kind: str | None = None, *,
                catch_up: bool = True) -> UUID | None:
    """The id of the ``kind`` (any kind: ``None``) whose external key is ``text``, else
    ``None``; several kinds sharing the key is :class:`AmbiguousIdError`."""
    key = text.strip()
    if not key:
        return None
    kinds = [kind] if kind is not None else [k for k in KIND_TABLES if k is not None]
    found: list[str] = []
    for k in kinds:
        projection, table = KIND_TABLES[k]
        fresh(rm, [projection], catch_up)
        nid = str(natural_id(k, key))
        with rm.connect() as conn:
            if conn.execute(select(table.c.id).where(table.c.id == nid)).first() is not None:
                found.append(nid)
    if kind == "internship" and not found:
        return _internship_of_student(rm, key)
    if len(found) > 1:
        raise AmbiguousIdError(key, kind, len(found))
    return UUID(found[0]) if found else None


def _internship_of_student(rm: ReadModel, key: str) -> UUID | None:
    student = str(natural_id("person", key))
    stmt = (select(internships.c.id, internships.c.external_id).where(internships.c.student_id == student)
            .order_by(internships.c.planned_start))
    with rm.connect() as conn:
        found = [(r[0], r[1]) for r in conn.execute(stmt)]
    if len(found) > 1:
        raise KeyOfManyError(key, found)
    return UUID(found[0][0]) if found else None


def find_by_name(rm: ReadModel, name: str, kind: str = "institution", *, catch_up: bool = True) -> UUID | None:
    """The one institution (or community) named exactly ``name``; ``None`` when none or several."""
    projection, table = KIND_TABLES[kind]
    fresh(rm, [projection], catch_up)
    with rm.connect() as conn:
        found = [r[0] for r in conn.execute(select(table.c.id).where(table.c.name == name.strip()).limit(2))]
    return UUID(found[0]) if len(found) == 1 else None


def is_short_id(text: str) -> bool:
    """Looks like the start of an id (8+ hex digits, hyphens where an id has them)."""
    text = text.strip().lower()
    return len(text) < 36 and PREFIX.fullmatch(text) is not None


def resolve_id(rm: ReadModel, text: str | UUID, kind: str | None = None, *,
               catch_up: bool = True) -> UUID:
    """The one id of ``kind`` that is ``text``, whose external key is ``text``, or that
    starts with ``text``."""
    if isinstance(text, UUID):
        return text
    raw = text.strip().lower()
    try:
        return UUID(raw)
    except ValueError:
        pass
    by_key = resolve_key(rm, text, kind, catch_up=catch_up)
    if by_key is not None:
        return by_key
    if not is_short_id(raw):
        raise ValueError(f"{text!r} is not an id (a UUID, a key such as a student number or 编号, "
                         f"or the first {MIN_PREFIX}+ digits a table shows)")
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
