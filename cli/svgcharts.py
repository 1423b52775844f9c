"""Hand-made inline SVG charts for the HTML report: small, no scripts, no network.

Each function returns one ``<svg>`` element as text; every mark carries ``data-series``,
``data-category`` and ``data-value`` so tests (and readers with devtools) can check what is
drawn against the numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

PALETTE = ("#2f6db5", "#3a9d5d", "#d9822b", "#c23b3b", "#7d5ba6", "#4aa3a2", "#8c6d3f")
W, H = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 28, 48


def _nice_max(value: float) -> float:
    """The smallest of 4, 8, 20, 40, 80, 200, … at least ``value`` (round 4-step gridlines)."""
    top = 4.0
    steps = (2.0, 2.5, 2.0)
    n = 0
    while top < value:
        top *= steps[n % 3]
        n += 1
    return top


def _frame(title: str, body: list[str], legend: Sequence[str], height: int = H) -> str:
    items = [f'<svg role="img" viewBox="0 0 {W} {height}" '
             f'width="{W}" height="{height}" class="chart"><title>{escape(title)}</title>']
    items += body
    x = LEFT
    for n, name in enumerate(legend):
        colour = PALETTE[n % len(PALETTE)]
        items.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="15" font-size="11">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    items.append("</svg>")
    return "".join(items)


def _axis(top: float, plot_h: float, vmax: float) -> list[str]:
    out = []
    for k in range(5):
        v = vmax * k / 4
        y = top + plot_h - plot_h * k / 4
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{v:g}</text>')
    return out


def bar_chart(title: str, categories: Sequence[str], series: Mapping[str, Sequence[float]],
              *, stacked: bool = False) -> str:
    """Grouped (or stacked) vertical bars: one group per category, one bar per series."""
    names = list(series)
    totals = [sum(series[s][i] for s in names) for i in range(len(categories))]
    peak = max(totals if stacked else [v for s in names for v in series[s]] or [0], default=0)
    vmax = _nice_max(float(peak))
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.8 / (1 if stacked or not names else len(names))
    body = _axis(TOP, plot_h, vmax)
    for i, cat in enumerate(categories):
        x0 = LEFT + slot * i + slot * 0.1
        base = 0.0
        for n, name in enumerate(names):
            v = float(series[name][i])
            h = plot_h * v / vmax
            x = x0 if stacked else x0 + bar_w * n
            y = TOP + plot_h - h - (plot_h * base / vmax if stacked else 0)
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                        f'fill="{PALETTE[n % len(PALETTE)]}" data-series="{escape(name)}" '
                        f'data-category="{escape(cat)}" data-value="{v:g}"><title>{escape(name)} '
                        f'{escape(cat)}: {v:g}</title></rect>')
            if stacked:
                base += v
        body.append(f'<text x="{x0 + slot * 0.4:.1f}" y="{H - BOTTOM + 14}" font-size="10" '
                    f'text-anchor="middle">{escape(cat)}</text>')
    return _frame(title, body, names)


def line_chart(title: str, xs: Sequence[str], series: Mapping[str, Mapping[str, float]]) -> str:
    """One polyline per series over the ``xs`` (missing points are skipped)."""
    values = [v for s in series.values() for v in s.values()]
    vmin = min(values, default=0.0)
    vmax = max(values, default=1.0)
    lo = max(0.0, float(vmin) - 5)
    hi = float(vmax) + 5 if vmax > lo else lo + 1
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    step = plot_w / max(len(xs) - 1, 1)
    body = []
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        y = TOP + plot_h - plot_h * k / 4
        body.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                    f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{v:.0f}</text>')
    for i, x in enumerate(xs):
        body.append(f'<text x="{LEFT + step * i:.1f}" y="{H - BOTTOM + 14}" font-size="10" '
                    f'text-anchor="middle">{escape(x)}</text>')
    for n, (name, points) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        coords = [(LEFT + step * i, TOP + plot_h - plot_h * (float(points[x]) - lo) / (hi - lo), x, points[x])
                  for i, x in enumerate(xs) if x in points]
        if len(coords) > 1:
            path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy, _, _ in coords)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for cx, cy, x, v in coords:
            body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}" '
                        f'data-series="{escape(name)}" data-category="{escape(x)}" data-value="{float(v):g}">'
                        f'<title>{escape(name)} {escape(x)}: {float(v):g}</title></circle>')
    return _frame(title, body, list(series))


def hbar_chart(title: str, labels: Sequence[str], values: Sequence[float], *, target: float | None = None,
               percent: bool = True) -> str:
    """Horizontal bars (0..1 as percentages by default) with an optional target line."""
    row = 22
    height = TOP + row * max(len(labels), 1) + 24
    label_w = 180
    plot_w = W - label_w - RIGHT - 40
    vmax = max([1.0] if percent else [*values, target or 0, 1.0])
    body = []
    for i, (name, v) in enumerate(zip(labels, values, strict=True)):
        y = TOP + row * i
        w = plot_w * float(v) / vmax
        shown = f"{float(v) * 100:.1f}%" if percent else f"{float(v):g}"
        body.append(f'<text x="{label_w - 6}" y="{y + 14}" font-size="11" text-anchor="end">{escape(name)}</text>'
                    f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="15" fill="{PALETTE[0]}" '
                    f'data-series="value" data-category="{escape(name)}" data-value="{float(v):g}"/>'
                    f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="10">{shown}</text>')
    if target is not None:
        tx = label_w + plot_w * target / vmax
        body.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{TOP - 4}" y2="{height - 20}" stroke="{PALETTE[3]}" '
                    f'stroke-dasharray="4 3" data-target="{target:g}"/>')
    return _frame(title, body, [], height)
