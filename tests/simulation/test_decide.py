"""
The policy decider's roster of mediation venues: built from the mediator pools and their
loads, reused while the loads are unchanged.
"""

from __future__ import annotations

from disputeflow.simulation.decide import PolicyDecider
from disputeflow.simulation.runner import Dispute, Simulation
from simulation.scenarios import small_scenario


class TestRoster:
    def test_roster_follows_the_pool_loads(self) -> None:
        """
        Equal loads give the same roster; a changed load gives a roster with that load.
        """
        sim = Simulation(small_scenario(days=5, pending=False), 1)
        decider = sim.decider
        assert isinstance(decider, PolicyDecider)
        d = Dispute(1, "x", "taobei", "taobei", "private_loan", 0.0)
        first = decider._roster(d)
        assert [v.id for v in first] == ["court_roster"]
        assert first[0].load == 0
        assert decider._roster(d) is first
        sim.pools[("mediators.court_roster", "taobei")].busy += 3
        busier = decider._roster(d)
        assert busier[0].load == 3
        assert busier[0].mediators[0].load == 3
        assert busier[0].capacity == sim.pools[("mediators.court_roster", "taobei")].capacity
