"""Validated, typed content: what the rules compute on and the pages show.

`build_model` turns the raw tables of `load` into these types, collecting every problem in one pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .config import SiteConfig
from .periods import Period

MAIN_BOARD = "main"
STANDINGS_BOARD = "standings"


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str
    short_name: str
    order: int
    columns: Mapping[str, str] = field(default_factory=dict)  # every units.csv column, for `ranking.within`

    @property
    def display_name(self) -> str:
        return self.name


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

    def applies(self, unit: Unit) -> bool:
        return not self.applies_to or unit.kind in self.applies_to


@dataclass(frozen=True)
class UnitEntry:
    """One unit's row of a results file. A value of None means 不适用 (does not apply)."""

    unit_id: str
    values: Mapping[str, Decimal | None]
    bonus: Decimal
    penalty: Decimal
    note: str
    row: int


@dataclass(frozen=True)
class ResultSheet:
    period: Period
    board: str
    source: str
    indicator_ids: tuple[str, ...]
    entries: tuple[UnitEntry, ...]


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


@dataclass(frozen=True)
class GradeEntry:
    unit_id: str
    person: str
    post: str
    grade: str
    row: int


@dataclass(frozen=True)
class GradeSheet:
    year: int
    campaign: str | None  # None for the year's registered unit grades
    source: str
    entries: tuple[GradeEntry, ...]

    @property
    def has_persons(self) -> bool:
        return any(entry.person for entry in self.entries)


@dataclass(frozen=True)
class Notice:
    slug: str
    title: str
    date: date
    kind: str
    period: str | None
    publish_from: date | None
    publish_to: date | None
    body_markdown: str
    source: str


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    claimant: str
    level: str
    unit_id: str
    claimed_on: date
    due: date
    status: str
    progress: int
    note: str


@dataclass(frozen=True)
class Content:
    """Everything a build needs, validated."""

    root: Path
    config: SiteConfig
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    results: tuple[ResultSheet, ...]
    standings: tuple[StandingsSheet, ...]
    grades: tuple[GradeSheet, ...]
    notices: tuple[Notice, ...]
    tasks: tuple[Task, ...]
    frozen: tuple[Any, ...] = ()  # archive.FrozenYear, oldest first: years drawn from their archive
    notes: tuple[str, ...] = ()  # things the user should know that are not errors (files skipped)

    @property
    def lang(self) -> str:
        return self.config.lang

    def unit(self, unit_id: str) -> Unit:
        return self._units_by_id[unit_id]

    def indicator(self, indicator_id: str) -> Indicator:
        return self._indicators_by_id[indicator_id]

    @cached_property
    def _units_by_id(self) -> dict[str, Unit]:
        # Units of frozen years that are gone from units.csv keep their archived names.
        units = {unit.id: unit for year in self.frozen for unit in year.snapshot.units}
        units.update({unit.id: unit for unit in self.units})
        return units

    @cached_property
    def _indicators_by_id(self) -> dict[str, Indicator]:
        indicators = {i.id: i for year in self.frozen for i in year.snapshot.indicators}
        indicators.update({indicator.id: indicator for indicator in self.indicators})
        return indicators

    @property
    def frozen_years(self) -> frozenset[int]:
        return frozenset(year.year for year in self.frozen)
