"""Issue 8 part 3 for Institution (the other aggregates have theirs in tests/integration):
generated command sequences with hostile values, on SQLite and PostgreSQL. Every error
is a validation, domain or not-found error with a message; the state replayed from the
store (and from a snapshot) equals the in-memory state of the unit of work."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gtt_domain import DomainError, GttApplication, NotFoundError
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.application.use_cases import HANDLERS
from gtt_domain.domain.base import GttAggregate

INS = st.sampled_from(["@s", "@e", "@x", "not-a-uuid"])
TEXT = st.sampled_from(["", "Nursing", "护理 🏥", "'; DROP TABLE stored_events;--", "x" * 300, "Surgery"])
NUM = st.sampled_from([-1, 0, 3, 10**12, "12", "abc", None, 2.5])
DAY = st.sampled_from([date(2024, 9, 1), date(2025, 3, 1), "2025-02-30", "", 20250101])

CMD = st.one_of(
    st.builds(lambda k, n: ("institution.register", {"kind": k, "name": n, "region": "Anxi"}),
              st.sampled_from(["school", "hospital", "castle"]), TEXT),
    st.builds(lambda i, n: ("institution.rename", {"institution_id": i, "name": n}), INS, TEXT),
    st.builds(lambda i, n, d: ("institution.report-headcount", {"institution_id": i, "on_post_staff": n,
                                                                "as_of": d}), INS, NUM, DAY),
    st.builds(lambda i, n, c: ("institution.open-department", {"institution_id": i, "name": n,
                                                               "teacher_count": c}), INS, TEXT, NUM),
    st.builds(lambda i, n, c, d: ("institution.count-teachers", {"institution_id": i, "name": n,
                                                                 "teacher_count": c, "as_of": d}),
              INS, TEXT, NUM, DAY),
    st.builds(lambda i, n, p: ("institution.name-liaison", {"institution_id": i, "department": n,
                                                            "person_id": p}), INS, TEXT, INS),
    st.builds(lambda i, code, n: ("institution.open-major", {"institution_id": i, "code": code, "name": n}),
              INS, st.sampled_from(["660301", "", "660302"]), TEXT),
    st.builds(lambda i, code: ("institution.close-major", {"institution_id": i, "code": code}),
              INS, st.sampled_from(["660301", "999"])),
    st.builds(lambda i, y, s: ("institution.assess-quality", {"institution_id": i, "year": y, "score": s,
                                                              "assessor": "bureau"}),
              INS, st.sampled_from([2024, 2025, -1, 99999]), st.sampled_from(["88.5", "-3", "NaN", "101"])),
)


def resolve(value: Any, refs: dict[str, UUID]) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        return str(refs[value])
    if isinstance(value, dict):
        return {k: resolve(v, refs) for k, v in value.items()}
    return value


def run(app: GttApplication, name: str, fields: dict[str, Any]) -> GttAggregate:
    """What ``handle`` does, keeping the unit of work to read the in-memory aggregate."""
    cmd = app.validate((name, fields))
    uow = UnitOfWork(app)
    aggregate_id = HANDLERS[type(cmd)](uow, cmd, app.meta(actor="fuzz"))
    app.save_changes(uow)
    return uow.get(aggregate_id, GttAggregate)


def test_generated_institution_sequences_fail_cleanly_and_replay_to_memory(db_url):
    app = GttApplication(db_url)
    refs = {
        "@s": app.handle({"kind": "school", "name": "S", "region": "A"}, name="institution.register"),
        "@e": app.handle({"kind": "enterprise", "name": "E", "region": "A"}, name="institution.register"),
        "@x": uuid4(),
    }

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(CMD, min_size=1, max_size=15))
    @example([  # a known history of successes, so every run checks real state
        ("institution.open-department", {"institution_id": "@s", "name": "Nursing", "teacher_count": 3}),
        ("institution.count-teachers", {"institution_id": "@s", "name": "Nursing", "teacher_count": 4,
                                        "as_of": date(2025, 3, 1)}),
        ("institution.open-major", {"institution_id": "@s", "code": "660301", "name": "护理 🏥"}),
        ("institution.close-major", {"institution_id": "@s", "code": "660301"}),
        ("institution.assess-quality", {"institution_id": "@s", "year": 2024, "score": "88.5",
                                        "assessor": "bureau"}),
        ("institution.rename", {"institution_id": "@e", "name": "'; DROP TABLE stored_events;--"}),
    ])
    def check(commands: list[tuple[str, dict[str, Any]]]) -> None:
        live: dict[UUID, GttAggregate] = {}
        for name, fields in commands:
            try:
                agg = run(app, name, resolve(fields, refs))
            except (ValidationError, DomainError, NotFoundError) as e:
                assert str(e)
                continue
            live[agg.id] = agg
        reader = GttApplication(db_url)
        for aggregate_id, agg in live.items():
            assert reader.repository.get(aggregate_id) == agg
            app.take_snapshot(aggregate_id)
            assert GttApplication(db_url).repository.get(aggregate_id) == agg
        reader.close()

    check()
    app.close()
