"""What the rules compute: the types the render stage and the archive read (and that the archive stores).

Boards travel as DataFrames with the columns documented here. Every published rounded number is held as
a float64 column named `<quantity>@<decimals>`: the correctly rounded value (half away from zero, exactly
as decimal arithmetic gives it), so formatting it with that many decimals prints the right digits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar

import pandas as pd

from .errors import Message
from .model.config import RuleSet, Tiers
from .periods import Period


def shown(decimals: int) -> int:
    """Decimals of the intermediate numbers a page shows (a little finer than the score, so sums check)."""
    return decimals + 2


def fine(decimals: int) -> int:
    """Decimals of the intermediate numbers in the open data."""
    return decimals + 4


WEIGHT_DECIMALS = 4  # weights are shown as percentages with two decimals


def col(quantity: str, decimals: int) -> str:
    return f"{quantity}@{decimals}"


# UnitBoard.rows, one per ranked unit, in display order (group, rank, `order`, id):
ROW_COLUMNS = {
    "unit_id": "str",
    "group": "str | None: the ranking group (None without grouping)",
    "rank": "int64: as ranking.ties says (min or dense)",
    "competition_rank": "int64: what tiers use",
    "group_size": "int64",
    "previous_rank": "Int64 (nullable): rank on the same board in the previous period of the same length",
    "rank_change": "Int64 (nullable): previous_rank − rank",
    "tier": "str: the level id",
    "tier_condition": "str: the condition that placed the row (\"\" for the level that takes the rest)",
    "tier_threshold": "object: the rank or score bound that applied, or None",
    "score": "float64: the rounded score (= score@decimals)",
    "composite@d+2, composite@d+4, midterm@…, blended@…, unrounded@…": "float64 (NaN when not blended)",
    "bonus, penalty": "float64, as entered; bonus_text, penalty_text: str",
    "note": "str",
    "grade": "str | None (year rows of the main board)",
    "flags": "tuple[str, ...] of flag ids met (year rows of the main board)",
    "exact": "bool: this row's numbers were recomputed exactly (near a rounding boundary)",
}
# UnitBoard.parts, one per (unit, counted indicator), in the board's column order:
PART_COLUMNS = {
    "unit_id, indicator_id, category_id": "str",
    "applicable": "bool: False when the cell says 不适用",
    "raw": "float64 (NaN when not applicable); raw_text: str, the number as written",
    "normalised@d, normalised@d+2, normalised@d+4": "float64",
    "weight@4, weight@d+4": "float64: effective weight in the composite (sums to 1)",
    "contribution@d+2, contribution@d+4": "float64",
}
# UnitBoard.categories, one per (unit, category that has a counted indicator):
CATEGORY_COLUMNS = {"unit_id, category_id": "str", "weight@4, weight@d+4": "float64: normalised to sum 1"}


@dataclass(frozen=True)
class UnitBoard:
    period: Period
    id: str
    title: str | Message  # a frozen year's title is the text it was published with
    source: str
    indicator_ids: tuple[str, ...]
    rules: RuleSet
    groups: tuple[str | None, ...]  # in display order
    rows: pd.DataFrame = field(repr=False)
    parts: pd.DataFrame = field(repr=False)
    categories: pd.DataFrame = field(repr=False)
    absent: tuple[str, ...] = ()  # unit ids not in the file: 未参评
    digest: str = ""  # of everything the board was computed from
    unit_digests: Mapping[str, str] = field(default_factory=dict, repr=False)  # unit id -> digest of its row
    indicator_digests: Mapping[str, str] = field(default_factory=dict, repr=False)  # indicator id -> of its cells

    kind: ClassVar[str] = "units"

    @property
    def decimals(self) -> int:
        return self.rules.scoring.decimals

    def row(self, unit_id: str) -> pd.Series | None:
        found = self.rows.index[self.rows["unit_id"] == unit_id]
        return self.rows.loc[found[0]] if len(found) else None


@dataclass(frozen=True)
class StandingRow:
    indicator_id: str
    rank: int
    out_of: int
    tier: str  # level id
    tier_condition: str
    tier_threshold: int | None
    responsible: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class StandingsBoard:
    period: Period
    id: str
    title: str | Message  # a frozen year's title is the text it was published with
    source: str
    tiers: Tiers
    rows: tuple[StandingRow, ...]  # in file order, as the city published them
    digest: str = ""

    kind: ClassVar[str] = "standings"

    @property
    def promote(self) -> tuple[StandingRow, ...]:
        """经验推广: rows of the best level."""
        return tuple(row for row in self.rows if row.tier == self.tiers.levels[0].id)

    @property
    def summon(self) -> tuple[StandingRow, ...]:
        """约谈督促: rows of the worst level."""
        return tuple(row for row in self.rows if row.tier == self.tiers.levels[-1].id)


Board = UnitBoard | StandingsBoard


@dataclass(frozen=True)
class PeriodOutcome:
    period: Period
    boards: tuple[Board, ...]  # main first, then themed boards, then standings

    def board(self, board_id: str) -> Board | None:
        return next((b for b in self.boards if b.id == board_id), None)

    @property
    def main(self) -> UnitBoard | None:
        board = self.board("main")
        return board if isinstance(board, UnitBoard) else None


@dataclass(frozen=True)
class QuotaCheck:
    group: str | None
    grade: str
    size: int
    limit: int
    count_before: int  # with the bands' grades, before demotion
    count: int  # after demotion (equal to count_before for registered grades)
    demoted: tuple[str, ...]  # unit ids dropped one grade

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit


@dataclass(frozen=True)
class CampaignGrades:
    year: int
    campaign: str
    source: str
    counts: tuple[tuple[str, int], ...]  # per grade of the scale
    persons: tuple[tuple[str, str, str, str], ...]  # (unit id, person, post, grade), in file order
    check: QuotaCheck | None


# YearGrades.outcomes, one per graded unit: unit_id, grade (str), band_grade (str | None), demoted (bool),
# source ("registered" | "bands"), band_min (Decimal | None).
@dataclass(frozen=True)
class YearGrades:
    year: int
    source: str | None  # "registered" | "bands" | None (no grades this year)
    rules: RuleSet
    outcomes: pd.DataFrame = field(repr=False)
    checks: tuple[QuotaCheck, ...] = ()
    campaigns: tuple[CampaignGrades, ...] = ()
    registered_source: str | None = None

    @cached_property
    def records(self) -> dict[str, tuple[Any, ...]]:
        """unit id -> (unit_id, grade, band_grade, demoted, source, band_min): one lookup per unit."""
        return {record[0]: record for record in self.outcomes.itertuples(index=False, name=None)}

    @cached_property
    def digest(self) -> str:
        from .fingerprint import digest, frame_digest

        return digest(self.meta, frame_digest(self.outcomes), self.checks, self.campaigns)

    @cached_property
    def meta(self) -> str:
        """A digest of what a unit's grade line reads besides its own record: the rules and the source."""
        from .fingerprint import digest

        return digest(self.year, self.source, self.rules, self.registered_source)

    def grade_of(self, unit_id: str) -> str | None:
        record = self.records.get(unit_id)
        return None if record is None else str(record[1])


