"""Shared helpers for the persons, communities, agreements and exchanges read-side tests:
a small world of institutions and people, and the incremental == rebuild check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from gtt_projections import ReadModel
from gtt_projections.projection import GttProjection
from readside_helpers import Clock, SimulatedCrash, crash_on_flush, dump

from gtt_domain.application import GttApplication
from gtt_domain.commands import institution as ci
from gtt_domain.commands import person as cp
from gtt_domain.domain.errors import GttError

BASE = date(2025, 1, 1)


def day(n: int) -> date:
    return BASE + timedelta(days=n)


@dataclass
class World:
    """Two schools (major N1 open at the first), an enterprise and three people."""

    schools: list[UUID]
    enterprise: UUID
    people: list[UUID]
    made: dict[str, list[UUID]] = field(default_factory=dict)

    @property
    def institutions(self) -> list[UUID]:
        return [*self.schools, self.enterprise]


def make_world(app: GttApplication) -> World:
    schools = [app.handle(ci.RegisterInstitution(kind="school", name=n, region=r))
               for n, r in (("Anxi Vocational", "Anxi"), ("Hill Middle", "Hualong"))]
    app.handle(ci.OpenMajor(institution_id=schools[0], code="N1", name="Nursing care"))
    enterprise = app.handle(ci.RegisterInstitution(kind="enterprise", name="Tea Co", region="Anxi"))
    people = [
        app.handle(cp.RegisterPerson(kind="student", home_institution_id=schools[0], name="Li Lei")),
        app.handle(cp.RegisterPerson(kind="teacher", home_institution_id=schools[0], name="Han Mei")),
        app.handle(cp.RegisterPerson(kind="teacher", home_institution_id=schools[1], name="Zhou Yu")),
    ]
    return World(schools, enterprise, people)


def catch_up_once(app: GttApplication, cls: type[GttProjection], batch: int, crash_at: int | None) -> None:
    """A fresh process catches up in batches of ``batch``; maybe it crashes in a flush."""
    rm = ReadModel(app, projections=[cls], batch_size=batch)
    try:
        if crash_at is None:
            rm.catch_up()
        else:
            with crash_on_flush(after=crash_at):
                try:
                    rm.catch_up()
                except SimulatedCrash:
                    pass
    finally:
        rm.close()


Step = tuple[Any, ...]
ToCommand = Callable[[Step, World], Any]


def check_incremental_equals_rebuild(
    url: str, cls: type[GttProjection], steps: list[Step], to_command: ToCommand, final_batch: int,
) -> dict[str, list[tuple[Any, ...]]]:
    """Run ``steps`` (``to_command`` gives a command, a list tried in order, or
    None; ``("catch_up", batch, crash_at)`` catches up in a fresh process); the tables left by
    the incremental catch-ups equal those of one rebuild. Returns the tables."""
    app = GttApplication(url, clock=Clock(), actor="registrar")
    try:
        world = make_world(app)
        for step in steps:
            if step[0] == "catch_up":
                catch_up_once(app, cls, step[1], step[2])
                continue
            cmds = to_command(step, world)
            for cmd in cmds if isinstance(cmds, list) else [cmds]:
                if cmd is None:
                    continue
                try:
                    made = app.handle(cmd)
                except GttError:
                    continue  # refused: nothing recorded
                world.made.setdefault(step[0], []).append(made)
        rm = ReadModel(app, projections=[cls], batch_size=final_batch)
        try:
            rm.catch_up()
            incremental = dump(rm)
            rm.rebuild(batch_size=1000)
            assert dump(rm) == incremental
            assert rm.status()[0].dead_letters == 0
            return incremental
        finally:
            rm.close()
    finally:
        app.close()


def pick(items: list[UUID], i: int) -> UUID | None:
    return items[i % len(items)] if items else None


CLEAN_ENV = {"GTT_DATABASE_URL": None, "GTT_READ_DATABASE_URL": None, "GTT_ACTOR": None,
             "GTT_LANG": None, "GTT_DEBUG": None, "NO_COLOR": None}


def cli(url: str, clock: Any, *args: str) -> Any:
    """Run ``gtt --db URL …`` through click's CliRunner."""
    from click.testing import CliRunner
    from gtt_cli.main import gtt

    return CliRunner().invoke(gtt, ["--db", url, "--actor", "alice", *args], env=CLEAN_ENV,
                              obj={"clock": clock}, prog_name="gtt")


def fits_80(text: str) -> bool:
    return all(len(line) <= 80 for line in text.splitlines())
