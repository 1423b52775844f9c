"""``verify``: recompute the chain from the stored events and check every seal."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from gtt_domain.heap import collector_paused
from gtt_domain.integrity.chain import (
    DEFAULT_BATCH,
    BadStoredRow,
    OrphanChainRecord,
    Run,
    StoredEvent,
    verify_log,
)
from gtt_domain.integrity.check import Checker, ReceiptSeal
from gtt_domain.integrity.keys import PublicKeySource, load_public_key
from gtt_domain.integrity.receipt import read_receipt
from gtt_domain.integrity.report import VerifyReport
from gtt_domain.integrity.store import IntegrityStore

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication

ReceiptSource = ReceiptSeal | str | os.PathLike[str]


def verify(app: GttApplication, public_key: PublicKeySource | Sequence[PublicKeySource] = None, *,
           receipts: Sequence[ReceiptSource] = (), snapshots: bool = False, signed_from: int = 1,
           batch_size: int = DEFAULT_BATCH) -> VerifyReport:
    """Check the stored log against its chain, seals and ``receipts``; adds no rows.

    ``public_key`` (a key, bytes or file, or a list of them after a key rotation; ``None``
    reads ``$GTT_SEAL_PUBLIC_KEY``) makes signatures by any other key, and any unsigned
    seal numbered ``signed_from`` or later, a problem (as is having no seal at all). Without any public key, a
    signed seal makes the report ``untrusted`` (exit code 2): a key stored beside the
    seal proves nothing. ``receipts`` (files written by ``seal(..., receipt=…)`` or
    :class:`ReceiptSeal`) must still be contained in the log. ``snapshots`` also compares
    every stored snapshot with the replay of its aggregate's events.
    """
    sources: list[PublicKeySource] = (
        list(public_key) if isinstance(public_key, list | tuple) else [cast(PublicKeySource, public_key)])
    keys = [k for k in (load_public_key(src) for src in sources) if k is not None]
    held = [r if isinstance(r, ReceiptSeal) else read_receipt(r) for r in receipts]
    checker = Checker(keys, held, signed_from)
    # pages of a million small objects and no cycles: the collector would rescan them (1/3 of verify)
    with IntegrityStore(app.url) as store, collector_paused():
        for rec in verify_log(app, store, batch_size):
            if isinstance(rec, Run):
                checker.run(rec.rows, rec.recorded, rec.ids)
            elif isinstance(rec, StoredEvent):
                checker.event(rec.position, rec.originator_id, rec.version, rec.topic, rec.state,
                              rec.recorded)
            elif isinstance(rec, OrphanChainRecord):
                checker.orphan(rec.position)
            elif isinstance(rec, BadStoredRow):
                checker.bad_row(rec.position, rec.kind, rec.reason, rec.recorded)
            else:
                checker.seal(rec)
            if checker.problem is not None:
                break
    report = checker.finish()
    if snapshots and report.problem is None:
        from gtt_domain.integrity.snapshots import check_snapshots

        report.snapshots, report.problem = check_snapshots(app)
    return report
