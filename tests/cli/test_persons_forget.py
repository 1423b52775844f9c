"""``gtt persons forget``: crypto-shredding from the CLI, recorded with its actor."""

from __future__ import annotations

from click.testing import CliRunner
from gtt_cli.main import gtt

from gtt_domain import GttApplication
from gtt_domain.commands.institution import RegisterInstitution
from gtt_domain.privacy.erasure import is_forgotten

ENV = {"GTT_DATABASE_URL": "", "GTT_READ_DATABASE_URL": "", "GTT_CIPHER_KEY": ""}


def test_forget_erases_once_and_records_actor(db_url, clock):
    app = GttApplication(db_url, clock=clock)
    school = app.handle(RegisterInstitution(kind="school", name="S", region="R"))
    pid = app.handle({"kind": "student", "home_institution_id": str(school),
                      "external_id": "S-1", "name": "Zhang Wei"},
                     name="person.register")
    run = CliRunner().invoke(gtt, ["--db", db_url, "--actor", "dpo", "persons", "forget", str(pid),
                                   "--reason", "student request"], env=ENV, obj={"clock": clock})
    assert run.exit_code == 0, run.output
    assert is_forgotten(app, pid)
    reader = GttApplication(db_url)
    last = list(reader.events.get(pid))[-1]
    assert (type(last).__name__, last.meta.actor, last.meta.reason) == (
        "PersonalDataErased", "dpo", "student request")
    assert reader.get(pid).personal is None
    again = CliRunner().invoke(gtt, ["--db", db_url, "persons", "forget", str(pid)], env=ENV,
                               obj={"clock": clock})
    assert again.exit_code == 1
    assert again.stderr.count("\n") == 1 and "Traceback" not in again.stderr
    reader.close()
    app.close()
