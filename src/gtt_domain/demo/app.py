"""The demo's application: reproducible sealing of personal data.

Person events carry ``personal`` sealed with a per-person key and a random nonce, so two
runs would differ byte for byte. For the demo's synthetic people the key is derived from
the seed and the person id, and the nonce from the key and the plaintext (deterministic,
SIV-like: equal plaintexts under one key give equal ciphertexts, nothing more leaks).
Real data never goes through this class. Keys still live in the key table, so the
ordinary ``gtt`` commands read, and can erase, the demo's people as usual.
"""

from __future__ import annotations

import hashlib
import hmac
from base64 import b64encode
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Mapper

from gtt_domain.application.app import GttApplication
from gtt_domain.privacy.mapper import SEALED, PersonalDataMapper, _aad, person_key_id


class _ReproducibleSealMapper(PersonalDataMapper):
    secret: bytes = b""

    def _seal(self, person_id: UUID, personal: Any) -> dict[str, str]:
        pid = person_key_id(person_id)
        if self.keys._row(pid) is None:  # first write: a key derived from seed and id
            self.keys._insert(pid, hmac.new(self.secret, pid.encode(), hashlib.sha256).digest())
        key = self.keys.key_for_write(pid)
        plaintext = self.transcoder.encode(personal)
        nonce = hmac.new(key, plaintext, hashlib.sha256).digest()[:12]
        ciphertext = AESGCM(key).encrypt(nonce, plaintext, _aad(person_id))
        return {SEALED: b64encode(nonce + ciphertext).decode("ascii")}


CACHE_ENV = {"AGGREGATE_CACHE_MAXSIZE": "100000", "AGGREGATE_CACHE_FASTFORWARD": "n",
             "DEEPCOPY_FROM_AGGREGATE_CACHE": "n"}


class DemoApplication(GttApplication):
    """``GttApplication`` whose sealing of synthetic personal data is reproducible."""

    #: eventsourcing names tables (PostgreSQL) and env prefixes after the class: keep gtt's
    name = GttApplication.name

    def __init__(self, url: str | None = None, *, seed: int, **kwargs: Any) -> None:
        self._demo_secret = hashlib.sha256(f"gtt-demo:{seed}".encode()).digest()
        # the demo is the only writer while it runs: keep aggregates in memory between
        # transactions instead of replaying a team's hundreds of activities every batch
        env = {**CACHE_ENV, **dict(kwargs.pop("env", None) or {})}
        super().__init__(url, env=env, **kwargs)
        _relax_sqlite_sync(self)

    def construct_mapper(self) -> Mapper[UUID]:
        base = super().construct_mapper()
        assert isinstance(base, PersonalDataMapper)
        mapper = _ReproducibleSealMapper(
            transcoder=base.transcoder, compressor=base.compressor, cipher=base.cipher, keys=base.keys,
        )
        mapper.secret = self._demo_secret
        return mapper


def _relax_sqlite_sync(app: GttApplication) -> None:
    """SQLite in WAL mode with ``synchronous=NORMAL``: a commit no longer waits for fsync.

    The log stays consistent (WAL); a power cut may lose the last transactions, which a
    generator can simply record again. PostgreSQL is left as it is.
    """
    datastore = getattr(app.recorder, "datastore", None)
    pool = getattr(datastore, "pool", None)
    if pool is None or type(datastore).__module__ != "eventsourcing.sqlite":
        return
    create = pool._create_connection

    def relaxed() -> Any:
        conn = create()
        conn._sqlite_conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    pool._create_connection = relaxed
    for conn in list(pool._pool):
        conn._sqlite_conn.execute("PRAGMA synchronous=NORMAL")
