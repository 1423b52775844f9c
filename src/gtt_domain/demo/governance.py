"""Where the demo's rules apply, when its schools are in session, and how findings are answered.

Every school records its terms for the two school years (``demo.calendar.TERMS``); each
plan is adopted by those it belongs to: the education groups adopt P1, the high school P2
and P5, the bureau the city's P3, the college P6, P8-P9 and P12, the secondary vocational
school P7, the air-conditioning training-base agreement P10 and the enterprise-named class P13. Some findings get an
answer: the missing ID copy is acknowledged and remedied, group B's underfunding is waived
by the bureau until the end of 2026, and the 2+1 class's host files an overtime exemption
for its spring 2026 line work (those overtime findings are exempt, still counted).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from gtt_domain.demo.calendar import TERMS, cmd
from gtt_domain.demo.story import Story


def school_calendar(story: Story, day: date, actor: str, school: UUID) -> None:
    """Record the demo's terms for ``school`` (entered on ``day``)."""
    story.at(day, actor, *[cmd("calendar.set", institution_id=school, entry="term", label=label,
                               first_day=first, last_day=last) for label, first, last in TERMS])


def adopt(story: Story, day: date, actor: str, pack: str, adopter: str, adopter_id: UUID, *,
          since: date | None = None, authority: str | None = None) -> None:
    """``adopter`` (institution, agreement or community) adopts ``pack`` from ``since``."""
    story.at(day, actor, cmd("adoption.adopt", pack_id=pack, from_day=since or day, authority=authority,
                             **{f"{adopter}_id": adopter_id}))


def answer(story: Story, day: date, actor: str, step: str, rule_id: str, subject: UUID, what: str,
           **fields: object) -> None:
    """Record a step (``ack``, ``waive``, ``remedy`` …) on the finding ``rule_id|subject|what``."""
    story.at(day, actor, cmd(f"finding.{step}", key=f"{rule_id}|{subject}|{what}", **fields))
