"""``gtt report --html FILE``: one self-contained HTML report (inline CSS and SVG, no
scripts, no network) of a year's overview, findings, charts and scorecards, for a bureau to
read on screen or print on A4: contents and a ranking summary first, rule titles beside
rule ids, scorecards grouped and ranked by family, shares as percentages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from gtt_cli.commands.evaluate import load_packs, replay_option, source_of
from gtt_cli.context import GttContext, pass_gtt
from gtt_cli.errors import InvalidInput
from gtt_cli.i18n import value_label
from gtt_cli.params import MOMENT
from gtt_cli.svgcharts import bar_chart, hbar_chart, line_chart
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from gtt_domain.evaluation import evaluation_period
from gtt_domain.evaluation.labels import (
    family_label,
    is_ratio,
    metric_label,
    percent,
    shown_metric_value,
    shown_target,
)
from gtt_domain.evaluation.model import Scorecard
from gtt_domain.evaluation.overview import Overview, build_overview

section = "query"

TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "title": "Cooperation and exchange evaluation", "period": "Period", "overview": "Overview",
        "derived": "Computed from the event log when this file was written; nothing here is stored.",
        "contents": "Contents", "ranking": "Ranking summary",
        "ranking_note": "Subjects of each family ranked by the share of their targets met (metrics without a "
                        "target are not counted).",
        "family": "Family", "subjects": "Subjects", "targets_met": "Targets met", "best": "Highest",
        "lowest": "Lowest", "rank": "Rank", "subject": "Subject", "share": "Share met",
        "findings": "Audit findings by rule, severity and status", "no_audit": "Audits are not installed.",
        "audit_skipped": "Audit findings left out (--no-audit).",
        "no_findings": "No findings.", "rule": "Rule", "rule_title": "Rule", "severity": "Severity",
        "count": "To answer", "findings_total": "findings to answer",
        "total": "Total", "status_columns": ("remedied", "closed", "waived", "exempt"),
        "statuses": {"remedied": "Remedied", "closed": "Closed", "waived": "Waived", "exempt": "Exempt"},
        "charts": "Charts", "chart_internships": "Internships per month by status",
        "chart_flows": "Exchanges between head school and branches",
        "chart_quality": "Teaching-quality trend", "chart_practice": "Teachers' enterprise-practice coverage by department (target 10%)",
        "scorecards": "Scorecards", "metric": "Metric", "value": "Value", "target": "Target", "met": "Met",
        "yes": "met", "no": "not met", "rotation_due": "rotation due (P1-R7)", "no_rotation": "no rotation due",
        "out": "head → branch", "in": "branch → head", "of": "of",
        "status": {"started": "started", "completed": "completed", "terminated": "terminated"},
        "headline": {"schools": "Schools", "enterprises": "Enterprises", "internships_started": "Internships started",
                     "exchanges_started": "Exchanges started", "scorecards": "Scorecards",
                     "metrics_met": "Targets met", "metrics_not_met": "Targets not met"},
    },
    "zh": {
        "title": "校企合作与交流评估报告", "period": "评估期间", "overview": "概览",
        "derived": "本报告在生成时由事件日志计算得出，不另行存储。",
        "contents": "目录", "ranking": "排名摘要",
        "ranking_note": "各类对象按目标达成比例排名（无目标的指标不计入）。",
        "family": "类别", "subjects": "对象数", "targets_met": "达标指标", "best": "最高", "lowest": "最低",
        "rank": "名次", "subject": "对象", "share": "达标比例",
        "findings": "审计发现（按规则、严重程度与状态）", "no_audit": "未安装审计模块。", "audit_skipped": "未包含审计发现（--no-audit）。",
        "no_findings": "没有审计发现。", "rule": "规则", "rule_title": "规则名称", "severity": "严重程度",
        "count": "待处理", "findings_total": "条待处理的审计发现",
        "total": "合计", "status_columns": ("remedied", "closed", "waived", "exempt"),
        "statuses": {"remedied": "已整改", "closed": "已关闭", "waived": "已豁免处理", "exempt": "备案豁免"},
        "charts": "图表", "chart_internships": "各月实习情况（按状态）",
        "chart_flows": "总校与分校之间的交流", "chart_quality": "教学质量趋势",
        "chart_practice": "各系部教师企业实践覆盖率（目标10%）",
        "scorecards": "评估记分卡", "metric": "指标", "value": "数值", "target": "目标", "met": "达标",
        "yes": "达标", "no": "未达标", "rotation_due": "需轮换（P1-R7）", "no_rotation": "无需轮换",
        "out": "总校→分校", "in": "分校→总校", "of": "/",
        "status": {"started": "开始", "completed": "完成", "terminated": "提前终止"},
        "headline": {"schools": "学校", "enterprises": "企业", "internships_started": "开始实习",
                     "exchanges_started": "开始交流", "scorecards": "记分卡",
                     "metrics_met": "达标指标", "metrics_not_met": "未达标指标"},
    },
}


def show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal) and value == value.to_integral_value() and abs(value) >= 100:
        return f"{int(value):,}"
    return str(value)


def shown_value(key: str, value: Any) -> str:
    """A metric's value in the report: ratios as percentages, other numbers grouped."""
    if value is None:
        return "—"
    if is_ratio(key):
        return shown_metric_value(key, value)
    return show(value)


@dataclass
class Ranked:
    """A scorecard's place in its family: targets met of those judged."""

    card: Scorecard
    rank: int
    met: int
    judged: int

    @property
    def share(self) -> Decimal | None:
        return None if not self.judged else Decimal(self.met) / Decimal(self.judged)


