"""Which notices are issued at the reference date, and their 公示期 (public-notice windows).

A notice dated after the reference date is not yet issued: it is held back from the whole site, so that a
拟定名单 cannot go out early. A 公示 without publish_from/publish_to is open for `site.publication_days`
working days from its date; a period's boards print the window of the 公示 about that period.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..errors import Problem
from ..model.types import Calendar, Notice
from ..outcome import NoticeState
from ..periods import Period
from .calendar import UnknownYear, working_days_after


def _no_calendar(source: str, error: UnknownYear) -> Problem:
    return Problem.at(source, 0, "", "rules.no_calendar", year=error.year)


def notice_window(notice: Notice, days: int, calendar: Calendar) -> tuple[date, date] | None:
    if notice.publish_from and notice.publish_to:
        return notice.publish_from, notice.publish_to
    if notice.kind == "公示":
        start = notice.publish_from or notice.date
        return start, working_days_after(start, days, calendar)
    return None


def status_at(window: tuple[date, date] | None, today: date) -> str | None:
    if window is None:
        return None
    return "window_future" if today < window[0] else "window_over" if today > window[1] else "in_window"


def issued_notices(notices: Sequence[Notice], today: date, days: int,
                   calendar: Calendar) -> tuple[tuple[NoticeState, ...], list[Problem]]:
    states = []
    problems = []
    for notice in notices:
        if notice.date > today:
            continue
        try:
            window = notice_window(notice, days, calendar)
        except UnknownYear as error:
            problems.append(_no_calendar(notice.source, error))
            continue
        states.append(NoticeState(notice.slug, window, status_at(window, today)))
    return tuple(states), problems


def board_windows(periods: Sequence[Period], notices: Sequence[Notice], today: date, days: int,
                  calendar: Calendar) -> tuple[dict[str, tuple[date, date]], list[Problem]]:
    """The 公示期 each period's boards print: that of the latest 公示 about the period issued by the
    reference date (else the next one announced); for a period no 公示 is about, `days` working days from
    the reference date when it is the latest period of its length (the board being published now), else
    none: an old board printed again is not open for objections from the day it is printed."""
    windows: dict[str, tuple[date, date]] = {}
    problems: list[Problem] = []
    latest: dict[str, Period] = {}
    for period in periods:
        if period.kind not in latest or latest[period.kind] < period:
            latest[period.kind] = period
    for period in periods:
        about = sorted((n for n in notices if n.kind == "公示" and n.period == period.id), key=lambda n: (n.date, n.slug))
        current = [n for n in about if n.date <= today]
        chosen = current[-1] if current else about[0] if about else None  # else the soonest announced
        try:
            window = notice_window(chosen, days, calendar) if chosen is not None else None
            if window is None and latest[period.kind] == period:
                window = (today, working_days_after(today, days, calendar))
            if window is not None:
                windows[period.id] = window
        except UnknownYear as error:
            problems.append(_no_calendar(chosen.source if chosen is not None else "site.toml", error))
    return windows, problems
