"""Internship facts read from the fact tables as of a date, as known at a moment.

The result is the same :class:`gtt_domain.audit.facts.InternshipFacts` the replay builds
(``gtt_domain.audit.adapters.internship``), field for field: the rules cannot tell where
their facts came from.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from gtt_projections.facts import tables as t
from gtt_projections.facts.codec import load_list
from gtt_projections.facts.table import TEMPORAL, DecimalText, FactTable, visible
from gtt_projections.schema import UtcDateTime
from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    Select,
    and_,
    cast,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.types import BigInteger, Boolean, Date, Integer, NullType, String, Text

from gtt_domain.audit import facts as f
from gtt_domain.audit.day_needs import DayNeeds
from gtt_domain.audit.refs import RefIndex, StoredRef, parse_ref
from gtt_domain.domain.internship_state import CertificationResult, Evaluation

Bound = date | datetime | None


def rows_of(conn: Connection, ft: FactTable, as_of: Bound, known_at: Bound,
            ids: Iterable[str] | None, key: str, *order: str) -> list[dict[str, Any]]:
    """Visible rows of ``ft`` (only those of ``ids`` when given), in ``order``, as dicts.
    Read as the driver's tuples and converted per column with the caches below: an audit
    reads ~50,000 rows and SQLAlchemy's per-value processing cost more than the query."""
    table = ft.table
    # the item's columns only: the six time columns are for the filter, and converting
    # their timestamps cost more than the rest of a row
    columns = [c for c in table.columns if c.name not in TEMPORAL]
    stmt: Select[Any] = select(*(type_coerce(c, NullType()) for c in columns)).where(
        visible(table, as_of, known_at))
    if ids is not None:
        wanted = list(ids)
        if not wanted:
            return []
        stmt = stmt.where(table.c[key].in_(wanted))
    if order:
        stmt = stmt.order_by(*(table.c[o] for o in order))
    names = [c.name for c in columns]
    convert = [(i, fn) for i, c in enumerate(columns) if (fn := _converter(c.type)) is not None]
    out = []
    for raw in conn.execute(stmt).cursor.fetchall():
        row = list(raw)
        for i, fn in convert:
            if row[i] is not None:
                row[i] = fn(row[i])
        out.append(dict(zip(names, row, strict=True)))
    return out


def _converter(typ: Any) -> Callable[[Any], Any] | None:
    """How a driver's value of a column of ``typ`` becomes what SQLAlchemy would return."""
    if isinstance(typ, UtcDateTime):
        return _moment
    if isinstance(typ, Date):
        return _date
    if isinstance(typ, Boolean):
        return bool
    if isinstance(typ, DecimalText):
        return _decimal
    if isinstance(typ, String | Text | Integer | BigInteger):
        return None
    raise TypeError(f"no conversion for a fact column of type {typ!r}")


_DATES: dict[str, date] = {}
_DECIMALS: dict[str, Decimal] = {}


def _date(v: Any) -> date:
    """A date as the driver returns it (SQLite: text; the same few hundred days recur)."""
    if type(v) is not str:
        return v  # type: ignore[no-any-return]
    found = _DATES.get(v)
    if found is None:
        found = _DATES[v] = date.fromisoformat(v)
    return found


def _decimal(v: str) -> Decimal:
    """Hours as stored text; a handful of values recur (8, 8.5, 0)."""
    found = _DECIMALS.get(v)
    if found is None:
        found = _DECIMALS[v] = Decimal(v)
    return found


_MOMENTS: dict[str, datetime] = {}


def _moment(v: Any) -> datetime:
    """A UTC timestamp as the read table's driver returns it (SQLite: naive text, stored in
    UTC; parsing it with its offset appended is ten times faster than replacing tzinfo).
    Days recorded in one batch share their moment: each text is parsed once."""
    if type(v) is str:
        found = _MOMENTS.get(v)
        if found is None:
            if len(_MOMENTS) > 100_000:
                _MOMENTS.clear()
            found = _MOMENTS[v] = datetime.fromisoformat(v + "+00:00")
        return found
    return v if v.tzinfo is UTC else v.astimezone(UTC)


