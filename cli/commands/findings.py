"""``gtt findings list|show|ack|assign|dispute|reject-dispute|waive|remedy|close|reopen``.

A finding is named by its key (``rule|subject|what``, as ``gtt audit run`` prints it) or its
``finding_id`` (or the first 8+ characters of it). Each step is recorded as an event on the
finding's case, with the actor and both times; the audit shows the resulting status.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from uuid import UUID

import click
from gtt_cli.commands import get_or_create_group
from gtt_cli.commands.audit_run import COLUMNS, TABLE_COLUMNS, finding_row, left_out_note, load
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput, Refused
from gtt_cli.output import output_options, render, to_json
from gtt_cli.params import DAY, MOMENT
from gtt_cli.readside import read_model
from gtt_projections.facts.audit import run_audit as facts_audit
from gtt_projections.facts.audit import subject_audit

from gtt_domain.audit.findings import STATUSES, Finding
from gtt_domain.commands import finding as c
from gtt_domain.domain.finding_case import FindingCase, case_id

section = "admin"

findings = get_or_create_group("findings", """Answer audit findings: acknowledge, assign, dispute, waive, remedy, close.

Every step is recorded with its actor and time; `gtt audit run` and `gtt findings list`
show each finding's status. A breach stays a finding whatever its status.

\b
Example:
  gtt findings list --status open --format table
  gtt findings ack 'P10-R7-documents|ID|document:id_copy' --note 'seen'
  gtt findings show 1f3c9a2e""", section="admin")

ID_PREFIX = re.compile(r"^[0-9a-fA-F-]{8,36}$")
STEP_COLUMNS = ("step", "on", "recorded_at", "actor", "details")


def _case(gtt: GttContext, key: str) -> FindingCase | None:
    try:
        agg = gtt.app.repository.get(case_id(key))
    except Exception:
        return None
    return agg if isinstance(agg, FindingCase) else None


def locate(gtt: GttContext, ref: str, as_of: date | None, known_at: datetime | None) -> tuple[str, Finding | None]:
    """``(key, finding)`` for a key or a finding id; the finding is None when only its case
    remains (the audit no longer finds it)."""
    ref = ref.strip()
    if "|" not in ref:
        if not ID_PREFIX.match(ref):
            raise InvalidInput(f"{ref!r} is neither a finding key (rule|subject|what) nor a finding id")
        try:
            agg = gtt.app.repository.get(UUID(ref))
            if isinstance(agg, FindingCase):
                ref = agg.key
        except Exception:
            pass
    if "|" in ref:
        rule = ref.split("|", 1)[0]
        known = {r.rule.id for p in load(()) for r in p.rules}
        subject = ref.split("|")[1] if ref.count("|") >= 2 else None
        found = subject_audit(read_model(gtt), subject, load(()), as_of=as_of, known_at=known_at,
                              rule_ids=[rule]) if rule in known and subject else []
        match = [x for x in found if x.key == ref]
        if match:
            return ref, match[0]
        if _case(gtt, ref) is not None:
            return ref, None
        raise Refused(f"no finding {ref!r} as of {as_of or 'today'}; see `gtt findings list`")
    prefix = ref.lower()
    match = [x for x in facts_audit(read_model(gtt), load(()), as_of=as_of, known_at=known_at)
             if x.finding_id.startswith(prefix)]
    if len(match) > 1:
        raise InvalidInput(f"{ref!r} names {len(match)} findings; give more of the id or the key")
    if not match:
        raise Refused(f"no finding with id {ref!r} as of {as_of or 'today'}; see `gtt findings list`")
    return match[0].key, match[0]


def ref_options(fn: Any) -> Any:
    fn = click.option("--effective-at", type=MOMENT, help="When the step happened [default: now].")(fn)
    fn = click.option("--as-of", "as_of", type=DAY, help="Find the finding as of this date [default: today].")(fn)
    return click.argument("ref", metavar="KEY|ID")(fn)


def record(gtt: GttContext, model: type[c.FindingCommand], ref: str, as_of: date | None,
           effective_at: datetime | None, **fields: Any) -> None:
    key, found = locate(gtt, ref, as_of, None)
    subject = {"rule_id": found.rule_id, "subject_kind": found.subject_kind,
               "subject_id": found.subject_id} if found is not None else {}
    cmd = model(key=key, **subject, **fields)
    click.echo(str(gtt.app.handle(cmd, actor=gtt.actor, effective_at=effective_at)))


@findings.command("list", help="""List findings with their status (default: every status).

