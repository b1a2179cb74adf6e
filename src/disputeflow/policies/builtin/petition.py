"""
Petition routing (诉访分离, point ``petition``): a litigation-related petition goes into the
legal channel it belongs in, or is closed when legal remedies are exhausted (依法终结).

Disagreement with an effective judgment -> retrial petition; complaint about an execution act
-> execution objection (then reconsideration); third-party claim to seized property ->
third-party objection; no execution for 6 months -> application to the higher court; filing
refused -> appeal of the non-acceptance ruling, or a complaint to the higher court when no
ruling was given (SPC Opinions on Separating Litigation from Petitions (2014)).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from disputeflow.errors import InvalidValueError
from disputeflow.lifecycle.stages.execution import PETITION_CHANNELS
from disputeflow.policies.builtin._common import RuleDoc, decide, legal, text
from disputeflow.policies.decision import Decision
from disputeflow.policies.protocols import DecisionRequest

__all__ = ["CHANNEL_BASIS", "DEFAULT_CHANNELS", "PetitionRouting"]

_PET = "SPC Opinions on Separating Litigation from Petitions (2014)"

#: What the petitioner complains about -> the legal channel.
DEFAULT_CHANNELS: Mapping[str, str] = {
    "disagrees_with_judgment": "retrial_petition",
    "execution_act": "execution_objection",
    "objection_ruling": "reconsideration",
    "third_party_claim": "third_party_objection",
    "no_execution_six_months": "higher_court_execution",
    "filing_refused": "refusal_appeal",
    "filing_not_decided": "higher_court_complaint",
}

#: Each channel with its Chinese name and legal basis (CPL 2021 numbering).
CHANNEL_BASIS: Mapping[str, tuple[str, str]] = {
    "retrial_petition": ("申请再审", "CPL Art. 212"),
    "execution_objection": ("执行异议", "CPL Art. 232"),
    "reconsideration": ("执行复议", "CPL Art. 232"),
    "third_party_objection": ("案外人异议", "CPL Art. 234"),
    "higher_court_execution": ("向上一级法院申请执行", "CPL Art. 233"),
    "refusal_appeal": ("对不予受理裁定上诉", "CPL Art. 157, 171"),
    "higher_court_complaint": (
        "向上级法院投诉或起诉",
        "SPC Provisions on Case Registration (2015)",
    ),
}


def _channels(value: Any) -> Mapping[str, str]:
    field = "prc.petition-router.channels"
    if not isinstance(value, Mapping):
        raise InvalidValueError(field, "a table: complaint -> channel", value)
    for complaint, channel in value.items():
        if channel not in PETITION_CHANNELS:
            raise InvalidValueError(
                f"{field}.{complaint}", "one of " + ", ".join(PETITION_CHANNELS), channel
            )
    return {str(k): str(v) for k, v in value.items()}


@attrs.frozen(slots=True)
class PetitionRouting:
    """
    Route a registered petition by what it complains about (the act's data ``complaint``,
    a key of ``channels``); close it when ``remedies_exhausted`` is true; answer it when it
    belongs in no legal channel. A petition just received is registered first.

    For ``filing_refused`` with ``ruling_issued=False`` in the data (the court gave no
    written ruling), the channel is a complaint to the higher court.

    Args:
        id: policy id.
        version: policy version.
        channels: complaint -> legal channel (values among the lifecycle's petition
            channels).
    """

    NAME: ClassVar[str] = "prc.petition-router"
    POINT: ClassVar[str] = "petition"
    SUMMARY: ClassVar[str] = (
        "Petition routing: each litigation-related petition into its legal channel; closed "
        "when remedies are exhausted."
    )
    SUMMARY_ZH: ClassVar[str] = "诉访分离：涉诉信访导入相应法律程序；法律程序穷尽的依法终结。"
    LEGAL_BASIS: ClassVar[tuple[str, ...]] = (_PET,)
    RULES: ClassVar[tuple[RuleDoc, ...]] = (
        RuleDoc("register", "a petition just received is registered", "register",
                "register_petition", _PET),
        RuleDoc("remedies-exhausted", "legal remedies are exhausted", "conclude",
                "conclude_petition", _PET),
        RuleDoc("channel", "the complaint belongs in a legal channel (see channels)", "route",
                "route_petition", _PET),
        RuleDoc("no-legal-channel", "no legal channel fits: answer", "answer",
                "answer_petition", _PET),
        RuleDoc("not-a-petition", "no petition is waiting", "none", None),
    )  # fmt: skip

    id: str = attrs.field(default="prc.petition-router", validator=text)
    version: str = attrs.field(default="1", validator=text)
    channels: Mapping[str, str] = attrs.field(default=DEFAULT_CHANNELS, converter=_channels)

    @property
    def point(self) -> str:
        """
        The decision point (``petition``).
        """
        return self.POINT

    def decide(self, request: DecisionRequest) -> Decision:
        """
        Register, route, conclude or answer (see the class docstring).
        """
        if legal(request, "register_petition"):
            return decide(
                self,
                "register",
                "register",
                "register_petition",
                "petition received: registered",
                "信访登记",
                _PET,
            )
        if not legal(request, "route_petition"):
            return decide(
                self,
                "none",
                "not-a-petition",
                None,
                f"no petition waits for routing in state {request.state!r}",
                f"当前状态 {request.state!r} 无待处理的信访",
            )
        if request.data.get("remedies_exhausted") is True:
            return decide(
                self,
                "conclude",
                "remedies-exhausted",
                "conclude_petition",
                "legal remedies are exhausted: the petition is closed (依法终结)",
                "法律程序已穷尽，依法终结",
                _PET,
                {"remedies_exhausted": True},
            )
        complaint = request.data.get("complaint")
        channel = self.channels.get(str(complaint)) if complaint is not None else None
        if complaint == "filing_refused" and request.data.get("ruling_issued") is False:
            channel = "higher_court_complaint"
        if channel is None:
            return decide(
                self,
                "answer",
                "no-legal-channel",
                "answer_petition",
                f"the petition ({complaint or 'no complaint stated'}) belongs in no legal "
                "channel: answered",
                "信访事项不属于法律程序处理范围，予以答复",
                _PET,
            )
        zh, basis = CHANNEL_BASIS.get(channel, (channel, _PET))
        return decide(
            self,
            "route",
            "channel",
            "route_petition",
            f"{complaint}: routed into {channel.replace('_', ' ')}",
            f"导入{zh}程序",
            (basis, _PET),
            {"channel": channel},
        )
