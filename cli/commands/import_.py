"""``gtt import FILE --kind …``: spreadsheets and JSON Lines into the record (docs/import.md)."""

from __future__ import annotations

import sys
from typing import Any

import click
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput, Refused
from gtt_cli.output import output_options, to_json

from gtt_domain.imports import (
    ALL_KINDS,
    ImportFileError,
    ImportInterrupted,
    ImportReport,
    import_any,
)

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


@click.command("import", help="""Import an Excel workbook (.xlsx), a CSV or a JSON Lines file.

CSV may be UTF-8 (with or without BOM) or GBK/GB18030 as Excel on Chinese Windows saves
it (detected; or give --encoding). Headers may be English or Chinese, enum values
English or Chinese (岗位实习, 男/女), dates as Excel writes them (2025/9/8, 2025年9月8日,
date numbers). Every row is checked before anything is recorded: with any bad row
nothing is recorded and each distinct problem is reported once with its count and first
lines (exit 2), unless --skip-bad, which records the good rows and writes the bad ones
with their reasons to a reject file. --kind roster takes one sheet of students, schools,
hosts, posts and periods and records it in one transaction. Rows carry external ids, so
importing the same file again records nothing twice. Columns per kind, with their
Chinese headers: docs/import.md.

The write pass records a batch per transaction and journals each batch in the same
transaction. An import that stops part-way (killed, disk full, connection lost, write
conflicts that do not clear) keeps the batches before it; the same command again resumes
after the last journaled line, so every row is recorded exactly once.

\b
Example:
  gtt import roster.xlsx --kind roster --region Anxi
  gtt import interns.csv --kind internships
  gtt import attendance.csv --kind attendance --skip-bad --rejects bad.csv""")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", required=True, type=click.Choice(list(ALL_KINDS)), metavar="KIND",
              help="What the rows are.")
@click.option("--input-format", type=click.Choice(["csv", "jsonl", "xlsx"]),
              help="File format [default: jsonl for .jsonl/.ndjson, xlsx for workbooks, else csv].")
@click.option("--encoding", metavar="NAME",
              help="Text encoding of a CSV or JSON Lines file (e.g. gbk) [default: detected].")
@click.option("--sheet", metavar="NAME", help="The workbook's sheet to read [default: the first].")
@click.option("--region", metavar="TEXT",
              help="Roster: the region (district or county) of schools and hosts it registers.")
@click.option("--skip-bad", is_flag=True, help="Record the good rows; write the bad ones to --rejects.")
@click.option("--rejects", type=click.Path(dir_okay=False), help="Reject file [default: FILE.rejects.csv].")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Rows per transaction.")
@output_options(formats=("table", "json"))
@pass_gtt
def import_command(gtt: GttContext, file: str, kind: str, input_format: str | None, encoding: str | None,
                   sheet: str | None, region: str | None, skip_bad: bool, rejects: str | None,
                   batch_size: int, fmt: str) -> None:
    from gtt_cli.import_lines import file_error_line, problem_line, reason_zh

    if kind == "roster" and skip_bad:
        raise click.UsageError("--skip-bad does not apply to --kind roster (a roster is recorded whole)")
    bars = _Bars() if sys.stderr.isatty() else None
    try:
        report = import_any(gtt.app, file, kind, batch_size=batch_size, skip_bad=skip_bad,
                            rejects=rejects, fmt=input_format, encoding=encoding, sheet=sheet,
                            resolve=_by_name(gtt) if kind == "roster" else None, default_region=region,
                            progress=bars, actor=gtt.actor)
    except ImportFileError as e:
        raise InvalidInput(f"{e}; nothing was recorded", zh=file_error_line(e, gtt.lang)) from None
    except ImportInterrupted as e:
        raise Refused(_interrupted(e, gtt.db_url)) from None
    finally:
        if bars is not None:
            bars.close()
    if report.bad_rows and not skip_bad:
        for group in report.problems.sorted():
            click.echo(problem_line(group, file, gtt.lang), err=True)
        more = report.problems.left_out
        tail = f" ({more} more not shown)" if more > 0 else ""
        raise InvalidInput(f"{report.bad_rows} bad row(s) of {report.rows}{tail}; nothing was recorded "
                           "(fix them, or --skip-bad to record the good rows)")
    if report.refused is not None and kind == "roster":
        r = report.refused
        raise Refused(f"{file}: line {r.line}: {r.reason}; nothing was recorded (a roster is recorded whole)",
                      zh=f"{file}：第 {r.line} 行：{reason_zh(r.reason)}；未记录任何内容（名单整体记录）")
    if report.refused is not None:
        r = report.refused
        raise Refused(f"{file}: line {r.line}: {r.reason}; its batch was not recorded, "
                      f"{report.written} row(s) before it were (re-run after fixing: they are skipped)")
    summary = _summary(report)
    if fmt == "json":
        click.echo(to_json(summary))
    elif gtt.lang == "zh":
        rejected = f"，拒收 {report.rejected} 行 -> {report.rejects_path}" if report.rejected else ""
        resumed = f"；续接了一次中断的导入（自第 {report.resumed_after} 行之后）" if report.resumed_after else ""
        click.echo(f"{kind}：共 {report.rows} 行：已记录 {report.written} 行，此前已记录 {report.skipped} 行"
                   f"{rejected}{resumed}")
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


def _by_name(gtt: GttContext) -> Any:
    """Roster: an institution named by its name, from the read tables."""

    opened: list[Any] = []  # one read side for the whole import, caught up once

    def resolve(kind: str, text: str) -> Any:
        from gtt_cli.readside import read_model
        from gtt_projections.queries.ids import find_by_name

        if not opened:
            opened.append(read_model(gtt))
            return find_by_name(opened[0], text, kind)
        return find_by_name(opened[0], text, kind, catch_up=False)

    return resolve


commands = [import_command]
