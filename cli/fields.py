"""From a pydantic field to a click option, so a command model is the only definition.

Scalars (str, int, Decimal, date, UUID, …) pass as text and pydantic parses them, so
every invalid value is reported the same way, naming the field. Enums and ``Literal``
become choices, ``bool`` a ``--x/--no-x`` flag, lists of scalars a repeatable option,
and anything structured (models, dicts, lists of models) a JSON option.
"""

from __future__ import annotations

import json
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

import click
from gtt_cli.errors import InvalidInput
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

METAVARS: dict[Any, str] = {
    str: "TEXT", int: "INTEGER", float: "NUMBER", Decimal: "NUMBER", date: "YYYY-MM-DD",
    datetime: "ISO-TIME", time: "HH:MM", UUID: "ID",
}
CONTAINERS = (list, set, frozenset, tuple, Sequence)
RESERVED = {"fmt", "format", "gtt_json", "help"}  # taken by the CLI itself


def strip(ann: Any) -> Any:
    """Drop ``Annotated`` and ``Optional``."""
    while get_origin(ann) is Annotated:
        ann = get_args(ann)[0]
    if get_origin(ann) in (Union, types.UnionType):
        args = [a for a in get_args(ann) if a is not type(None)]
        if len(args) == 1:
            return strip(args[0])
    return ann


def choices(ann: Any) -> list[str] | None:
    if isinstance(ann, type) and issubclass(ann, Enum):
        return [str(m.value) for m in ann]
    if get_origin(ann) is Literal:
        return [str(a) for a in get_args(ann)]
    return None


def structured(ann: Any) -> bool:
    """Needs JSON on the command line."""
    ann = strip(ann)
    origin = get_origin(ann)
    if ann is dict or origin in (dict, Mapping):
        return True
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return True
    if origin in (Union, types.UnionType):
        return any(structured(a) for a in get_args(ann))
    if origin in CONTAINERS or ann in (list, set, tuple):
        args = [a for a in get_args(ann) if a is not Ellipsis]
        return not args or structured(args[0]) or strip(args[0]) in (list, dict)
    return False


@dataclass(frozen=True)
class FieldOption:
    """One model field as a click option."""

    name: str  # field name
    key: str  # key in the model's input (its alias, if any)
    flag: str  # --institution-id
    shape: str  # "scalar" | "flag" | "many" | "json"
    required: bool
    metavar: str
    choices: tuple[str, ...] | None
    help: str

    @property
    def param(self) -> str:
        return self.name

    def option(self) -> click.Option:
        kind = click.Choice(self.choices) if self.choices else click.STRING
        if self.shape == "flag":
            return click.Option([f"{self.flag}/--no-{self.flag[2:]}", self.name], default=None, help=self.help)
        metavar = None if self.choices else self.metavar
        return click.Option(
            [self.flag, self.name], type=kind, multiple=self.shape == "many", metavar=metavar,
            help=self.help,
        )

    def convert(self, value: Any) -> Any:
        if self.shape == "many":
            return list(value)
        if self.shape == "json":
            try:
                return json.loads(value)
            except json.JSONDecodeError as e:
                raise InvalidInput(f"invalid input: {self.name} ({self.flag}): not valid JSON: {e.msg}") from None
        return value


def describe(info: FieldInfo, shape: str) -> str:
    text = (info.description or "").strip().rstrip(".")
    parts = [text[:1].upper() + text[1:] + "." if text else ""]
    if shape == "many":
        parts.append("Repeat for several.")
    if shape == "json":
        parts.append("JSON.")
    if info.is_required():
        parts.append("[required]")
    elif info.default not in (None, PydanticUndefined) and info.default_factory is None:
        default = info.default.value if isinstance(info.default, Enum) else info.default
        parts.append(f"[default: {default}]")
    return " ".join(p for p in parts if p)


def field_option(name: str, info: FieldInfo) -> FieldOption:
    if name in RESERVED or name.startswith("gtt_"):
        raise RuntimeError(f"field name {name!r} is reserved by the gtt CLI; rename the field")
    ann = strip(info.annotation)
    origin = get_origin(ann)
    item = None
    if origin in CONTAINERS and not structured(ann):
        item = strip(get_args(ann)[0])
    if ann is bool:
        shape = "flag"
    elif structured(ann):
        shape = "json"
    elif item is not None:
        shape = "many"
    else:
        shape = "scalar"
    base = item if item is not None else ann
    opts = choices(base)
    metavar = "JSON" if shape == "json" else METAVARS.get(base, "TEXT")
    return FieldOption(
        name=name, key=info.alias or name, flag="--" + name.replace("_", "-"), shape=shape,
        required=info.is_required(), metavar=metavar,
        choices=tuple(opts) if opts else None, help=describe(info, shape),
    )


@cache
def field_options(model: type[BaseModel]) -> tuple[FieldOption, ...]:
    """Options for every field of ``model``, in field order."""
    return tuple(field_option(n, i) for n, i in model.model_fields.items())
