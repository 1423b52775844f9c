"""How ``gtt`` fails: one line on stderr and a documented exit code, never a traceback.

Exit codes: 0 ok; 1 a refused or failed command (``DomainError``, ``NotFoundError``,
``ConflictError``, ``NotAuthorisedError``, ``BatchError``, database and unexpected
errors); 2 usage or
invalid input (bad option values, pydantic validation naming the field), and a store that
cannot be used as configured (missing or wrong ``GTT_CIPHER_KEY``, a stored event that
cannot be decrypted or decoded, an unusable ``GTT_POLICY``); 3 audit
findings at or above ``--fail-on`` (raise :class:`FindingsAtOrAbove`). Set
``GTT_DEBUG=1`` to let unexpected exceptions through with their traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

import click

from gtt_domain.domain.errors import GttError, UnusableStoreError

if TYPE_CHECKING:
    from pydantic import ValidationError

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_INVALID = 2
EXIT_FINDINGS = 3


class CliError(click.ClickException):
    """Printed as ``Error: <one line>`` (``错误：…`` with ``--lang zh``); exit 1."""

    exit_code = EXIT_REFUSED

    def __init__(self, message: str, *, zh: str | None = None) -> None:
        super().__init__(" ".join(message.split()))
        self.zh = " ".join(zh.split()) if zh else None

    def line(self, lang: str) -> str:
        """The one line shown for this error in ``lang``."""
        if lang != "zh":
            return f"Error: {self.format_message()}"
        from gtt_cli.messages import translate

        return f"错误：{self.zh or translate(self.format_message())}"

    def show(self, file: IO[Any] | None = None) -> None:
        from gtt_cli.i18n import current_language

        click.echo(self.line(current_language()), file=file or sys.stderr,
                   color=False)


class Refused(CliError):
    """The library refused or could not carry out the command."""


class InvalidInput(CliError):
    """The user's input is not valid (exit 2)."""

    exit_code = EXIT_INVALID


class FindingsAtOrAbove(CliError):
    """An audit found something at or above ``--fail-on`` (exit 3)."""

    exit_code = EXIT_FINDINGS


def field_path(loc: tuple[int | str, ...]) -> str:
    """``("parties", 0, "role")`` -> ``parties[0].role``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def describe_validation_error(e: ValidationError, flags: Mapping[str, str] | None = None) -> str:
    """``name (--name): Field required; as_of (--as-of): … got '2025-02-30'``."""
    parts = []
    for err in e.errors():
        name = field_path(err["loc"]) or "input"
        flag = (flags or {}).get(str(err["loc"][0])) if err["loc"] else None
        where = f"{name} ({flag})" if flag else name
        msg = err["msg"]
        given = err.get("input")
        if err["type"] != "missing" and isinstance(given, str | int | float) and not isinstance(given, bool):
            msg += f", got {given!r}"
        parts.append(f"{where}: {msg}")
    return "invalid input: " + "; ".join(parts)


def debug() -> bool:
    return os.environ.get("GTT_DEBUG", "") not in ("", "0")


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every expected failure into a one-line ``click.ClickException``."""
    try:
        yield
    except (click.exceptions.Exit, click.Abort, CliError):
        raise
    except click.exceptions.NoArgsIsHelpError as e:  # ``gtt institution`` alone: its help
        click.echo(e.ctx.get_help())
        raise click.exceptions.Exit(EXIT_OK) from None
    except click.UsageError as e:
        hint = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
        raise InvalidInput(e.format_message() + hint) from None
    except click.ClickException:
        raise
    except UnusableStoreError as e:  # wrong or missing key, unreadable record, bad policy: exit 2
        raise InvalidInput(str(e)) from None
    except GttError as e:
        raise store_error(e) from None
    except Exception as e:
        if _instance(e, "pydantic", "ValidationError"):
            raise InvalidInput(describe_validation_error(e)) from None  # type: ignore[arg-type]
        if _instance(e, "eventsourcing.persistence", "PersistenceError"):
            # unreachable server, unwritable file, lock timeout
            if debug():
                raise
            raise store_error(e) from None
        if debug():
            raise
        fault = _storage_fault(e)
        if fault is not None:
            raise fault from None
        raise Refused(
            f"unexpected {type(e).__name__}: {e} (set GTT_DEBUG=1 to see the traceback)"
        ) from None


def store_error(e: Exception) -> CliError:
    """The one line for a refused command or a store that cannot be used (exit 1); ``gtt
    audit verify`` reuses it for a store it cannot open, with its own exit code. ``e`` is a
    GttError or eventsourcing's PersistenceError."""
    fault = _storage_fault(e)
    if fault is not None:
        return fault
    if _instance(e, "eventsourcing.persistence", "PersistenceError"):  # unreachable server, unwritable file, lock timeout
        if str(e) == "database is locked":  # SQLite's busy wait (GTT_DB_TIMEOUT) ended: said as PostgreSQL's is
            from gtt_domain.application.config import db_timeout

            return Refused(f"database busy: a lock was not granted within {db_timeout()} s (GTT_DB_TIMEOUT); "
                           "another writer holds it, try again")
        return Refused(f"database error ({type(e).__name__}): {e}")
    from gtt_cli.messages import gtt_error_zh

    return Refused(str(e), zh=getattr(e, "zh", None) or gtt_error_zh(e))


def _instance(e: Exception, module: str, name: str) -> bool:
    """``isinstance(e, module.name)`` without importing ``module``: a query that never loaded
    pydantic or eventsourcing cannot have raised their errors (start-up, issue 18)."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(e, getattr(loaded, name))


def _storage_fault(error: BaseException) -> CliError | None:
    """A corrupt, full, read-only or unopenable store as one line naming it (issue 17)."""
    from gtt_domain.application.storage import ZH, StorageFault, storage_fault

    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    fault = storage_fault(error, getattr(obj, "db_url", None))
    if fault is None:
        return None
    where = fault.where if isinstance(fault, StorageFault) else ""
    zh = ZH[fault.kind].format(where=f"（{where[2:-1]}）" if where else "") if fault.kind in ZH else None
    return Refused(str(fault), zh=zh)
