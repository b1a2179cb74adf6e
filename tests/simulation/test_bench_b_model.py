"""
Tests of ``disputeflow.simulation.bench_b_model``: the shipped BENCH-B model file loads, is
BENCH-B.md's numbers exactly (the constants ``run_bench_b`` used before the model became
data, and the same event log for the same seed), its example copy is the same file, every
invalid value is a ConfigError naming file and key, and ``run_bench_b`` uses the model it is
given.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import attrs
import pytest

from disputeflow.errors import ConfigError, InvalidValueError
from disputeflow.simulation import bench_b as bb
from disputeflow.simulation.bench_b import BenchBResult, run_bench_b
from disputeflow.simulation.bench_b_model import (
    NODE_NAMES,
    BenchBModel,
    bench_b_model_from_toml,
    default_bench_b_model,
    is_bench_b_file,
    load_bench_b,
)

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "disputeflow" / "simulation" / "data" / "bench-b.toml"
EXAMPLE = ROOT / "examples" / "scenarios" / "bench-b.toml"

# The module constants of simulation/bench_b.py before BENCH-B's numbers moved to bench-b.toml,
# copied literally: the shipped model must reproduce them exactly.
_PET = 0.03
_JUDG = 0.80
PREVIOUS: dict[str, Any] = {
    "horizon_days": 365.0,
    "disputes_per_year": 100_000,
    "categories": (
        ("loan", 0.30),
        ("contract", 0.20),
        ("family", 0.12),
        ("labour", 0.08),
        ("traffic", 0.08),
        ("property_service", 0.10),
        ("neighbour", 0.07),
        ("administrative", 0.05),
    ),
    "servers": {"M": 6000, "C": 20, "F": 40, "T": 7800, "A": 1250, "E": 4900, "P": 80},
    "mean_service_days": {
        "M": 20.0,
        "C": 0.5,
        "F": 0.2,
        "T": 45.0,
        "A": 60.0,
        "E": 90.0,
        "P": 15.0,
    },
    "outcomes": {
        "M": (
            ("settled", ("reach_agreement",), 0.45 * 0.75),
            ("to_confirmation", ("apply_for_confirmation",), 0.45 * 0.25),
            ("failed", ("fail_mediation",), 0.55),
        ),
        "C": (("confirmed", ("confirm_agreement",), 1.0),),
        "F": (
            ("refused", ("refuse_filing",), 0.05),
            ("registered", ("register",), 0.95),
        ),
        "T": (
            ("withdrawn", ("withdraw",), 0.20 * (1 - _PET)),
            ("withdrawn_petition", ("withdraw", "file_petition"), 0.20 * _PET),
            ("appealed", ("appeal",), _JUDG * 0.15),
            ("to_execution", ("apply_for_execution",), _JUDG * 0.85 * 0.40),
            ("judged", ("render_judgment",), _JUDG * 0.85 * 0.60 * (1 - _PET)),
            ("judged_petition", ("render_judgment", "file_petition"), _JUDG * 0.85 * 0.60 * _PET),
        ),
        "A": (
            ("to_execution", ("apply_for_execution",), 0.35),
            ("decided", ("decide_appeal",), 0.65 * (1 - _PET)),
            ("decided_petition", ("decide_appeal", "file_petition"), 0.65 * _PET),
        ),
        "E": (
            ("concluded", ("conclude_execution",), 1 - _PET),
            ("concluded_petition", ("conclude_execution", "file_petition"), _PET),
        ),
        "P": (
            ("retrial", ("order_retrial",), 0.20),
            ("closed", ("close_petition",), 0.80),
        ),
    },
}
#: sha256 of run_bench_b(0.003, 2)'s log columns and final states, computed with the code
#: before the model became data (numpy 2's SeedSequence / Generator streams).
PREVIOUS_LOG_DIGEST = "ff9cbe090c89b2d0d418c7bd9bf87891d070072787d04822ff73a46b656a044e"


def _digest(result: BenchBResult) -> str:
    h = hashlib.sha256()
    for column in ("dispute", "t", "code", "category", "serial"):
        h.update(repr(list(getattr(result.log, column))).encode())
    h.update(repr(list(result.states)).encode())
    return h.hexdigest()


def _text() -> str:
    return SHIPPED.read_text(encoding="utf-8")


def _broken(old: str, new: str) -> str:
    text = _text()
    assert old in text, old
    return text.replace(old, new, 1)


class TestShippedModel:
    def test_loads_by_name_once(self) -> None:
        """
        ``load_bench_b()`` reads the shipped file by name; it is read once (the same object
        every time) and is the default model.
        """
        model = load_bench_b()
        assert model.id == "bench-b"
        assert model.skip_mediation == frozenset({"administrative"})
        assert load_bench_b("bench-b") is model
        assert default_bench_b_model() is model

    def test_example_copy_equals_package_data(self) -> None:
        """
        ``examples/scenarios/bench-b.toml`` is the shipped file, byte for byte, and loads
        from its path to the same model.
        """
        assert EXAMPLE.read_bytes() == SHIPPED.read_bytes()
        assert load_bench_b(EXAMPLE) == load_bench_b()
        assert is_bench_b_file(EXAMPLE)

    def test_reproduces_the_previous_constants_exactly(self) -> None:
        """
        The shipped model's values are the constants run_bench_b used before, float for
        float, and the module constants are the model's.
        """
        model = load_bench_b()
        assert model.horizon_days == PREVIOUS["horizon_days"]
        assert model.disputes_per_year == PREVIOUS["disputes_per_year"]
        assert model.categories == PREVIOUS["categories"]
        assert dict(model.servers) == PREVIOUS["servers"]
        assert list(model.servers) == list(NODE_NAMES)
        assert dict(model.mean_service_days) == PREVIOUS["mean_service_days"]
        assert model.outcomes() == PREVIOUS["outcomes"]
        assert (bb.HORIZON_DAYS, bb.DISPUTES_PER_YEAR) == (365.0, 100_000)
        shares = bb.CATEGORY_SHARES
        assert shares == PREVIOUS["categories"]
        assert dict(bb.SERVERS) == PREVIOUS["servers"]
        assert dict(bb.MEAN_SERVICE_DAYS) == PREVIOUS["mean_service_days"]
        assert dict(bb.OUTCOMES) == PREVIOUS["outcomes"]

    def test_same_seed_gives_the_previous_log(self) -> None:
        """
        Seed 2 at scale 0.003 gives the identical event log the code gave before the model
        became data, with the default model and with the example file loaded from its path.
        """
        assert _digest(run_bench_b(0.003, 2)) == PREVIOUS_LOG_DIGEST
        assert _digest(run_bench_b(0.003, 2, model=load_bench_b(EXAMPLE))) == PREVIOUS_LOG_DIGEST


class TestRunUsesTheModel:
    def test_routing_and_entry_come_from_the_model(self) -> None:
        """
        With every dispute mediated (no category skips) and mediation always succeeding
        without confirmation, nothing reaches filing review, trial or confirmation.
        """
        model = attrs.evolve(
            load_bench_b(),
            skip_mediation=frozenset(),
            routing={**load_bench_b().routing, "M": {"success": 1.0, "confirmation": 0.0}},
        )
        result = run_bench_b(0.003, 4, model=model)
        assert result.completed["M"] > 0
        assert result.completed["F"] == result.completed["T"] == result.completed["C"] == 0

    def test_volume_servers_and_horizon_come_from_the_model(self) -> None:
        """
        The model's server counts are scaled, its horizon is the default horizon, and its
        arrival volume sets the rate.
        """
        base = load_bench_b()
        model = attrs.evolve(
            base,
            horizon_days=100.0,
            disputes_per_year=base.disputes_per_year * 100 / 365,  # same rate a day
            servers={**base.servers, "T": 1000},
        )
        result = run_bench_b(0.01, 5, model=model)
        assert result.servers["T"] == 10
        assert result.log.t[-1] < 100.0
        # About 274 arrivals expected over 100 days; far from the 1,000 of a full year.
        assert 200 < result.arrivals < 350


class TestValidation:
    @pytest.mark.parametrize(
        ("old", "new", "key", "expected"),
        [
            ('\nmodel = "bench-b"', '\nmodel = "bench-a"', "model", '"bench-b"'),
            ('\nmodel = "bench-b"', "\n", "model", '"bench-b"'),
            ("horizon_days = 365.0", "horizon_days = -365.0", "horizon_days", "positive"),
            ("horizon_days = 365.0", 'horizon_days = "a year"', "horizon_days", "a number"),
            (
                "disputes_per_year = 100000",
                "disputes_per_year = 0",
                "disputes_per_year",
                "positive",
            ),
            ("loan = 0.30", "loan = 0.31", "categories.shares", "summing to 1"),
            ("loan = 0.30", 'loan = "most"', "categories.shares.loan", "a number"),
            ("loan = 0.30", "loan = -0.30", "categories.shares.loan", "[0, 1]"),
            (
                'skip_mediation = ["administrative"]',
                'skip_mediation = ["admin"]',
                "categories.skip_mediation",
                "administrative",
            ),
            ("servers = 6000", "servers = 0", "nodes.M.servers", "a positive integer"),
            ("servers = 6000", "servers = 6000.5", "nodes.M.servers", "an integer"),
            ("mean_service_days = 20.0", "mean_service_days = -20.0", "nodes.M.mean", "positive"),
            ("success = 0.45", "success = 1.45", "nodes.M.success", "[0, 1]"),
            ("success = 0.45", "success = true", "nodes.M.success", "a number"),
            ("rejected = 0.05", "", "nodes.F.rejected", "required"),
            ("[nodes.P]", "[nodes.Q]", "nodes.Q", "M, C, F, T, A, E, P"),
            ("servers = 6000", "servers = 6000\ncolour = 1", "nodes.M.colour", "success"),
            ("servers = 20 ", "retrial = 0.1\nservers = 20 ", "nodes.C.retrial", "servers"),
            ("petition = 0.03", "petition = 1.03", "petition", "[0, 1]"),
            ('id = "bench-b"', 'id = "bench-b"\nseed = 1', "seed", "horizon_days"),
        ],
    )
    def test_errors_name_file_key_and_what_is_valid(
        self, old: str, new: str, key: str, expected: str
    ) -> None:
        """
        An invalid value raises ConfigError naming the file, the dotted key and what would
        be valid.
        """
        with pytest.raises(ConfigError) as info:
            bench_b_model_from_toml(_broken(old, new), "broken.toml")
        assert info.value.file == "broken.toml"
        assert info.value.key.startswith(key), info.value.key
        assert expected in info.value.expected, info.value.expected

    def test_a_missing_node_is_named(self) -> None:
        """
        A file without one of the seven nodes names that node and lists them all.
        """
        text = _text()
        start = text.index("[nodes.E]")
        end = text.index("[nodes.P]")
        with pytest.raises(ConfigError) as info:
            bench_b_model_from_toml(text[:start] + text[end:], "short.toml")
        assert info.value.key == "nodes.E"
        assert "M, C, F, T, A, E, P" in info.value.expected

    def test_bad_toml_and_missing_file(self, tmp_path: Path) -> None:
        """
        Malformed TOML and an unreadable file are ConfigErrors; the latter lists the shipped
        models.
        """
        with pytest.raises(ConfigError, match="valid TOML"):
            bench_b_model_from_toml("[nodes", "x.toml")
        with pytest.raises(ConfigError, match="bench-b") as info:
            load_bench_b(tmp_path / "nope.toml")
        assert info.value.file.endswith("nope.toml")
        assert not is_bench_b_file(tmp_path / "nope.toml")

    def test_a_model_built_in_code_is_validated(self) -> None:
        """
        BenchBModel itself refuses invalid values with InvalidValueError naming the field
        (the file's dotted key).
        """
        base = load_bench_b()
        cases: list[tuple[dict[str, Any], str]] = [
            ({"servers": {**base.servers, "A": 0}}, "nodes.A.servers"),
            ({"servers": {k: v for k, v in base.servers.items() if k != "P"}}, "nodes.P"),
            ({"servers": {**base.servers, "X": 3}}, "nodes.X"),
            ({"mean_service_days": {**base.mean_service_days, "E": 0}}, "nodes.E.mean"),
            ({"routing": {**base.routing, "T": {"withdrawn": 0.2}}}, "nodes.T.appealed"),
            ({"routing": {**base.routing, "E": {"retrial": 0.2}}}, "nodes.E.retrial"),
            ({"categories": (("loan", 0.5), ("loan", 0.5))}, "categories.shares"),
            ({"categories": ()}, "categories.shares"),
            ({"skip_mediation": frozenset({"tax"})}, "categories.skip_mediation"),
            ({"petition": -0.1}, "petition"),
            ({"horizon_days": float("inf")}, "horizon_days"),
            ({"disputes_per_year": "many"}, "disputes_per_year"),
        ]
        for change, field in cases:
            with pytest.raises(InvalidValueError) as info:
                attrs.evolve(base, **change)
            assert info.value.field.startswith(field), (change, info.value.field)

    def test_built_in_code_equals_loaded(self) -> None:
        """
        A model built in code with the file's values equals the loaded one (ints become
        floats where the file allows either).
        """
        base = load_bench_b()
        built = BenchBModel(
            horizon_days=365,
            disputes_per_year=100_000,
            categories=base.categories,
            skip_mediation=["administrative"],
            servers=base.servers,
            mean_service_days={
                n: int(v) if v >= 1 else v for n, v in PREVIOUS["mean_service_days"].items()
            },
            routing=base.routing,
            petition=0.03,
            label=base.label,
        )
        assert built == base
