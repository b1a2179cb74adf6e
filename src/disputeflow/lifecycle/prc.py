"""
The two PRC civil lifecycles, composed from shared parts.

- ``prc-civil-2022``: the rules in force from 2022-01-01 (CPL 2021, amended 2023) until
  2024-12-31: a separate pre-filing mediation docket (诉前调解) and entrusted mediation after
  filing (委托调解).
- ``prc-civil-2025``: from 2025-01-01 (SPC Opinion on Civil Filing and Mediation): file first,
  prior mediation (先行调解) with consent, 15 / 7 days, +30 by consent excluded from the trial
  limit.

Which definition governs an act by date is the business of rule sets; here the caller picks.
"""

from __future__ import annotations

from functools import cache

from disputeflow.lifecycle.definition import Lifecycle
from disputeflow.lifecycle.stages.appeal import RETRIAL, SECOND_INSTANCE
from disputeflow.lifecycle.stages.common import BASE
from disputeflow.lifecycle.stages.execution import EXECUTION, PETITION
from disputeflow.lifecycle.stages.filing import FILING
from disputeflow.lifecycle.stages.mediation import (
    CONFIRMATION,
    ENTRUSTED_MEDIATION_2022,
    PRE_FILING_MEDIATION_2022,
    PRIOR_MEDIATION_2025,
)
from disputeflow.lifecycle.stages.trial import TRIAL

__all__ = ["LIFECYCLES", "lifecycle", "prc_civil_2022", "prc_civil_2025"]

_SHARED = (BASE, FILING, TRIAL, CONFIRMATION, SECOND_INSTANCE, RETRIAL, EXECUTION, PETITION)


@cache
def prc_civil_2022() -> Lifecycle:
    """
    The PRC civil lifecycle until 2024-12-31: pre-filing mediation docket, entrusted mediation.
    """
    return Lifecycle.compose(
        "prc-civil-2022",
        (*_SHARED, PRE_FILING_MEDIATION_2022, ENTRUSTED_MEDIATION_2022),
        version="1",
        label_en="PRC civil procedure, 2022-2024 (pre-filing mediation docket)",
        label_zh="民事诉讼（2022-2024，诉前调解）",
        description=__doc__ or "",
    )


@cache
def prc_civil_2025() -> Lifecycle:
    """
    The PRC civil lifecycle from 2025-01-01: file first, prior mediation with consent.
    """
    return Lifecycle.compose(
        "prc-civil-2025",
        (*_SHARED, PRIOR_MEDIATION_2025),
        version="1",
        label_en="PRC civil procedure, from 2025 (file first, prior mediation)",
        label_zh="民事诉讼（2025起，先立案后先行调解）",
        description=__doc__ or "",
    )


LIFECYCLES = {"prc-civil-2022": prc_civil_2022, "prc-civil-2025": prc_civil_2025}


def lifecycle(id: str) -> Lifecycle:
    """
    A shipped lifecycle by id.

    Raises:
        UnknownNameError: no such lifecycle; lists the shipped ids.
    """
    from disputeflow.errors import UnknownNameError

    try:
        return LIFECYCLES[id]()
    except KeyError:
        raise UnknownNameError("lifecycle", id, LIFECYCLES) from None
