"""
``simulate_command``, the function behind ``disputeflow simulate``: shipped scenarios and
scenario files, and BENCH-B models (shipped ``bench-b`` or a file marked ``model = "bench-b"``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from disputeflow.errors import ConfigError, InvalidValueError
from disputeflow.simulation.bench_b import run_bench_b
from disputeflow.simulation.command import DEFAULT_BENCH_B_SCALE, simulate_command
from disputeflow.simulation.replicate import Estimate

ROOT = Path(__file__).resolve().parents[2]
BENCH_B_EXAMPLE = ROOT / "examples" / "scenarios" / "bench-b.toml"
NODES = ("M", "C", "F", "T", "A", "E", "P")


class TestSimulateCommand:
    def test_writes_tables_and_report(self, tmp_path: Path) -> None:
        """
        A run writes the tables and the report; the report names the scale.
        """
        text = simulate_command("baicheng", 2, 7, tmp_path, "csv", False, scale=0.01)
        assert "scale 0.01, 2 replication(s) from seed 7" in text
        assert "closed_to_new" in text
        for name in ("cases", "backlog", "queues", "utilisation", "breaches", "estimates"):
            assert (tmp_path / f"{name}.csv").exists()
        assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("scenario")
        cases = pd.read_csv(tmp_path / "cases.csv")
        assert set(cases["court"]) <= {"taobei", "taonan", "tongyu", "daan", "zhenlai"}

    def test_parquet(self, tmp_path: Path) -> None:
        """
        Parquet output reads back.
        """
        simulate_command("baicheng", 1, 1, tmp_path, "parquet", False, scale=0.01)
        assert len(pd.read_parquet(tmp_path / "backlog.parquet")) > 0

    def test_unknown_format(self) -> None:
        """
        Only csv and parquet are written.
        """
        with pytest.raises(InvalidValueError, match="csv or parquet"):
            simulate_command("baicheng", 1, 1, None, "xlsx")

    def test_one_replication_has_no_interval(self) -> None:
        """
        With one replication the report says the interval is not available instead of
        printing NaN bounds.
        """
        text = simulate_command("baicheng", 1, 1, None, "csv", False, scale=0.01)
        assert "closed_to_new:" in text
        assert "n/a (1 replication)" in text
        assert "nan" not in text


def _figures(text: str) -> dict[str, str]:
    # "  label: value" lines of a report, by label.
    out = {}
    for line in text.splitlines():
        if line.startswith("  ") and ": " in line:
            label, value = line.strip().split(": ", 1)
            out[label] = value
    return out


class TestBenchB:
    def test_one_run_reports_bench_b_figures(self) -> None:
        """
        ``bench-b`` runs the shipped BENCH-B model with run_bench_b: the report gives the
        run's arrivals, closed, pending, completed services per node, mean time in system,
        model events and cases/s, equal to run_bench_b's for the same seed and scale.
        """
        text = simulate_command("bench-b", 1, 3, None, "csv", False, scale=0.01)
        expected = run_bench_b(0.01, 3)
        assert text.startswith("model bench-b (BENCH-B reference case-flow network), scale 0.01")
        assert "1 replication(s) from seed 3" in text
        assert "note:" not in text
        assert "servers: M 60, C 1, F 1, T 78, A 13, E 49, P 1" in text
        fig = _figures(text)
        assert fig["arrivals"] == str(expected.arrivals)
        assert fig["closed"] == str(expected.closed)
        assert fig["pending"] == str(expected.pending)
        for node in NODES:
            assert fig[f"completed services {node}"] == str(expected.completed[node])
        mean = expected.mean_time_in_system_closed_days
        assert mean is not None
        assert fig["mean time in system of closed cases (days)"] == f"{mean:.4g}"
        assert fig["model events"] == str(expected.model_events)
        assert float(fig["cases/s"]) > 0

    def test_shipped_model_defaults_to_a_quick_scale(self) -> None:
        """
        Without --scale the shipped model runs at DEFAULT_BENCH_B_SCALE, and the report
        says so.
        """
        text = simulate_command("bench-b", 1, 1, None, "csv", False)
        assert f"scale {DEFAULT_BENCH_B_SCALE}," in text
        assert f"note: shipped BENCH-B model run at scale {DEFAULT_BENCH_B_SCALE}" in text
        assert _figures(text)["arrivals"] == str(run_bench_b(DEFAULT_BENCH_B_SCALE, 1).arrivals)

    def test_replications_give_means_with_intervals_and_tables(self, tmp_path: Path) -> None:
        """
        Three replications use seeds 5, 6, 7; the report gives each figure's mean with its
        95% interval (Estimate over the runs); --out writes the per-replication table, the
        estimates and report.txt.
        """
        text = simulate_command("bench-b", 3, 5, tmp_path, "csv", False, scale=0.01)
        runs = [run_bench_b(0.01, s) for s in (5, 6, 7)]
        assert "estimates over replications (mean [95% interval]):" in text
        est = Estimate.of("closed", [float(r.closed) for r in runs])
        assert _figures(text)["closed"] == f"{est.mean:.4g} [{est.low:.4g}, {est.high:.4g}]"
        assert est.low < est.mean < est.high
        table = pd.read_csv(tmp_path / "replications.csv")
        assert list(table["seed"]) == [5, 6, 7]
        assert list(table["arrivals"]) == [r.arrivals for r in runs]
        assert list(table["completed_T"]) == [r.completed["T"] for r in runs]
        assert (table["pending"] == table["arrivals"] - table["closed"]).all()
        estimates = pd.read_csv(tmp_path / "estimates.csv").set_index("metric")
        assert estimates.loc["closed", "mean"] == pytest.approx(est.mean)
        assert estimates.loc["closed", "n"] == 3
        report = (tmp_path / "report.txt").read_text(encoding="utf-8")
        assert report.startswith("model bench-b")
        assert "completed services P:" in report
        assert f"wrote {tmp_path / 'replications.csv'}" in text

    def test_parquet_tables(self, tmp_path: Path) -> None:
        """
        With parquet the per-replication table reads back.
        """
        simulate_command("bench-b", 2, 1, tmp_path, "parquet", False, scale=0.005)
        table = pd.read_parquet(tmp_path / "replications.parquet")
        assert list(table["seed"]) == [1, 2]
        assert (tmp_path / "estimates.parquet").exists()

    def test_a_marked_file_runs_as_bench_b_at_its_own_scale(self, tmp_path: Path) -> None:
        """
        A TOML file with ``model = "bench-b"`` runs as a BENCH-B model; without --scale it
        runs at scale 1 of its own numbers, with no note.
        """
        text = BENCH_B_EXAMPLE.read_text(encoding="utf-8")
        mine = tmp_path / "small-bench.toml"
        mine.write_text(
            text.replace("disputes_per_year = 100000", "disputes_per_year = 500", 1),
            encoding="utf-8",
        )
        report = simulate_command(mine, 1, 2, None, "csv", False)
        assert "scale 1.0," in report
        assert "note:" not in report
        assert 400 < int(_figures(report)["arrivals"]) < 600

    def test_a_file_with_another_model_is_refused(self, tmp_path: Path) -> None:
        """
        A file declaring another model is a ConfigError naming the key.
        """
        mine = tmp_path / "other.toml"
        mine.write_text('model = "bench-a"\n', encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            simulate_command(mine, 1, 1, None, "csv", False)
        assert info.value.key == "model"

    def test_bad_replications(self) -> None:
        """
        Fewer than one replication is refused.
        """
        with pytest.raises(InvalidValueError, match="replications"):
            simulate_command("bench-b", 0, 1, None, "csv", False, scale=0.01)

    def test_unknown_name_lists_both_shipped_names(self) -> None:
        """
        An unknown scenario name is a ConfigError listing baicheng and bench-b.
        """
        with pytest.raises(ConfigError, match="baicheng, bench-b"):
            simulate_command("nowhere", 1, 1, None, "csv", False)
