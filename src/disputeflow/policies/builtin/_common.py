"""
Shared pieces of the built-in policies: the documentation metadata every policy class carries,
validators and converters for plain (TOML-able) parameters, and the decision builder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from disputeflow.errors import InvalidValueError
from disputeflow.policies.chain import legal_triggers
from disputeflow.policies.decision import Decision
from disputeflow.policies.protocols import DecisionRequest

__all__ = [
    "RuleDoc",
    "amount",
    "boolean",
    "decide",
    "legal",
    "limit",
    "names",
    "non_negative",
    "positive",
    "text",
]


@attrs.frozen(slots=True)
class RuleDoc:
    """
    One rule of a built-in policy, as documented in the reference page.

    Attributes:
        id: the rule id recorded in decisions (``Decision.rule``).
        en: what the rule does.
        outcome: the outcome it decides.
        trigger: the lifecycle trigger it fires (``None``: no act).
        legal_basis: where it comes from.
    """

    id: str
    en: str
    outcome: str
    trigger: str | None
    legal_basis: str = ""


def _field(instance: Any, attribute: attrs.Attribute[Any]) -> str:
    return f"{getattr(instance, 'id', type(instance).__name__)}.{attribute.name}"


def positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """
    attrs validator: a positive int (not a bool).
    """
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidValueError(_field(instance, attribute), "a positive whole number", value)


def boolean(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """
    attrs validator: ``True`` or ``False``.
    """
    if not isinstance(value, bool):
        raise InvalidValueError(_field(instance, attribute), "true or false", value)


def text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """
    attrs validator: a non-empty string.
    """
    if not isinstance(value, str) or not value:
        raise InvalidValueError(_field(instance, attribute), "a non-empty string", value)


def non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """
    attrs validator: a non-negative Decimal.
    """
    if not isinstance(value, Decimal) or value < 0:
        raise InvalidValueError(_field(instance, attribute), "a number >= 0", value)


def amount(field: str, value: Any) -> Decimal:
    """
    ``value`` as a Decimal, from int, str or float (TOML numbers), naming ``field`` on error.
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidValueError(field, "a number", value)
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise InvalidValueError(field, "a number", value) from None


def names(field: str, value: Any) -> frozenset[str]:
    """
    ``value`` (any iterable of strings, e.g. a TOML array) as a frozenset, naming ``field`` on
    error.
    """
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidValueError(field, "a list of names", value)
    items = list(value)
    for v in items:
        if not isinstance(v, str) or not v:
            raise InvalidValueError(field, "a list of non-empty names", v)
    return frozenset(items)


def legal(request: DecisionRequest, trigger: str) -> bool:
    """
    Whether ``trigger`` may be named for this request (see :func:`legal_triggers`).
    """
    return trigger in legal_triggers(request)


def limit(request: DecisionRequest, parameter_id: str, own: int | None = None) -> int:
    """
    How many times an act limited by ``parameter_id`` may happen: the policy's own limit
    (``own``) or the rule set's parameter, but never more than the lifecycle's own value of the
    parameter, which the lifecycle's guard enforces when the trigger fires (a policy deciding
    beyond it would name an act the lifecycle refuses).

    Raises:
        InvalidValueError: the parameter has no value on the act's date.
    """
    allowed = int(request.value(parameter_id)) if own is None else own
    guarded = request.lifecycle.parameters
    if parameter_id in guarded:
        allowed = min(allowed, int(guarded.value(parameter_id, request.on)))
    return allowed


def decide(
    policy: Any,
    outcome: str,
    rule: str,
    trigger: str | None,
    reasons: str | Iterable[str],
    reasons_zh: str | Iterable[str],
    legal_basis: str | Iterable[str] = (),
    data: Mapping[str, Any] | None = None,
) -> Decision:
    """
    A decision by ``policy`` (its ``point``, ``id`` and ``version``).
    """
    return Decision(
        point=policy.point,
        outcome=outcome,
        policy=policy.id,
        version=policy.version,
        rule=rule,
        trigger=trigger,
        data=dict(data or {}),
        reasons=reasons,
        reasons_zh=reasons_zh,
        legal_basis=legal_basis,
    )
