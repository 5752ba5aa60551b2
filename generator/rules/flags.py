"""Multi-year flags (SPEC 3.6) over unit grades: `consecutive` (each of the `years` years ending with this one
holds a listed grade; a year without a grade breaks it) and `any_in_last` (at least one does)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..model.config import Flag
from ..outcome import flags_frame


@dataclass(frozen=True)
class FlagResult:
    flag_id: str
    met: bool
    years: tuple[int, ...]  # the window, oldest first
    missing_years: tuple[int, ...]  # years of the window with no grade for the unit


def evaluate_flag(flag: Flag, year: int, grades_by_year: Mapping[int, str | None]) -> FlagResult:
    window = tuple(range(year - flag.years + 1, year + 1))
    missing = tuple(y for y in window if grades_by_year.get(y) is None)
    hits = [grades_by_year.get(y) in flag.grades for y in window]
    met = all(hits) if flag.rule == "consecutive" else any(hits)
    return FlagResult(flag.id, met, window, missing)


def compute_flags(flags: Sequence[Flag], history: Mapping[str, Mapping[int, str | None]],
                  years: Sequence[int]) -> pd.DataFrame:
    """One row per (unit, year, flag) for every unit graded in `years`; `history`: unit -> year -> grade."""
    records = []
    for unit_id, grades in history.items():
        for year in years:
            if grades.get(year) is None:
                continue
            for flag in flags:
                result = evaluate_flag(flag, year, grades)
                records.append((unit_id, year, flag.id, result.met, result.years, result.missing_years))
    return flags_frame(records)
