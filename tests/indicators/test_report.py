"""
Tests for disputeflow.indicators.report: HTML and text reports, the command's core, plots.
"""

from __future__ import annotations

import builtins
import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pendulum
import pytest

import disputeflow as d
from disputeflow.demo import BAICHENG_COURTS
from disputeflow.errors import InvalidValueError, UnknownNameError
from disputeflow.events import Event
from disputeflow.indicators.decompose import decompose
from disputeflow.indicators.hotspots import hotspot_table
from disputeflow.indicators.report import (
    html_report,
    indicator_names,
    plot_contributions,
    plot_hotspots,
    plot_indicator,
    plot_scores,
    report_from_events,
    text_report,
    wide_table,
)
from disputeflow.indicators.scoring import Evaluation
from disputeflow.indicators.sets import Composite, IndicatorSet, Member

JAN, FEB = dt.date(2025, 1, 1), dt.date(2025, 2, 1)


def _row(indicator: str, court: str, start: dt.date, num: float, den: float) -> dict[str, Any]:
    return {
        "indicator": indicator,
        "court": court,
        "period_start": start,
        "period_end": start,
        "numerator": num,
        "denominator": den,
        "value": 100 * num / den if den else math.nan,
        "unit": "%",
        "direction": "higher",
    }


RESULTS = pd.DataFrame(
    [
        _row("closure-rate", "taobei", JAN, 95, 100),
        _row("closure-rate", "taonan", JAN, 80, 100),
        _row("closure-rate", "taobei", FEB, 90, 100),
        _row("closure-rate", "taonan", FEB, 97, 100),
        _row("appeal-rate", "taobei", JAN, 10, 100),
        _row("appeal-rate", "taonan", JAN, 0, 0),
        _row("appeal-rate", "taobei", FEB, 10, 100),
        _row("appeal-rate", "taonan", FEB, 30, 100),
    ]
)
SET = IndicatorSet(
    "demo",
    "1.0",
    "Demo set",
    "示例指标",
    (
        Member("closure-rate", 2.0, low=92, high=100),
        Member("appeal-rate", unofficial=True, formula="Assumption: appealed / closed"),
    ),
    Composite(unscored="relative"),
    incomplete=True,
    unofficial=True,
    description="For <tests> & checks.",
)


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    """
    The demo set evaluated on two courts over two months.
    """
    return Evaluation.from_results(RESULTS, SET)


@pytest.fixture(scope="module")
def log() -> list[Event]:
    """
    A small engine log: first instances at three Baicheng courts in January-April 2025,
    some registered, assigned, judged, and left to take effect.
    """
    engine = d.Engine(d.prc_civil_2025(), courts=BAICHENG_COURTS)
    events: list[Event] = []
    steps = (("register", 0), ("assign_summary", 1), ("render_judgment", 30))
    for i in range(9):
        court = ("taobei", "taonan", "tongyu")[i % 3]
        at = pendulum.datetime(2025, 1 + i % 4, 3 + i, 9, tz="Asia/Shanghai")
        facts = d.Facts(
            category="private_loan",
            court=court,
            claim_amount=20000 + i,
            parties=(d.Party("Wang", "plaintiff"), d.Party("Zhao", "defendant")),
        )
        out = engine.open(f"D-{i}", facts, "receive_complaint", at=at, actor="clerk")
        case = out.case
        events += out.events
        for trigger, day in steps[: 1 + i % 3]:
            out = engine.fire(case, "p1", trigger, at=at.add(days=day, hours=1), actor="judge")
            case = out.case
            events += out.events
        if i % 3 == 2:
            events += engine.advance(case, at.add(days=90)).events
    return events


class TestNames:
    def test_builtin_and_unknown(self) -> None:
        """
        Built-in indicators get their names; others fall back to the id.
        """
        names = indicator_names(["closure-rate", "mine"])
        assert names["closure-rate"] == ("Closure rate", "结案率")
        assert names["mine"] == ("mine", "mine")


class TestWideTable:
    def test_latest_period_with_marks(self, evaluation: Evaluation) -> None:
        """
        Members are rows, courts columns; met values carry ✓, unmet ✗, no standard nothing,
        no value a dash.
        """
        table = wide_table(evaluation).set_index("indicator")
        assert table.loc["closure-rate", "taobei"] == "90 ✗"
        assert table.loc["closure-rate", "taonan"] == "97 ✓"
        assert table.loc["appeal-rate", "taonan"] == "30"
        assert table.loc["closure-rate", "standard"] == "[92, 100]"
        assert table.loc["closure-rate", "name"] == "Closure rate (结案率)"

    def test_given_period(self, evaluation: Evaluation) -> None:
        """
        A given period shows that period; a missing value is a dash.
        """
        table = wide_table(evaluation, JAN).set_index("indicator")
        assert table.loc["closure-rate", "taobei"] == "95 ✓"
        assert table.loc["appeal-rate", "taonan"] == "-"


