"""Id parameters that take a whole id, an office's key or the short id a table printed.

A whole UUID is taken as it is (no database work). Anything else is looked up in the read
table of the kind (:func:`gtt_projections.queries.ids.resolve_id`): first as the key the
aggregate was registered with (学号, credit code, 编号, agreement number; for an
internship also its student's number), then as 8 or more leading hex digits. An unknown
or ambiguous id is a usage error (exit 2) naming the parameter.
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
        from gtt_projections.queries.ids import AmbiguousIdError, resolve_id

        from gtt_domain.domain.errors import NotFoundError

        gtt = ctx.find_object(_context_class()) if ctx is not None else None
        if gtt is None or not text:  # no application to look in (called outside ``gtt``)
            self.fail(f"{value!r} is not an id (a UUID)", param, ctx)
        from gtt_cli.readside import read_model

        try:
            return resolve_id(read_model(gtt), text, self.kind)
        except AmbiguousIdError as e:
            self.fail(str(e), param, ctx)
        except NotFoundError:
            self.fail(f"{text!r} matches no {self.kind or 'record'}", param, ctx)
        except ValueError as e:
            self.fail(str(e), param, ctx)


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