# Outcome.flags, one per (unit, year, flag): unit_id, year (int64), flag_id, met (bool), window (tuple of
# years), missing (tuple of years without a grade).
# Outcome.warnings, one per task that is overdue or behind: task_id, unit_id, kind ("overdue" | "behind"),
# days_overdue (int64), expected_progress (int64: percent of the time elapsed, rounded up).


@dataclass(frozen=True)
class NoticeState:
    slug: str
    window: tuple[date, date] | None  # the 公示期
    status: str | None  # "in_window" | "window_over" | "window_future" | None


@dataclass(frozen=True)
class Outcome:
    today: date
    periods: tuple[PeriodOutcome, ...]  # oldest first
    years: Mapping[int, YearGrades]
    flags: pd.DataFrame = field(repr=False)
    warnings: pd.DataFrame = field(repr=False)
    worst_streaks: Mapping[str, tuple[Period, ...]] = field(default_factory=dict)
    notices: tuple[NoticeState, ...] = ()  # the notices issued by the reference date, newest first
    board_windows: Mapping[str, tuple[date, date]] = field(default_factory=dict)  # period id -> 公示期 printed
    rules_by_year: Mapping[int, RuleSet] = field(default_factory=dict)  # as each year was computed
    data_date: date | None = None  # 统计截至: the end of the latest period
    flags_digest: str = ""  # of everything `flags` was computed from ("" : digest the frame)

    def period(self, period_id: str) -> PeriodOutcome | None:
        return next((p for p in self.periods if p.period.id == period_id), None)


FLAG_COLUMNS = ("unit_id", "year", "flag_id", "met", "window", "missing")
GRADE_COLUMNS = ("unit_id", "grade", "band_grade", "demoted", "source", "band_min")


def flags_frame(records: Sequence[tuple[object, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame(list(records), columns=list(FLAG_COLUMNS))
    return frame.astype({"unit_id": object, "year": "int64", "flag_id": object, "met": bool, "window": object,
                         "missing": object})


def outcomes_frame(records: Sequence[tuple[object, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame(list(records), columns=list(GRADE_COLUMNS))
    return frame.astype({"unit_id": object, "grade": object, "band_grade": object, "demoted": bool, "source": object,
                         "band_min": object})


def decimal_or_none(value: object) -> Decimal | None:
    return None if value is None or (isinstance(value, float) and value != value) else Decimal(str(value))
