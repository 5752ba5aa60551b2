"""Validated, typed content: what the rules compute on and the pages show.

Tables travel as DataFrames with the columns documented on each type; everything else as frozen
dataclasses. Every value here has been checked (ranges included) by the model stage.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..periods import Period
from .config import SiteConfig

if TYPE_CHECKING:
    from ..archive.snapshot import FrozenYear
    from ..errors import Message

MAIN_BOARD = "main"
STANDINGS_BOARD = "standings"
TASK_STATUSES = ("未开始", "进行中", "已完成")
NOTICE_KINDS = ("通报", "预警", "公示", "其他")


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str
    short_name: str
    order: int
    columns: Mapping[str, str] = field(default_factory=dict)  # every units.csv column, for `ranking.within`


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    category: str  # as written in indicators.csv: matched to a category id or name per rule set
    weight: Decimal
    direction: str  # "higher" | "lower"
    unit: str
    target: Decimal | None
    floor: Decimal | None
    responsible: tuple[str, ...]
    applies_to: frozenset[str]  # unit kinds; empty = all
    minimum: Decimal | None = None  # the plausible range of a raw value (data checks, SPEC 7.1)
    maximum: Decimal | None = None
    definition: str = ""

    def applies(self, unit: Unit) -> bool:
        return not self.applies_to or unit.kind in self.applies_to


@dataclass(frozen=True)
class ResultSheet:
    """One results file.

    `values`: one row per cell that counts (an indicator of the file that applies to the unit) — unit_id,
    indicator_id (str); value (float64, NaN = 不适用); text (str: the number exactly as written, canonical,
    "" for 不适用); row (int64: spreadsheet row); column (str: the column's label).
    `entries`: one row per unit of the file, in file order — unit_id, row (int64), bonus, penalty (float64,
    0 when blank), bonus_text, penalty_text (str, canonical numbers, "0" when blank), note (str),
    file_rank (str: the file's own 排名/名次 cell, "" when the file has none)."""

    period: Period
    board: str
    source: str
    indicator_ids: tuple[str, ...]
    values: pd.DataFrame = field(repr=False)
    entries: pd.DataFrame = field(repr=False)
    rank_column: str = ""  # the label of the file's own 排名/名次 column, when it has one
    digest: str = ""  # of the file and of everything its checking read (units, indicators, rules)


@dataclass(frozen=True)
class StandingEntry:
    indicator_id: str
    rank: int
    out_of: int
    responsible: tuple[str, ...]  # unit ids
    note: str
    row: int


@dataclass(frozen=True)
class StandingsSheet:
    period: Period
    source: str
    entries: tuple[StandingEntry, ...]
    digest: str = ""


@dataclass(frozen=True)
class GradeSheet:
    """`entries`: unit_id, person, post, grade (str), row (int64), in file order."""

    year: int
    campaign: str | None  # None for the year's registered unit grades
    source: str
    entries: pd.DataFrame = field(repr=False)
    digest: str = ""

    @property
    def has_persons(self) -> bool:
        return bool((self.entries["person"] != "").any())


@dataclass(frozen=True)
class Notice:
    slug: str
    title: str
    date: dt.date
    kind: str
    period: str | None
    publish_from: dt.date | None
    publish_to: dt.date | None
    body_markdown: str
    source: str
    body_line: int = 1  # the line of the file where the body starts (for the data checks' locations)


TASK_COLUMNS = ("id", "title", "claimant", "level", "unit_id", "claimed_on", "due", "status", "progress", "note", "row")


@dataclass(frozen=True)
class Calendar:
    """Working days that the built-in calendar does not know: from calendar/<year>.toml."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()  # the years these files cover


@dataclass(frozen=True)
class Content:
    """Everything a build needs, validated.

    `tasks`: one row per task, in file order, with TASK_COLUMNS — claimed_on and due as datetime64[s],
    progress int64, row int64, the rest str (unit_id a unit's id)."""

    root: Path
    config: SiteConfig
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    results: tuple[ResultSheet, ...]
    standings: tuple[StandingsSheet, ...]
    grades: tuple[GradeSheet, ...]
    notices: tuple[Notice, ...]
    tasks: pd.DataFrame = field(repr=False)
    calendar: Calendar = Calendar()
    board_indicators: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # [boards.<id>] indicators, as ids
    frozen: tuple[FrozenYear, ...] = ()  # years drawn from their archive, oldest first
    notes: tuple[Message, ...] = ()  # things the user should know that are not errors (files skipped)

    @property
    def lang(self) -> str:
        return self.config.lang

    def unit(self, unit_id: str) -> Unit:
        return self.units_by_id[unit_id]

    def indicator(self, indicator_id: str) -> Indicator:
        return self.indicators_by_id[indicator_id]

    @cached_property
    def units_digest(self) -> str:
        """A digest of units.csv as read (Units hold only text, numbers and mappings of them: their repr is
        stable), taken once: many keys include it."""
        return hashlib.sha256(repr(self.units).encode()).hexdigest()

    @cached_property
    def indicators_digest(self) -> str:
        from ..fingerprint import digest  # field by field: `applies_to` is a set, whose repr has no fixed order

        return digest(self.indicators)

    @cached_property
    def units_by_id(self) -> dict[str, Unit]:
        # Units of frozen years that are gone from units.csv keep their archived names.
        units = {unit.id: unit for year in self.frozen for unit in year.snapshot.units}
        units.update({unit.id: unit for unit in self.units})
        return units

    @cached_property
    def indicators_by_id(self) -> dict[str, Indicator]:
        indicators = {i.id: i for year in self.frozen for i in year.snapshot.indicators}
        indicators.update({indicator.id: indicator for indicator in self.indicators})
        return indicators

    @property
    def frozen_years(self) -> frozenset[int]:
        return frozenset(year.year for year in self.frozen)
