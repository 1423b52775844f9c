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
from gtt_domain.domain.person import Person

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication


def forget_person(
    app: GttApplication, person_id: UUID, *, actor: str | None = None, reason: str | None = None,
    requester: str | None = None, legal_basis: str | None = None,
) -> UUID:
    """Erase the person's personal data; retried if another writer changed the person.

    The facts the audit rules read from the personal data are recorded first (in the same
    transaction), and the destroyed key is pushed out of the database file
    (:meth:`PersonKeyStore.purge`; ``ErasureIncompleteError`` when it cannot be). For a
    person already erased, only that last step runs again, so re-running an erasure that
    failed on it finishes it.

    Raises ``NotFoundError`` for an unknown person and ``NotAuthorisedError`` when the hook
    or the policy refuses ``actor``.
    """
    cmd = ErasePersonalData(person_id=person_id, requester=requester, legal_basis=legal_basis)
    person = app.get(person_id, Person)
    if getattr(person, "erased", False):
        app.require("erase", actor, cmd)
        app.person_keys.destroy(person_id)  # idempotent: a tombstone already
        app.person_keys.purge()
        return person_id
    return retry_on_conflict(lambda: app.handle(cmd, actor=actor, reason=reason))


def is_forgotten(app: GttApplication, person_id: UUID) -> bool:
    """True once the person's key is destroyed (their personal data reads as ``None``)."""
    return app.person_keys.is_destroyed(person_id)
