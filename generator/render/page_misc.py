"""The other pages: a notice, the tasks board (揭榜领题), the method (rules per year), an indicator."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from ..fingerprint import digest
from ..i18n import N_, Translator
from ..model.config import RuleSet, SiteConfig
from ..model.indicators import category_of
from ..model.types import TASK_STATUSES, Indicator, Unit
from ..outcome import WEIGHT_DECIMALS, StandingsBoard, UnitBoard, col
from ..periods import Period
from .format import fixed, names, percent, plain
from .indexes import BoardIndex
from .page_home import NoticeItem
from .page_unit import METHOD_WORDS, warning_text
from .views import BASIS_WORDS, TierView, condition_text, tier_view

# The statuses of a task (TASK_STATUSES) and the kinds of a notice (NOTICE_KINDS): words of this program that
# content files use as codes, shown in the site's language (templates: `_(task.status)`, `_(notice.kind)`).
STATUS_WORDS = (N_("未开始"), N_("进行中"), N_("已完成"))
NOTICE_KIND_WORDS = (N_("通报"), N_("预警"), N_("公示"), N_("其他"))


@dataclass(frozen=True)
class NoticeContext:
    notice: NoticeItem
    html: Markup


@dataclass(frozen=True)
class TaskView:
    id: str
    title: str
    claimant: str
    level: str
    unit_id: str
    unit: str
    claimed_on: str
    due: str
    status: str
    progress: int
    note: str
    warning: str | None
    warning_kind: str | None


@dataclass(frozen=True)
class TasksData:
    tasks: pd.DataFrame
    warnings: pd.DataFrame
    units: tuple[Unit, ...]
    today: date


@dataclass(frozen=True)
class TasksContext:
    tasks: tuple[TaskView, ...]
    claimants_by_level: tuple[tuple[str, int], ...]
    by_status: tuple[tuple[str, int], ...]
    overdue: int
    today: date


def task_views(tasks: pd.DataFrame, warnings: pd.DataFrame, unit_names: dict[str, str], tr: Translator) -> tuple[TaskView, ...]:
    """Each task with its warning, joined once (not a search per task)."""
    joined = tasks.merge(warnings[["task_id", "kind", "days_overdue", "expected_progress"]], how="left",
                         left_on="id", right_on="task_id")
    claimed = joined["claimed_on"].dt.strftime("%Y-%m-%d").to_numpy() if len(joined) else np.zeros(0, dtype=object)
    due = joined["due"].dt.strftime("%Y-%m-%d").to_numpy() if len(joined) else np.zeros(0, dtype=object)
    views = []
    for n, (task_id, title, claimant, level, unit_id, status, progress, note, kind, days, expected) in enumerate(
            joined[["id", "title", "claimant", "level", "unit_id", "status", "progress", "note", "kind", "days_overdue",
                    "expected_progress"]].itertuples(index=False, name=None)):
        kind = kind if isinstance(kind, str) else None
        views.append(TaskView(task_id, title, claimant, level, unit_id, unit_names.get(unit_id, unit_id), claimed[n], due[n],
                              status, int(progress), note,
                              warning_text(kind, int(days or 0), int(expected or 0), tr) if kind else None, kind))
    return tuple(views)


def tasks_context(data: TasksData, tr: Translator) -> TasksContext:
    tasks = data.tasks
    claimants = tasks.groupby("level", sort=False)["claimant"].nunique() if len(tasks) else pd.Series(dtype="int64")
    statuses = Counter(tasks["status"])
    unit_names = {u.id: u.name for u in data.units}
    return TasksContext(task_views(tasks, data.warnings, unit_names, tr),
                        tuple((str(level), int(n)) for level, n in claimants.items()),
                        tuple((s, statuses.get(s, 0)) for s in TASK_STATUSES),
                        int((data.warnings["kind"] == "overdue").sum()) if len(data.warnings) else 0, data.today)


@dataclass(frozen=True)
class RuleCell:
    text: str
    changed: bool


@dataclass(frozen=True)
class MethodData:
    rules_by_year: tuple[tuple[int, RuleSet], ...]
    config: SiteConfig
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class MethodContext:
    years: tuple[str, ...]
    rows: tuple[tuple[str, tuple[RuleCell, ...]], ...]
    indicators: tuple[tuple[str, str, str, str, str, str, str, str], ...]
    tiers: tuple[TierView, ...]
    standings_tiers: tuple[TierView, ...] | None
    flags: tuple[tuple[str, str], ...]


def category_weights_text(rules: RuleSet, tr: Translator) -> str:
    """Category weights as shares of 100% (site.toml may give them in any scale, e.g. 3/3/3)."""
    categories = rules.scoring.categories or ()
    if not categories:
        return tr("全部")
    total = sum(c.weight for c in categories)
    return tr("；").join(f"{c.name} {plain(round(c.weight / total * 100, 2))}%" for c in categories)


def method_context(data: MethodData, tr: Translator) -> MethodContext:
    config = data.config
    years = [str(y) for y, _ in data.rules_by_year] or ["—"]
    rule_sets = [r for _, r in data.rules_by_year] or [config.rules(None)]
    ties = {"min": tr("并列占位：1、2、2、4"), "dense": tr("并列不占位：1、2、2、3")}
    rounding = {"floor": tr("向下取整"), "round": tr("四舍五入"), "ceil": tr("向上取整")}

    def within(r: RuleSet) -> str:
        if not r.ranking.within:
            return tr("全部单位统一排名")
        return tr("单位类别（苏木乡镇街道、区直部门分别排名）") if r.ranking.within == "kind" else r.ranking.within

    extractors: list[tuple[str, Callable[[RuleSet], str]]] = [
        (tr("标准化方法"), lambda r: tr(METHOD_WORDS[r.scoring.normalize])),
        (tr("类别权重"), lambda r: category_weights_text(r, tr)),
        (tr("保留小数位"), lambda r: str(r.scoring.decimals)),
        (tr("期中考折算"), lambda r: plain(r.scoring.midterm_weight) if r.scoring.midterm_weight else "—"),
        (tr("分组排名依据"), within),
        (tr("排名"), lambda r: ties[r.ranking.ties]),
        (tr("分档"), lambda r: tr(BASIS_WORDS[r.tiers.basis]) + tr("：") + tr("；").join(
            f"{lv.label} {condition_text(lv, tr)}" for lv in r.tiers.levels)),
        (tr("评定等次"), lambda r: tr("；").join(
            f"{b.grade} {('≥ ' + plain(b.min)) if b.min is not None else tr('其余')}" for b in r.grades.bands or ()) or "—"),
        (tr("比例控制"), lambda r: tr("{grade} ≤ {share}%（{rounding}）", grade=r.grades.quota.grade,
                                   share=plain(r.grades.quota.max_share * 100), rounding=rounding[r.grades.quota.rounding])
         if r.grades.quota else "—"),
    ]
    rows = []
    for label, extract in extractors:
        texts = [extract(r) for r in rule_sets]
        rows.append((label, tuple(RuleCell(text, n > 0 and text != texts[n - 1]) for n, text in enumerate(texts))))
    base = config.rules(None)
    direction = {"higher": tr("越高越好"), "lower": tr("越低越好")}
    indicators = tuple(
        (i.id, i.name, i.category, plain(i.weight), direction[i.direction], i.unit,
         f"{plain(i.target)} / {plain(i.floor)}" if i.target is not None else "—", names(sorted(i.applies_to), tr) or tr("全部"))
        for i in data.indicators)
    standings = config.standings.tiers
    return MethodContext(tuple(years), tuple(rows), indicators,
                         tuple(tier_view(base.tiers, lv, tr) for lv in base.tiers.levels),
                         tuple(tier_view(standings, lv, tr) for lv in standings.levels) if standings else None,
                         tuple((f.label, flag_rule_text(f.rule, f.years, f.grades, tr)) for f in config.flags))


def flag_rule_text(rule: str, years: int, grades: tuple[str, ...], tr: Translator) -> str:
    listed = names(grades, tr)
    if rule == "consecutive":
        return tr("连续 {years} 年等次为{grades}", years=years, grades=listed)
    return tr("近 {years} 年中有{grades}等次", years=years, grades=listed)


@dataclass(frozen=True)
class IndicatorData:
    indicator: Indicator
    boards: tuple[tuple[Period, BoardIndex], ...]  # the boards that count the indicator, oldest first
    standings: tuple[tuple[Period, StandingsBoard], ...]  # the standings boards listing it
    units: tuple[Unit, ...]
    config: SiteConfig

    @cached_property
    def digest(self) -> str:
        # Only this indicator's cells of each board: a value changed in another indicator leaves the page be.
        indicator_id = self.indicator.id
        boards = tuple((p.id, index.meta, index.membership, index.indicator_digest(indicator_id)) for p, index in self.boards)
        standings = tuple((p.id, b.digest) for p, b in self.standings)
        names = tuple((u.id, u.name, u.order) for u in self.units)  # the latest values are listed in `order`
        return digest("indicator", self.indicator, repr((boards, standings, names)),
                      self.config.rules(None).scoring.categories)


def exact_median(values: np.ndarray) -> Decimal:
    """The median of values as written: the mean of the two middle ones computed in decimal, so that 3551.8 and
    3552 give 3551.9 (float64 says 3551.8999999999996)."""
    ordered = np.sort(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(repr(float(ordered[middle])))
    return (Decimal(repr(float(ordered[middle - 1]))) + Decimal(repr(float(ordered[middle])))) / 2


def value_summary(values: np.ndarray, decimals: int | None) -> tuple[str, str, str]:
    """min, median and max of a period's values (raw as written when `decimals` is None, else scores)."""
    values = values[~np.isnan(values)]
    if not len(values):
        return "", "", ""
    low, median, high = values.min(), exact_median(values), values.max()
    if decimals is None:
        return plain(low), plain(median), plain(high)
    # The mean of two middle scores may have one decimal more than a score: shown exactly, not rounded.
    exact = max(decimals, -int(median.normalize().as_tuple().exponent))
    return fixed(low, decimals), f"{median:.{exact}f}", fixed(high, decimals)


