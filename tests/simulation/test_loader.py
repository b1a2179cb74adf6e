"""
The listing of shipped files in ``disputeflow.simulation.loader``: scenarios and BENCH-B
models share the package-data folder and are told apart by a top-level ``model`` key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from disputeflow.errors import ConfigError
from disputeflow.simulation.loader import (
    declared_model,
    load_scenario,
    shipped_models,
    shipped_names,
    shipped_scenarios,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "disputeflow" / "simulation" / "data"


class TestShippedListing:
    def test_scenarios_and_models_are_listed_apart(self) -> None:
        """
        Baicheng is a shipped scenario, BENCH-B a shipped model; together they are every
        shipped name, and every TOML file in the data folder is one of them.
        """
        assert shipped_scenarios() == ("baicheng",)
        assert shipped_models() == ("bench-b",)
        assert shipped_names() == ("baicheng", "bench-b")
        assert sorted(p.stem for p in DATA.glob("*.toml")) == list(shipped_names())

    def test_declared_model(self) -> None:
        """
        A top-level ``model`` is the declared model; a scenario or text that is not TOML
        declares none.
        """
        assert declared_model((DATA / "bench-b.toml").read_text(encoding="utf-8")) == "bench-b"
        assert declared_model((DATA / "baicheng.toml").read_text(encoding="utf-8")) is None
        assert declared_model('[scenario]\nmodel = "x"') is None
        assert declared_model("model = [") is None

    def test_a_model_is_not_a_scenario(self) -> None:
        """
        ``load_scenario("bench-b")`` says that bench-b is a BENCH-B model and how to load it.
        """
        with pytest.raises(ConfigError, match="load_bench_b") as info:
            load_scenario("bench-b")
        assert info.value.key == "model"

    def test_unknown_name_lists_every_shipped_name(self) -> None:
        """
        An unknown name is a ConfigError listing the shipped scenarios and models.
        """
        with pytest.raises(ConfigError) as info:
            load_scenario("nowhere")
        assert "baicheng, bench-b" in info.value.expected
