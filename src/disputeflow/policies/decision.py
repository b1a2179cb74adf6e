"""
:class:`Decision`: what a policy decided, by which policy and rule, and why.

A decision is a value. The engine copies its whole record (:meth:`Decision.to_record`) into the
event of the act it caused, as plain data, so a case explains itself even after the policies or
rule sets that decided it have changed or been uninstalled.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from disputeflow.errors import InvalidValueError, Language

__all__ = ["PLAIN_TYPES", "Consultation", "Decision", "Verdict", "plain_problem"]

#: What a policy in a chain did with a request.
Verdict = Literal["decided", "abstained", "not_reached"]
_VERDICTS = ("decided", "abstained", "not_reached")


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _plain(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return dict(value)


#: What a decision's payload may hold: values the event log stores and reads back as they were.
PLAIN_TYPES = (
    "None, bool, int, finite float, str, Decimal, date, aware datetime, and lists, tuples and "
    "str-keyed mappings of these"
)


def plain_problem(value: Any, path: str = "data") -> str | None:
    """
    Why ``value`` is not plain data (see :data:`PLAIN_TYPES`), or ``None`` when it is.

    A decision is copied into its event as plain data so that the log can be stored as JSON
    and still explain the case after the policies are gone; a set or an object in the payload
    would break that only later, when the log is saved.
    """
    if value is None or isinstance(value, bool | str | int | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            return f"{path} is {value!r}, not a finite number"
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{path} is {value!r}, not a finite number"
    if isinstance(value, dt.datetime):
        return None if value.utcoffset() is not None else f"{path} is a naive datetime"
    if isinstance(value, dt.date):
        return None
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            problem = plain_problem(item, f"{path}[{i}]")
            if problem is not None:
                return problem
        return None
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path} has the key {key!r}, not a string"
            problem = plain_problem(item, f"{path}.{key}")
            if problem is not None:
                return problem
        return None
    return f"{path} holds a {type(value).__name__} ({value!r})"


@attrs.frozen(slots=True)
class Consultation:
    """
    One policy's part in a decision: consulted, and what it said.

    Attributes:
        policy: the policy id.
        version: its version.
        verdict: ``decided``, ``abstained`` (it had no rule for the case), or ``not_reached``
            (an earlier policy decided first).
        role: ``override``, ``policy`` or ``default``: where it sat in the chain.
        rule: the rule that fired, when it decided.
    """

    policy: str
    version: str
    verdict: Verdict
    role: str = "policy"
    rule: str = ""

    def to_record(self) -> dict[str, Any]:
        """
        Plain data (for the event log).
        """
        return {
            "policy": self.policy,
            "version": self.version,
            "verdict": self.verdict,
            "role": self.role,
            "rule": self.rule,
        }


@attrs.frozen(slots=True)
class Decision:
    """
    The outcome of one decision point, made by one policy under one rule.

    Attributes:
        point: the decision point (``"filing"``, ``"track"``, ``"front_end"``, ...).
        outcome: what was decided, a short id (``"register"``, ``"small_claims"``, ...).
        policy: id of the policy that decided.
        version: its version.
        rule: the rule inside the policy that fired.
        trigger: the lifecycle trigger that carries the decision out, or ``None`` when the
            decision is not to act (no diversion, no extension).
        data: the payload for the trigger (plain values: venue, mediator, missing items ...).
        reasons: why, in English, one sentence each.
        reasons_zh: why, in Chinese (same order; may be empty).
        legal_basis: citations, e.g. ``("CPL Art. 126",)``; rendered in the edition in force on
            the act's date when recorded.
        consulted: every policy asked, in order, and what it said.
        rule_set: the rule set whose chain decided (filled in by the chain's caller).
        inputs: the request data the decision was made on (kept for counterfactual replay).
    """

    point: str
    outcome: str
    policy: str
    version: str
    rule: str
    trigger: str | None = None
    data: Mapping[str, Any] = attrs.field(factory=dict, converter=_plain)
    reasons: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    reasons_zh: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    legal_basis: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    consulted: tuple[Consultation, ...] = ()
    rule_set: str | None = None
    inputs: Mapping[str, Any] = attrs.field(factory=dict, converter=_plain)

    def why(self, lang: Language = "en") -> str:
        """
        The reasons as one sentence (Chinese falls back to English where none is given).
        """
        reasons = self.reasons_zh if lang == "zh" and self.reasons_zh else self.reasons
        return ("；" if lang == "zh" else "; ").join(reasons)

    def same_as(self, other: Decision) -> bool:
        """
        Whether two decisions decide the same thing (outcome, trigger and payload), whoever
        decided them and for whatever reason.
        """
        return (
            self.outcome == other.outcome
            and self.trigger == other.trigger
            and dict(self.data) == dict(other.data)
        )

    def to_record(self) -> dict[str, Any]:
        """
        The whole decision as plain data, as copied into an event.
        """
        return {
            "point": self.point,
            "outcome": self.outcome,
            "policy": self.policy,
            "version": self.version,
            "rule": self.rule,
            "trigger": self.trigger,
            "data": dict(self.data),
            "reasons": list(self.reasons),
            "reasons_zh": list(self.reasons_zh),
            "legal_basis": list(self.legal_basis),
            "consulted": [c.to_record() for c in self.consulted],
            "rule_set": self.rule_set,
            "inputs": dict(self.inputs),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Decision:
        """
        Rebuild a decision from :meth:`to_record` output (e.g. read back from an event).

        Raises:
            InvalidValueError: the record lacks a required key or has a malformed entry.
        """
        try:
            consulted = tuple(
                Consultation(
                    policy=str(c["policy"]),
                    version=str(c["version"]),
                    verdict=_verdict(c["verdict"]),
                    role=str(c.get("role", "policy")),
                    rule=str(c.get("rule", "")),
                )
                for c in record.get("consulted", ())
            )
            return cls(
                point=str(record["point"]),
                outcome=str(record["outcome"]),
                policy=str(record["policy"]),
                version=str(record["version"]),
                rule=str(record["rule"]),
                trigger=record.get("trigger"),
                data=dict(record.get("data", {})),
                # The converters take one string or a list (a bare string is one reason).
                reasons=record.get("reasons", ()),
                reasons_zh=record.get("reasons_zh", ()),
                legal_basis=record.get("legal_basis", ()),
                consulted=consulted,
                rule_set=record.get("rule_set"),
                inputs=dict(record.get("inputs", {})),
            )
        except KeyError as missing:
            raise InvalidValueError(
                f"decision.{missing.args[0]}", "a key of a decision record", None
            ) from None


def _verdict(value: Any) -> Verdict:
    if value not in _VERDICTS:
        raise InvalidValueError("decision.consulted.verdict", " or ".join(_VERDICTS), value)
    v: Verdict = value
    return v
