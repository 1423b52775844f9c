"""English and Chinese labels of the metrics and families (tables and the HTML report;
JSON and CSV keep the stable English keys)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from gtt_domain.evaluation.criteria import MEASURES, TITLES

FAMILY_LABELS: dict[str, tuple[str, str]] = {
    "major": ("Major", "专业"),
    "department": ("Department", "系部"),
    "institution": ("Institution", "学校"),
    "host": ("Host enterprise", "实习单位"),
    "group": ("Education group", "教育集团"),
    "community": ("District (basic-education communities)", "区县教共体"),
    "team": ("Learning team", "学习共同体小组"),
    "home_school": ("Home–school community", "家校共同体"),
    "person": ("Person (medical community)", "医共体人员"),
}

METRIC_LABELS: dict[str, tuple[str, str]] = {
    "major.active_bases": ("Active cooperation bases", "在用合作基地数"),
    "major.bases_built": ("Bases built in the period", "本期新建基地数"),
    "major.co_developed_courses_3y": ("Co-developed courses (3 years)", "三年内合作开发课程"),
    "major.co_developed_textbooks_3y": ("Co-developed textbooks (3 years)", "三年内合作开发教材"),
    "major.technicians_brought_in": ("Technicians brought in", "引进一线技术人员"),
    "major.observation_weeks_min_semester": ("Observation weeks (fewest in a semester)", "每学期认知实习周数（最少）"),
    "major.internships_started": ("Internships started", "开始实习人数"),
    "major.internships_completed": ("Internships completed", "完成实习人数"),
    "major.completion_rate": ("Completion rate", "完成率"),
    "major.hire_rate": ("Hire rate", "留用率"),
    "major.certification_pass_rate": ("Certification pass rate", "职业资格通过率"),
    "major.mean_host_evaluation": ("Mean host evaluation", "企业评价均分"),
    "major.findings_per_100_internships": ("Findings per 100 internships", "每百人次实习审计发现"),
    "department.teachers": ("Teachers", "教师数"),
    "department.teachers_with_2_months_practice": ("Teachers with ≥2 months' practice", "企业实践满两个月教师"),
    "department.practice_share": ("Enterprise-practice coverage", "教师企业实践覆盖率"),
    "department.liaison_named": ("Liaison named", "已指定联络人"),
    "institution.partner_enterprises": ("Partner enterprises", "合作企业数"),
    "institution.demonstration_bases_built": ("Demonstration bases built", "新建示范基地数"),
    "institution.departments_without_demonstration_base": ("Departments without a demonstration base", "无示范基地的系部"),
    "institution.teachers": ("Teachers", "教师数"),
    "institution.teachers_below_6_months_5y": ("Teachers below 6 months' practice in 5 years", "五年企业实践不足六个月教师"),
    "institution.rotation_share": ("Rotation share", "交流轮岗比例"),
    "institution.backbone_share": ("Backbone share of rotated", "骨干教师占交流比例"),
    "host.interns_hosted": ("Interns hosted", "接收实习生"),
    "host.peak_interns_on_a_day": ("Most interns on one day", "单日最多在岗实习生"),
    "host.intern_cap": ("Intern cap (10% of staff)", "实习生上限（在岗职工10%）"),
    "host.cap_headroom": ("Cap headroom", "剩余名额"),
    "host.interns_completed": ("Internships completed", "完成实习人数"),
    "host.mean_evaluation": ("Mean evaluation", "评价均分"),
    "host.open_findings": ("Open audit findings", "未关闭审计发现"),
    "host.meets_demonstration_base_criteria": ("Meets demonstration-base criteria", "符合示范基地认定条件"),
    "group.exchanges_out": ("Exchanges head → branches", "总校派出交流"),
    "group.exchanges_in": ("Exchanges branches → head", "分校跟岗学习"),
    "group.exchange_balance": ("Out minus in", "派出与接收之差"),
    "group.filed_before_start_share": ("Filed before start", "先备案后交流比例"),
    "group.research_activities_min_semester": ("Research activities (fewest in a semester)", "每学期教研活动（最少）"),
    "group.shadow_days_min_teacher_month": ("Shadow days (fewest per teacher-month)", "分校教师每月跟岗天数（最少）"),
    "group.funding": ("Funding received (yuan)", "到位经费（元）"),
    "group.members_rotation_due": ("Members with rotation due", "需轮换校长的成员校"),
    "group.bundled_score": ("Bundled evaluation score", "捆绑考核得分"),
    "community.schools": ("Schools and kindergartens", "学校和幼儿园数"),
    "community.in_community_share": ("In some community", "加入共同体比例"),
    "community.integrated_share": ("In cross-level or cross-region communities", "跨学段或跨区域共同体比例"),
    "community.rural_coconstruction_share": ("Rural schools in urban–rural co-construction", "农村学校城乡共建覆盖率"),
    "community.online_pairing_coverage": ("Online pairing of rural primary and junior schools", "农村中小学线上结对覆盖率"),
    "community.new_tight_groups": ("New tight groups", "新增紧密型集团"),
    "community.new_cross_stage_groups": ("New cross-stage tight groups", "新增跨学段紧密型集团"),
    "community.new_branches_run_by_renowned_schools": ("New branches run by a renowned school", "新增名校办分校"),
    "team.size": ("Members", "成员数"),
    "team.weeks": ("Weeks", "周数"),
    "team.weeks_with_activity": ("Weeks with an activity", "有活动的周数"),
    "team.weeks_without_activity": ("Weeks without an activity", "无活动的周数"),
    "home_school.grades": ("Grades", "年级数"),
    "home_school.parent_meetings": ("Parent meetings", "家长会次数"),
    "home_school.grades_short_of_meetings": ("Grade-semesters without a meeting", "未开家长会的年级学期"),
    "person.dispatches": ("Dispatches to primary level", "下沉基层次数"),
    "person.continuous_primary_months": ("Continuous primary-level months", "连续基层服务月数"),
}


def metric_label(key: str, lang: str = "en") -> str:
    pair = METRIC_LABELS.get(key)
    if pair is None:
        title = TITLES.get(key)
        return key if title is None else title.get(lang)
    return pair[1] if lang == "zh" else pair[0]


def family_label(key: str, lang: str = "en") -> str:
    pair = FAMILY_LABELS.get(key, (key, key))
    return pair[1] if lang == "zh" else pair[0]


#: measures of demonstration-base criteria that are ratios
RATIO_MEASURES = frozenset({"completion_rate"})
#: how a metric key says its value is a ratio (0..1): shares, rates, coverage
RATIO_SUFFIXES = ("_share", "_rate", "_coverage")


def is_ratio(key: str) -> bool:
    """The metric's value is a ratio from 0 to 1 (shown as a percentage to people)."""
    return key.endswith(RATIO_SUFFIXES) or MEASURES.get(key) in RATIO_MEASURES


def percent(value: Any, places: int = 1) -> str:
    """``Decimal("0.1250")`` -> ``12.5%``; ``1`` -> ``100%``."""
    shown = (Decimal(str(value)) * 100).quantize(Decimal(1).scaleb(-places))
    text = f"{shown:f}".rstrip("0").rstrip(".") if "." in f"{shown:f}" else f"{shown:f}"
    return f"{text}%"


def shown_metric_value(key: str, value: Any) -> str:
    """A metric's value for people: ratios as percentages, other numbers as they are."""
    if value is None:
        return ""
    if is_ratio(key) and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return percent(value)
    return str(value)


OPS_SHOWN = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}
TARGET = re.compile(r"\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)\s*")


def shown_target(key: str, target: str | None) -> str:
    """``>= 0.1`` -> ``≥ 10%`` for a ratio metric, ``≥ 3`` otherwise; other texts unchanged."""
    if not target:
        return ""
    m = TARGET.fullmatch(target)
    if m is None:
        return target
    op, number = OPS_SHOWN[m.group(1)], m.group(2)
    return f"{op} {percent(number) if is_ratio(key) else number}"