@dataclass
class FamilyRanking:
    family: str
    ranked: list[Ranked]

    @property
    def met(self) -> int:
        return sum(r.met for r in self.ranked)

    @property
    def judged(self) -> int:
        return sum(r.judged for r in self.ranked)


def rank_family(family: str, cards: list[Scorecard]) -> FamilyRanking:
    """Cards by share of targets met (then by targets met, then by name); equal shares share
    a rank; a card with no target to judge comes last, unranked (rank 0)."""
    scored = [(c, c.met_count, c.met_count + c.not_met_count) for c in cards]
    scored.sort(key=lambda x: (x[2] == 0, -(Decimal(x[1]) / x[2] if x[2] else 0), -x[1], x[0].subject))
    ranked: list[Ranked] = []
    for i, (card, met, judged) in enumerate(scored):
        if judged == 0:
            rank = 0
        elif ranked and ranked[-1].judged and ranked[-1].met * judged == met * ranked[-1].judged:
            rank = ranked[-1].rank
        else:
            rank = i + 1
        ranked.append(Ranked(card, rank, met, judged))
    return FamilyRanking(family, ranked)


def rule_titles(lang: str) -> dict[str, str]:
    """Rule id -> title in ``lang``, from the shipped packs (empty without the audit package)."""
    try:
        from gtt_domain.audit import shipped_packs
    except ImportError:
        return {}
    return {r.rule.id: r.rule.title.get(lang) for p in shipped_packs() for r in p.rules}


def charts(ov: Overview, t: dict[str, Any]) -> dict[str, Any]:
    status = t["status"]
    out: dict[str, Any] = {"internships": Markup(bar_chart(
        t["chart_internships"], [m[5:] for m in ov.internship_months],
        {status[s]: v for s, v in ov.internships_by_status.items()}))}
    groups = []
    for card in ov.cards.get("group", []):
        flows = card.details["flows"]
        members = card.details["members"]
        years = sorted({y for m in members for y in m["scores"]})
        groups.append({
            "name": card.subject, "members": members,
            "flows": Markup(bar_chart(t["chart_flows"], [f["branch"] for f in flows],
                                      {t["out"]: [f["out"] for f in flows], t["in"]: [f["in"] for f in flows]})),
            "quality": Markup(line_chart(t["chart_quality"], years,
                                         {m["name"]: {y: float(s) for y, s in m["scores"].items()} for m in members})),
        })
    out["groups"] = groups
    depts = [c for c in ov.cards.get("department", []) if c.metric("department.practice_share").value is not None]
    out["practice"] = Markup(hbar_chart(t["chart_practice"], [c.subject for c in depts],
                                        [float(c.metric("department.practice_share").value or 0) for c in depts],
                                        target=0.10))
    return out


def render_report(ov: Overview, lang: str) -> str:
    env = Environment(loader=PackageLoader("gtt_cli", "templates"), autoescape=select_autoescape(["html", "j2"]))
    t = TEXT[lang]
    rankings = [rank_family(family, cards) for family, cards in ov.cards.items() if cards]
    titles = rule_titles(lang)
    return env.get_template("report.html.j2").render(
        ov=ov, t=t, lang=lang, charts=charts(ov, t), show=show, rankings=rankings,
        shown_value=shown_value, shown_target=shown_target, percent=percent,
        rule_title=lambda rule: titles.get(rule, ""),
        open_findings=sum(f["count"] for f in ov.findings or []),
        metric_label=lambda k: metric_label(k, lang), family_label=lambda k: family_label(k, lang),
        severity=lambda s: value_label(s, lang))


@click.command("report", help="""Write a self-contained HTML report for a year.

The file opens with contents, the headline numbers and a ranking summary (each family's
subjects by share of targets met), then audit findings by rule (with the rule's title) and
severity, charts (internships per month, exchange flows and teaching-quality trends per
education group, enterprise-practice coverage by department) and every scorecard, grouped
and ranked by family, with met / not met. It prints on A4 (headings stay with what follows),
loads nothing from the network and runs no scripts.

\b
Example:
  gtt report --html report-2025.html --year 2025 --lang zh""")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, writable=True), required=True,
              help="Write the report to this file.")
@click.option("--year", type=int, help="Calendar year (default: the year of the latest recorded event).")
@click.option("--pack", "pack_path", type=click.Path(exists=True, dir_okay=False),
              help="Evaluation targets and weights from this TOML.")
@click.option("--criteria", "criteria_path", type=click.Path(exists=True, dir_okay=False),
              help="Demonstration-base criteria (P14-R4) from this TOML.")
@click.option("--known-at", type=MOMENT, help="Use the log as it stood then (recorded time).")
@click.option("--no-audit", is_flag=True, help="Leave the audit findings out.")
@replay_option
@pass_gtt
def report(gtt: GttContext, html_path: str, year: int | None, pack_path: str | None,
           criteria_path: str | None, known_at: datetime | None, no_audit: bool, replay: bool) -> None:
    lang = gtt.lang
    pack = load_packs(pack_path, criteria_path)
    if year is None:
        year = latest_year(gtt)
    ov = build_overview(gtt.app, evaluation_period(year), pack=pack, known_at=known_at,
                        with_audit=not no_audit, source=source_of(gtt, replay))
    Path(html_path).write_text(render_report(ov, lang), encoding="utf-8")
    click.echo(html_path)


def latest_year(gtt: GttContext) -> int:
    """The year the latest recorded event took effect."""
    from gtt_domain.application.timetravel import effective_at

    app = gtt.app
    top = app.recorder.max_notification_id()
    if not top:
        raise InvalidInput("the log is empty: give --year")
    [last] = app.recorder.select_notifications(start=top, limit=1)
    return effective_at(app.mapper.to_domain_event(last)).year


commands = [report]
