"""Query functions: pydantic results, filters, and catch-up before answering."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from gtt_projections.queries import get_institution, list_institutions, list_majors, timeline
from readside_helpers import register_school

from gtt_domain.commands import institution as c
from gtt_domain.domain.errors import NotFoundError


def test_institution_list_and_detail(app, read_model):
    a = register_school(app, "Anxi Vocational")
    b = app.handle(c.RegisterInstitution(kind="enterprise", name="Tea Co", region="Hua'an"))
    liaison = uuid4()
    app.handle(c.OpenDepartment(institution_id=a, name="Nursing", teacher_count=4))
    app.handle(c.CountDepartmentTeachers(institution_id=a, name="Nursing", teacher_count=6,
                                         as_of=date(2025, 2, 1)))
    app.handle(c.NameLiaison(institution_id=a, department="Nursing", person_id=liaison))
    app.handle(c.OpenMajor(institution_id=a, code="N1", name="Nursing care", department="Nursing"))
    app.handle(c.OpenMajor(institution_id=a, code="N2", name="Elder care", department="Nursing"))
    app.handle(c.CloseMajor(institution_id=a, code="N2"))
    app.handle(c.ReportHeadcount(institution_id=a, on_post_staff=80, as_of=date(2025, 1, 31)))
    app.handle(c.AssessTeachingQuality(institution_id=a, year=2024, score=Decimal("87.5"), assessor="bureau"))
    app.handle(c.RenameInstitution(institution_id=a, name="Anxi Vocational College"))
    rm = read_model()

    assert [i.name for i in list_institutions(rm)] == ["Anxi Vocational College", "Tea Co"]
    assert [i.id for i in list_institutions(rm, kind="enterprise")] == [b]
    assert [i.id for i in list_institutions(rm, region="Anxi", name_contains="College")] == [a]
    d = get_institution(rm, a)
    assert (d.on_post_staff, d.headcount_as_of, d.department_count, d.open_major_count, d.version) == (
        80, date(2025, 1, 31), 1, 1, 10)
    assert [(x.name, x.teacher_count, x.teachers_as_of, x.liaison_person_id) for x in d.departments] == [
        ("Nursing", 6, date(2025, 2, 1), liaison)]
    assert [(m.code, m.status) for m in d.majors] == [("N1", "open"), ("N2", "closed")]
    assert [(q.year, q.score) for q in d.quality] == [(2024, Decimal("87.5"))]
    assert d.registered_at == datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    assert [m.code for m in list_majors(rm, status="open")] == ["N1"]
    assert set(d.model_dump(mode="json")) >= {"id", "kind", "name", "departments", "majors", "quality"}
    with pytest.raises(NotFoundError):
        get_institution(rm, uuid4())


def test_queries_catch_up_first_unless_told_not_to(app, read_model):
    rm = read_model()
    register_school(app, "First")
    assert list_institutions(rm, catch_up=False) == []
    assert [i.name for i in list_institutions(rm)] == ["First"]
    register_school(app, "Second")
    assert len(list_institutions(rm, catch_up=False)) == 1
    assert len(list_institutions(rm)) == 2


def test_timeline_rows_and_filters(app, read_model):
    a = register_school(app, "Anxi")
    app.handle(c.OpenDepartment(institution_id=a, name="Tea"), actor="dean",
               effective_at=datetime(2024, 9, 1, tzinfo=UTC), reason="new term",
               correlation_id="req-1")
    b = register_school(app, "Hill")
    rm = read_model()
    rows = timeline(rm)
    assert [(r.position, r.aggregate_id, r.aggregate_kind, r.event_type, r.actor) for r in rows] == [
        (1, a, "institution", "Registered", "registrar"),
        (2, a, "institution", "DepartmentOpened", "dean"),
        (3, b, "institution", "Registered", "registrar")]
    second = rows[1]
    assert second.event_id == f"{a}:2" and second.aggregate_version == 2
    assert second.effective_at == datetime(2024, 9, 1, tzinfo=UTC)
    assert second.recorded_at == datetime(2025, 1, 1, 8, 0, 1, tzinfo=UTC)
    assert (second.reason, second.correlation_id) == ("new term", "req-1")
    assert second.summary == "DepartmentOpened: name=Tea, teacher_count=0"
    assert rows[0].summary == "Registered: kind=school, name=Anxi, region=Anxi"
    assert [r.position for r in timeline(rm, aggregate_id=b)] == [3]
    assert [r.position for r in timeline(rm, actor="dean")] == [2]
    assert [r.position for r in timeline(rm, until=datetime(2025, 1, 1, tzinfo=UTC))] == [2]
    assert [r.position for r in timeline(rm, since=datetime(2025, 1, 1, tzinfo=UTC))] == [1, 3]
    assert [r.position for r in timeline(rm, after_position=1, limit=1)] == [2]
