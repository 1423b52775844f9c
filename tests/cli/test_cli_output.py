"""Rendering: stable JSON/CSV, tables that fit, colour only when allowed, labels in zh."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest
from gtt_cli import i18n
from gtt_cli.context import use_color
from gtt_cli.output import display_width, render, wrap
from hypothesis import given
from hypothesis import strategies as st

ROW = {"id": UUID("00000000-0000-0000-0000-000000000001"), "name": "安溪县第一小学",
       "score": Decimal("82.50"), "on": date(2025, 3, 1), "note": None,
       "at": datetime(2025, 3, 1, 8, 30, tzinfo=UTC)}
COLUMNS = ("id", "name", "score", "on", "note", "at")


def test_json_keeps_stable_names_and_types_as_strings():
    assert json.loads(render([ROW], COLUMNS, "json", "zh")) == [{
        "id": "00000000-0000-0000-0000-000000000001", "name": "安溪县第一小学", "score": "82.50",
        "on": "2025-03-01", "note": None, "at": "2025-03-01T08:30:00+00:00"}]


def test_csv_has_stable_header_and_iso_values():
    assert render([ROW], COLUMNS, "csv", "zh").splitlines() == [
        "id,name,score,on,note,at",
        "00000000-0000-0000-0000-000000000001,安溪县第一小学,82.50,2025-03-01,,2025-03-01T08:30:00+00:00",
    ]


def test_table_headers_follow_the_language_and_numbers_align_right():
    rows = [{"name": "Anxi", "version": 3}, {"name": "Midea", "version": 12}]
    assert render(rows, ("name", "version"), "table", "en", width=80).splitlines() == [
        "Name   Ver", "-----  ---", "Anxi     3", "Midea   12"]
    assert render(rows, ("name", "version"), "table", "zh", width=80).splitlines()[0] == "名称   版本"


def test_colour_only_when_asked():
    plain = render([ROW], COLUMNS, "table", "en", color=False)
    bold = render([ROW], COLUMNS, "table", "en", color=True)
    assert "\x1b[" not in plain and bold.startswith("\x1b[1m")


def test_no_color_env_and_flag_switch_colour_off(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color() is False
    monkeypatch.delenv("NO_COLOR")
    assert use_color(no_color=True) is False


words = st.text(st.sampled_from("abcdefghij安溪县第一小学 -="), min_size=0, max_size=60)


@given(text=words, width=st.integers(min_value=2, max_value=30))
def test_wrap_fits_and_keeps_every_character(text, width):
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@given(rows=st.lists(st.fixed_dictionaries({"a": words, "b": words, "c": words, "d": words}),
                     min_size=1, max_size=5))
def test_tables_fit_80_columns(rows):
    out = render(rows, ("a", "b", "c", "d"), "table", "zh", width=80)
    assert all(display_width(line) <= 80 for line in out.splitlines())
    shown = Counter(out.replace(" ", "").replace("\n", ""))
    given_chars = Counter("".join(v for row in rows for v in row.values()).replace(" ", ""))
    assert not given_chars - shown  # wrapping loses no character


def test_labels_fall_back_and_refuse_redefinition():
    assert i18n.label("internship", "zh") == "实习"
    assert i18n.label("post", "zh") == "岗位实习"
    assert i18n.label("unknown_code", "zh") == "unknown_code"
    assert i18n.label("unknown_code", "en") == "Unknown code"
    assert i18n.humanise("HeadcountReported") == "Headcount reported"
    with pytest.raises(ValueError, match="already means"):
        i18n.add_labels({"internship": ("Placement", "实习")})
