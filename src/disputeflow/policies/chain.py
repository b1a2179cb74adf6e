"""
:class:`PolicyChain`: deterministic precedence between policies at one decision point.

Overrides are asked first, then the policies in order, then the default: the first that
decides wins. The decision names every policy consulted and what each said, so the
explanation of a case shows who decided and who was passed over. Every decision is checked
before anyone acts on it (as pluggy checks a hook implementation when it is registered): it
must be a :class:`Decision` for this point whose trigger the lifecycle allows from the
proceeding's state, with a payload of plain data (the event log stores it).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from disputeflow.errors import PolicyError, UnknownNameError
from disputeflow.policies.decision import PLAIN_TYPES, Consultation, Decision, plain_problem
from disputeflow.policies.protocols import DecisionRequest, Policy

__all__ = ["PolicyChain", "legal_triggers"]


def legal_triggers(request: DecisionRequest) -> tuple[str, ...]:
    """
    Triggers a decision may name for this request: those defined from the proceeding's state,
    the openings it may start, or (without a proceeding) the openings that need no parent.
    Guards are not evaluated here (they run when the trigger fires and may still refuse).
    """
    lc = request.lifecycle
    p = request.proceeding
    if p is None:
        return tuple(
            t.trigger for t in lc.openings if not t.requires and not lc.chained_by(t.trigger)
        )
    names = list(lc.triggers_from(p.state))
    names.extend(t.trigger for t in lc.openings_from(p.state))
    return tuple(dict.fromkeys(names))


def _check(policy: Policy, request: DecisionRequest, decision: object) -> Decision:
    if not isinstance(decision, Decision):
        raise PolicyError(
            policy.id, request.point, f"returned {type(decision).__name__}, not a Decision"
        )
    if decision.point != request.point:
        raise PolicyError(
            policy.id, request.point, f"returned a decision for point {decision.point!r}"
        )
    problem = plain_problem(dict(decision.data))
    if problem is not None:
        # Checked here, not when the log is saved: the event must hold plain data.
        raise PolicyError(
            policy.id, request.point, f"decision {problem}, not plain data", (PLAIN_TYPES,)
        )
    if decision.trigger is not None:
        valid = legal_triggers(request)
        if decision.trigger not in valid:
            p = request.proceeding
            where = (
                f"case {request.case.dispute_id} proceeding {p.id} in state {p.state!r}"
                if p is not None
                else f"case {request.case.dispute_id}, no proceeding"
            )
            raise PolicyError(
                policy.id,
                request.point,
                f"trigger {decision.trigger!r} is not legal here",
                valid,
                where,
            )
    return decision


def _policies(value: Iterable[Policy]) -> tuple[Policy, ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class PolicyChain:
    """
    The policies that decide one point, in order of precedence.

    Args:
        point: the decision point.
        default: asked last; it must decide.
        policies: asked in order after the overrides.
        overrides: asked first (e.g. a court's temporary instruction).
    """

    point: str
    default: Policy
    policies: tuple[Policy, ...] = attrs.field(default=(), converter=_policies)
    overrides: tuple[Policy, ...] = attrs.field(default=(), converter=_policies)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for role, policy in self._ordered():
            if not isinstance(policy, Policy):
                raise PolicyError(
                    repr(policy), self.point, f"{role} does not implement the Policy protocol"
                )
            if policy.point != self.point:
                raise PolicyError(
                    policy.id, self.point, f"decides point {policy.point!r}, not {self.point!r}"
                )
            if policy.id in seen:
                raise PolicyError(policy.id, self.point, "appears twice in the chain")
            seen.add(policy.id)

    def _ordered(self) -> list[tuple[str, Policy]]:
        return (
            [("override", p) for p in self.overrides]
            + [("policy", p) for p in self.policies]
            + [("default", self.default)]
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """
        Policy ids in the order they are asked.
        """
        return tuple(p.id for _, p in self._ordered())

    def get(self, policy_id: str) -> Policy:
        """
        The policy with this id.

        Raises:
            UnknownNameError: no such policy in the chain.
        """
        for _, p in self._ordered():
            if p.id == policy_id:
                return p
        raise UnknownNameError("policy", policy_id, self.ids, f"chain {self.point!r}")

    def decide(self, request: DecisionRequest) -> Decision:
        """
        Ask the policies in order; the first decision wins.

        Returns:
            The decision, with ``consulted`` naming every policy in the chain and
            ``rule_set`` and ``inputs`` filled in from the request.

        Raises:
            PolicyError: a policy returned something invalid, or the default abstained.
        """
        consulted: list[Consultation] = []
        chosen: Decision | None = None
        for role, policy in self._ordered():
            if chosen is not None:
                consulted.append(Consultation(policy.id, policy.version, "not_reached", role))
                continue
            result = policy.decide(request)
            if result is None:
                consulted.append(Consultation(policy.id, policy.version, "abstained", role))
                continue
            chosen = _check(policy, request, result)
            consulted.append(Consultation(policy.id, policy.version, "decided", role, chosen.rule))
        if chosen is None:
            raise PolicyError(self.default.id, self.point, "the default policy did not decide")
        return attrs.evolve(
            chosen,
            consulted=tuple(consulted),
            rule_set=request.rule_set,
            inputs=dict(request.data),
        )

    def with_policy(
        self, policy: Policy, *, before: str | None = None, first: bool = False
    ) -> PolicyChain:
        """
        A new chain with ``policy`` added: at the end of the policies (before the default),
        first, or just before the policy ``before``.
        """
        items = list(self.policies)
        if first:
            items.insert(0, policy)
        elif before is not None:
            ids = [p.id for p in items]
            if before not in ids:
                raise UnknownNameError("policy", before, ids, f"chain {self.point!r}")
            items.insert(ids.index(before), policy)
        else:
            items.append(policy)
        return attrs.evolve(self, policies=tuple(items))

    def with_override(self, policy: Policy) -> PolicyChain:
        """
        A new chain where ``policy`` is asked before everything else.
        """
        return attrs.evolve(self, overrides=(policy, *self.overrides))

    def with_default(self, policy: Policy) -> PolicyChain:
        """
        A new chain with another default.
        """
        return attrs.evolve(self, default=policy)

    def without(self, policy_ids: Iterable[str] | str) -> PolicyChain:
        """
        A new chain without these policies (the default cannot be removed).
        """
        drop = {policy_ids} if isinstance(policy_ids, str) else set(policy_ids)
        unknown = drop - set(self.ids)
        if unknown:
            raise UnknownNameError("policy", sorted(unknown)[0], self.ids, f"chain {self.point}")
        return attrs.evolve(
            self,
            policies=tuple(p for p in self.policies if p.id not in drop),
            overrides=tuple(p for p in self.overrides if p.id not in drop),
        )
