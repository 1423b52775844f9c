"""Documentation that runs: every ``gtt …`` the docs show resolves in the installed CLI, and
the README's five-minute tour runs end to end against a fresh demo store.

A renamed or removed command then fails here instead of reaching a user who copied it.
"""

from __future__ import annotations

import json
import re
import shlex
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from installed import gtt

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
WORD = r"[a-z][a-z0-9_-]*"


def code_spans(text: str) -> list[str]:
    """Fenced blocks and inline code of a Markdown text (where commands are shown)."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S)
    rest = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.M | re.S)
    return blocks + re.findall(r"`([^`]+)`", rest)


def expand(words: list[str]) -> list[list[str]]:
    """``evaluate major|department`` -> ``evaluate major``, ``evaluate department``."""
    paths: list[list[str]] = [[]]
    for word in words:
        paths = [[*p, alt] for p in paths for alt in word.split("|")]
    return paths


def command_paths(text: str) -> set[tuple[str, ...]]:
    """The command paths (leading sub-command words) of every ``gtt …`` in ``text``."""
    found: set[tuple[str, ...]] = set()
    for span in code_spans(text):
        for m in re.finditer(rf"(?<![\w/.-])gtt\s+((?:{WORD}(?:\|{WORD})*\s*)+)", span):
            words = m.group(1).split()
            for path in expand(words):
                found.add(tuple(path))
    return found


def documented_paths() -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for doc in DOCS:
        for path in command_paths(doc.read_text(encoding="utf-8")):
            out.setdefault(path, doc.name)
    return out


def test_the_collector_finds_commands_in_blocks_inline_and_across_lines():
    text = ("Run `gtt person\nerase-personal --person-id ID` or\n\n```sh\n"
            "ID=$(gtt institution register --kind school)\ngtt audit keygen|seal --x\n```\n"
            "The gtt tool, `./gtt.sqlite3`.")
    assert command_paths(text) == {("person", "erase-personal"), ("institution", "register"),
                                   ("audit", "keygen"), ("audit", "seal")}


def test_every_documented_command_resolves_in_the_installed_cli():
    paths = documented_paths()
    assert len(paths) > 40  # the README's CLI table alone names more
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(paths, pool.map(lambda p: gtt(*p, "--help"), paths), strict=True))
    broken = [f"{paths[p]}: gtt {' '.join(p)} -> {(r.stdout + r.stderr).strip().splitlines()[-1:]}"
              for p, r in results.items() if r.returncode != 0]
    assert not broken, "\n".join(broken)


def test_a_removed_command_would_be_caught(tmp_path):
    """The check above fails for a path the CLI does not know (as after a removal)."""
    result = gtt("institution", "demolish", "--help")
    assert result.returncode != 0
    assert ("institution", "demolish") in command_paths("`gtt institution demolish --x`")


# --- the five-minute tour ---------------------------------------------------------------

def tour_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Five minutes", 1)[1].split("\n## ", 1)[0]
    return re.search(r"^```sh\n(.*?)^```", section, flags=re.M | re.S).group(1)


def tour_steps(block: str) -> list[tuple[str, int, str]]:
    """(command, documented exit code, documented output) per step of the tour."""
    steps: list[tuple[str, int, str]] = []
    for line in block.splitlines():
        if line.startswith("#"):
            if steps:  # a "#  -> …" continuation documents the previous step's output
                cmd, code, shown = steps[-1]
                steps[-1] = (cmd, code, shown + line.lstrip("#").strip() + " ")
            continue
        cmd, _, comment = line.partition("  #")
        m = re.search(r"\bexit (\d)\b", comment)
        for part in cmd.split("&&"):
            if part.strip():
                steps.append((part.strip(), int(m.group(1)) if m else 0, ""))
    return steps


def check_shown_output(cmd: str, stdout: str, shown: str) -> None:
    """A step followed by ``#  -> {…}`` prints a finding with the fields shown there."""
    if "->" not in shown:
        return
    items = json.loads(stdout)
    scalars = dict(re.findall(r'"(rule_id|severity|subject_kind|comparison)": "([^"]*)"', shown))
    evidence = dict(re.findall(r'"(event_type|note)": "([^"]*)"', shown))
    position = re.search(r'"position": (\d+)', shown)
    matching = [f for f in items if all(f.get(k) == v for k, v in scalars.items())]
    assert matching, f"{cmd}: no finding with {scalars}"
    if evidence or position:
        want = {**evidence, **({"position": int(position.group(1))} if position else {})}
        assert any(all(e.get(k) == v for k, v in want.items()) for f in matching for e in f["evidence"]), \
            f"{cmd}: no evidence with {want}"


@pytest.mark.slow
def test_the_readme_tour_runs_end_to_end_on_a_fresh_demo(tmp_path):
    demo = gtt("demo", "--no-summary", cwd=tmp_path, timeout=600)
    assert demo.returncode == 0, demo.stderr
    listed = gtt("internships", "list", "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    some_id = json.loads(listed.stdout)[0]["id"]
    steps = tour_steps(tour_block())
    assert len(steps) >= 10
    for cmd, code, shown in steps:
        words = shlex.split(cmd)
        assert words[0] == "gtt", cmd
        args = [some_id if w == "ID" else w for w in words[1:]]
        result = gtt(*args, cwd=tmp_path)
        assert result.returncode == code, (cmd, result.returncode, result.stderr[-500:])
        assert "Traceback" not in result.stderr, cmd
        check_shown_output(cmd, result.stdout, shown)
    assert (tmp_path / "report-2025.html").stat().st_size > 10_000
