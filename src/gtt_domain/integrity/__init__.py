"""Tamper evidence over the stored event log (docs/integrity.md).

A SHA-256 chain over the global notification order, seals (optionally Ed25519-signed)
of its head, verification from the stored bytes, and a JSON Lines export that
tools/gtt_verify.py checks without this library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gtt_domain.integrity.canonical import GENESIS, chain_hash, seal_message
    from gtt_domain.integrity.chain import ChainHead, extend_chain
    from gtt_domain.integrity.export import ExportSummary, export_events
    from gtt_domain.integrity.keys import (
        SealKeyError,
        generate_keypair,
        key_fingerprint,
        load_private_key,
        load_public_key,
    )
    from gtt_domain.integrity.receipt import ReceiptError, read_receipt, write_receipt
    from gtt_domain.integrity.report import Problem, SealCheck, VerifyReport
    from gtt_domain.integrity.seal import seal
    from gtt_domain.integrity.store import SealRow
    from gtt_domain.integrity.verify import verify
    from gtt_domain.integrity.verify_export import verify_export

#: names exported on first use (PEP 562): ``gtt audit run`` loads the audit group's module
#: of seal and verify commands without the key handling and its cryptography imports
_EXPORTS: dict[str, str] = {
    "GENESIS": "gtt_domain.integrity.canonical",
    "chain_hash": "gtt_domain.integrity.canonical",
    "seal_message": "gtt_domain.integrity.canonical",
    "ChainHead": "gtt_domain.integrity.chain",
    "extend_chain": "gtt_domain.integrity.chain",
    "ExportSummary": "gtt_domain.integrity.export",
    "export_events": "gtt_domain.integrity.export",
    "SealKeyError": "gtt_domain.integrity.keys",
    "generate_keypair": "gtt_domain.integrity.keys",
    "key_fingerprint": "gtt_domain.integrity.keys",
    "load_private_key": "gtt_domain.integrity.keys",
    "load_public_key": "gtt_domain.integrity.keys",
    "ReceiptError": "gtt_domain.integrity.receipt",
    "read_receipt": "gtt_domain.integrity.receipt",
    "write_receipt": "gtt_domain.integrity.receipt",
    "Problem": "gtt_domain.integrity.report",
    "SealCheck": "gtt_domain.integrity.report",
    "VerifyReport": "gtt_domain.integrity.report",
    "seal": "gtt_domain.integrity.seal",
    "SealRow": "gtt_domain.integrity.store",
    "verify": "gtt_domain.integrity.verify",
    "verify_export": "gtt_domain.integrity.verify_export",
}

__all__ = [
    "GENESIS", "ChainHead", "ExportSummary", "Problem", "ReceiptError", "SealCheck", "SealKeyError",
    "SealRow", "VerifyReport", "chain_hash", "export_events", "extend_chain", "generate_keypair",
    "key_fingerprint", "load_private_key", "load_public_key", "read_receipt", "seal", "seal_message",
    "verify", "verify_export", "write_receipt",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