class TestHtmlReport:
    def test_page(self, evaluation: Evaluation) -> None:
        """
        The page names the set and its marks, ranks the latest period, shows the series,
        the indicator table with standards and marks, and the members' notes, escaped.
        """
        page = html_report(evaluation, plots=False)
        assert page.startswith("<!DOCTYPE html>")
        assert "<title>Demo set (示例指标) 1.0</title>" in page
        assert "incomplete: only the confirmed members are listed" in page
        assert "unofficial: weights" in page
        assert "For &lt;tests&gt; &amp; checks." in page
        assert "<h2>Ranking, period from 2025-02-01</h2>" in page
        assert '<td class="met">97 ✓</td>' in page
        assert '<td class="unmet">90 ✗</td>' in page
        assert "[92, 100]" in page
        assert "(unofficial): Assumption: appealed / closed" in page
        assert "<svg" not in page

    def test_plots_inline_svg(self, evaluation: Evaluation) -> None:
        """
        With matplotlib installed the page embeds the plots as inline SVG (no XML prologue).
        """
        pytest.importorskip("matplotlib")
        page = html_report(evaluation, title="Mine")
        assert page.count("<svg") == 2
        assert "<?xml" not in page
        assert "<h1>Mine</h1>" in page

    def test_tables_only_without_matplotlib(
        self, evaluation: Evaluation, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        Without matplotlib the page still renders, tables only.
        """
        real_import = builtins.__import__

        def no_matplotlib(name: str, *args: Any, **kwargs: Any) -> Any:
            if name.startswith("matplotlib"):
                raise ImportError(name)
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, "__import__", no_matplotlib)
        page = html_report(evaluation)
        assert "<svg" not in page
        assert "97 ✓" in page


class TestTextReport:
    def test_summary(self, evaluation: Evaluation) -> None:
        """
        The text names the set and its flags and lists composites and the indicator table.
        """
        text = text_report(evaluation)
        first = text.splitlines()[0]
        assert first == "demo@1.0: Demo set (示例指标) [incomplete, unofficial]"
        assert "composite" in text
        assert "97 ✓" in text


class TestReportFromEvents:
    def test_text_and_html(self, log: list[Event], tmp_path: Path) -> None:
        """
        The command's core computes a shipped set by court and month over the log's months
        and writes the HTML report.
        """
        out = tmp_path / "report.html"
        text = report_from_events(log, "local-platform@2.0", by=["court"], out=out)
        assert text.splitlines()[0].startswith("local-platform@2.0: Example local quality")
        for court in ("taobei", "taonan", "tongyu"):
            assert court in text
        assert "2025-01-01" in text
        assert "2025-04-01" in text
        assert text.endswith(f"written: {out}")
        assert "Example local quality" in out.read_text(encoding="utf-8")

    def test_csv_and_periods(self, log: list[Event], tmp_path: Path) -> None:
        """
        A .csv path gets the scored table; quarters group the months.
        """
        out = tmp_path / "scores.csv"
        report_from_events(log, "cepej", period="quarter", out=out)
        table = pd.read_csv(out)
        assert set(table["indicator"]) == {
            "cepej-clearance-rate",
            "cepej-disposition-time",
            "cepej-turnover",
        }
        assert set(table["period_start"]) == {"2025-01-01", "2025-04-01"}

    def test_errors(self, log: list[Event], tmp_path: Path) -> None:
        """
        Unknown output suffixes, empty logs and unknown sets are errors naming what is valid.
        """
        with pytest.raises(InvalidValueError, match=r"\.html or \.csv"):
            report_from_events(log, "cepej", out=tmp_path / "x.pdf")
        with pytest.raises(InvalidValueError, match="at least one event"):
            report_from_events([], "cepej")
        with pytest.raises(UnknownNameError, match="spc-2024-09"):
            report_from_events(log, "spc-2099")
        with pytest.raises(InvalidValueError, match="month, quarter, year"):
            report_from_events(log, "cepej", period="week")


class TestPlots:
    @pytest.fixture(autouse=True)
    def _agg(self) -> Any:
        mpl = pytest.importorskip("matplotlib")
        mpl.use("Agg")
        import matplotlib.pyplot as plt

        yield
        plt.close("all")

    def test_scores(self, evaluation: Evaluation) -> None:
        """
        One line per court, one point per month.
        """
        ax = plot_scores(evaluation.composite)
        assert len(ax.lines) == 2
        assert len(ax.lines[0].get_xdata()) == 2
        assert ax.get_ylabel() == "composite"

    def test_rank_axis_inverted(self, evaluation: Evaluation) -> None:
        """
        Rank 1 is drawn at the top.
        """
        ax = plot_scores(evaluation.composite, column="rank")
        bottom, top = ax.get_ylim()
        assert bottom > top

    def test_indicator(self) -> None:
        """
        One line per court of the indicator's values; unknown indicators are errors.
        """
        ax = plot_indicator(RESULTS, "closure-rate")
        assert [list(line.get_ydata()) for line in ax.lines] == [[95.0, 90.0], [80.0, 97.0]]
        assert ax.get_ylabel() == "closure-rate (%)"
        with pytest.raises(InvalidValueError, match="closure-rate"):
            plot_indicator(RESULTS, "nope")

    def test_contributions(self) -> None:
        """
        One bar per unit, as long as its contribution.
        """
        rows = RESULTS.loc[RESULTS["period_start"] == JAN].assign(judge=["a", "b", "a", "b"])
        rows = rows.loc[rows["indicator"] == "closure-rate"]
        parts = decompose(rows, "closure-rate", by=["court"], target=90, within=())
        ax = plot_contributions(parts)
        widths = [p.get_width() for p in ax.patches]
        assert widths == pytest.approx(list(parts["contribution"]))

    def test_hotspots(self) -> None:
        """
        A heat map of areas by categories.
        """
        disputes = pd.DataFrame(
            {
                "dispute_id": ["1", "2", "3"],
                "category": ["loan", "loan", "property"],
                "region": ["taobei", "taonan", "taonan"],
                "court": ["c", "c", "c"],
                "opened_on": [JAN, JAN, FEB],
            }
        )
        ax = plot_hotspots(hotspot_table(disputes), column="count")
        assert ax.images[0].get_array().shape == (2, 2)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["taobei", "taonan"]
