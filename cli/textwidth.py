"""Text width for SVG chart labels, from the font's own metrics (not a guess per character).

The charts set ``font-family: Arial, "Liberation Sans", Helvetica, <CJK fonts>``. Arial,
Liberation Sans and Helvetica share one set of advance widths (metric-compatible fonts), taken
here from Liberation Sans by ``scripts/font_metrics.py``, in thousandths of an em. Chinese,
Japanese and Korean characters (East Asian Wide and Fullwidth) are one em wide in every CJK
font, which is what the browser falls back to for them. The HTML report test measures every
chart label in headless Chromium and checks that none is clipped or overlaps another.
"""

from __future__ import annotations

import unicodedata

#: the family the widths belong to, then CJK fallbacks (what the charts ask for)
FONT_FAMILY = ("Arial, 'Liberation Sans', Helvetica, 'Noto Sans CJK SC', 'Source Han Sans SC', "
               "'Microsoft YaHei', 'PingFang SC', sans-serif")

#: advance widths of U+0020..U+007E
ASCII: tuple[int, ...] = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
    722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, 334, 260, 334, 584
)
#: advance widths of Latin-1, Latin Extended-A and common symbols
OTHER: dict[int, int] = {
    0xA0: 278, 0xA1: 333, 0xA2: 556, 0xA3: 556, 0xA4: 556, 0xA5: 556, 0xA6: 260, 0xA7: 556,
    0xA8: 333, 0xA9: 737, 0xAA: 370, 0xAB: 556, 0xAC: 584, 0xAD: 333, 0xAE: 737, 0xAF: 552,
    0xB0: 400, 0xB1: 549, 0xB2: 333, 0xB3: 333, 0xB4: 333, 0xB5: 576, 0xB6: 537, 0xB7: 278,
    0xB8: 333, 0xB9: 333, 0xBA: 365, 0xBB: 556, 0xBC: 834, 0xBD: 834, 0xBE: 834, 0xBF: 611,
    0xC0: 667, 0xC1: 667, 0xC2: 667, 0xC3: 667, 0xC4: 667, 0xC5: 667, 0xC6: 1000, 0xC7: 722,
    0xC8: 667, 0xC9: 667, 0xCA: 667, 0xCB: 667, 0xCC: 278, 0xCD: 278, 0xCE: 278, 0xCF: 278,
    0xD0: 722, 0xD1: 722, 0xD2: 778, 0xD3: 778, 0xD4: 778, 0xD5: 778, 0xD6: 778, 0xD7: 584,
    0xD8: 778, 0xD9: 722, 0xDA: 722, 0xDB: 722, 0xDC: 722, 0xDD: 667, 0xDE: 667, 0xDF: 611,
    0xE0: 556, 0xE1: 556, 0xE2: 556, 0xE3: 556, 0xE4: 556, 0xE5: 556, 0xE6: 889, 0xE7: 500,
    0xE8: 556, 0xE9: 556, 0xEA: 556, 0xEB: 556, 0xEC: 278, 0xED: 278, 0xEE: 278, 0xEF: 278,
    0xF0: 556, 0xF1: 556, 0xF2: 556, 0xF3: 556, 0xF4: 556, 0xF5: 556, 0xF6: 556, 0xF7: 549,
    0xF8: 611, 0xF9: 556, 0xFA: 556, 0xFB: 556, 0xFC: 556, 0xFD: 500, 0xFE: 556, 0xFF: 500,
    0x100: 667, 0x101: 556, 0x102: 667, 0x103: 556, 0x104: 667, 0x105: 556, 0x106: 722, 0x107:
    500, 0x108: 722, 0x109: 500, 0x10A: 722, 0x10B: 500, 0x10C: 722, 0x10D: 500, 0x10E: 722,
    0x10F: 615, 0x110: 722, 0x111: 556, 0x112: 667, 0x113: 556, 0x114: 667, 0x115: 556, 0x116:
    667, 0x117: 556, 0x118: 667, 0x119: 556, 0x11A: 667, 0x11B: 556, 0x11C: 778, 0x11D: 556,
    0x11E: 778, 0x11F: 556, 0x120: 778, 0x121: 556, 0x122: 778, 0x123: 556, 0x124: 722, 0x125:
    556, 0x126: 722, 0x127: 556, 0x128: 278, 0x129: 278, 0x12A: 278, 0x12B: 278, 0x12C: 278,
    0x12D: 278, 0x12E: 278, 0x12F: 222, 0x130: 278, 0x131: 278, 0x132: 735, 0x133: 444, 0x134:
    500, 0x135: 222, 0x136: 667, 0x137: 500, 0x138: 500, 0x139: 556, 0x13A: 222, 0x13B: 556,
    0x13C: 222, 0x13D: 556, 0x13E: 292, 0x13F: 556, 0x140: 334, 0x141: 556, 0x142: 222, 0x143:
    722, 0x144: 556, 0x145: 722, 0x146: 556, 0x147: 722, 0x148: 556, 0x149: 604, 0x14A: 723,
    0x14B: 556, 0x14C: 778, 0x14D: 556, 0x14E: 778, 0x14F: 556, 0x150: 778, 0x151: 556, 0x152:
    1000, 0x153: 944, 0x154: 722, 0x155: 333, 0x156: 722, 0x157: 333, 0x158: 722, 0x159: 333,
    0x15A: 667, 0x15B: 500, 0x15C: 667, 0x15D: 500, 0x15E: 667, 0x15F: 500, 0x160: 667, 0x161:
    500, 0x162: 611, 0x163: 278, 0x164: 611, 0x165: 375, 0x166: 611, 0x167: 278, 0x168: 722,
    0x169: 556, 0x16A: 722, 0x16B: 556, 0x16C: 722, 0x16D: 556, 0x16E: 722, 0x16F: 556, 0x170:
    722, 0x171: 556, 0x172: 722, 0x173: 556, 0x174: 944, 0x175: 722, 0x176: 667, 0x177: 500,
    0x178: 667, 0x179: 611, 0x17A: 500, 0x17B: 611, 0x17C: 500, 0x17D: 611, 0x17E: 500, 0x17F:
    222, 0x2013: 556, 0x2014: 1000, 0x2018: 222, 0x2019: 222, 0x201C: 333, 0x201D: 333, 0x2022:
    350, 0x2026: 1000, 0x2030: 1000, 0x2032: 188, 0x20AC: 556, 0x2122: 1000, 0x2190: 1000,
    0x2191: 500, 0x2192: 1000, 0x2193: 500, 0x2212: 584, 0x2260: 549, 0x2264: 549, 0x2265: 549
}
#: a character the table does not know and that is not wide: an em's average Latin advance
UNKNOWN = 600


