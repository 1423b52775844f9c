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
                                   "--reason", "student request", "--requester", "data subject",
                                   "--legal-basis", "PIPL art. 47", "--yes"], env=ENV, obj={"clock": clock})
    assert run.exit_code == 0, run.output
    assert is_forgotten(app, pid)
    reader = GttApplication(db_url)
    last = list(reader.events.get(pid))[-1]
    assert (type(last).__name__, last.meta.actor, last.meta.reason, last.requester, last.legal_basis) == (
        "PersonalDataErased", "dpo", "student request", "data subject", "PIPL art. 47")
    assert reader.get(pid).personal is None
    missing = CliRunner().invoke(gtt, ["--db", db_url, "persons", "forget", str(pid), "--yes"], env=ENV,
                                 obj={"clock": clock})
    assert missing.exit_code == 2  # requester and legal basis are required
    assert missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    again = CliRunner().invoke(gtt, ["--db", db_url, "persons", "forget", str(pid), "--requester", "x",
                                     "--legal-basis", "y", "--yes"], env=ENV, obj={"clock": clock})
    assert again.exit_code == 0  # already erased: only finishes pushing the key out of the file
    assert len(list(reader.events.get(pid))) == len(list(GttApplication(db_url).events.get(pid)))
    reader.close()
    app.close()
