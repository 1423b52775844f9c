"""Handlers for community commands: referenced institutions and persons must exist
(checked cheaply, see ``application.existence``)."""

from __future__ import annotations

from uuid import UUID, uuid4

from gtt_domain.application.corrections import effective_as_last, effective_as_original
from gtt_domain.application.effective import dated
from gtt_domain.application.existence import require_existing
from gtt_domain.application.handlers import Handler
from gtt_domain.application.unit_of_work import UnitOfWork
from gtt_domain.commands import community as c
from gtt_domain.commands.base import Command
from gtt_domain.domain.base import natural_id
from gtt_domain.domain.community import Community
from gtt_domain.domain.institution import Institution
from gtt_domain.domain.meta import EventMeta
from gtt_domain.domain.person import Person


def _community(uow: UnitOfWork, community_id: UUID) -> Community:
    return uow.get(community_id, Community)


def establish(uow: UnitOfWork, cmd: c.EstablishCommunity, meta: EventMeta) -> UUID:
    if cmd.external_id is not None:
        cid = natural_id("community", cmd.external_id)
        if uow.find(cid, Community) is not None:
            return cid  # idempotent: the same import key was established before
    else:
        cid = uuid4()
    require_existing(uow, [cmd.core_institution_id], Institution)
    uow.add(Community.establish(
        id=cid, kind=cmd.kind.value, name=cmd.name, region=cmd.region,
        core_institution_id=str(cmd.core_institution_id), established_on=cmd.established_on,
        external_id=cmd.external_id, meta=meta,
    ))
    return cid


def join(uow: UnitOfWork, cmd: c.JoinCommunity, meta: EventMeta) -> UUID:
    community = _community(uow, cmd.community_id)
    require_existing(uow, [cmd.institution_id], Institution)
    community.join(str(cmd.institution_id), cmd.on, cmd.role.value, cmd.plaque_on, meta)
    return cmd.community_id


def leave(uow: UnitOfWork, cmd: c.LeaveCommunity, meta: EventMeta) -> UUID:
    _community(uow, cmd.community_id).leave(str(cmd.institution_id), cmd.on, meta)
    return cmd.community_id


def hang_plaque(uow: UnitOfWork, cmd: c.HangPlaque, meta: EventMeta) -> UUID:
    _community(uow, cmd.community_id).hang_plaque(str(cmd.institution_id), cmd.on, meta)
    return cmd.community_id


def assign_role(uow: UnitOfWork, cmd: c.AssignCommunityRole, meta: EventMeta) -> UUID:
    community = _community(uow, cmd.community_id)
    require_existing(uow, [cmd.person_id], Person)
    community.assign_role(str(cmd.person_id), cmd.role, cmd.since, meta)
    return cmd.community_id


def end_role(uow: UnitOfWork, cmd: c.EndCommunityRole, meta: EventMeta) -> UUID:
    _community(uow, cmd.community_id).end_role(str(cmd.person_id), cmd.role, cmd.on, meta)
    return cmd.community_id


def adopt_charter(uow: UnitOfWork, cmd: c.AdoptCharter, meta: EventMeta) -> UUID:
    agreement = str(cmd.agreement_id) if cmd.agreement_id else None
    _community(uow, cmd.community_id).adopt_charter(agreement, cmd.adopted_on, meta)
    return cmd.community_id


def define_team(uow: UnitOfWork, cmd: c.DefineTeam, meta: EventMeta) -> UUID:
    _community(uow, cmd.community_id).define_team(cmd.subject, cmd.grade, cmd.topic, dated(meta, cmd.on))
    return cmd.community_id


def add_team_member(uow: UnitOfWork, cmd: c.AddTeamMember, meta: EventMeta) -> UUID:
    community = _community(uow, cmd.community_id)
    require_existing(uow, [cmd.person_id], Person)
    community.add_team_member(str(cmd.person_id), cmd.on, meta)
    return cmd.community_id


def remove_team_member(uow: UnitOfWork, cmd: c.RemoveTeamMember, meta: EventMeta) -> UUID:
    _community(uow, cmd.community_id).remove_team_member(str(cmd.person_id), cmd.on, meta)
    return cmd.community_id


def report_team(uow: UnitOfWork, cmd: c.ReportTeam, meta: EventMeta) -> UUID:
    _community(uow, cmd.community_id).report_team(cmd.reported_on, meta)
    return cmd.community_id


def record_activity(uow: UnitOfWork, cmd: c.RecordActivity, meta: EventMeta) -> UUID:
    community = _community(uow, cmd.community_id)
    people = list(cmd.participants) + ([cmd.approved_by] if cmd.approved_by else [])
    require_existing(uow, people, Person)
    community.hold_activity(
        cmd.activity_id or uuid4().hex, cmd.kind.value, cmd.held_on,
        [str(p) for p in cmd.participants], cmd.grade, cmd.record,
        str(cmd.approved_by) if cmd.approved_by else None, meta,
    )
    return cmd.community_id


def score_results(uow: UnitOfWork, cmd: c.ScoreResults, meta: EventMeta) -> UUID:
    _community(uow, cmd.community_id).score_results(cmd.month, cmd.grade, cmd.score, cmd.scorer, dated(meta, cmd.scored_on))
    return cmd.community_id


def record_funding(uow: UnitOfWork, cmd: c.RecordFunding, meta: EventMeta) -> UUID:
    _community(uow, cmd.community_id).record_funding(cmd.amount, cmd.received_on, cmd.source, meta)
    return cmd.community_id


