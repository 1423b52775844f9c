"""What each ``--kind`` imports: the command a row becomes, its columns and external ids.

A row's columns are the command model's fields, except that references are written as
external ids (``student_number``, ``school``, ``internship``…) and turned into the
natural ids the application derives (``natural_id(kind, external id)``). The command model
itself validates the row, so an import accepts exactly what ``gtt <group> <verb>`` accepts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gtt_domain.commands import agreement as ag
from gtt_domain.commands import calendar as cal
from gtt_domain.commands import community as co
from gtt_domain.commands import exchange as ex
from gtt_domain.commands import institution as inst
from gtt_domain.commands import internship as it
from gtt_domain.commands import person as pe
from gtt_domain.commands.base import Command
from gtt_domain.domain.base import GttAggregate


@dataclass(frozen=True)
class Ref:
    """A column holding the external id of another aggregate (``many``: ``;``-separated)."""

    target: str  # aggregate kind, as in natural_id(target, external id)
    field: str  # the command field that receives the id
    many: bool = False


Fact = Callable[[GttAggregate, Any], bool]


@dataclass(frozen=True)
class ImportKind:
    name: str
    command: type[Command]
    key: tuple[str, ...]  # columns naming the row's fact: unique in a file, skipped on re-import
    refs: Mapping[str, Ref] = field(default_factory=dict)
    lists: tuple[str, ...] = ()  # columns split on ";" in CSV
    aliases: Mapping[str, str] = field(default_factory=dict)  # kind-specific header -> column
    creates: str | None = None  # the aggregate kind a row creates, named by ``external_id``
    subject: str | None = None  # ref column of the aggregate a fact row is recorded on
    fact: Fact | None = None  # "is this row's fact already recorded on the subject?"

    def columns(self) -> list[str]:
        """Column names in the file, in the command's field order."""
        by_field = {r.field: col for col, r in self.refs.items()}
        return [by_field.get(f, f) for f in self.command.model_fields]

    def column_of(self, field_name: str) -> str:
        for col, ref in self.refs.items():
            if ref.field == field_name:
                return col
        return field_name


def _attended(agg: Any, cmd: it.RecordAttendance) -> bool:
    return bool(agg.has_attendance(cmd.day))


def _leave_asked(agg: Any, cmd: it.RequestLeave) -> bool:
    return any((lv.asked_on, lv.first_day, lv.last_day) == (cmd.asked_on, cmd.first_day, cmd.last_day)
               for lv in agg.leaves)


def _paid(agg: Any, cmd: it.RecordPay) -> bool:
    return any((p.period_start, p.period_end, p.paid_on) == (cmd.period_start, cmd.period_end, cmd.paid_on)
               for p in agg.pay)


def _held(agg: Any, cmd: co.RecordActivity) -> bool:
    return cmd.activity_id in agg.activities


INTERNSHIP = Ref("internship", "internship_id")

