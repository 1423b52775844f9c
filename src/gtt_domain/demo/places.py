"""Registering institutions with natural-key ids."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from gtt_domain.demo.calendar import cmd
from gtt_domain.demo.story import Story


def institution(story: Story, day: date, actor: str, key: str, kind: str, name: str, region: str,
                *, locality: str | None = None, stage: str | None = None) -> UUID:
    iid, ext = story.new_id("institution", key)
    story.at(day, actor, cmd("institution.register", kind=kind, name=name, region=region,
                             locality=locality, school_stage=stage, external_id=ext))
    return iid