def char_width(ch: str) -> int:
    """One character's advance in thousandths of an em."""
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return ASCII[code - 0x20]
    known = OTHER.get(code)
    if known is not None:
        return known
    if unicodedata.east_asian_width(ch) in "WF":
        return 1000
    if unicodedata.combining(ch):
        return 0
    return UNKNOWN


def text_width(text: str, size: float) -> float:
    """Width of ``text`` at ``size`` px (user units of the SVG)."""
    return sum(char_width(ch) for ch in text) * size / 1000


def fit_text(text: str, size: float, width: float) -> str:
    """``text`` cut to ``width`` px with an ellipsis (the whole text goes in a ``<title>``)."""
    if text_width(text, size) <= width:
        return text
    room = width - text_width("…", size)
    out = ""
    for ch in text:
        if text_width(out + ch, size) > room:
            break
        out += ch
    return out.rstrip() + "…"


def wrap_text(text: str, size: float, width: float, max_lines: int = 2) -> list[str]:
    """``text`` on at most ``max_lines`` lines of ``width`` px: breaks at spaces, or between
    CJK characters; the last line is cut with an ellipsis when the rest does not fit."""
    lines: list[str] = []
    rest = text
    while rest and len(lines) < max_lines - 1:
        if text_width(rest, size) <= width:
            break
        cut = 0
        for i in range(1, len(rest) + 1):
            if text_width(rest[:i], size) > width:
                break
            if rest[i - 1] == " " or i == len(rest) or unicodedata.east_asian_width(rest[i - 1]) in "WF" \
                    or (i < len(rest) and unicodedata.east_asian_width(rest[i]) in "WF"):
                cut = i
        if cut == 0:
            break
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        lines.append(fit_text(rest, size, width))
    return lines
