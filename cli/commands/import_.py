"""``gtt import FILE --kind …``: spreadsheets and JSON Lines into the record (docs/import.md)."""

from __future__ import annotations

import sys
from typing import Any

import click
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput, Refused
from gtt_cli.output import output_options, to_json

from gtt_domain.imports import KINDS, ImportFileError, ImportInterrupted, ImportReport, import_file

section = "write"


class _Bars:
    """One click progress bar per pass, on standard error, only on a terminal."""

    def __init__(self) -> None:
        self.bars: dict[str, Any] = {}

    def __call__(self, phase: str, rows: int, total: int | None) -> None:
        bar = self.bars.get(phase)
        if bar is None:
            label = "validating" if phase == "validate" else "recording"
            if total is None:  # a generator has no length: the bar counts rows
                bar = click.progressbar(iterable=(_ for _ in ()), label=label, file=sys.stderr, show_pos=True)
            else:
                bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
            bar.__enter__()
            self.bars[phase] = bar
        bar.update(rows)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.__exit__(None, None, None)


def _summary(report: ImportReport) -> dict[str, Any]:
    return {"kind": report.kind, "file": report.path, "rows": report.rows, "recorded": report.written,
            "already_recorded": report.skipped, "rejected": report.rejected,
            "rejects_file": report.rejects_path if report.rejected else None,
            "resumed_after_line": report.resumed_after, "conflicts_retried": report.conflicts_retried}


@click.command("import", help="""Import a CSV (UTF-8, with or without BOM) or JSON Lines file.

Every row is checked before anything is recorded: with any bad row nothing is recorded
and each bad row is reported (line, column, reason; exit 2), unless --skip-bad, which
records the good rows and writes the bad ones with their reasons to a reject file.
Rows carry external ids, so importing the same file again records nothing twice.
Columns per kind, with their Chinese headers: docs/import.md.

The write pass records a batch per transaction and journals each batch in the same
transaction. An import that stops part-way (killed, disk full, connection lost, write
conflicts that do not clear) keeps the batches before it; the same command again resumes
after the last journaled line, so every row is recorded exactly once.

\b
Example:
  gtt import interns.csv --kind internships
  gtt import attendance.csv --kind attendance --skip-bad --rejects bad.csv""")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", required=True, type=click.Choice(list(KINDS)), help="What the rows are.")
@click.option("--input-format", type=click.Choice(["csv", "jsonl"]),
              help="File format [default: jsonl for .jsonl/.ndjson, else csv].")
@click.option("--skip-bad", is_flag=True, help="Record the good rows; write the bad ones to --rejects.")
@click.option("--rejects", type=click.Path(dir_okay=False), help="Reject file [default: FILE.rejects.csv].")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Rows per transaction.")
@output_options(formats=("table", "json"))
@pass_gtt
def import_command(gtt: GttContext, file: str, kind: str, input_format: str | None, skip_bad: bool,
                   rejects: str | None, batch_size: int, fmt: str) -> None:
    bars = _Bars() if sys.stderr.isatty() else None
    try:
        report = import_file(gtt.app, file, kind, batch_size=batch_size, skip_bad=skip_bad,
                             rejects=rejects, fmt=input_format, progress=bars, actor=gtt.actor)
    except ImportFileError as e:
        raise InvalidInput(f"{e}; nothing was recorded") from None
    except ImportInterrupted as e:
        raise Refused(_interrupted(e, gtt.db_url)) from None
    finally:
        if bars is not None:
            bars.close()
    if report.bad_rows and not skip_bad:
        for err in sorted(report.errors, key=lambda e: e.line):
            click.echo(f"{file}: {err}", err=True)
        more = report.bad_rows - len({e.line for e in report.errors})
        tail = f" ({more} more not shown)" if more > 0 else ""
        raise InvalidInput(f"{report.bad_rows} bad row(s) of {report.rows}{tail}; nothing was recorded "
                           "(fix them, or --skip-bad to record the good rows)")
    if report.refused is not None:
        r = report.refused
        raise Refused(f"{file}: line {r.line}: {r.reason}; its batch was not recorded, "
                      f"{report.written} row(s) before it were (re-run after fixing: they are skipped)")
    summary = _summary(report)
    if fmt == "json":
        click.echo(to_json(summary))
    else:
        rejected = f", {report.rejected} rejected -> {report.rejects_path}" if report.rejected else ""
        resumed = (f"; resumed an interrupted import after line {report.resumed_after}"
                   if report.resumed_after else "")
        click.echo(f"{kind}: {report.rows} row(s): {report.written} recorded, "
                   f"{report.skipped} already recorded{rejected}{resumed}")


def _interrupted(e: ImportInterrupted, db_url: str) -> str:
    """One line: why the write pass stopped (a storage fault by its name), how far it got,
    and that the same command completes it."""
    from gtt_domain.application.storage import storage_fault

    fault = storage_fault(e.cause, db_url)
    if e.attempts is not None:
        why = f"another writer kept changing the same records ({e.attempts} attempts with backoff)"
    else:
        why = fault.short if fault is not None else f"{type(e.cause).__name__}: {e.cause}".split("\n")[0]
    done = f", lines up to {e.through_line} done" if e.through_line else ""
    return (f"{e.path}: import interrupted: {why}; {e.written} row(s) recorded by this run{done} "
            "(journaled); run the same command again to continue")


commands = [import_command]
