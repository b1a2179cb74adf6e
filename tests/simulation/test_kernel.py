"""
Simulated time, the event heap and FIFO resource pools.
"""

from __future__ import annotations

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from disputeflow.simulation.kernel import Kernel, Pool, SimTime
from disputeflow.time import prc_calendar

START = pendulum.Date(2024, 1, 1)  # a Monday and New Year's Day (a rest day)


def _time() -> SimTime:
    return SimTime(START, "Asia/Shanghai", prc_calendar())


class TestSimTime:
    def test_at_is_an_aware_instant(self) -> None:
        """
        Day 1.5 is noon on 2 January, Beijing time.
        """
        at = _time().at(1.5)
        assert at == pendulum.datetime(2024, 1, 2, 12, tz="Asia/Shanghai")
        assert _time().at(-0.25) == pendulum.datetime(2023, 12, 31, 18, tz="Asia/Shanghai")

    def test_working_time_skips_rest_days_and_nights(self) -> None:
        """
        Work starts at 09:00 of a working day: New Year's Day and the evening roll forward;
        a working morning stays.
        """
        t = _time()
        assert t.working(0.5) == 1 + 9 / 24  # New Year's Day -> 2 January 09:00
        assert t.working(1 + 20 / 24) == 2 + 9 / 24  # 20:00 -> next morning
        assert t.working(1 + 10 / 24) == 1 + 10 / 24
        assert t.working(5.5) == 7 + 9 / 24  # Saturday 6 January -> Monday

    @given(st.floats(-30, 400))
    def test_working_is_never_earlier(self, t: float) -> None:
        """
        A working time is never before the time asked, and within working hours.
        """
        w = _time().working(t)
        assert w >= t
        assert 9 / 24 <= w % 1 < 17 / 24 + 1e-9

    def test_day_of(self) -> None:
        """
        Day numbers count from the start date.
        """
        assert _time().day_of(pendulum.Date(2024, 3, 1)) == 60


class TestKernelAndPool:
    def test_events_run_in_time_then_scheduling_order(self) -> None:
        """
        Callbacks run by time, ties in the order scheduled, up to the horizon.
        """
        k = Kernel()
        seen: list[tuple[float, str]] = []
        for t, name in ((2.0, "b"), (1.0, "a"), (2.0, "c"), (9.0, "late")):
            k.schedule(t, lambda t, n=name: seen.append((t, n)))
        k.run(5.0)
        assert seen == [(1.0, "a"), (2.0, "b"), (2.0, "c")]
        assert len(k) == 1

    def test_pool_is_fifo_with_capacity(self) -> None:
        """
        Two slots: the third request waits and is served first-in first-out when a slot frees;
        a stale request is skipped.
        """
        k = Kernel()
        pool = Pool("judges.summary", "taobei", 2, k, None)
        started: list[tuple[str, float]] = []
        alive = {"a": True, "b": True, "c": True, "d": True, "e": True}
        for name in "abcde":
            pool.request(0.0, lambda s, n=name: started.append((n, s)), lambda _, n=name: alive[n])
        assert pool.busy == 2
        assert pool.waiting == 3
        alive["c"] = False
        pool.cancel()
        k.run(0.0)
        pool.release(3.0)
        k.run(3.0)
        assert [n for n, _ in started] == ["a", "b", "d"]
        assert started[-1][1] == 3.0
        assert pool.waiting == 1
        assert pool.utilisation(4.0) == (2 * 3 + 2 * 1) / (2 * 4)
