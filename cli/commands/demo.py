"""``gtt demo``: record a deterministic, believable history drawn from the plans."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from typing import Any

import click
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput, Refused
from gtt_cli.output import to_json
from gtt_cli.readside import progress_bar
from gtt_projections import ReadModel
from gtt_projections.facts.audit import run_audit
from gtt_projections.facts.evaluate import FactSource

from gtt_domain.application.config import database_url, sqlite_path
from gtt_domain.demo import (
    DemoApplication,
    DemoClock,
    build_story,
    demo_completed,
    demo_recorded,
    run_demo,
    store_is_empty,
)
from gtt_domain.demo.calendar import END, START
from gtt_domain.domain.base import natural_id
from gtt_domain.evaluation import evaluation_period
from gtt_domain.evaluation.run import score_snapshot

section = "admin"

def next_commands() -> list[str]:
    """Commands to try next, with ids of the demo's telling cases (natural ids: stable)."""
    young = natural_id("internship", "demo:p10-2025-2")
    absent = natural_id("internship", "demo:p10-2025-3")
    branch = natural_id("institution", "demo:p1-A-Longmen")
    return [
        "gtt institutions list",
        "gtt internships list",
        "gtt audit run --format table",
        "gtt findings list --status waived --status exempt --status remedied --format table",
        "gtt audit upcoming --within 30d --as-of 2025-04-01 --format table",
        "gtt rules adoptions",
        "gtt evaluate group --year 2025",
        f"gtt history {young} --format table      # a 15-year-old on a work-study post",
        f"gtt show {absent} --known-at 2025-04-05   # before the absence of 1 April was recorded",
        f"gtt show {branch}                         # two years of declining quality",
        "gtt report --html report-2025.html --year 2025",
        "gtt audit seal && gtt audit verify",
        "gtt export events --format jsonl --output events.jsonl",
    ]


@click.command("demo", help="""Record a deterministic demo history (two school years) from the plans.

Two county education groups (P1), a high school's home–school community and learning
teams (P2, P5), fusion, co-construction and collaboration communities (P3), a vocational
college with partners and bases (P8, P14), an air-conditioning training base with spring
work-study batches and realistic violations (P10), order classes on 2+1 and 1.5+0.5+1 (P9,
P13) and at a secondary vocational school (P7), teachers' enterprise practice (P6, P12) and
a medical community (P4). The same --seed and --scale give the same event log byte for
byte. Scale 1 is about 55k events; fractions make smaller demos.

An empty store is filled. A store that already holds the demo is left alone (exit 0);
any other non-empty store is refused unless --fresh, which deletes an SQLite file first.
The story declares every breach it records on purpose (--intent lists them); the summary
audits the record as of the demo's last day and compares the two.

The demo records a completion marker in its last transaction. A store holding an
interrupted demo is named as such (exit 1); --fresh records it again.

\b
Example:
  gtt demo
  gtt demo --db sqlite:///bench.sqlite3 --scale 20 --seed 7 --fresh --no-summary""")
@click.option("--db", "db_url", metavar="URL", default=None,
              help="Store to fill (same as the global --db; default $GTT_DATABASE_URL or sqlite:///gtt.sqlite3).")
@click.option("--scale", type=click.FloatRange(min=0.01, max=100), default=1.0, show_default=True,
              help="Volume multiplier (students, attendance, partners, teachers).")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed of the story.")
@click.option("--no-summary", is_flag=True,
              help="Skip the audit and scorecard summaries (benchmark data: faster, less memory).")
@click.option("--fresh", is_flag=True, help="Delete the SQLite file first (refused for other databases).")
@click.option("--intent", is_flag=True,
              help="Record nothing: list the breaches the story records on purpose (rule, subject, what) as JSON.")
