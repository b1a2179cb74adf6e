"""
Outcome by probability table (point ``outcome``): what happens next, drawn from the request's
numpy Generator. Used by simulations; live cases are decided by people's acts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from disputeflow.errors import InvalidValueError
from disputeflow.policies.builtin._common import RuleDoc, decide, text
from disputeflow.policies.chain import legal_triggers
from disputeflow.policies.decision import Decision
from disputeflow.policies.protocols import DecisionRequest

__all__ = ["OutcomeTable"]

_FIELD = "prc.outcome-table.table"


def _table(value: Any) -> Mapping[str, Mapping[str, float]]:
    if not isinstance(value, Mapping):
        raise InvalidValueError(_FIELD, "a table: state or stage -> {trigger: probability}", value)
    out: dict[str, dict[str, float]] = {}
    for key, row in value.items():
        if not isinstance(row, Mapping):
            raise InvalidValueError(f"{_FIELD}.{key}", "a table: trigger -> probability", row)
        probs: dict[str, float] = {}
        for trigger, p in row.items():
            if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
                raise InvalidValueError(f"{_FIELD}.{key}.{trigger}", "a probability in [0, 1]", p)
            probs[str(trigger)] = float(p)
        if math.fsum(probs.values()) > 1 + 1e-9:
            raise InvalidValueError(
                f"{_FIELD}.{key}", "probabilities adding up to at most 1", math.fsum(probs.values())
            )
        out[str(key)] = probs
    return out


def _payloads(value: Any) -> Mapping[str, Mapping[str, Any]]:
    field = "prc.outcome-table.payloads"
    if not isinstance(value, Mapping) or not all(isinstance(v, Mapping) for v in value.values()):
        raise InvalidValueError(field, "a table: trigger -> {key: value}", value)
    return {str(k): dict(v) for k, v in value.items()}


@attrs.frozen(slots=True)
class OutcomeTable:
    """
    Draw the next trigger from a probability table keyed by the proceeding's state (or, if the
    state has no row, its stage).

    Triggers not legal from the current state are dropped from the row before drawing (the
    remaining probabilities are not rescaled: the dropped mass and whatever the row leaves
    below 1 mean "nothing happens now", a decision with no act). Guards are not evaluated:
    a drawn trigger may still be refused when fired. A drawn trigger's required data
    (``needs``) comes from ``payloads`` or is filled with ``"simulated"``.

    Args:
        id: policy id.
        version: policy version.
        table: state or stage -> {trigger: probability}; each row adds up to at most 1.
        payloads: trigger -> data to fire it with.
    """

    NAME: ClassVar[str] = "prc.outcome-table"
    POINT: ClassVar[str] = "outcome"
    SUMMARY: ClassVar[str] = (
        "Simulation outcomes: the next trigger drawn from a probability table by state or "
        "stage, with the request's random generator."
    )
    SUMMARY_ZH: ClassVar[str] = "模拟用：按状态或阶段的概率表，以给定的随机数生成器抽取下一步。"
    LEGAL_BASIS: ClassVar[tuple[str, ...]] = ()
    RULES: ClassVar[tuple[RuleDoc, ...]] = (
        RuleDoc("drawn", "a trigger of the row was drawn", "<trigger>", "<trigger>"),
        RuleDoc("stay", "the draw fell on the remainder of the row", "stay", None),
        RuleDoc("no-entry", "no row for the state or its stage", "stay", None),
    )

    id: str = attrs.field(default="prc.outcome-table", validator=text)
    version: str = attrs.field(default="1", validator=text)
    table: Mapping[str, Mapping[str, float]] = attrs.field(factory=dict, converter=_table)
    payloads: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict, converter=_payloads)

    @property
    def point(self) -> str:
        """
        The decision point (``outcome``).
        """
        return self.POINT

    def row(self, request: DecisionRequest) -> tuple[str, Mapping[str, float]] | None:
        """
        The table row for the request: by state, else by the state's stage.
        """
        state = request.state
        if state is None:
            return None
        if state in self.table:
            return state, self.table[state]
        stage = request.lifecycle.state(state).stage
        if stage in self.table:
            return stage, self.table[stage]
        return None

    def decide(self, request: DecisionRequest) -> Decision:
        """
        Draw the next trigger.

        Raises:
            InvalidValueError: the request has no ``rng`` (outcome tables need a generator).
        """
        found = self.row(request)
        if found is None:
            return decide(
                self,
                "stay",
                "no-entry",
                None,
                f"no outcome row for state {request.state!r}",
                f"状态 {request.state!r} 无结果概率",
            )
        if request.rng is None:
            raise InvalidValueError("request.rng", "a numpy Generator for drawing outcomes", None)
        key, row = found
        legal = set(legal_triggers(request))
        names = [t for t in row if t in legal]
        probs = [row[t] for t in names]
        u = float(request.rng.random())
        acc = 0.0
        for trigger, p in zip(names, probs, strict=True):
            acc += p
            if u < acc:
                return decide(
                    self,
                    trigger,
                    "drawn",
                    trigger,
                    f"drawn from the outcome table row {key!r} (p={p:g})",
                    f"按 {key!r} 的结果概率抽取（p={p:g}）",
                    (),
                    self._payload(request, trigger),
                )
        return decide(
            self,
            "stay",
            "stay",
            None,
            f"nothing happens now (row {key!r})",
            f"暂无进展（{key!r}）",
        )

    def _payload(self, request: DecisionRequest, trigger: str) -> dict[str, Any]:
        data = dict(self.payloads.get(trigger, {}))
        state = request.state
        transitions = request.lifecycle.transitions_from(state, trigger) if state else ()
        if not transitions:
            opening = request.lifecycle.find_opening(trigger)
            transitions = (opening,) if opening is not None else ()
        for t in transitions:
            for need in t.needs:
                data.setdefault(need, "simulated")
        if trigger in ("offer_prior_mediation", "entrust_mediation", "extend_mediation",
                       "extend_prior_mediation", "divert_to_pre_filing_mediation"):  # fmt: skip
            data.setdefault("consent", True)
        return data
