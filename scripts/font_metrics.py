"""Print the advance-width table of ``gtt_cli.textwidth`` from a font file.

The charts name Arial first; Liberation Sans is metric-compatible with it (and with
Helvetica), so its advance widths are the ones a browser lays the chart text out with.
Run: python scripts/font_metrics.py /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf
(needs fontTools; not a runtime dependency).
"""

from __future__ import annotations

import sys

from fontTools.ttLib import TTFont

EXTRA = (*range(0xA0, 0x180), 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x2030,
         0x2032, 0x20AC, 0x2122, 0x2190, 0x2191, 0x2192, 0x2193, 0x2212, 0x2260, 0x2264, 0x2265)


def main(path: str) -> None:
    font = TTFont(path)
    upm = font["head"].unitsPerEm
    cmap, hmtx = font.getBestCmap(), font["hmtx"]

    def width(code: int) -> int | None:
        glyph = cmap.get(code)
        return None if glyph is None else round(hmtx[glyph][0] * 1000 / upm)

    print("ASCII =", tuple(width(c) for c in range(0x20, 0x7F)))
    print("OTHER =", {c: w for c in EXTRA if (w := width(c)) is not None})


if __name__ == "__main__":
    main(sys.argv[1])