\b
Example:
  gtt findings list --status waived --status exempt
  gtt findings list --open-only --as-of 2025-06-30 --format json""")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES), help="Only this status (repeatable).")
@click.option("--open-only", is_flag=True, help="Only findings still to answer.")
@click.option("--rule", "rules", multiple=True, metavar="ID", help="Only these rule ids (repeatable).")
@click.option("--pack", "packs", multiple=True, metavar="ID|FILE", help="A shipped pack id or a pack file.")
@click.option("--as-of", "as_of", type=DAY, help="The date audited [default: today].")
@click.option("--known-at", "known_at", type=MOMENT, help="As recorded by then.")
@output_options
@pass_gtt
def list_findings(gtt: GttContext, statuses: tuple[str, ...], open_only: bool, rules: tuple[str, ...],
                  packs: tuple[str, ...], as_of: date | None, known_at: datetime | None, fmt: str) -> None:
    every = facts_audit(read_model(gtt), load(packs), as_of=as_of, known_at=known_at,
                        rule_ids=list(rules) or None)
    shown = [x for x in every if (not statuses or x.status in statuses) and (not open_only or x.unanswered)]
    if fmt == "json":
        click.echo(to_json([x.model_dump(mode="json") for x in shown]))
    else:
        rows = [finding_row(x, gtt.lang) for x in shown]
        click.echo(render(rows, TABLE_COLUMNS if fmt == "table" else COLUMNS, fmt, gtt.lang, color=gtt.color))
    note = left_out_note(every, shown)
    if note is not None:
        click.echo(note, err=True)


@findings.command("show", help="""Show one finding, its status and every step of its case (actor, both times).

\b
Example:
  gtt findings show 1f3c9a2e
  gtt findings show 'P1-R12-funding|ID|funding-2025/2026' --known-at 2026-01-01 --format table""")
@click.argument("ref", metavar="KEY|ID")
@click.option("--as-of", "as_of", type=DAY, help="The date audited [default: today].")
@click.option("--known-at", "known_at", type=MOMENT, help="As recorded by then.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
@pass_gtt
def show(gtt: GttContext, ref: str, as_of: date | None, known_at: datetime | None, fmt: str) -> None:
    key, found = locate(gtt, ref, as_of, known_at)
    record_: dict[str, Any]
    if found is None:
        case = _case(gtt, key)
        record_ = {"key": key, "status": case.status if case else None, "found": False,
                   "note": "the audit no longer finds this; its case remains"}
    else:
        record_ = {**found.model_dump(mode="json"), "found": True}
    if fmt == "json":
        click.echo(to_json(record_))
        return
    lines = [f"{record_.get('rule_id', '')} {record_.get('severity', '')}  {key}",
             f"status: {record_['status']}" + (f" — {record_.get('status_detail')}" if record_.get("status_detail") else ""),
             str(record_.get("explanation_en" if gtt.lang == "en" else "explanation_zh", record_.get("note", "")))]
    steps = [{**{k: s.get(k) for k in ("step", "on", "recorded_at", "actor")},
              "details": "; ".join(f"{k}: {v}" for k, v in s.items() if k not in ("step", "on", "recorded_at", "actor", "position"))}
             for s in record_.get("lifecycle", [])]
    click.echo("\n".join(lines))
    if steps:
        click.echo(render(steps, STEP_COLUMNS, "table", gtt.lang, color=gtt.color))


@findings.command("ack", help="""Acknowledge a finding.

\b
Example:
  gtt findings ack 1f3c9a2e --note 'seen at the May review'""")
@ref_options
@click.option("--note", help="A note kept with the step.")
@pass_gtt
def ack(gtt: GttContext, ref: str, as_of: date | None, effective_at: datetime | None, note: str | None) -> None:
    record(gtt, c.AcknowledgeFinding, ref, as_of, effective_at, note=note)


@findings.command("assign", help="""Assign a finding to someone to answer, optionally by a date.

