"""
Tests for disputeflow.indicators.definitions: reporting periods and definition validation.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pendulum
import pytest

from disputeflow.errors import InvalidValueError
from disputeflow.indicators import (
    Condition,
    Indicator,
    Measure,
    ReportingPeriod,
    Statistic,
    half_year,
    month,
    months,
    quarter,
    year,
)
from disputeflow.indicators.definitions import periods_of


class TestPeriods:
    def test_month_ends_on_its_last_day(self) -> None:
        """
        February 2024 has 29 days; labels are YYYY-MM.
        """
        feb = month(2024, 2)
        assert (feb.start_on, feb.end_on, feb.label) == (
            pendulum.Date(2024, 2, 1),
            pendulum.Date(2024, 2, 29),
            "2024-02",
        )
        assert feb.days == 29

    def test_months_cross_the_year(self) -> None:
        """
        Twelve months from November 2024 run to October 2025, contiguous.
        """
        ms = months(2024, 11, 12)
        assert [m.label for m in ms[:3]] == ["2024-11", "2024-12", "2025-01"]
        assert ms[-1].label == "2025-10"
        assert all(a.end_on.add(days=1) == b.start_on for a, b in itertools.pairwise(ms))

    def test_quarter_half_year_year(self) -> None:
        """
        Quarters, halves and years have the calendar bounds; a whole year counts 365 days for
        CEPEJ even in a leap year.
        """
        assert quarter(2025, 1).end_on == pendulum.Date(2025, 3, 31)
        assert quarter(2025, 4).start_on == pendulum.Date(2025, 10, 1)
        assert half_year(2017, 1).end_on == pendulum.Date(2017, 6, 30)
        assert half_year(2017, 2).label == "2017-H2"
        assert year(2024).days == 366
        assert year(2024).year_days == 365
        assert quarter(2025, 1).year_days == 90

    def test_bad_period_arguments(self) -> None:
        """
        A quarter outside 1-4, a half outside 1-2, an end before the start, an empty list.
        """
        with pytest.raises(InvalidValueError, match="quarter"):
            quarter(2025, 5)
        with pytest.raises(InvalidValueError, match="half_year"):
            half_year(2025, 3)
        with pytest.raises(InvalidValueError, match="end_on"):
            ReportingPeriod("2025-02-01", "2025-01-31")
        with pytest.raises(InvalidValueError, match="periods"):
            periods_of([])

    def test_dates_are_converted(self) -> None:
        """
        ISO strings and datetime.date values become pendulum dates; the label defaults to the
        range.
        """
        p = ReportingPeriod("2025-01-01", dt.date(2025, 1, 31))
        assert isinstance(p.end_on, pendulum.Date)
        assert p.label == "2025-01-01/2025-01-31"


class TestDefinitions:
    def test_kebab_case_ids(self) -> None:
        """
        Ids are kebab-case.
        """
        with pytest.raises(InvalidValueError, match="kebab"):
            Indicator("Closure_Rate", "x", "x", "efficiency", "count", "count", "neutral", "",
                      numerator=Measure("closed"))  # fmt: skip

    def test_kind_needs_its_measures(self) -> None:
        """
        A ratio needs a denominator; a statistic needs a statistic.
        """
        with pytest.raises(InvalidValueError, match="ratio"):
            Indicator("r", "x", "x", "efficiency", "ratio", "%", "higher", "",
                      numerator=Measure("closed"))  # fmt: skip
        with pytest.raises(InvalidValueError, match="statistic"):
            Indicator("s", "x", "x", "efficiency", "statistic", "days", "lower", "")

    def test_measure_combinations(self) -> None:
        """
        Distinct counts need a flow basis; age conditions need 'pending'; the disputes table
        only counts disputes opened; spells only ended spells; bases are checked.
        """
        with pytest.raises(InvalidValueError, match="distinct"):
            Measure("pending", distinct="dispute")
        with pytest.raises(InvalidValueError, match="pending"):
            Measure("closed", older_than_months=12)
        with pytest.raises(InvalidValueError, match="disputes"):
            Measure("closed", "disputes")
        with pytest.raises(InvalidValueError, match="spells"):
            Measure("closed", "spells")
        with pytest.raises(ValueError, match="basis"):
            Measure("finished")

    def test_condition_ops(self) -> None:
        """
        Unknown operators are refused; lists and sets become tuples (hashable definitions).
        """
        with pytest.raises(InvalidValueError, match=r"Condition\.op"):
            Condition("kind", "like", "x")
        assert Condition("kind", "in", ["a", "b"]).value == ("a", "b")
        assert Condition("tags", "any_tag", {"b", "a"}).value == ("a", "b")
        assert hash(Measure("closed", where=[Condition("kind", "in", ["a"])]))

    def test_decomposable(self) -> None:
        """
        Only ratios decompose into contributions.
        """
        ratio = Indicator("r", "x", "x", "efficiency", "ratio", "%", "higher", "",
                          numerator=Measure("closed"), denominator=Measure("new"))  # fmt: skip
        stat = Indicator("s", "x", "x", "efficiency", "statistic", "days", "lower", "",
                         statistic=Statistic(Measure("closed"), "duration_days"))  # fmt: skip
        assert ratio.decomposable
        assert not stat.decomposable
