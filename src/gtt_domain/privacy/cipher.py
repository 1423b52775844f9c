"""Encryption at rest: ``GTT_CIPHER_KEY`` switches on eventsourcing's AES-GCM cipher.

The key is base64 of 16, 24 or 32 random bytes, as made by
``eventsourcing.cryptography.AESCipher.create_key(32)`` or :func:`create_key`. It must
be set from the first event on: rows written without it cannot be read with it, and
rows written with it cannot be read without it.
"""

from __future__ import annotations

import binascii
import os
from base64 import b64decode
from collections.abc import Mapping

from eventsourcing.cryptography import AESCipher

from gtt_domain.domain.errors import UnusableStoreError

ENV_CIPHER_KEY = "GTT_CIPHER_KEY"
CIPHER_TOPIC = "eventsourcing.cryptography:AESCipher"


class CipherKeyError(UnusableStoreError):
    """``GTT_CIPHER_KEY`` is not base64 of a 16, 24 or 32 byte key."""


def create_key() -> str:
    """A new random 32-byte key, base64, for ``GTT_CIPHER_KEY``."""
    return AESCipher.create_key(32)


def configured_key(env: Mapping[str, str] | None = None) -> str | None:
    """``GTT_CIPHER_KEY`` from ``env`` (the application's ``env=``) or else the process."""
    value = (env or {}).get(ENV_CIPHER_KEY) or os.environ.get(ENV_CIPHER_KEY)
    return value.strip() if value and value.strip() else None


def master_key(key: str) -> bytes:
    """The raw key bytes, or a :class:`CipherKeyError` that names the variable."""
    try:
        raw = b64decode(key.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise CipherKeyError(f"{ENV_CIPHER_KEY} is not base64") from None
    if len(raw) not in AESCipher.KEY_SIZES:
        raise CipherKeyError(f"{ENV_CIPHER_KEY} must decode to 16, 24 or 32 bytes, not {len(raw)}")
    return raw


def cipher_env(key: str | None) -> dict[str, str]:
    """eventsourcing's CIPHER_TOPIC/CIPHER_KEY for the key, or nothing when there is none."""
    if key is None:
        return {}
    master_key(key)  # fail early with a clear message
    return {"CIPHER_TOPIC": CIPHER_TOPIC, "CIPHER_KEY": key}
