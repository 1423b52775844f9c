"""Names for ids, so people read "林明辉 at Midea" rather than two UUIDs.

Institution, community and agreement names come from their read tables. A person's name
is personal data and never reaches a read table: it is read from the Person's own
(decrypted) events when asked for, and is ``None`` once the personal data is erased or
its key shredded. Ids without a row are left out of the answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from gtt_projections.queries.base import fresh
from gtt_projections.tables.agreements import agreements
from gtt_projections.tables.communities import communities
from gtt_projections.tables.institutions import institutions
from sqlalchemy import Table, select

from gtt_domain.application.policy import MASKED, may_read_personal

if TYPE_CHECKING:
    from gtt_projections.readmodel import ReadModel

#: ids per query (an IN list well under every backend's parameter limit)
CHUNK = 500


def _ids(ids: Iterable[UUID | str | None]) -> list[str]:
    return sorted({str(i) for i in ids if i is not None})


def _names(rm: ReadModel, table: Table, column: str, ids: Iterable[UUID | str | None]) -> dict[str, str]:
    wanted = _ids(ids)
    out: dict[str, str] = {}
    with rm.connect() as conn:
        for n in range(0, len(wanted), CHUNK):
            chunk = wanted[n:n + CHUNK]
            stmt = select(table.c.id, table.c[column]).where(table.c.id.in_(chunk))
            out.update({row[0]: row[1] for row in conn.execute(stmt)})
    return out


def institution_names(rm: ReadModel, ids: Iterable[UUID | str | None], *,
                      catch_up: bool = True) -> dict[str, str]:
    """Institution id -> its current name."""
    fresh(rm, ["institutions"], catch_up)
    return _names(rm, institutions, "name", ids)


def community_names(rm: ReadModel, ids: Iterable[UUID | str | None], *,
                    catch_up: bool = True) -> dict[str, str]:
    """Community id -> its name."""
    fresh(rm, ["communities"], catch_up)
    return _names(rm, communities, "name", ids)


def agreement_titles(rm: ReadModel, ids: Iterable[UUID | str | None], *,
                     catch_up: bool = True) -> dict[str, str]:
    """Agreement id -> its title."""
    fresh(rm, ["agreements"], catch_up)
    return _names(rm, agreements, "title", ids)


def person_names(rm: ReadModel, ids: Iterable[UUID | str | None]) -> dict[str, str | None]:
    """Person id -> name from the Person's events (``None`` when erased or unreadable;
    ``MASKED`` for every id when the policy does not let the actor read personal fields).

    One aggregate load per person (about 0.3 ms each on SQLite): meant for the rows a
    person is about to read, not for whole-table exports."""
    out: dict[str, str | None] = {}
    if not may_read_personal(rm.app):  # the policy withholds personal fields from this actor
        return {pid: MASKED for pid in _ids(ids)}
    for pid in _ids(ids):
        try:
            person: Any = rm.app.repository.get(UUID(pid))
        except AggregateNotFoundError:
            continue
        personal = getattr(person, "personal", None)
        name = personal.get("name") if isinstance(personal, dict) and not getattr(person, "erased", False) else None
        out[pid] = name
    return out


def subject_names(rm: ReadModel, subjects: Iterable[tuple[str, UUID | str]], *,
                  catch_up: bool = True) -> dict[tuple[str, str], str | None]:
    """``(kind, id)`` -> what a reader calls it: an institution's or community's name, an
    agreement's title, a person's name, and for an internship or exchange the name of the
    person on it. Kinds without a name are left out."""
    from gtt_projections.tables.exchanges import exchanges
    from gtt_projections.tables.internships import internships

    wanted: dict[str, set[str]] = {}
    for kind, ident in subjects:
        wanted.setdefault(kind, set()).add(str(ident))
    out: dict[tuple[str, str], str | None] = {}
    people: dict[tuple[str, str], str] = {}
    for kind, table, column in (("internship", internships, "student_id"), ("exchange", exchanges, "person_id")):
        if wanted.get(kind):
            fresh(rm, [table.name], catch_up)
            people.update({(kind, i): p for i, p in _names(rm, table, column, wanted[kind]).items()})
    named = person_names(rm, [*people.values(), *wanted.get("person", ())])
    out.update({key: named.get(pid) for key, pid in people.items()})
    out.update({("person", i): named.get(i) for i in wanted.get("person", ())})
    for kind, lookup in (("institution", institution_names), ("community", community_names),
                         ("agreement", agreement_titles)):
        if wanted.get(kind):
            out.update({(kind, i): n for i, n in lookup(rm, wanted[kind], catch_up=catch_up).items()})
    return out
