"""
Scenario values, the TOML loader, and the shipped Baicheng scenario.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from disputeflow.errors import ConfigError, InvalidValueError, UnknownNameError
from disputeflow.simulation.distributions import Distribution
from disputeflow.simulation.loader import load_scenario, scenario_from_toml, shipped_scenarios
from disputeflow.simulation.scenario import STAGES, PendingCohort, StageSpec, scaled_count

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "disputeflow" / "simulation" / "data" / "baicheng.toml"
EXAMPLE = ROOT / "examples" / "scenarios" / "baicheng.toml"


class TestStageSpec:
    def test_outcome_follows_the_fixed_order(self) -> None:
        """
        A uniform picks outcomes in the stage's fixed order, whatever order they were given.
        """
        spec = StageSpec(
            "appeal", Distribution.of("constant", value=1), {"none": 0.8, "appeal": 0.2}
        )
        assert spec.outcome(0.1) == "appeal"
        assert spec.outcome(0.5) == "none"
        assert spec.outcome(0.999999) == "none"

    def test_probabilities_must_sum_to_one(self) -> None:
        """
        Outcome probabilities summing to anything but 1 are refused.
        """
        with pytest.raises(InvalidValueError, match="summing to 1"):
            StageSpec("appeal", Distribution.of("constant", value=1), {"appeal": 0.5})

    def test_unknown_outcome(self) -> None:
        """
        An outcome the stage does not have is refused, listing the valid ones.
        """
        with pytest.raises(UnknownNameError, match="appeal, none"):
            StageSpec("appeal", Distribution.of("constant", value=1), {"win": 1.0})


class TestScenario:
    def test_scaled_count(self) -> None:
        """
        Counts scale with rounding half up and never vanish.
        """
        assert scaled_count(10, 0.25) == 3
        assert scaled_count(10, 0.01) == 1
        assert scaled_count(0, 5) == 0

    def test_with_servers_spreads_by_population(self, scenario) -> None:  # type: ignore[no-untyped-def]
        """
        Added servers go to the courts in proportion to the population they serve.
        """
        sc = load_scenario("baicheng")
        before = dict(sc.resources["mediators.court_roster"].servers)
        after = sc.with_servers("mediators.court_roster", 20).resources["mediators.court_roster"]
        added = {c: after.servers[c] - before[c] for c in before}
        assert sum(added.values()) == 20
        assert added["taobei"] == max(added.values())
        assert added["zhenlai"] == min(added.values())

    def test_with_stage(self, scenario) -> None:  # type: ignore[no-untyped-def]
        """
        ``with_stage`` replaces a stage's outcomes and keeps its duration.
        """
        new = scenario.with_stage("appeal", outcomes={"appeal": 0.3, "none": 0.7})
        assert new.stages["appeal"].outcomes["appeal"] == 0.3
        assert new.stages["appeal"].duration == scenario.stages["appeal"].duration

    def test_unknown_category_in_arrivals(self, scenario) -> None:  # type: ignore[no-untyped-def]
        """
        Arrival categories must exist in the rule set's lifecycle.
        """
        from disputeflow.simulation.scenario import ArrivalStream

        with pytest.raises(UnknownNameError, match="category"):
            scenario.evolve(arrivals=(ArrivalStream("piracy", "taobei", 10),))

    def test_pending_state_must_be_a_warm_state(self) -> None:
        """
        Warm-start cohorts name one of the supported states.
        """
        with pytest.raises(UnknownNameError, match="summary_trial"):
            PendingCohort("taobei", "private_loan", "judgment_served", 3)


class TestLoader:
    def test_baicheng_is_shipped_and_loads(self) -> None:
        """
        The Baicheng scenario ships as package data: five basic courts under the
        intermediate court, the 2020 census population, every stage.
        """
        assert "baicheng" in shipped_scenarios()
        sc = load_scenario("baicheng")
        assert sc.rule_set == "prc-2024"
        assert sc.lifecycle_id == "prc-civil-2022"
        assert sc.population == 1551378
        basic = [c for c in sc.courts if c.parent == "baicheng-intermediate"]
        assert sorted(c.code for c in basic) == ["吉0802", "吉0821", "吉0822", "吉0881", "吉0882"]
        assert set(sc.stages) == set(STAGES)

    def test_example_copy_equals_package_data(self) -> None:
        """
        ``examples/scenarios/baicheng.toml`` is the shipped file, byte for byte.
        """
        assert EXAMPLE.read_bytes() == SHIPPED.read_bytes()
        assert load_scenario(EXAMPLE) == load_scenario("baicheng")

    def _broken(self, old: str, new: str) -> str:
        text = SHIPPED.read_text(encoding="utf-8")
        assert old in text
        return text.replace(old, new, 1)

    @pytest.mark.parametrize(
        ("old", "new", "key"),
        [
            ('rule_set = "prc-2024"', 'rule_set = "prc-1999"', "scenario"),
            ("horizon_days = 366", 'horizon_days = "a year"', "scenario.horizon_days"),
            ("outcomes = { register = 0.90,", "outcomes = { register = 0.95,", "stages.filing"),
            (
                'duration = { dist = "exponential", mean = 0.25 }',
                'duration = { dist = "weibull", mean = 0.25 }',
                "stages.filing.duration",
            ),
            ("per_10000 = 160.0", 'per_10000 = "many"', "arrivals.per_10000"),
            ("slots = 25", "slots = 0", "resources.judges.small_claims"),
            ('state = "summary_trial"', 'state = "lost"', "pending[0]"),
        ],
    )
    def test_errors_name_file_and_key(self, old: str, new: str, key: str) -> None:
        """
        An invalid value raises ConfigError naming the file and the key.
        """
        with pytest.raises(ConfigError) as info:
            scenario_from_toml(self._broken(old, new), "broken.toml")
        assert info.value.file == "broken.toml"
        assert info.value.key.startswith(key), info.value.key

    def test_bad_toml_and_missing_file(self, tmp_path: Path) -> None:
        """
        Malformed TOML and unreadable files are ConfigErrors too.
        """
        with pytest.raises(ConfigError, match="valid TOML"):
            scenario_from_toml("[scenario", "x.toml")
        with pytest.raises(ConfigError, match="shipped scenario"):
            load_scenario(tmp_path / "nope.toml")
