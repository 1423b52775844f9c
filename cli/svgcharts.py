"""Hand-made inline SVG charts for the HTML report: small, no scripts, no network.

Each function returns one ``<svg>`` element as text; every mark carries ``data-series``,
``data-category`` and ``data-value`` so tests (and readers with devtools) can check what is
drawn against the numbers.

Text is laid out with measured widths (:mod:`gtt_cli.textwidth`, the font's own advance
widths; CJK one em): legends wrap onto more rows instead of running into each other,
category labels turn 40° or are shortened (the whole text stays in a ``<title>``) when they
would not fit their slot, and the label column of a horizontal bar chart is as wide as its
longest label allows. The report test measures every label in Chromium.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

from gtt_cli.textwidth import FONT_FAMILY, fit_text, text_width, wrap_text

PALETTE = ("#2f6db5", "#3a9d5d", "#d9822b", "#c23b3b", "#7d5ba6", "#4aa3a2", "#8c6d3f")
W, H = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 28, 48
LEGEND_SIZE, AXIS_SIZE, LABEL_SIZE = 11, 10, 11
#: legend: swatch, gap to its text, gap to the next item, height of a row
SWATCH, SWATCH_GAP, ITEM_GAP, LEGEND_ROW = 10, 4, 14, 16
#: category labels turn this much when they do not fit side by side
SLANT = 40
#: longest a turned label may be (then it is shortened)
MAX_SLANTED = 150


def _nice_max(value: float) -> float:
    """The smallest of 4, 8, 20, 40, 80, 200, … at least ``value`` (round 4-step gridlines)."""
    top = 4.0
    steps = (2.0, 2.5, 2.0)
    n = 0
    while top < value:
        top *= steps[n % 3]
        n += 1
    return top


def _legend(names: Sequence[str]) -> tuple[list[str], float]:
    """Legend items in rows that fit the chart's width; the SVG and the height they take."""
    items: list[str] = []
    x, y = float(LEFT), 6.0
    room = W - RIGHT
    for n, name in enumerate(names):
        shown = fit_text(name, LEGEND_SIZE, room - LEFT - SWATCH - SWATCH_GAP)
        width = SWATCH + SWATCH_GAP + text_width(shown, LEGEND_SIZE)
        if x > LEFT and x + width > room:
            x, y = float(LEFT), y + LEGEND_ROW
        colour = PALETTE[n % len(PALETTE)]
        items.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{SWATCH}" height="{SWATCH}" fill="{colour}"/>'
                     f'<text x="{x + SWATCH + SWATCH_GAP:.1f}" y="{y + 9:.1f}" font-size="{LEGEND_SIZE}" '
                     f'data-legend="{escape(name)}">{escape(shown)}<title>{escape(name)}</title></text>')
        x += width + ITEM_GAP
    return items, (y - 6 + LEGEND_ROW) if names else 0.0


def _frame(title: str, body: list[str], height: float) -> str:
    return "".join([
        f'<svg role="img" viewBox="0 0 {W} {height:.0f}" width="{W}" height="{height:.0f}" class="chart" '
        f'font-family="{escape(FONT_FAMILY)}"><title>{escape(title)}</title>', *body, "</svg>"])


def _axis(left: float, top: float, plot_h: float, labels: Sequence[str]) -> list[str]:
    out = []
    for k, text in enumerate(labels):
        y = top + plot_h - plot_h * k / (len(labels) - 1)
        out.append(f'<line x1="{left:.1f}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{left - 4:.1f}" y="{y + 3.5:.1f}" font-size="{AXIS_SIZE}" text-anchor="end">{text}</text>')
    return out


def _left(labels: Sequence[str]) -> float:
    """Room for the value axis: its widest label and a gap."""
    return max(LEFT, 8 + max((text_width(t, AXIS_SIZE) for t in labels), default=0))


def _categories(categories: Sequence[str], centres: Sequence[float], slot: float,
                baseline: float) -> tuple[list[str], float]:
    """Category labels under the plot: level when they fit their slot, else turned by
    :data:`SLANT` degrees (and shortened past :data:`MAX_SLANTED`); the SVG and the height
    below the plot they take."""
    widest = max((text_width(c, AXIS_SIZE) for c in categories), default=0)
    out = []
    if widest <= slot - 4:
        for c, x in zip(categories, centres, strict=True):
            out.append(f'<text x="{x:.1f}" y="{baseline + 14:.1f}" font-size="{AXIS_SIZE}" text-anchor="middle" '
                       f'data-axis-label="{escape(c)}">{escape(c)}</text>')
        return out, 22.0
    longest = min(widest, MAX_SLANTED)
    for c, x in zip(categories, centres, strict=True):
        shown = fit_text(c, AXIS_SIZE, longest)
        out.append(f'<text x="{x:.1f}" y="{baseline + 12:.1f}" font-size="{AXIS_SIZE}" text-anchor="end" '
                   f'transform="rotate(-{SLANT} {x:.1f} {baseline + 12:.1f})" data-axis-label="{escape(c)}">'
                   f'{escape(shown)}<title>{escape(c)}</title></text>')
    rad = math.radians(SLANT)
    return out, 16 + longest * math.sin(rad) + AXIS_SIZE * math.cos(rad)


