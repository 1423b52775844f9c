"""``gtt audit seal|verify|keygen``: tamper evidence over the stored log (docs/integrity.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from gtt_cli.commands import get_or_create_group
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import Refused
from gtt_cli.output import output_options, render

from gtt_domain.integrity import generate_keypair, seal, verify
from gtt_domain.integrity.canonical import fingerprint
from gtt_domain.integrity.keys import ENV_PRIVATE, ENV_PUBLIC

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
the database host and give auditors the public key.

\b
Example:
  gtt audit seal --key ~/keys/gtt-seal.pem""")
@click.option("--key", "key_path", type=click.Path(dir_okay=False), envvar=ENV_PRIVATE,
              help=f"Ed25519 private key file (PEM or raw) [default: ${ENV_PRIVATE}; unsigned without].")
@output_options
@pass_gtt
def seal_command(gtt: GttContext, key_path: str | None, fmt: str) -> None:
    row = seal(gtt.app, key_path, actor=gtt.actor)
    fp = fingerprint(row.public_key) if row.public_key else None
    record = {"number": row.number, "position": row.position, "count": row.count,
              "head": row.head.hex(), "sealed_at": row.sealed_at, "actor": row.actor,
              "signature": "signed" if row.signature else "unsigned", "key_fingerprint": fp}
    click.echo(render([record], SEAL_COLUMNS, fmt, gtt.lang, color=gtt.color))


@audit.command("verify", help=f"""Recompute the chain from the stored events and check every seal.

Exits 1 and names the first bad position when a stored event was edited, deleted,
inserted or moved before the last seal, or a seal or signature does not hold. Events
after the last seal are reported as unsealed (not an error). With --public-key (or
${ENV_PUBLIC}) every signature must be by a given key and the last seal must be signed.

\b
Example:
  gtt audit verify --public-key ~/keys/gtt-seal.pem.pub""")
@click.option("--public-key", "public_keys", type=click.Path(dir_okay=False), multiple=True,
              envvar=ENV_PUBLIC, help="Ed25519 public key file that must have signed the seals; "
              f"repeat after a key rotation [default: ${ENV_PUBLIC}].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A summary line, or the whole report as JSON.")
@pass_gtt
def verify_command(gtt: GttContext, public_keys: tuple[str, ...], fmt: str) -> None:
    from gtt_domain.application.storage import check_pages

    app = gtt.app  # first: an empty or non-store file is named as such
    check_pages(gtt.db_url)  # SQLite: every page readable (docs/integrity.md)
    if not app.recorder.max_notification_id():  # a new or mistyped store proves nothing
        raise Refused(f"the store holds no events, so there is nothing to verify "
                      f"(is --db {gtt.db_url} the store you mean?)")
    report = verify(gtt.app, list(public_keys) or None)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    elif report.ok:
        click.echo(report.summary())
    if not report.ok:
        raise Refused(report.summary())


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
