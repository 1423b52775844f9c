"""Commands on specialty exemptions filed with an authority (N-INT-5, N-INT-6)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from gtt_domain.commands.base import Command
from gtt_domain.domain.exemption import ExemptionKind
from gtt_domain.domain.internship_state import PostCategory


class FileExemption(Command):
    """Record an exemption a school filed with the competent authority (备案): what it allows,
    for which hosts, majors, post categories or internships (none listed: all of the
    school's), from and until a date (both included)."""

    group = "exemption"
    verb = "file"
    example = ("gtt exemption file --kind night_shift --authority 'Quanzhou Education Bureau' "
               "--reference 'QZ-2025-017' --filed-on 2025-02-10 --school-id SID --host-ids HID "
               "--majors 460701 --from-day 2025-02-20 --until 2025-06-30")

    kind: ExemptionKind
    authority: str = Field(min_length=1, max_length=200)
    reference: str = Field(min_length=1, max_length=200, description="the filing's number")
    filed_on: date
    school_id: UUID
    host_ids: list[UUID] = Field(default_factory=list)
    majors: list[str] = Field(default_factory=list)
    post_categories: list[PostCategory] = Field(default_factory=list)
    internship_ids: list[UUID] = Field(default_factory=list)
    from_day: date
    until: date | None = None
    note: str | None = Field(None, max_length=500)


class RevokeExemption(Command):
    """Record that an exemption no longer applies from a date."""

    group = "exemption"
    verb = "revoke"
    example = "gtt exemption revoke --exemption-id EID --on 2025-05-01 --reason 'post changed'"

    exemption_id: UUID
    on: date
    reason: str = Field(min_length=1, max_length=500)


COMMANDS: tuple[type[Command], ...] = (FileExemption, RevokeExemption)