DAY_COLUMNS = ("internship_id", "day", "hours", "night_shift", "statutory_holiday", "overtime_hours",
               "channel", "location", "day_recorded_at", "ref")


def day_bounds(conn: Connection, as_of: Bound, known_at: Bound, *, present: bool = False) -> dict[str, tuple[date, date]]:
    """Each internship's first and last attendance day under the bounds.

    ``present`` (bounds that leave out few rows: the record as it stands today): per
    internship (ids from the item index), its first and its last visible day, found by
    walking the item index (internship, day) from either end and stopping at the first
    visible row (0.05 s at scale 5). Else one scan grouped by internship, which sorts the
    visible rows (0.3 s for every row, less the fewer are visible; grouping by an expression
    keeps SQLite off the index, whose order would cost a lookup per row), where the walks
    would step over every row left out (a past ``as_of``: all later days). Same answer."""
    table = t.attendance.table
    if not present:
        day = type_coerce(table.c.day, NullType())
        key = func.coalesce(table.c.internship_id, "")
        stmt = select(key, func.min(day), func.max(day)).where(visible(table, as_of, known_at)).group_by(key)
        return {iid: (_date(lo), _date(hi)) for iid, lo, hi in conn.execute(stmt).cursor.fetchall()}
    ids = select(table.c.internship_id).distinct().subquery("ids")
    seen = table.alias("seen")
    seen_day = type_coerce(seen.c.day, NullType())

    def end(order: Any) -> Any:
        return (select(seen_day).where(seen.c.internship_id == ids.c.internship_id, visible(seen, as_of, known_at))
                .order_by(order).limit(1).scalar_subquery())

    ends = select(ids.c.internship_id.label("iid"), end(seen.c.day.asc()).label("lo"),
                  end(seen.c.day.desc()).label("hi")).subquery("ends")
    walked = select(ends.c.iid, ends.c.lo, ends.c.hi).where(ends.c.lo.is_not(None))
    return {iid: (_date(lo), _date(hi)) for iid, lo, hi in conn.execute(walked).cursor.fetchall()}


def _wanted(table: Any, needs: DayNeeds, as_of: Bound, known_at: Bound) -> ColumnElement[bool] | None:
    """The conditions of ``needs`` on attendance rows, or ``None`` if there are none."""
    c = table.c
    # hours are stored as decimal text with at most two places (the commands' field), so
    # hundredths are exact integers: H > cap exactly when H > floor(cap in hundredths)
    cents = lambda col: func.round(cast(col, Float) * 100)  # noqa: E731
    conds: list[ColumnElement[bool]] = []
    if needs.hours_above is not None:
        conds.append(cents(c.hours) > math.floor(needs.hours_above * 100))
    if needs.night_shift:
        conds.append(c.night_shift.is_(True))
    if needs.overtime:
        conds.append(cents(c.overtime_hours) > 0)
    if needs.holiday_flag:
        conds.append(c.statutory_holiday.is_(True))
    if needs.on_days:
        conds.append(c.day.in_(sorted(needs.on_days)))
    if needs.channels:
        conds.append(c.channel.in_(sorted(needs.channels)))
    if needs.located:
        conds.append(and_(c.location.is_not(None), c.location != ""))
    if needs.every_if_channel:
        # the days on those channels mark their internships (:func:`needed_days`)
        conds.append(c.channel.in_(sorted(needs.every_if_channel)))
    return or_(*conds) if conds else None


def needed_days(conn: Connection, as_of: Bound, known_at: Bound, needs: DayNeeds) -> dict[str, list[f.Day]]:
    """The days ``needs``' conditions select, of every internship: one scan of the table
    (they are few: days that breach a cap, carry coordinates…), then every day of the
    internships it found with a day on an ``every_if_channel`` channel, by the item index
    (a subquery for them cost the scan a second one); ``needs.every`` is read per chunk
    (:func:`attendance_days`)."""
    cond = _wanted(t.attendance.table, needs, as_of, known_at)
    if cond is None:
        return {}
    out = attendance_days(conn, as_of, known_at, None, cond, ordered=False)
    marked = sorted(iid for iid, days in out.items() if any(d.channel in needs.every_if_channel for d in days))
    if marked:
        out.update(attendance_days(conn, as_of, known_at, marked))
    for days in out.values():
        days.sort(key=lambda d: d.day)
    return out


