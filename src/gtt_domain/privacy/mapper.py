"""A mapper that seals each person's ``personal`` field with that person's own key.

The field is sealed when an event (or a snapshot whose state holds it) is written and
unsealed when it is read. Sealing happens before eventsourcing's own transcode →
compress → encrypt pipeline, so the store-wide cipher (GTT_CIPHER_KEY) still covers the
whole row. When the person's key has been destroyed the field reads as ``None``: the
event stays loadable, the stored row is never rewritten, the hash chain still verifies.
"""

from __future__ import annotations

import os
from base64 import b64decode, b64encode
from collections.abc import Hashable
from typing import Any, cast
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import CanSnapshotAggregate
from eventsourcing.persistence import (
    Cipher,
    Compressor,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
    find_id_convertor,
)
from eventsourcing.utils import get_topic, resolve_topic

from gtt_domain.privacy.keys import PersonKeyStore

#: the one event field (and snapshot state attribute) that holds personal data
PERSONAL = "personal"
#: marks a sealed value; its value is base64(nonce + AES-GCM ciphertext)
SEALED = "_gtt_sealed_v1"
#: events that record an erasure: writing one first destroys the person's key
ERASURE_TOPICS = frozenset({"gtt_domain.domain.person:Person.PersonalDataErased"})


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {SEALED}


def _holder(state: dict[str, Any], snapshot: bool) -> dict[str, Any] | None:
    """The dict that carries ``personal``: the event itself, or a snapshot's state."""
    if snapshot:
        inner = state.get("state")
        return inner if isinstance(inner, dict) else None
    return state


class PersonalDataMapper(Mapper[UUID]):
    """eventsourcing's Mapper plus per-person sealing of the ``personal`` field."""

    def __init__(
        self,
        transcoder: Transcoder,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
        *,
        keys: PersonKeyStore,
    ):
        super().__init__(transcoder, compressor, cipher)
        self.keys = keys

    # --- write -------------------------------------------------------------------------

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        """Seal ``personal``; for an erasure event, destroy the key before it is stored.

        Events are mapped before the insert transaction starts, so the key is gone before
        the erasure can be recorded: a crash in between leaves the data unreadable and the
        erasure unrecorded (re-running the command records it), never the reverse.
        """
        if get_topic(type(domain_event)) in ERASURE_TOPICS:
            self.keys.destroy(person_key_id(domain_event.originator_id))
        snapshot = isinstance(domain_event, CanSnapshotAggregate)
        if not snapshot and vars(domain_event).get(PERSONAL) is None:
            return super().to_stored_event(domain_event)  # nothing to seal (most events)
        state = dict(vars(domain_event))
        holder = _holder(state, snapshot)
        if holder is None or holder.get(PERSONAL) is None:
            return super().to_stored_event(domain_event)
        if snapshot:
            holder = state["state"] = dict(holder)
        holder[PERSONAL] = self._seal(domain_event.originator_id, holder[PERSONAL])
        sealed_copy = object.__new__(type(domain_event))  # never change the caller's event
        object.__setattr__(sealed_copy, "__dict__", state)
        return super().to_stored_event(sealed_copy)

    def _seal(self, person_id: UUID, personal: Any) -> dict[str, str]:
        key = self.keys.key_for_write(person_key_id(person_id))
        nonce = os.urandom(12)
        ciphertext = AESGCM(key).encrypt(nonce, self.transcoder.encode(personal), _aad(person_id))
        return {SEALED: b64encode(nonce + ciphertext).decode("ascii")}

    # --- read --------------------------------------------------------------------------

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        """As eventsourcing's, with ``personal`` unsealed before any upcaster runs."""
        cls = resolve_topic(stored_event.topic)
        data = stored_event.state
        try:
            if self.cipher:
                data = self.cipher.decrypt(data)
            if self.compressor:
                data = self.compressor.decompress(data)
            state: dict[str, Any] = self.transcoder.decode(data)
        except Exception as e:
            raise MapperDeserialisationError(
                f"Failed to deserialise state of stored event with topic '{stored_event.topic}', "
                f"originator_id '{stored_event.originator_id}' and originator_version "
                f"{stored_event.originator_version}: {e}"
            ) from e
        holder = _holder(state, issubclass(cls, CanSnapshotAggregate))
        if holder is not None and is_sealed(holder.get(PERSONAL)):
            holder[PERSONAL] = self._unseal(stored_event.originator_id, holder[PERSONAL])
        convert = find_id_convertor(cls, cast(Hashable, type(stored_event.originator_id)))
        state["originator_id"] = convert(stored_event.originator_id)
        state["originator_version"] = stored_event.originator_version
        class_version = getattr(cls, "class_version", 1)
        from_version = state.pop("class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        domain_event = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", state)
        return domain_event

    def _unseal(self, person_id: UUID | str, sealed: dict[str, str]) -> Any:
        key = self.keys.key_for_read(person_key_id(person_id))
        if key is None:
            return None  # shredded: the person's personal data is gone for good
        raw = b64decode(sealed[SEALED])
        plaintext = AESGCM(key).decrypt(raw[:12], raw[12:], _aad(person_id))
        return self.transcoder.decode(plaintext)


def person_key_id(person_id: UUID | str) -> str:
    """The canonical text of a person id (the key table's primary key)."""
    try:
        return str(UUID(str(person_id)))
    except ValueError:
        return str(person_id)


def _aad(person_id: UUID | str) -> bytes:
    """Binds a ciphertext to its person: it cannot be moved into another person's events."""
    return f"gtt-personal:{person_key_id(person_id)}".encode()
