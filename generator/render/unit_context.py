"""The context of a unit's page (page_unit.py makes it from unit_data.UnitData; unit.html and the report card,
templates/pdf/unit.html, read it): its latest standing, history rows with their part of the explanation
matrix, grades, standings and tasks, every number already a text."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..archive.snapshot import Erratum
from ..model.types import Unit
from .views import FlagView, TierView

_EMPTY = Markup("")  # an immutable default for pre-rendered fragments


@dataclass(frozen=True)
class Latest:
    period_id: str
    title: str
    score: str
    rank: int
    size: int
    tier: TierView
    change: int | None
    grade: str | None


@dataclass(frozen=True)
class HistoryRow:
    anchor: str
    period_id: str
    period_label: str
    board_id: str
    board_title: str
    ranked: bool
    score: str = ""
    rank: int = 0
    size: int = 0
    tier: TierView | None = None
    change: int | None = None
    grade: str | None = None
    erratum: str | None = None
    matrix: Markup = _EMPTY  # this row's cells in the explanation matrix
    composite: str = ""
    adjustments: str = ""  # bonus and penalty, when any
    tier_rule: str = ""
    # The row of the history table and of the explanation matrix, made here (a unit has one per period and
    # board, a site a thousand units): see history_html and matrix_html.
    history_html: Markup = _EMPTY
    matrix_html: Markup = _EMPTY


@dataclass(frozen=True)
class GradeLine:
    year: int
    grade: str | None
    rule: str | None
    flags: tuple[tuple[str, bool, str], ...]  # (label, met, missing years text)


@dataclass(frozen=True)
class StandingLine:
    period_id: str
    period_label: str
    indicator_id: str
    indicator: str
    rank: int
    out_of: int
    tier: TierView


@dataclass(frozen=True)
class TaskLine:
    id: str
    title: str
    claimant: str
    level: str
    due: str
    status: str
    progress: int
    warning: str | None


@dataclass(frozen=True)
class UnitContext:
    unit: Unit
    latest: Latest | None
    history: tuple[HistoryRow, ...]  # newest first
    chart: Markup
    rank_chart: Markup  # the unit's rank on its main board over time (web page only)
    matrix_heads: tuple[tuple[str, str, str], ...]  # (indicator id, name, unit of measure)
    matrix_head_html: Markup  # the matrix's indicator headers, the same on many pages: made once
    methods: tuple[str, ...]  # how the scores of the matrix were converted, per rule set
    grades: tuple[GradeLine, ...]
    active_flags: tuple[FlagView, ...]
    standings: tuple[StandingLine, ...]
    tasks: tuple[TaskLine, ...]
    streak: str | None
    errata: tuple[Erratum, ...]
