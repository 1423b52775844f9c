"""How fact rows hold values: an aggregate's folded state and the index of its applied
events (the store's own JSON transcodings), and small collections kept as one item.
Read by the audit's queries and written by the fact projections."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.application import DatetimeAsISO, DecimalAsStr, UUIDAsHex
from eventsourcing.persistence import JSONTranscoder

from gtt_domain.application import transcodings
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.person import Person

#: aggregate attributes never stored in a read table
PRIVATE = {"_id", "_version", "_pending_events", "personal"}
#: event fields never copied into the index
UNINDEXED = {"originator_id", "originator_version", "timestamp", "meta", "personal"}


@cache
def codec() -> JSONTranscoder:
    """The store's own JSON transcodings (dates, decimals, state records)."""
    t = JSONTranscoder()
    for tc in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        t.register(tc)
    transcodings.register(t)
    return t


def dump_state(aggregate: Any) -> str:
    state = {k: v for k, v in vars(aggregate).items() if k not in PRIVATE}
    return codec().encode(state).decode("utf-8")


@cache
def decoder() -> JSONTranscoder:
    """What reads :func:`codec`'s text back, faster: the store's v2 transcoder, whose
    ``decode`` returns for a v1 text what the v1 decoder returns (orjson, one pass)."""
    t = transcodings.GttTranscoder()
    for tc in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        t.register(tc)
    transcodings.register(t)
    return t


def load_state(cls: type[Any], aggregate_id: str, version: int, text: str) -> Any:
    state = decoder().decode(text.encode("utf-8"))
    state.update(_id=UUID(aggregate_id), _version=version, _pending_events=[])
    if cls is Person:
        state["personal"] = None
    aggregate = object.__new__(cls)
    object.__setattr__(aggregate, "__dict__", state)
    return aggregate


def index_entry(event: Any, position: int) -> list[Any]:
    """``[version, position, type, meta, fields]`` of an applied event (meta: who recorded
    it and when, as a dict; the event's timestamp for an event without one)."""
    meta = getattr(event, "meta", None)
    stamp = meta.to_dict() if meta is not None else {"timestamp": event.timestamp.isoformat()}
    fields = {k: v for k, v in vars(event).items() if k not in UNINDEXED}
    return [event.originator_version, position, type(event).__name__, stamp, fields]


def dump_index(entries: list[list[Any]]) -> str:
    return codec().encode(entries).decode("utf-8")


def load_index(text: str) -> list[list[Any]]:
    out: list[list[Any]] = decoder().decode(text.encode("utf-8"))
    return out


@dataclass
class _Stamp:
    """The ``meta`` of an event that has none (only a timestamp)."""

    effective: datetime
    recorded_at: datetime


@cache
def indexed_type(name: str) -> type[Any]:
    """A stand-in class named like the event type (the index finds events by class name)."""
    return type(name, (), {})


def indexed_event(entry: list[Any]) -> tuple[int, int, Any]:
    """``(version, position, event)`` for :class:`gtt_domain.audit.refs.EventIndex`."""
    version, position, name, stamp, fields = entry
    event = indexed_type(name)()
    event.__dict__.update(fields)
    if "timestamp" in stamp:
        moment = datetime.fromisoformat(stamp["timestamp"])
        event.meta = _Stamp(moment, moment)
    else:
        event.meta = EventMeta.from_dict(stamp)
    return version, position, event


# --- JSON for small collections kept as one item (their mutators read each other) -----------

def _default(o: Any) -> Any:
    if isinstance(o, datetime | date):
        return {"$d": o.isoformat()}
    if isinstance(o, Decimal):
        return {"$n": str(o)}
    raise TypeError(f"cannot store {type(o).__name__} in a fact list")


def _hook(d: dict[str, Any]) -> Any:
    if len(d) == 1:
        if "$d" in d:
            text = d["$d"]
            return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        if "$n" in d:
            return Decimal(d["$n"])
    return d


def dump_list(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, default=_default, sort_keys=True, ensure_ascii=False)


_MOMENTS: dict[str, date | datetime] = {}


def _moment(text: str) -> date | datetime:
    """What :func:`_hook` makes of ``{"$d": text}``, parsed once per text (a list of
    documents repeats the same few hundred days)."""
    found = _MOMENTS.get(text)
    if found is None:
        if len(_MOMENTS) > 100_000:
            _MOMENTS.clear()
        found = _MOMENTS[text] = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    return found


def _restored(o: Any) -> Any:
    """``o`` parsed by orjson, with what :func:`_hook` does to every dict (innermost first)."""
    t = type(o)
    if t is dict:
        for k, v in o.items():
            tv = type(v)
            if tv is dict:
                # a date or moment (most nested dicts): as _hook, without the recursion
                o[k] = _moment(v["$d"]) if len(v) == 1 and type(v.get("$d")) is str else _restored(v)
            elif tv is list:
                o[k] = _restored(v)
        return _hook(o)
    if t is list:
        for i, v in enumerate(o):
            tv = type(v)
            if tv is dict or tv is list:
                o[i] = _restored(v)
    return o


def load_list(text: str | None) -> list[dict[str, Any]]:
    """What ``json.loads(text, object_hook=_hook)`` returns, parsed by orjson (three times
    faster; what only the stdlib reads — NaN, integers beyond 64 bits — by the stdlib)."""
    if not text:
        return []
    try:
        parsed = orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text, object_hook=_hook)  # type: ignore[no-any-return]
    return _restored(parsed)  # type: ignore[no-any-return]


