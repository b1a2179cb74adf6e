"""
The shipped Baicheng scenario stays calibrated: near steady state over the year, time limits
rarely overrun, and the published rates it was derived from (DOMAIN.md section 5) come out,
at scale 0.05 for two seeds, with tolerances for a sample that small.
"""

from __future__ import annotations

import functools
from collections import Counter

import pytest

from disputeflow.simulation import load_scenario, simulate
from disputeflow.simulation.results import SimulationResult

_FIRST_INSTANCE_END = {"render_judgment", "render_ruling", "mediate", "withdraw"}


@functools.cache
def _run(seed: int) -> SimulationResult:
    return simulate(load_scenario("baicheng").evolve(scale=0.05), seed)


@pytest.mark.parametrize("seed", [1, 2])
class TestBaichengCalibration:
    def test_near_steady_state(self, seed: int) -> None:
        """
        Closed-to-new (结收比) is within [0.9, 1.1] and the year-end litigation backlog is
        within 20% of the warm-start stock it began from.
        """
        m = _run(seed).metrics()
        assert 0.9 <= m["closed_to_new"] <= 1.1
        assert abs(m["backlog_end"] - m["backlog_start"]) <= 0.2 * m["backlog_start"]

    def test_time_limit_breaches_are_rare(self, seed: int) -> None:
        """
        Time limits overrun (all clocks together, and each clock alone) stay under 5% and 2%
        of the litigation proceedings closed: within-time-limit closure is well above 95%.
        """
        r = _run(seed)
        closed = r.metrics()["closed"]
        assert len(r.breaches) < 0.05 * closed
        for clock, n in Counter(b[2] for b in r.breaches).items():
            assert n < 0.02 * closed, clock

    def test_pre_filing_mediation_success_in_published_band(self, seed: int) -> None:
        """
        Pre-filing mediations end in agreement 65-69% of the time nationally (2020, 2023);
        the simulated rate lies within that band widened by sampling error.
        """
        triggers = Counter(e.trigger for e in _run(seed).events)
        ended = sum(
            triggers[t] for t in ("reach_agreement", "fail_mediation", "withdraw_mediation")
        )
        assert ended > 400
        assert 0.62 <= triggers["reach_agreement"] / ended <= 0.72

    def test_mediation_and_withdrawal_rate_near_published(self, seed: int) -> None:
        """
        Mediation and withdrawal close about 47% of civil cases (2025): first-instance
        closings by mediation statement or withdrawal are 40-55% of all of them.
        """
        ends = Counter(
            e.trigger
            for e in _run(seed).events
            if e.trigger in _FIRST_INSTANCE_END
            and e.from_state is not None
            and (e.from_state.endswith("_trial") or e.from_state.endswith("_entrusted_mediation"))
        )
        rate = (ends["mediate"] + ends["withdraw"]) / sum(ends.values())
        assert 0.40 <= rate <= 0.55
