"""Generated histories and tamperings: ``verify`` always names the position the
tampering touched first, and an untouched store always verifies (SQLite file)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from integrity_tamper import raw

from gtt_domain import GttApplication
from gtt_domain.commands.institution import RegisterInstitution, RenameInstitution
from gtt_domain.integrity import seal, verify

_counter = itertools.count()


@st.composite
def cases(draw):
    renames = draw(st.lists(st.integers(0, 2), min_size=1, max_size=12))  # which institution
    n = 3 + len(renames)
    kind = draw(st.sampled_from(["none", "edit", "delete", "insert", "swap"]))
    a = draw(st.integers(1, n))
    b = draw(st.integers(1, n).filter(lambda x: x != a))
    return renames, kind, a, b


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_verify_names_the_first_touched_position(tmp_path, clock, case):
    renames, kind, a, b = case
    url = f"sqlite:///{tmp_path / f'p{next(_counter)}.sqlite3'}"
    app = GttApplication(url, clock=clock)
    ids = [app.handle(RegisterInstitution(kind="enterprise", name=f"E{i}", region="Anxi"))
           for i in range(3)]
    for i, which in enumerate(renames):
        app.handle(RenameInstitution(institution_id=ids[which], name=f"E{which} v{i}"))
    seal(app)
    with raw(url) as r:
        if kind == "edit":
            r.edit_state_byte(a, index=a % 7)
        elif kind == "delete":
            r.delete(a)
        elif kind == "insert":
            r.insert_at(a, copy_of=b)
        elif kind == "swap":
            r.swap(a, b)
    report = verify(app)
    if kind == "none":
        assert report.ok and report.events == 3 + len(renames)
        return
    assert report.problem is not None
    expected = min(a, b) if kind == "swap" else a
    assert report.problem.position == expected, (kind, a, b, report.summary())
    assert report.problem.kind == ("deleted" if kind == "delete" else "altered")
