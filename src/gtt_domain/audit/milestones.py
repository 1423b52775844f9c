"""Named dates of a subject that timing rules compare: ``start``, ``plan_agreed``,
``document:tripartite_agreement``, ``filed``, ``role:specialty_teacher`` …

A milestone is ``(date, ref)`` or ``None`` when it has not happened.
"""

from __future__ import annotations

from datetime import date

from gtt_domain.audit import facts as f
from gtt_domain.audit.refs import Ref
from gtt_domain.audit.world import World

Milestone = tuple[date, Ref | None] | None

#: English and Chinese words for milestone names (``document:x`` uses the part after ':')
WORDS: dict[str, tuple[str, str]] = {
    "start": ("the start", "开始"), "planned_start": ("the planned start", "计划开始"),
    "end": ("the end", "结束"), "plan_agreed": ("the joint plan", "联合实习计划"),
    "teacher": ("an accompanying teacher", "带队教师"), "mentor": ("a host mentor", "企业导师"),
    "filed": ("filing with the bureau", "报教育局备案"), "approved": ("approval", "审批"),
    "targets": ("targets", "工作目标"), "established": ("establishment", "成立"),
    "charter": ("an adopted charter", "章程"), "completed": ("completion", "结束"),
    "tripartite_agreement": ("the tripartite agreement", "三方协议"),
    "student_consent": ("the student's written consent", "学生书面同意"),
    "guardian_consent": ("the guardian's written consent", "家长书面同意"),
    "recommendation_form": ("the recommendation form", "推荐表"),
    "student_status_record": ("the student status record", "学籍证明"),
    "id_copy": ("the ID copy", "身份证复印件"),
    "insurance_policy": ("internship liability insurance", "实习责任保险"),
    "specialty_teacher": ("teaching as a specialty teacher", "担任专业课教师"),
    "enterprise_practice": ("enterprise practice", "企业实践"),
    "evaluation:host": ("the host's evaluation", "企业评价"),
    "evaluation:school": ("the school's evaluation", "学校评价"),
    "assessment": ("the assessment", "考核"),
    "certification": ("a skills certification exam", "技能鉴定考试"),
    "employment_agreement": ("the employment agreement with student and parent", "学生及家长签订的就业协议"),
}


def words(name: str) -> tuple[str, str]:
    key = name if name in WORDS else name.split(":", 1)[-1]
    return WORDS.get(key, (key.replace("_", " "), key))


def _earliest(items: list[tuple[date, Ref | None]]) -> Milestone:
    return min(items, key=lambda x: x[0]) if items else None


def internship(s: f.InternshipFacts, name: str) -> Milestone:
    if name == "start":
        return (s.started_on, s.events.first("Started")) if s.started_on else None
    if name == "planned_start":
        return s.planned_start, s.events.created
    if name == "end":
        return (s.ended_on, s.events.last("Completed") or s.events.last("TerminatedEarly")) if s.ended_on else None
    if name == "completed":
        return (s.ended_on, s.events.last("Completed")) if s.status == "completed" and s.ended_on else None
    if name in ("plan_agreed", "teacher", "mentor"):
        d = {"plan_agreed": s.plan_agreed, "teacher": s.teacher, "mentor": s.mentor}[name]
        return (d.on, d.ref) if d else None
    if name.startswith("document:"):
        doc = s.first_document(name.split(":", 1)[1])
        return (doc.provided_on, doc.ref) if doc else None
    if name.startswith("evaluation:"):
        by = name.split(":", 1)[1]
        return _earliest([(e.on, e.ref) for e in s.evaluations if e.what == by])
    if name == "certification":
        return _earliest([(c.on, c.ref) for c in s.certifications])
    raise ValueError(f"unknown internship milestone {name!r}")


def exchange(s: f.ExchangeFacts, name: str) -> Milestone:
    if name == "planned_start":
        return s.planned_start, s.events.created
    table = {"start": s.started, "completed": s.completed, "filed": s.filed,
             "approved": s.approved, "targets": s.targets}
    if name in table:
        d = table[name]
        return (d.on, d.ref) if d else None
    if name == "assessment":
        return _earliest([(a.on, a.ref) for a in s.assessments])
    raise ValueError(f"unknown exchange milestone {name!r}")


def community(s: f.CommunityFacts, name: str) -> Milestone:
    if name == "established":
        return s.established_on, s.events.created
    if name == "charter":
        return _earliest([(c.on, c.ref) for c in s.charters])
    raise ValueError(f"unknown community milestone {name!r}")


def person(s: f.PersonFacts, name: str, world: World) -> Milestone:
    if name.startswith("role:"):
        role = name.split(":", 1)[1]
        return _earliest([(r.on, r.ref) for r in s.roles if r.what == role])
    if name.startswith("practice:"):
        kind = name.split(":", 1)[1]
        return _earliest([(x.started.on, x.started.ref) for x in world.of_kind("exchange")
                          if x.person_id == s.id and x.kind == kind and x.started])
    raise ValueError(f"unknown person milestone {name!r}")


def milestone(s: f.Facts, name: str, world: World) -> Milestone:
    if isinstance(s, f.InternshipFacts):
        return internship(s, name)
    if isinstance(s, f.ExchangeFacts):
        return exchange(s, name)
    if isinstance(s, f.CommunityFacts):
        return community(s, name)
    if isinstance(s, f.PersonFacts):
        return person(s, name, world)
    raise ValueError(f"{s.KIND} has no milestones")


NAMES = {
    "internship": ("start", "planned_start", "end", "completed", "plan_agreed", "teacher", "mentor",
                   "document:*", "evaluation:host", "evaluation:school", "certification"),
    "exchange": ("start", "planned_start", "completed", "filed", "approved", "targets", "assessment"),
    "community": ("established", "charter"),
    "person": ("role:*", "practice:*"),
}


def check_name(kind: str, name: str) -> str:
    """Validate a milestone name for ``kind`` when a pack loads."""
    allowed = NAMES.get(kind)
    if allowed is None:
        raise ValueError(f"subject {kind!r} has no milestones; use one of {sorted(NAMES)}")
    for a in allowed:
        if name == a or (a.endswith(":*") and name.startswith(a[:-1]) and len(name) > len(a) - 1):
            return name
    raise ValueError(f"unknown {kind} milestone {name!r}; known: {', '.join(allowed)}")