KINDS: dict[str, ImportKind] = {k.name: k for k in (
    ImportKind("institutions", inst.RegisterInstitution, key=("external_id",), creates="institution"),
    ImportKind("persons", pe.RegisterPerson, key=("external_id",), creates="person",
               refs={"institution": Ref("institution", "home_institution_id")},
               aliases={"student_number": "external_id", "学号": "external_id",
                        "staff_number": "external_id", "工号": "external_id"}),
    ImportKind("agreements", ag.DraftAgreement, key=("external_id",), creates="agreement",
               refs={"community": Ref("community", "community_id")}, lists=("majors", "parties"),
               aliases={"协议编号": "external_id", "agreement_number": "external_id"}),
    ImportKind("internships", it.PlaceIntern, key=("external_id",), creates="internship",
               refs={"student_number": Ref("person", "student_id"), "school": Ref("institution", "school_id"),
                     "host": Ref("institution", "host_id"), "agreement": Ref("agreement", "agreement_id")}),
    ImportKind("attendance", it.RecordAttendance, key=("internship", "day"), subject="internship",
               refs={"internship": INTERNSHIP, "claimed_by": Ref("person", "claimed_by")}, fact=_attended),
    ImportKind("leave", it.RequestLeave, key=("internship", "asked_on", "first_day", "last_day"),
               subject="internship", refs={"internship": INTERNSHIP}, fact=_leave_asked),
    ImportKind("pay", it.RecordPay, key=("internship", "period_start", "period_end", "paid_on"),
               subject="internship", refs={"internship": INTERNSHIP}, fact=_paid),
    ImportKind("exchanges", ex.PlanExchange, key=("external_id",), creates="exchange",
               refs={"person": Ref("person", "person_id"), "sending": Ref("institution", "sending_id"),
                     "host": Ref("institution", "host_id"), "community": Ref("community", "community_id"),
                     "agreement": Ref("agreement", "agreement_id")}, lists=("targets",)),
    ImportKind("activities", co.RecordActivity, key=("community", "activity_id"), subject="community",
               refs={"community": Ref("community", "community_id"),
                     "participants": Ref("person", "participants", many=True),
                     "approved_by": Ref("person", "approved_by")},
               lists=("participants",), fact=_held),
    # school calendars: setting a term or break again with the same dates records nothing
    ImportKind("calendar", cal.SetCalendarEntry, key=("institution", "label"),
               refs={"institution": Ref("institution", "institution_id")},
               aliases={"学校": "institution", "条目": "entry", "学期或假期": "entry", "名称": "label",
                        "开始日期": "first_day", "结束日期": "last_day", "first": "first_day", "last": "last_day"}),
)}

#: Chinese (and alternative English) headers, as in the glossary's labels
ALIASES: dict[str, str] = {
    "编号": "external_id", "外部编号": "external_id", "统一社会信用代码": "external_id",
    "登记日期": "registered_on", "安排日期": "placed_on",
    "类型": "kind", "名称": "name", "姓名": "name", "区县": "region", "地区": "region",
    "城乡": "locality", "学段": "school_stage", "身份证号": "national_id", "出生日期": "birth_date",
    "性别": "sex", "监护人": "guardian_name", "监护人电话": "guardian_phone", "所属机构": "institution",
    "机构": "institution", "协议名称": "title", "标题": "title", "起草日期": "drafted_on",
    "期限开始": "term_start", "期限结束": "term_end", "专业": "majors", "协议方": "parties",
    "共同体": "community", "协议编号": "agreement", "学号": "student_number", "学校": "school", "实习单位": "host",
    "接收单位": "host", "协议": "agreement", "培养模式": "programme", "岗位": "post",
    "岗位类别": "post_category", "计划开始": "planned_start", "计划结束": "planned_end",
    "实习": "internship", "实习编号": "internship", "日期": "day", "考勤日期": "day", "工时": "hours",
    "时长": "hours", "夜班": "night_shift", "法定节假日": "statutory_holiday", "加班时长": "overtime_hours",
    "考勤方式": "channel", "地点": "location", "设备": "device", "企业确认": "attested_by_host",
    "申报人": "claimed_by", "申请日期": "asked_on", "请假开始": "first_day", "请假结束": "last_day",
    "书面": "written", "期间开始": "period_start", "期间结束": "period_end", "金额": "amount",
    "实发金额": "amount", "同岗工资": "regular_wage", "直接发放": "paid_directly", "实物": "in_kind",
    "发放日期": "paid_on", "人员": "person", "工号": "person", "派出单位": "sending", "接收机构": "host",
    "方式": "mode", "目标": "targets", "活动编号": "activity_id", "活动类型": "kind", "活动日期": "held_on",
    "参加人员": "participants", "年级": "grade", "记录": "record", "批准人": "approved_by",
}


def canonical_for(kind: ImportKind) -> Callable[[str], str | None]:
    """``header -> column`` for ``kind``: the column itself (any case), a kind alias, a
    Chinese label; ``None`` when the kind has no such column."""
    columns = set(kind.columns())

    def canonical(header: str) -> str | None:
        h = header.strip()
        for name in (kind.aliases.get(h), kind.aliases.get(h.lower()), h.lower().replace(" ", "_"),
                     ALIASES.get(h)):
            if name is not None and name in columns:
                return name
        return None

    return canonical