def attendance_days(conn: Connection, as_of: Bound, known_at: Bound, ids: Iterable[str] | None,
                    where: ColumnElement[bool] | None = None, *, ordered: bool = True) -> dict[str, list[f.Day]]:
    """Attendance days by internship (only ``where`` they meet it), read as raw driver rows:
    this is the table with a row per intern per day, and SQLAlchemy's per-value conversions
    cost more than the query."""
    table = t.attendance.table
    cols = [type_coerce(table.c[c], NullType()) for c in DAY_COLUMNS]
    stmt = select(*cols).where(visible(table, as_of, known_at))
    if ids is not None:
        stmt = stmt.where(table.c.internship_id.in_(list(ids)))
    if where is not None:
        stmt = stmt.where(where)
    if ordered:
        stmt = stmt.order_by(table.c.internship_id, table.c.day)
    out: dict[str, list[f.Day]] = defaultdict(list)
    day_type = f.Day
    rows = conn.execute(stmt).cursor.fetchall()  # the driver's tuples, no per-value processing
    for iid, day, hours, night, holiday, overtime, channel, location, recorded, ref in rows:
        out[iid].append(day_type(_date(day), _decimal(hours), bool(night), bool(holiday), _decimal(overtime),
                                 channel, location, _moment(recorded), StoredRef(iid, ref)))
    return out


def _grouped(rows: list[Any], key: str = "internship_id") -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out


def _quit_requests(row: Any, ref: Any) -> list[f.QuitFact]:
    """As the replay's adapter pairs them: the k-th decided request with the k-th decision."""
    if row is None:
        return []
    decided = [d["ref"] for d in load_list(row["decisions"])]
    out, k = [], 0
    for q in load_list(row["requests"]):
        dref = None
        if q["approved"] is not None and k < len(decided):
            dref, k = ref(decided[k]), k + 1
        out.append(f.QuitFact(q["asked_on"], q["last_day"], q["written"], q["approved"], q["decided_on"],
                              ref(q["ref"]), dref))
    return out


def _dated(on: date | None, what: str, ref: f.Ref | None) -> f.Dated | None:
    return None if on is None else f.Dated(on, what, ref)


class NotLoaded(list[Any]):
    """Days left out of a light world: reading them is a bug (a rule that reads days must
    be one the engine runs per chunk, see ``gtt_domain.audit.engine.reads_days``)."""

    def _refuse(self, *_: Any) -> Any:
        raise RuntimeError("attendance days are read per chunk of internships; this world has none")

    __iter__ = __len__ = __getitem__ = __bool__ = __contains__ = _refuse


#: internship kinds whose days a population rule counts (observation days per major, P6-R3):
#: a light world keeps them
DAYS_ALWAYS = frozenset({"observation"})


