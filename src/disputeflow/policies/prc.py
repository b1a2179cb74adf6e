"""
The two shipped PRC rule sets: ``prc-2024`` and ``prc-2025``.

- ``prc-2024`` governs acts from 2022-01-01 (CPL 2021 in force) to 2024-12-31 on the
  ``prc-civil-2022`` lifecycle: a pre-filing mediation docket (诉前调解, 30 days, extendable
  with both parties' consent) and entrusted mediation after filing.
- ``prc-2025`` governs acts from 2025-01-01 on the ``prc-civil-2025`` lifecycle: conforming
  complaints are filed first; prior mediation (先行调解) needs consent, 15 / 7 days, +30 by
  consent excluded from the trial time limit (SPC Opinion on Civil Filing and Mediation
  (2025)).

Both carry the built-in policies (:mod:`disputeflow.policies.builtin`) and the lifecycle's
parameters plus the small-claims average wage: a dated parameter each court configures with
its province's latest published average annual wage of employed persons (CPL (2021)
Art. 165). No Jilin figure is known here: the default is :data:`EXAMPLE_AVERAGE_WAGE`, an
EXAMPLE value marked ``verified=False``.

Whether a pre-filing mediation still open on 2024-12-31 finishes under the old procedure is
not settled (unverified): ``prc_2025(pin_open_pre_filing_mediation=True)`` (the default)
declares a transitional provision that pins acts on such a mediation to ``prc-2024``;
``False`` lets ``prc-2025`` govern them like every other act after the change.

>>> from disputeflow.policies.prc import default_rule_sets
>>> import pendulum
>>> default_rule_sets().in_force(pendulum.Date(2025, 1, 1)).id
'prc-2025'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import pendulum

from disputeflow.errors import InvalidValueError, UnknownNameError
from disputeflow.events.case import Case, Proceeding
from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.prc import prc_civil_2022, prc_civil_2025
from disputeflow.parameters import DatedValue, Parameter, ParameterSet
from disputeflow.policies.builtin import (
    AVERAGE_WAGE_PARAMETER,
    BUILTIN_POLICIES,
    DuplicateSuit,
    FilingControl,
    FrontEndDiversion,
    LabourArbitration,
    MediationExtension,
    MediatorByLoad,
    OutcomeTable,
    PetitionRouting,
    SmallClaimsTriage,
    VexatiousFiler,
)
from disputeflow.policies.chain import PolicyChain
from disputeflow.policies.protocols import Policy
from disputeflow.policies.ruleset import RuleSet, RuleSets, TransitionalProvision

__all__ = [
    "CHANGE_DATE",
    "EXAMPLE_AVERAGE_WAGE",
    "PIN_OPEN_PRE_FILING_MEDIATION",
    "RULE_SET_FACTORIES",
    "average_wage_parameter",
    "default_rule_sets",
    "prc_2024",
    "prc_2025",
]

#: Example value only (yuan): NOT a published Jilin figure. Configure the province's latest
#: published average annual wage of employed persons (CPL (2021) Art. 165).
EXAMPLE_AVERAGE_WAGE = Decimal("90000")

#: First day of ``prc-2025``.
CHANGE_DATE = pendulum.Date(2025, 1, 1)

#: Default of ``prc_2025(pin_open_pre_filing_mediation=...)`` (unverified: DOMAIN section 2).
PIN_OPEN_PRE_FILING_MEDIATION = True

_START_2024 = pendulum.Date(2022, 1, 1)
_END_2024 = pendulum.Date(2024, 12, 31)
_OPINION = "SPC Opinion on Civil Filing and Mediation (2025)"
_GUIDE = "SPC Guiding Opinion on Entrusted Mediation (2020)"
_TZ = "Asia/Shanghai"

Options = Mapping[str, Mapping[str, Any]]


def _date(value: Any, field: str) -> pendulum.Date:
    if isinstance(value, str):
        try:
            parsed = pendulum.parse(value)
        except (ValueError, pendulum.parsing.exceptions.ParserError):
            raise InvalidValueError(field, "an ISO date such as 2024-01-01", value) from None
        value = parsed
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        if isinstance(value, pendulum.DateTime):
            return value.date()
        raise InvalidValueError(field, "an ISO date such as 2024-01-01", value)
    return pendulum.Date(value.year, value.month, value.day)


def _wage(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise InvalidValueError(field, "a positive number of yuan", value)
    try:
        wage = Decimal(str(value))
    except ArithmeticError:
        raise InvalidValueError(field, "a positive number of yuan", value) from None
    if not wage > 0:
        raise InvalidValueError(field, "a positive number of yuan", value)
    return wage


def average_wage_parameter(
    value: Parameter[Decimal] | Mapping[Any, Any] | int | float | str | Decimal | None = None,
    *,
    reference: str = "configured by the court: the province's latest published average annual "
    "wage of employed persons (CPL (2021) Art. 165)",
) -> Parameter[Decimal]:
    """
    The dated small-claims average-wage parameter (``small-claims.average-wage``).

    Args:
        value: ``None`` for the EXAMPLE default (:data:`EXAMPLE_AVERAGE_WAGE` from 2022-01-01,
            ``verified=False``); a number (valid from 2022-01-01); a mapping of ISO dates (the
            day each figure was published, or applies from) to numbers; or a ready
            :class:`Parameter`. The policy reads the latest figure published on or before the
            act's date.
        reference: the source recorded with caller-given figures.

    Raises:
        InvalidValueError: a malformed date or amount (the error names the key).
    """
    field = "average_wage"
    if isinstance(value, Parameter):
        if value.id != AVERAGE_WAGE_PARAMETER:
            raise InvalidValueError(f"{field}.id", AVERAGE_WAGE_PARAMETER, value.id)
        return value
    if value is None:
        entries = [
            DatedValue(
                value=EXAMPLE_AVERAGE_WAGE,
                valid_from=_START_2024,
                reference="EXAMPLE value, not a published Jilin figure: configure the "
                "province's latest published average annual wage (CPL (2021) Art. 165)",
                verified=False,
                note="EXAMPLE",
            )
        ]
    elif isinstance(value, Mapping):
        if not value:
            raise InvalidValueError(field, "at least one date = amount entry", value)
        items = sorted(
            (_date(k, f"{field}.{k}"), _wage(v, f"{field}.{k}")) for k, v in value.items()
        )
        entries = []
        for i, (start, wage) in enumerate(items):
            end = items[i + 1][0].subtract(days=1) if i + 1 < len(items) else None
            entries.append(
                DatedValue(value=wage, valid_from=start, valid_to=end, reference=reference)
            )
    else:
        entries = [
            DatedValue(value=_wage(value, field), valid_from=_START_2024, reference=reference)
        ]
    return Parameter(
        id=AVERAGE_WAGE_PARAMETER,
        values=tuple(entries),
        label_en="Average annual wage of employed persons (small-claims threshold base)",
        label_zh="上年度就业人员年平均工资（小额诉讼标准基数）",
        unit="yuan",
    )


def _policy(name: str, cls: Callable[..., Policy], options: Options) -> Policy:
    return cls(**dict(options.get(name, {})))


def _chains(options: Options) -> list[PolicyChain]:
    unknown = sorted(set(options) - set(BUILTIN_POLICIES))
    if unknown:
        raise UnknownNameError("built-in policy", unknown[0], BUILTIN_POLICIES, "policies option")
    for name, params in options.items():
        if not isinstance(params, Mapping):
            raise InvalidValueError(f"policies.{name}", "a table of parameters", params)
    return [
        PolicyChain("front_end", _policy("prc.front-end", FrontEndDiversion, options)),
        PolicyChain("mediator", _policy("prc.mediator-load", MediatorByLoad, options)),
        PolicyChain(
            "mediation_extension",
            _policy("prc.mediation-extension", MediationExtension, options),
        ),
        PolicyChain(
            "filing",
            _policy("prc.filing", FilingControl, options),
            policies=(
                _policy("prc.duplicate-suit", DuplicateSuit, options),
                _policy("prc.vexatious-filer", VexatiousFiler, options),
                _policy("prc.labour-arbitration", LabourArbitration, options),
            ),
        ),
        PolicyChain("track", _policy("prc.track-triage", SmallClaimsTriage, options)),
        PolicyChain("petition", _policy("prc.petition-router", PetitionRouting, options)),
        PolicyChain("outcome", _policy("prc.outcome-table", OutcomeTable, options)),
    ]


def _parameters(lifecycle: Lifecycle, average_wage: Any) -> ParameterSet:
    return lifecycle.parameters.replace(average_wage_parameter(average_wage))


def prc_2024(
    *,
    average_wage: Parameter[Decimal]
    | Mapping[Any, Any]
    | int
    | float
    | str
    | Decimal
    | None = None,
    policies: Options | None = None,
) -> RuleSet:
    """
    The ``prc-2024`` rule set: acts from 2022-01-01 to 2024-12-31 on ``prc-civil-2022``.

    Args:
        average_wage: the small-claims average wage (see :func:`average_wage_parameter`;
            default: the EXAMPLE value, unverified).
        policies: parameters per built-in policy name, e.g.
            ``{"prc.vexatious-filer": {"filers": ["X"]}}``.

    Raises:
        UnknownNameError: ``policies`` names no built-in policy.
        InvalidValueError: a parameter is invalid (the error names it).
    """
    lc = prc_civil_2022()
    return RuleSet(
        id="prc-2024",
        lifecycle=lc,
        valid_from=_START_2024,
        valid_to=_END_2024,
        chains=_chains(policies or {}),
        parameters=_parameters(lc, average_wage),
        name="PRC civil procedure 2022-2024: pre-filing mediation docket",
        name_zh="民事诉讼（2022-2024）：诉前调解",
        legal_basis=("CPL (2021)", "CPL (2023)", _GUIDE,
                     "SPC Provisions on Case Registration (2015)"),
    )  # fmt: skip


def _open_pre_filing_mediation(
    case: Case, proceeding: Proceeding | None, on: pendulum.Date
) -> bool:
    if proceeding is None or proceeding.kind != "pre_filing_mediation" or proceeding.closed:
        return False
    # The court-local acceptance date (诉前调 number given); the opening instant otherwise.
    opened = proceeding.accepted_on or proceeding.opened_at.in_timezone(_TZ).date()
    return opened <= _END_2024


def prc_2025(
    *,
    average_wage: Parameter[Decimal]
    | Mapping[Any, Any]
    | int
    | float
    | str
    | Decimal
    | None = None,
    policies: Options | None = None,
    pin_open_pre_filing_mediation: bool = PIN_OPEN_PRE_FILING_MEDIATION,
) -> RuleSet:
    """
    The ``prc-2025`` rule set: acts from 2025-01-01 on ``prc-civil-2025``.

    Args:
        average_wage: as for :func:`prc_2024`.
        policies: as for :func:`prc_2024`.
        pin_open_pre_filing_mediation: declare the transitional provision
            ``open-pre-filing-mediation``: acts on a pre-filing mediation opened on or before
            2024-12-31 and still open stay under ``prc-2024`` (default ``True``; the law
            leaves this open, DOMAIN section 2, unverified).

    Raises:
        UnknownNameError, InvalidValueError: as for :func:`prc_2024`.
    """
    if not isinstance(pin_open_pre_filing_mediation, bool):
        raise InvalidValueError(
            "pin_open_pre_filing_mediation", "true or false", pin_open_pre_filing_mediation
        )
    lc = prc_civil_2025()
    transitional: tuple[TransitionalProvision, ...] = ()
    if pin_open_pre_filing_mediation:
        transitional = (
            TransitionalProvision(
                id="open-pre-filing-mediation",
                applies=_open_pre_filing_mediation,
                pin_to="prc-2024",
                description="A pre-filing mediation opened by 2024-12-31 and still open "
                "finishes under prc-2024 (configured: the law leaves it open, unverified).",
                description_zh="2024年12月31日前已登记尚未结束的诉前调解，按原规则（prc-2024）"
                "办理（配置项，未经核实）。",
                legal_basis="configured",
            ),
        )
    return RuleSet(
        id="prc-2025",
        lifecycle=lc,
        valid_from=CHANGE_DATE,
        valid_to=None,
        chains=_chains(policies or {}),
        parameters=_parameters(lc, average_wage),
        transitional=transitional,
        name="PRC civil procedure from 2025: file first, prior mediation",
        name_zh="民事诉讼（2025起）：先立案，先行调解",
        legal_basis=("CPL (2023)", _OPINION),
    )


def default_rule_sets(
    *,
    average_wage: Parameter[Decimal]
    | Mapping[Any, Any]
    | int
    | float
    | str
    | Decimal
    | None = None,
    policies: Options | None = None,
    pin_open_pre_filing_mediation: bool = PIN_OPEN_PRE_FILING_MEDIATION,
) -> RuleSets:
    """
    ``prc-2024`` and ``prc-2025`` with the same options (see :func:`prc_2025`).
    """
    return RuleSets(
        [
            prc_2024(average_wage=average_wage, policies=policies),
            prc_2025(
                average_wage=average_wage,
                policies=policies,
                pin_open_pre_filing_mediation=pin_open_pre_filing_mediation,
            ),
        ]
    )


#: Shipped rule sets by id -> factory (keyword options as above).
RULE_SET_FACTORIES: Mapping[str, Callable[..., RuleSet]] = {
    "prc-2024": prc_2024,
    "prc-2025": prc_2025,
}
