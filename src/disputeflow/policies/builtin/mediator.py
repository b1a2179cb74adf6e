"""
Mediator assignment (point ``mediator``) and mediation extensions (point
``mediation_extension``).

A mediator of the chosen venue takes the case: first one qualified for the dispute's category
(specialty), then, if allowed, a generalist; among those the lowest current load; nobody
beyond capacity. Periods come from the lifecycle's parameters: pre-filing mediation 30 days
(until 2024-12-31, SPC Guiding Opinion on Entrusted Mediation (2020)); prior mediation 15 days
ordinary / 7 days summary from 2025-01-01 (SPC Opinion on Civil Filing and Mediation (2025)).
An extension needs both parties' consent (+30 days, excluded from the trial time limit from
2025).
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from disputeflow.errors import InvalidValueError
from disputeflow.policies.builtin._common import RuleDoc, boolean, decide, legal, limit, text
from disputeflow.policies.decision import Decision
from disputeflow.policies.protocols import DecisionRequest, Mediator, Venue

__all__ = [
    "MediationExtension",
    "MediatorByLoad",
    "mediation_period",
    "pick_mediator",
    "usable_venues",
]

_GUIDE = "SPC Guiding Opinion on Entrusted Mediation (2020)"
_OPINION = "SPC Opinion on Civil Filing and Mediation (2025)"
_SIM = "SPC Provisions on Specially Invited Mediation (2016)"


def pick_mediator(
    venue: Venue, category: str, *, generalists: bool = True
) -> tuple[Mediator | None, str]:
    """
    The mediator of ``venue`` who takes a ``category`` dispute, and why.

    Specialists in the category come first, then (if ``generalists``) mediators with no
    listed specialty; among them the lowest load, then the most free places, then the id
    (so the choice is deterministic). Mediators at capacity are skipped.

    Returns:
        ``(mediator, basis)`` where basis is ``"specialty"`` or ``"generalist"``, or
        ``(None, reason)`` when nobody is free.
    """
    free = [m for m in venue.mediators if m.free > 0]
    specialists = [m for m in free if category in m.specialties]
    pool, basis = specialists, "specialty"
    if not pool and generalists:
        pool, basis = [m for m in free if not m.specialties], "generalist"
    if not pool:
        if not venue.mediators:
            return None, f"venue {venue.id} lists no mediators"
        if not free:
            return None, f"every mediator of venue {venue.id} is at capacity"
        return None, f"no free mediator of venue {venue.id} is qualified for {category}"
    pool.sort(key=lambda m: (m.load, -m.free, m.id))
    return pool[0], basis


def usable_venues(request: DecisionRequest) -> list[Venue]:
    """
    Venues of the request's roster that serve the dispute's category and region, with free
    capacity (full venues skipped).
    """
    facts = request.case.facts
    return [v for v in request.roster if v.takes(facts.category, facts.region) and v.free > 0]


def mediation_period(request: DecisionRequest, trigger: str) -> str:
    """
    The mediation period a trigger starts, as text (e.g. ``"15 days"``), read from the rule
    set's parameters on the act's date: pre-filing mediation 30 days; entrusted (until 2024)
    and prior (from 2025) mediation 15 days on the ordinary track, 7 on summary and small
    claims (small claims follow the summary rules, CPL (2021) Art. 165).
    """
    state = request.state or ""
    track = "ordinary" if state.startswith("ordinary") else "summary"
    parameter = {
        "assign_mediator": "period.pre_filing_mediation",
        "offer_prior_mediation": f"period.prior_mediation.{track}",
        "entrust_mediation": f"period.entrusted_mediation.{track}",
    }.get(trigger)
    if parameter is None or parameter not in request.parameters:
        return ""
    return str(request.value(parameter))


def _mediator_data(venue: Venue, mediator: Mediator) -> dict[str, Any]:
    return {"venue": venue.id, "venue_kind": venue.kind, "mediator": mediator.id}


@attrs.frozen(slots=True)
class MediatorByLoad:
    """
    Assign the mediator of the venue by specialty, then lowest load, capacity respected.

    Decides at ``mediation_received`` (a pre-filing mediation waiting for a mediator:
    ``assign_mediator``) and, when the act's data asks for it (``reassign=True``), at
    ``mediating`` (``reassign_mediator``). The venue is the act's ``venue`` (an id on the
    roster), else the proceeding's recorded venue, else the first venue with a free qualified
    mediator that serves the category and region.

    Args:
        id: policy id.
        version: policy version.
        generalists: whether mediators with no listed specialty may take any category.
    """

    NAME: ClassVar[str] = "prc.mediator-load"
    POINT: ClassVar[str] = "mediator"
    SUMMARY: ClassVar[str] = (
        "Which mediator of the venue takes the case: specialty first, then the lowest load; "
        "nobody beyond capacity."
    )
    SUMMARY_ZH: ClassVar[str] = "指派调解员：先按专长，再按当前案件量最少，不超过承接能力。"
    LEGAL_BASIS: ClassVar[tuple[str, ...]] = (_GUIDE, _SIM)
    RULES: ClassVar[tuple[RuleDoc, ...]] = (
        RuleDoc("assign", "a free mediator of the venue is found", "assign", "assign_mediator",
                _GUIDE),
        RuleDoc("reassign", "the act asks to change the mediator (reassign=True)", "reassign",
                "reassign_mediator", _GUIDE),
        RuleDoc("no-mediator-free", "no venue has a free qualified mediator", "wait", None),
        RuleDoc("nothing-to-assign", "the proceeding is not waiting for a mediator", "none",
                None),
    )  # fmt: skip

    id: str = attrs.field(default="prc.mediator-load", validator=text)
    version: str = attrs.field(default="1", validator=text)
    generalists: bool = attrs.field(default=True, validator=boolean)

    @property
    def point(self) -> str:
        """
        The decision point (``mediator``).
        """
        return self.POINT

    def decide(self, request: DecisionRequest) -> Decision:
        """
        Choose the venue's mediator (see the class docstring).
        """
        if legal(request, "assign_mediator"):
            trigger = "assign_mediator"
        elif legal(request, "reassign_mediator") and request.data.get("reassign") is True:
            trigger = "reassign_mediator"
        else:
            return decide(
                self,
                "none",
                "nothing-to-assign",
                None,
                f"no mediator to assign in state {request.state!r}",
                f"当前状态 {request.state!r} 无需指派调解员",
            )
        category = request.case.facts.category
        wanted = request.data.get("venue")
        if wanted is None and request.proceeding is not None:
            wanted = request.proceeding.attribute("venue")
        venues = usable_venues(request)
        if wanted is not None:
            venues = [v for v in venues if v.id == wanted] or venues
        problems = []
        current = request.proceeding.attribute("mediator") if request.proceeding else None
        for venue in venues:
            mediators = venue
            if trigger == "reassign_mediator" and current is not None:
                mediators = attrs.evolve(
                    venue, mediators=tuple(m for m in venue.mediators if m.id != current)
                )
            mediator, basis = pick_mediator(mediators, category, generalists=self.generalists)
            if mediator is None:
                problems.append(basis)
                continue
            how = f"qualified for {category}" if basis == "specialty" else "a generalist mediator"
            how_zh = f"具有{category}专长" if basis == "specialty" else "无专长限制的调解员"
            period = mediation_period(request, trigger)
            return decide(
                self,
                "assign" if trigger == "assign_mediator" else "reassign",
                "assign" if trigger == "assign_mediator" else "reassign",
                trigger,
                f"mediator {mediator.id} of venue {venue.id}: {how}, lowest load "
                f"({mediator.load}/{mediator.capacity})"
                + (f"; mediation period {period}" if period else ""),
                f"指派 {venue.id} 的调解员 {mediator.id}：{how_zh}，当前案件量最少"
                f"（{mediator.load}/{mediator.capacity}）",
                _GUIDE,
                _mediator_data(venue, mediator),
            )
        why = "; ".join(problems) or "no venue on the roster serves this category and region"
        return decide(
            self,
            "wait",
            "no-mediator-free",
            None,
            f"no mediator free: {why}",
            "暂无可指派的调解员（调解组织或调解员已满额）",
            _GUIDE,
        )


@attrs.frozen(slots=True)
class MediationExtension:
    """
    Grant an extension of mediation when both parties consent (``consent=True`` in the act's
    data) and the number of extensions allows it.

    Pre-filing mediation (``mediating``, until 2024-12-31): ``extend_mediation``; prior
    mediation (``*_prior_mediation``, from 2025-01-01): ``extend_prior_mediation``, +30 days
    excluded from the trial time limit. Entrusted mediation has no extension.

    Args:
        id: policy id.
        version: policy version.
        max_extensions: the most extensions granted per proceeding; ``None`` reads the rule
            set's parameter ``limit.extensions.mediation`` (1, unverified). Never more than
            the lifecycle's own ``limit.extensions.mediation``, which its guard enforces.
    """

    NAME: ClassVar[str] = "prc.mediation-extension"
    POINT: ClassVar[str] = "mediation_extension"
    SUMMARY: ClassVar[str] = (
        "Whether mediation is extended: only with both parties' consent and within the "
        "number of extensions allowed."
    )
    SUMMARY_ZH: ClassVar[str] = "是否延长调解期限：须经双方当事人同意，且不超过允许的次数。"
    LEGAL_BASIS: ClassVar[tuple[str, ...]] = (_GUIDE, _OPINION)
    RULES: ClassVar[tuple[RuleDoc, ...]] = (
        RuleDoc("extend-by-consent", "both parties consent and an extension is left",
                "extend", "extend_mediation / extend_prior_mediation", f"{_GUIDE}; {_OPINION}"),
        RuleDoc("consent-refused", "a party did not consent", "no_extension", None, _OPINION),
        RuleDoc("limit-reached", "the extensions allowed are used up", "no_extension", None),
        RuleDoc("not-mediating", "no mediation is running", "none", None),
    )  # fmt: skip

    id: str = attrs.field(default="prc.mediation-extension", validator=text)
    version: str = attrs.field(default="1", validator=text)
    max_extensions: int | None = attrs.field(default=None)

    @max_extensions.validator
    def _check_max(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise InvalidValueError(f"{self.id}.max_extensions", "a whole number >= 0", value)

    @property
    def point(self) -> str:
        """
        The decision point (``mediation_extension``).
        """
        return self.POINT

    def decide(self, request: DecisionRequest) -> Decision:
        """
        Extend or not (see the class docstring).
        """
        trigger = next(
            (t for t in ("extend_prior_mediation", "extend_mediation") if legal(request, t)),
            None,
        )
        if trigger is None or request.proceeding is None:
            return decide(
                self,
                "none",
                "not-mediating",
                None,
                f"no mediation to extend in state {request.state!r}",
                f"当前状态 {request.state!r} 无可延长的调解",
            )
        basis = _OPINION if trigger == "extend_prior_mediation" else _GUIDE
        if request.data.get("consent") is not True:
            return decide(
                self,
                "no_extension",
                "consent-refused",
                None,
                "the parties did not both consent to an extension",
                "当事人未同意延长调解期限",
                basis,
            )
        # The lifecycle's guard counts extensions against its own parameter: never more.
        allowed = limit(request, "limit.extensions.mediation", self.max_extensions)
        used = request.proceeding.count(trigger)
        if used >= allowed:
            return decide(
                self,
                "no_extension",
                "limit-reached",
                None,
                f"{used} of {allowed} extensions already granted",
                f"已延长 {used} 次，达到上限 {allowed} 次",
                basis,
            )
        period = request.value(
            "period.extension.prior_mediation"
            if trigger == "extend_prior_mediation"
            else "period.extension.pre_filing_mediation"
        )
        excluded = (
            "; excluded from the trial time limit" if trigger == "extend_prior_mediation" else ""
        )
        return decide(
            self,
            "extend",
            "extend-by-consent",
            trigger,
            f"both parties consent: extended by {period}{excluded}",
            f"经双方当事人同意延长调解期限（{period}）",
            basis,
            {"consent": True},
        )
