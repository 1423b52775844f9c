"""Commands: one pydantic model per use case.

A command's model is its single definition: field names, types, validation and help
text. The application validates with it; the CLI derives its options from it; imports
build it from rows. Class attributes say where it belongs:

* ``group`` — the aggregate kind it acts on (``internship``), the CLI group;
* ``verb`` — the CLI command name (``record-attendance``);
* ``example`` — a CLI example for its help text;
* ``write_cli`` — False when a hand-written command offers it instead.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Command(BaseModel):
    """Base of every command model."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    group: ClassVar[str] = ""
    verb: ClassVar[str] = ""
    example: ClassVar[str] = ""
    #: False for commands the CLI offers under another name (``gtt rules adopt``,
    #: ``gtt findings ack``) rather than as a generated ``gtt <group> <verb>``
    write_cli: ClassVar[bool] = True
    #: the hand-written CLI command that offers a model with ``write_cli`` False
    cli_path: ClassVar[tuple[str, str] | None] = None

    @classmethod
    def command_name(cls) -> str:
        return f"{cls.group}.{cls.verb}"

