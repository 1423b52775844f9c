"""Embedding in a backend service: the README's lifecycle runs as written; ``handle()`` and
``handle_batch()`` say where in the log they wrote; the read side waits for that position
(read-your-writes) with a bounded, clear timeout; every query is exported from
``gtt_projections.queries``; the CLI's filters carry the query keywords' names."""

from __future__ import annotations

import importlib
import inspect
import os
import pickle
import re
import subprocess
import sys
import threading
from pathlib import Path
from uuid import UUID

import click
import pytest
from gtt_projections import ReadModel, ReadSideTimeout
from gtt_projections.queries import list_institutions

from gtt_domain.application import GttApplication
from gtt_domain.application.results import Recorded, RecordedBatch
from gtt_domain.commands.institution import OpenDepartment, RegisterInstitution

ROOT = Path(__file__).resolve().parents[2]


def readme_snippet() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    found = re.search(r"<!-- embedding-example -->\n```python\n(.*?)```", text, re.S)
    assert found, "README.md lost its embedding example"
    return found.group(1)


def test_the_readme_lifecycle_runs_as_written(tmp_path):
    script = tmp_path / "service.py"
    script.write_text(readme_snippet(), "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GTT_")}
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    refused, listed = done.stdout.splitlines()
    assert refused.startswith("internship ") and ": start refused: " in refused
    assert listed == "林明辉 completed"


def test_handle_returns_the_id_with_its_position(db_url):
    app = GttApplication(db_url, actor="svc")
    try:
        school = app.handle(RegisterInstitution(kind="school", name="A", region="R"))
        assert isinstance(school, UUID) and isinstance(school, Recorded)
        assert school == UUID(str(school)) and hash(school) == hash(UUID(str(school)))
        assert school.position == app.recorder.max_notification_id()
        batch = app.handle_batch([OpenDepartment(institution_id=school, name="D1", teacher_count=3),
                                  OpenDepartment(institution_id=school, name="D2", teacher_count=4)])
        assert isinstance(batch, RecordedBatch) and batch == [school, school]
        assert batch.position == app.recorder.max_notification_id() > school.position
        assert pickle.loads(pickle.dumps(batch[0])).position == batch[0].position
        # an idempotent repeat records nothing and says so
        again = app.handle(RegisterInstitution(kind="school", name="B", region="R", external_id="K1"))
        repeat = app.handle(RegisterInstitution(kind="school", name="B", region="R", external_id="K1"))
        assert repeat == again and again.position is not None and repeat.position is None
        by_name = app.handle({"institution_id": str(school), "name": "D3", "teacher_count": 1},
                             name="institution.open-department")
        assert by_name.position == app.recorder.max_notification_id()
    finally:
        app.close()


def test_wait_for_returns_once_a_follower_has_processed_the_write(db_url):
    app = GttApplication(db_url, actor="svc")
    rm = ReadModel(app)
    follower = ReadModel(GttApplication(db_url, actor="follower"))
    stop = threading.Event()
    thread = threading.Thread(target=follower.follow, kwargs={"stop": stop, "poll_interval": 0.05})
    thread.start()
    try:
        school = app.handle(RegisterInstitution(kind="school", name="Waited For", region="R"))
        rm.wait_for(school.position, ["institutions"], timeout=60)
        assert [i.name for i in list_institutions(rm, catch_up=False)] == ["Waited For"]
        rm.wait_for(None)  # nothing written: nothing to wait for
    finally:
        stop.set()
        thread.join(timeout=60)
        follower.close()
        follower.app.close()
        rm.close()
        app.close()


def test_wait_for_times_out_with_the_projections_behind(db_url):
    app = GttApplication(db_url, actor="svc")
    rm = ReadModel(app)
    try:
        rm.catch_up()
        school = app.handle(RegisterInstitution(kind="school", name="Unseen", region="R"))
        with pytest.raises(ReadSideTimeout) as caught:
            rm.wait_for(school.position, ["institutions", "timeline"], timeout=0.2)
        message = str(caught.value)
        assert f"did not reach position {school.position} within 0.2 s" in message
        assert "institutions at " in message and "timeline at " in message
        assert caught.value.behind == {"institutions": school.position - 1, "timeline": school.position - 1}
        rm.catch_up(["institutions"])
        rm.wait_for(school.position, ["institutions"], timeout=0.2)  # now there
    finally:
        rm.close()
        app.close()


QUERY_MODULES = ("agreements", "communities", "exchanges", "ids", "institutions", "internships", "names",
                 "persons", "timeline")


def test_every_query_function_and_model_is_exported_from_the_package():
    import gtt_projections.queries as queries

    defined = {}
    for name in QUERY_MODULES:
        module = importlib.import_module(f"gtt_projections.queries.{name}")
        for attr, value in vars(module).items():
            if not attr.startswith("_") and getattr(value, "__module__", None) == module.__name__ \
                    and (inspect.isfunction(value) or inspect.isclass(value)):
                defined[attr] = value
    assert set(defined) <= set(queries.__all__)
    for attr in queries.__all__:
        assert getattr(queries, attr) is defined.get(attr, getattr(queries, attr))
    assert queries.stored_findings.__module__ == "gtt_projections.findings"
    assert list(queries.__all__) == sorted(queries.__all__)


LISTS = {  # CLI list command -> its query function
    ("internships", "list"): "internships.list_internships",
    ("internships", "attendance"): "internships.list_attendance",
    ("institutions", "list"): "institutions.list_institutions",
    ("persons", "list"): "persons.list_persons",
    ("communities", "list"): "communities.list_communities",
    ("communities", "activities"): "communities.list_activities",
    ("agreements", "list"): "agreements.list_agreements",
    ("exchanges", "list"): "exchanges.list_exchanges",
}


@pytest.mark.parametrize("path", sorted(LISTS), ids=" ".join)
def test_cli_filters_have_the_query_keywords_names(path):
    from gtt_cli.main import gtt

    ctx = click.Context(gtt)
    group = gtt.get_command(ctx, path[0])
    command = group.get_command(ctx, path[1])
    flags = {opt for p in command.params for opt in p.opts}
    module, fn = LISTS[path].split(".")
    query = getattr(importlib.import_module(f"gtt_projections.queries.{module}"), fn)
    keywords = [p.name for p in inspect.signature(query).parameters.values()
                if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name != "catch_up"]
    assert keywords
    missing = [k for k in keywords if "--" + k.replace("_", "-") not in flags]
    assert not missing, f"gtt {' '.join(path)} lacks options for {missing}"
