"""JSON transcodings for the value types our events carry."""

from __future__ import annotations

import base64
import dataclasses
from datetime import date
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from gtt_domain.domain.base import STATE_TYPES
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


class BytearrayAsBase64(Transcoding):
    """Compact day books (``internship_state.DayBook``) hold their days in a bytearray."""

    type = bytearray
    name = "bytearray_b64"

    def encode(self, obj: bytearray) -> str:
        return base64.b64encode(obj).decode("ascii")

    def decode(self, data: str) -> bytearray:
        return bytearray(base64.b64decode(data))


class DataclassAsDict(Transcoding):
    """Transcodes a state dataclass (see ``domain.base.state_type``) by its fields."""

    def __init__(self, cls: type[Any]):
        self.type = cls
        self.name = f"{cls.__module__}.{cls.__qualname__}"

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


def register(transcoder: JSONTranscoder) -> None:
    for t in (DateAsISO(), EventMetaAsDict(), SetAsSortedList(), BytearrayAsBase64()):
        transcoder.register(t)
    for cls in STATE_TYPES:
        transcoder.register(DataclassAsDict(cls))
