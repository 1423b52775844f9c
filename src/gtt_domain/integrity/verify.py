"""``verify``: recompute the chain from the stored events and check every seal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from gtt_domain.integrity.chain import DEFAULT_BATCH, OrphanChainRecord, StoredEvent, stored_log
from gtt_domain.integrity.check import Checker
from gtt_domain.integrity.keys import PublicKeySource, load_public_key
from gtt_domain.integrity.report import VerifyReport
from gtt_domain.integrity.store import IntegrityStore

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication


def verify(app: GttApplication, public_key: PublicKeySource | Sequence[PublicKeySource] = None, *,
           batch_size: int = DEFAULT_BATCH) -> VerifyReport:
    """Check the stored log against its chain and seals; adds no rows.

    ``public_key`` (a key, bytes or file, or a list of them after a key rotation; ``None``
    reads ``$GTT_SEAL_PUBLIC_KEY``) makes signatures by any other key, and an unsigned
    last seal, a problem.
    """
    sources: list[PublicKeySource] = (
        list(public_key) if isinstance(public_key, list | tuple) else [cast(PublicKeySource, public_key)])
    keys = [k for k in (load_public_key(src) for src in sources) if k is not None]
    checker = Checker(keys)
    with IntegrityStore(app.url) as store:
        for rec in stored_log(app, store, batch_size):
            if isinstance(rec, StoredEvent):
                checker.event(rec.position, rec.originator_id, rec.version, rec.topic, rec.state,
                              rec.recorded)
            elif isinstance(rec, OrphanChainRecord):
                checker.orphan(rec.position)
            else:
                checker.seal(rec)
            if checker.problem is not None:
                break
    return checker.finish()
