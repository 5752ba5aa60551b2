"""generator.rules.calendar: working days for the 公示期 — weekends and statutory holidays skipped, 调休 working
days counted, from the built-in calendar (chinesecalendar) and calendar/<year>.toml for years it lacks."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.types import Calendar
from generator.rules.calendar import MAX_DAYS, UnknownYear, is_working_day, working_days_after

NONE = Calendar()
# calendar/2027.toml as an office would write it before the State Council publishes 2027's schedule:
# 元旦 1 Jan (a Friday) off, Saturday 2 Jan a 调休 working day
Y2027 = Calendar(holidays=frozenset({date(2027, 1, 1)}), workdays=frozenset({date(2027, 1, 2)}), years=frozenset({2027}))


def test_national_day_2025() -> None:
    # 2025: 1–8 Oct off; Sunday 28 Sep and Saturday 11 Oct are 调休 working days. Five working days from
    # Tuesday 30 Sep, counting it: 30 Sep (1), 9 Oct (2), 10 Oct (3), Sat 11 Oct (4), Mon 13 Oct (5)
    assert working_days_after(date(2025, 9, 30), 5, NONE) == date(2025, 10, 13)
    assert is_working_day(date(2025, 9, 28), NONE)  # a Sunday, worked
    assert not is_working_day(date(2025, 10, 6), NONE)  # a Monday, off
    # from a holiday the first working day counts as day 1: 1 Oct + 1 working day → 9 Oct
    assert working_days_after(date(2025, 10, 1), 1, NONE) == date(2025, 10, 9)


def test_labour_day_2025() -> None:
    # 1–5 May off (Thu–Mon), Sunday 27 Apr worked: from Fri 25 Apr, 3 working days: 25 (1), Sun 27 (2),
    # Mon 28 (3)
    assert working_days_after(date(2025, 4, 25), 3, NONE) == date(2025, 4, 28)
    # from Wed 30 Apr, 2 days: 30 Apr (1), then 6 May (2)
    assert working_days_after(date(2025, 4, 30), 2, NONE) == date(2025, 5, 6)


def test_an_ordinary_week() -> None:
    # Mon 3 Mar 2025 + 5 working days → Fri 7 Mar; from Sat 8 Mar, 5 days → Mon 10 … Fri 14 Mar
    assert working_days_after(date(2025, 3, 3), 5, NONE) == date(2025, 3, 7)
    assert working_days_after(date(2025, 3, 8), 5, NONE) == date(2025, 3, 14)


def test_days_are_at_least_one_and_at_most_sixty() -> None:
    # 0 days is read as 1 (the day itself when it is a working day); more than 60 is capped at 60
    assert working_days_after(date(2025, 3, 3), 0, NONE) == date(2025, 3, 3)
    assert working_days_after(date(2025, 3, 3), 1000, NONE) == working_days_after(date(2025, 3, 3), MAX_DAYS, NONE)
    assert MAX_DAYS == 60


def test_a_content_calendar_covers_a_year_the_builtin_one_lacks() -> None:
    # the built-in calendar stops at 2026 here (chinesecalendar 1.11)
    assert max(day.year for day in chinese_calendar.holidays) == 2026
    # from Thu 31 Dec 2026, 3 working days: 31 Dec (1), 1 Jan 2027 off, Sat 2 Jan worked (2), Sun 3 Jan off,
    # Mon 4 Jan (3)
    assert working_days_after(date(2026, 12, 31), 3, Y2027) == date(2027, 1, 4)
    assert is_working_day(date(2027, 1, 2), Y2027) and not is_working_day(date(2027, 1, 1), Y2027)
    assert not is_working_day(date(2027, 1, 3), Y2027)  # a Sunday not listed: off


def test_an_unknown_year_is_an_error_naming_the_year() -> None:
    with pytest.raises(UnknownYear) as raised:
        working_days_after(date(2026, 12, 31), 3, NONE)
    assert raised.value.year == 2027
    with pytest.raises(UnknownYear):
        is_working_day(date(2030, 6, 3), Y2027)


def test_a_content_calendar_takes_precedence_over_the_builtin_one() -> None:
    # an office that must work on 1 Jan 2026 (a holiday in the built-in calendar) lists it in calendar/2026.toml
    override = Calendar(workdays=frozenset({date(2026, 1, 1)}), years=frozenset({2026}))
    assert not is_working_day(date(2026, 1, 1), NONE)
    assert is_working_day(date(2026, 1, 1), override)
    # and then 2026's other holidays are only those the file lists: Fri 2 Jan is a plain weekday
    assert is_working_day(date(2026, 1, 2), override) and not is_working_day(date(2026, 1, 2), NONE)


@settings(max_examples=60, deadline=None)
@given(st.dates(date(2024, 1, 1), date(2026, 10, 1)), st.integers(1, 20))
def test_working_days_after_counts_exactly_days_working_days(start: date, days: int) -> None:
    end = working_days_after(start, days, NONE)
    span = [start + timedelta(n) for n in range((end - start).days + 1)]
    counted = [d for d in span if chinese_calendar.is_workday(d)]
    # the window holds exactly `days` working days and ends on one
    assert len(counted) == days and chinese_calendar.is_workday(end)
