"""Loading rule packs: the shipped ones (``packs/*.toml``) and any file a user names."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from gtt_domain.audit.catalogue import Params, RuleType
from gtt_domain.audit.rule_types import CATALOGUE
from gtt_domain.audit.schema import PackFile, PackHeader, Rule
from gtt_domain.domain.errors import GttError

SHIPPED = Path(__file__).with_name("packs")


class PackError(GttError):
    """A pack file that cannot be read or does not validate; the message names the field."""


@dataclass(frozen=True)
class LoadedRule:
    rule: Rule
    pack: PackHeader
    kind: RuleType
    params: Params


@dataclass(frozen=True)
class Pack:
    header: PackHeader
    rules: tuple[LoadedRule, ...]
    path: Path


def _where(e: ValidationError, prefix: str = "") -> str:
    return "; ".join(f"{prefix}{'.'.join(str(x) for x in err['loc']) or '(file)'}: {err['msg']}"
                     for err in e.errors())


def load_pack(path: str | Path) -> Pack:
    """Read and validate one pack file (TOML)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise PackError(f"{path}: {e}") from None
    try:
        pf = PackFile.model_validate(data)
    except ValidationError as e:
        raise PackError(f"{path}: {_where(e)}") from None
    rules = []
    for r in pf.rules:
        kind = CATALOGUE.get(r.type)
        if kind is None:
            raise PackError(f"{path}: rule {r.id}: type: unknown rule type {r.type!r}; "
                            f"known: {', '.join(sorted(CATALOGUE))}")
        try:
            params = kind.params.model_validate(r.params)
        except ValidationError as e:
            raise PackError(f"{path}: rule {r.id}: {_where(e, 'params.')}") from None
        rules.append(LoadedRule(r, pf.pack, kind, params))
    return Pack(pf.pack, tuple(rules), path)


def shipped_packs() -> list[Pack]:
    return [load_pack(p) for p in sorted(SHIPPED.glob("*.toml"))]


def resolve_packs(refs: Iterable[str | Path] | None = None) -> list[Pack]:
    """Packs by shipped id or by file path; ``None`` (or nothing) means every shipped pack."""
    refs = list(refs or [])
    if not refs:
        return shipped_packs()
    shipped = {p.header.id: p for p in shipped_packs()}
    out = []
    for ref in refs:
        if str(ref) in shipped:
            out.append(shipped[str(ref)])
        elif Path(ref).is_file():
            out.append(load_pack(ref))
        else:
            raise PackError(f"no shipped pack {ref!r} and no such file; shipped: {', '.join(sorted(shipped))}")
    ids = [r.rule.id for p in out for r in p.rules]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise PackError(f"rule ids appear in more than one pack: {', '.join(dup)}")
    return out
