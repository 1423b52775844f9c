"""Small hand-built histories for the evaluation tests, recorded through the application."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from gtt_domain import GttApplication

D = date


class Recorder:
    """``r("agreement.draft", kind=…)`` records one command and returns the aggregate id."""

    def __init__(self, url: str, clock: Any) -> None:
        self.app = GttApplication(url, clock=clock, actor="registrar")

    def __call__(self, command: str, /, **fields: Any) -> UUID:
        return self.app.handle(fields, name=command)

    def inst(self, kind: str, name: str, **kw: Any) -> UUID:
        return self("institution.register", kind=kind, name=name, region="Anxi", **kw)

    def person(self, kind: str, name: str, home: UUID | None) -> UUID:
        return self("person.register", kind=kind, name=name, home_institution_id=home)

    def agreement(self, kind: str, parties: list[tuple[UUID, str]], start: date, *, majors: list[str],
                  end: date | None = None, obligations: list[dict[str, Any]] | None = None) -> UUID:
        aid = self("agreement.draft", kind=kind, title=f"{kind} {start}", drafted_on=start,
                   term_start=start, term_end=end, majors=majors,
                   parties=[{"party_id": p, "role": role} for p, role in parties],
                   obligations=obligations or [])
        for p, _ in parties:
            self("agreement.sign", agreement_id=aid, party_id=p, on=start)
        self("agreement.activate", agreement_id=aid, on=start)
        return aid

    def exchange(self, kind: str, person: UUID, sending: UUID, host: UUID, start: date, *,
                 filed: date | None = None, agreement: UUID | None = None, community: UUID | None = None,
                 end: date | None = None, days: list[tuple[date, date, int]] = (), completed: date | None = None,
                 ) -> UUID:
        xid = self("exchange.plan", person_id=person, sending_id=sending, host_id=host, kind=kind,
                   mode="flexible", community_id=community, agreement_id=agreement, planned_start=start,
                   planned_end=end or D(start.year + 1, start.month, 1), targets=["teach well"])
        if filed is not None:
            self("exchange.file", exchange_id=xid, authority="county bureau", filed_on=filed)
        self("exchange.start", exchange_id=xid, on=start)
        for a, b, n in days:
            self("exchange.log-days", exchange_id=xid, from_day=a, to_day=b, days=n)
        if completed is not None:
            self("exchange.complete", exchange_id=xid, on=completed)
        return xid
