"""Write commands take an office's keys where they take ids (issue 15).

An id option of a generated write command (``--internship-id``, ``--student-id``,
``--participants``…) takes a whole id, the key its aggregate was registered with (学号 or
staff number, an institution's credit code, an internship's or exchange's 编号, an
agreement number) or the short id a table printed. A key is found by its id in the event
store (``natural_id(kind, key)``; no read table needed, so it works right after an import);
an internship also by its student's number, and a short id, through the read tables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args, get_origin
from uuid import UUID

from gtt_cli.errors import InvalidInput
from gtt_cli.fields import strip
from pydantic import BaseModel

from gtt_domain.domain.base import natural_id

#: field -> the kind of aggregate it names (``None``: an institution or a person)
FIELD_KINDS: dict[str, str | None] = {
    "agreement_id": "agreement", "approved_by": "person", "branch_id": "institution",
    "claimed_by": "person", "community_id": "community", "core_institution_id": "institution",
    "exchange_id": "exchange", "home_institution_id": "institution", "host_id": "institution",
    "host_ids": "institution", "institution_id": "institution", "internship_id": "internship",
    "internship_ids": "internship", "mentor_id": "person", "obligor": "institution",
    "participants": "person", "partner_id": "institution", "party_id": None, "person_id": "person",
    "run_by_id": "institution", "school_id": "institution", "sending_id": "institution",
    "student_id": "person", "teacher_id": "person",
}
#: the kinds a key of ``None`` may name
ANY = ("institution", "person")


def id_fields(model: type[BaseModel]) -> dict[str, str | None]:
    """The model's id fields (a UUID, or a list of them) with the kind each names."""
    out: dict[str, str | None] = {}
    for name, info in model.model_fields.items():
        ann = strip(info.annotation)
        if get_origin(ann) is list:
            args = get_args(ann)
            ann = strip(args[0]) if args else None
        if ann is UUID and name in FIELD_KINDS:
            out[name] = FIELD_KINDS[name]
    return out


def resolver(app: Any, read_side: Callable[[], Any]) -> Callable[[str, str | None, str], str]:
    """``resolve(text, kind, flag)``: the id for ``text``; ``read_side()`` opens the read
    model only when a key is not in the event store."""

    def exists(aggregate_id: UUID) -> bool:
        return bool(app.recorder.select_events(aggregate_id, lte=1, limit=1))

    def resolve(text: str, kind: str | None, flag: str) -> str:
        raw = str(text).strip()
        try:
            return str(UUID(raw))
        except ValueError:
            pass
        for k in (kind,) if kind is not None else ANY:
            nid = natural_id(k, raw)
            if raw and exists(nid):
                return str(nid)
        from gtt_projections.queries.ids import AmbiguousIdError, resolve_id

        from gtt_domain.domain.errors import NotFoundError

        try:
            return str(resolve_id(read_side(), raw, kind))
        except AmbiguousIdError as e:
            raise InvalidInput(f"invalid input: {flag[2:].replace('-', '_')} ({flag}): {e}") from None
        except (NotFoundError, ValueError):
            raise InvalidInput(f"invalid input: {flag[2:].replace('-', '_')} ({flag}): {raw!r} matches no "
                               f"{kind or 'institution or person'}") from None

    return resolve


def resolve_options(model: type[BaseModel], params: dict[str, Any], flags: dict[str, str],
                    resolve: Callable[[str, str | None, str], str]) -> None:
    """Replace keys and short ids in ``params`` (the click values) by whole ids, in place."""
    for name, kind in id_fields(model).items():
        value = params.get(name)
        if value is None or value == ():
            continue
        flag = flags.get(name, f"--{name.replace('_', '-')}")
        if isinstance(value, list | tuple):
            params[name] = tuple(resolve(v, kind, flag) for v in value)
        else:
            params[name] = resolve(value, kind, flag)


__all__ = ["FIELD_KINDS", "id_fields", "resolve_options", "resolver"]
