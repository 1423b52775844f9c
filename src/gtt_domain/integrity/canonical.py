"""The exact bytes that are hashed and signed (format ``gtt-chain-v1``, docs/integrity.md).

Standard library only: tools/gtt_verify.py re-implements this independently, and the
two must agree byte for byte.
"""

from __future__ import annotations

import hashlib
import struct
from typing import Any

CHAIN_FORMAT = "gtt-chain-v1"
HASH_ALGORITHM = "sha256"
#: the chain hash "before" the first event
GENESIS = bytes(32)
SEAL_PREFIX = b"gtt-seal-v1\n"

_INTS = struct.Struct(">32sqqI")


def chain_hash(prev: bytes, position: int, originator_id: Any, version: int, topic: str,
               state: bytes) -> bytes:
    """SHA-256 of prev ‖ position ‖ version ‖ len+originator id ‖ len+topic ‖ len+state.

    Integers are signed 64-bit big-endian; lengths are unsigned 32-bit (ids, topics) and
    64-bit (state) big-endian; text is UTF-8. ``state`` is the stored bytes as they are
    (compressed and/or encrypted), so erasing a person's key never breaks the chain.
    """
    oid = str(originator_id).encode()
    t = topic.encode()
    return hashlib.sha256(b"".join((
        _INTS.pack(prev, position, version, len(oid)), oid,
        struct.pack(">I", len(t)), t,
        struct.pack(">Q", len(state)), state,
    ))).digest()


def seal_message(number: int, position: int, count: int, head: bytes, sealed_at: str,
                 actor: str) -> bytes:
    """What a seal's Ed25519 signature covers: every field of the seal, one per line."""
    text = f"{number}\n{position}\n{count}\n{head.hex()}\n{sealed_at}\n{actor}"
    return SEAL_PREFIX + text.encode()


def fingerprint(raw_public_key: bytes) -> str:
    """Hex SHA-256 of the 32 raw bytes of an Ed25519 public key."""
    return hashlib.sha256(raw_public_key).hexdigest()
