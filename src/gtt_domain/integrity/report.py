"""What ``verify`` found: the first bad position (if any), the seals and what is unsealed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: problem kinds, in the words of docs/integrity.md
ALTERED = "altered"      # the stored event differs from what was chained there
DELETED = "deleted"      # a chained position has no stored event
INSERTED = "inserted"    # a stored event has no chain record but later ones do
SEAL = "seal"            # a seal does not match the recomputed chain, or a seal is missing
SIGNATURE = "signature"  # a signature is invalid, by another key, or missing (or stripped)
ROLLBACK = "rollback"    # the log no longer holds what a seal receipt sealed
SNAPSHOT = "snapshot"    # a stored snapshot disagrees with the replay of its events
UNTRUSTED = "untrusted"  # the seals are signed but no public key was configured (exit 2)
UNREADABLE = "unreadable"  # a stored row is not a row gtt writes (wrong type, null): exit 2

#: problem kinds that mean "cannot be verified" (exit 2), not "tampered" (exit 1)
UNVERIFIABLE = frozenset({UNTRUSTED, UNREADABLE})

EXIT_INTACT, EXIT_TAMPERED, EXIT_UNVERIFIABLE = 0, 1, 2


@dataclass(frozen=True)
class Problem:
    position: int
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"position {self.position}: {self.kind}: {self.detail}"


@dataclass(frozen=True)
class SealCheck:
    number: int
    position: int
    count: int
    head: str
    sealed_at: str
    actor: str
    #: unsigned | valid | valid-untrusted (no public key given) | invalid | other-key
    signature: str
    key_fingerprint: str | None


@dataclass
class VerifyReport:
    """``ok`` is False exactly when ``problem`` is set; unsealed events are not a problem."""

    events: int = 0
    head: str = ""
    seals: list[SealCheck] = field(default_factory=list)
    unsealed: int = 0
    first_unsealed: int | None = None
    problem: Problem | None = None
    #: stored snapshots compared with replay (``None``: not checked)
    snapshots: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def empty(self) -> bool:
        """Nothing to verify: no stored event and no seal (a new store, or the wrong one)."""
        return self.problem is None and self.events == 0 and not self.seals

    @property
    def exit_code(self) -> int:
        """0 intact, 1 tampered, 2 cannot be verified (unreadable row, signed seals without a
        configured public key, or an empty store)."""
        if self.problem is None:
            return EXIT_UNVERIFIABLE if self.empty else EXIT_INTACT
        return EXIT_UNVERIFIABLE if self.problem.kind in UNVERIFIABLE else EXIT_TAMPERED

    @property
    def last_seal(self) -> SealCheck | None:
        return self.seals[-1] if self.seals else None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ok"] = self.ok
        d["exit_code"] = self.exit_code
        return d

    def summary(self) -> str:
        if self.problem is not None and self.problem.kind in UNVERIFIABLE:
            return f"CANNOT VERIFY at position {self.problem.position} ({self.problem.kind}): {self.problem.detail}"
        if self.problem is not None:
            return f"TAMPERED at position {self.problem.position} ({self.problem.kind}): {self.problem.detail}"
        if self.empty:
            return "EMPTY: the store holds no event and no seal; nothing to verify (is this the right store?)"
        last = self.last_seal
        sealed = (f"sealed up to position {last.position} by seal #{last.number} "
                  f"({last.signature})" if last else "no seal")
        unsealed = (f"; {self.unsealed} unsealed event(s) from position {self.first_unsealed}"
                    if self.unsealed else "")
        checked = (f"; {self.snapshots} snapshot(s) match replay" if self.snapshots is not None else "")
        return f"OK: {self.events} event(s), {sealed}{unsealed}{checked}"
