"""
Track triage (繁简分流, point ``track``): small claims, summary or ordinary, and conversion.

Small claims (小额诉讼) are mandatory for a simple monetary claim at most 50% of the province's
latest published average annual wage of employed persons, and possible by the parties'
agreement up to twice that (CPL (2021) Art. 165); excluded are personal status, property-right
confirmation, foreign-related cases, cases needing appraisal, unknown whereabouts and
counterclaims (Art. 166). Simple cases go to summary procedure (Art. 160), the rest to
ordinary procedure. A small-claims case in which an exclusion arises is converted (Art. 169).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import attrs

from disputeflow.errors import InvalidValueError
from disputeflow.lifecycle.stages.trial import SMALL_CLAIMS_EXCLUSIONS
from disputeflow.policies.builtin._common import (
    RuleDoc,
    amount,
    boolean,
    decide,
    legal,
    non_negative,
    text,
)
from disputeflow.policies.decision import Decision
from disputeflow.policies.protocols import DecisionRequest

__all__ = ["AVERAGE_WAGE_PARAMETER", "SmallClaimsTriage"]

#: The dated parameter holding the province's latest published average annual wage.
AVERAGE_WAGE_PARAMETER = "small-claims.average-wage"

_SC = "CPL Art. 165"


def _share(value: Any) -> Decimal:
    return amount("prc.track-triage.share", value)


def _multiple(value: Any) -> Decimal:
    return amount("prc.track-triage.agreed_multiple", value)


@attrs.frozen(slots=True)
class SmallClaimsTriage:
    """
    Assign a registered case to small claims, summary or ordinary procedure; convert a
    small-claims or summary case when the act's data or the facts call for it.

    Reads: the claim amount and facts attributes (exclusions, ``small_claims_agreed``,
    ``simple``, ``complex``); the act's data may set ``small_claims_agreed``, ``simple``,
    ``complex``, ``counterclaim`` or ``convert_to`` (``summary`` / ``ordinary``) with
    ``grounds``.

    Args:
        id: policy id.
        version: policy version.
        share: share of the average wage that sets the mandatory threshold (50%).
        agreed_multiple: how far above the threshold the parties may agree to small claims
            (2x).
        average_wage: a fixed average wage; ``None`` (default) reads the rule set's dated
            parameter ``small-claims.average-wage`` (the latest figure published on the act's
            date).
        simple_by_default: whether a case not marked ``complex`` is simple enough for
            summary procedure (``False``: only cases marked ``simple``).
    """

    NAME: ClassVar[str] = "prc.track-triage"
    POINT: ClassVar[str] = "track"
    SUMMARY: ClassVar[str] = (
        "Track triage: small claims up to 50% of the average wage (by agreement up to 2x) "
        "unless excluded, summary for simple cases, else ordinary; conversion."
    )
    SUMMARY_ZH: ClassVar[str] = (
        "繁简分流：标的额不超过上年度就业人员年平均工资百分之五十的简单金钱给付案件适用小额诉讼"
        "（约定可至二倍），有排除情形的除外；简单案件适用简易程序，其余普通程序；程序转换。"
    )
    LEGAL_BASIS: ClassVar[tuple[str, ...]] = ("CPL Art. 160, 165, 166, 169, 170",)
    RULES: ClassVar[tuple[RuleDoc, ...]] = (
        RuleDoc("small-claims-mandatory", "monetary claim <= share x average wage, no "
                "exclusion", "small_claims", "assign_small_claims", _SC),
        RuleDoc("small-claims-by-agreement", "threshold < amount <= multiple x threshold and "
                "the parties agree", "small_claims", "assign_small_claims", _SC),
        RuleDoc("simple-case", "simple case (not small claims)", "summary", "assign_summary",
                "CPL Art. 160"),
        RuleDoc("ordinary", "anything else", "ordinary", "assign_ordinary", "CPL Art. 152"),
        RuleDoc("exclusion-arose", "in small claims an exclusion arises (e.g. a "
                "counterclaim)", "convert", "convert_to_summary / convert_to_ordinary",
                "CPL Art. 169"),
        RuleDoc("requested-conversion", "the act asks to convert (convert_to, grounds)",
                "convert", "convert_to_summary / convert_to_ordinary", "CPL Art. 169-170"),
        RuleDoc("complex-case", "in summary procedure the case turns out complex", "convert",
                "convert_to_ordinary", "CPL Art. 170"),
        RuleDoc("keep-track", "nothing calls for a conversion", "keep", None),
    )  # fmt: skip

    id: str = attrs.field(default="prc.track-triage", validator=text)
    version: str = attrs.field(default="1", validator=text)
    share: Decimal = attrs.field(default=Decimal("0.5"), converter=_share, validator=non_negative)
    agreed_multiple: Decimal = attrs.field(
        default=Decimal("2"),
        converter=_multiple,
        validator=non_negative,
    )
    average_wage: Decimal | None = attrs.field(default=None)
    simple_by_default: bool = attrs.field(default=True, validator=boolean)

    def __attrs_post_init__(self) -> None:
        if self.average_wage is not None:
            wage = amount(f"{self.id}.average_wage", self.average_wage)
            if wage <= 0:
                raise InvalidValueError(f"{self.id}.average_wage", "a number > 0", wage)
            object.__setattr__(self, "average_wage", wage)
        if self.agreed_multiple < 1:
            raise InvalidValueError(
                f"{self.id}.agreed_multiple", "a number >= 1", self.agreed_multiple
            )

    @property
    def point(self) -> str:
        """
        The decision point (``track``).
        """
        return self.POINT

    def threshold(self, request: DecisionRequest) -> tuple[Decimal, str]:
        """
        The mandatory small-claims threshold on the act's date, and where the wage came from.

        Raises:
            UnknownNameError: no fixed wage and the rule set has no wage parameter.
            InvalidValueError: no wage figure was published by the act's date.
        """
        if self.average_wage is not None:
            return self.share * self.average_wage, f"average wage {self.average_wage} (fixed)"
        entry = request.parameters.get(AVERAGE_WAGE_PARAMETER).latest(request.on)
        wage = Decimal(str(entry.value))
        mark = "" if entry.verified else ", EXAMPLE/unverified value"
        return self.share * wage, f"average wage {wage} ({entry.reference}{mark})"

    def _flag(self, request: DecisionRequest, key: str) -> bool:
        value = request.data.get(key)
        if value is None:
            value = request.case.facts.attribute(key)
        return bool(value)

    def _exclusions(self, request: DecisionRequest) -> list[str]:
        # An exclusion recorded in the facts stands whatever the act's data says: the
        # lifecycle's small_claims_allowed guard reads the facts (CPL (2021) Art. 166).
        facts = request.case.facts
        return [
            k
            for k in SMALL_CLAIMS_EXCLUSIONS
            if bool(facts.attribute(k)) or bool(request.data.get(k))
        ]

    def decide(self, request: DecisionRequest) -> Decision:
        """
        Assign or convert the track (see the class docstring).
        """
        if legal(request, "assign_ordinary"):
            return self._assign(request)
        state = request.state or ""
        if state in ("small_claims_trial", "summary_trial"):
            return self._convert(request, state.removesuffix("_trial"))
        return decide(
            self,
            "none",
            "keep-track",
            None,
            f"no track to assign or convert in state {request.state!r}",
            f"当前状态 {request.state!r} 无需分流",
        )

    def _assign(self, request: DecisionRequest) -> Decision:
        facts = request.case.facts
        lc = request.lifecycle
        monetary = not lc.has_category(facts.category) or lc.category(facts.category).monetary
        claim = facts.claim_amount
        why_not: str
        if not monetary:
            why_not = f"{facts.category} is not a simple monetary claim"
        elif claim is None:
            why_not = "no claim amount"
        elif hits := self._exclusions(request):
            why_not = "excluded from small claims: " + ", ".join(hits)
        else:
            limit, source = self.threshold(request)
            if claim <= limit:
                return decide(
                    self,
                    "small_claims",
                    "small-claims-mandatory",
                    "assign_small_claims",
                    f"claim {claim} <= {self.share} x {source} = {limit}: small claims",
                    f"标的额 {claim} 不超过小额诉讼标准 {limit}，适用小额诉讼程序",
                    ("CPL Art. 165", "CPL Art. 166"),
                    {"threshold": f"{limit:.2f}"},
                )
            if claim <= limit * self.agreed_multiple and self._flag(request, "small_claims_agreed"):
                return decide(
                    self,
                    "small_claims",
                    "small-claims-by-agreement",
                    "assign_small_claims",
                    f"claim {claim} <= {self.agreed_multiple} x {limit} and the parties agree: "
                    "small claims",
                    f"标的额 {claim} 不超过标准的{self.agreed_multiple}倍且当事人约定，"
                    "适用小额诉讼",
                    "CPL Art. 165",
                    {"threshold": f"{limit:.2f}"},
                )
            why_not = f"claim {claim} > threshold {limit}"
        if not self._flag(request, "complex") and (
            self.simple_by_default or self._flag(request, "simple")
        ):
            return decide(
                self,
                "summary",
                "simple-case",
                "assign_summary",
                f"{why_not}; the case is simple: summary procedure",
                f"不适用小额诉讼（{why_not}）；案件简单，适用简易程序",
                "CPL Art. 160",
            )
        return decide(
            self,
            "ordinary",
            "ordinary",
            "assign_ordinary",
            f"{why_not}; not simple: ordinary procedure",
            f"不适用小额诉讼（{why_not}）；适用普通程序",
            "CPL Art. 152",
        )

    def _convert(self, request: DecisionRequest, track: str) -> Decision:
        wanted: Any = request.data.get("convert_to")
        grounds = request.data.get("grounds")
        if wanted is not None:
            if wanted not in ("summary", "ordinary") or f"convert_to_{wanted}" not in (
                t for t in ("convert_to_summary", "convert_to_ordinary") if legal(request, t)
            ):
                raise InvalidValueError(
                    "data.convert_to",
                    "ordinary" if track == "summary" else "summary or ordinary",
                    wanted,
                )
            why = str(grounds or "requested by the judge")
            return decide(
                self,
                "convert",
                "requested-conversion",
                f"convert_to_{wanted}",
                f"converted to {wanted} procedure: {why}",
                f"转为{'简易' if wanted == 'summary' else '普通'}程序：{why}",
                "CPL Art. 169-170",
                {"grounds": why},
            )
        if track == "small_claims":
            hits = self._exclusions(request)
            if hits:
                dest = "ordinary" if self._flag(request, "complex") else "summary"
                why = "small-claims exclusion arose: " + ", ".join(hits)
                return decide(
                    self,
                    "convert",
                    "exclusion-arose",
                    f"convert_to_{dest}",
                    f"{why}: converted to {dest} procedure",
                    f"出现不适用小额诉讼的情形（{'、'.join(hits)}），转为"
                    f"{'简易' if dest == 'summary' else '普通'}程序",
                    ("CPL Art. 166", "CPL Art. 169"),
                    {"grounds": why},
                )
        elif self._flag(request, "complex"):
            return decide(
                self,
                "convert",
                "complex-case",
                "convert_to_ordinary",
                "the case is not simple after all: converted to ordinary procedure",
                "案件不宜适用简易程序，转为普通程序",
                "CPL Art. 170",
                {"grounds": "complex case"},
            )
        return decide(
            self,
            "keep",
            "keep-track",
            None,
            f"nothing calls for converting the {track} track",
            "无需转换程序",
        )
