"""The persons' own events, read from a plaintext store without the application.

An audit on a current store (:class:`gtt_projections.current.CurrentReadModel`) reads
the fact tables and, for the ages its rules ask about, the persons' own sealed events.
:class:`StoreEvents` reads those with one query per 900 persons, as
:func:`gtt_domain.application.batch_read.stored_events_of` does through the recorder, and
decodes them with the mapper the application would build for such a store (no cipher, no
compressor; personal data unsealed with the person keys). Anything else — an encrypted
store, a compressor or cipher set in the environment — is left to the application
(:func:`usable`).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, bindparam, text

from gtt_domain.application.config import postgres_schema

#: ids per statement (as ``batch_read.PAGE``)
PAGE = 900
#: eventsourcing settings that would give the application's mapper a cipher or compressor
#: (plain, or prefixed with the application's name)
MAPPER_SETTINGS = ("CIPHER_TOPIC", "COMPRESSOR_TOPIC")


def usable(environ: Any = os.environ) -> bool:
    """Whether the application's mapper would be the plain one this module builds."""
    return not any(environ.get(k) or environ.get(f"GTT_{k}") for k in MAPPER_SETTINGS)


def system_clock() -> datetime:
    return datetime.now(UTC)


class StoreEvents:
    """Stored events of chosen aggregates and the mapper that decodes them, on ``engine``
    (a connection pool on the event database). Quacks like the parts of
    :class:`GttApplication` an audit uses: ``mapper``, ``person_keys``, ``clock``."""

    def __init__(self, event_url: str, engine: Engine, *, clock: Callable[[], datetime] | None = None,
                 own_engine: bool = False) -> None:
        from gtt_domain.application.batch_read import store_transcoder
        from gtt_domain.privacy.keys import PersonKeyStore
        from gtt_domain.privacy.mapper import PersonalDataMapper

        self.engine, self._own_engine = engine, own_engine
        self.clock = clock or system_clock
        self.person_keys = PersonKeyStore.for_url(event_url, None)
        self.mapper = PersonalDataMapper(store_transcoder(), keys=self.person_keys)
        if event_url.startswith("sqlite"):
            self._table, self._hex = "stored_events", True
        else:  # eventsourcing's PostgreSQL recorder names its table after the application
            self._table, self._hex = f'"{postgres_schema(event_url) or "public"}"."gtt_events"', False

    def stored_events_of(self, ids: Iterable[UUID]) -> dict[UUID, list[Any]]:
        """The stored events of each of ``ids``, in version order (an id without events is
        absent)."""
        from eventsourcing.persistence import StoredEvent

        wanted = sorted(set(ids))
        out: dict[UUID, list[StoredEvent]] = defaultdict(list)
        stmt = text(f"SELECT originator_id, originator_version, topic, state FROM {self._table} "
                    "WHERE originator_id IN :ids ORDER BY originator_id, originator_version"
                    ).bindparams(bindparam("ids", expanding=True))
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), PAGE):
                page = [i.hex if self._hex else i for i in wanted[start:start + PAGE]]
                for oid, version, topic, state in conn.execute(stmt, {"ids": page}).cursor.fetchall():
                    key = oid if isinstance(oid, UUID) else UUID(oid)
                    out[key].append(StoredEvent(originator_id=key, originator_version=version, topic=topic,
                                                state=bytes(state)))
        return dict(out)

    def close(self) -> None:
        self.person_keys.close()
        if self._own_engine:
            self.engine.dispose()
