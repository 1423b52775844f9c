"""The verification rules, fed one stored record at a time in position order.

Records are stored events (with the chain hash recorded for them, if any), chain records
whose event is gone, and seals (after the record at their position). The first problem
stops the check: it names the first bad position.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from gtt_domain.integrity.canonical import GENESIS, chain_hash, fingerprint, seal_message
from gtt_domain.integrity.keys import key_fingerprint, signature_valid
from gtt_domain.integrity.report import (
    ALTERED,
    DELETED,
    INSERTED,
    ROLLBACK,
    SEAL,
    SIGNATURE,
    UNTRUSTED,
    Problem,
    SealCheck,
    VerifyReport,
)
from gtt_domain.integrity.store import SealRow, VerifyRow


@dataclass(frozen=True)
class ReceiptSeal:
    """What a seal receipt (kept outside the store) says was sealed."""

    source: str
    seal: SealRow


class Checker:
    """Recomputes the chain and compares it with chain records, seals and receipts."""

    def __init__(self, public_keys: Sequence[Ed25519PublicKey] = (),
                 receipts: Sequence[ReceiptSeal] = (), signed_from: int = 1) -> None:
        #: fingerprint -> key; when non-empty, every signature must be by one of these
        self.trusted = {key_fingerprint(k): k for k in public_keys}
        self.receipts = sorted(receipts, key=lambda r: (r.seal.position, r.seal.number))
        #: receipts whose position the recomputed chain has not reached yet
        self.pending = [r for r in self.receipts if r.seal.count > 0]
        self.unseen_seals = {r.seal.number: r for r in self.receipts}
        self.first_signed: int | None = None  # number of the first signed seal
        #: with public keys, seals from this number on must be signed (earlier ones may
        #: predate signing; the auditor says so, the store cannot)
        self.signed_from = signed_from
        self.prev = GENESIS
        self.count = 0
        self.position: int | None = None
        self.unchained_from: int | None = None  # first event of a run without chain records
        self.after_seal_from: int | None = None
        self.sealed_count = 0
        self.report = VerifyReport()
        #: topic -> packer of the canonical bytes before an event's state (see :func:`_prefix`)
        self._formats: dict[str, tuple[Callable[..., bytes], bytes]] = {}

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

    def _receipts_before(self, position: int) -> bool:
        """A receipt sealed a position the log skipped: its event is gone."""
        if self.pending and self.pending[0].seal.position < position:
            r = self.pending[0]
            self._fail(r.seal.position, ROLLBACK, f"receipt {r.source} sealed {r.seal.count} event(s) up to "
                       f"position {r.seal.position} (seal #{r.seal.number}); the log has no event there")
            return True
        return False

    def _receipts_at(self, position: int) -> None:
        while self.pending and self.pending[0].seal.position == position:
            r = self.pending.pop(0)
            if (r.seal.count, r.seal.head) != (self.count, self.prev):
                self._fail(position, ROLLBACK, f"receipt {r.source} sealed {r.seal.count} event(s) up to "
                           f"here with head {r.seal.head.hex()[:16]}…; the log now holds {self.count} "
                           f"with head {self.prev.hex()[:16]}… (rewritten or rolled back)")
                return

    def bad_row(self, position: int, kind: str, reason: str, recorded: bytes | None) -> None:
        """A stored row gtt would not have written (non-canonical id, wrong type, NULL)."""
        if self.problem or self._receipts_before(position):
            return
        if recorded is not None and self._unchained_before():
            return
        self._fail(position, kind, reason)

    def event(self, position: int, originator_id: object, version: int, topic: str,
              state: bytes, recorded: bytes | None) -> None:
        if self.problem or self._receipts_before(position):
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
        self._receipts_at(position)

    def run(self, rows: list[VerifyRow], recorded: list[bytes | None], ids: Mapping[str, bytes]) -> None:
        """Stored events with no seal among them, as :meth:`event` takes them one by one,
        hashed in one tight loop while each matches its chain record (issue 18): the
        canonical bytes of ``gtt-chain-v1`` before the state in one ``struct`` call per
        event (a format per topic). ``ids`` maps each stored id to its canonical form
        (UTF-8). The first row the loop cannot take — no chain record, a mismatch, a
        receipt in reach — and every row after it go through :meth:`event`."""
        if self.problem or not rows:
            return
        n = 0
        if self.unchained_from is None and not (self.pending and self.pending[0].seal.position <= rows[-1][0]):
            formats, sha256, prev = self._formats, hashlib.sha256, self.prev
            for (pos, oid, version, topic, state), chained in zip(rows, recorded, strict=True):
                fmt = formats.get(topic)
                if fmt is None:
                    fmt = formats[topic] = _prefix(topic)
                h = sha256(fmt[0](prev, pos, version, 36, ids[oid], fmt[1], len(state)) + state).digest()
                if h != chained:
                    break
                prev = h
                n += 1
            if n:
                self.prev, self.count, self.position = prev, self.count + n, rows[n - 1][0]
                if self.after_seal_from is None:
                    self.after_seal_from = rows[0][0]
        for (pos, oid, version, topic, state), chained in zip(rows[n:], recorded[n:], strict=True):
            self.event(pos, ids[oid].decode(), version, topic, state, chained)
            if self.problem:
                return

    def orphan(self, position: int) -> None:
        """A chain record whose stored event is missing."""
        if self.problem or self._unchained_before() or self._receipts_before(position):
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
        receipt = self.unseen_seals.pop(s.number, None)
        if receipt is not None and receipt.seal != s:
            what = ("signature" if (receipt.seal.signature, receipt.seal.public_key) != (s.signature, s.public_key)
                    else "fields")
            self._fail(s.position, SIGNATURE if what == "signature" else SEAL,
                       f"seal #{s.number} differs from receipt {receipt.source} in its {what} "
                       + ("(signature removed or re-signed)" if what == "signature" else "(edited)"))
            return
        status, fp = self._signature(s)
        self.report.seals.append(SealCheck(s.number, s.position, s.count, s.head.hex(),
                                           s.sealed_at, s.actor, status, fp))
        if status in ("invalid", "other-key"):
            detail = (f"seal #{s.number} is signed by key {fp}, not by a given public key"
                      if status == "other-key" else f"seal #{s.number} has an invalid signature")
            self._fail(s.position, SIGNATURE, detail)
        elif status == "unsigned" and self.trusted and s.number >= self.signed_from:
            self._fail(s.position, SIGNATURE, f"seal #{s.number} is unsigned but a public key was given "
                       "(signature removed?)")
        elif status != "unsigned" and self.first_signed is None:
            self.first_signed = s.number
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
        if r.problem is None and self.pending:
            rc = self.pending[0]
            self._fail(rc.seal.position, ROLLBACK, f"receipt {rc.source} sealed {rc.seal.count} event(s) up to "
                       f"position {rc.seal.position} (seal #{rc.seal.number}); the log now ends at position "
                       f"{self.position or 0} with {self.count} event(s) (rolled back)")
        if r.problem is None and self.unseen_seals:
            rc = min(self.unseen_seals.values(), key=lambda x: x.seal.number)
            self._fail(rc.seal.position, ROLLBACK, f"seal #{rc.seal.number} of receipt {rc.source} "
                       "is missing from the store (rolled back)")
        if r.problem is None and not self.trusted and self.first_signed is not None:
            first = next(s for s in r.seals if s.number == self.first_signed)
            self._fail(first.position, UNTRUSTED, f"seal #{first.number} is signed but no public key is "
                       "configured (--public-key or GTT_SEAL_PUBLIC_KEY); the key stored beside a seal "
                       "proves nothing, anyone can re-sign")
        if r.problem is None and self.trusted:
            last = r.last_seal
            if last is None or last.signature != "valid":
                self._fail(last.position if last else 0, SIGNATURE,
                           "a public key was given but the last seal is not signed")
        if r.problem is None:
            r.unsealed = self.count - self.sealed_count
            r.first_unsealed = self.after_seal_from if r.unsealed else None
        return r


def _prefix(topic: str) -> tuple[Callable[..., bytes], bytes]:
    """``(pack, topic part)`` for events of ``topic``: ``pack(prev, position, version, 36,
    id, topic part, len(state))`` gives the bytes :func:`chain_hash` hashes before the
    state (an id in its canonical form is always 36 bytes; the topic part is its length
    and its UTF-8, the same for every event of the topic)."""
    t = topic.encode()
    return struct.Struct(f">32sqqI36s{4 + len(t)}sQ").pack, struct.pack(">I", len(t)) + t
