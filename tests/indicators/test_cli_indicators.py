"""
Tests for the ``disputeflow indicators`` command (:func:`disputeflow.cli.main`): a JSON Lines
log written with :func:`disputeflow.io.write_jsonl`, scored against the CEPEJ set, reported as
text, HTML or CSV; errors go to stderr with exit code 2.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import disputeflow as d
from disputeflow.cli import main
from disputeflow.io import write_jsonl
from indicators.logs import LogBuilder, at

COMPOSITE_LINE = re.compile(r"^\s*(taobei|xinghe)\s+(\d{4}-\d\d-\d\d)\s+(\S+)\s+(\S+)\s+(\S+)$")


@pytest.fixture(scope="module")
def log_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """
    Two courts, January and February 2025 (all cases first instance, summary track):
    taobei receives A and B in January and mediates A on 20 January; xinghe receives C in
    January and D in February, and mediates C on 10 February.
    """
    b = LogBuilder(d.prc_civil_2025())
    b.filed("A", at(2025, 1, 6), court="taobei")
    b.fire("A", "mediate", at(2025, 1, 20))
    b.filed("B", at(2025, 1, 8), court="taobei")
    b.filed("C", at(2025, 1, 9), court="xinghe", region="xinghe")
    b.fire("C", "mediate", at(2025, 2, 10))
    b.filed("D", at(2025, 2, 3), court="xinghe", region="xinghe")
    path = tmp_path_factory.mktemp("cli") / "log.jsonl"
    with path.open("w", encoding="utf-8") as fp:
        write_jsonl(b.log, fp)
    return path


def composites(text: str) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(court, month) -> (composite, share in range, rank) from the text report."""
    return {
        m.group(1, 2): m.group(3, 4, 5)
        for m in map(COMPOSITE_LINE.match, text.splitlines())
        if m is not None
    }


ARGS = ["--set", "cepej", "--by", "court", "--period", "month"]


