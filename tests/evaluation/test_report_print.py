"""The report a bureau hands on, checked in headless Chromium in English and Chinese:

* it opens with contents (every link lands on a section), the headline numbers and a
  ranking summary; findings carry the rule's title beside its id; scorecards are grouped
  by family and ranked; ratios are percentages;
* chart labels are laid out with measured widths: in the browser no label leaves its chart
  or overlaps another, and the widths ``gtt_cli.textwidth`` computes are the browser's;
* printed to PDF it is A4, within a page bound, and no page ends on a heading.

Screenshots and PDFs are kept under ``test-artifacts/`` (paths printed at the end of the run).
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from chromium_check import measure_charts, open_in_chromium, print_to_pdf
from click.testing import CliRunner
from eval_history import Recorder
from gtt_cli.main import gtt
from gtt_cli.textwidth import text_width
from test_department_institution_scorecards import build as build_departments
from test_group_scorecard import build as build_group
from test_major_host_scorecards import build as build_majors

from gtt_domain.evaluation.labels import is_ratio

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: A4 in PostScript points, as Chromium writes it (210 × 297 mm)
A4 = (595.0, 842.0)
FONTS = ("Liberation Sans", "Noto Sans CJK SC")


def fonts_or_skip() -> None:
    """The fonts the report names (metric-compatible Latin, CJK); scripts/ensure-test-deps.sh
    installs them. Without them the browser falls back and the widths are not the charts'."""
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout \
        if shutil.which("fc-list") else ""
    missing = [f for f in FONTS if f not in listed]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"fonts missing in CI: {missing} (scripts/ensure-test-deps.sh installs them)")
        pytest.skip(f"fonts not installed: {missing}")


