"""What a user runs: the installed ``gtt`` in a fresh process, not click's test runner.

A user once found every write group missing while the in-process tests were green (they
passed only because another test had imported the application first). These tests start
a new interpreter each time, so nothing can be registered by an earlier import.
"""

from __future__ import annotations

import json
import re

import pytest
from installed import gtt

from gtt_domain.commands import REGISTRY

#: the write groups a user is promised (README "The CLI"); the registry must give all of them
WRITE_GROUPS = ("agreement", "calendar", "community", "exchange", "exemption", "institution", "internship",
                "person")
#: command groups offered by hand-written commands instead (gtt rules adopt, gtt findings ack …)
HAND_WRITTEN = ("adoption", "finding")


def section(help_text: str, heading: str) -> list[str]:
    """The command names listed under ``heading`` in ``gtt --help``."""
    block = help_text.split(f"\n{heading}:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines() if line.startswith("  ") and line.split()]


def test_the_registry_holds_every_write_group():
    assert sorted({m.group for m in REGISTRY.values() if m.write_cli}) == sorted(WRITE_GROUPS)
    assert sorted({m.group for m in REGISTRY.values() if not m.write_cli}) == sorted(HAND_WRITTEN)


def test_gtt_help_lists_every_write_group():
    result = gtt("--help")
    assert result.returncode == 0, result.stderr
    listed = section(result.stdout, "Write commands")
    for group in WRITE_GROUPS:
        assert group in listed, (group, listed)
    assert "import" in listed


@pytest.mark.parametrize("group", WRITE_GROUPS)
def test_each_write_group_help_lists_its_commands(group):
    result = gtt(group, "--help")
    assert result.returncode == 0, result.stderr
    listed = section(result.stdout, "Commands")
    verbs = sorted(m.verb for m in REGISTRY.values() if m.group == group and m.write_cli)
    assert verbs and sorted(listed) == verbs


def run_round_trip(url: str, tmp_path) -> None:
    common = ("--db", url)
    registered = gtt(*common, "institution", "register", "--kind", "school",
                     "--name", "County No.1 Primary", "--region", "Anxi", cwd=tmp_path)
    assert registered.returncode == 0, registered.stderr
    iid = registered.stdout.strip()
    assert re.fullmatch(r"[0-9a-f-]{36}", iid), registered.stdout
    renamed = gtt(*common, "institution", "rename", "--institution-id", iid,
                  "--name", "Anxi No.1 Primary", cwd=tmp_path)
    assert renamed.returncode == 0 and renamed.stdout.strip() == iid, renamed.stderr
    history = gtt(*common, "history", iid, "--format", "json", cwd=tmp_path)
    assert history.returncode == 0, history.stderr
    events = json.loads(history.stdout)
    assert [e["type"] for e in events] == ["Registered", "Renamed"]
    assert {e["actor"] for e in events} == {"tester"}
    assert events[1]["fields"]["name"] == "Anxi No.1 Primary"


def test_register_rename_history_round_trip_on_sqlite(tmp_path):
    run_round_trip(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path)


@pytest.mark.postgres
def test_register_rename_history_round_trip_on_postgres(pg_url, tmp_path):
    run_round_trip(pg_url, tmp_path)


def test_a_users_mistake_is_one_line_and_writes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    bad = gtt("--db", url, "institution", "register", "--kind", "castle", "--name", "X",
              "--region", "Y", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stdout == "" and bad.stderr.count("\n") == 1 and "--kind" in bad.stderr
    assert "Traceback" not in bad.stderr
    listed = gtt("--db", url, "institutions", "list", "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
