"""The rule-pack file format (TOML), validated by pydantic so an error names the field.

A pack is data: which rules of the fixed catalogue of rule *types* apply, with which
parameters, to which kinds of subject, and when. See ``docs/audits.md``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gtt_domain.audit.findings import Severity

SOURCE_REF = re.compile(r"^(P\d{1,2}-[RS]\d{1,2}|N-[A-Z]{2,5}-\d{1,2})$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Source(Strict):
    """Where a rule comes from: ``P10-R9`` (plans.md) or ``N-INT-7`` (regulations.md)."""

    ref: str
    document: str = Field(min_length=1)
    #: regulations.md tags: V checked, V2 secondary copy only, U unverified; None = a local plan
    verification: Literal["V", "V2", "U"] | None = None
    note: str | None = None

    @field_validator("ref")
    @classmethod
    def _ref(cls, v: str) -> str:
        if not SOURCE_REF.match(v):
            raise ValueError(f"{v!r} is not a plan rule id (P10-R9) or a national id (N-INT-7)")
        return v

    @model_validator(mode="after")
    def _unverified_says_so(self) -> Source:
        if self.verification == "U" and "unverified" not in (self.note or "").lower():
            raise ValueError("a [U] source must say 'unverified' in its note")
        return self

    def label(self) -> str:
        tag = f" [{self.verification}]" if self.verification else ""
        return f"{self.ref}{tag} ({self.document})"


class Scope(Strict):
    """Which subjects a rule applies to; an absent list admits every value."""

    internship_kinds: list[str] | None = None
    programmes: list[str] | None = None
    agreement_kinds: list[str] | None = None
    community_kinds: list[str] | None = None
    exchange_kinds: list[str] | None = None
    institution_kinds: list[str] | None = None
    localities: list[str] | None = None
    person_kinds: list[str] | None = None
    #: the school's stage (an internship's school, an exchange's sender, a person's home,
    #: a community's core); a school with no stage recorded is admitted
    school_stages: list[str] | None = None


Applies = Literal["law", "adoption"]


class Rule(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,79}$")
    title: Text
    source: Source
    severity: Severity
    type: str
    params: dict[str, Any] = Field(default_factory=dict)
    scope: Scope = Scope()
    in_force_from: date | None = None
    in_force_to: date | None = Field(None, description="first day no longer in force")
    description: Text | None = None
    #: source refs (N-INT-10) of rules that own the same breach: where one of them finds the
    #: subject over an overlapping period, this rule's finding is left out (no double count)
    defer_to: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates(self) -> Rule:
        if self.in_force_from and self.in_force_to and self.in_force_to <= self.in_force_from:
            raise ValueError("in_force_to must be after in_force_from")
        return self


class PackHeader(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")
    version: str = Field(min_length=1)
    title: Text
    document: str = Field(min_length=1)
    in_force_from: date | None = None
    in_force_to: date | None = None
    #: "law": applies by itself to the scope it names (national rules); "adoption": applies
    #: only to what an institution, agreement or community adopted it for (plans, local packs)
    applies: Applies = "adoption"
    #: what the pack as a whole covers (intersected with each rule's scope)
    scope: Scope = Scope()


class PackFile(Strict):
    pack: PackHeader
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> PackFile:
        ids = [r.id for r in self.rules]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"rule ids repeated in the pack: {', '.join(dup)}")
        return self
