"""``gtt projections …`` and ``gtt institutions …`` through click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner
from gtt_cli.main import gtt
from gtt_projections import ReadModel, registered
from readside_helpers import dump, populate

CLEAN_ENV = {"GTT_DATABASE_URL": None, "GTT_READ_DATABASE_URL": None, "GTT_ACTOR": None,
             "GTT_LANG": None, "GTT_DEBUG": None, "NO_COLOR": None}


def cli(url, clock, *args):
    return CliRunner().invoke(gtt, ["--db", url, "--actor", "alice", *args], env=CLEAN_ENV,
                              obj={"clock": clock}, prog_name="gtt")


def test_rebuild_leaves_every_read_table_identical(db_url, app, clock):
    populate(app, 4)
    rm = ReadModel(app)
    rm.catch_up(batch_size=5)
    before = dump(rm)
    result = cli(db_url, clock, "projections", "rebuild", "--batch-size", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    status = json.loads(result.stdout)
    names = [p.name for p in registered()]
    assert [(s["name"], s["position"], s["lag"], s["needs_rebuild"]) for s in status] == [
        (name, 12, 0, False) for name in names]
    assert dump(rm) == before
    rm.close()


def test_institutions_list_and_show(db_url, app, clock):
    [iid, _] = populate(app, 2)
    listed = cli(db_url, clock, "institutions", "list", "--name", "School 0", "--format", "json")
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)
    assert (row["id"], row["name"], row["department_count"], row["open_major_count"]) == (
        str(iid), "School 0", 1, 1)
    shown = cli(db_url, clock, "institutions", "show", str(iid))
    assert shown.exit_code == 0, shown.output
    detail = json.loads(shown.stdout)
    assert [d["name"] for d in detail["departments"]] == ["Nursing"]
    assert [m["code"] for m in detail["majors"]] == ["N1"]
    table = cli(db_url, clock, "institutions", "list", "--format", "table")
    assert all(len(line) <= 80 for line in table.stdout.splitlines())


def test_status_run_once_and_bad_names(db_url, app, clock):
    populate(app, 1)
    before = json.loads(cli(db_url, clock, "projections", "status", "--format", "json").stdout)
    names = [p.name for p in registered()]
    assert [(s["name"], s["position"], s["head"], s["lag"]) for s in before] == [
        (name, 0, 3, 3) for name in names]
    ran = cli(db_url, clock, "projections", "run", "timeline", "--once", "--format", "csv")
    assert ran.exit_code == 0, ran.output
    assert ran.stdout.splitlines()[1] == "timeline,1,1,false,3,3,0,0"
    bad = cli(db_url, clock, "projections", "status", "nope")
    assert bad.exit_code == 2
    assert bad.stderr == f"Error: unknown projection nope; known: {', '.join(names)}\n"
