"""Commands on adoptions: an institution, agreement or community adopts a rule pack
(``gtt rules adopt``), or stops applying it."""

from __future__ import annotations

from datetime import date
from typing import Self
from uuid import UUID

from pydantic import Field, model_validator

from gtt_domain.commands.base import Command

PackId = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$", description="a rule pack id (P10, COUNTY)")


class _Adopter(Command):
    group = "adoption"
    write_cli = False

    pack_id: str = PackId
    institution_id: UUID | None = None
    agreement_id: UUID | None = None
    community_id: UUID | None = None

    @model_validator(mode="after")
    def _one_adopter(self) -> Self:
        given = [n for n in ("institution_id", "agreement_id", "community_id") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("name exactly one adopter: institution_id, agreement_id or community_id")
        return self

    @property
    def adopter(self) -> tuple[str, str]:
        """``(kind, id)`` of the adopter."""
        for kind in ("institution", "agreement", "community"):
            value = getattr(self, f"{kind}_id")
            if value is not None:
                return kind, str(value)
        raise AssertionError("validated: one adopter")


class AdoptPack(_Adopter):
    """Record that an institution, agreement or community adopts a rule pack from a date
    (and until a date, both days included); its plan's rules apply to it only then."""

    verb = "adopt"
    cli_path = ("rules", "adopt")
    example = "gtt rules adopt P10 --agreement AID --from 2024-11-01"

    from_day: date
    until: date | None = None
    authority: str | None = Field(None, max_length=200, description="who decided (a council, a bureau)")
    reference: str | None = Field(None, max_length=200, description="the decision's document number")


class EndAdoption(_Adopter):
    """Record that an adopter stops applying a pack after a day (the last day it applied)."""

    verb = "end"
    cli_path = ("rules", "end-adoption")
    example = "gtt rules end-adoption P10 --agreement AID --until 2027-10-31"

    until: date
    reason: str | None = Field(None, max_length=500)


COMMANDS: tuple[type[Command], ...] = (AdoptPack, EndAdoption)