@dataclass(frozen=True)
class IndicatorPeriod:
    period_id: str
    period_label: str
    board_id: str
    board_title: str
    count: int
    raw: tuple[str, str, str]  # min, median, max of the raw values
    score: tuple[str, str, str]


@dataclass(frozen=True)
class IndicatorValue:
    unit_id: str
    unit: str
    raw: str
    score: str
    weight: str


@dataclass(frozen=True)
class IndicatorContext:
    indicator: Indicator
    category: str
    direction: str
    responsible: tuple[tuple[str, str], ...]
    applies_to: str
    periods: tuple[IndicatorPeriod, ...]  # newest first
    latest_label: str | None
    # Per ranking group of the newest main board (None: one group), best score first, ties in units.csv's order:
    # a reader compares the units on this indicator, not on the composite (whose order the board shows).
    latest: tuple[tuple[str | None, tuple[IndicatorValue, ...]], ...]
    standings: tuple[tuple[str, str, int, int, TierView], ...]  # (period id, label, rank, out_of, tier), newest first


def _latest_values(board: UnitBoard, parts: pd.DataFrame, units: tuple[Unit, ...],
                   unit_names: dict[str, str]) -> tuple[tuple[str | None, tuple[IndicatorValue, ...]], ...]:
    """The newest main board's cells of the indicator, per ranking group that has any (a heading for each as
    soon as the board has two), by score, highest first, ties in units.csv's `order` then id, as boards list
    them; a NaN score (none is expected) last, so that the order never depends on the board's."""
    d = board.decimals
    group_of = dict(zip(board.rows["unit_id"].tolist(), board.rows["group"].tolist(), strict=True))
    order = {unit.id: (unit.order, unit.id) for unit in units}
    cells = sorted(zip(parts["unit_id"].tolist(), parts["raw_text"].tolist(), parts[col("normalised", d)].tolist(),
                       parts[col("weight", WEIGHT_DECIMALS)].tolist(), strict=True),
                   key=lambda cell: (math.isnan(cell[2]), -cell[2] if not math.isnan(cell[2]) else 0.0,
                                     order.get(cell[0], (math.inf, cell[0]))))
    groups = []
    for group in board.groups:
        values = tuple(IndicatorValue(u, unit_names.get(u, u), text, fixed(s, d), percent(w))
                       for u, text, s, w in cells if group_of.get(u) == group)
        if values:
            groups.append((group if len(board.groups) > 1 else None, values))
    return tuple(groups)


