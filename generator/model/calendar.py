"""calendar/<year>.toml → the statutory holidays and 调休 working days of years the built-in calendar does
not know yet: `holidays = [dates]`, `workdays = [dates]`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..errors import Problem
from ..load.cells import parse_date
from ..load.texts import TomlText
from .common import Checks
from .types import Calendar


def check_calendars(files: Sequence[TomlText]) -> tuple[Calendar, list[Problem]]:
    holidays: set[date] = set()
    workdays: set[date] = set()
    years: set[int] = set()
    problems: list[Problem] = []
    for toml in files:
        checks = Checks(toml.source)
        stem = toml.source.rsplit("/", 1)[-1].removesuffix(".toml")
        if not stem.isdigit() or len(stem) != 4:
            checks.add(0, "", "results.bad_year_file", value=stem)
            problems.extend(checks.problems)
            continue
        year = int(stem)
        found: dict[str, set[date]] = {"holidays": set(), "workdays": set()}
        for key in toml.data:
            if key not in found:
                checks.add(toml.line((key,)), key, "config.extra")
        for key in found:
            values = toml.data.get(key, [])
            if not isinstance(values, list):
                checks.add(toml.line((key,)), key, "config.want_list")
                continue
            for value in values:
                try:
                    day = value if isinstance(value, date) else parse_date(str(value))
                except ValueError:
                    checks.add(toml.line((key,)), key, "calendar.not_a_date", value=str(value))
                    continue
                if day.year != year:
                    checks.add(toml.line((key,)), key, "calendar.wrong_year", value=day.isoformat(), year=year)
                    continue
                found[key].add(day)
        for day in sorted(found["holidays"] & found["workdays"]):
            checks.add(toml.line(("workdays",)), "workdays", "calendar.both", value=day.isoformat())
        problems.extend(checks.problems)
        holidays |= found["holidays"]
        workdays |= found["workdays"]
        years.add(year)
    return Calendar(frozenset(holidays), frozenset(workdays), frozenset(years)), problems
