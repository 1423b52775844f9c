"""Import kinds for the lifecycle facts an office keeps in a sheet (issue 15): an
internship's start, documents, leave decisions, evaluations, certification, completion
and early termination; an agreement's signatures and activation; an exchange's filing,
start and days on site.

Each kind is one existing command model (``gtt <group> <verb>`` takes the same fields);
references are external ids (``internship`` = the 编号 it was imported with, ``agreement``
= the agreement number, ``party`` = an institution's code, ``exchange`` = its 编号). A
row whose fact the aggregate already holds is skipped, so a sheet imports once.
:data:`IMPORT_KINDS` is every kind: those of :mod:`gtt_domain.imports.kinds`, then these.
"""

from __future__ import annotations

from typing import Any

from gtt_domain.commands import agreement as ag
from gtt_domain.commands import exchange as ex
from gtt_domain.commands import internship as it
from gtt_domain.imports.kinds import KINDS, ImportKind, Ref

INTERNSHIP = Ref("internship", "internship_id")
AGREEMENT = Ref("agreement", "agreement_id")
EXCHANGE = Ref("exchange", "exchange_id")
#: Chinese headers of these kinds (beside kinds.ALIASES, which every kind reads)
_ON = {"日期": "on", "发生日期": "on"}
_INTERNSHIP = {"实习": "internship", "实习编号": "internship", "编号": "internship"}


def _started(agg: Any, cmd: it.StartInternship) -> bool:
    return agg.started_on is not None


def _document(agg: Any, cmd: it.ProvideDocument) -> bool:
    return any(d.provided_on == cmd.provided_on and d.cover_from == cmd.cover_from and d.cover_to == cmd.cover_to
               for d in agg.documents.get(cmd.doc.value, ()))


def _leave_decided(agg: Any, cmd: it.DecideLeave) -> bool:
    return cmd.request < len(agg.leaves) and agg.leaves[cmd.request].decided_on is not None


def _teacher(agg: Any, cmd: it.AssignAccompanyingTeacher) -> bool:
    return agg.accompanying_teacher_id == str(cmd.teacher_id)


def _mentor(agg: Any, cmd: it.AssignMentor) -> bool:
    return agg.mentor_id == str(cmd.mentor_id)


def _evaluated(agg: Any, cmd: it.EvaluateInternship) -> bool:
    return any(e.by == cmd.by.value and e.on == cmd.on for e in agg.evaluations)


def _certified(agg: Any, cmd: it.RecordCertification) -> bool:
    return any(c.exam == cmd.exam and c.on == cmd.on for c in agg.certifications)


def _ended(agg: Any, cmd: Any) -> bool:
    return agg.ended_on is not None


def _signed(agg: Any, cmd: ag.SignAgreement) -> bool:
    return str(cmd.party_id) in agg.signatures


def _activated(agg: Any, cmd: ag.ActivateAgreement) -> bool:
    return agg.activated_on is not None


def _filed(agg: Any, cmd: ex.FileExchange) -> bool:
    return any(f.authority == cmd.authority and f.filed_on == cmd.filed_on for f in agg.filings)


def _exchange_started(agg: Any, cmd: ex.StartExchange) -> bool:
    return agg.started_on is not None


def _days_logged(agg: Any, cmd: ex.LogDaysOnSite) -> bool:
    return any((d.from_day, d.to_day) == (cmd.from_day, cmd.to_day) for d in agg.on_site)


def _on_internship(name: str, command: type, key: tuple[str, ...], fact: Any, aliases: dict[str, str],
                   refs: dict[str, Ref] | None = None) -> ImportKind:
    return ImportKind(name, command, key=("internship", *key), subject="internship",
                      refs={"internship": INTERNSHIP, **(refs or {})}, fact=fact, aliases={**_INTERNSHIP, **aliases})


