"""What P1 counts in an education group, defined once for the audit (P1 pack) and the
group scorecard, so both count the same facts.

* P1-R5: the head school sends mid-level cadres or backbone teachers to *weak* branches
  (``out``): support teaching or rotation from the head to a branch assessed weak on the
  start day (every branch counts when no branch was ever assessed).
* P1-R6: the branches send an equal number of cadres or backbone teachers to the head school
  for shadow learning (``in``): shadow learning or rotation from a branch to the head.
* Both count a person who is a cadre, or holds the role ``mid_level_cadre`` or
  ``backbone_teacher``, on the exchange's start day; per school year (September–August),
  from the school year the group was set up.
* P1-R9: a branch subject teacher (a teacher at home at a branch) spends at least one day a
  term month at the head school attending lessons: ``shadow_day`` activities they took part
  in, plus days on site of their shadow-learning exchange hosted by the head school.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Any

OUT_KINDS: tuple[str, ...] = ("support_teaching", "rotation")
IN_KINDS: tuple[str, ...] = ("shadow_learning", "rotation")
ELIGIBLE_ROLES: tuple[str, ...] = ("backbone_teacher", "mid_level_cadre")
ELIGIBLE_PERSON_KINDS: tuple[str, ...] = ("cadre",)
SHADOW_ACTIVITY = "shadow_day"
SHADOW_EXCHANGE = "shadow_learning"
TEACHER = "teacher"


def eligible(person: Any, day: date, roles: Collection[str] = ELIGIBLE_ROLES,
             kinds: Collection[str] = ELIGIBLE_PERSON_KINDS) -> bool:
    """A mid-level cadre or backbone teacher on ``day`` (``person`` has ``kind`` and ``roles_on``)."""
    if person is None:
        return False
    return person.kind in kinds or bool(set(roles) & set(person.roles_on(day)))


def direction(kind: str, sending: str, host: str, head: str, role_on: Callable[[str, date], str | None],
              day: date, weak: set[str] | None, out_kinds: Collection[str] = OUT_KINDS,
              in_kinds: Collection[str] = IN_KINDS) -> str | None:
    """``"out"`` (head to a weak branch), ``"in"`` (a branch to the head) or None."""
    if sending == head and kind in out_kinds and role_on(host, day) == "branch":
        return "out" if weak is None or host in weak else None
    if host == head and kind in in_kinds and role_on(sending, day) == "branch":
        return "in"
    return None