def record_approval(uow: UnitOfWork, cmd: c.RecordApprovalStep, meta: EventMeta) -> UUID:
    community = _community(uow, cmd.community_id)
    if cmd.institution_id is not None:
        require_existing(uow, [cmd.institution_id], Institution)
    community.record_approval_step(
        cmd.step.value, cmd.by, cmd.on,
        str(cmd.institution_id) if cmd.institution_id else None, meta)
    return cmd.community_id


def record_pairing(uow: UnitOfWork, cmd: c.RecordOnlinePairing, meta: EventMeta) -> UUID:
    community = _community(uow, cmd.community_id)
    require_existing(uow, [cmd.school_id, cmd.partner_id], Institution)
    community.record_online_pairing(str(cmd.school_id), str(cmd.partner_id), cmd.on, meta)
    return cmd.community_id


def entrust_branch(uow: UnitOfWork, cmd: c.EntrustBranch, meta: EventMeta) -> UUID:
    community = _community(uow, cmd.community_id)
    require_existing(uow, [cmd.branch_id, cmd.run_by_id], Institution)
    community.entrust_branch(str(cmd.branch_id), str(cmd.run_by_id), cmd.on, cmd.decided_by, meta)
    return cmd.community_id


def rate_branch(uow: UnitOfWork, cmd: c.RecordBranchStanding, meta: EventMeta) -> UUID:
    _community(uow, cmd.community_id).record_branch_standing(
        str(cmd.institution_id), cmd.weak, cmd.on, cmd.basis, meta)
    return cmd.community_id


def correct_activity(uow: UnitOfWork, cmd: c.CorrectActivity, meta: EventMeta) -> UUID:
    people = [cmd.approved_by] if cmd.approved_by else []
    if cmd.participants:
        require_existing(uow, [*cmd.participants, *people], Person)
    meta = effective_as_last(uow.app, cmd.community_id, "ActivityHeld", meta, activity_id=cmd.activity_id)
    _community(uow, cmd.community_id).correct_activity(
        cmd.activity_id, meta, reason=cmd.reason, retracted=cmd.retract,
        kind=cmd.kind.value if cmd.kind else None, held_on=cmd.held_on,
        participants=[str(p) for p in cmd.participants] if cmd.participants is not None else None,
        grade=cmd.grade, record=cmd.record, approved_by=str(cmd.approved_by) if cmd.approved_by else None)
    return cmd.community_id


def correct_funding(uow: UnitOfWork, cmd: c.CorrectFunding, meta: EventMeta) -> UUID:
    community = _community(uow, cmd.community_id)
    if 1 <= cmd.item <= len(community.funding):
        meta = effective_as_original(uow.app, cmd.community_id, community.funding[cmd.item - 1].version, meta)
    community.correct_funding(cmd.item, meta, reason=cmd.reason, retracted=cmd.retract, amount=cmd.amount,
                              received_on=cmd.received_on, source=cmd.source)
    return cmd.community_id


def correct_score(uow: UnitOfWork, cmd: c.CorrectScore, meta: EventMeta) -> UUID:
    meta = effective_as_last(uow.app, cmd.community_id, "ResultsScored", meta, month=cmd.month, grade=cmd.grade)
    _community(uow, cmd.community_id).correct_score(cmd.month, cmd.grade, meta, reason=cmd.reason,
                                                    retracted=cmd.retract, score=cmd.score)
    return cmd.community_id


def pair_teachers(uow: UnitOfWork, cmd: c.PairTeachers, meta: EventMeta) -> UUID:
    require_existing(uow, [cmd.mentor_id, cmd.mentee_id], Person)
    _community(uow, cmd.community_id).pair_teachers(str(cmd.mentor_id), str(cmd.mentee_id), cmd.on, meta)
    return cmd.community_id


def end_pair(uow: UnitOfWork, cmd: c.EndTeacherPair, meta: EventMeta) -> UUID:
    _community(uow, cmd.community_id).end_pair(str(cmd.mentor_id), str(cmd.mentee_id), cmd.on, meta)
    return cmd.community_id


def dissolve(uow: UnitOfWork, cmd: c.DissolveCommunity, meta: EventMeta) -> UUID:
    _community(uow, cmd.community_id).dissolve(cmd.on, cmd.reason, meta)
    return cmd.community_id


#: command model -> its handler (the application's table is built from these)
HANDLERS: dict[type[Command], Handler] = {
    c.EstablishCommunity: establish,
    c.JoinCommunity: join,
    c.LeaveCommunity: leave,
    c.HangPlaque: hang_plaque,
    c.AssignCommunityRole: assign_role,
    c.EndCommunityRole: end_role,
    c.AdoptCharter: adopt_charter,
    c.DefineTeam: define_team,
    c.AddTeamMember: add_team_member,
    c.RemoveTeamMember: remove_team_member,
    c.ReportTeam: report_team,
    c.RecordActivity: record_activity,
    c.ScoreResults: score_results,
    c.RecordFunding: record_funding,
    c.RecordApprovalStep: record_approval,
    c.RecordOnlinePairing: record_pairing,
    c.EntrustBranch: entrust_branch,
    c.RecordBranchStanding: rate_branch,
    c.CorrectActivity: correct_activity,
    c.CorrectFunding: correct_funding,
    c.CorrectScore: correct_score,
    c.PairTeachers: pair_teachers,
    c.EndTeacherPair: end_pair,
    c.DissolveCommunity: dissolve,
}
