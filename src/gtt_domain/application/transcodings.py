"""JSON transcodings for the value types our events carry."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.persistence import Transcoder, Transcoding

from gtt_domain.domain.meta import EventMeta


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EventMetaAsDict(Transcoding):
    type = EventMeta
    name = "meta"

    def encode(self, obj: EventMeta) -> dict[str, Any]:
        return obj.to_dict()

    def decode(self, data: dict[str, Any]) -> EventMeta:
        return EventMeta.from_dict(data)


class SetAsSortedList(Transcoding):
    type = set
    name = "set"

    def encode(self, obj: set[Any]) -> list[Any]:
        return sorted(obj, key=repr)

    def decode(self, data: list[Any]) -> set[Any]:
        return set(data)


def register(transcoder: Transcoder) -> None:
    for t in (DateAsISO(), EventMetaAsDict(), SetAsSortedList()):
        transcoder.register(t)
