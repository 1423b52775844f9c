"""Pointers from facts back to the stored events they came from (a finding's evidence)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from gtt_domain.audit.findings import Evidence


@dataclass(frozen=True, slots=True)
class Ref:
    """One stored event: ``<aggregate id>:<version>``, its log position and type."""

    event_id: str
    position: int | None
    event_type: str
    effective: date

    def evidence(self, note: str = "") -> Evidence:
        return Evidence(event_id=self.event_id, position=self.position,
                        event_type=self.event_type, note=note)


class EventIndex:
    """The applied events of one aggregate, findable by type and field values."""

    def __init__(self, aggregate_id: Any, applied: Iterable[tuple[int, int | None, Any]]):
        self.items: list[tuple[Ref, Any]] = []
        self._by_type: dict[str, list[tuple[Ref, Any]]] = {}
        self._keyed: dict[tuple[str, str], dict[Any, list[tuple[Ref, Any]]]] = {}
        self._versions: dict[int, Ref] | None = None
        for version, position, event in applied:
            meta = getattr(event, "meta", None)
            eff = meta.effective if meta is not None else event.timestamp
            ref = Ref(f"{aggregate_id}:{version}", position, type(event).__name__, eff.date())
            self.items.append((ref, event))
            self._by_type.setdefault(ref.event_type, []).append((ref, event))

    def all(self, event_type: str, **match: Any) -> list[tuple[Ref, Any]]:
        """Events of ``event_type`` whose fields equal ``match``, in order (one field: indexed)."""
        if len(match) == 1:
            [(field, value)] = match.items()
            index = self._keyed.get((event_type, field))
            if index is None:
                index = {}
                for r, e in self._by_type.get(event_type, []):
                    index.setdefault(getattr(e, field, None), []).append((r, e))
                self._keyed[(event_type, field)] = index
            return list(index.get(value, []))
        return [(r, e) for r, e in self._by_type.get(event_type, [])
                if all(getattr(e, k, None) == v for k, v in match.items())]

    def first(self, event_type: str, **match: Any) -> Ref | None:
        found = self.all(event_type, **match)
        return found[0][0] if found else None

    def last(self, event_type: str, **match: Any) -> Ref | None:
        found = self.all(event_type, **match)
        return found[-1][0] if found else None

    def nth(self, event_type: str, n: int) -> Ref | None:
        found = self.all(event_type)
        return found[n][0] if 0 <= n < len(found) else None

    def by_version(self, version: int) -> Ref | None:
        """The applied event of that version (a corrected fact cites its correction)."""
        if self._versions is None:
            self._versions = {int(r.event_id.rsplit(":", 1)[1]): r for r, _ in self.items}
        return self._versions.get(version)

    @property
    def created(self) -> Ref:
        return self.items[0][0]


class RefIndex:
    """The few events of a subject that rules cite by type, read from fact tables.

    It answers like :class:`EventIndex` for the types it was given and refuses others, so
    a rule that starts citing a new event type fails its equality test with the replay
    instead of silently citing nothing.
    """

    def __init__(self, created: Ref, by_type: dict[str, list[Ref]]):
        self._created = created
        self._by_type = by_type

    @property
    def created(self) -> Ref:
        return self._created

    def all(self, event_type: str, **match: Any) -> list[tuple[Ref, Any]]:
        if match or event_type not in self._by_type:
            raise KeyError(f"fact tables do not index {event_type} {match or ''}".strip())
        return [(r, None) for r in self._by_type[event_type]]

    def first(self, event_type: str, **match: Any) -> Ref | None:
        found = self.all(event_type, **match)
        return found[0][0] if found else None

    def last(self, event_type: str, **match: Any) -> Ref | None:
        found = self.all(event_type, **match)
        return found[-1][0] if found else None


def parse_ref(aggregate_id: str, text: str | None) -> Ref | None:
    """A :class:`Ref` from its stored form ``version|position|type|effective day``."""
    if not text:
        return None
    version, position, event_type, day = text.split("|")
    return Ref(f"{aggregate_id}:{version}", int(position) if position else None, event_type,
               date.fromisoformat(day))


class StoredRef:
    """A :class:`Ref` kept in its stored form and decoded on first use: an audit reads a
    pointer for every attendance day, and cites few of them. Equal to the :class:`Ref` it
    decodes to."""

    __slots__ = ("_aggregate_id", "_text", "_ref")

    def __init__(self, aggregate_id: str, text: str):
        self._aggregate_id = aggregate_id
        self._text = text
        self._ref: Ref | None = None

    def resolve(self) -> Ref:
        if self._ref is None:
            found = parse_ref(self._aggregate_id, self._text)
            assert found is not None
            self._ref = found
        return self._ref

    @property
    def event_id(self) -> str:
        return self.resolve().event_id

    @property
    def position(self) -> int | None:
        return self.resolve().position

    @property
    def event_type(self) -> str:
        return self.resolve().event_type

    @property
    def effective(self) -> date:
        return self.resolve().effective

    def evidence(self, note: str = "") -> Evidence:
        return self.resolve().evidence(note)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StoredRef):
            other = other.resolve()
        return self.resolve() == other

    def __hash__(self) -> int:
        return hash(self.resolve())

    def __repr__(self) -> str:
        return repr(self.resolve())
