"""What ``verify`` found: the first bad position (if any), the seals and what is unsealed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: problem kinds, in the words of docs/integrity.md
ALTERED = "altered"      # the stored event differs from what was chained there
DELETED = "deleted"      # a chained position has no stored event
INSERTED = "inserted"    # a stored event has no chain record but later ones do
SEAL = "seal"            # a seal does not match the recomputed chain, or a seal is missing
SIGNATURE = "signature"  # a signature is invalid, by another key, or missing


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

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def last_seal(self) -> SealCheck | None:
        return self.seals[-1] if self.seals else None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ok"] = self.ok
        return d

    def summary(self) -> str:
        if self.problem is not None:
            return f"TAMPERED at position {self.problem.position} ({self.problem.kind}): {self.problem.detail}"
        last = self.last_seal
        sealed = (f"sealed up to position {last.position} by seal #{last.number} "
                  f"({last.signature})" if last else "no seal")
        unsealed = (f"; {self.unsealed} unsealed event(s) from position {self.first_unsealed}"
                    if self.unsealed else "")
        return f"OK: {self.events} event(s), {sealed}{unsealed}"
