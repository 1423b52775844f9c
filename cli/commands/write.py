"""Write commands, generated from the command registry: one definition per command.

Each ``Command`` model (``gtt_domain.commands``) becomes ``gtt <group> <verb>``: its
docstring and ``example`` are the help, its fields are the options (enums as choices,
lists as repeatable options, structures as JSON), and pydantic validates the input, so
the CLI can never drift from what the application accepts. New models appear here with
no edits. Every write command also takes ``--json`` (the whole input), ``--effective-at``,
``--reason`` and ``--correlation-id`` (the event's metadata) and prints the aggregate id.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from gtt_cli.commands import get_or_create_group, set_section
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput, describe_validation_error
from gtt_cli.fields import FieldOption, field_options
from gtt_cli.i18n import LABELS, add_labels, label
from gtt_cli.output import format_option, to_json
from gtt_cli.params import MOMENT
from pydantic import ValidationError

from gtt_domain.commands import REGISTRY, Command

add_labels({k: v for k, v in {"calendar": ("Calendar", "校历"), "exemption": ("Exemption", "豁免备案")}.items()
            if k not in LABELS})

#: attempts of a write command when another writer changed the same aggregate first
WRITE_ATTEMPTS = 5

#: event metadata options: (name, help, click type)
META_OPTIONS = (
    ("effective-at", "When the fact happened (ISO date or time; UTC without an offset).", MOMENT),
    ("reason", "Why this is recorded (kept with the event).", click.STRING),
    ("correlation-id", "Ties events of one business operation together.", click.STRING),
)


def example_of(model: type[Command]) -> str:
    """The model's example, or one built from its required fields."""
    if model.example:
        return model.example
    words = [f"gtt {model.group} {model.verb}"]
    for o in field_options(model):
        if o.required:
            words.append(o.flag if o.shape == "flag" else f"{o.flag} {o.choices[0] if o.choices else o.metavar}")
    return " ".join(words)


def command_help(model: type[Command]) -> str:
    doc = inspect.cleandoc(model.__doc__ or "") or f"{model.group} {model.verb}."
    return f"{doc}\n\n\b\nExample:\n  {example_of(model)}"


def read_json_input(raw: str) -> list[dict[str, Any]]:
    """``--json``: TEXT, ``@file`` or ``-``; an object, or an array of objects (a batch)."""
    source = "--json"
    try:
        if raw == "-":
            text = sys.stdin.read()
        elif raw.startswith("@"):
            source = raw[1:]
            text = Path(raw[1:]).read_text(encoding="utf-8-sig")
        else:
            text = raw
        data = json.loads(text)
    except OSError as e:
        raise InvalidInput(f"--json: cannot read {source}: {e.strerror or e}") from None
    except json.JSONDecodeError as e:
        where = "" if source == "--json" else f" {source}"
        raise InvalidInput(
            f"--json:{where} not valid JSON: {e.msg} at line {e.lineno} column {e.colno}"
        ) from None
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) for i in items):
        raise InvalidInput("--json: expected a JSON object or a non-empty array of objects")
    return items


def to_command(model: type[Command], params: Mapping[str, Any], base: Mapping[str, Any] | None = None,
               *, item: int | None = None) -> Command:
    """Validate ``base`` (from ``--json``) overlaid with the options given."""
    options = field_options(model)
    data = dict(base or {})
    for opt in options:
        value = params.get(opt.param)
        if value is None or value == ():
            continue
        data[opt.key] = opt.convert(value)
    try:
        return model.model_validate(data)
    except ValidationError as e:
        message = describe_validation_error(e, {o.key: o.flag for o in options})
        raise InvalidInput(f"item {item + 1}: {message}" if item is not None else message) from None


