"""Handlers for institution commands."""

from __future__ import annotations

from uuid import UUID, uuid4

from gtt_domain.application.effective import dated
from gtt_domain.application.handlers import Handler
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.commands import institution as c
from gtt_domain.commands.base import Command
from gtt_domain.domain.base import natural_id
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.meta import EventMeta


def register(uow: UnitOfWork, cmd: c.RegisterInstitution, meta: EventMeta) -> UUID:
    if cmd.external_id is not None:
        iid = natural_id("institution", cmd.external_id)
        if uow.find(iid, Institution) is not None:
            return iid  # idempotent: the same natural key was registered before
    else:
        iid = uuid4()
    uow.add(Institution(
        id=iid, kind=cmd.kind.value, name=cmd.name, region=cmd.region,
        locality=cmd.locality.value if cmd.locality else None,
        school_stage=cmd.school_stage.value if cmd.school_stage else None,
        external_id=cmd.external_id, meta=dated(meta, cmd.registered_on),
    ))
    return iid


def rename(uow: UnitOfWork, cmd: c.RenameInstitution, meta: EventMeta) -> UUID:
    uow.get(cmd.institution_id, Institution).rename(cmd.name, dated(meta, cmd.on))
    return cmd.institution_id


def report_headcount(uow: UnitOfWork, cmd: c.ReportHeadcount, meta: EventMeta) -> UUID:
    uow.get(cmd.institution_id, Institution).report_headcount(cmd.on_post_staff, cmd.as_of, meta)
    return cmd.institution_id


def open_department(uow: UnitOfWork, cmd: c.OpenDepartment, meta: EventMeta) -> UUID:
    uow.get(cmd.institution_id, Institution).open_department(cmd.name, cmd.teacher_count, dated(meta, cmd.opened_on))
    return cmd.institution_id


def count_teachers(uow: UnitOfWork, cmd: c.CountDepartmentTeachers, meta: EventMeta) -> UUID:
    uow.get(cmd.institution_id, Institution).count_department_teachers(
        cmd.name, cmd.teacher_count, cmd.as_of, meta)
    return cmd.institution_id


def name_liaison(uow: UnitOfWork, cmd: c.NameLiaison, meta: EventMeta) -> UUID:
    uow.get(cmd.institution_id, Institution).name_liaison(cmd.department, str(cmd.person_id), dated(meta, cmd.on))
    return cmd.institution_id


def open_major(uow: UnitOfWork, cmd: c.OpenMajor, meta: EventMeta) -> UUID:
    uow.get(cmd.institution_id, Institution).open_major(
        cmd.code, cmd.name, cmd.department, cmd.teacher_count, dated(meta, cmd.opened_on))
    return cmd.institution_id


def close_major(uow: UnitOfWork, cmd: c.CloseMajor, meta: EventMeta) -> UUID:
    uow.get(cmd.institution_id, Institution).close_major(cmd.code, dated(meta, cmd.on))
    return cmd.institution_id


def assess_quality(uow: UnitOfWork, cmd: c.AssessTeachingQuality, meta: EventMeta) -> UUID:
    uow.get(cmd.institution_id, Institution).assess_teaching_quality(
        cmd.year, cmd.score, cmd.assessor, dated(meta, cmd.assessed_on))
    return cmd.institution_id


def report_post_headcount(uow: UnitOfWork, cmd: c.ReportPostHeadcount, meta: EventMeta) -> UUID:
    uow.get(cmd.institution_id, Institution).report_post_headcount(cmd.post, cmd.staff, cmd.as_of, meta)
    return cmd.institution_id


def record_intermediary(uow: UnitOfWork, cmd: c.RecordIntermediary, meta: EventMeta) -> UUID:
    uow.get(cmd.institution_id, Institution).record_intermediary(
        cmd.kind.value if cmd.kind else None, cmd.on, cmd.basis, meta)
    return cmd.institution_id


def record_demonstration(uow: UnitOfWork, cmd: c.RecordMajorDemonstration, meta: EventMeta) -> UUID:
    uow.get(cmd.institution_id, Institution).record_demonstration(cmd.code, cmd.on, cmd.by, meta)
    return cmd.institution_id


#: command model -> its handler (the application's table is built from these)
HANDLERS: dict[type[Command], Handler] = {
    c.RegisterInstitution: register,
    c.RenameInstitution: rename,
    c.ReportHeadcount: report_headcount,
    c.OpenDepartment: open_department,
    c.CountDepartmentTeachers: count_teachers,
    c.NameLiaison: name_liaison,
    c.OpenMajor: open_major,
    c.CloseMajor: close_major,
    c.AssessTeachingQuality: assess_quality,
    c.ReportPostHeadcount: report_post_headcount,
    c.RecordIntermediary: record_intermediary,
    c.RecordMajorDemonstration: record_demonstration,
}
