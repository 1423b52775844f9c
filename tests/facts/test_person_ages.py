"""Ages in an audit read from the fact tables fold only a person's personal-data events
(``gtt_projections.facts.world.personal_fold``): they must give the personal data and the
retained ages the whole history's fold gives, whatever the bounds leave out (a
registration recorded after a back-dated enrolment, a correction, an erasure)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from facts_oracle import fact_model
from gtt_projections.facts import load_states
from gtt_projections.facts.world import PersonEvents, personal_fold

from gtt_domain import GttApplication
from gtt_domain.application.timetravel import fold
from gtt_domain.audit.adapters import retained_ages
from gtt_domain.domain.person import Person

DAYS = [date(2024, 9, 1) + timedelta(days=n) for n in range(0, 400, 20)]


def _age_view(folded):
    personal = getattr(folded.aggregate, "personal", None)
    ages = retained_ages(folded)
    return personal, None if ages is None else [ages(d) for d in DAYS]


def test_personal_fold_gives_the_whole_folds_personal_data_and_ages(db_url):
    now = [datetime(2025, 3, 1, 9, tzinfo=UTC)]
    app = GttApplication(db_url, actor="test", clock=lambda: now[0])
    h = app.handle
    school = h({"kind": "school", "name": "Anxi Vocational", "region": "Anxi",
                "school_stage": "vocational_secondary"}, name="institution.register")
    h({"institution_id": str(school), "code": "M1", "name": "Air conditioning"},
      name="institution.open-major")
    people = []
    for n, born in enumerate(("2009-05-01", "2008-12-31", "2010-02-28")):
        people.append(h({"kind": "student", "name": f"S{n}", "home_institution_id": str(school),
                         "birth_date": born, "registered_on": "2025-03-01"}, name="person.register"))
    now[0] = datetime(2025, 3, 5, 9, tzinfo=UTC)
    for pid in people:  # back-dated before the registration took effect
        h({"person_id": str(pid), "institution_id": str(school), "major_code": "M1",
           "admitted_on": "2024-09-01"}, name="person.enrol")
    now[0] = datetime(2025, 4, 1, 9, tzinfo=UTC)
    h({"person_id": str(people[1]), "birth_date": "2009-01-02"}, name="person.correct-personal")
    now[0] = datetime(2025, 6, 1, 9, tzinfo=UTC)
    h({"person_id": str(people[2])}, name="person.erase-personal")
    now[0] = datetime(2025, 7, 1, 9, tzinfo=UTC)
    rm = fact_model(app)
    rm.catch_up()
    seen = 0
    try:
        for as_of in (None, date(2024, 10, 1), date(2025, 3, 2), date(2025, 4, 15), date(2025, 8, 1)):
            for known_at in (None, datetime(2025, 3, 3, tzinfo=UTC), datetime(2025, 4, 15, tzinfo=UTC),
                             datetime(2025, 7, 1, tzinfo=UTC)):
                with rm.connect() as conn:
                    found = load_states.states(conn, Person, as_of, known_at)
                book = PersonEvents(app, [str(a.id) for a, _ in found])
                for a, _ in found:
                    whole = fold(app.events.get(a.id), as_of, known_at)
                    mine = personal_fold(book.of(str(a.id)), as_of, known_at)
                    assert _age_view(mine) == _age_view(whole), (str(a.id), as_of, known_at)
                    seen += 1
        assert seen > 0
    finally:
        rm.close()
        app.close()
