"""Issue 8 part 5c: the read side copies no personal field into its tables.

Every registered projection runs over a history with personal data; afterwards no
personal value appears anywhere in the database (events are sealed, so any plaintext
would have to come from a read table). This fails as soon as a projection copies one.
"""

from __future__ import annotations

from datetime import date

from gtt_projections import ReadModel, registered
from rawstore import everything

from gtt_domain import GttApplication
from gtt_domain.commands.institution import RegisterInstitution
from gtt_domain.commands.person import AssignPersonRole, CorrectPersonalData, RegisterPerson
from gtt_domain.privacy import create_key

SECRETS = ("Wang Xiaoming-4412", "350524200901011111", "Wang Daming-4412", "2009-01-01",
           "+86 592 7654321")


def test_read_tables_hold_no_personal_fields(db_url, clock):
    # events encrypted at rest, so any plaintext found comes from read tables
    app = GttApplication(db_url, clock=clock, env={"GTT_CIPHER_KEY": create_key()})
    school = app.handle(RegisterInstitution(kind="school", name="Anxi Vocational", region="Anxi"))
    pid = app.handle(RegisterPerson(kind="student", home_institution_id=school, name=SECRETS[0],
                                    national_id=SECRETS[1], guardian_name=SECRETS[2],
                                    birth_date=date.fromisoformat(SECRETS[3])))
    app.handle(CorrectPersonalData(person_id=pid, guardian_phone=SECRETS[4]))
    app.handle(AssignPersonRole(person_id=pid, role="class_monitor", since=date(2024, 9, 1)))
    rm = ReadModel(app)
    rm.catch_up()
    assert registered()  # the check covers every registered projection
    stored = everything(db_url)
    assert b"Anxi Vocational" in stored  # control: read tables are written and scanned
    for secret in SECRETS:
        assert secret.encode() not in stored, secret
