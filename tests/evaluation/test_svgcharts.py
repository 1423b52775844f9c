"""The report's hand-made SVG charts draw what they are given: bar heights in proportion,
stacked bars on top of each other, one point per known value, the target line where it
belongs, and text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from gtt_cli.svgcharts import TOP, H, bar_chart, hbar_chart, line_chart


def marks(svg: str, tag: str) -> list[ET.Element]:
    return [e for e in ET.fromstring(svg).iter(tag) if "data-value" in e.attrib]


def test_grouped_bars_are_in_proportion():
    svg = bar_chart("t", ["a", "b"], {"out": [2, 4], "in": [1, 0]})
    bars = {(e.get("data-series"), e.get("data-category")): e for e in marks(svg, "rect")}
    assert len(bars) == 4
    h = {k: float(e.get("height")) for k, e in bars.items()}
    assert h[("in", "b")] == 0
    assert abs(h[("out", "b")] - 2 * h[("out", "a")]) < 0.2
    assert abs(h[("out", "a")] - 2 * h[("in", "a")]) < 0.2
    assert all(float(e.get("y")) + float(e.get("height")) <= H for e in bars.values())


def test_stacked_bars_sit_on_each_other():
    svg = bar_chart("t", ["m"], {"started": [3], "completed": [1]}, stacked=True)
    lower, upper = marks(svg, "rect")
    assert abs(float(upper.get("y")) + float(upper.get("height")) - float(lower.get("y"))) < 0.2
    assert float(upper.get("x")) == float(lower.get("x"))


def test_line_chart_skips_missing_points_and_orders_heights():
    svg = line_chart("q", ["2023", "2024", "2025"], {"Head": {"2023": 90, "2024": 85, "2025": 80},
                                                      "B<1>": {"2025": 74}})
    points = marks(svg, "circle")
    assert [(p.get("data-series"), p.get("data-category")) for p in points] == [
        ("Head", "2023"), ("Head", "2024"), ("Head", "2025"), ("B<1>", "2025")]
    ys = [float(p.get("cy")) for p in points[:3]]
    assert ys[0] < ys[1] < ys[2]  # falling scores are drawn lower
    assert "B&lt;1&gt;" in svg and "<1>" not in svg.replace("B&lt;1&gt;", "")
    assert len(list(ET.fromstring(svg).iter("polyline"))) == 1  # one point draws no line


def test_hbar_target_line_and_widths():
    svg = hbar_chart("p", ["Mech", "Biz"], [0.1, 0.05], target=0.1)
    mech, biz = marks(svg, "rect")
    assert abs(float(mech.get("width")) - 2 * float(biz.get("width"))) < 0.2
    [line] = [e for e in ET.fromstring(svg).iter("line") if e.get("data-target")]
    assert abs(float(line.get("x1")) - (float(mech.get("x")) + float(mech.get("width")))) < 0.2
    assert float(line.get("y1")) < TOP
