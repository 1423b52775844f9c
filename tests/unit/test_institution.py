"""Institution: every transition and every refusal, no I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from gtt_domain import DomainError
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.meta import EventMeta

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
META = EventMeta(actor="registrar", recorded_at=T0)


def school() -> Institution:
    return Institution(id=uuid4(), kind="school", name="County No.1 Vocational", region="Anxi",
                       locality="urban", school_stage="vocational_secondary", external_id=None, meta=META)


def test_registered_event_carries_meta_and_timestamp_from_it():
    inst = school()
    (ev,) = inst.collect_events()
    assert type(ev).__name__ == "Registered"
    assert ev.meta.actor == "registrar"
    assert ev.timestamp == T0  # never the wall clock
    assert inst.name == "County No.1 Vocational"


def test_rename_and_refuse_same_name():
    inst = school()
    inst.rename("County Vocational School", META)
    assert inst.name == "County Vocational School"
    with pytest.raises(DomainError, match="rename refused: the name is already"):
        inst.rename("County Vocational School", META)


def test_headcount_is_effective_on_its_date_and_refuses_negative():
    inst = school()
    inst.report_headcount(420, date(2025, 2, 1), META)
    ev = inst.collect_events()[-1]
    assert inst.on_post_staff == 420
    assert ev.meta.effective_at == datetime(2025, 2, 1, tzinfo=UTC)
    with pytest.raises(DomainError, match="negative"):
        inst.report_headcount(-1, date(2025, 2, 1), META)


def test_departments_majors_liaison():
    inst = school()
    inst.open_department("Refrigeration", 12, META)
    with pytest.raises(DomainError, match="already exists"):
        inst.open_department("Refrigeration", 3, META)
    with pytest.raises(DomainError, match="negative"):
        inst.open_department("Welding", -2, META)
    inst.count_department_teachers("Refrigeration", 14, date(2025, 9, 1), META)
    assert inst.departments["Refrigeration"].teacher_count == 14
    with pytest.raises(DomainError, match="no department 'Nope'"):
        inst.count_department_teachers("Nope", 1, date(2025, 9, 1), META)
    with pytest.raises(DomainError, match="negative"):
        inst.count_department_teachers("Refrigeration", -1, date(2025, 9, 1), META)
    pid = str(uuid4())
    inst.name_liaison("Refrigeration", pid, META)
    assert inst.departments["Refrigeration"].liaison_person_id == pid
    with pytest.raises(DomainError, match="no department"):
        inst.name_liaison("Nope", pid, META)
    inst.open_major("660301", "Refrigeration and AC", "Refrigeration", 8, META)
    with pytest.raises(DomainError, match="already exists"):
        inst.open_major("660301", "Again", None, 0, META)
    with pytest.raises(DomainError, match="no department"):
        inst.open_major("660302", "X", "Nope", 0, META)
    inst.close_major("660301", META)
    assert "660301" in inst.closed_majors
    with pytest.raises(DomainError, match="no open major"):
        inst.close_major("660301", META)
    with pytest.raises(DomainError, match="no open major"):
        inst.close_major("999", META)


def test_teaching_quality_once_per_year():
    inst = school()
    inst.assess_teaching_quality(2024, Decimal("81.5"), "bureau", META)
    assert inst.quality == {"2024": Decimal("81.5")}
    with pytest.raises(DomainError, match="already recorded"):
        inst.assess_teaching_quality(2024, Decimal("80"), "bureau", META)


def test_refused_command_records_nothing():
    inst = school()
    inst.collect_events()
    with pytest.raises(DomainError):
        inst.close_major("none", META)
    assert inst.collect_events() == []


def test_replay_equals_in_memory_state():
    inst = school()
    inst.open_department("A", 1, META)
    inst.open_major("M1", "Major", "A", 2, META)
    events = inst.collect_events()
    replayed = None
    for ev in events:
        replayed = ev.mutate(replayed)
    assert replayed == inst
