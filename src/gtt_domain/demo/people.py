"""Registering synthetic people of every kind."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from gtt_domain.demo.calendar import cmd
from gtt_domain.demo.names import birth_date, fake_national_id, fake_phone, person_name
from gtt_domain.demo.story import Story


def register(story: Story, day: date, actor: str, kind: str, home: UUID, key: str,
             *, born: date | None = None, guardian: bool = False) -> UUID:
    """Register one person with personal data; students get a birth date and a guardian."""
    rng = story.rng
    pid, ext = story.new_id("person", f"person:{key}")
    if born is None:
        born = birth_date(rng, rng.randint(1968, 1995))
    fields: dict[str, object] = dict(
        kind=kind, home_institution_id=home, external_id=ext, name=person_name(rng),
        national_id=fake_national_id(born, story.created["person"]), birth_date=born,
        sex=rng.choice(["female", "male"]),
    )
    if guardian:
        fields.update(guardian_name=person_name(rng), guardian_phone=fake_phone(rng))
    story.at(day, actor, cmd("person.register", **fields))
    return pid


def staff(story: Story, day: date, actor: str, kind: str, home: UUID, key: str, n: int) -> list[UUID]:
    return [register(story, day, actor, kind, home, f"{key}-{i}") for i in range(n)]
