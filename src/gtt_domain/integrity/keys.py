"""Ed25519 seal keys: generate, load (PEM, raw 32 bytes, hex) and sign/check.

The private key signs seals and should live off the database host; the public key is
what an auditor needs. ``GTT_SEAL_KEY`` / ``GTT_SEAL_PUBLIC_KEY`` name key files.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gtt_domain.domain.errors import GttError
from gtt_domain.integrity.canonical import fingerprint

ENV_PRIVATE = "GTT_SEAL_KEY"
ENV_PUBLIC = "GTT_SEAL_PUBLIC_KEY"

PrivateKeySource = Ed25519PrivateKey | bytes | str | os.PathLike[str] | None
PublicKeySource = Ed25519PublicKey | Ed25519PrivateKey | bytes | str | os.PathLike[str] | None


class SealKeyError(GttError):
    """A key file cannot be read as an Ed25519 key."""


def _material(source: bytes | str | os.PathLike[str]) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, "key bytes"
    path = Path(source).expanduser()
    try:
        return path.read_bytes(), str(path)
    except OSError as e:
        raise SealKeyError(f"cannot read key file {path}: {e.strerror}") from None


def _raw(data: bytes) -> bytes | None:
    """32 raw bytes, given raw or as 64 hex digits."""
    if len(data) == 32:
        return data
    text = data.strip()
    if len(text) == 64:
        try:
            return bytes.fromhex(text.decode("ascii"))
        except ValueError:
            return None
    return None


def load_private_key(source: PrivateKeySource = None) -> Ed25519PrivateKey | None:
    """The signing key from an object, bytes or a file path; ``None`` reads ``$GTT_SEAL_KEY``."""
    if source is None:
        source = os.environ.get(ENV_PRIVATE) or None
        if source is None:
            return None
    if isinstance(source, Ed25519PrivateKey):
        return source
    data, where = _material(source)
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_private_key(data, password=None)
        else:
            raw = _raw(data)
            if raw is None:
                raise ValueError("neither PEM nor 32 raw bytes")
            key = Ed25519PrivateKey.from_private_bytes(raw)
    except (ValueError, TypeError) as e:
        raise SealKeyError(f"{where}: not an Ed25519 private key ({e})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SealKeyError(f"{where}: not an Ed25519 private key")
    return key


def load_public_key(source: PublicKeySource = None) -> Ed25519PublicKey | None:
    """The verifying key (a private key file also works); ``None`` reads ``$GTT_SEAL_PUBLIC_KEY``."""
    if source is None:
        source = os.environ.get(ENV_PUBLIC) or None
        if source is None:
            return None
    if isinstance(source, Ed25519PublicKey):
        return source
    if isinstance(source, Ed25519PrivateKey):
        return source.public_key()
    data, where = _material(source)
    try:
        if b"PRIVATE KEY" in data:
            private = load_private_key(data)
            assert private is not None
            return private.public_key()
        if data.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(data)
        else:
            raw = _raw(data)
            if raw is None:
                raise ValueError("neither PEM nor 32 raw bytes")
            key = Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, TypeError, SealKeyError) as e:
        raise SealKeyError(f"{where}: not an Ed25519 public key ({e})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SealKeyError(f"{where}: not an Ed25519 public key")
    return key


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_fingerprint(key: Ed25519PublicKey) -> str:
    return fingerprint(raw_public(key))


def signature_valid(key: Ed25519PublicKey, signature: bytes, message: bytes) -> bool:
    try:
        key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def generate_keypair(private_path: str | os.PathLike[str]) -> tuple[Path, Path, str]:
    """Write a new private key (PEM, mode 0600) and ``<path>.pub`` (PEM); refuse to overwrite.

    Returns both paths and the public key's fingerprint.
    """
    private = Path(private_path).expanduser()
    public = private.with_name(private.name + ".pub")
    for p in (private, public):
        if p.exists():
            raise SealKeyError(f"{p} exists; refusing to overwrite a key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    public.write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public, key_fingerprint(key.public_key())