def indicator_context(data: IndicatorData, tr: Translator) -> IndicatorContext:
    from .views import board_title

    indicator = data.indicator
    unit_names = {u.id: u.name for u in data.units}
    periods = []
    latest: tuple[tuple[str | None, tuple[IndicatorValue, ...]], ...] = ()
    latest_label = None
    newest: tuple[Period, UnitBoard, Any] | None = None
    for period, index in data.boards:
        board = index.board
        d = board.decimals
        positions = index.by_indicator.get(indicator.id)
        if positions is None:
            continue
        parts = board.parts.iloc[positions]
        raw = parts["raw"].to_numpy(dtype="float64")
        score = parts[col("normalised", d)].to_numpy(dtype="float64")

        periods.append(IndicatorPeriod(period.id, period.label_message().text(tr), board.id, board_title(board.title, tr),
                                       len(parts), value_summary(raw, None), value_summary(score, d)))
        if board.id == "main":
            newest = (period, board, parts)
    if newest is not None:
        period, board, parts = newest
        latest_label = period.label_message().text(tr)
        latest = _latest_values(board, parts, data.units, unit_names)
    standings = []
    for period, standings_board in data.standings:
        for standing in standings_board.rows:
            if standing.indicator_id == indicator.id:
                standings.append((period.id, period.label_message().text(tr), standing.rank, standing.out_of,
                                  tier_view(standings_board.tiers, standings_board.tiers.level(standing.tier), tr)))
    categories = data.config.rules(None).scoring.categories
    try:
        category = category_of(indicator, categories).name
    except KeyError:
        category = indicator.category
    return IndicatorContext(
        indicator, category, tr("越高越好") if indicator.direction == "higher" else tr("越低越好"),
        tuple((u, unit_names.get(u, u)) for u in indicator.responsible), names(sorted(indicator.applies_to), tr) or tr("全部"),
        tuple(reversed(periods)), latest_label, latest, tuple(reversed(standings)))