class TestText:
    def test_cepej_by_court_and_month(
        self, log_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        The worked CEPEJ scores. January: taobei clears 1 of 2 new cases (clearance rate
        50 %, scored 50 against the target 100 with tolerance 100); its disposition time
        (1 pending / 1 resolved x 31 = 31 days) and turnover (1 resolved / 1 pending = 1)
        are the best among the courts, scored 100 relative to them: composite
        (50 + 100 + 100) / 3 = 83.3. xinghe resolves nothing: clearance 0 % scores 0,
        turnover 0 is the worst (0), no disposition time: composite 0. February: xinghe
        clears 1 of 1 (100 %, met) with turnover 1 (best): 100; taobei has only a turnover
        of 0 (worst): 0, and no member with a standard (share in range undefined).
        """
        assert main(["indicators", str(log_path), *ARGS]) == 0
        out = capsys.readouterr().out
        assert out.startswith("cepej@1: CEPEJ efficiency measures")
        assert "[unofficial]" in out.splitlines()[0]
        assert composites(out) == {
            ("taobei", "2025-01-01"): ("83.3", "0.0", "1"),
            ("taobei", "2025-02-01"): ("0.0", "NaN", "2"),
            ("xinghe", "2025-01-01"): ("0.0", "0.0", "2"),
            ("xinghe", "2025-02-01"): ("100.0", "1.0", "1"),
        }
        # The indicator table shows the latest period: xinghe's 100 % clearance meets >= 100.
        clearance = next(line for line in out.splitlines() if "cepej-clearance-rate" in line)
        assert re.search(r">= 100\s+1\.0\s+-\s+100 ✓$", clearance)
        turnover = next(line for line in out.splitlines() if line.strip().startswith("cepej-t"))
        assert turnover.split()[-2:] == ["0", "1"]

    def test_quarter_and_no_grouping(
        self, log_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``--period quarter`` gives one period per court; an empty ``--by`` scores the whole
        log as one group, whose latest month (February: 1 closed, 1 new) clears 100 %.
        """
        assert main(["indicators", str(log_path), "--set", "cepej", "--period", "quarter"]) == 0
        assert set(composites(capsys.readouterr().out)) == {
            ("taobei", "2025-01-01"),
            ("xinghe", "2025-01-01"),
        }
        assert main(["indicators", str(log_path), "--set", "cepej", "--by", ""]) == 0
        out = capsys.readouterr().out
        header = next(line for line in out.splitlines() if "cepej-clearance-rate" in line)
        assert header.rstrip().endswith("100 ✓")  # February: 1 closed / 1 new
        assert "taobei" not in out

    def test_default_set(self, log_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """
        Without ``--set`` the SPC 2024-09 set is reported.
        """
        assert main(["indicators", str(log_path)]) == 0
        out = capsys.readouterr().out
        assert out.startswith("spc-2024-09@2024-09")
        assert ("taobei", "2025-01-01") in composites(out)


class TestFiles:
    def test_html_report(
        self, log_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``--out report.html`` writes the HTML report (ranking, the month-by-month composite
        table with the worked scores, the indicator table with standards) and says so.
        """
        target = tmp_path / "report.html"
        assert main(["indicators", str(log_path), *ARGS, "--out", str(target)]) == 0
        out = capsys.readouterr().out
        assert out.rstrip().endswith(f"written: {target}")
        assert ("taobei", "2025-01-01") in composites(out)
        html = target.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>")
        assert "<title>CEPEJ efficiency measures" in html
        series = html.split("<h2>Composite score by period</h2>", 1)[1].split("</table>", 1)[0]
        assert "<th>taobei</th><th>xinghe</th>" in series
        assert "<td>2025-01-01</td><td>83.33</td><td>0.00</td>" in series
        assert "<td>2025-02-01</td><td>0.00</td><td>100.00</td>" in series
        assert '<td class="met">100 ✓</td>' in html
        assert "<td>&gt;= 100</td>" in html

    def test_csv_scores(
        self, log_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        ``--out scores.csv`` writes the member scores: 3 members x 2 courts x 2 months.
        """
        target = tmp_path / "scores.csv"
        assert main(["indicators", str(log_path), *ARGS, "--out", str(target)]) == 0
        capsys.readouterr()
        with target.open(encoding="utf-8") as fp:
            rows = list(csv.DictReader(fp))
        assert len(rows) == 12
        jan = {
            r["indicator"]: float(r["score"])
            for r in rows
            if r["court"] == "taobei" and r["period_start"] == "2025-01-01"
        }
        assert jan == {
            "cepej-clearance-rate": 50.0,
            "cepej-disposition-time": 100.0,
            "cepej-turnover": 100.0,
        }


class TestErrors:
    def test_unknown_set(self, log_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """
        An unknown set exits 2 and lists the valid ids on stderr.
        """
        assert main(["indicators", str(log_path), "--set", "nope"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("disputeflow: unknown indicator set 'nope'")
        assert "cepej" in err
        assert "local-platform@3.0" in err

    def test_unknown_group(self, log_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """
        An unknown group column exits 2 naming the valid ones (department among them).
        """
        assert main(["indicators", str(log_path), "--by", "court,division"]) == 2
        err = capsys.readouterr().err
        assert "unknown group column 'division'" in err
        assert "department" in err

    def test_bad_out_suffix(
        self, log_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """
        An output that is neither .html nor .csv exits 2 before any work, writing nothing.
        """
        target = tmp_path / "report.txt"
        assert main(["indicators", str(log_path), "--out", str(target)]) == 2
        assert "a path ending in .html or .csv" in capsys.readouterr().err
        assert not target.exists()

    def test_empty_log(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """
        An empty log exits 2 with the reason.
        """
        empty = tmp_path / "empty.jsonl"
        empty.write_text("", encoding="utf-8")
        assert main(["indicators", str(empty)]) == 2
        assert "at least one event" in capsys.readouterr().err

    def test_not_a_log(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A file that is not an event log exits 2 naming the line.
        """
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"hello": 1}\n', encoding="utf-8")
        assert main(["indicators", str(bad)]) == 2
        assert "lines[1]" in capsys.readouterr().err

    def test_missing_log(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """
        A log that does not exist exits 2 with the path on stderr, not a traceback.
        """
        missing = tmp_path / "missing.jsonl"
        assert main(["indicators", str(missing)]) == 2
        assert str(missing) in capsys.readouterr().err
