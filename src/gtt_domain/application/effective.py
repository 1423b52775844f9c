"""When a recorded fact took effect: a command's explicit date, else when it was recorded
(today). A back-filled history gives its dates, so it never silently becomes "now"."""

from __future__ import annotations

from datetime import date

from gtt_domain.domain.meta import EventMeta


def dated(meta: EventMeta, day: date | None) -> EventMeta:
    """``meta`` taking effect on ``day`` (omitted: when recorded, i.e. today)."""
    return meta.effective_on(day) if day is not None else meta