def bar_chart(title: str, categories: Sequence[str], series: Mapping[str, Sequence[float]],
              *, stacked: bool = False) -> str:
    """Grouped (or stacked) vertical bars: one group per category, one bar per series."""
    names = list(series)
    totals = [sum(series[s][i] for s in names) for i in range(len(categories))]
    peak = max(totals if stacked else [v for s in names for v in series[s]] or [0], default=0)
    vmax = _nice_max(float(peak))
    ticks = [f"{vmax * k / 4:g}" for k in range(5)]
    left = _left(ticks)
    legend, legend_h = _legend(names)
    top = max(TOP, 6 + legend_h + 8)
    plot_w = W - left - RIGHT
    plot_h = H - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    centres = [left + slot * i + slot * 0.5 for i in range(len(categories))]
    labels, labels_h = _categories(categories, centres, slot, top + plot_h)
    height = top + plot_h + max(labels_h, BOTTOM)
    bar_w = slot * 0.8 / (1 if stacked or not names else len(names))
    body = [*legend, *_axis(left, top, plot_h, ticks)]
    for i, cat in enumerate(categories):
        x0 = left + slot * i + slot * 0.1
        base = 0.0
        for n, name in enumerate(names):
            v = float(series[name][i])
            h = plot_h * v / vmax
            x = x0 if stacked else x0 + bar_w * n
            y = top + plot_h - h - (plot_h * base / vmax if stacked else 0)
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                        f'fill="{PALETTE[n % len(PALETTE)]}" data-series="{escape(name)}" '
                        f'data-category="{escape(cat)}" data-value="{v:g}"><title>{escape(name)} '
                        f'{escape(cat)}: {v:g}</title></rect>')
            if stacked:
                base += v
    body += labels
    return _frame(title, body, height)


def line_chart(title: str, xs: Sequence[str], series: Mapping[str, Mapping[str, float]]) -> str:
    """One polyline per series over the ``xs`` (missing points are skipped)."""
    values = [v for s in series.values() for v in s.values()]
    vmin = min(values, default=0.0)
    vmax = max(values, default=1.0)
    lo = max(0.0, float(vmin) - 5)
    hi = float(vmax) + 5 if vmax > lo else lo + 1
    ticks = [f"{lo + (hi - lo) * k / 4:.0f}" for k in range(5)]
    left = _left(ticks)
    legend, legend_h = _legend(list(series))
    top = max(TOP, 6 + legend_h + 8)
    plot_w, plot_h = W - left - RIGHT - 12, H - TOP - BOTTOM
    step = plot_w / max(len(xs) - 1, 1)
    centres = [left + 6 + step * i for i in range(len(xs))]
    labels, labels_h = _categories(list(xs), centres, step if len(xs) > 1 else plot_w, top + plot_h)
    body = [*legend, *_axis(left, top, plot_h, ticks), *labels]
    for n, (name, points) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        coords = [(centres[i], top + plot_h - plot_h * (float(points[x]) - lo) / (hi - lo), x, points[x])
                  for i, x in enumerate(xs) if x in points]
        if len(coords) > 1:
            path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy, _, _ in coords)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for cx, cy, x, v in coords:
            body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}" '
                        f'data-series="{escape(name)}" data-category="{escape(x)}" data-value="{float(v):g}">'
                        f'<title>{escape(name)} {escape(x)}: {float(v):g}</title></circle>')
    return _frame(title, body, top + plot_h + max(labels_h, BOTTOM))


def hbar_chart(title: str, labels: Sequence[str], values: Sequence[float], *, target: float | None = None,
               percent: bool = True) -> str:
    """Horizontal bars (0..1 as percentages by default) with an optional target line.

    The label column is as wide as the longest label (at most 40% of the chart); longer
    labels take two lines, then are shortened (the whole label stays in a ``<title>``)."""
    vmax = max([1.0] if percent else [*values, target or 0, 1.0])
    shown = [f"{float(v) * 100:.1f}%" if percent else f"{float(v):g}" for v in values]
    value_w = max((text_width(s, AXIS_SIZE) for s in shown), default=0) + 6
    label_w = min(max((text_width(t, LABEL_SIZE) for t in labels), default=0), W * 0.4) + 8
    lines = [wrap_text(t, LABEL_SIZE, label_w - 8) for t in labels]
    rows = [10 + 13 * len(ls) for ls in lines]
    height = TOP + sum(rows) + 24
    plot_w = W - label_w - RIGHT - value_w
    body = []
    y = float(TOP)
    for name, v, text, parts, row in zip(labels, values, shown, lines, rows, strict=True):
        w = plot_w * float(v) / vmax
        first = y + row / 2 - 13 * (len(parts) - 1) / 2 + 4
        spans = "".join(f'<tspan x="{label_w - 6:.1f}" y="{first + 13 * k:.1f}">{escape(p)}</tspan>'
                        for k, p in enumerate(parts))
        body.append(f'<text font-size="{LABEL_SIZE}" text-anchor="end" data-axis-label="{escape(name)}">'
                    f'{spans}<title>{escape(name)}</title></text>'
                    f'<rect x="{label_w:.1f}" y="{y + row / 2 - 7.5:.1f}" width="{w:.1f}" height="15" fill="{PALETTE[0]}" '
                    f'data-series="value" data-category="{escape(name)}" data-value="{float(v):g}"/>'
                    f'<text x="{label_w + w + 4:.1f}" y="{y + row / 2 + 3.5:.1f}" font-size="{AXIS_SIZE}">{text}</text>')
        y += row
    if target is not None:
        tx = label_w + plot_w * target / vmax
        body.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{TOP - 4}" y2="{height - 20}" stroke="{PALETTE[3]}" '
                    f'stroke-dasharray="4 3" data-target="{target:g}"/>')
    return _frame(title, body, height)
