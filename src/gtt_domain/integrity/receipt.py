"""Seal receipts: a seal's fields in a small JSON file kept outside the store.

A receipt is what makes a rollback visible: deleting the tail of the log together with
the seals after it leaves a store that is consistent with itself, but no longer holds
what the receipt says was sealed. ``gtt audit seal --receipt FILE`` writes one;
``gtt audit verify --receipt FILE`` checks the store against it (docs/integrity.md).
"""

from __future__ import annotations

import json
import os
from base64 import b64decode, b64encode
from pathlib import Path
from typing import Any

from gtt_domain.domain.errors import GttError
from gtt_domain.integrity.canonical import CHAIN_FORMAT
from gtt_domain.integrity.check import ReceiptSeal
from gtt_domain.integrity.store import SealRow

RECEIPT_FORMAT = "gtt-seal-receipt"
RECEIPT_VERSION = 1
#: a receipt is a few hundred bytes; anything much larger is not one
MAX_RECEIPT_BYTES = 64 * 1024


class ReceiptError(GttError):
    """A receipt file cannot be written or read as a gtt seal receipt."""


def receipt_record(s: SealRow) -> dict[str, Any]:
    """The receipt's JSON object: the export's seal record plus its format."""
    return {
        "format": RECEIPT_FORMAT, "format_version": RECEIPT_VERSION, "canonicalisation": CHAIN_FORMAT,
        "number": s.number, "position": s.position, "count": s.count, "head": s.head.hex(),
        "sealed_at": s.sealed_at, "actor": s.actor,
        "signature": b64encode(s.signature).decode() if s.signature is not None else None,
        "public_key": s.public_key.hex() if s.public_key is not None else None,
    }


def write_receipt(path: str | os.PathLike[str], s: SealRow) -> Path:
    """Write the receipt of seal ``s`` to a new file (never overwrites: a lost receipt is
    a lost rollback check)."""
    target = Path(path).expanduser()
    text = json.dumps(receipt_record(s), indent=2, ensure_ascii=False) + "\n"
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise ReceiptError(f"{target} exists; refusing to overwrite a receipt") from None
    except OSError as e:
        raise ReceiptError(f"cannot write receipt {target}: {e.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return target


def _field(obj: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = obj.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ReceiptError(f"{where}: field {name!r} is missing or not {kind.__name__}")
    return value


def parse_receipt(obj: Any, where: str = "receipt") -> ReceiptSeal:
    """A receipt object as a :class:`ReceiptSeal`; :class:`ReceiptError` names what is wrong."""
    if not isinstance(obj, dict):
        raise ReceiptError(f"{where}: not a JSON object")
    if (obj.get("format"), obj.get("format_version"), obj.get("canonicalisation")) != (
            RECEIPT_FORMAT, RECEIPT_VERSION, CHAIN_FORMAT):
        raise ReceiptError(f"{where}: not a {RECEIPT_FORMAT} version {RECEIPT_VERSION} file")
    try:
        head = bytes.fromhex(_field(obj, "head", str, where))
        signature, public_key = obj.get("signature"), obj.get("public_key")
        if (signature is None) != (public_key is None):
            raise ReceiptError(f"{where}: 'signature' and 'public_key' must both be given or both null")
        row = SealRow(
            _field(obj, "number", int, where), _field(obj, "position", int, where),
            _field(obj, "count", int, where), head, _field(obj, "sealed_at", str, where),
            _field(obj, "actor", str, where),
            b64decode(signature, validate=True) if signature is not None else None,
            bytes.fromhex(public_key) if public_key is not None else None)
    except (ValueError, TypeError) as e:
        raise ReceiptError(f"{where}: malformed field ({e})") from None
    if len(head) != 32:
        raise ReceiptError(f"{where}: 'head' is not 64 hex digits")
    return ReceiptSeal(where, row)


def read_receipt(path: str | os.PathLike[str]) -> ReceiptSeal:
    source = Path(path).expanduser()
    try:
        with source.open("rb") as f:
            data = f.read(MAX_RECEIPT_BYTES + 1)
    except OSError as e:
        raise ReceiptError(f"cannot read receipt {source}: {e.strerror}") from None
    if len(data) > MAX_RECEIPT_BYTES:
        raise ReceiptError(f"{source}: larger than {MAX_RECEIPT_BYTES} bytes, not a seal receipt")
    if not data.strip():
        raise ReceiptError(f"{source}: empty file, not a seal receipt")
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ReceiptError(f"{source}: not JSON, not a seal receipt") from None
    return parse_receipt(obj, str(source))
