"""
Duration distributions.
"""

from __future__ import annotations

import numpy as np
import pytest

from disputeflow.errors import InvalidValueError
from disputeflow.simulation.distributions import Distribution


class TestDistribution:
    @pytest.mark.parametrize(
        ("dist", "mean"),
        [
            (Distribution.of("exponential", mean=10), 10),
            (Distribution.of("lognormal", mean=20, sd=15), 20),
            (Distribution.of("gamma", shape=2, mean=30), 30),
            (Distribution.of("empirical", values=[1, 2, 9], weights=[1, 1, 2]), 5.25),
            (Distribution.of("constant", value=4), 4),
        ],
    )
    def test_sample_mean_matches(self, dist: Distribution, mean: float) -> None:
        """
        Each kind's sample mean is close to its stated mean, and ``mean`` reports it.
        """
        rng = np.random.default_rng(1)
        x = np.array([dist.sample(rng) for _ in range(20000)])
        assert dist.mean == pytest.approx(mean)
        assert x.mean() == pytest.approx(mean, rel=0.05)
        assert (x >= 0).all()

    def test_to_dict_round_trip(self) -> None:
        """
        ``to_dict`` gives the scenario-file form.
        """
        d = Distribution.of("empirical", values=[1, 2])
        assert d.to_dict() == {"dist": "empirical", "values": [1, 2]}
        assert Distribution("empirical", {"values": [1, 2]}) == d

    @pytest.mark.parametrize(
        ("kind", "params", "field"),
        [
            ("weibull", {"mean": 1}, "dist"),
            ("exponential", {}, "mean"),
            ("exponential", {"mean": -1}, "mean"),
            ("lognormal", {"mean": 1, "sd": 1, "x": 2}, "x"),
            ("empirical", {"values": []}, "values"),
            ("empirical", {"values": [1, 2], "weights": [1]}, "weights"),
        ],
    )
    def test_invalid(self, kind: str, params: dict, field: str) -> None:
        """
        Unknown kinds, missing, unknown or out-of-range parameters are refused by name.
        """
        with pytest.raises(InvalidValueError) as info:
            Distribution(kind, params)
        assert info.value.field == field
