"""The HTML report: self-contained (no script, no external reference, no request in
Chromium), no console errors, and its headline numbers and every scorecard value equal
what ``gtt evaluate … --format json`` prints. A screenshot goes to test-artifacts/."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from chromium_check import open_in_chromium, page_requests
from click.testing import CliRunner
from eval_history import Recorder
from gtt_cli.main import gtt
from test_department_institution_scorecards import build as build_departments
from test_group_scorecard import build as build_group
from test_major_host_scorecards import build as build_majors

from gtt_domain.evaluation import FAMILIES

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class ReportDom(HTMLParser):
    """Headline numbers and scorecard cells (family, subject, metric) -> value text."""

    def __init__(self) -> None:
        super().__init__()
        self.headline: dict[str, str] = {}
        self.values: dict[tuple[str, str, str], str] = {}
        self.rotation_due: set[str] = set()
        self._table: tuple[str, str] | None = None
        self._headline: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "table" and "data-family" in a:
            self._table = (a["data-family"], a["data-subject"])
        if tag == "tr" and "data-metric" in a and self._table:
            self.values[(*self._table, a["data-metric"])] = a["data-value"]
        if "data-headline" in a:
            self._headline = a["data-headline"]
        if "data-rotation-due" in a:
            self.rotation_due.add(a["data-rotation-due"])

    def handle_data(self, data: str) -> None:
        if self._headline is not None and data.strip():
            self.headline[self._headline] = data.strip()
            self._headline = None


def cli(url: str, clock, *args: str) -> str:
    result = CliRunner().invoke(gtt, ["--db", url, *args], obj={"clock": clock},
                                env={"GTT_LANG": None, "GTT_DATABASE_URL": None})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def world(sqlite_url, clock):
    rec = Recorder(sqlite_url, clock)
    ids = build_group(rec) | build_majors(rec) | build_departments(rec)
    return sqlite_url, ids


def cli_cards(url: str, clock) -> dict[str, list[dict]]:
    return {f: json.loads(cli(url, clock, "evaluate", f.replace("_", "-"), "--year", "2025", "--format", "json"))
            for f in FAMILIES}


def same(dom_value: str, json_value) -> bool:
    if json_value is None:
        return dom_value == ""
    return Decimal(dom_value) == Decimal(str(json_value))


def test_report_is_self_contained_and_matches_the_cli(world, clock, tmp_path):
    url, ids = world
    page = tmp_path / "report.html"
    cli(url, clock, "report", "--html", str(page), "--year", "2025", "--lang", "zh")
    html = page.read_text("utf-8")
    assert not re.search(r"https?://|<script|\ssrc=|\shref=(?!\"#)|@import|url\(", html)  # in-page links only
    assert "捆绑考核得分" in html and "需轮换" in html

    opened = open_in_chromium(page, ARTIFACTS / "evaluation-report-zh.png", tmp_path)
    assert opened.console == []
    assert opened.page_requests == []
    assert (ARTIFACTS / "evaluation-report-zh.png").stat().st_size > 10_000

    dom = ReportDom()
    dom.feed(opened.dom)
    cards = cli_cards(url, clock)
    every = [c for cs in cards.values() for c in cs]
    assert dom.headline["scorecards"] == str(len(every))
    assert dom.headline["metrics_met"] == str(sum(m["met"] is True for c in every for m in c["metrics"]))
    assert dom.headline["metrics_not_met"] == str(sum(m["met"] is False for c in every for m in c["metrics"]))
    assert dom.headline["internships_started"] == "3"  # the major world's i1, i2, i3
    compared = 0
    for family, cs in cards.items():
        for c in cs:
            for m in c["metrics"]:
                assert same(dom.values[(family, c["subject_id"], m["metric"])], m["value"]), (family, m)
                compared += 1
    assert compared == len(dom.values) and compared > 50
    assert dom.rotation_due == {str(ids["head"])}
    group = next(c for c in cards["group"] if c["subject_id"] == str(ids["group"]))
    assert next(m for m in group["metrics"] if m["metric"] == "group.bundled_score")["value"] == "17.50"


def test_net_log_reading_sees_a_page_request(tmp_path):
    """The request check can fail: a page with an image on the network is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<html><body><img src="http://127.0.0.1:9/x.png"></body></html>')
    opened = open_in_chromium(page, tmp_path / "bad.png", tmp_path)
    assert opened.page_requests == ["http://127.0.0.1:9/x.png"]
    assert page_requests  # the reader used by the report test


def test_english_report_and_default_year(world, clock, tmp_path):
    url, _ = world
    page = tmp_path / "report-en.html"
    cli(url, clock, "report", "--html", str(page), "--no-audit")
    html = page.read_text("utf-8")
    assert 'id="period">2025<' in html  # the latest event took effect in 2025
    assert "Bundled evaluation score" in html and "Audit findings left out" in html
