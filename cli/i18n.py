"""English and Chinese labels for headers and enum values (``--lang en|zh``).

Chinese terms follow ``shared/domain/glossary.md``; a value without a label is shown
as itself in Chinese and humanised in English. Other modules add their own labels with
:func:`add_labels` rather than editing this table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gtt_cli.labels import BOOLEANS, CODED_COLUMNS, HEADERS, VALUES

LANGS = ("en", "zh")

#: code name -> (English, 中文)
LABELS: dict[str, tuple[str, str]] = {
    # column headers
    "id": ("ID", "编号"),
    "kind": ("Kind", "类别"),
    "version": ("Ver", "版本"),
    "type": ("Event", "事件"),
    "actor": ("Actor", "记录人"),
    "recorded_at": ("Recorded at", "记录时间"),
    "effective_at": ("Effective at", "生效时间"),
    "reason": ("Reason", "原因"),
    "correlation_id": ("Correlation", "关联编号"),
    "fields": ("Fields", "内容"),
    "attribute": ("Attribute", "属性"),
    "value": ("Value", "值"),
    "name": ("Name", "名称"),
    "region": ("Region", "地区"),
    "created_on": ("Created", "创建时间"),
    "modified_on": ("Modified", "修改时间"),
    # aggregates
    "institution": ("Institution", "机构"),
    "person": ("Person", "人员"),
    "community": ("Community", "共同体"),
    "agreement": ("Agreement", "协议"),
    "exchange": ("Exchange", "交流"),
    "internship": ("Internship", "实习"),
    # institution kinds
    "school": ("School", "学校"),
    "enterprise": ("Enterprise", "企业"),
    "hospital": ("Hospital", "医院"),
    "bureau": ("Bureau", "教育局"),
    "health_centre": ("Health centre", "卫生院"),
    "association": ("Association", "协会"),
    # communities and their roles
    "head_school": ("Head school", "集团总校"),
    "core": ("Core member", "核心单位"),
    "branch": ("Branch", "分校"),
    "member": ("Member", "成员单位"),
    "education_group": ("Education group", "教育集团"),
    "fusion": ("Fusion", "融合型"),
    "co_construction": ("Co-construction", "共建型"),
    "collaboration": ("Collaboration", "协作型"),
    "medical_community": ("Medical community", "医共体"),
    "council": ("Council", "理事会"),
    "chair": ("Chair", "理事长"),
    "vice_chair": ("Vice-chair", "副理事长"),
    "director": ("Director", "理事"),
    "charter": ("Charter", "章程"),
    # agreements
    "tripartite": ("Tripartite agreement", "三方协议"),
    "order_training": ("Order training", "订单培养"),
    "directed_class": ("Directed class", "定向班"),
    "enterprise_named_class": ("Enterprise-named class", "冠名班"),
    "training_base": ("Training base", "实训基地"),
    "demonstration_base": ("Demonstration base", "示范基地"),
    "plaque": ("Plaque", "挂牌"),
    "obligation": ("Obligation", "义务"),
    "fulfilment": ("Fulfilment", "履行"),
    "activity": ("Activity", "活动"),
    # exchanges
    "rotation": ("Rotation", "交流轮岗"),
    "support_teaching": ("Support teaching", "支教"),
    "shadow_learning": ("Shadow learning", "跟岗学习"),
    "enterprise_practice": ("Enterprise practice", "教师企业实践"),
    "expert_teaching": ("Expert teaching", "企业专家进校"),
    "secondment": ("Secondment", "挂职"),
    "dispatch": ("Dispatch", "下派"),
    "advanced_study": ("Advanced study", "进修"),
    "filing": ("Filing", "备案"),
    "backbone_teacher": ("Backbone teacher", "骨干教师"),
    "mid_level_cadre": ("Mid-level cadre", "中层干部"),
    # internships
    "observation": ("Observation internship", "认识实习"),
    "shadow": ("Shadow internship", "跟岗实习"),
    "post": ("Post internship", "岗位实习"),
    "work_study_alternation": ("Work-study alternation", "工学交替"),
    "accompanying_teacher": ("Accompanying teacher", "带队教师"),
    "enterprise_mentor": ("Enterprise mentor", "企业指导教师"),
    "insurance": ("Internship liability insurance", "实习责任保险"),
    "attendance": ("Attendance", "考勤"),
    "leave": ("Leave", "请假"),
    "equal_pay": ("Equal pay for equal work", "同工同酬"),
    # audits and evaluations
    "bundled_evaluation": ("Bundled evaluation", "捆绑考核"),
    "scorecard": ("Scorecard", "考核"),
    "evaluation": ("Evaluation", "评估"),
    "finding": ("Finding", "审计发现"),
    "rule_pack": ("Rule pack", "规则包"),
}


def humanise(key: str) -> str:
    """``recorded_at`` -> ``Recorded at``; ``HeadcountReported`` -> ``Headcount reported``."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:].lower()


def label(key: str, lang: str = "en") -> str:
    """The label of a code name (header or enum value) in ``lang``."""
    pair = LABELS.get(key)
    if lang == "zh":
        return pair[1] if pair else key
    return pair[0] if pair else humanise(key)


def header(column: str, lang: str = "en") -> str:
    """A column's header: :data:`gtt_cli.labels.HEADERS`, else :data:`LABELS`, else humanised."""
    pair = HEADERS.get(column)
    if pair is not None:
        return pair[1] if lang == "zh" else pair[0]
    return label(column, lang)


def value_label(code: str, lang: str = "en") -> str:
    """A coded value (status, kind, severity…) for people; unknown codes are shown as they are
    in Chinese and humanised in English."""
    pair = VALUES.get(code)
    if pair is not None:
        return pair[1] if lang == "zh" else pair[0]
    return label(code, lang)


def shown_value(column: str, value: Any, lang: str = "en") -> Any:
    """``value`` as a table or spreadsheet shows it: codes labelled, booleans as yes/no."""
    if isinstance(value, bool):
        yes_no = BOOLEANS[value]
        return yes_no[1] if lang == "zh" else yes_no[0]
    if column in CODED_COLUMNS and isinstance(value, str) and value:
        return value_label(value, lang)
    return value


def add_labels(labels: Mapping[str, tuple[str, str]]) -> None:
    """Add ``{code: (English, 中文)}``; an existing code must keep its labels."""
    for key, pair in labels.items():
        old = LABELS.get(key)
        if old is not None and old != tuple(pair):
            raise ValueError(f"label {key!r} already means {old}, not {tuple(pair)}")
        LABELS[key] = (pair[0], pair[1])


#: the language of this process's help texts and errors (set from ``--lang``/``$GTT_LANG``
#: before click parses anything; one CLI run speaks one language)
_ACTIVE = {"lang": "en"}


def set_language(lang: str) -> None:
    _ACTIVE["lang"] = lang if lang in LANGS else "en"


def current_language() -> str:
    return _ACTIVE["lang"]
