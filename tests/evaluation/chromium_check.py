"""Open an HTML file in headless Chromium: the DOM, a screenshot, console messages and the
URLs the page itself asked for (from Chromium's net log; the browser's own background
requests carry the initiator "not an origin" and are not the page's; a request the page
makes carries the page's origin, "null" for a file)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0",
         "--window-size=1200,3600"]


def chromium_or_skip() -> str:
    found = shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing in CI (scripts/ensure-test-deps.sh installs it)")
        pytest.skip("chromium is not installed")
    return found


@dataclass
class Opened:
    dom: str
    console: list[str]
    page_requests: list[str]


def page_requests(net_log: Path, page: Path) -> list[str]:
    data = json.loads(net_log.read_text())
    urls = []
    for e in data.get("events", []):
        p = e.get("params") or {}
        if "url" in p and "initiator" in p and p["initiator"] != "not an origin" and p["url"] != page.as_uri():
            urls.append(p["url"])
    return urls


def open_in_chromium(html: Path, screenshot: Path, workdir: Path) -> Opened:
    binary = chromium_or_skip()
    net_log = workdir / "net-log.json"
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [binary, *FLAGS, f"--user-data-dir={workdir / 'profile'}", f"--log-net-log={net_log}",
         f"--screenshot={screenshot}", "--dump-dom", html.as_uri()],
        capture_output=True, text=True, timeout=180, check=True)
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    return Opened(done.stdout, console, page_requests(net_log, html))


def print_to_pdf(html: Path, pdf: Path, workdir: Path) -> Path:
    """Chromium's own print to PDF (the page's @page size and margins, no header/footer)."""
    binary = chromium_or_skip()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [binary, *FLAGS, f"--user-data-dir={workdir / 'profile-pdf'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        capture_output=True, text=True, timeout=180, check=True)
    assert pdf.is_file() and pdf.stat().st_size > 1000, f"chromium wrote no PDF at {pdf}"
    return pdf


#: run in a copy of the page: every chart text's box on screen (rotation included) and, for
#: level single-line labels, the width the browser gave the text
MEASURE = """<script>
const charts = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const frame = svg.getBoundingClientRect();
  const texts = [];
  for (const t of svg.querySelectorAll('text')) {
    const b = t.getBoundingClientRect();
    const label = t.firstChild && t.firstChild.nodeType === 3 ? t.firstChild.nodeValue : null;
    texts.push({text: t.textContent.replace(t.querySelector('title')?.textContent ?? '', ''),
                label, size: parseFloat(t.getAttribute('font-size')),
                level: !t.hasAttribute('transform') && !t.querySelector('tspan'),
                width: t.getComputedTextLength(),
                box: [b.left - frame.left, b.top - frame.top, b.right - frame.left, b.bottom - frame.top]});
  }
  charts.push({title: svg.querySelector('title').textContent, size: [frame.width, frame.height], texts});
}
document.body.setAttribute('data-measured', JSON.stringify(charts));
</script>"""


def measure_charts(html: Path, workdir: Path) -> list[dict]:
    """The chart texts of ``html`` as Chromium lays them out (see :data:`MEASURE`)."""
    copy = workdir / f"measure-{html.name}"
    copy.write_text(html.read_text("utf-8").replace("</body>", MEASURE + "</body>"), "utf-8")
    binary = chromium_or_skip()
    done = subprocess.run(
        [binary, *FLAGS, f"--user-data-dir={workdir / 'profile-measure'}", "--dump-dom", copy.as_uri()],
        capture_output=True, text=True, timeout=180, check=True)
    import html as html_lib
    import re

    found = re.search(r'data-measured="([^"]*)"', done.stdout)
    assert found, "the measuring script did not run"
    return json.loads(html_lib.unescape(found.group(1)))
