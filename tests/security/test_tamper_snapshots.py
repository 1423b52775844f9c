"""Issue 16, part 4: snapshots are outside the hash chain. An edited snapshot used to be
served by ``gtt show`` while every verifier passed; now ``gtt show`` replays the events
and ``gtt audit verify --snapshots`` compares every snapshot with the replay."""

from __future__ import annotations

import json
from typing import ClassVar

from tamper_support import raw, run

from gtt_domain import GttApplication
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution, RenameInstitution
from gtt_domain.domain.institution import Institution


class SnapshottingApp(GttApplication):
    """Snapshots institutions every two events (the shipped app snapshots internships
    every 50), so a short history has one; ``gtt`` reads any snapshot the same way."""

    name = "gtt"  # the same tables as the gtt application
    snapshotting_intervals: ClassVar[dict[type, int]] = {Institution: 2}


def history(url, clock):
    app = SnapshottingApp(url, clock=clock)
    iid = app.handle(RegisterInstitution(kind="school", name="Anxi School", region="Anxi"))
    app.handle(OpenDepartment(institution_id=iid, name="Welding", teacher_count=3))
    app.handle(RenameInstitution(institution_id=iid, name="Anxi Vocational School"))
    [snap] = list(app.snapshots.get(iid))
    assert snap.originator_version == 2
    return app, iid, snap


def edit_snapshot(url, app, snap, **changes):
    """Rewrite the stored snapshot with other values, encoded as gtt encodes snapshots."""
    edited = object.__new__(type(snap))
    object.__setattr__(edited, "__dict__", {**vars(snap), "state": {**snap.state, **changes}})
    stored = app.mapper.to_stored_event(edited)
    with raw(url) as r:
        table = "stored_snapshots" if r.sqlite else r.events.replace("gtt_events", "gtt_snapshots")
        oid = snap.originator_id.hex if r.sqlite else snap.originator_id
        r.sql(f"UPDATE {table} SET state = ? WHERE originator_id = ? AND originator_version = ?",
              stored.state, oid, 2)


def test_an_honest_snapshot_matches_its_replay(db_url, clock):
    history(db_url, clock)
    result = run(db_url, "audit", "verify", "--snapshots")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("; 1 snapshot(s) match replay\n")


def test_an_edited_snapshot_is_neither_shown_nor_verified(db_url, clock):
    app, iid, snap = history(db_url, clock)
    edit_snapshot(db_url, app, snap, region="Elsewhere")
    assert SnapshottingApp(db_url).get(iid).region == "Elsewhere"  # the repository would use it

    shown = run(db_url, "show", str(iid))
    assert shown.returncode == 0, shown.stderr
    state = json.loads(shown.stdout)
    assert (state["version"], state["state"]["region"], state["state"]["name"]) == (
        3, "Anxi", "Anxi Vocational School")
    assert shown.stderr == ("warning: the stored snapshot at version 2 disagrees with this record's "
                            "events and was ignored (run gtt audit verify --snapshots)\n")

    assert run(db_url, "audit", "verify").returncode == 0  # the chain does not cover snapshots
    caught = run(db_url, "audit", "verify", "--snapshots")
    assert caught.returncode == 1
    assert caught.stderr == (f"Error: TAMPERED at position 2 (snapshot): snapshot of {iid} at version 2: "
                             "it disagrees with the replay of its events (edited? gtt show ignores it; "
                             "writes use it until discarded)\n")

    discarded = run(db_url, "audit", "verify", "--snapshots", "--discard-bad-snapshots")
    assert discarded.returncode == 1  # the verdict stands
    assert discarded.stderr.startswith("discarded 1 snapshot(s) that disagree with their events\n")
    assert SnapshottingApp(db_url).get(iid).region == "Anxi"  # writes load from the events again
    again = run(db_url, "audit", "verify", "--snapshots")
    assert again.returncode == 0 and again.stdout.endswith("; 0 snapshot(s) match replay\n")


def test_a_snapshot_that_does_not_decode_is_caught(db_url, clock):
    app, iid, snap = history(db_url, clock)
    with raw(db_url) as r:
        table = "stored_snapshots" if r.sqlite else r.events.replace("gtt_events", "gtt_snapshots")
        r.sql(f"UPDATE {table} SET state = ?", b"\x00garbage")
    shown = run(db_url, "show", str(iid))
    assert shown.returncode == 0 and json.loads(shown.stdout)["state"]["region"] == "Anxi"
    caught = run(db_url, "audit", "verify", "--snapshots", "--discard-bad-snapshots")
    assert caught.returncode == 1 and "(snapshot)" in caught.stderr and "cannot be decoded" in caught.stderr
    assert SnapshottingApp(db_url).get(iid).region == "Anxi"
