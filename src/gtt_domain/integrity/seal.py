"""``seal``: chain to the head and record a (optionally signed) digest of the whole log."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from gtt_domain.integrity.canonical import seal_message
from gtt_domain.integrity.chain import DEFAULT_BATCH, extend
from gtt_domain.integrity.keys import PrivateKeySource, load_private_key, raw_public
from gtt_domain.integrity.receipt import ReceiptError, write_receipt
from gtt_domain.integrity.store import IntegrityStore, SealRow

if TYPE_CHECKING:
    from gtt_domain.application.app import GttApplication


def seal(app: GttApplication, signing_key: PrivateKeySource = None, *, actor: str | None = None,
         receipt: str | os.PathLike[str] | None = None, batch_size: int = DEFAULT_BATCH) -> SealRow:
    """Extend the chain to the head and record a seal of it.

    ``signing_key``: an Ed25519 private key, key bytes or a key file (PEM or raw); when
    ``None``, ``$GTT_SEAL_KEY`` names the file, and without it the seal is unsigned.
    ``sealed_at`` comes from the application's clock, ``actor`` defaults to its actor.
    ``receipt``: a new file to write the seal's receipt to (keep it outside the store;
    ``verify(receipts=[…])`` then detects a rollback past this seal).
    """
    key = load_private_key(signing_key)
    if receipt is not None:
        target = Path(receipt).expanduser()
        if target.exists():
            raise ReceiptError(f"{target} exists; refusing to overwrite a receipt (nothing was sealed)")
        if not target.parent.is_dir():
            raise ReceiptError(f"cannot write receipt {target}: no such directory (nothing was sealed)")
    who = actor or app.default_actor
    app.require("seal", who)  # the policy, if any, decides who may seal (docs/privacy.md)
    with IntegrityStore(app.url) as store:
        while True:
            head = extend(app, store, batch_size)
            number = store.next_seal_number()
            sealed_at = app.clock().isoformat()
            row = SealRow(number, head.position, head.count, head.head, sealed_at, who, None, None)
            if key is not None:
                msg = seal_message(number, head.position, head.count, head.head, sealed_at, who)
                row = SealRow(number, head.position, head.count, head.head, sealed_at, who,
                              key.sign(msg), raw_public(key.public_key()))
            try:
                store.add_seal(row)
            except IntegrityError:  # a concurrent seal took this number: seal again after it
                continue
            if receipt is not None:
                write_receipt(receipt, row)
            return row
