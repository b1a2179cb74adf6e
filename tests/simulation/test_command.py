"""
``simulate_command``, the function behind ``disputeflow simulate``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from disputeflow.errors import InvalidValueError
from disputeflow.simulation.command import simulate_command


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
