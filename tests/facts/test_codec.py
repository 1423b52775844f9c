"""The fact rows' codecs read back what they wrote, as the stdlib decoders did."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from gtt_projections.facts.codec import _hook, codec, decoder, dump_list, load_list


def test_lists_read_back_as_the_stdlib_reads_them():
    items = [
        {"on": date(2025, 3, 1), "at": datetime(2025, 3, 1, 8, 30, tzinfo=UTC), "hours": Decimal("8.50"),
         "nested": [{"d": date(2024, 1, 2)}, {"$x": 1}], "text": "请假 ✓", "n": None, "ok": True},
        {"big": 2**70, "nan": float("nan"), "f": 1.25},  # orjson refuses: the stdlib reads it
        {},
    ]
    for value in (items, items[:1], []):
        text = dump_list(value)
        theirs = json.loads(text, object_hook=_hook) if text else []
        ours = load_list(text)
        assert repr(ours) == repr(theirs)
    assert load_list(None) == [] and load_list("") == []


def test_states_read_back_as_the_v1_decoder_reads_them():
    value = {"a": [1, 2.5, "x", None, True], "b": {"c": date(2025, 1, 2), "d": Decimal("1.10")},
             "e": datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC), "f": ("t", 1)}
    text = codec().encode(value)
    assert repr(decoder().decode(text)) == repr(codec().decode(text))