def internships(conn: Connection, as_of: Bound = None, known_at: Bound = None,
                ids: Iterable[str] | None = None, *, days: bool = True) -> list[f.InternshipFacts]:
    """Every internship that existed on ``as_of`` as recorded by ``known_at`` (only ``ids``).
    ``days=False``: a light internship without attendance days and absences (see
    :class:`NotLoaded`), except the kinds in :data:`DAYS_ALWAYS`."""
    wanted = None if ids is None else sorted(set(ids))
    cores = rows_of(conn, t.core, as_of, known_at, wanted, "internship_id", "internship_id")
    if not cores:
        return []
    scope = wanted if wanted is not None else None
    args = (as_of, known_at, scope, "internship_id")
    plans = _grouped(rows_of(conn, t.plans, *args, "internship_id", "version"))
    docs = _grouped(rows_of(conn, t.documents, *args, "internship_id", "doc"))
    with_days = scope if days else sorted(c["internship_id"] for c in cores if c["kind"] in DAYS_ALWAYS)
    day_rows = attendance_days(conn, as_of, known_at, with_days)
    absences = _grouped(rows_of(conn, t.absences, as_of, known_at, with_days, "internship_id",
                                "internship_id", "day"))
    loaded = None if with_days is None else set(with_days)
    leaves = {r["internship_id"]: r for r in rows_of(conn, t.leaves, *args)}
    quits = {r["internship_id"]: r for r in rows_of(conn, t.quits, *args)}
    pay = _grouped(rows_of(conn, t.pay, *args, "internship_id", "version"))
    fees = _grouped(rows_of(conn, t.fees, *args, "internship_id", "version"))
    held = _grouped(rows_of(conn, t.held, *args, "internship_id", "first_version"))
    entries = _grouped(rows_of(conn, t.entries, *args, "internship_id", "version"))
    out = []
    for c in cores:
        iid = c["internship_id"]

        def ref(text: str | None, iid: str = iid) -> f.Ref | None:
            # a StoredRef answers as the Ref it decodes to, when a finding cites it
            return typing.cast(f.Ref, StoredRef(iid, text)) if text else None

        plan = min(plans.get(iid, []), key=lambda r: r["agreed_on"], default=None)
        documents: dict[str, list[f.Doc]] = {}
        for d in docs.get(iid, []):
            documents[d["doc"]] = [f.Doc(d["doc"], x["provided_on"], x["cover_from"], x["cover_to"],
                                         x["withdrawn_on"], ref(x["ref"])) for x in load_list(d["docs"])]
        created = ref(c["created_ref"])
        assert created is not None
        out.append(f.InternshipFacts(
            id=iid, student_id=c["student_id"], school_id=c["school_id"], host_id=c["host_id"],
            agreement_id=c["agreement_id"], kind=c["kind"], programme=c["programme"],
            post_category=c["post_category"], planned_start=c["planned_start"],
            planned_end=c["planned_end"], started_on=c["started_on"], ended_on=c["ended_on"],
            status=c["status"],
            plan_agreed=f.Dated(plan["agreed_on"], "plan", ref(plan["ref"])) if plan else None,
            documents=documents,
            teacher=_dated(c["teacher_since"], c["teacher_id"] or "", ref(c["teacher_ref"])),
            mentor=_dated(c["mentor_since"], c["mentor_id"] or "", ref(c["mentor_ref"])),
            attendance=day_rows.get(iid, []) if loaded is None or iid in loaded else NotLoaded(),
            absences=[f.Dated(a["day"], a["reason"] or "", ref(a["ref"])) for a in absences.get(iid, [])]
            if loaded is None or iid in loaded else NotLoaded(),
            leaves=[f.LeaveFact(i, lv["asked_on"], lv["first_day"], lv["last_day"], lv["written"],
                                lv["approved"], lv["decided_on"], ref(lv["ref"]), ref(lv["decision_ref"]))
                    for i, lv in enumerate(load_list(leaves[iid]["leaves"]) if iid in leaves else [])
                    if not lv.get("retracted")],
            pay=[f.PayFact(p["period_start"], p["period_end"], p["amount"], p["regular_wage"],
                           p["paid_directly"], p["in_kind"], p["paid_on"], ref(p["ref"]))
                 for p in pay.get(iid, [])],
            fees=[f.Dated(x["charged_on"], x["description"], ref(x["ref"]), extra={"amount": x["amount"]})
                  for x in fees.get(iid, [])],
            held_documents=[f.Dated(h["since"], h["doc"], ref(h["ref"]), h["returned_on"],
                                    ref(h["return_ref"]) if h["returned_on"] else None)
                            for h in held.get(iid, [])],
            evaluations=[f.Dated(x["on_day"], x["by"], ref(x["ref"]))
                         for x in entries.get(iid, []) if x["entry"] == "evaluation"],
            quit_requests=_quit_requests(quits.get(iid), ref),
            quit=_dated(c["quit_on"], c["termination_reason"] or "", ref(c["quit_ref"])),
            post=c["post"],
            certifications=[f.Dated(x["on_day"], x["label"], ref(x["ref"]), extra={"passed": x["passed"]})
                            for x in entries.get(iid, []) if x["entry"] == "certification"],
            events=RefIndex(created, {
                "Started": [r for r in [ref(c["started_ref"])] if r],
                "Completed": [r for r in [ref(c["completed_ref"])] if r],
                "TerminatedEarly": [r for r in [ref(c["terminated_ref"])] if r],
            }),
        ))
    return out


