"""
:class:`Jurisdiction`: dated rule sets over engines, decisions made by policies.

A jurisdiction knows its rule sets. Each act is governed by the rule set in force on the act's
court-local date (or the one a transitional provision pins it to); the act runs on the
lifecycle the dispute was opened under, so a change of rules never silently moves a pending
proceeding onto another state machine: :meth:`Jurisdiction.migrate` does that, explicitly, as a
logged event. Every event records the governing rule set; every act a policy decided records
the whole decision, which :meth:`Jurisdiction.explain` reads back in English or Chinese.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from disputeflow.engine.engine import Engine
from disputeflow.engine.records import Action, Outcome, RunningClock, describe_event
from disputeflow.errors import InvalidValueError, Language, UnknownNameError
from disputeflow.events.case import Case, Proceeding
from disputeflow.events.event import Event
from disputeflow.events.facts import Facts
from disputeflow.events.fold import apply_event, replay
from disputeflow.lifecycle.citations import cite
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.prc import prc_civil_2022, prc_civil_2025
from disputeflow.policies.decision import Decision
from disputeflow.policies.protocols import DecisionRequest, Venue
from disputeflow.policies.ruleset import RuleSet, RuleSets

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Jurisdiction"]


class Jurisdiction:
    """
    Rule sets by date over one engine per lifecycle definition.

    Args:
        rule_sets: the rule sets (a :class:`RuleSets` or any iterable of :class:`RuleSet`).
        roster: mediation venues and mediators policies may assign (can be replaced per call).
        **engine_options: passed to every :class:`Engine` (``calendar``, ``courts``,
            ``numbering``, ``strict_calendar``, ``tz``, ``clock``).

    Raises:
        RuleSetDefinitionError: the rule sets overlap or name unknown rule sets.
    """

    def __init__(
        self,
        rule_sets: RuleSets | Iterable[RuleSet],
        *,
        roster: Iterable[Venue] = (),
        **engine_options: Any,
    ) -> None:
        self.rule_sets = rule_sets if isinstance(rule_sets, RuleSets) else RuleSets(rule_sets)
        self.roster = tuple(roster)
        self._options = engine_options
        self._engines: dict[str, Engine] = {}
        for r in self.rule_sets:
            self._add_engine(r.lifecycle)

    def _add_engine(self, lifecycle: Lifecycle) -> Engine:
        found = self._engines.get(lifecycle.id)
        if found is None:
            found = self._engines[lifecycle.id] = Engine(lifecycle, **self._options)
        return found

    # -- look-ups ---------------------------------------------------------------------------

    @property
    def lifecycles(self) -> Mapping[str, Lifecycle]:
        """
        The lifecycle definitions of every rule set (and any migrated to), by id.
        """
        return {k: e.lifecycle for k, e in self._engines.items()}

    def engine(self, case_or_lifecycle: Case | str) -> Engine:
        """
        The engine for a case's lifecycle (or a lifecycle id).

        Raises:
            UnknownNameError: no rule set uses that lifecycle.
        """
        key = (
            case_or_lifecycle
            if isinstance(case_or_lifecycle, str)
            else case_or_lifecycle.lifecycle_id
        )
        found = self._engines.get(key)
        if found is None:
            raise UnknownNameError("lifecycle", key, self._engines)
        return found

    def _at(self, at: Any) -> pendulum.DateTime:
        any_engine = next(iter(self._engines.values()))
        return any_engine._now(at)

    def _on(self, case: Case | None, facts: Facts | None, at: pendulum.DateTime) -> pendulum.Date:
        court = case.facts.court if case is not None else (facts.court if facts else "")
        return next(iter(self._engines.values()))._on(at, court)

    def rule_set(
        self,
        case: Case | None,
        proceeding: str | Proceeding | None = None,
        *,
        at: Any = None,
        facts: Facts | None = None,
    ) -> RuleSet:
        """
        The rule set governing an act at ``at`` on ``case`` (``None`` for a new dispute, whose
        court is then read from ``facts``).

        Raises:
            NoRuleSetError: no rule set covers the act's date.
        """
        when = self._at(at)
        p = self._proceeding(case, proceeding)
        governing, _ = self.rule_sets.governing(case, p, self._on(case, facts, when))
        return governing

    @staticmethod
    def _proceeding(case: Case | None, proceeding: str | Proceeding | None) -> Proceeding | None:
        if proceeding is None or case is None:
            return None
        if isinstance(proceeding, Proceeding):
            return proceeding
        return case.proceeding(proceeding)

    # -- deciding ---------------------------------------------------------------------------

    def decide(
        self,
        case: Case,
        proceeding: str | Proceeding | None,
        point: str,
        *,
        at: Any = None,
        data: Mapping[str, Any] | None = None,
        rng: np.random.Generator | None = None,
        roster: Iterable[Venue] | None = None,
    ) -> Decision:
        """
        Ask the governing rule set's chain for ``point`` to decide, without acting.

        Raises:
            NoRuleSetError, UnknownNameError: no rule set, or it has no chain for ``point``.
            PolicyError: a policy returned an invalid decision.
        """
        when = self._at(at)
        p = self._proceeding(case, proceeding)
        on = self._on(case, None, when)
        governing, _ = self.rule_sets.governing(case, p, on)
        request = DecisionRequest(
            point=point,
            case=case,
            proceeding=p,
            lifecycle=self.engine(case).lifecycle,
            at=when,
            on=on,
            parameters=governing.parameters,
            data=dict(data or {}),
            roster=tuple(roster) if roster is not None else self.roster,
            rng=rng,
            rule_set=governing.id,
        )
        decision = governing.chain(point).decide(request)
        # The record keeps citations in the edition in force on the date of the act.
        return attrs.evolve(decision, legal_basis=tuple(cite(b, on) for b in decision.legal_basis))

    def act(
        self,
        case: Case,
        proceeding: str | Proceeding | None,
        point: str,
        *,
        at: Any = None,
        actor: str,
        data: Mapping[str, Any] | None = None,
        rng: np.random.Generator | None = None,
        roster: Iterable[Venue] | None = None,
        expected_seq: int | None = None,
    ) -> Outcome:
        """
        Decide ``point`` and carry the decision out: fire its trigger with the act's data and
        the decision's payload, the whole decision recorded in the event. A decision not to
        act is recorded too (a ``decision_recorded`` event), so the route can be explained.

        Returns:
            The outcome; ``outcome.decision`` is the decision.
        """
        when = self._at(at)
        decision = self.decide(case, proceeding, point, at=when, data=data, rng=rng, roster=roster)
        pid = proceeding.id if isinstance(proceeding, Proceeding) else proceeding
        return self.apply(
            case, pid, decision, at=when, actor=actor, data=data, expected_seq=expected_seq
        )

    def apply(
        self,
        case: Case,
        proceeding: str | None,
        decision: Decision,
        *,
        at: Any = None,
        actor: str,
        data: Mapping[str, Any] | None = None,
        expected_seq: int | None = None,
    ) -> Outcome:
        """
        Carry out a decision already made (see :meth:`act`).
        """
        when = self._at(at)
        record = decision.to_record()
        reason = decision.why()
        if decision.trigger is None:
            engine = self.engine(case)
            when = engine._begin(case, when, expected_seq)
            event = engine._case_event(
                case,
                "decision_recorded",
                when,
                actor,
                reason,
                proceeding_id=proceeding,
                decision=record,
                rule_set=decision.rule_set,
                on=engine._on(when, case.facts.court),
                legal_basis="; ".join(decision.legal_basis),
            )
            new = apply_event(case, event, engine.lifecycle)
            return Outcome(new, (event,), None, decision)
        payload = {**dict(data or {}), **dict(decision.data)}
        out = self.engine(case).fire(
            case,
            proceeding,
            decision.trigger,
            at=when,
            actor=actor,
            data=payload,
            reason=reason,
            expected_seq=expected_seq,
            decision=record,
            legal_basis="; ".join(decision.legal_basis),
        )
        return self._stamp(out, decision.rule_set, decision)

    # -- acting without a policy -------------------------------------------------------------

    def open(
        self,
        dispute_id: str,
        facts: Facts,
        trigger: str,
        *,
        at: Any = None,
        actor: str,
        data: Mapping[str, Any] | None = None,
        reason: str = "",
    ) -> Outcome:
        """
        Open a dispute under the lifecycle of the rule set in force on the act's date.

        Raises:
            NoRuleSetError: no rule set covers the date (e.g. history before 2022 without a
                rule set from the caller).
        """
        when = self._at(at)
        governing = self.rule_set(None, at=when, facts=facts)
        out = self.engine(governing.lifecycle.id).open(
            dispute_id, facts, trigger, at=when, actor=actor, data=data, reason=reason
        )
        return self._stamp(out, governing.id, None)

    def fire(
        self,
        case: Case,
        proceeding: str | None,
        trigger: str,
        *,
        at: Any = None,
        actor: str,
        data: Mapping[str, Any] | None = None,
        reason: str = "",
        expected_seq: int | None = None,
        legal_basis: str = "",
    ) -> Outcome:
        """
        Fire a trigger by hand (a person's act, no policy), recording the governing rule set.
        """
        when = self._at(at)
        governing = self.rule_set(case, proceeding, at=when)
        out = self.engine(case).fire(
            case,
            proceeding,
            trigger,
            at=when,
            actor=actor,
            data=data,
            reason=reason,
            expected_seq=expected_seq,
            legal_basis=legal_basis,
        )
        return self._stamp(out, governing.id, None)

    def advance(self, case: Case, until: Any = None, *, actor: str = "system") -> Outcome:
        """
        Fire clock expiries due up to ``until`` (see :meth:`Engine.advance`), stamping the rule
        set governing each expiry's date.
        """
        out = self.engine(case).advance(case, until, actor=actor)
        if not out.events:
            return out
        stamped = []
        by_act: dict[int, str] = {}
        for e in out.events:
            governed = by_act.get(e.act)
            if governed is None:
                # One rule set per act, chosen by the act's first event: the expiring
                # proceeding, which a transitional provision may pin to older rules.
                on = e.on if e.on is not None else e.at.date()
                p = _find(case, e.proceeding_id) or _find(out.case, e.proceeding_id)
                governed = by_act[e.act] = self.rule_sets.governing(case, p, on)[0].id
            stamped.append(attrs.evolve(e, rule_set=governed))
        return attrs.evolve(out, events=tuple(stamped))

    @staticmethod
    def _stamp(out: Outcome, rule_set: str | None, decision: Decision | None) -> Outcome:
        events = tuple(attrs.evolve(e, rule_set=rule_set) for e in out.events)
        return Outcome(out.case, events, out.transition, decision)

    # -- reading ----------------------------------------------------------------------------

    def allowed(
        self, case: Case, proceeding: str | None = None, *, at: Any = None
    ) -> tuple[Action, ...]:
        """
        What may be done now (see :meth:`Engine.allowed`).
        """
        return self.engine(case).allowed(case, proceeding, at=at)

    def deadlines(self, case: Case, at: Any = None) -> tuple[RunningClock, ...]:
        """
        Every running clock (see :meth:`Engine.deadlines`).
        """
        return self.engine(case).deadlines(case, at)

    def replay(self, events: Sequence[Event]) -> Case:
        """
        Rebuild a case from its log, across migrations between lifecycles.
        """
        return replay(events, self.lifecycles)

    # -- migration --------------------------------------------------------------------------

    def migrate(
        self,
        case: Case,
        lifecycle: str | Lifecycle,
        *,
        at: Any = None,
        actor: str,
        states: Mapping[str, str] | None = None,
        reason: str = "",
        expected_seq: int | None = None,
    ) -> Outcome:
        """
        Move a dispute's proceedings onto another lifecycle definition, as one logged event.

        Args:
            case: the case.
            lifecycle: the target definition (or its id, if a rule set uses it).
            states: the new state of each proceeding by id; an unmapped open proceeding keeps
                its state name, which must exist in the target definition; an unmapped closed
                one keeps its state as history (it is not checked against the target).

        Raises:
            InvalidValueError: a proceeding would land on a state the target does not define
                (the error names the proceeding and the valid states).
        """
        target = (
            self._add_engine(lifecycle)
            if isinstance(lifecycle, Lifecycle)
            else self.engine(lifecycle)
        )
        source = self.engine(case)
        when = source._begin(case, at, expected_seq)
        mapping = dict(states or {})
        for p in case.proceedings:
            if p.closed and p.id not in mapping:
                continue  # history: a closed proceeding keeps its state under the old definition
            new_state = mapping.get(p.id, p.state)
            if not target.lifecycle.has_state(new_state):
                raise InvalidValueError(
                    f"states.{p.id}",
                    f"a state of {target.lifecycle.id!r} for proceeding {p.id} (now "
                    f"{p.state!r}); valid: {', '.join(s.name for s in target.lifecycle.states)}",
                    new_state,
                )
            mapping[p.id] = new_state
        on = source._on(when, case.facts.court)
        governing, _ = self.rule_sets.governing(case, None, on)
        event = Event(
            dispute_id=case.dispute_id,
            seq=case.seq + 1,
            type="lifecycle_migrated",
            at=when,
            act=case.seq + 1,
            actor=actor,
            reason=reason,
            lifecycle_id=target.lifecycle.id,
            rule_set=governing.id,
            on=on,
            data={"from_lifecycle": case.lifecycle_id, "states": mapping},
        )
        new = apply_event(case, event, target.lifecycle)
        return Outcome(new, (event,), None)

    # -- explaining -------------------------------------------------------------------------

    def explain(
        self,
        events: Sequence[Event],
        lang: Language = "en",
        *,
        lifecycles: Iterable[Lifecycle] = (),
    ) -> str:
        """
        The route of a dispute, act by act, with every decision: who decided (policy, version,
        rule), why, on which legal basis, under which rule set, and which other policies were
        consulted. Reads only the log, so it works after policies have changed, and after the
        rule set a log was recorded under is gone (the shipped PRC lifecycles are always
        known; pass any other with ``lifecycles``).

        Raises:
            UnknownNameError: an event's lifecycle is not known (the error lists those known).
        """
        zh = lang == "zh"
        lines: list[str] = []
        known = {lc.id: lc for lc in (prc_civil_2022(), prc_civil_2025(), *lifecycles)}
        known.update(self.lifecycles)
        for e in events:
            lc = known.get(e.lifecycle_id)
            if lc is None:
                raise UnknownNameError("lifecycle", e.lifecycle_id, known, "explain(lifecycles=)")
            lines.extend(describe_event(e, lc, lang)[:1])
            if e.rule_set:
                lines.append(f"    规则集：{e.rule_set}" if zh else f"    rule set: {e.rule_set}")
            if e.decision:
                lines.extend(_explain_decision(e.decision, lang))
        return "\n".join(lines)


def _find(case: Case, proceeding_id: str | None) -> Proceeding | None:
    return next((p for p in case.proceedings if p.id == proceeding_id), None)


def _explain_decision(record: Mapping[str, Any], lang: Language) -> list[str]:
    d = Decision.from_record(record)
    zh = lang == "zh"
    act = d.trigger or ("不采取行动" if zh else "no act")
    if zh:
        out = [
            f"    决定：{d.point} → {d.outcome}（{act}），由政策 {d.policy} v{d.version} "
            f"规则 {d.rule} 作出",
        ]
        if d.reasons or d.reasons_zh:
            out.append(f"    理由：{d.why('zh')}")
        if d.legal_basis:
            out.append(f"    依据：{'；'.join(d.legal_basis)}")
        verdicts = {"decided": "作出决定", "abstained": "未适用", "not_reached": "未轮到"}
    else:
        out = [
            f"    decision: {d.point} -> {d.outcome} ({act}) by policy {d.policy} "
            f"v{d.version}, rule {d.rule}",
        ]
        if d.reasons:
            out.append(f"    because: {d.why('en')}")
        if d.legal_basis:
            out.append(f"    legal basis: {'; '.join(d.legal_basis)}")
        verdicts = {"decided": "decided", "abstained": "abstained", "not_reached": "not reached"}
    consulted = ", ".join(f"{c.policy} ({verdicts[c.verdict]})" for c in d.consulted)
    if consulted:
        out.append(f"    {'征询' if zh else 'consulted'}: {consulted}")
    return out
