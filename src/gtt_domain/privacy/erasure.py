"""``forget_person``: the one call that erases a person's personal data.

It runs the ``person.erase-personal`` command, so the authorisation hook judges the actor
and the ``PersonalDataErased`` event records who erased, when and why. Writing that event
(by this or any other path) makes the mapper destroy the person's key first (see
:mod:`gtt_domain.privacy.mapper`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from gtt_domain.application.retry import retry_on_conflict
from gtt_domain.commands.person import ErasePersonalData

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication


def forget_person(
    app: GttApplication, person_id: UUID, *, actor: str | None = None, reason: str | None = None,
) -> UUID:
    """Erase the person's personal data; retried if another writer changed the person.

    Raises ``DomainError`` when the erasure was already recorded, ``NotFoundError`` for an
    unknown person and ``NotAuthorisedError`` when the hook refuses ``actor``.
    """
    cmd = ErasePersonalData(person_id=person_id)
    return retry_on_conflict(lambda: app.handle(cmd, actor=actor, reason=reason))


def is_forgotten(app: GttApplication, person_id: UUID) -> bool:
    """True once the person's key is destroyed (their personal data reads as ``None``)."""
    return app.person_keys.is_destroyed(person_id)
