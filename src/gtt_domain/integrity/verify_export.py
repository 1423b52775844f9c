"""``verify_export``: the library's own check of a JSON Lines export (docs/integrity.md).

The same rules as ``verify`` (shared :class:`Checker`), applied to the file that
tools/gtt_verify.py checks; the test vectors under tests/integrity/vectors must get the
same verdict from both.
"""

from __future__ import annotations

import json
import re
import zlib
from base64 import b64decode
from collections.abc import Iterable, Sequence
from typing import Any, cast

from gtt_domain.domain.errors import GttError
from gtt_domain.integrity.canonical import CHAIN_FORMAT, GENESIS, HASH_ALGORITHM
from gtt_domain.integrity.check import Checker, ReceiptSeal
from gtt_domain.integrity.export import FORMAT, FORMAT_VERSION
from gtt_domain.integrity.keys import PublicKeySource, load_public_key
from gtt_domain.integrity.report import ALTERED, UNREADABLE, Problem, VerifyReport
from gtt_domain.integrity.store import SealRow

_CANONICAL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
VIEW = "view"


class ExportFormatError(GttError):
    """Not a complete export in a known format (exit 2); names the line."""


def _get(r: dict[str, Any], name: str, kind: type | tuple[type, ...], n: int, nullable: bool = False) -> Any:
    value = r.get(name)
    if value is None and nullable and name in r:
        return None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ExportFormatError(f"line {n}: malformed {r.get('record')} record (field {name!r})")
    return value


def _hex(value: str, n: int, name: str) -> bytes:
    if not _HEX64.fullmatch(value):
        raise ExportFormatError(f"line {n}: field {name!r} is not 64 lower-case hex digits")
    return bytes.fromhex(value)


def _view_matches(raw: bytes, view: Any) -> bool:
    """The ``state`` view must be what the stored bytes (plain or zlib JSON) say."""
    for decode in (bytes, zlib.decompress):
        try:
            return bool(json.loads(decode(raw)) == view)
        except (ValueError, zlib.error):
            continue
    return False


def _record(checker: Checker, kind: str, r: dict[str, Any], n: int, last_position: int) -> None:
    """Check one event, chain or seal line and feed it to the checker."""
    position = _get(r, "position", int, n)
    if kind == "seal":  # placed after the record at its position
        if position < last_position:
            raise ExportFormatError(f"line {n}: seal at position {position} after position "
                                    f"{last_position} (records out of order)")
        sig, pub = _get(r, "signature", str, n, True), _get(r, "public_key", str, n, True)
        try:
            signature = b64decode(sig, validate=True) if sig is not None else None
            public_key = bytes.fromhex(pub) if pub is not None else None
        except ValueError:
            raise ExportFormatError(f"line {n}: malformed seal record (signature or public_key)") from None
        checker.seal(SealRow(_get(r, "number", int, n), position, _get(r, "count", int, n),
                             _hex(_get(r, "head", str, n), n, "head"), _get(r, "sealed_at", str, n),
                             _get(r, "actor", str, n), signature, public_key))
        return
    if position <= last_position:
        raise ExportFormatError(f"line {n}: position {position} does not follow position "
                                f"{last_position} (records out of order or repeated)")
    if kind == "chain":
        _hex(_get(r, "chain", str, n), n, "chain")
        checker.orphan(position)
        return
    if "unreadable" in r:  # a stored row gtt would not write (export: wrong type or NULL)
        chain = _get(r, "chain", str, n, True)
        checker.bad_row(position, UNREADABLE, str(r["unreadable"]),
                        _hex(chain, n, "chain") if chain is not None else None)
        return
    oid = _get(r, "originator_id", str, n)
    version, topic = _get(r, "version", int, n), _get(r, "topic", str, n)
    chain = _get(r, "chain", str, n, True)
    recorded = _hex(chain, n, "chain") if chain is not None else None
    try:
        state = b64decode(_get(r, "state_b64", str, n), validate=True)
    except ValueError:
        raise ExportFormatError(f"line {n}: field 'state_b64' is not base64") from None
    if not _CANONICAL_ID.fullmatch(oid):
        checker.bad_row(position, ALTERED, f"originator_id {oid[:40]!r} is not a lower-case UUID "
                        "as gtt writes it; replay would not find this event", recorded)
        return
    checker.event(position, oid, version, topic, state, recorded)
    view = r.get("state")
    if checker.problem is None and view is not None and not _view_matches(state, view):
        checker.report.problem = Problem(position, VIEW, "the decoded 'state' view differs from the stored bytes")


def verify_export(lines: Iterable[str], public_key: PublicKeySource | Sequence[PublicKeySource] = None,
                  *, receipts: Sequence[ReceiptSeal] = (), signed_from: int = 1) -> VerifyReport:
    """Check an export read line by line; :class:`ExportFormatError` when it is not a
    complete export (the report's ``exit_code`` is 0, 1 or 2 otherwise)."""
    # str and bytes are Sequences too: anything but a list or tuple is one source
    sources = list(public_key) if isinstance(public_key, list | tuple) else [cast(PublicKeySource, public_key)]
    keys = [k for k in (load_public_key(s) for s in sources if s is not None) if k is not None]
    checker = Checker(keys, receipts, signed_from)
    counts = {"event": 0, "chain": 0, "seal": 0}
    header = end = None
    last_position = 0  # of the last event or chain record
    n = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            raise ExportFormatError(f"line {n}: blank line")
        try:
            r = json.loads(line)
            kind = r["record"]
        except (ValueError, KeyError, TypeError):
            raise ExportFormatError(f"line {n}: not a record") from None
        if end is not None:
            raise ExportFormatError(f"line {n}: record after the end line")
        if header is None:
            known = (r.get("format"), r.get("format_version"), r.get("hash"), r.get("canonicalisation"))
            if kind != "header":
                raise ExportFormatError("the first line is not the header")
            if known != (FORMAT, FORMAT_VERSION, HASH_ALGORITHM, CHAIN_FORMAT) or r.get("genesis") != GENESIS.hex():
                raise ExportFormatError(f"unknown export format {known}")
            header = r
            continue
        if kind == "end":
            end = r
            continue
        if kind not in counts:
            raise ExportFormatError(f"line {n}: unknown record {kind!r}")
        counts[kind] += 1
        _record(checker, kind, r, n, last_position)
        if kind != "seal":
            last_position = r["position"]
        if checker.problem is not None:
            return checker.finish()  # the first problem is the verdict; reading stops there
    if header is None:
        raise ExportFormatError("empty file: not an export")
    if end is None:
        raise ExportFormatError("no end line: the export is incomplete")
    if (end.get("events"), end.get("chain_records_without_event"), end.get("seals")) != (
            counts["event"], counts["chain"], counts["seal"]):
        raise ExportFormatError("the end line's counts do not match the records: the export is incomplete")
    return checker.finish()
