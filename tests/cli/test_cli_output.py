"""Rendering: stable JSON/CSV (with a BOM for Excel), rich tables that fit 80 columns with
CJK width, short ids, labelled codes, colour only when allowed, labels in zh."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest
from gtt_cli import i18n
from gtt_cli.context import use_color
from gtt_cli.output import BOM, allot, display_width, fold_header, render
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
    assert render([ROW], COLUMNS, "csv", "zh", bom=False).splitlines() == [
        "id,name,score,on,note,at",
        "00000000-0000-0000-0000-000000000001,安溪县第一小学,82.50,2025-03-01,,2025-03-01T08:30:00+00:00",
    ]


def test_csv_starts_with_a_bom_for_excel_unless_told_not_to():
    assert render([ROW], COLUMNS, "csv", "en", bom=True).startswith(BOM + "id,name")
    assert not render([ROW], COLUMNS, "csv", "en", bom=False).startswith(BOM)
    # standard output here is not a terminal (a pipe or a file): the BOM is written
    assert render([ROW], COLUMNS, "csv", "en").startswith(BOM)


def test_table_headers_follow_the_language_and_numbers_align_right():
    rows = [{"name": "Anxi", "version": 3}, {"name": "Midea", "version": 12}]
    assert render(rows, ("name", "version"), "table", "en", width=80).splitlines() == [
        "Name   Ver", "──────────", "Anxi     3", "Midea   12"]
    assert render(rows, ("name", "version"), "table", "zh", width=80).splitlines()[0] == "名称   版本"


def test_tables_show_short_ids_labelled_codes_and_yes_no():
    rows = [{"id": UUID("0c0a10ef-cf30-5398-bd04-90d9daadc85e"), "status": "completed", "erased": False,
             "severity": "high", "host_id": "b310e55a-b441-57f1-ad21-4510b71e0bc6"}]
    cols = ("id", "status", "erased", "severity", "host_id")
    zh = render(rows, cols, "table", "zh", width=80).splitlines()
    assert zh[-1].split() == ["0c0a10ef", "已完成", "否", "高", "b310e55a"]
    en = render(rows, cols, "table", "en", width=80).splitlines()
    assert en[-1].split() == ["0c0a10ef", "Completed", "no", "High", "b310e55a"]
    assert json.loads(render(rows, cols, "json", "zh"))[0]["status"] == "completed"  # codes stay codes
    whole = render(rows, cols, "table", "en", width=120, short_ids=False)
    assert "0c0a10ef-cf30-5398-bd04-90d9daadc85e" in whole


def test_single_token_columns_keep_their_width_and_fold_the_header():
    rows = [{"planned_start": date(2025, 2, 27), "attendance_days": 59,
             "name": "Quanzhou Vocational and Technical College of Refrigeration"}] * 2
    out = render(rows, ("planned_start", "attendance_days", "name"), "table", "en", width=40)
    assert all(display_width(line) <= 40 for line in out.splitlines())
    assert "2025-02-27" in out  # a date is never broken
    assert fold_header("出勤天数", 4) == "出勤\n天数"
    assert fold_header("Attendance days", 10) == "Attendance\ndays"


def test_allot_squeezes_text_first_then_tokens():
    assert allot([8, 30, 10], [8, 10, 10], [False, True, False], 40) == [8, 22, 10]
    assert allot([8, 30, 10], [8, 10, 10], [False, True, False], 20) == [6, 6, 8]


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
