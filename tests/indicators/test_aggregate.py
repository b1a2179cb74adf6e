"""
Indicators from aggregate counts reproduce every published figure of DOMAIN.md section 5,
rounded as published (half up).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disputeflow.errors import InvalidValueError
from disputeflow.indicators import (
    AggregateCounts,
    clearance_rate,
    closure_rate,
    disposition_time,
    round_half_up,
    turnover,
)


class TestPublishedFigures:
    def test_spc_first_half_2017(self) -> None:
        """
        SPC H1 2017: accepted 14.586M, closed 8.887M -> closure rate 60.9%, pending 5.699M.
        """
        counts = AggregateCounts.from_accepted(accepted="14.586", resolved="8.887")
        assert counts.closure_rate(places=1) == Decimal("60.9")
        assert counts.pending == Decimal("5.699")

    def test_henan_basic_court_january_february_2022(self) -> None:
        """
        Accepted 3,881 = 1,304 carried over + 2,577 new; closed 1,456 -> 37.52%.
        """
        counts = AggregateCounts(incoming=2577, resolved=1456, carried_over=1304)
        assert counts.accepted == 3881
        assert counts.closure_rate() == Decimal("37.52")

    def test_another_henan_basic_court(self) -> None:
        """
        Accepted 6,380 (214 carried over), closed 6,201 -> 97.19%.
        """
        counts = AggregateCounts.from_accepted(accepted=6380, resolved=6201, carried_over=214)
        assert counts.incoming == 6166
        assert counts.closure_rate() == Decimal("97.19")
        assert closure_rate(6201, 6380) == Decimal("97.19")

    def test_italian_civil_courts_2013(self) -> None:
        """
        New 4,388,591, resolved 4,569,332, pending at end 5,155,010 -> CR 104.12%, DT 412 days.
        """
        counts = AggregateCounts(incoming=4388591, resolved=4569332, pending_end=5155010)
        assert counts.clearance_rate() == Decimal("104.12")
        assert counts.disposition_time() == Decimal("412")
        assert disposition_time(5155010, 4569332) == 412

    def test_wisconsin_court_of_appeals_2011(self) -> None:
        """
        Filings 2,870, terminations 2,957 -> clearance rate 103.03%.
        """
        assert clearance_rate(resolved=2957, incoming=2870) == Decimal("103.03")


class TestRounding:
    def test_half_up_not_half_even(self) -> None:
        """
        Halves round away from zero, unlike Python's round (half to even).
        """
        assert round_half_up("0.125", 2) == Decimal("0.13")
        assert round(0.125, 2) == 0.12
        assert round_half_up("412.5", 0) == Decimal("413")

    def test_clearance_rate_rounds_a_half_up(self) -> None:
        """
        1 / 8 = 12.5%: to 0 places it is 13, not 12.
        """
        assert clearance_rate(1, 8, places=0) == Decimal("13")

    @given(
        st.integers(min_value=0, max_value=10**9),
        st.integers(min_value=1, max_value=10**9),
    )
    def test_clearance_equals_closed_to_new(self, resolved: int, incoming: int) -> None:
        """
        The clearance rate is the closed-to-new ratio, within half a unit of the last place.
        """
        exact = Decimal(resolved) / Decimal(incoming) * 100
        assert abs(clearance_rate(resolved, incoming) - exact) <= Decimal("0.005")


class TestCounts:
    def test_turnover_and_pending(self) -> None:
        """
        Pending is derived as accepted - resolved when not published; turnover is
        resolved / pending.
        """
        counts = AggregateCounts(incoming=100, resolved=90, carried_over=20)
        assert counts.pending == 30
        assert counts.turnover() == Decimal("3.00")
        assert turnover(90, 30) == 3

    def test_errors_name_the_field(self) -> None:
        """
        Negative, non-numeric and zero denominators raise InvalidValueError naming the field.
        """
        with pytest.raises(InvalidValueError, match="incoming"):
            clearance_rate(5, 0)
        with pytest.raises(InvalidValueError, match="resolved"):
            AggregateCounts(incoming=1, resolved=-1)
        with pytest.raises(InvalidValueError, match="carried_over"):
            AggregateCounts.from_accepted(accepted=5, resolved=1, carried_over=6)
        with pytest.raises(InvalidValueError, match="incoming"):
            AggregateCounts(incoming="many", resolved=1)
        with pytest.raises(InvalidValueError, match="incoming"):
            AggregateCounts(incoming=True, resolved=1)
