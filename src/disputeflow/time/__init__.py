"""
Legal time: court calendars, period counting (CPL (2021) Art. 85-86), running clocks with excluded
periods (审限扣除), and injected clocks.
"""

from disputeflow.time.calendars import (
    CourtCalendar,
    HolidayCalendar,
    WeekendCalendar,
    is_working_day,
    next_working_day,
    prc_calendar,
    roll_forward,
)
from disputeflow.time.clock import (
    DEFAULT_TZ,
    Clock,
    FixedClock,
    ManualClock,
    SystemClock,
    ensure_aware,
    ensure_date,
    local_date,
)
from disputeflow.time.deadlines import ClockView, Interval, clock_view
from disputeflow.time.periods import (
    Deadline,
    Period,
    PeriodUnit,
    add_months,
    compute_deadline,
    compute_deadline_at,
    is_timely,
    restoration_deadline,
)

__all__ = [
    "DEFAULT_TZ",
    "Clock",
    "ClockView",
    "CourtCalendar",
    "Deadline",
    "FixedClock",
    "HolidayCalendar",
    "Interval",
    "ManualClock",
    "Period",
    "PeriodUnit",
    "SystemClock",
    "WeekendCalendar",
    "add_months",
    "clock_view",
    "compute_deadline",
    "compute_deadline_at",
    "ensure_aware",
    "ensure_date",
    "is_timely",
    "is_working_day",
    "local_date",
    "next_working_day",
    "prc_calendar",
    "restoration_deadline",
    "roll_forward",
]
