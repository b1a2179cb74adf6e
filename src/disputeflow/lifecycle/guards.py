"""
Guard contexts and guard builders.

A guard is a pure function of a :class:`GuardContext`: it reads the case, the proceeding, the
act's data and date and the lifecycle's dated parameters, and returns ``None`` (go ahead) or the
reason it blocks. Guards never read the wall clock, global state or anything not in the context.

The lifecycle layer does not know the event layer's classes, so the context types the case and
proceeding by the small protocols below; :class:`disputeflow.Case` and
:class:`disputeflow.Proceeding` satisfy them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import attrs
import pendulum

from disputeflow.lifecycle.model import Category, Guard
from disputeflow.parameters import ParameterSet
from disputeflow.time.periods import Period, add_months

__all__ = [
    "CaseView",
    "GuardContext",
    "ProceedingView",
    "count_below",
    "flags_all",
    "months_since_acceptance",
]


class ProceedingView(Protocol):
    """
    What a guard may read of a proceeding.
    """

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def flags(self) -> frozenset[str]: ...
    @property
    def accepted_on(self) -> pendulum.Date | None: ...
    def count(self, trigger: str) -> int: ...
    def attribute(self, key: str, default: Any = None) -> Any: ...


class FactsView(Protocol):
    """
    What a guard may read of the facts.
    """

    @property
    def category(self) -> str: ...
    def attribute(self, key: str, default: Any = None) -> Any: ...


class CaseView(Protocol):
    """
    What a guard may read of a case.
    """

    @property
    def dispute_id(self) -> str: ...
    @property
    def facts(self) -> Any: ...
    @property
    def proceedings(self) -> Sequence[Any]: ...


@attrs.frozen
class GuardContext:
    """
    Everything a guard may look at.

    Attributes:
        case: the case before the act.
        proceeding: the proceeding acted on (for an opening: the parent, or ``None``).
        trigger: the trigger being fired.
        at: time of the act; ``on`` its court-local date.
        data: the act's payload.
        parameters: the lifecycle's dated parameters.
        category: the dispute's category definition.
    """

    case: CaseView | None
    proceeding: ProceedingView | None
    trigger: str
    at: pendulum.DateTime
    on: pendulum.Date
    data: Mapping[str, Any]
    parameters: ParameterSet
    category: Category | None = None

    def param(self, id: str) -> Any:
        """
        A parameter's value on the act's date.
        """
        return self.parameters.value(id, self.on)

    def dispute_count(self, trigger: str) -> int:
        """
        How often ``trigger`` fired on any proceeding of the dispute.
        """
        if self.case is None:
            return 0
        return sum(p.count(trigger) for p in self.case.proceedings)


def flags_all(
    name: str, flags: Sequence[str], description: str, legal_basis: str = "", zh: str = ""
) -> Guard:
    """
    A guard passing when the proceeding has every flag in ``flags``; the reason lists the
    missing ones.
    """
    wanted = tuple(flags)

    def check(ctx: GuardContext) -> str | None:
        have = ctx.proceeding.flags if ctx.proceeding is not None else frozenset()
        missing = [f for f in wanted if f not in have]
        return f"not yet done: {', '.join(missing)}" if missing else None

    return Guard(name, check, description, legal_basis, zh)


def count_below(
    name: str,
    trigger: str,
    limit_param: str,
    description: str,
    legal_basis: str = "",
    zh: str = "",
    scope: str = "proceeding",
) -> Guard:
    """
    A guard passing while ``trigger`` has fired fewer times than the parameter
    ``limit_param`` allows, on this proceeding or (``scope="dispute"``) on the whole dispute.
    """

    def check(ctx: GuardContext) -> str | None:
        limit = int(ctx.param(limit_param))
        if scope == "dispute":
            done = ctx.dispute_count(trigger)
        else:
            done = ctx.proceeding.count(trigger) if ctx.proceeding is not None else 0
        if done >= limit:
            return f"{trigger} already used {done} time(s); the limit is {limit}"
        return None

    return Guard(name, check, description, legal_basis, zh)


def months_since_acceptance(
    name: str, months_param: str, description: str, legal_basis: str = "", zh: str = ""
) -> Guard:
    """
    A guard passing when more than the parameter's period has passed since the proceeding
    was accepted (e.g. more than 3 months since execution filing before 终本).
    """

    def check(ctx: GuardContext) -> str | None:
        p = ctx.proceeding
        if p is None or p.accepted_on is None:
            return "the proceeding has not been accepted"
        period = ctx.param(months_param)
        assert isinstance(period, Period)
        limit = (
            add_months(p.accepted_on, period.amount)
            if period.unit == "months"
            else p.accepted_on.add(days=period.amount)
        )
        if ctx.on <= limit:
            return f"only possible after {limit.isoformat()} ({period} since acceptance)"
        return None

    return Guard(name, check, description, legal_basis, zh)
