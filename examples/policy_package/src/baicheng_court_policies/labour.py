"""
Labour arbitration first (劳动争议仲裁前置): a labour complaint without an arbitral award is
sent to labour arbitration at filing (Labour Dispute Mediation and Arbitration Law Art. 5).
"""

from __future__ import annotations

import attrs

from disputeflow.policies import Decision, DecisionRequest, legal_triggers

__all__ = ["LabourArbitrationFirst"]


@attrs.frozen(slots=True)
class LabourArbitrationFirst:
    """
    Refer labour complaints without an arbitral award to labour arbitration at filing.

    Args:
        id: policy id recorded in decisions.
        version: policy version.
        award_attribute: the facts attribute that holds the arbitral award.

    Abstains for other disputes, when an award exists, or when the proceeding is not at the
    filing decision.
    """

    id: str = "baicheng.labour-arbitration-first"
    version: str = "1"
    award_attribute: str = "arbitral_award"
    point: str = attrs.field(default="filing", init=False)

    def decide(self, request: DecisionRequest) -> Decision | None:
        """
        Refer to arbitration, or abstain.
        """
        facts = request.case.facts
        if facts.category != "labour" or facts.attribute(self.award_attribute):
            return None
        if "refer_to_arbitration" not in legal_triggers(request):
            return None
        return Decision(
            "filing",
            "refer",
            self.id,
            self.version,
            "labour-without-award",
            trigger="refer_to_arbitration",
            reasons=("a labour dispute without an arbitral award goes to labour arbitration "
                     "first",),
            reasons_zh=("劳动争议未经仲裁，告知先向劳动争议仲裁委员会申请仲裁",),
            legal_basis=("Labour Dispute Mediation and Arbitration Law Art. 5",),
        )  # fmt: skip