def make_command(model: type[Command]) -> click.Command:
    """The click command for one model."""
    options = field_options(model)
    taken = {o.flag for o in options}
    params: list[click.Parameter] = [o.option() for o in options]
    meta_params: dict[str, str] = {}
    for name, text, kind in META_OPTIONS:
        flag = f"--{name}" if f"--{name}" not in taken else f"--event-{name}"
        pname = f"gtt_meta_{name.replace('-', '_')}"
        meta_params[pname] = name.replace("-", "_")
        params.append(click.Option([flag, pname], type=kind, help=text))
    json_flag = "--json" if "--json" not in taken else "--json-input"
    params.append(click.Option(
        [json_flag, "gtt_json"], metavar="TEXT|@FILE|-",
        help="The whole input as JSON (TEXT, @FILE or - for stdin); options given as well "
             "override its fields. An array records a batch in one transaction.",
    ))

    @pass_gtt
    def run(gtt: GttContext, fmt: str, gtt_json: str | None, **kw: Any) -> None:
        meta = {meta_params[p]: kw.pop(p) for p in list(kw) if p in meta_params}
        _resolve_keys(gtt, model, kw, options)
        items = read_json_input(gtt_json) if gtt_json is not None else [{}]
        if gtt_json is not None:
            items = [_resolve_json_keys(gtt, model, item) for item in items]
        batch = len(items) > 1
        cmds = [to_command(model, kw, item, item=i if batch else None) for i, item in enumerate(items)]
        from gtt_domain.application.retry import retry_on_conflict

        # another writer changing the same aggregate first records nothing: re-judge on the
        # newer state a few times, with backoff, before reporting the conflict (issue 17)
        ids = retry_on_conflict(lambda: gtt.app.handle_batch(cmds, actor=gtt.actor, **meta),
                                attempts=WRITE_ATTEMPTS, backoff=0.05)
        if fmt == "json":
            click.echo(to_json([{"id": i} for i in ids] if batch else {"id": ids[0]}))
        else:
            click.echo("\n".join(str(i) for i in ids))

    params.append(format_option(formats=("id", "json"), default="id"))
    return click.Command(model.verb, params=params, callback=run, help=command_help(model))


def _resolve_keys(gtt: GttContext, model: type[Command], kw: dict[str, Any],
                  options: tuple[FieldOption, ...]) -> None:
    """Id options may be an office's key or a short id (gtt_cli.keys)."""
    from gtt_cli.keys import id_fields, resolve_options, resolver

    if not any(kw.get(name) not in (None, ()) for name in id_fields(model)):
        return

    def read_side() -> Any:
        from gtt_cli.readside import read_model

        return read_model(gtt)

    resolve_options(model, kw, {o.param: o.flag for o in options}, resolver(gtt.app, read_side))


def _resolve_json_keys(gtt: GttContext, model: type[Command], item: dict[str, Any]) -> dict[str, Any]:
    """``--json`` items take keys in their top-level id fields too."""
    from gtt_cli.keys import id_fields, resolve_options, resolver

    fields = {name: item[name] for name in id_fields(model) if isinstance(item.get(name), str | list)}
    if not fields:
        return item

    def read_side() -> Any:
        from gtt_cli.readside import read_model

        return read_model(gtt)

    resolve_options(model, fields, {}, resolver(gtt.app, read_side))
    return {**item, **{k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}}


def creator(models: list[type[Command]]) -> type[Command]:
    """The model that creates the aggregate (it takes no ``<group>_id``), else the first."""
    for model in models:
        if f"{model.group}_id" not in model.model_fields:
            return model
    return models[0]


def group_help(group: str, models: list[type[Command]]) -> str:
    zh = label(group, "zh")
    article = "an" if group[:1] in "aeiou" else "a"
    names = f"{group} ({zh})" if zh != group else group
    return (
        f"Record facts about {article} {names}.\n\n"
        f"One subcommand per kind of event; each prints the {group}'s id.\n\n"
        f"\b\nExample:\n  {example_of(creator(models))}"
    )


def build(registry: Mapping[str, type[Command]]) -> list[click.Group]:
    """Attach a generated command for every model to its (shared) group."""
    by_group: dict[str, list[type[Command]]] = {}
    for name in sorted(registry):
        if registry[name].write_cli:
            by_group.setdefault(registry[name].group, []).append(registry[name])
    groups = []
    for group, models in by_group.items():
        grp = get_or_create_group(group, group_help(group, models), section="write")
        set_section(grp, "write")
        for model in models:
            existing = grp.commands.get(model.verb)
            if existing is not None and getattr(existing, "gtt_model", None) is not model:
                raise RuntimeError(f"gtt {group} {model.verb} is defined twice")
            cmd = make_command(model)
            cmd.gtt_model = model  # type: ignore[attr-defined]
            grp.add_command(cmd)
        groups.append(grp)
    return groups


build(REGISTRY)

__all__ = ["FieldOption", "build", "command_help", "make_command", "read_json_input", "to_command"]
