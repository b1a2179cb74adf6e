"""
Rule sets: a lifecycle, its policies and parameters, valid from one date to another.

Only rule sets are chosen by date. By default each act is governed by the rule set in force on
the act's date: when the law changes, pending cases continue under the new rules and acts
already done stay valid (SPC Interpretation on the applicable law after the CPL amendment,
法释〔2012〕23号 Art. 1). A rule set's transitional provisions may pin a case to older rules.
The proceedings of a dispute keep running on the lifecycle they were opened under; moving them
to another definition is an explicit, logged migration (see the engine's ``Jurisdiction``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping

import attrs
import pendulum

from disputeflow.errors import NoRuleSetError, RuleSetDefinitionError, UnknownNameError
from disputeflow.events.case import Case, Proceeding
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.parameters import ParameterSet
from disputeflow.policies.chain import PolicyChain
from disputeflow.policies.protocols import Policy

__all__ = ["RuleSet", "RuleSets", "TransitionalProvision"]

#: ``applies(case, proceeding, on)``: whether a provision pins this act to older rules.
Applies = Callable[[Case, Proceeding | None, pendulum.Date], bool]


@attrs.frozen(slots=True)
class TransitionalProvision:
    """
    A transitional provision: acts it applies to stay under the rule set ``pin_to``.

    Attributes:
        id: stable id.
        applies: ``(case, proceeding, on) -> bool``.
        pin_to: id of the rule set that governs the acts it applies to.
        description: what it says, in English.
        description_zh: in Chinese.
        legal_basis: where it comes from (or ``"configured"`` when the law leaves it open).
    """

    id: str
    applies: Applies
    pin_to: str
    description: str = ""
    description_zh: str = ""
    legal_basis: str = ""


def _chains(value: Mapping[str, PolicyChain] | Iterable[PolicyChain]) -> Mapping[str, PolicyChain]:
    if isinstance(value, Mapping):
        return dict(value)
    return {c.point: c for c in value}


@attrs.frozen(slots=True)
class RuleSet:
    """
    A dated bundle: lifecycle definition, policy chains by decision point, and parameters.

    Attributes:
        id: stable kebab-case id (``prc-2025``).
        lifecycle: the definition new disputes are opened under.
        valid_from: first date of acts it governs.
        valid_to: last date (inclusive), or ``None`` while in force.
        chains: the policy chain of each decision point.
        parameters: policy parameters (dated values); the lifecycle's own parameters are
            looked up here too, so one place answers ``value(id, on)``.
        transitional: provisions pinning some acts to other rule sets.
        name, name_zh: display names.
        legal_basis: the instruments it implements.
    """

    id: str
    lifecycle: Lifecycle
    valid_from: pendulum.Date
    valid_to: pendulum.Date | None = None
    chains: Mapping[str, PolicyChain] = attrs.field(factory=dict, converter=_chains)
    parameters: ParameterSet = attrs.field(factory=ParameterSet)
    transitional: tuple[TransitionalProvision, ...] = ()
    name: str = ""
    name_zh: str = ""
    legal_basis: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        problems = []
        if self.valid_to is not None and self.valid_to < self.valid_from:
            problems.append(
                f"rule set {self.id!r}: valid_to {self.valid_to} is before valid_from "
                f"{self.valid_from}"
            )
        for point, chain in self.chains.items():
            if chain.point != point:
                problems.append(
                    f"rule set {self.id!r}: chain for {chain.point!r} filed under {point!r}"
                )
        if problems:
            raise RuleSetDefinitionError(problems)

    def in_force(self, on: pendulum.Date) -> bool:
        """
        Whether the rule set governs acts on this date.
        """
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def chain(self, point: str) -> PolicyChain:
        """
        The chain deciding ``point``.

        Raises:
            UnknownNameError: the rule set has no policies for that point.
        """
        found = self.chains.get(point)
        if found is None:
            raise UnknownNameError("decision point", point, self.chains, f"rule set {self.id}")
        return found

    @property
    def points(self) -> tuple[str, ...]:
        """
        The decision points this rule set decides.
        """
        return tuple(self.chains)

    def with_chain(self, chain: PolicyChain) -> RuleSet:
        """
        A new rule set with ``chain`` for its point (added or replaced).
        """
        return attrs.evolve(self, chains={**self.chains, chain.point: chain})

    def with_policy(
        self, policy: Policy, *, before: str | None = None, first: bool = False
    ) -> RuleSet:
        """
        A new rule set with ``policy`` added to the chain of its point.
        """
        return self.with_chain(
            self.chain(policy.point).with_policy(policy, before=before, first=first)
        )

    def derive(self, id: str, **changes: object) -> RuleSet:
        """
        A new rule set with another id and any of the fields changed
        (``valid_from=``, ``valid_to=``, ``chains=``, ``parameters=`` ...).
        """
        return attrs.evolve(self, id=id, **changes)  # type: ignore[arg-type]


class RuleSets:
    """
    The rule sets a jurisdiction knows, ordered by date, with no overlap.

    Args:
        rule_sets: the rule sets. Gaps between them are allowed (acts in a gap are an error);
            overlaps are not.

    Raises:
        RuleSetDefinitionError: duplicate ids or overlapping validity.
    """

    def __init__(self, rule_sets: Iterable[RuleSet]) -> None:
        items = sorted(rule_sets, key=lambda r: r.valid_from)
        problems = []
        ids = [r.id for r in items]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(f"rule set id {dup!r} appears more than once")
        for a, b in itertools.pairwise(items):
            if a.valid_to is None or a.valid_to >= b.valid_from:
                problems.append(
                    f"rule sets {a.id!r} (to {a.valid_to or 'open'}) and {b.id!r} "
                    f"(from {b.valid_from}) overlap"
                )
        known = set(ids)
        for r in items:
            for t in r.transitional:
                if t.pin_to not in known:
                    problems.append(
                        f"rule set {r.id!r}: transitional provision {t.id!r} pins to unknown "
                        f"rule set {t.pin_to!r}"
                    )
        if problems:
            raise RuleSetDefinitionError(problems)
        self._items = tuple(items)
        self._by_id = {r.id: r for r in items}

    def __iter__(self) -> Iterator[RuleSet]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def ids(self) -> tuple[str, ...]:
        """
        Rule set ids in date order.
        """
        return tuple(r.id for r in self._items)

    def get(self, id: str) -> RuleSet:
        """
        The rule set with this id.

        Raises:
            UnknownNameError: no such rule set.
        """
        found = self._by_id.get(id)
        if found is None:
            raise UnknownNameError("rule set", id, self._by_id)
        return found

    def in_force(self, on: pendulum.Date) -> RuleSet:
        """
        The rule set in force on ``on``.

        Raises:
            NoRuleSetError: none covers that date.
        """
        for r in self._items:
            if r.in_force(on):
                return r
        raise NoRuleSetError(on, [(r.id, r.valid_from, r.valid_to) for r in self._items])

    def governing(
        self, case: Case | None, proceeding: Proceeding | None, on: pendulum.Date
    ) -> tuple[RuleSet, TransitionalProvision | None]:
        """
        The rule set that governs an act on ``on``: the one in force, unless one of its
        transitional provisions pins the act to another.

        Returns:
            The governing rule set and the provision that chose it (``None`` when none did).
        """
        current = self.in_force(on)
        if case is not None:
            for provision in current.transitional:
                if provision.applies(case, proceeding, on):
                    return self.get(provision.pin_to), provision
        return current, None

    def replace(self, rule_set: RuleSet) -> RuleSets:
        """
        New rule sets with the one of the same id replaced (or added).
        """
        return RuleSets([*(r for r in self._items if r.id != rule_set.id), rule_set])
