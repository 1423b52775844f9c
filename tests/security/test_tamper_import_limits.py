"""Issue 16, part 6: imports read bounded input. A file without line ends (``/dev/zero``)
used to be read into memory until the kernel killed ``gtt``; now every input format stops
at the line limit with one line on stderr, exit 2, nothing recorded."""

from __future__ import annotations

import json
import resource
import subprocess

import pytest
from tamper_support import gtt, raw, user_env

from gtt_domain.imports.reading import MAX_FIELD_CHARS, MAX_LINE_CHARS

#: address-space cap for the child: far above what gtt needs (about 70 MB resident),
#: far below what reading /dev/zero to the end would take
ADDRESS_SPACE = 1 << 30


def capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def gtt_capped(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    from installed import gtt_script

    return subprocess.run([str(gtt_script()), "--db", url, *args], env=user_env(), capture_output=True,
                          text=True, timeout=300, preexec_fn=capped)


def events(url: str) -> int:
    """Stored events, counted with SQL (no gtt involved)."""
    with raw(url) as r:
        return len(r.positions())


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_dev_zero_stops_at_the_line_limit(sqlite_url, fmt):
    result = gtt_capped(sqlite_url, "import", "/dev/zero", "--input-format", fmt, "--kind", "institutions")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"Error: /dev/zero: line 1: longer than {MAX_LINE_CHARS:,} characters (the "
                             "limit); is this really a CSV or JSON Lines file?; nothing was recorded\n")
    assert events(sqlite_url) == 0


def test_a_long_line_after_good_ones_records_nothing(db_url, tmp_path):
    path = tmp_path / "inst.jsonl"
    good = json.dumps({"external_id": "S1", "kind": "school", "name": "Anxi School", "region": "Anxi"})
    path.write_text(good + "\n" + "x" * (MAX_LINE_CHARS + 1) + "\n", encoding="utf-8")
    result = gtt("--db", db_url, "import", str(path), "--kind", "institutions", env=user_env())
    assert result.returncode == 2
    assert result.stderr == (f"Error: {path}: line 2: longer than {MAX_LINE_CHARS:,} characters (the "
                             "limit); is this really a CSV or JSON Lines file?; nothing was recorded\n")
    assert events(db_url) == 0


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_value_over_the_field_limit_is_named(db_url, tmp_path, fmt):
    name = "N" * (MAX_FIELD_CHARS + 1)
    if fmt == "jsonl":
        path = tmp_path / "inst.jsonl"
        path.write_text(json.dumps({"external_id": "S1", "kind": "school", "name": name, "region": "Anxi"})
                        + "\n", encoding="utf-8")
    else:
        path = tmp_path / "inst.csv"
        path.write_text(f"external_id,kind,name,region\nS1,school,{name},Anxi\n", encoding="utf-8")
    result = gtt("--db", db_url, "import", str(path), "--kind", "institutions", env=user_env())
    assert result.returncode == 2
    assert result.stderr == (f"Error: {path}: line 2: column 'name' holds {MAX_FIELD_CHARS + 1:,} "
                             f"characters; the limit is {MAX_FIELD_CHARS:,}; nothing was recorded\n"
                             ).replace("line 2", "line 1" if fmt == "jsonl" else "line 2")
    assert events(db_url) == 0


def test_a_quoted_csv_value_over_many_lines_is_bounded(sqlite_url, tmp_path):
    path = tmp_path / "inst.csv"
    body = ("y" * 1000 + "\n") * 200  # 200 short lines inside one quoted value
    path.write_text(f'external_id,kind,name,region\nS1,school,"{body}",Anxi\n', encoding="utf-8")
    result = gtt("--db", sqlite_url, "import", str(path), "--kind", "institutions", env=user_env())
    assert result.returncode == 2
    assert "characters" in result.stderr and "limit" in result.stderr
    assert result.stderr.count("\n") == 1
    assert events(sqlite_url) == 0
