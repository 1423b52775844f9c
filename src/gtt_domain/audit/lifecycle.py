"""A finding's status: what the rule found (open, remedied in the record, exempt), then
what people did about it (its case, as recorded by the audit's ``known_at`` and in effect
by its ``as_of``).

* The last step of the case sets the status (acknowledged, assigned, disputed, waived,
  remedied, closed, reopened); a rejected dispute returns it to acknowledged or assigned.
* A waiver whose ``until`` has passed no longer counts: the finding is open again
  (``status_detail`` says the waiver expired).
* A remedied or closed finding whose breach is still observed after the remedy or the
  closure took effect (its period runs past that day, or a state is seen again on a later
  audit date) is ``reopened``: the breach recurred.
* A cure the record itself shows (a late filing) outranks "being answered": such a finding
  is ``remedied`` unless its case was closed or waived. An exempt case stays exempt.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from gtt_domain.audit import facts as f
from gtt_domain.audit.findings import Finding
from gtt_domain.audit.world import World

ANSWERING = ("acknowledged", "assigned", "disputed")


def answer(findings: Iterable[Finding], world: World, as_of: date) -> list[Finding]:
    """The findings with their status from the world's finding cases."""
    return [status_of(x, world.case(x.key), as_of) for x in findings]


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else "" if value is None else str(value)


def step_row(st: f.CaseStep) -> dict[str, str]:
    row = {"step": st.kind, "on": st.on.isoformat(), "recorded_at": st.recorded_at.isoformat(),
           "actor": st.actor}
    row.update({k: _text(v) for k, v in st.fields.items() if v is not None})
    if st.ref is not None and st.ref.position is not None:
        row["position"] = str(st.ref.position)
    return row


def base_detail(x: Finding) -> str:
    if x.status == "exempt" and x.exemption is not None:
        return f"exempt: {x.exemption.note}"
    if x.status == "remedied" and x.resolved_by is not None:
        return f"remedied late: {x.resolved_by.note}"
    return ""


def status_of(x: Finding, case: f.FindingCaseFacts | None, as_of: date) -> Finding:
    base, detail = x.status, base_detail(x)
    if case is None or len(case.steps) <= 1:
        rows = [step_row(s) for s in case.steps] if case else []
        return x.model_copy(update={"status_detail": detail, "lifecycle": rows})
    status, since, answered = base, None, base
    for st in case.steps:
        k, fields, who = st.kind, st.fields, f"{st.actor} on {st.on}"
        if k == "tracked":
            continue
        if k == "acknowledged":
            status, detail = "acknowledged", f"acknowledged by {who}"
        elif k == "assigned":
            due = f", due {fields['due']}" if fields.get("due") else ""
            status, detail = "assigned", f"assigned to {fields['assignee']} by {who}{due}"
        elif k == "disputed":
            status, detail = "disputed", f"disputed by {who}: {fields['reason']}"
        elif k == "dispute_rejected":
            status, detail = answered if answered in ANSWERING else "acknowledged", \
                f"dispute rejected by {who}: {fields['reason']}"
        elif k == "waived":
            until = f" until {fields['until']}" if fields.get("until") else ""
            status, detail = "waived", f"waived by {fields['authority']}{until} ({who}): {fields['reason']}"
            if fields.get("until") and fields["until"] < as_of:
                status, detail = "open", f"the waiver by {fields['authority']} expired on {fields['until']}"
        elif k == "remedied":
            status, detail = "remedied", f"remedied on {fields['on']} ({fields['evidence']}), recorded by {st.actor}"
        elif k == "closed":
            status, detail = "closed", f"closed by {who}" + (f": {fields['note']}" if fields.get("note") else "")
        elif k == "reopened":
            status, detail = "reopened", f"reopened by {who}: {fields['reason']}"
        since = st.on
        if status in ("acknowledged", "assigned"):
            answered = status
    breach = x.period_end or x.period_start or x.observed_on
    if status in ("remedied", "closed") and since is not None and breach is not None and breach > since:
        detail = f"the breach recurs ({breach}) after it was {status} on {since}"
        status = "reopened"
    if base == "exempt":
        status, detail = "exempt", base_detail(x)
    elif base == "remedied" and status in (*ANSWERING, "open", "reopened") and not detail.startswith("the breach"):
        status, detail = "remedied", base_detail(x)
    return x.model_copy(update={"status": status, "status_detail": detail,
                                "lifecycle": [step_row(s) for s in case.steps]})