def neighbours(conn: Connection, s: f.InternshipFacts, as_of: Bound, known_at: Bound) -> list[str]:
    """The other internships at ``s``'s host or with its accompanying teacher, under the bounds."""
    table = t.core.table
    near = table.c.host_id == s.host_id
    if s.teacher is not None:
        near = or_(near, table.c.teacher_id == s.teacher.what)
    stmt = select(table.c.internship_id).where(visible(table, as_of, known_at), near,
                                               table.c.internship_id != s.id)
    return sorted({r[0] for r in conn.execute(stmt)})


def with_days(conn: Connection, light: list[f.InternshipFacts], as_of: Bound, known_at: Bound,
              picked: dict[str, list[f.Day]] | None = None,
              every: set[str] | None = None) -> list[f.InternshipFacts]:
    """``light`` internships given their attendance days and absences (nothing else is read
    again): every day; or, with ``picked`` (days selected already), those, and every day of
    the internships in ``every``."""
    ids = [s.id for s in light]
    if picked is None:
        days = attendance_days(conn, as_of, known_at, ids)
    else:
        wanted = [i for i in ids if i in (every or ())]
        days = {**picked, **(attendance_days(conn, as_of, known_at, wanted) if wanted else {})}
    absences = _grouped(rows_of(conn, t.absences, as_of, known_at, ids, "internship_id", "internship_id", "day"))
    return [dataclasses.replace(
        s, attendance=days.get(s.id, []),
        absences=[f.Dated(a["day"], a["reason"] or "", parse_ref(s.id, a["ref"])) for a in absences.get(s.id, [])])
        for s in light]


@dataclass(frozen=True)
class InternshipView:
    """What scorecards read of an internship (``gtt_domain.evaluation``), from the fact
    tables: the attributes of :class:`~gtt_domain.domain.internship.Internship` they use."""

    id: UUID
    student_id: str
    school_id: str
    host_id: str
    agreement_id: str | None
    kind: str
    programme: str
    status: str
    planned_start: date
    planned_end: date
    started_on: date | None
    ended_on: date | None
    hired_on: date | None
    evaluations: list[Evaluation] = field(default_factory=list)
    certifications: list[CertificationResult] = field(default_factory=list)


def internship_views(conn: Connection, as_of: Bound = None, known_at: Bound = None) -> list[InternshipView]:
    """Every internship under the bounds as the scorecards read it, in log order."""
    cores = rows_of(conn, t.core, as_of, known_at, None, "internship_id", "internship_id")
    entries = _grouped(rows_of(conn, t.entries, as_of, known_at, None, "internship_id", "internship_id", "version"))
    out = []
    for c in cores:
        iid = c["internship_id"]
        mine = entries.get(iid, [])
        out.append(InternshipView(
            id=UUID(iid), student_id=c["student_id"], school_id=c["school_id"], host_id=c["host_id"],
            agreement_id=c["agreement_id"], kind=c["kind"], programme=c["programme"], status=c["status"],
            planned_start=c["planned_start"], planned_end=c["planned_end"], started_on=c["started_on"],
            ended_on=c["ended_on"], hired_on=c["hired_on"],
            evaluations=[Evaluation(by=e["by"], score=e["score"], on=e["on_day"], comment=e["comment"])
                         for e in mine if e["entry"] == "evaluation"],
            certifications=[CertificationResult(exam=e["label"], passed=e["passed"], on=e["on_day"])
                            for e in mine if e["entry"] == "certification"],
        ))
    created = {c["internship_id"]: int(c["created_ref"].split("|")[1]) for c in cores}
    out.sort(key=lambda v: (created[str(v.id)], str(v.id)))  # log order, as a replay meets them
    return out
