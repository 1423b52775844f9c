"""Tamper evidence over the stored event log (docs/integrity.md).

A SHA-256 chain over the global notification order, seals (optionally Ed25519-signed)
of its head, verification from the stored bytes, and a JSON Lines export that
tools/gtt_verify.py checks without this library.
"""

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

__all__ = [
    "GENESIS", "ChainHead", "ExportSummary", "Problem", "ReceiptError", "SealCheck", "SealKeyError",
    "SealRow", "VerifyReport", "chain_hash", "export_events", "extend_chain", "generate_keypair",
    "key_fingerprint", "load_private_key", "load_public_key", "read_receipt", "seal", "seal_message",
    "verify", "verify_export", "write_receipt",
]
