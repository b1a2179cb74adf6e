"""
Filing control at the court door (立案, 关口把控, point ``filing``).

- :class:`FilingControl` (the default): file first when the 7-day decision period has run
  out (先行立案, CPL (2021) Art. 126); refuse on stated grounds with their legal basis
  (CPL Art. 122, 127; 不予受理裁定, appealable, Art. 157); a one-time correction notice
  listing every missing item (一次性告知, only once; SPC Provisions on Case Registration
  (2015)); otherwise register on the spot (当场登记立案).
- :class:`LabourArbitration`: a labour complaint without an arbitral award is referred to
  arbitration (劳动争议仲裁前置, Labour Dispute Mediation and Arbitration Law Art. 5), unless the
  committee refused the case or did not decide in time (Art. 29).
- :class:`DuplicateSuit`: the same parties and the same claim already pending or decided
  (重复起诉) -> refuse (SPC Interpretation of the CPL (2022) Art. 247).
- :class:`VexatiousFiler`: a listed or flagged filer -> held for a judge's review, or refused
  (configurable), with reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

import attrs

from disputeflow.errors import InvalidValueError
from disputeflow.policies.builtin._common import (
    RuleDoc,
    boolean,
    decide,
    legal,
    limit,
    names,
    positive,
    text,
)
from disputeflow.policies.decision import Decision
from disputeflow.policies.protocols import DecisionRequest

__all__ = [
    "REFUSAL_GROUNDS",
    "DuplicateSuit",
    "FilingControl",
    "LabourArbitration",
    "VexatiousFiler",
]

_REG = "SPC Provisions on Case Registration (2015)"
_LABOUR = "Labour Dispute Mediation and Arbitration Law Art. 5"
_DUP = "SPC Interpretation of the CPL Art. 247"

#: Refusal grounds: id -> (English, Chinese, legal basis). CPL (2021) Art. 122 lists what a
#: suit needs; Art. 127 the cases the court does not accept as a suit.
REFUSAL_GROUNDS: Mapping[str, tuple[str, str, str]] = {
    "no_direct_interest": ("the plaintiff has no direct interest in the case",
                           "原告与本案没有直接利害关系", "CPL Art. 122"),
    "no_defendant": ("there is no definite defendant", "没有明确的被告", "CPL Art. 122"),
    "no_claim": ("no specific claim, facts and reasons", "没有具体的诉讼请求和事实、理由",
                 "CPL Art. 122"),
    "outside_jurisdiction": ("not a civil suit for the courts or not for this court",
                             "不属于人民法院受理民事诉讼的范围或者不归受诉人民法院管辖",
                             "CPL Art. 122"),
    "administrative_suit": ("belongs in administrative litigation", "属于行政诉讼受案范围",
                            "CPL Art. 127"),
    "arbitration_agreement": ("the parties agreed on arbitration", "双方达成书面仲裁协议",
                              "CPL Art. 127"),
    "other_authority": ("another authority decides it by law", "依法应当由其他机关处理",
                        "CPL Art. 127"),
    "res_judicata": ("an effective judgment already decided it", "判决、裁定已经发生法律效力",
                     "CPL Art. 127"),
    "waiting_period": ("filed again within the period the law forbids",
                       "依法在一定期限内不得起诉的案件，在不得起诉的期限内起诉",
                       "CPL Art. 127"),
}  # fmt: skip


def _grounds(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    raise InvalidValueError("data.grounds", "a list of refusal grounds", value)


@attrs.frozen(slots=True)
class FilingControl:
    """
    The court door: file first when the decision period ran out, refuse on grounds, one
    correction notice, or register on the spot.

    Reads the act's data: ``grounds`` (refusal grounds: ids of :data:`REFUSAL_GROUNDS` or
    free text), ``missing`` (items missing from the complaint), ``period_expired`` (the 7
    days have run out; also read from the ``filing_decision`` clock).

    Args:
        id: policy id.
        version: policy version.
        correction_days: days the party gets to submit corrected materials (set by the
            court; the default 15 is a configured value, unverified).
        refuse_when_still_missing: when items are still missing after the one notice, refuse
            (``True``, default) rather than register anyway.
    """

    NAME: ClassVar[str] = "prc.filing"
    POINT: ClassVar[str] = "filing"
    SUMMARY: ClassVar[str] = (
        "Filing control: file first when the 7-day period has run out, refuse on stated "
        "grounds, one-time correction notice, or register on the spot."
    )
    SUMMARY_ZH: ClassVar[str] = (
        "立案审查：七日期满先行立案；有法定情形的裁定不予受理；材料不全一次性告知补正；"
        "符合条件的当场登记立案。"
    )
    LEGAL_BASIS: ClassVar[tuple[str, ...]] = ("CPL Art. 122, 126, 127, 157", _REG)
    RULES: ClassVar[tuple[RuleDoc, ...]] = (
        RuleDoc("period-expired", "the 7-day decision period has run out", "file_first",
                "file_first", "CPL Art. 126; " + _REG + " Art. 8"),
        RuleDoc("refusal-grounds", "the act names refusal grounds (data grounds)", "refuse",
                "refuse", "CPL Art. 122, 127, 157"),
        RuleDoc("correction-notice", "items are missing and no notice was given yet",
                "correct", "issue_correction_notice", _REG),
        RuleDoc("still-missing", "items are still missing after the one notice", "refuse",
                "refuse", "CPL Art. 122; " + _REG),
        RuleDoc("conforming", "nothing missing, no grounds: register on the spot", "register",
                "register", "CPL Art. 126"),
        RuleDoc("nothing-to-decide", "no complaint waiting for a filing decision", "none",
                None),
    )  # fmt: skip

    id: str = attrs.field(default="prc.filing", validator=text)
    version: str = attrs.field(default="1", validator=text)
    correction_days: int = attrs.field(default=15, validator=positive)
    refuse_when_still_missing: bool = attrs.field(default=True, validator=boolean)

    @property
    def point(self) -> str:
        """
        The decision point (``filing``).
        """
        return self.POINT

    def _expired(self, request: DecisionRequest) -> bool:
        if request.data.get("period_expired") is True:
            return True
        p = request.proceeding
        c = p.clock("filing_decision") if p is not None else None
        return c is not None and c.running and not c.suspended and request.on > c.due_on

    def decide(self, request: DecisionRequest) -> Decision:
        """
        Decide the complaint (see the class docstring).
        """
        if not legal(request, "register") or request.proceeding is None:
            return decide(
                self,
                "none",
                "nothing-to-decide",
                None,
                f"no complaint awaits a filing decision in state {request.state!r}",
                f"当前状态 {request.state!r} 无待审查的起诉",
            )
        if self._expired(request):
            return decide(
                self,
                "file_first",
                "period-expired",
                "file_first",
                "the 7-day filing decision period has run out: the case is filed first",
                "七日审查期限届满，先行立案",
                ("CPL Art. 126", _REG + " Art. 8"),
            )
        grounds = _grounds(request.data.get("grounds"))
        if grounds:
            return self._refuse(grounds, "refusal-grounds")
        missing = _grounds(request.data.get("missing"))
        if missing:
            notices = limit(request, "limit.correction_notices")
            if request.proceeding.count("issue_correction_notice") < notices:
                return decide(
                    self,
                    "correct",
                    "correction-notice",
                    "issue_correction_notice",
                    "one-time correction notice listing every missing item: "
                    + ", ".join(missing)
                    + f" (to be corrected within {self.correction_days} days; the 7 days "
                    "restart when the corrected materials arrive)",
                    "一次性书面告知补正：" + "、".join(missing),
                    ("CPL Art. 126", _REG),
                    {"missing": missing, "correction_days": self.correction_days},
                )
            if self.refuse_when_still_missing:
                return self._refuse(
                    ["still missing after the one-time correction notice: " + ", ".join(missing)],
                    "still-missing",
                    extra_basis=_REG,
                )
        return decide(
            self,
            "register",
            "conforming",
            "register",
            "the complaint conforms: registered on the spot",
            "起诉符合条件，当场登记立案",
            "CPL Art. 126",
        )

    def _refuse(self, grounds: list[str], rule: str, extra_basis: str = "") -> Decision:
        en, zh, basis = [], [], []
        for g in grounds:
            known = REFUSAL_GROUNDS.get(g)
            if known is None:
                en.append(g)
                zh.append(g)
                basis.append("CPL Art. 122, 127")
            else:
                en.append(known[0])
                zh.append(known[1])
                basis.append(known[2])
        basis.append("CPL Art. 157")
        if extra_basis:
            basis.append(extra_basis)
        return decide(
            self,
            "refuse",
            rule,
            "refuse",
            [f"not accepted: {e}" for e in en],
            [f"裁定不予受理：{z}" for z in zh],
            tuple(dict.fromkeys(basis)),
            {"grounds": grounds},
        )


@attrs.frozen(slots=True)
class LabourArbitration:
    """
    Refer a labour complaint without an arbitral award to labour arbitration; abstain
    otherwise.

    A party may sue directly when the committee refused the case or did not decide in time
    (facts attribute ``arbitration_refused`` or ``arbitration_overdue``; Art. 29).

    Args:
        id: policy id.
        version: policy version.
        award_attribute: the facts attribute that records an award.
    """

    NAME: ClassVar[str] = "prc.labour-arbitration"
    POINT: ClassVar[str] = "filing"
    SUMMARY: ClassVar[str] = (
        "A labour complaint without an arbitral award is referred to labour arbitration first."
    )
    SUMMARY_ZH: ClassVar[str] = "劳动争议仲裁前置：未经仲裁的劳动争议告知先行申请劳动仲裁。"
    LEGAL_BASIS: ClassVar[tuple[str, ...]] = (
        _LABOUR,
        "Labour Dispute Mediation and Arbitration Law Art. 29",
    )
    RULES: ClassVar[tuple[RuleDoc, ...]] = (
        RuleDoc("labour-without-award", "labour dispute, no award, arbitration not refused or "
                "overdue", "refer", "refer_to_arbitration", _LABOUR),
    )  # fmt: skip

    id: str = attrs.field(default="prc.labour-arbitration", validator=text)
    version: str = attrs.field(default="1", validator=text)
    award_attribute: str = attrs.field(default="arbitral_award", validator=text)

    @property
    def point(self) -> str:
        """
        The decision point (``filing``).
        """
        return self.POINT

    def decide(self, request: DecisionRequest) -> Decision | None:
        """
        Refer to arbitration, or abstain.
        """
        facts = request.case.facts
        lc = request.lifecycle
        labour = facts.category == "labour" or (
            lc.has_category(facts.category) and lc.category(facts.category).labour
        )
        if not labour or not legal(request, "refer_to_arbitration"):
            return None
        if facts.attribute(self.award_attribute):
            return None
        if facts.attribute("arbitration_refused") or facts.attribute("arbitration_overdue"):
            return None
        return decide(
            self,
            "refer",
            "labour-without-award",
            "refer_to_arbitration",
            "labour dispute without an arbitral award: apply for labour arbitration first",
            "劳动争议未经仲裁，告知先行申请劳动仲裁",
            _LABOUR,
        )


#: ``(request) -> case number or description of the pending suit, or None``.
DuplicateHook = Callable[[DecisionRequest], str | None]


def _claim_key(parties: Iterable[str], claim: Any) -> tuple[frozenset[str], str]:
    return frozenset(parties), str(claim).strip().lower()


@attrs.frozen(slots=True)
class DuplicateSuit:
    """
    Refuse a suit between the same parties on the same claim as one already pending or
    decided (重复起诉); abstain otherwise.

    A duplicate is found by the act's data ``duplicate_of`` (the other suit's case number),
    by the list ``pending`` in the act's data (mappings with ``parties`` (names) and
    ``claim``, compared with the case's party names and its facts attribute ``claim``), or by
    ``hook(request)`` returning the other suit.

    Args:
        id: policy id.
        version: policy version.
        hook: a callable that finds the pending suit (Python configuration only).
    """

    NAME: ClassVar[str] = "prc.duplicate-suit"
    POINT: ClassVar[str] = "filing"
    SUMMARY: ClassVar[str] = (
        "Duplicate-suit detection: the same parties and claim already pending or decided -> refuse."
    )
    SUMMARY_ZH: ClassVar[str] = "重复起诉识别：当事人、诉讼标的、诉讼请求相同的，裁定不予受理。"
    LEGAL_BASIS: ClassVar[tuple[str, ...]] = (_DUP, "CPL Art. 127")
    RULES: ClassVar[tuple[RuleDoc, ...]] = (
        RuleDoc("duplicate", "same parties and same claim already pending or decided",
                "refuse", "refuse", _DUP),
    )  # fmt: skip

    id: str = attrs.field(default="prc.duplicate-suit", validator=text)
    version: str = attrs.field(default="1", validator=text)
    hook: DuplicateHook | None = attrs.field(default=None)

    @hook.validator
    def _check_hook(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not callable(value):
            raise InvalidValueError(f"{self.id}.hook", "a callable (request) -> str | None", value)

    @property
    def point(self) -> str:
        """
        The decision point (``filing``).
        """
        return self.POINT

    def find(self, request: DecisionRequest) -> str | None:
        """
        The pending or decided suit this one duplicates, if any.
        """
        found = request.data.get("duplicate_of")
        if found:
            return str(found)
        facts = request.case.facts
        mine = _claim_key((p.name for p in facts.parties), facts.attribute("claim", ""))
        for other in request.data.get("pending", ()) or ():
            if not isinstance(other, Mapping):
                raise InvalidValueError(
                    "data.pending", "a list of tables with parties and claim", other
                )
            key = _claim_key(other.get("parties", ()), other.get("claim", ""))
            if key == mine and mine[1]:
                return str(other.get("case_number", "a pending suit"))
        if self.hook is not None:
            return self.hook(request)
        return None

    def decide(self, request: DecisionRequest) -> Decision | None:
        """
        Refuse a duplicate, or abstain.
        """
        if not legal(request, "refuse"):
            return None
        other = self.find(request)
        if other is None:
            return None
        return decide(
            self,
            "refuse",
            "duplicate",
            "refuse",
            f"duplicate suit: same parties and claim as {other}",
            f"重复起诉：与 {other} 当事人、诉讼标的、诉讼请求相同",
            (_DUP, "CPL Art. 157"),
            {"grounds": [f"duplicate of {other}"], "duplicate_of": other},
        )


#: ``(request) -> reason the filer is vexatious, or None``.
VexatiousHook = Callable[[DecisionRequest], str | None]

_VEXATIOUS_ACTIONS = ("review", "refuse")


def _filers(value: Any) -> frozenset[str]:
    return names("prc.vexatious-filer.filers", value)


@attrs.frozen(slots=True)
class VexatiousFiler:
    """
    Hold a complaint by a listed filer for a judge's review (or refuse it); abstain
    otherwise.

    A filer is vexatious when a plaintiff or applicant is named in ``filers``, or the hook
    says so. ``review`` records the decision with no act (the filing clock keeps running, so
    the court still decides within 7 days); ``refuse`` issues a non-acceptance ruling citing
    good faith (CPL Art. 13), a configured rule, not a statutory ground by itself.

    Args:
        id: policy id.
        version: policy version.
        filers: names of parties treated as vexatious filers.
        action: ``review`` (default) or ``refuse``.
        hook: a callable that flags a filer (Python configuration only).
    """

    NAME: ClassVar[str] = "prc.vexatious-filer"
    POINT: ClassVar[str] = "filing"
    SUMMARY: ClassVar[str] = (
        "Vexatious-filer hook: a listed or flagged filer is held for a judge's review (or refused)."
    )
    SUMMARY_ZH: ClassVar[str] = "滥诉识别：名单内或经识别的起诉人，提交法官审查（或裁定不予受理）。"
    LEGAL_BASIS: ClassVar[tuple[str, ...]] = ("CPL Art. 13", "configured")
    RULES: ClassVar[tuple[RuleDoc, ...]] = (
        RuleDoc("vexatious-review", "the filer is listed or flagged, action review", "review",
                None, "CPL Art. 13"),
        RuleDoc("vexatious-refuse", "the filer is listed or flagged, action refuse", "refuse",
                "refuse", "CPL Art. 13, 157"),
    )  # fmt: skip

    id: str = attrs.field(default="prc.vexatious-filer", validator=text)
    version: str = attrs.field(default="1", validator=text)
    filers: frozenset[str] = attrs.field(default=frozenset(), converter=_filers)
    action: str = attrs.field(default="review")
    hook: VexatiousHook | None = attrs.field(default=None)

    @action.validator
    def _check_action(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in _VEXATIOUS_ACTIONS:
            raise InvalidValueError(f"{self.id}.action", "review or refuse", value)

    @hook.validator
    def _check_hook(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not callable(value):
            raise InvalidValueError(f"{self.id}.hook", "a callable (request) -> str | None", value)

    @property
    def point(self) -> str:
        """
        The decision point (``filing``).
        """
        return self.POINT

    def decide(self, request: DecisionRequest) -> Decision | None:
        """
        Review or refuse a vexatious filer's complaint, or abstain.
        """
        if not legal(request, "refuse"):
            return None
        filers = [
            p.name
            for p in request.case.facts.parties
            if p.role in ("plaintiff", "applicant") and p.name in self.filers
        ]
        why = f"{filers[0]} is on the vexatious-filer list" if filers else None
        if why is None and self.hook is not None:
            why = self.hook(request)
        if why is None:
            return None
        if self.action == "refuse":
            return decide(
                self,
                "refuse",
                "vexatious-refuse",
                "refuse",
                f"not accepted: vexatious filing ({why})",
                f"裁定不予受理：滥用诉讼权利（{why}）",
                ("CPL Art. 13", "CPL Art. 157"),
                {"grounds": [f"vexatious filing: {why}"]},
            )
        return decide(
            self,
            "review",
            "vexatious-review",
            None,
            f"held for a judge's review: {why}",
            f"提交法官审查：{why}",
            "CPL Art. 13",
            {"review": why},
        )