@pass_gtt
def demo_command(gtt: GttContext, db_url: str | None, scale: float, seed: int, no_summary: bool,
                 fresh: bool, intent: bool) -> None:
    if intent:
        story = build_story(seed, scale)
        click.echo(to_json([{"rule_id": r, "subject_id": s, "what": why}
                            for (r, s), why in sorted(story.intended.items())]))
        return
    url = database_url(db_url) if db_url else gtt.db_url
    if fresh:
        _delete_sqlite(url)
    clock = DemoClock(START)
    try:
        app = DemoApplication(url, seed=seed, clock=clock, actor="demo")
    except ValueError as e:  # an unusable URL
        raise InvalidInput(str(e)) from None
    try:
        if not store_is_empty(app):
            if demo_recorded(app) and not demo_completed(app):
                held = app.recorder.max_notification_id() or 0
                raise Refused(f"this store holds an interrupted demo ({held} events, no completion "
                              "marker): record it again with --fresh (an SQLite file) or into an "
                              "empty database")
            if demo_recorded(app):
                click.echo("The demo is already recorded in this store; nothing to do "
                           "(use --fresh to record it again).")
                _next_commands()
                return
            raise Refused("the store already holds other records; use another --db, or --fresh "
                          "for an SQLite file you mean to replace")
        started = time.perf_counter()
        summary = _record(app, clock, seed, scale)
        elapsed = time.perf_counter() - started
        click.echo(f"Recorded {summary.total_events} events in {summary.transactions} transactions "
                   f"in {elapsed:.1f} s (seed {seed}, scale {scale:g}).")
        _table("aggregates", summary.aggregates)
        _table("events", summary.events)
        rm = _project(app, getattr(gtt, "_read_url", None))
        try:
            if not no_summary:
                _audit_summary(rm, seed, scale)
                _scorecards(rm)
        finally:
            rm.close()
        _next_commands()
    finally:
        app.close()


def _delete_sqlite(url: str) -> None:
    try:
        path = sqlite_path(url)
    except ValueError:
        raise InvalidInput("--fresh deletes an SQLite file; for other databases drop the schema yourself") from None
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def _record(app: DemoApplication, clock: DemoClock, seed: int, scale: float) -> Any:
    if not sys.stdout.isatty():
        return run_demo(app, clock, seed=seed, scale=scale)
    with click.progressbar(length=1, label="Recording the demo") as bar:
        state = {"done": 0}

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - state["done"])
            state["done"] = done

        return run_demo(app, clock, seed=seed, scale=scale, progress=progress)


def _table(title: str, counts: Counter[str]) -> None:
    click.echo(f"\n{title.capitalize()} per kind:")
    for kind, n in sorted(counts.items()):
        click.echo(f"  {kind:<14} {n:>9}")


def _project(app: DemoApplication, read_url: str | None) -> ReadModel:
    """Bring every read table (the audit's fact tables too) up to the demo just recorded,
    so the first query after a demo answers at once."""
    rm = ReadModel(app, read_url=read_url)
    started = time.perf_counter()
    with progress_bar("Projecting the read tables", rm.head()) as progress:
        rm.catch_up(progress=progress)
    click.echo(f"Read tables current in {time.perf_counter() - started:.1f} s.")
    return rm


def _audit_summary(rm: ReadModel, seed: int, scale: float) -> None:
    """Findings by rule and status as of the demo's last day (from the fact tables),
    against the breaches the story records on purpose."""
    findings = run_audit(rm, as_of=END, catch_up=False)
    intended = set(build_story(seed, scale).intended)
    found = {(f.rule_id, f.subject_id) for f in findings}
    by_rule = Counter(f.rule_id for f in findings)
    statuses = Counter(str(f.status) for f in findings)
    click.echo(f"\nAudit findings as of {END}: {len(findings)} "
               f"({', '.join(f'{n} {s}' for s, n in sorted(statuses.items()))})")
    for rule, n in sorted(by_rule.items()):
        click.echo(f"  {rule:<32} {n:>6}")
    click.echo(f"Rule and subject pairs found: {len(found)}; recorded on purpose: {len(intended)}"
               + ("" if found == intended else f" (unexpected: {len(found - intended)}, missed: {len(intended - found)})"))


SCORECARD_FAMILIES = ("group", "department", "major", "host", "team", "home_school")
SCORECARD_YEAR = 2025


def _scorecards(rm: ReadModel) -> None:
    """Main scorecards for 2025, from the fact tables."""
    snap = FactSource(rm, catch_up=False).snapshot(None, None)
    period = evaluation_period(SCORECARD_YEAR)
    cards = {f: score_snapshot(snap, f, period) for f in SCORECARD_FAMILIES}
    click.echo(f"\nScorecards {SCORECARD_YEAR} (targets met / not met):")
    for family, family_cards in cards.items():
        for card in family_cards[:4]:
            name = card.subject if len(card.subject) <= 44 else "…" + card.subject[-43:]
            click.echo(f"  {family:<12} {name:<44} {card.met_count:>3} / {card.not_met_count}")
        if len(family_cards) > 4:
            click.echo(f"  {family:<12} … and {len(family_cards) - 4} more (gtt evaluate {family})")


def _next_commands() -> None:
    click.echo("\nNext, try:")
    for line in next_commands():
        click.echo(f"  {line}")


commands = [demo_command]