LIFECYCLE: tuple[ImportKind, ...] = (
    _on_internship("starts", it.StartInternship, (), _started, {**_ON, "开始日期": "on", "实际开始": "on"}),
    _on_internship("documents", it.ProvideDocument, ("doc", "provided_on"), _document,
                   {"材料": "doc", "文件": "doc", "材料类型": "doc", "提供日期": "provided_on",
                    "提交日期": "provided_on", "保险起期": "cover_from", "保障开始": "cover_from",
                    "保险止期": "cover_to", "保障结束": "cover_to", "保单号": "reference", "文号": "reference"}),
    _on_internship("teachers", it.AssignAccompanyingTeacher, (), _teacher,
                   {"带队教师": "teacher", "带队教师工号": "teacher", "教师工号": "teacher", "指派日期": "on", **_ON},
                   {"teacher": Ref("person", "teacher_id")}),
    _on_internship("mentors", it.AssignMentor, (), _mentor,
                   {"企业导师": "mentor", "企业指导教师": "mentor", "导师工号": "mentor", "指派日期": "on", **_ON},
                   {"mentor": Ref("person", "mentor_id")}),
    _on_internship("leave-decisions", it.DecideLeave, ("request",), _leave_decided,
                   {"请假序号": "request", "批准": "approved", "是否批准": "approved", "审批日期": "decided_on",
                    "决定日期": "decided_on"}),
    _on_internship("evaluations", it.EvaluateInternship, ("by", "on"), _evaluated,
                   {"评价方": "by", "评价单位": "by", "分数": "score", "成绩": "score", "评价日期": "on",
                    "评语": "comment"}),
    _on_internship("certifications", it.RecordCertification, ("exam", "on"), _certified,
                   {"考试": "exam", "证书": "exam", "考证项目": "exam", "通过": "passed", "是否通过": "passed",
                    "考试日期": "on"}),
    _on_internship("completions", it.CompleteInternship, (), _ended, {**_ON, "完成日期": "on", "结束日期": "on"}),
    _on_internship("terminations", it.TerminateInternship, (), _ended,
                   {**_ON, "终止日期": "on", "原因": "reason", "终止原因": "reason"}),
    ImportKind("signatures", ag.SignAgreement, key=("agreement", "party"), subject="agreement",
               refs={"agreement": AGREEMENT, "party": Ref("institution", "party_id")}, fact=_signed,
               aliases={"协议编号": "agreement", "签署方": "party", "签约方": "party", "签署日期": "on", **_ON}),
    ImportKind("activations", ag.ActivateAgreement, key=("agreement",), subject="agreement",
               refs={"agreement": AGREEMENT}, fact=_activated,
               aliases={"协议编号": "agreement", "生效日期": "on", **_ON}),
    ImportKind("exchange-filings", ex.FileExchange, key=("exchange", "authority", "filed_on"), subject="exchange",
               refs={"exchange": EXCHANGE}, fact=_filed,
               aliases={"交流": "exchange", "交流编号": "exchange", "编号": "exchange", "备案机关": "authority",
                        "备案日期": "filed_on"}),
    ImportKind("exchange-starts", ex.StartExchange, key=("exchange",), subject="exchange",
               refs={"exchange": EXCHANGE}, fact=_exchange_started,
               aliases={"交流": "exchange", "交流编号": "exchange", "编号": "exchange", "到岗日期": "on", **_ON}),
    ImportKind("exchange-days", ex.LogDaysOnSite, key=("exchange", "from_day", "to_day"), subject="exchange",
               refs={"exchange": EXCHANGE}, fact=_days_logged,
               aliases={"交流": "exchange", "交流编号": "exchange", "编号": "exchange", "开始日期": "from_day",
                        "起始日期": "from_day", "结束日期": "to_day", "截止日期": "to_day", "天数": "days",
                        "在岗天数": "days"}),
)

#: every ``--kind`` of a sheet whose rows are one command each (an explicit list)
IMPORT_KINDS: dict[str, ImportKind] = {**KINDS, **{k.name: k for k in LIFECYCLE}}

__all__ = ["IMPORT_KINDS", "LIFECYCLE"]
