"""Id parameters that take a whole id or the short id a table printed.

A whole UUID is taken as it is (no database work); 8 or more leading hex digits are looked
up in the read table of the kind (:func:`gtt_projections.queries.ids.resolve_id`). A
malformed, unknown or ambiguous id is a usage error (exit 2) naming the parameter.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import click


class AggregateId(click.ParamType):
    """An id of ``kind`` (``None``: of any aggregate)."""

    name = "id"

    def __init__(self, kind: str | None = None) -> None:
        self.kind = kind

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> UUID:
        if isinstance(value, UUID):
            return value
        text = str(value).strip()
        try:
            return UUID(text)
        except ValueError:
            pass
        from gtt_projections.queries.ids import AmbiguousIdError, is_short_id, resolve_id

        from gtt_domain.domain.errors import NotFoundError

        if not is_short_id(text):
            self.fail(f"{value!r} is not an id (a UUID, or the first 8+ digits a table shows)", param, ctx)
        gtt = ctx.find_object(_context_class()) if ctx is not None else None
        if gtt is None:  # no application to look in (called outside ``gtt``)
            self.fail(f"{value!r} is not an id (a UUID)", param, ctx)
        from gtt_cli.commands.projections import read_model

        try:
            return resolve_id(read_model(gtt), text, self.kind)
        except AmbiguousIdError as e:
            self.fail(str(e), param, ctx)
        except NotFoundError:
            self.fail(f"{text!r} matches no {self.kind or 'record'}", param, ctx)


def _context_class() -> type:
    from gtt_cli.context import GttContext

    return GttContext


ANY_ID = AggregateId()
INSTITUTION_ID = AggregateId("institution")
PERSON_ID = AggregateId("person")
COMMUNITY_ID = AggregateId("community")
AGREEMENT_ID = AggregateId("agreement")
EXCHANGE_ID = AggregateId("exchange")
INTERNSHIP_ID = AggregateId("internship")
