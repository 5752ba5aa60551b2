"""The home page: current notices, units to watch, the latest boards, every unit's latest result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..i18n import Translator
from ..model.types import MAIN_BOARD, STANDINGS_BOARD, Notice, Unit
from ..outcome import Board, NoticeState, PeriodOutcome, UnitBoard
from ..periods import Period
from .format import fixed, names
from .indexes import BoardIndex, Indexes
from .page_unit import warning_text
from .views import TierView, Views, board_title, tier_view

MAX_CURRENT_NOTICES = 5
MAX_WARNINGS = 10


@dataclass(frozen=True)
class NoticeItem:
    slug: str
    title: str
    kind: str
    date: dt.date
    period: str | None
    window: tuple[dt.date, dt.date] | None
    status: str | None  # "in_window" | "window_over" | "window_future" | None


def notice_items(notices: tuple[Notice, ...], states: tuple[NoticeState, ...]) -> tuple[NoticeItem, ...]:
    """The issued notices (those with a state), newest first."""
    by_slug = {n.slug: n for n in notices}
    return tuple(NoticeItem(s.slug, by_slug[s.slug].title, by_slug[s.slug].kind, by_slug[s.slug].date,
                            by_slug[s.slug].period, s.window, s.status) for s in states)


@dataclass(frozen=True)
class LatestBoard:
    period_id: str
    title: str
    board_id: str
    counts: tuple[tuple[TierView, int], ...]


@dataclass(frozen=True)
class UnitSummary:
    id: str
    name: str
    short_name: str
    kind: str
    period_label: str | None
    score: str
    rank: int
    size: int
    tier: TierView | None
    change: int | None
    grade: str | None
    streak: bool
    warnings: int


@dataclass(frozen=True)
class WarningLine:
    task_id: str
    title: str
    unit_id: str
    unit: str
    text: str


@dataclass(frozen=True)
class HomeData:
    units: tuple[Unit, ...]
    periods: tuple[PeriodOutcome, ...]
    notices: tuple[NoticeItem, ...]
    streaks: tuple[tuple[str, tuple[Period, ...]], ...]
    warnings: pd.DataFrame  # Outcome.warnings joined with the task titles (column `title`)
    years: tuple[tuple[int, bool], ...]  # (year, frozen)


@dataclass(frozen=True)
class HomeContext:
    notices: tuple[NoticeItem, ...]
    latest: tuple[LatestBoard, ...]
    units: tuple[UnitSummary, ...]
    streaks: tuple[tuple[str, str, str], ...]  # (unit id, name, periods)
    warnings: tuple[WarningLine, ...]
    warning_count: int
    years: tuple[tuple[int, bool], ...]


def current_notices(items: tuple[NoticeItem, ...]) -> tuple[NoticeItem, ...]:
    """Notices open for objections first, then the newest others, five in all at least the open ones."""
    open_ones = [i for i in items if i.status == "in_window"]
    rest = [i for i in items if i.status != "in_window"]
    return tuple(open_ones + rest[: max(0, MAX_CURRENT_NOTICES - len(open_ones))])


def home_context(data: HomeData, views: Views, tr: Translator, indexes: Indexes) -> HomeContext:
    """`indexes`: the site's board lookups, from which each unit's newest main row is read."""
    latest: list[LatestBoard] = []
    seen: set[tuple[str, str]] = set()
    newest_main: dict[str, tuple[PeriodOutcome, BoardIndex]] = {}
    for period in data.periods:
        main = period.main
        index = indexes.of(period.period.id, main.id) if main is not None else None
        if index is not None:
            for unit_id in index.rows:
                newest_main[unit_id] = (period, index)
    for period in reversed(data.periods):
        for board in period.boards:
            key = (period.period.kind if board.id != STANDINGS_BOARD else STANDINGS_BOARD, board.id)
            if key not in seen:
                seen.add(key)
                latest.append(_latest_board(period, board, views, tr))
    streak_units = {unit_id for unit_id, _ in data.streaks}
    warnings_per_unit = data.warnings["unit_id"].value_counts().to_dict() if len(data.warnings) else {}
    summaries = []
    for unit in sorted(data.units, key=lambda u: (u.order, u.id)):
        found = newest_main.get(unit.id)
        if found is None:
            summaries.append(UnitSummary(unit.id, unit.name, unit.short_name, unit.kind, None, "", 0, 0, None, None, None,
                                         unit.id in streak_units, int(warnings_per_unit.get(unit.id, 0))))
            continue
        period, index = found
        board, row = index.board, index.record(unit.id)
        assert row is not None
        tiers = board.rules.tiers
        change = row["rank_change"]
        summaries.append(UnitSummary(
            unit.id, unit.name, unit.short_name, unit.kind, period.period.label_message().text(tr),
            fixed(row["score"], board.decimals), int(row["rank"]), int(row["group_size"]),
            tier_view(tiers, tiers.level(row["tier"]), tr), None if change is pd.NA else int(change), row["grade"],
            unit.id in streak_units, int(warnings_per_unit.get(unit.id, 0))))
    names_of = {u.id: u.name for u in data.units}
    ordered = data.warnings.assign(_overdue=data.warnings["kind"] != "overdue").sort_values(
        ["_overdue", "days_overdue", "expected_progress", "task_id"], ascending=[True, False, False, True], kind="stable") \
        if len(data.warnings) else data.warnings
    warnings = tuple(
        WarningLine(t, title, u, names_of.get(u, u), warning_text(k, int(d), int(e), tr) or "")
        for t, title, u, k, d, e in ordered[["task_id", "title", "unit_id", "kind", "days_overdue", "expected_progress"]]
        .head(MAX_WARNINGS).itertuples(index=False, name=None))
    return HomeContext(
        notices=current_notices(data.notices), latest=tuple(latest), units=tuple(summaries),
        streaks=tuple((u, names_of.get(u, u), names((p.label_message().text(tr) for p in periods), tr))
                      for u, periods in data.streaks),
        warnings=warnings, warning_count=len(data.warnings), years=data.years)


def _latest_board(period: PeriodOutcome, board: Board, views: Views, tr: Translator) -> LatestBoard:
    if isinstance(board, UnitBoard):
        tiers, ids = board.rules.tiers, list(board.rows["tier"])
    else:
        tiers, ids = board.tiers, [row.tier for row in board.rows]
    counts = tuple((tier_view(tiers, level, tr), ids.count(level.id)) for level in tiers.levels)
    return LatestBoard(period.period.id, board_title(board.title, tr), board.id, counts)


__all__ = ["MAIN_BOARD", "HomeContext", "HomeData", "NoticeItem", "home_context", "notice_items"]
