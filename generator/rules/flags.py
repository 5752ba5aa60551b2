"""Multi-year flags (3.6) over unit grades."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..config import Flag


@dataclass(frozen=True)
class FlagResult:
    flag_id: str
    met: bool
    years: tuple[int, ...]  # the window, oldest first
    missing_years: tuple[int, ...]  # years of the window with no grade for the unit


def evaluate_flag(flag: Flag, year: int, grades_by_year: Mapping[int, str | None]) -> FlagResult:
    """`consecutive`: every year of the window holds a listed grade (a missing year breaks it).
    `any_in_last`: at least one year does (missing years are skipped)."""
    window = tuple(range(year - flag.years + 1, year + 1))
    missing = tuple(y for y in window if grades_by_year.get(y) is None)
    hits = [grades_by_year.get(y) in flag.grades for y in window]
    met = all(hits) if flag.rule == "consecutive" else any(hits)
    return FlagResult(flag.id, met, window, missing)


def flags_for(flags: Sequence[Flag], year: int, grades_by_year: Mapping[int, str | None]) -> tuple[FlagResult, ...]:
    return tuple(evaluate_flag(flag, year, grades_by_year) for flag in flags)
