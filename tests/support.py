"""
Helpers shared by tests: timestamps, facts, and a driver that keeps the log while firing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum

import disputeflow as d


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> pendulum.DateTime:
    """A Beijing-time timestamp."""
    return pendulum.datetime(year, month, day, hour, minute, tz="Asia/Shanghai")


def loan(amount: int = 38000, **attributes: Any) -> d.Facts:
    """Facts of a private-loan dispute at the Taobei court."""
    return d.Facts(
        category="private_loan",
        court="taobei",
        region="taobei",
        claim_amount=Decimal(amount),
        parties=(d.Party("Wang", "plaintiff"), d.Party("Zhao", "defendant")),
        attributes=attributes,
    )


class Driver:
    """Fires triggers on one case and keeps its log."""

    def __init__(self, engine: d.Engine, facts: d.Facts, when: pendulum.DateTime) -> None:
        self.engine = engine
        out = engine.open("D-1", facts, "receive_complaint", at=when, actor="clerk")
        self.case = out.case
        self.log: list[d.Event] = list(out.events)

    def fire(
        self, trigger: str, when: pendulum.DateTime, proceeding: str = "p1", **kw: Any
    ) -> d.Outcome:
        out = self.engine.fire(
            self.case, proceeding, trigger, at=when, actor=kw.pop("actor", "clerk"), **kw
        )
        self.case = out.case
        self.log += out.events
        return out

    def advance(self, until: pendulum.DateTime) -> d.Outcome:
        out = self.engine.advance(self.case, until)
        self.case = out.case
        self.log += out.events
        return out

    def state(self, proceeding: str = "p1") -> str:
        return self.case.proceeding(proceeding).state
