"""
Counterfactual replay: which recorded decisions would another rule set or policy have changed?

For a recorded log (events of many disputes), every recorded decision point (an event whose
``decision`` record is set, ``decision_recorded`` events included) is decided again under the
other rules, on the facts recorded at that point: the dispute's log is replayed up to just
before the act to get the case as it stood, and the decision's recorded ``inputs`` are the
request's data. The report lists each decision with the recorded and the counterfactual
outcome, and the first divergence of each dispute. It does not simulate what would have
happened after a divergence (later acts would have met another case): for that, run the
simulator under both rule sets.

What the log cannot tell is not invented: venue loads at the time are not recorded, so
decisions that read the roster see the roster given here; a simulation's random draws are
not recorded, so a policy that draws gets the ``rng`` given here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import pendulum

from disputeflow.errors import (
    DisputeflowError,
    Language,
    NoRuleSetError,
    PolicyError,
    UnknownNameError,
)
from disputeflow.events.case import Case, Proceeding
from disputeflow.events.event import Event
from disputeflow.events.fold import apply_event, replay, voided_acts
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.prc import prc_civil_2022, prc_civil_2025
from disputeflow.parameters import DatedValue, ParameterSet
from disputeflow.policies.chain import PolicyChain
from disputeflow.policies.decision import Decision
from disputeflow.policies.protocols import DecisionRequest, Policy, Venue
from disputeflow.policies.ruleset import RuleSet, RuleSets

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["CounterfactualReport", "CounterfactualRow", "Status", "counterfactual"]

#: How a recorded decision fared under the other rules.
#: ``same``: the same outcome, trigger and payload; ``differs``: another decision;
#: ``illegal``: the other rules name a trigger the lifecycle does not allow at that point;
#: ``error``: a policy failed otherwise (not a Decision, the default abstained ...);
#: ``not_covered``: the other rules have no chain for the point or no rule set for the date.
Status = Literal["same", "differs", "illegal", "error", "not_covered"]

Rules = RuleSets | RuleSet | PolicyChain | Policy


@attrs.frozen(slots=True)
class CounterfactualRow:
    """
    One recorded decision, decided again.

    Attributes:
        dispute_id, seq: the event that recorded the decision.
        on: its court-local date.
        point: the decision point.
        proceeding_id: the proceeding concerned.
        recorded_outcome, recorded_trigger, recorded_policy, recorded_rule,
        recorded_rule_set: what was decided, by whom, under which rule set.
        outcome, trigger, policy, rule, rule_set: the counterfactual decision (``None`` when
            there is none: see ``status``).
        status: see :data:`Status`.
        differs: whether the decision would have been different (``differs`` and
            ``illegal``).
        problem: why there is no counterfactual decision (``illegal``, ``error``,
            ``not_covered``).
        changes: what differs, ``{key: (recorded, counterfactual)}`` for ``outcome``,
            ``trigger`` and each payload key (venue, mediator ...).
        decision: the counterfactual decision itself.
    """

    dispute_id: str
    seq: int
    on: pendulum.Date
    point: str
    proceeding_id: str | None
    recorded_outcome: str
    recorded_trigger: str | None
    recorded_policy: str
    recorded_rule: str
    recorded_rule_set: str | None
    outcome: str | None
    trigger: str | None
    policy: str | None
    rule: str | None
    rule_set: str | None
    status: Status
    problem: str = ""
    changes: Mapping[str, tuple[Any, Any]] = attrs.field(factory=dict)
    decision: Decision | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def differs(self) -> bool:
        """
        Whether the other rules would have decided otherwise (or could not legally decide).
        """
        return self.status in ("differs", "illegal")

    def to_record(self) -> dict[str, Any]:
        """
        The row as a flat dict (a table row).
        """
        return {
            "dispute_id": self.dispute_id,
            "seq": self.seq,
            "on": self.on,
            "point": self.point,
            "proceeding_id": self.proceeding_id,
            "recorded_outcome": self.recorded_outcome,
            "recorded_trigger": self.recorded_trigger,
            "recorded_policy": self.recorded_policy,
            "recorded_rule": self.recorded_rule,
            "recorded_rule_set": self.recorded_rule_set,
            "outcome": self.outcome,
            "trigger": self.trigger,
            "policy": self.policy,
            "rule": self.rule,
            "rule_set": self.rule_set,
            "status": self.status,
            "differs": self.differs,
            "problem": self.problem,
            "changes": dict(self.changes),
        }


_STATUS_ZH = {
    "same": "相同",
    "differs": "不同",
    "illegal": "不合法",
    "error": "出错",
    "not_covered": "未覆盖",
}


@attrs.frozen(slots=True)
class CounterfactualReport:
    """
    Every recorded decision of a log, decided again under other rules.

    Attributes:
        against: what the decisions were re-decided under (a rule set, chain or policy id).
        rows: one row per recorded decision, in the log's order (dispute, then seq).
    """

    against: str
    rows: tuple[CounterfactualRow, ...]

    @property
    def differences(self) -> tuple[CounterfactualRow, ...]:
        """
        The rows whose decision would have differed.
        """
        return tuple(r for r in self.rows if r.differs)

    @property
    def first_divergence(self) -> Mapping[str, CounterfactualRow]:
        """
        Each dispute's first decision that would have differed, by dispute id (disputes
        where nothing would have changed are absent).
        """
        first: dict[str, CounterfactualRow] = {}
        for r in self.rows:
            if r.differs and r.dispute_id not in first:
                first[r.dispute_id] = r
        return first

    def counts(self) -> Mapping[str, int]:
        """
        Rows by status.
        """
        out = dict.fromkeys(("same", "differs", "illegal", "error", "not_covered"), 0)
        for r in self.rows:
            out[r.status] += 1
        return out

    def summary(self, lang: Language = "en") -> str:
        """
        A short text report: counts, then each dispute's first divergence.
        """
        zh = lang == "zh"
        disputes = len({r.dispute_id for r in self.rows})
        counts = self.counts()
        first = self.first_divergence
        if zh:
            lines = [
                f"按 {self.against} 重新决定 {disputes} 件纠纷的 {len(self.rows)} 项已记录决定："
                + ("，".join(f"{_STATUS_ZH[k]} {v}" for k, v in counts.items() if v) or "无"),
                f"{len(first)} 件纠纷的路径会改变；各自第一个不同的决定：",
            ]
        else:
            lines = [
                f"{len(self.rows)} recorded decisions of {disputes} disputes re-decided under "
                f"{self.against}: "
                + (", ".join(f"{v} {k}" for k, v in counts.items() if v) or "none"),
                f"{len(first)} disputes would have diverged; first divergence of each:",
            ]
        for r in first.values():
            recorded = f"{r.recorded_outcome} ({r.recorded_policy}/{r.recorded_rule})"
            if r.status == "illegal":
                other = ("不合法：" if zh else "illegal: ") + r.problem
            else:
                other = f"{r.outcome} ({r.policy}/{r.rule})"
            what = ", ".join(
                f"{k} {a if a is not None else '-'} -> {b if b is not None else '-'}"
                for k, (a, b) in r.changes.items()
                if k != "outcome"
            )
            tail = f"; {what}" if what else ""
            lines.append(f"  {r.dispute_id} #{r.seq} {r.on} {r.point}: {recorded} -> {other}{tail}")
        return "\n".join(lines)

    def to_pandas(self) -> pd.DataFrame:
        """
        The rows as a DataFrame (needs the ``pandas`` extra).
        """
        import pandas as pd

        columns = list(attrs.fields_dict(CounterfactualRow))
        columns = [c for c in columns if c != "decision"]
        columns.insert(columns.index("status") + 1, "differs")
        columns.append(columns.pop(columns.index("changes")))
        return pd.DataFrame([r.to_record() for r in self.rows], columns=columns)


def counterfactual(
    events: Iterable[Event],
    rules: Rules,
    *,
    lifecycles: Mapping[str, Lifecycle] | Iterable[Lifecycle] = (),
    roster: Iterable[Venue] = (),
    rng: np.random.Generator | None = None,
    parameters: ParameterSet | None = None,
    as_of: pendulum.Date | None = None,
) -> CounterfactualReport:
    """
    Decide every recorded decision of a log again under other rules.

    Args:
        events: the log, events of one or many disputes (each dispute's events in ``seq``
            order; disputes may be interleaved).
        rules: what to decide under: a :class:`RuleSets` (the rule set governing each act's
            date, transitional provisions included), one :class:`RuleSet` (for every act),
            a :class:`PolicyChain` (for its point only), or one policy, taken as put first in
            the chain that recorded the decision (where it abstains, the recorded decision
            stands).
        lifecycles: the definitions the log was recorded under, by id (the shipped PRC ones
            and those of ``rules`` are known already).
        roster: venues and mediators for policies that assign them.
        rng: a numpy Generator for policies that draw.
        parameters: parameters for a chain or policy given alone (default: those of the
            lifecycle the case runs on); a rule set brings its own.
        as_of: read the rules as they stand on this date (e.g. the first day of new rules,
            to apply them to last year's cases): a :class:`RuleSets` picks the rule set in
            force on it, and every parameter takes its value on it. The act keeps its
            recorded date (periods and time-relative rules still count from it). Default:
            each act's recorded court-local date.

    Returns:
        The report, one row per recorded decision (acts voided by a correction are left
        out; a decision carried by several events of one act counts once).

    Raises:
        ReplayError: a dispute's log does not replay.
    """
    known = _lifecycles(rules, lifecycles)
    against = _label(rules) + (f" as of {as_of}" if as_of is not None else "")
    by_dispute: dict[str, list[Event]] = {}
    for e in events:
        by_dispute.setdefault(e.dispute_id, []).append(e)
    rows: list[CounterfactualRow] = []
    for dispute_events in by_dispute.values():
        rows.extend(_dispute(dispute_events, rules, known, tuple(roster), rng, parameters, as_of))
    return CounterfactualReport(against, tuple(rows))


def _label(rules: Rules) -> str:
    if isinstance(rules, RuleSets):
        return ", ".join(rules.ids)
    if isinstance(rules, RuleSet):
        return rules.id
    if isinstance(rules, PolicyChain):
        return f"chain {rules.point} ({', '.join(rules.ids)})"
    return f"policy {rules.id}"


def _lifecycles(
    rules: Rules, given: Mapping[str, Lifecycle] | Iterable[Lifecycle]
) -> dict[str, Lifecycle]:
    known = {lc.id: lc for lc in (prc_civil_2022(), prc_civil_2025())}
    if isinstance(rules, RuleSets):
        known.update({r.lifecycle.id: r.lifecycle for r in rules})
    elif isinstance(rules, RuleSet):
        known[rules.lifecycle.id] = rules.lifecycle
    if isinstance(given, Mapping):
        known.update(given)
    else:
        known.update({lc.id: lc for lc in given})
    return known


def _dispute(
    events: Sequence[Event],
    rules: Rules,
    lifecycles: Mapping[str, Lifecycle],
    roster: tuple[Venue, ...],
    rng: np.random.Generator | None,
    parameters: ParameterSet | None,
    as_of: pendulum.Date | None,
) -> list[CounterfactualRow]:
    voided = voided_acts(events)
    rows: list[CounterfactualRow] = []
    seen_acts: set[int] = set()
    case: Case | None = None
    for i, e in enumerate(events):
        if e.decision and e.act not in voided and e.act not in seen_acts and case is not None:
            seen_acts.add(e.act)
            rows.append(_row(e, case, rules, lifecycles, roster, rng, parameters, as_of))
        if e.type == "correction" or e.act in voided:
            # Corrections undo earlier acts: fold the prefix again as replay does.
            case = replay(events[: i + 1], lifecycles)
        else:
            case = (
                replay(events[: i + 1], lifecycles)
                if case is None
                else apply_event(case, e, _definition(lifecycles, e))
            )
    return rows


def _definition(lifecycles: Mapping[str, Lifecycle], event: Event) -> Lifecycle:
    found = lifecycles.get(event.lifecycle_id)
    if found is None:
        raise UnknownNameError("lifecycle", event.lifecycle_id, lifecycles, "counterfactual")
    return found


def _proceeding(case: Case, event: Event, lifecycle: Lifecycle) -> Proceeding | None:
    if event.proceeding_id is None:
        return None
    for p in case.proceedings:
        if p.id == event.proceeding_id:
            return p
    # The act opened this proceeding: the decision was made on its parent (if any).
    opened = apply_event(case, event, lifecycle).proceeding(event.proceeding_id)
    return case.proceeding(opened.parent) if opened.parent is not None else None


def _row(
    event: Event,
    case: Case,
    rules: Rules,
    lifecycles: Mapping[str, Lifecycle],
    roster: tuple[Venue, ...],
    rng: np.random.Generator | None,
    parameters: ParameterSet | None,
    as_of: pendulum.Date | None,
) -> CounterfactualRow:
    assert event.decision is not None
    recorded = Decision.from_record(event.decision)
    lifecycle = lifecycles.get(case.lifecycle_id) or _definition(lifecycles, event)
    proceeding = _proceeding(case, event, lifecycle)
    on = event.on if event.on is not None else event.at.date()
    base = CounterfactualRow(
        dispute_id=event.dispute_id,
        seq=event.seq,
        on=on,
        point=recorded.point,
        proceeding_id=proceeding.id if proceeding is not None else event.proceeding_id,
        recorded_outcome=recorded.outcome,
        recorded_trigger=recorded.trigger,
        recorded_policy=recorded.policy,
        recorded_rule=recorded.rule,
        recorded_rule_set=recorded.rule_set or event.rule_set,
        outcome=None,
        trigger=None,
        policy=None,
        rule=None,
        rule_set=None,
        status="not_covered",
    )
    try:
        chain, rule_set = _chain_for(rules, recorded, case, proceeding, as_of or on)
    except (NoRuleSetError, UnknownNameError) as exc:
        return attrs.evolve(base, problem=exc.message())
    if chain is None:
        return attrs.evolve(base, problem=f"{_label(rules)} does not decide {recorded.point!r}")
    own = parameters if parameters is not None else lifecycle.parameters
    request = DecisionRequest(
        point=recorded.point,
        case=case,
        proceeding=proceeding,
        lifecycle=lifecycle,
        at=event.at,
        on=on,
        parameters=_fixed(own if rule_set is None else rule_set.parameters, as_of),
        data=dict(recorded.inputs),
        roster=roster,
        rng=rng,
        rule_set=rule_set.id if rule_set is not None else recorded.rule_set,
    )
    try:
        decision = chain.decide(request)
    except PolicyError as exc:
        illegal = "not legal" in exc.problem
        status: Status = "illegal" if illegal else "error"
        return attrs.evolve(base, status=status, policy=exc.policy, problem=exc.message())
    except DisputeflowError as exc:
        return attrs.evolve(base, status="error", problem=exc.message())
    return attrs.evolve(
        base,
        outcome=decision.outcome,
        trigger=decision.trigger,
        policy=decision.policy,
        rule=decision.rule,
        rule_set=decision.rule_set,
        status="same" if _same_act(recorded, decision, lifecycle) else "differs",
        changes=_changes(recorded, decision),
        decision=decision,
    )


def _same_act(recorded: Decision, other: Decision, lifecycle: Lifecycle) -> bool:
    """
    Whether two decisions would do the same to the case: the same outcome and trigger, and the
    same values for the payload keys the trigger needs or records. Evidence a policy keeps in
    its data (e.g. the small-claims threshold it compared against) shows in ``changes`` but
    does not make the decision differ.
    """
    if recorded.outcome != other.outcome or recorded.trigger != other.trigger:
        return False
    if other.trigger is None:
        return True
    keys: set[str] = set()
    for t in lifecycle.transitions:
        if t.trigger == other.trigger:
            keys.update(t.needs)
            keys.update(t.records)
    return all(recorded.data.get(k) == other.data.get(k) for k in keys)


def _changes(recorded: Decision, other: Decision) -> dict[str, tuple[Any, Any]]:
    out: dict[str, tuple[Any, Any]] = {}
    if recorded.outcome != other.outcome:
        out["outcome"] = (recorded.outcome, other.outcome)
    if recorded.trigger != other.trigger:
        out["trigger"] = (recorded.trigger, other.trigger)
    for key in dict.fromkeys([*recorded.data, *other.data]):
        a, b = recorded.data.get(key), other.data.get(key)
        if a != b:
            out[key] = (a, b)
    return out


def _fixed(parameters: ParameterSet, as_of: pendulum.Date | None) -> ParameterSet:
    """
    The parameters with each value fixed at what it is on ``as_of`` (unchanged without one,
    and for a parameter with no value on that day).
    """
    if as_of is None:
        return parameters
    fixed = []
    for p in parameters.parameters:
        if not any(v.covers(as_of) for v in p.values):
            fixed.append(p)
            continue
        entry = p.entry_at(as_of)
        forever = DatedValue(
            value=entry.value,
            valid_from=pendulum.Date(1, 1, 1),
            reference=entry.reference,
            verified=entry.verified,
            note=f"value in force on {as_of}",
        )
        fixed.append(attrs.evolve(p, values=(forever,)))
    return ParameterSet(fixed)


class _Recorded:
    """
    Stands in for the chain that recorded a decision, behind a policy put first: it gives the
    recorded decision back (as that chain, deterministic on the same facts, would).
    """

    version = "recorded"

    def __init__(self, decision: Decision) -> None:
        self._decision = decision
        self.id = f"recorded:{decision.policy}"
        self.point = decision.point

    def decide(self, request: DecisionRequest) -> Decision:
        return attrs.evolve(self._decision, consulted=())


def _chain_for(
    rules: Rules,
    recorded: Decision,
    case: Case,
    proceeding: Proceeding | None,
    on: pendulum.Date,
) -> tuple[PolicyChain | None, RuleSet | None]:
    if isinstance(rules, RuleSets):
        governing, _ = rules.governing(case, proceeding, on)
        return governing.chains.get(recorded.point), governing
    if isinstance(rules, RuleSet):
        return rules.chains.get(recorded.point), rules
    if isinstance(rules, PolicyChain):
        return (rules if rules.point == recorded.point else None), None
    if rules.point != recorded.point:
        return None, None
    return PolicyChain(recorded.point, _Recorded(recorded), policies=(rules,)), None
