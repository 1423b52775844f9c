"""Drafting, signing and activating a two-party agreement in one step."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from gtt_domain.demo.calendar import cmd
from gtt_domain.demo.story import Story


def agreement(story: Story, actor: str, key: str, kind: str, title: str, school: UUID, firm: UUID,
              drafted: date, term_start: date, term_end: date | None, *, majors: list[str] | None = None,
              obligations: list[dict[str, Any]] | None = None, school_role: str = "school",
              firm_role: str = "enterprise") -> UUID:
    aid, ext = story.new_id("agreement", key)
    signed = drafted + timedelta(days=7)
    story.at(drafted, actor, cmd(
        "agreement.draft", kind=kind, title=title, drafted_on=drafted, term_start=term_start,
        term_end=term_end, majors=majors or [], external_id=ext, obligations=obligations or [],
        parties=[{"party_id": school, "role": school_role}, {"party_id": firm, "role": firm_role}]))
    story.at(signed, actor, cmd("agreement.sign", agreement_id=aid, party_id=school, on=signed),
             cmd("agreement.sign", agreement_id=aid, party_id=firm, on=signed + timedelta(days=1)),
             cmd("agreement.activate", agreement_id=aid, on=max(term_start, signed + timedelta(days=1))))
    return aid