class Outline(HTMLParser):
    """Headings (level, text), ids, in-page links, and the cells the checks read."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.rule_titles: dict[str, str] = {}
        self.values: list[tuple[str, str, str]] = []  # metric key, raw value, shown value
        self.ranks: dict[str, list[int]] = {}
        self.order: list[str] = []  # section ids in document order
        self._heading: str | None = None
        self._text: list[str] = []
        self._row: dict[str, str] | None = None
        self._cells: list[str] = []
        self._cell: list[str] | None = None
        self._family: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
            self.order.append(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag in ("h1", "h2", "h3"):
            self._heading, self._text = tag, []
        if tag == "table" and "data-family" in a:
            self._family = a["data-family"]
            self.ranks.setdefault(a["data-family"], []).append(int(a["data-rank"]))
        if tag == "tr":
            self._row, self._cells = a, []
        if tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, " ".join("".join(self._text).split())))
            self._heading = None
        if tag == "td" and self._cell is not None:
            self._cells.append("".join(self._cell).strip())
            self._cell = None
        if tag == "tr" and self._row is not None:
            row, cells = self._row, self._cells
            if "data-finding" in row:
                self.rule_titles[row["data-finding"]] = cells[1]
            if "data-metric" in row:
                self.values.append((row["data-metric"], row["data-value"], cells[1]))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def cli(url: str, clock, *args: str) -> str:
    result = CliRunner().invoke(gtt, ["--db", url, *args], obj={"clock": clock},
                                env={"GTT_LANG": None, "GTT_DATABASE_URL": None})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from datetime import UTC, datetime, timedelta

    class Clock:
        def __init__(self) -> None:
            self.now = datetime(2025, 1, 1, tzinfo=UTC)

        def __call__(self) -> datetime:
            self.now += timedelta(seconds=1)
            return self.now

    clock = Clock()
    url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'gtt.sqlite3'}"
    rec = Recorder(url, clock)
    build_group(rec)
    build_majors(rec)
    build_departments(rec)
    return url, clock


def boxes_overlap(a: list[float], b: list[float]) -> bool:
    """More than a pixel of overlap both ways (anti-aliasing and rounding aside)."""
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


def page_texts(pdf: Path) -> list[list[str]]:
    from pypdf import PdfReader

    return [[" ".join(line.split()) for line in page.extract_text().splitlines() if line.strip()]
            for page in PdfReader(str(pdf)).pages]


def normalise(text: str) -> str:
    """PDF text of CJK headings may use compatibility forms (⼈ for 人): compare NFKC, no spaces."""
    import unicodedata

    return unicodedata.normalize("NFKC", text).replace(" ", "")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_reads_and_prints_as_a_bureau_needs(world, lang, tmp_path, record_property):
    fonts_or_skip()
    url, clock = world
    page = tmp_path / f"report-{lang}.html"
    cli(url, clock, "report", "--html", str(page), "--year", "2025", "--lang", lang)
    html = page.read_text("utf-8")
    assert not re.search(r"https?://|<script|\ssrc=|@import|url\(", html)  # still self-contained

    shot = ARTIFACTS / f"report-{lang}.png"
    opened = open_in_chromium(page, shot, tmp_path)
    assert opened.console == [] and opened.page_requests == []
    assert shot.stat().st_size > 10_000
    record_property("screenshot", str(shot))

    dom = Outline()
    dom.feed(opened.dom)
    # contents first, then overview, ranking summary, findings, charts, scorecards by family
    assert dom.order.index("contents") < dom.order.index("overview") < dom.order.index("ranking") \
        < dom.order.index("findings") < dom.order.index("charts") < dom.order.index("scorecards")
    assert set(dom.links) <= dom.ids and {"overview", "ranking", "findings", "charts"} <= set(dom.links)
    families = [i for i in dom.order if i.startswith("family-")]
    assert len(families) >= 5 and all(f in dom.links for f in families)
    for family, ranks in dom.ranks.items():  # ranked within the family, best first
        judged = [r for r in ranks if r]
        assert judged == sorted(judged) and judged[0] == 1, family
    # findings: the rule's title beside its id, in the report's language
    assert dom.rule_titles and all(dom.rule_titles.values())
    if lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", t) for t in dom.rule_titles.values())
    # ratios as percentages, other numbers as they are
    ratios = [(k, raw, shown) for k, raw, shown in dom.values if raw and is_ratio(k)]
    assert ratios and all(shown.endswith("%") for _, _, shown in ratios)
    assert all(abs(float(shown[:-1]) - 100 * float(raw)) < 0.051 for _, raw, shown in ratios)

    # charts: every label inside its chart, none over another, widths as computed
    charts = measure_charts(page, tmp_path)
    assert len(charts) >= 4
    compared = 0
    for chart in charts:
        width, height = chart["size"]
        texts = chart["texts"]
        for t in texts:
            x0, y0, x1, y1 = t["box"]
            assert x0 >= -1 and y0 >= -1 and x1 <= width + 1 and y1 <= height + 1, (chart["title"], t)
            if t["level"] and t["label"]:
                expected = text_width(t["label"], t["size"])
                assert math.isclose(t["width"], expected, rel_tol=0.03, abs_tol=0.6), (t["label"], t["width"], expected)
                compared += 1
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                assert not boxes_overlap(a["box"], b["box"]), (chart["title"], a["text"], b["text"])
    assert compared > 20
    if lang == "zh":
        assert any(re.search(r"[\u4e00-\u9fff]", t["label"] or "") for c in charts for t in c["texts"])

    # print: A4, a bounded number of pages, no heading left at the foot of a page
    pdf = print_to_pdf(page, ARTIFACTS / f"report-{lang}.pdf", tmp_path)
    record_property("pdf", str(pdf))
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    for p in reader.pages:
        assert abs(float(p.mediabox.width) - A4[0]) < 2 and abs(float(p.mediabox.height) - A4[1]) < 2
    metric_rows = len(dom.values)
    # a page holds about 45 scorecard rows at the print size; the front matter and charts
    # take about five pages: more pages than this means room is being wasted
    bound = 5 + math.ceil(metric_rows / 45)
    assert 3 <= len(reader.pages) <= bound, (len(reader.pages), bound, metric_rows)
    headings = {normalise(text) for level, text in dom.headings if level in ("h2", "h3") and text}
    texts = page_texts(pdf)
    for n, lines in enumerate(texts[:-1], start=1):
        assert lines, f"page {n} is empty"
        assert normalise(lines[-1]) not in headings, f"page {n} ends with the heading {lines[-1]!r}"
    print(f"report ({lang}): {len(reader.pages)} A4 pages; screenshot {shot}; PDF {pdf}")


def test_the_checks_catch_overlaps_wrong_widths_and_stranded_headings(tmp_path):
    """Controls: the old layout (7 px per character) overlaps Chinese legend items, a font
    with other metrics measures differently, and a heading pushed to a page's foot is seen."""
    fonts_or_skip()
    names = ["安溪县实验小学第二校区", "蓬莱中心小学"]
    x2 = 48 + 24 + 7 * len(names[0])  # how legends were placed before they were measured
    page = tmp_path / "controls.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page { size: A4; margin: 14mm }</style>'
        '</head><body><svg class="chart" viewBox="0 0 640 60" width="640" height="60"'
        ' font-family="Arial, \'Liberation Sans\', \'Noto Sans CJK SC\'"><title>c</title>'
        f'<text x="62" y="15" font-size="11">{names[0]}</text><text x="{x2 + 14}" y="15" font-size="11">{names[1]}</text>'
        '<text x="10" y="40" font-size="11" font-family="DejaVu Sans">Quanzhou Vocational College</text></svg>'
        '<div style="height: 850px"></div><h2>Stranded heading</h2>'
        '<p style="break-before: page">next page</p></body></html>', "utf-8")
    [chart] = measure_charts(page, tmp_path)
    first, second, other_font = chart["texts"]
    assert boxes_overlap(first["box"], second["box"])
    assert not math.isclose(other_font["width"], text_width(other_font["label"], 11), rel_tol=0.03)
    texts = page_texts(print_to_pdf(page, tmp_path / "controls.pdf", tmp_path))
    assert normalise(texts[0][-1]) == normalise("Stranded heading")
