"""``export_events``: the stored log, its chain records and seals as JSON Lines.

The format (docs/integrity.md) is what tools/gtt_verify.py checks without this library.
"""

from __future__ import annotations

import json
from base64 import b64encode
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from gtt_domain.integrity.canonical import CHAIN_FORMAT, GENESIS, HASH_ALGORITHM
from gtt_domain.integrity.chain import (
    DEFAULT_BATCH,
    BadStoredRow,
    OrphanChainRecord,
    StoredEvent,
    stored_log,
)
from gtt_domain.integrity.store import IntegrityStore, SealRow

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication

FORMAT = "gtt-event-log"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class ExportSummary:
    events: int
    orphan_chain_records: int
    seals: int


def _json_view(app: GttApplication, state: bytes) -> Any:
    """The event's JSON as transcoded, or ``None`` when the store encrypts (or it is not JSON)."""
    mapper = app.mapper
    if mapper.cipher is not None:
        return None
    try:
        data = mapper.compressor.decompress(state) if mapper.compressor else state
        return json.loads(data)
    except (ValueError, TypeError):
        return None


def _line(out: TextIO, obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")


def seal_record(s: SealRow) -> dict[str, Any]:
    return {
        "record": "seal", "number": s.number, "position": s.position, "count": s.count,
        "head": s.head.hex(), "sealed_at": s.sealed_at, "actor": s.actor,
        "signature": b64encode(s.signature).decode() if s.signature is not None else None,
        "public_key": s.public_key.hex() if s.public_key is not None else None,
    }


def export_events(app: GttApplication, out: TextIO, *, batch_size: int = DEFAULT_BATCH) -> ExportSummary:
    """Write header, every record in position order, and a closing count line; adds no rows to the store."""
    _line(out, {
        "record": "header", "format": FORMAT, "format_version": FORMAT_VERSION,
        "hash": HASH_ALGORITHM, "canonicalisation": CHAIN_FORMAT, "genesis": GENESIS.hex(),
        "application": app.name, "exported_at": app.clock().isoformat(),
        "encrypted": app.mapper.cipher is not None,
    })
    events = orphans = seals = 0
    with IntegrityStore(app.url) as store:
        for rec in stored_log(app, store, batch_size):
            if isinstance(rec, StoredEvent):
                events += 1
                _line(out, {
                    "record": "event", "position": rec.position, "originator_id": rec.originator_id,
                    "version": rec.version, "topic": rec.topic,
                    "state_b64": b64encode(rec.state).decode(), "state": _json_view(app, rec.state),
                    "chain": rec.recorded.hex() if rec.recorded is not None else None,
                })
            elif isinstance(rec, BadStoredRow) and rec.stored is not None:
                events += 1  # dumped as stored: the verifier names it as gtt verify does
                _, oid, version, topic, state = rec.stored
                _line(out, {
                    "record": "event", "position": rec.position, "originator_id": oid,
                    "version": version, "topic": topic, "state_b64": b64encode(state).decode(),
                    "state": None, "chain": rec.recorded.hex() if rec.recorded is not None else None,
                })
            elif isinstance(rec, BadStoredRow):
                events += 1  # a row that cannot be written as an event line: say so, with where
                _line(out, {"record": "event", "position": rec.position, "unreadable": rec.reason,
                            "chain": rec.recorded.hex() if rec.recorded is not None else None})
            elif isinstance(rec, OrphanChainRecord):
                orphans += 1
                _line(out, {"record": "chain", "position": rec.position, "chain": rec.chain_hash.hex()})
            else:
                seals += 1
                _line(out, seal_record(rec))
    _line(out, {"record": "end", "events": events, "chain_records_without_event": orphans,
                "seals": seals})
    return ExportSummary(events, orphans, seals)
