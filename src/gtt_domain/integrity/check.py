"""The verification rules, fed one stored record at a time in position order.

Records are stored events (with the chain hash recorded for them, if any), chain records
whose event is gone, and seals (after the record at their position). The first problem
stops the check: it names the first bad position.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from gtt_domain.integrity.canonical import GENESIS, chain_hash, fingerprint, seal_message
from gtt_domain.integrity.keys import key_fingerprint, signature_valid
from gtt_domain.integrity.report import (
    ALTERED,
    DELETED,
    INSERTED,
    SEAL,
    SIGNATURE,
    Problem,
    SealCheck,
    VerifyReport,
)
from gtt_domain.integrity.store import SealRow


class Checker:
    """Recomputes the chain and compares it with chain records and seals."""

    def __init__(self, public_keys: Sequence[Ed25519PublicKey] = ()) -> None:
        #: fingerprint -> key; when non-empty, every signature must be by one of these
        self.trusted = {key_fingerprint(k): k for k in public_keys}
        self.prev = GENESIS
        self.count = 0
        self.position: int | None = None
        self.unchained_from: int | None = None  # first event of a run without chain records
        self.after_seal_from: int | None = None
        self.sealed_count = 0
        self.report = VerifyReport()

    @property
    def problem(self) -> Problem | None:
        return self.report.problem

    def _fail(self, position: int, kind: str, detail: str) -> None:
        if self.report.problem is None:
            self.report.problem = Problem(position, kind, detail)

    def _unchained_before(self) -> bool:
        if self.unchained_from is None:
            return False
        self._fail(self.unchained_from, INSERTED,
                   "stored event has no chain record although later positions do "
                   "(inserted, or its chain record was removed)")
        return True

    def event(self, position: int, originator_id: object, version: int, topic: str,
              state: bytes, recorded: bytes | None) -> None:
        if self.problem:
            return
        h = chain_hash(self.prev, position, originator_id, version, topic, state)
        if recorded is None:
            if self.unchained_from is None:
                self.unchained_from = position
        elif self._unchained_before():
            return
        elif h != recorded:
            self._fail(position, ALTERED, "stored event differs from the chained one "
                       "(its bytes were edited, or events were moved or replaced here)")
            return
        self.prev, self.count, self.position = h, self.count + 1, position
        if self.after_seal_from is None:
            self.after_seal_from = position

    def orphan(self, position: int) -> None:
        """A chain record whose stored event is missing."""
        if self.problem or self._unchained_before():
            return
        self._fail(position, DELETED, "a chained event is missing from the store")

    def seal(self, s: SealRow) -> None:
        if self.problem or self._unchained_before():
            return
        expected_number = len(self.report.seals) + 1
        if s.number != expected_number:
            self._fail(s.position, SEAL, f"seal #{expected_number} is missing (next is #{s.number})")
            return
        if (s.position, s.count, s.head) != (self.position or 0, self.count, self.prev):
            self._fail(s.position, SEAL, f"seal #{s.number} (count {s.count}) does not match the "
                       f"{self.count} stored events up to here: records before it were altered "
                       "and their chain records rewritten, or the seal was edited")
            return
        status, fp = self._signature(s)
        self.report.seals.append(SealCheck(s.number, s.position, s.count, s.head.hex(),
                                           s.sealed_at, s.actor, status, fp))
        if status in ("invalid", "other-key"):
            detail = (f"seal #{s.number} is signed by key {fp}, not by a given public key"
                      if status == "other-key" else f"seal #{s.number} has an invalid signature")
            self._fail(s.position, SIGNATURE, detail)
        self.sealed_count, self.after_seal_from = self.count, None

    def _signature(self, s: SealRow) -> tuple[str, str | None]:
        if s.signature is None:
            return "unsigned", None
        if s.public_key is None or len(s.public_key) != 32:
            return "invalid", None
        fp = fingerprint(s.public_key)
        if self.trusted and fp not in self.trusted:
            return "other-key", fp
        key = self.trusted.get(fp) or Ed25519PublicKey.from_public_bytes(s.public_key)
        msg = seal_message(s.number, s.position, s.count, s.head, s.sealed_at, s.actor)
        if not signature_valid(key, s.signature, msg):
            return "invalid", fp
        return ("valid" if self.trusted else "valid-untrusted"), fp

    def finish(self) -> VerifyReport:
        r = self.report
        r.events, r.head = self.count, self.prev.hex()
        if r.problem is None and self.trusted:
            last = r.last_seal
            if last is None or last.signature != "valid":
                self._fail(last.position if last else 0, SIGNATURE,
                           "a public key was given but the last seal is not signed")
        if r.problem is None:
            r.unsealed = self.count - self.sealed_count
            r.first_unsealed = self.after_seal_from if r.unsealed else None
        return r
