"""
Front-end resolution (前端化解, point ``front_end``): divert a dispute to mediation or not, and
to which venue.

- Until 2024-12-31 (``prc-2024``): before filing, a complaint in a diversion-prone category is
  guided to pre-filing mediation (诉前调解, ``divert_to_pre_filing_mediation`` at
  ``complaint_received``) with the parties' consent; after filing, entrusted mediation
  (委托调解, ``entrust_mediation``) with a venue and mediator.
- From 2025-01-01 (``prc-2025``): the complaint is registered first and prior mediation
  (先行调解, ``offer_prior_mediation``) is offered with the parties' consent, with a venue and
  a mediator (SPC Opinion on Civil Filing and Mediation (2025)).

Administrative disputes go to government-court coordination (府院联动). Venues are chosen by
kind (preferences per category), category, region and capacity; full venues are skipped, and
when none is free the dispute is not diverted, with that reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from disputeflow.errors import InvalidValueError
from disputeflow.policies.builtin._common import RuleDoc, decide, legal, names, text
from disputeflow.policies.builtin.mediator import mediation_period, pick_mediator, usable_venues
from disputeflow.policies.decision import Decision
from disputeflow.policies.protocols import DecisionRequest, Mediator, Venue

__all__ = ["DEFAULT_VENUE_PREFERENCES", "DIVERSION_PRONE", "VENUE_KINDS", "FrontEndDiversion"]

_GUIDE = "SPC Guiding Opinion on Entrusted Mediation (2020)"
_OPINION = "SPC Opinion on Civil Filing and Mediation (2025)"
_SIM = "SPC Provisions on Specially Invited Mediation (2016)"
_ONE_STOP = "SPC Opinions on One-Stop Diversified Dispute Resolution (2016)"

#: Dispute categories where diversion to mediation is common practice (DOMAIN section 5):
#: property management/service, traffic accidents, consumer protection, medical damage,
#: family, neighbour, labour, small loans, credit cards.
DIVERSION_PRONE = frozenset(
    {
        "property_service",
        "traffic_accident",
        "consumer",
        "medical_damage",
        "family",
        "neighbour",
        "labour",
        "small_loan",
        "credit_card",
    }
)

#: Venue kinds (see :class:`~disputeflow.policies.protocols.Venue`).
VENUE_KINDS = (
    "court_roster",
    "peoples_mediation",
    "industry",
    "administrative",
    "grid",
    "governance_centre",
    "online",
    "government_court",
)

#: Venue kinds tried first per category; any other kind (except ``government_court``) after.
DEFAULT_VENUE_PREFERENCES: Mapping[str, tuple[str, ...]] = {
    "traffic_accident": ("industry", "court_roster"),
    "medical_damage": ("industry", "court_roster"),
    "labour": ("industry", "peoples_mediation"),
    "property_service": ("industry", "peoples_mediation", "grid"),
    "consumer": ("industry", "administrative"),
    "credit_card": ("industry", "online"),
    "small_loan": ("industry", "online"),
    "family": ("peoples_mediation", "grid", "court_roster"),
    "neighbour": ("grid", "peoples_mediation", "governance_centre"),
    "administrative": ("government_court",),
}


def _preferences(value: Any) -> Mapping[str, tuple[str, ...]]:
    field = "prc.front-end.venue_preferences"
    if not isinstance(value, Mapping):
        raise InvalidValueError(field, "a table: category -> list of venue kinds", value)
    out: dict[str, tuple[str, ...]] = {}
    for category, kinds in value.items():
        if isinstance(kinds, str) or not isinstance(kinds, list | tuple):
            raise InvalidValueError(f"{field}.{category}", "a list of venue kinds", kinds)
        for k in kinds:
            if k not in VENUE_KINDS:
                raise InvalidValueError(
                    f"{field}.{category}", "venue kinds among " + ", ".join(VENUE_KINDS), k
                )
        out[str(category)] = tuple(kinds)
    return out


def _categories(value: Any) -> frozenset[str]:
    return names("prc.front-end.categories", value)


def _excluded_party_kinds(value: Any) -> frozenset[str]:
    return names("prc.front-end.excluded_party_kinds", value)


def _excluded_attributes(value: Any) -> frozenset[str]:
    return names("prc.front-end.excluded_attributes", value)


@attrs.frozen(slots=True)
class FrontEndDiversion:
    """
    Divert diversion-prone disputes to mediation with the parties' consent, at the first
    venue (by kind preference, then most free places) that serves the category and region
    and has room.

    Args:
        id: policy id.
        version: policy version.
        categories: categories diverted (default: the diversion-prone list of DOMAIN
            section 5).
        excluded_party_kinds: a party of one of these kinds excludes diversion (default: a
            government party; administrative disputes go to government-court coordination
            instead).
        excluded_attributes: facts attributes that exclude diversion when truthy (e.g.
            ``"urgent_preservation"``; default none).
        administrative_category: the category routed to government-court coordination.
        venue_preferences: category -> venue kinds tried first, in order.
    """

    NAME: ClassVar[str] = "prc.front-end"
    POINT: ClassVar[str] = "front_end"
    SUMMARY: ClassVar[str] = (
        "Divert diversion-prone disputes to mediation with consent: pre-filing mediation "
        "under prc-2024, prior mediation after registration under prc-2025; venue by kind, "
        "category, region and capacity."
    )
    SUMMARY_ZH: ClassVar[str] = (
        "前端化解：对易于调解的纠纷，经当事人同意引导调解（2024年前诉前调解，2025年起立案后先行"
        "调解）；按类型、案由、地域和承接能力选择调解组织。"
    )
    LEGAL_BASIS: ClassVar[tuple[str, ...]] = (_GUIDE, _OPINION, _SIM, _ONE_STOP)
    RULES: ClassVar[tuple[RuleDoc, ...]] = (
        RuleDoc("government-court", "an administrative dispute goes to government-court "
                "coordination (府院联动) venue", "divert",
                "divert_to_pre_filing_mediation / offer_prior_mediation", _ONE_STOP),
        RuleDoc("pre-filing-mediation", "prc-2024, complaint received, category diverted, "
                "consent given, a venue has room", "divert", "divert_to_pre_filing_mediation",
                _GUIDE),
        RuleDoc("entrusted-mediation", "prc-2024, in trial, consent, venue and mediator free",
                "divert", "entrust_mediation", _SIM),
        RuleDoc("prior-mediation", "prc-2025, in trial after registration, consent, venue and "
                "mediator free", "divert", "offer_prior_mediation", _OPINION),
        RuleDoc("category-not-diverted", "the category is not diversion-prone", "no_diversion",
                None),
        RuleDoc("excluded", "a government party or an excluding fact", "no_diversion", None),
        RuleDoc("consent-refused", "the parties did not consent", "no_diversion", None,
                "CPL Art. 125"),
        RuleDoc("no-venue-free", "no venue serving the category and region has room",
                "no_diversion", None),
        RuleDoc("no-diversion-act", "no diversion is possible from the current state",
                "no_diversion", None),
    )  # fmt: skip

    id: str = attrs.field(default="prc.front-end", validator=text)
    version: str = attrs.field(default="1", validator=text)
    categories: frozenset[str] = attrs.field(default=DIVERSION_PRONE, converter=_categories)
    excluded_party_kinds: frozenset[str] = attrs.field(
        default=frozenset({"government"}), converter=_excluded_party_kinds
    )
    excluded_attributes: frozenset[str] = attrs.field(
        default=frozenset(), converter=_excluded_attributes
    )
    administrative_category: str = attrs.field(default="administrative", validator=text)
    venue_preferences: Mapping[str, tuple[str, ...]] = attrs.field(
        default=DEFAULT_VENUE_PREFERENCES, converter=_preferences
    )

    @property
    def point(self) -> str:
        """
        The decision point (``front_end``).
        """
        return self.POINT

    def _no(self, rule: str, en: str, zh: str, basis: str = "") -> Decision:
        return decide(self, "no_diversion", rule, None, en, zh, basis or ())

    def _act(self, request: DecisionRequest) -> tuple[str | None, str]:
        for trigger, rule in (
            ("divert_to_pre_filing_mediation", "pre-filing-mediation"),
            ("offer_prior_mediation", "prior-mediation"),
            ("entrust_mediation", "entrusted-mediation"),
        ):
            if legal(request, trigger):
                return trigger, rule
        return None, "no-diversion-act"

    def venues(self, request: DecisionRequest) -> list[Venue]:
        """
        The venues this dispute may go to, best first: serving its category and region, with
        room, of a preferred kind first (then most free places, then id). Administrative
        disputes only go to ``government_court`` venues, and only they do.
        """
        category = request.case.facts.category
        prefs = self.venue_preferences.get(category, ())
        admin = category == self.administrative_category
        out = []
        for v in usable_venues(request):
            if admin != (v.kind == "government_court"):
                continue
            out.append(v)
        rank = {k: i for i, k in enumerate(prefs)}
        out.sort(key=lambda v: (rank.get(v.kind, len(rank)), -v.free, v.id))
        return out

    def decide(self, request: DecisionRequest) -> Decision:
        """
        Divert or not, and where (see the class docstring).
        """
        facts = request.case.facts
        category = facts.category
        trigger, rule = self._act(request)
        admin = category == self.administrative_category
        if trigger is None:
            return self._no(
                rule,
                f"no diversion act is possible in state {request.state!r}",
                f"当前状态 {request.state!r} 不能引导调解",
            )
        if not admin and category not in self.categories:
            return self._no(
                "category-not-diverted",
                f"{category} is not a diversion-prone category",
                f"{category} 不属于引导调解的案由",
            )
        excluded = [p.name for p in facts.parties if p.kind in self.excluded_party_kinds]
        if excluded and not admin:
            return self._no(
                "excluded",
                f"not diverted: party {excluded[0]} is a {self._excluded_text}",
                f"不引导调解：当事人 {excluded[0]} 属于排除情形",
            )
        hits = sorted(a for a in self.excluded_attributes if facts.attribute(a))
        if hits:
            return self._no(
                "excluded",
                "not diverted: " + ", ".join(hits),
                "不引导调解：" + "、".join(hits),
            )
        # Consent is required by law (and by the lifecycle's guard): not a parameter.
        if request.data.get("consent") is not True:
            return self._no(
                "consent-refused",
                "the parties did not consent to mediation",
                "当事人不同意调解",
                "CPL Art. 125",
            )
        needs_mediator = trigger != "divert_to_pre_filing_mediation"
        full = []
        for venue in self.venues(request):
            mediator: Mediator | None = None
            if needs_mediator:
                mediator, why = pick_mediator(venue, category)
                if mediator is None:
                    full.append(why)
                    continue
            return self._divert(request, trigger, "government-court" if admin else rule, venue,
                                mediator)  # fmt: skip
        why = "; ".join(full) or "none serves this category and region or all are full"
        return self._no(
            "no-venue-free",
            f"not diverted: no mediation venue has room ({why})",
            "不引导调解：无可承接的调解组织（均已满额）",
        )

    @property
    def _excluded_text(self) -> str:
        return " or ".join(sorted(self.excluded_party_kinds)) + " party"

    def _divert(
        self,
        request: DecisionRequest,
        trigger: str,
        rule: str,
        venue: Venue,
        mediator: Mediator | None,
    ) -> Decision:
        data: dict[str, Any] = {"consent": True, "venue": venue.id, "venue_kind": venue.kind}
        if mediator is not None:
            data["mediator"] = mediator.id
        where = f"venue {venue.id} ({venue.kind}, {venue.free} free)"
        if mediator is not None:
            where += f", mediator {mediator.id}"
        what = {
            "divert_to_pre_filing_mediation": ("pre-filing mediation", "诉前调解", _GUIDE),
            "offer_prior_mediation": ("prior mediation", "先行调解", _OPINION),
            "entrust_mediation": ("entrusted mediation", "委托调解", _SIM),
        }[trigger]
        period = mediation_period(request, trigger)
        reasons = [
            f"{request.case.facts.category} dispute, the parties consent: {what[0]} at {where}"
            + (f" for {period}" if period else "")
        ]
        basis = [what[2]]
        if rule == "government-court":
            reasons.insert(0, "administrative dispute: government-court coordination")
            basis.append(_ONE_STOP)
        return decide(
            self,
            "divert",
            rule,
            trigger,
            reasons,
            f"当事人同意，{what[1]}：{venue.id}" + (f"，调解员 {mediator.id}" if mediator else ""),
            basis,
            data,
        )
