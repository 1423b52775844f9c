"""The fact tables, declared apart from the projections that fill them
(:mod:`gtt_projections.facts.internships`, ``states``, ``communities``): a query of the
fact tables imports SQLAlchemy Core and these, not the projection machinery."""

from __future__ import annotations

from typing import Any

from gtt_projections.facts.table import DecimalText, FactTable, fact_table
from gtt_projections.schema import UtcDateTime, metadata
from sqlalchemy import Boolean, Column, Date, Integer, String, Text

# --- internships (gtt_projections.facts.internships) -------------------------------------

ID = 36


def _id(name: str) -> Column[Any]:
    return Column(name, String(ID), nullable=False)


core = fact_table("fact_internships", metadata, [_id("internship_id")], [
    Column("student_id", String(ID), nullable=False),
    Column("school_id", String(ID), nullable=False),
    Column("host_id", String(ID), nullable=False),
    Column("agreement_id", String(ID)),
    Column("kind", String(40), nullable=False),
    Column("programme", String(40), nullable=False),
    Column("post", String(200), nullable=False),
    Column("post_category", String(40), nullable=False),
    Column("planned_start", Date, nullable=False),
    Column("planned_end", Date, nullable=False),
    Column("external_id", String(100)),
    Column("status", String(20), nullable=False),
    Column("started_on", Date),
    Column("ended_on", Date),
    Column("termination_reason", Text),
    Column("teacher_id", String(ID)),
    Column("teacher_since", Date),
    Column("mentor_id", String(ID)),
    Column("mentor_since", Date),
    Column("returned_by_host_on", Date),
    Column("return_reason", Text),
    Column("hired_on", Date),
    Column("quit_on", Date),
    Column("quit_ref", String(120)),
    Column("created_ref", String(120), nullable=False),
    Column("started_ref", String(120)),
    Column("completed_ref", String(120)),
    Column("terminated_ref", String(120)),
    Column("teacher_ref", String(120)),
    Column("mentor_ref", String(120)),
], core=True)

plans = fact_table("fact_internship_plans", metadata, [_id("internship_id"), Column("version", Integer)], [
    Column("agreed_on", Date, nullable=False),
    Column("ref", String(120), nullable=False),
], revisited=False)

#: one item per document kind: the list of that kind's documents (withdrawal finds "the
#: current one" among them, as the mutator does)
documents = fact_table("fact_internship_documents", metadata, [_id("internship_id"), Column("doc", String(40))], [
    Column("docs", Text, nullable=False),
])

attendance = fact_table("fact_internship_attendance", metadata, [_id("internship_id"), Column("day", Date)], [
    Column("hours", DecimalText, nullable=False),
    Column("night_shift", Boolean, nullable=False),
    Column("statutory_holiday", Boolean, nullable=False),
    Column("overtime_hours", DecimalText, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("location", String(200)),
    Column("device", String(200)),
    Column("attested_by_host", Boolean, nullable=False),
    Column("claimed_by", String(200)),
    Column("day_recorded_at", UtcDateTime, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("corrections", Integer, nullable=False),
    Column("ref", String(120), nullable=False),
], revisited=False)

absences = fact_table("fact_internship_absences", metadata, [_id("internship_id"), Column("day", Date)], [
    Column("reason", Text),
    Column("ref", String(120), nullable=False),
])

#: one item per internship: the list of leave requests (a decision names a request by its
#: place in that list, as the mutator does)
leaves = fact_table("fact_internship_leaves", metadata, [_id("internship_id")], [
    Column("leaves", Text, nullable=False),
])

#: one item per internship: the requests to quit the placement (a decision answers the
#: latest one, as the mutator does) and the decisions in order (P10-R9)
quits = fact_table("fact_internship_quits", metadata, [_id("internship_id")], [
    Column("requests", Text, nullable=False),
    Column("decisions", Text, nullable=False),
])

pay = fact_table("fact_internship_pay", metadata, [_id("internship_id"), Column("version", Integer)], [
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("amount", DecimalText, nullable=False),
    Column("regular_wage", DecimalText, nullable=False),
    Column("paid_directly", Boolean, nullable=False),
    Column("in_kind", Boolean, nullable=False),
    Column("paid_on", Date, nullable=False),
    Column("ref", String(120), nullable=False),
], revisited=False)

fees = fact_table("fact_internship_fees", metadata, [_id("internship_id"), Column("version", Integer)], [
    Column("amount", DecimalText, nullable=False),
    Column("charged_on", Date, nullable=False),
    Column("description", Text, nullable=False),
    Column("ref", String(120), nullable=False),
], revisited=False)

held = fact_table("fact_internship_held_documents", metadata, [_id("internship_id"), Column("doc", String(40))], [
    Column("since", Date, nullable=False),
    Column("returned_on", Date),
    Column("ref", String(120), nullable=False),
    Column("return_ref", String(120)),
    Column("first_version", Integer, nullable=False),  # where the doc first entered the dict
])

#: evaluations, certification results, job offers and incidents: dated entries in order
entries = fact_table("fact_internship_entries", metadata, [_id("internship_id"), Column("version", Integer)], [
    Column("entry", String(20), nullable=False),  # evaluation | certification | offer | incident
    Column("on_day", Date, nullable=False),
    Column("by", String(40)),
    Column("score", DecimalText),
    Column("passed", Boolean),
    Column("label", Text),  # exam, offered post, incident description
    Column("severity", String(20)),
    Column("comment", Text),
    Column("ref", String(120), nullable=False),
], revisited=False)

FACTS = (core, plans, documents, attendance, absences, leaves, quits, pay, fees, held, entries)


# --- folded states (gtt_projections.facts.states, .communities) ---------------------------

def state_table(name: str) -> FactTable:
    return fact_table(name, metadata, [Column("aggregate_id", String(36))], [
        Column("kind", String(40)),
        Column("state", Text, nullable=False),
        Column("applied", Text, nullable=False),
    ], core=True)



institutions = state_table("fact_institution_states")
persons = state_table("fact_person_states")
agreements = state_table("fact_agreement_states")
exchanges = state_table("fact_exchange_states")
adoptions = state_table("fact_adoption_states")
calendars = state_table("fact_calendar_states")
exemptions = state_table("fact_exemption_states")
finding_cases = state_table("fact_finding_case_states")

community_states = state_table("fact_community_states")

activities = fact_table("fact_community_activities", metadata, [
    Column("community_id", String(36)), Column("activity_id", String(100))], [
    Column("kind", String(40), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("participants", Text, nullable=False),  # JSON list of person ids
    Column("grade", String(40)),
    Column("approved_by", String(200)),
    Column("has_record", Boolean, nullable=False),
    Column("ref", String(120), nullable=False),
], revisited=False)


