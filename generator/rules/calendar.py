"""Working days for the 公示期: weekends and statutory holidays are skipped, 调休 working days counted
(the `chinesecalendar` package, and calendar/<year>.toml for the years it does not know yet)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from ..model.types import Calendar

MAX_DAYS = 60


class UnknownYear(Exception):
    """A window reaches a year for which no holiday calendar is known."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


@cache
def _builtin_years() -> frozenset[int]:
    import chinese_calendar

    return frozenset(day.year for day in chinese_calendar.holidays)


def is_working_day(day: date, calendar: Calendar, builtin: frozenset[int] | None = None) -> bool:
    """Raises UnknownYear when neither the built-in calendar nor calendar/<year>.toml knows `day`'s year."""
    if day.year in calendar.years:
        if day in calendar.workdays:
            return True
        return day.weekday() < 5 and day not in calendar.holidays
    import chinese_calendar

    if day.year not in (builtin if builtin is not None else _builtin_years()):
        raise UnknownYear(day.year)
    return bool(chinese_calendar.is_workday(day))


def working_days_after(start: date, days: int, calendar: Calendar) -> date:
    """The date `days` working days from `start`, counting `start` itself when it is a working day."""
    builtin = _builtin_years()
    days = max(1, min(days, MAX_DAYS))
    current = start
    counted = 1 if is_working_day(start, calendar, builtin) else 0
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(current, calendar, builtin):
            counted += 1
    return current
