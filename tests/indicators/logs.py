"""
Helpers for the indicator tests: a log builder that drives the real engine over many disputes
and keeps one log (import with ``from indicators.logs import LogBuilder, at``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum

import disputeflow as d


def at(year: int, month: int, day: int, hour: int = 9) -> pendulum.DateTime:
    """A Beijing-time timestamp."""
    return pendulum.datetime(year, month, day, hour, tz="Asia/Shanghai")


def on(year: int, month: int, day: int) -> pendulum.Date:
    """A date."""
    return pendulum.Date(year, month, day)


class LogBuilder:
    """Opens disputes and fires triggers on them with one engine, keeping the whole log."""

    def __init__(self, lifecycle: d.Lifecycle) -> None:
        self.engine = d.Engine(lifecycle)
        self.cases: dict[str, d.Case] = {}
        self.log: list[d.Event] = []

    def open(
        self,
        dispute: str,
        when: pendulum.DateTime,
        trigger: str = "receive_complaint",
        *,
        court: str = "taobei",
        category: str = "private_loan",
        region: str = "taobei",
        amount: int = 38000,
        data: dict[str, Any] | None = None,
    ) -> LogBuilder:
        facts = d.Facts(
            category=category,
            court=court,
            region=region,
            claim_amount=Decimal(amount),
            parties=(d.Party("Wang", "plaintiff"), d.Party("Zhao", "defendant")),
        )
        out = self.engine.open(dispute, facts, trigger, at=when, actor="clerk", data=data or {})
        self.cases[dispute] = out.case
        self.log += out.events
        return self

    def fire(
        self,
        dispute: str,
        trigger: str,
        when: pendulum.DateTime,
        proceeding: str = "p1",
        **data: Any,
    ) -> LogBuilder:
        out = self.engine.fire(
            self.cases[dispute], proceeding, trigger, at=when, actor="judge", data=data
        )
        self.cases[dispute] = out.case
        self.log += out.events
        return self

    def advance(self, dispute: str, until: pendulum.DateTime) -> LogBuilder:
        out = self.engine.advance(self.cases[dispute], until)
        self.cases[dispute] = out.case
        self.log += out.events
        return self

    def state(self, dispute: str, proceeding: str = "p1") -> str:
        return self.cases[dispute].proceeding(proceeding).state

    def filed(
        self,
        dispute: str,
        when: pendulum.DateTime,
        track: str = "summary",
        judge: str = "j1",
        **kw: Any,
    ) -> LogBuilder:
        """Receive, register and assign a track on the same and next day."""
        self.open(dispute, when, **kw)
        self.fire(dispute, "register", when.add(hours=1))
        return self.fire(dispute, f"assign_{track}", when.add(days=1), judge=judge)
