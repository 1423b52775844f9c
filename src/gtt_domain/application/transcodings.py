"""JSON transcodings for the value types our events carry."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any
from uuid import UUID

import orjson
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


#: The first byte of a record in stored format v2 (see docs/integrity.md "Stored format").
#: A tab is JSON whitespace, so a v2 record is still a JSON text (the export's ``state``
#: view and both verifiers read it as before), and v1 records can never start with it:
#: eventsourcing's JSON encoder never writes leading whitespace.
V2_MARKER = b"\t"
_V2_MARKER_BYTE = V2_MARKER[0]
_NATIVE = frozenset({str, int, bool, type(None)})


class _Fallback(Exception):
    """A value orjson would write differently from the v1 encoder: write this record as v1."""


def _meta_to_json(m: EventMeta) -> dict[str, Any]:
    """``EventMeta.to_dict`` with the datetimes left for orjson to write (same text)."""
    out: dict[str, Any] = {"actor": m.actor, "recorded_at": m.recorded_at, "effective_at": m.effective_at,
                           "reason": m.reason, "correlation_id": m.correlation_id}
    if m.os_user is not None:
        out["os_user"] = m.os_user
    return out


def _meta_from_json(d: dict[str, Any]) -> EventMeta:
    """``EventMeta.from_dict`` without the frozen dataclass's per-field ``__setattr__``."""
    m = object.__new__(EventMeta)
    eff = d.get("effective_at")
    m.__dict__.update(actor=str(d["actor"]), recorded_at=datetime.fromisoformat(d["recorded_at"]),
                      effective_at=datetime.fromisoformat(eff) if eff else None, reason=d.get("reason"),
                      correlation_id=d.get("correlation_id"), os_user=d.get("os_user"))
    m.__post_init__()
    return m


#: type -> (transcoding name, to a value orjson writes as v1 would write the transcoding's
#: result); used only while the registered transcoding of the type has that name
_FAST_ENCODE: dict[type[Any], tuple[str, Callable[[Any], Any]]] = {
    UUID: ("uuid_hex", attrgetter("hex")),
    Decimal: ("decimal_str", str),
    datetime: ("datetime_iso", lambda v: v),  # orjson writes datetime.isoformat()'s text
    date: ("date_iso", lambda v: v),
    EventMeta: ("meta", _meta_to_json),
}
_FAST_DECODE: dict[str, Callable[[Any], Any]] = {
    "uuid_hex": UUID, "decimal_str": Decimal, "datetime_iso": datetime.fromisoformat,
    "date_iso": date.fromisoformat, "meta": _meta_from_json,
}


class GttTranscoder(JSONTranscoder):
    """Stored format v2: the v1 JSON (same ``_type_``/``_data_`` tags, same transcodings)
    prefixed with :data:`V2_MARKER`, written and read by orjson with one Python pass over
    the containers instead of the stdlib encoder's per-value callbacks.

    ``decode`` reads both versions and returns what v1's decoder returns (tuples as lists,
    enums as their string values). A value orjson would spell differently from the stdlib
    (a non-finite float, an integer beyond 64 bits, a non-string key) makes the record be
    written in v1, which stays fully supported.
    """

    def __init__(self) -> None:
        super().__init__()
        self._encoders: dict[type[Any], tuple[str, Callable[[Any], Any], bool]] = {}
        self._decoders: dict[str, Callable[[Any], Any]] = {}

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        fast = _FAST_ENCODE.get(transcoding.type)
        if fast is not None and fast[0] == transcoding.name:
            # the value is already JSON-native: no second pass over it
            self._encoders[transcoding.type] = (fast[0], fast[1], True)
        else:
            self._encoders[transcoding.type] = (transcoding.name, transcoding.encode, False)
        self._decoders[transcoding.name] = (
            _FAST_DECODE[transcoding.name] if fast is not None and fast[0] == transcoding.name
            else transcoding.decode)

    def encode(self, obj: Any) -> bytes:
        try:
            return V2_MARKER + orjson.dumps(self._prep(obj))
        except (_Fallback, orjson.JSONEncodeError):
            return super().encode(obj)

    def decode(self, data: bytes) -> Any:
        if data[:1] == V2_MARKER:
            return self._restore(orjson.loads(memoryview(data)[1:]))
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:  # NaN, huge integers: what only the stdlib reads
            return super().decode(data)
        return self._restore(parsed)

    def _prep(self, o: Any) -> Any:
        """``o`` as JSON-native values and tags, exactly as the v1 encoder would spell it."""
        t = type(o)
        if t in _NATIVE:
            return o
        if t is dict:
            prep = self._prep
            encoders = self._encoders
            out = {}
            for k, v in o.items():
                if type(k) is not str:
                    raise _Fallback
                tv = type(v)
                if tv in _NATIVE:
                    out[k] = v
                    continue
                found = encoders.get(tv)
                if found is not None and found[2]:  # what prep(v) returns, without the call
                    out[k] = {"_type_": found[0], "_data_": found[1](v)}
                else:
                    out[k] = prep(v)
            return out
        if t is list or t is tuple:
            prep = self._prep
            return [v if type(v) in _NATIVE else prep(v) for v in o]
        found = self._encoders.get(t)
        if found is not None:
            name, to_data, native = found
            data = to_data(o)
            return {"_type_": name, "_data_": data if native else self._prep(data)}
        if t is float:
            if o != o or o in (float("inf"), float("-inf")):
                raise _Fallback
            return o
        # subclasses the stdlib encoder writes as their base type (StrEnum, IntEnum, ...)
        if isinstance(o, str):
            return str.__str__(o)
        if isinstance(o, int):
            return int.__index__(o)
        if isinstance(o, float | dict | list | tuple):
            raise _Fallback
        return self._encode_obj(o)  # raises TranscodingNotRegisteredError as v1 does

    def _restore(self, o: Any) -> Any:
        """The v1 decoder's result: every tagged dict (innermost first) decoded."""
        t = type(o)
        if t is dict:
            restore = self._restore
            decoders = self._decoders
            for k, v in o.items():
                tv = type(v)
                if tv is dict:
                    # a tagged value with string data (a date, a UUID, a Decimal) is
                    # decoded here, as restore(v) would, without the call
                    if len(v) == 2 and type(data := v.get("_data_")) is str:
                        decode = decoders.get(v.get("_type_"))
                        if decode is not None:
                            o[k] = decode(data)
                            continue
                    o[k] = restore(v)
                elif tv is list:
                    o[k] = restore(v)
            if len(o) == 2 and "_type_" in o and "_data_" in o:
                decode = self._decoders.get(o["_type_"])
                return decode(o["_data_"]) if decode is not None else self._decode_obj(o)
            return o
        if t is list:
            restore = self._restore
            decoders = self._decoders
            for i, v in enumerate(o):
                tv = type(v)
                if tv is dict:
                    if len(v) == 2 and type(data := v.get("_data_")) is str:
                        decode = decoders.get(v.get("_type_"))
                        if decode is not None:
                            o[i] = decode(data)
                            continue
                    o[i] = restore(v)
                elif tv is list:
                    o[i] = restore(v)
        return o
