"""
The discrete-event kernel of the simulator: simulated time, the event heap and resource pools.

Time is a float number of days from the scenario's start (court-local midnight) while it is
inside the heap; it becomes an aware pendulum DateTime only when the engine records an act.
A pool is a multi-server FIFO queue (servers x slots concurrent cases); with the ``court``
working calendar a case it takes is started at 09:00 of a working day of the court calendar.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Callable
from typing import Any

import pendulum

from disputeflow.time.calendars import CourtCalendar

__all__ = ["Kernel", "Pool", "SimTime"]

_DAY_START = 9 / 24
_DAY_END = 17 / 24


class SimTime:
    """
    Converts simulated days to aware DateTimes and working times on a court calendar.

    Args:
        start_on: day 0.
        tz: the courts' time zone.
        calendar: the court calendar (rest days).
    """

    def __init__(self, start_on: pendulum.Date, tz: str, calendar: CourtCalendar) -> None:
        self.start_on = start_on
        self._start = start_on.toordinal()
        self.zone = pendulum.timezone(tz)
        self.calendar = calendar
        self._days: dict[int, pendulum.Date] = {}
        self._rest: dict[int, bool] = {}
        # The last instant converted: an act and the decision before it ask for the same one.
        self._last: tuple[float, pendulum.DateTime] | None = None

    def date(self, day: int) -> pendulum.Date:
        """
        The court-local date of day ``day`` (negative before the start).
        """
        d = self._days.get(day)
        if d is None:
            d = self._days[day] = self.start_on.add(days=day)
        return d

    def day_of(self, on: pendulum.Date) -> int:
        """
        The day number of a date.
        """
        # Ordinals: subtracting pendulum Dates builds an Interval, dozens of microseconds.
        return on.toordinal() - self._start

    def at(self, t: float) -> pendulum.DateTime:
        """
        The instant ``t`` days after the start, to the second.
        """
        last = self._last
        if last is not None and last[0] == t:
            return last[1]
        day = math.floor(t)
        seconds = round((t - day) * 86400)
        if seconds >= 86400:
            day, seconds = day + 1, 0
        d = self.date(day)
        h, rem = divmod(seconds, 3600)
        m, s = divmod(rem, 60)
        at = pendulum.DateTime(d.year, d.month, d.day, h, m, s, tzinfo=self.zone)
        self._last = (t, at)
        return at

    def is_rest(self, day: int) -> bool:
        """
        Whether day ``day`` is a rest day of the court calendar.
        """
        r = self._rest.get(day)
        if r is None:
            r = self._rest[day] = bool(self.calendar.is_rest_day(self.date(day)))
        return r

    def working(self, t: float) -> float:
        """
        ``t`` if it falls in working hours (09:00-17:00 of a working day), else the next
        09:00 of a working day.
        """
        day = math.floor(t)
        frac = t - day
        if not self.is_rest(day) and _DAY_START <= frac < _DAY_END:
            return t
        if frac >= _DAY_END or self.is_rest(day):
            day += 1
        while self.is_rest(day):
            day += 1
        return day + _DAY_START


class Kernel:
    """
    The event heap: callbacks at simulated times, in time order, ties in scheduling order.
    """

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[..., None], tuple[Any, ...]]] = []
        self._seq = 0
        self.now = -math.inf

    def schedule(self, t: float, fn: Callable[..., None], *args: Any) -> None:
        """
        Call ``fn(t, *args)`` at time ``t`` (not before the current time).
        """
        self._seq += 1
        heapq.heappush(self._heap, (max(t, self.now), self._seq, fn, args))

    def run(self, until: float) -> None:
        """
        Run every callback due at or before ``until``.
        """
        heap = self._heap
        while heap and heap[0][0] <= until:
            t, _, fn, args = heapq.heappop(heap)
            self.now = t
            fn(t, *args)
        self.now = until

    def __len__(self) -> int:
        return len(self._heap)


class Pool:
    """
    A multi-server FIFO pool of one resource at one court.

    Args:
        name: pool name (``"judges.summary"``).
        court: court id.
        capacity: concurrent cases.
        kernel: where grants are scheduled.
        time: working-time conversion; ``None`` for the ``always`` calendar.

    A request is granted at once when a slot is free, else queued; a release hands the slot
    to the first in line. Requests carry a token: a stale request (the case moved on, say by
    a clock expiry) is skipped when its turn comes.
    """

    def __init__(
        self, name: str, court: str, capacity: int, kernel: Kernel, time: SimTime | None
    ) -> None:
        self.name = name
        self.court = court
        self.capacity = capacity
        self.kernel = kernel
        self.time = time
        self.busy = 0
        self.queue: deque[tuple[float, Callable[[float], bool], Callable[[float], None]]] = deque()
        self.area = 0.0  # integral of busy slots over time
        self.last_t = 0.0
        self.granted = 0
        self.waited = 0.0
        self.waiting = 0  # live requests in the queue

    def _account(self, t: float) -> None:
        if t > self.last_t:
            self.area += self.busy * (t - max(self.last_t, 0.0)) if t > 0 else 0.0
            self.last_t = t

    def _grant(self, t: float, requested: float, on_grant: Callable[[float], None]) -> None:
        self.busy += 1
        self.granted += 1
        start = self.time.working(t) if self.time is not None else t
        self.waited += max(0.0, start - requested)
        self.kernel.schedule(start, on_grant)

    def request(
        self,
        t: float,
        on_grant: Callable[[float], None],
        alive: Callable[[float], bool],
        *,
        force: bool = False,
    ) -> bool:
        """
        Ask for a slot at ``t``; ``on_grant(start)`` runs when work starts. ``alive`` is
        asked when a queued request's turn comes; ``force`` grants even above capacity (a
        warm-start case already in progress). Returns whether the request was queued.
        """
        self._account(t)
        if force or self.busy < self.capacity:
            self._grant(t, t, on_grant)
            return False
        self.queue.append((t, alive, on_grant))
        self.waiting += 1
        return True

    def cancel(self) -> None:
        """
        A queued request went stale (its ``alive`` will say so); stop counting it.
        """
        self.waiting -= 1

    def release(self, t: float) -> None:
        """
        Free a slot at ``t`` and start the next live request in line.
        """
        self._account(t)
        self.busy -= 1
        while self.queue and self.busy < self.capacity:
            requested, alive, on_grant = self.queue.popleft()
            if alive(t):
                self.waiting -= 1
                self._grant(t, requested, on_grant)

    def utilisation(self, t: float) -> float:
        """
        Mean share of the capacity busy from day 0 to ``t``.
        """
        self._account(t)
        return self.area / (self.capacity * t) if t > 0 and self.capacity else 0.0
