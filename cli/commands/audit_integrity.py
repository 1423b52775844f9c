"""``gtt audit seal|verify|keygen``: tamper evidence over the stored log (docs/integrity.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from eventsourcing.persistence import PersistenceError
from gtt_cli.commands import get_or_create_group
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput, Refused, store_error
from gtt_cli.output import output_options, render
from sqlalchemy.exc import SQLAlchemyError

from gtt_domain.domain.errors import GttError, UnusableStoreError
from gtt_domain.integrity import generate_keypair, seal, verify
from gtt_domain.integrity.canonical import fingerprint
from gtt_domain.integrity.chain import UnchainableRow
from gtt_domain.integrity.keys import ENV_PRIVATE, ENV_PUBLIC
from gtt_domain.integrity.receipt import ReceiptError
from gtt_domain.integrity.report import EXIT_TAMPERED, EXIT_UNVERIFIABLE
from gtt_domain.integrity.store import not_a_store

section = "admin"

audit = get_or_create_group("audit", """Audit the record: rule findings and tamper evidence.

\b
Example:
  gtt audit seal --key seal.pem
  gtt audit verify --public-key seal.pem.pub""", section="admin")

SEAL_COLUMNS = ("number", "position", "count", "head", "sealed_at", "actor", "signature",
                "key_fingerprint")


@audit.command("seal", help=f"""Chain every new event and record a seal of the whole log.

The seal holds the last position, the number of events and the chain's head hash. With
--key (or ${ENV_PRIVATE}) it is signed with that Ed25519 private key; keep the key off
the database host and give auditors the public key. With --receipt it also writes the
seal's receipt to a new file: keep it outside the store (mail it to the auditor, WORM
storage); verify --receipt then fails if the log was rolled back past this seal.

\b
Example:
  gtt audit seal --key ~/keys/gtt-seal.pem --receipt /mnt/worm/seal-2025-06-30.json""")
@click.option("--key", "key_path", type=click.Path(dir_okay=False), envvar=ENV_PRIVATE,
              help=f"Ed25519 private key file (PEM or raw) [default: ${ENV_PRIVATE}; unsigned without].")
@click.option("--receipt", "receipt", type=click.Path(dir_okay=False),
              help="Write the seal's receipt to this new file (never overwritten).")
@output_options
@pass_gtt
def seal_command(gtt: GttContext, key_path: str | None, receipt: str | None, fmt: str) -> None:
    try:
        row = seal(gtt.app, key_path, actor=gtt.actor, receipt=receipt)
    except (ReceiptError, UnchainableRow) as e:
        raise InvalidInput(str(e)) from None
    fp = fingerprint(row.public_key) if row.public_key else None
    record = {"number": row.number, "position": row.position, "count": row.count,
              "head": row.head.hex(), "sealed_at": row.sealed_at, "actor": row.actor,
              "signature": "signed" if row.signature else "unsigned", "key_fingerprint": fp}
    click.echo(render([record], SEAL_COLUMNS, fmt, gtt.lang, color=gtt.color))


@audit.command("verify", help=f"""Recompute the chain from the stored events and check every seal.

Exit 0: intact. Exit 1: tampered, naming the first bad position: a stored event was
edited, deleted, inserted or moved before the last seal, a seal or signature does not
hold, the log no longer holds what a --receipt sealed (rollback), or (--snapshots) a
snapshot disagrees with its events. Exit 2: cannot be verified: a row gtt would not
write, signed seals without a public key, an empty store or a file that is not one.
Events after the last seal are reported as unsealed (not an error). With --public-key
(or ${ENV_PUBLIC}) every seal must be signed by a given key (--signed-from N: those
before seal N predate signing).

\b
Example:
  gtt audit verify --public-key ~/keys/gtt-seal.pem.pub --receipt seal-2025-06-30.json""")
@click.option("--public-key", "public_keys", type=click.Path(dir_okay=False), multiple=True,
              envvar=ENV_PUBLIC, help="Ed25519 public key file that must have signed the seals; "
              f"repeat after a key rotation [default: ${ENV_PUBLIC}].")
@click.option("--receipt", "receipts", type=click.Path(dir_okay=False), multiple=True,
              help="A seal receipt (from seal --receipt) the log must still contain; repeatable.")
@click.option("--signed-from", type=click.IntRange(1), default=1, show_default=True,
              help="With a public key, seals numbered below this may be unsigned (made before signing began).")
@click.option("--snapshots", is_flag=True, help="Also compare every stored snapshot with the replay of its events.")
@click.option("--discard-bad-snapshots", is_flag=True,
              help="With --snapshots: delete the snapshots that disagree (the verdict stays TAMPERED).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A summary line, or the whole report as JSON.")
@pass_gtt
def verify_command(gtt: GttContext, public_keys: tuple[str, ...], receipts: tuple[str, ...],
                   signed_from: int, snapshots: bool, discard_bad_snapshots: bool, fmt: str) -> None:
    snapshots = snapshots or discard_bad_snapshots
    from gtt_domain.application.storage import StorageFault, check_pages, storage_fault

    problem = not_a_store(gtt.db_url)
    if problem is not None and "no such file" in problem:  # opening it would create a store
        raise InvalidInput(problem)
    try:  # an empty, foreign or corrupt file is named as every command names it, but exit 2
        app = gtt.app
        check_pages(gtt.db_url)  # SQLite: every page readable (docs/integrity.md)
    except StorageFault as e:
        raise InvalidInput(str(e)) from None
    except (GttError, PersistenceError) as e:
        if isinstance(e, UnusableStoreError):
            raise
        named = store_error(e)
        raise InvalidInput(named.format_message(), zh=named.zh) from None
    if problem is not None:
        raise InvalidInput(problem)
    try:
        report = verify(app, list(public_keys) or None, receipts=receipts, snapshots=snapshots,
                        signed_from=signed_from)
    except ReceiptError as e:
        raise InvalidInput(str(e)) from None
    except Exception as e:  # a store that cannot be read is exit 2, never "tampered"
        fault = storage_fault(e, gtt.db_url)
        if fault is not None:
            raise InvalidInput(str(fault)) from None
        if not isinstance(e, (PersistenceError, SQLAlchemyError, OSError)):
            raise
        first = " ".join(str(e).split())[:300]
        raise InvalidInput(f"cannot read the store ({type(e).__name__}): {first}") from None
    if discard_bad_snapshots:
        from gtt_domain.integrity.snapshots import bad_snapshots, discard_snapshots

        gone = discard_snapshots(gtt.app, bad_snapshots(gtt.app)[1])
        if gone:
            click.echo(f"discarded {gone} snapshot(s) that disagree with their events", err=True)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    elif report.exit_code == 0:
        click.echo(report.summary())
    if report.exit_code == EXIT_TAMPERED:
        raise Refused(report.summary())
    if report.exit_code == EXIT_UNVERIFIABLE:
        raise InvalidInput(report.summary())


@audit.command("keygen", help="""Write a new Ed25519 key pair for signing seals: PATH and PATH.pub.

The private key file is created with mode 0600; existing files are never overwritten.
Prints the public key's fingerprint.

\b
Example:
  gtt audit keygen ~/keys/gtt-seal.pem""")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def keygen_command(path: Path) -> None:
    private, public, fp = generate_keypair(path)
    click.echo(f"private key: {private}\npublic key:  {public}\nfingerprint: {fp}")