\b
Example:
  gtt findings assign 1f3c9a2e --to 'internship office' --due 2025-06-30""")
@ref_options
@click.option("--to", "assignee", required=True, help="Who answers it.")
@click.option("--due", type=DAY, help="By when.")
@click.option("--note", help="A note kept with the step.")
@pass_gtt
def assign(gtt: GttContext, ref: str, as_of: date | None, effective_at: datetime | None, assignee: str,
           due: date | None, note: str | None) -> None:
    record(gtt, c.AssignFinding, ref, as_of, effective_at, assignee=assignee, due=due, note=note)


@findings.command("dispute", help="""Dispute a finding, with the reason.

\b
Example:
  gtt findings dispute 1f3c9a2e --reason 'the leave was approved by phone; form attached'""")
@ref_options
@click.option("--reason", required=True, help="Why the finding is contested.")
@pass_gtt
def dispute(gtt: GttContext, ref: str, as_of: date | None, effective_at: datetime | None, reason: str) -> None:
    record(gtt, c.DisputeFinding, ref, as_of, effective_at, reason=reason)


@findings.command("reject-dispute", help="""Reject a dispute: the finding stands.

\b
Example:
  gtt findings reject-dispute 1f3c9a2e --reason 'no written approval on file'""")
@ref_options
@click.option("--reason", required=True, help="Why the dispute is rejected.")
@pass_gtt
def reject_dispute(gtt: GttContext, ref: str, as_of: date | None, effective_at: datetime | None, reason: str) -> None:
    record(gtt, c.RejectDispute, ref, as_of, effective_at, reason=reason)


@findings.command("waive", help="""Waive a finding by an authority's decision, until a date (included).

The breach is still counted, as waived; after --until the finding is open again.

\b
Example:
  gtt findings waive 1f3c9a2e --authority 'Anxi County Education Bureau' --reason 'pilot year' --until 2025-12-31""")
@ref_options
@click.option("--authority", required=True, help="Who waives it.")
@click.option("--reason", required=True, help="Why.")
@click.option("--until", type=DAY, help="The last day of the waiver [default: open-ended].")
@pass_gtt
def waive(gtt: GttContext, ref: str, as_of: date | None, effective_at: datetime | None, authority: str,
          reason: str, until: date | None) -> None:
    record(gtt, c.WaiveFinding, ref, as_of, effective_at, authority=authority, reason=reason, until=until)


@findings.command("remedy", help="""Record the remedy of a finding: the evidence and the day.

\b
Example:
  gtt findings remedy 1f3c9a2e --evidence 'back pay slip 2025-05' --on 2025-05-20""")
@ref_options
@click.option("--evidence", required=True, help="What shows the remedy.")
@click.option("--on", "on", type=DAY, required=True, help="The day it was remedied.")
@pass_gtt
def remedy(gtt: GttContext, ref: str, as_of: date | None, effective_at: datetime | None, evidence: str,
           on: date) -> None:
    record(gtt, c.RemedyFinding, ref, as_of, effective_at, evidence=evidence, on=on)


@findings.command("close", help="""Close a finding (answered and checked).

\b
Example:
  gtt findings close 1f3c9a2e --note 'remedy verified'""")
@ref_options
@click.option("--note", help="A note kept with the step.")
@pass_gtt
def close(gtt: GttContext, ref: str, as_of: date | None, effective_at: datetime | None, note: str | None) -> None:
    record(gtt, c.CloseFinding, ref, as_of, effective_at, note=note)


@findings.command("reopen", help="""Reopen a remedied, waived or closed finding.

\b
Example:
  gtt findings reopen 1f3c9a2e --reason 'the breach recurred in June'""")
@ref_options
@click.option("--reason", required=True, help="Why.")
@pass_gtt
def reopen(gtt: GttContext, ref: str, as_of: date | None, effective_at: datetime | None, reason: str) -> None:
    record(gtt, c.ReopenFinding, ref, as_of, effective_at, reason=reason)


commands: list[click.Command] = []
