"""View models: one typed context per page, the contract between the code and the templates.

Numbers are formatted here, once, so that HTML, PDF and data files show the same digits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from ..config import TierLevel, Tiers
from ..model import Content, Indicator, Unit
from ..periods import Period
from ..rules import UnitBoard
from ..rules.boards import UnitRow
from ..rules.numbers import round_half_up
from ..rules.scoring import category_of
from ..rules.standings import StandingRow, StandingsBoard
from ..rules.tiers import TierDecision
from .texts import translator


def fmt(value: Decimal | None, decimals: int) -> str:
    if value is None:
        return ""
    return f"{round_half_up(value, decimals):f}"


def fmt_plain(value: Decimal | None) -> str:
    """A user-entered number as they would write it (no trailing zeros)."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


def contrast_text(hex_color: str) -> str:
    """Black or white, whichever reads better on `hex_color` (WCAG relative luminance)."""
    color = hex_color.lstrip("#")
    if len(color) == 3:
        color = "".join(c * 2 for c in color)
    try:
        channels = [int(color[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    except ValueError:
        return "#ffffff"
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


@dataclass(frozen=True)
class TierView:
    id: str
    label: str
    shape: str
    color: str
    text_color: str
    position: int  # 0 = best
    is_best: bool
    is_worst: bool
    condition: str  # the level's condition in words


def tier_view(tiers: Tiers, level: TierLevel, lang: str) -> TierView:
    t = translator(lang)
    position = tiers.levels.index(level)
    color = tiers.color_of(level)
    return TierView(
        id=level.id,
        label=level.label,
        shape=tiers.shape_of(level),
        color=color,
        text_color=contrast_text(color),
        position=position,
        is_best=position == 0,
        is_worst=position == len(tiers.levels) - 1,
        condition=condition_text(level, lang) if level.condition else t("cond_rest"),
    )


def condition_text(level: TierLevel, lang: str) -> str:
    t = translator(lang)
    if level.condition is None:
        return t("cond_rest")
    name, value = level.condition
    return t(f"cond_{name}", n=fmt_plain(Decimal(value)))


def applied_tier_text(decision: TierDecision, lang: str) -> str:
    """The tier rule that applied to one row, with the bound it came to in this group."""
    t = translator(lang)
    if decision.condition is None:
        return f"{decision.level.label}：{t('cond_rest')}"
    rule = condition_text(decision.level, lang)
    bound = decision.threshold
    if decision.condition in ("top", "top_pct"):
        applied = t("cond_applied_top", bound=bound)
    elif decision.condition in ("bottom", "bottom_pct"):
        applied = t("cond_applied_bottom", bound=bound)
    else:
        applied = t("cond_applied_score", bound=fmt_plain(Decimal(bound or 0)))
    return f"{decision.level.label}：{rule}（{applied}）"


@dataclass(frozen=True)
class IndicatorHead:
    id: str
    name: str
    unit: str
    direction: str
    category: str


@dataclass(frozen=True)
class PartView:
    indicator: str
    unit: str
    category: str
    raw: str
    normalised: str
    weight: str  # percent
    contribution: str
    applicable: bool


@dataclass(frozen=True)
class ExplainView:
    method: str
    parts: tuple[PartView, ...]
    category_weights: tuple[tuple[str, str], ...]
    composite: str
    midterm: str | None
    bonus: str
    penalty: str
    unrounded: str
    score: str
    rounding: str
    rank: str
    tier: str
    grade: str | None


@dataclass(frozen=True)
class FlagView:
    id: str
    label: str
    positive: bool  # a flag on the best grade is a distinction; any other is a warning

    @property
    def short(self) -> str:
        return self.label.split("，")[0].split(",")[0]


@dataclass(frozen=True)
class RowView:
    unit_id: str
    unit: str
    group: str | None
    score: str
    rank: int
    group_size: int
    previous_rank: int | None
    rank_change: int | None
    tier: TierView
    grade: str | None
    flags: tuple[FlagView, ...]
    values: tuple[str, ...]  # normalised indicator scores in board column order ("" = 不适用)
    note: str
    explain: ExplainView
    erratum: str | None = None  # a recorded correction of this row (frozen years), shown beside it


@dataclass(frozen=True)
class GroupView:
    name: str | None
    rows: tuple[RowView, ...]


@dataclass(frozen=True)
class StandingRowView:
    indicator_id: str
    indicator: str
    rank: int
    out_of: int
    tier: TierView
    responsible: tuple[tuple[str, str], ...]  # (unit id, name)
    note: str


@dataclass(frozen=True)
class BoardView:
    id: str
    kind: str  # "units" | "standings"
    title: str
    period_id: str
    period_label: str
    source: str
    legend: tuple[TierView, ...]
    basis: str
    indicators: tuple[IndicatorHead, ...] = ()
    groups: tuple[GroupView, ...] = ()
    absent: tuple[tuple[str, str], ...] = ()
    has_grades: bool = False
    standings: tuple[StandingRowView, ...] = ()
    promote: tuple[StandingRowView, ...] = ()
    summon: tuple[StandingRowView, ...] = ()

    @property
    def rows(self) -> tuple[RowView, ...]:
        return tuple(row for group in self.groups for row in group.rows)


@dataclass
class ViewBuilder:
    """Turns computed boards into views; knows the content for names and the language for words."""

    content: Content
    grade_text: Callable[[str, int], str | None] = field(default=lambda unit_id, year: None)

    def flag_view(self, flag_id: str) -> FlagView:
        flag = next(f for f in self.content.config.flags if f.id == flag_id)
        best = self.content.config.grades.scale[0]
        return FlagView(flag.id, flag.label, best in flag.grades)

    @property
    def lang(self) -> str:
        return self.content.lang

    def unit(self, unit_id: str) -> Unit:
        return self.content.unit(unit_id)

    def indicator(self, indicator_id: str) -> Indicator:
        return self.content.indicator(indicator_id)

    def legend(self, tiers: Tiers) -> tuple[TierView, ...]:
        return tuple(tier_view(tiers, level, self.lang) for level in tiers.levels)

    def basis(self, tiers: Tiers) -> str:
        return translator(self.lang)(f"basis_{tiers.basis}")

    def board(self, board: UnitBoard | StandingsBoard) -> BoardView:
        if isinstance(board, StandingsBoard):
            return self.standings_board(board)
        return self.unit_board(board)

    def unit_board(self, board: UnitBoard) -> BoardView:
        tiers = board.rules.tiers
        heads = tuple(self.indicator_head(i, board) for i in board.indicator_ids)
        groups = tuple(
            GroupView(group, tuple(self.row(board, row) for row in board.rows_of(group))) for group in board.groups
        )
        return BoardView(
            id=board.id,
            kind="units",
            title=board.title,
            period_id=board.period.id,
            period_label=board.period.label(self.lang),
            source=board.source,
            legend=self.legend(tiers),
            basis=self.basis(tiers),
            indicators=heads,
            groups=groups,
            absent=tuple((u, self.unit(u).name) for u in board.absent),
            has_grades=any(row.grade for row in board.rows),
        )

    def indicator_head(self, indicator_id: str, board: UnitBoard) -> IndicatorHead:
        indicator = self.indicator(indicator_id)
        category = category_of(indicator, board.rules.scoring.categories)
        return IndicatorHead(indicator.id, indicator.name, indicator.unit, indicator.direction, category.name)

    def row(self, board: UnitBoard, row: UnitRow) -> RowView:
        decimals = board.rules.scoring.decimals
        tier = tier_view(board.rules.tiers, row.tier.level, self.lang)
        values = tuple(fmt(row.values.get(i), decimals) for i in board.indicator_ids)
        return RowView(
            unit_id=row.unit_id,
            unit=self.unit(row.unit_id).name,
            group=row.group,
            score=fmt(row.score, decimals),
            rank=row.rank,
            group_size=row.group_size,
            previous_rank=row.previous_rank,
            rank_change=row.rank_change,
            tier=tier,
            grade=row.grade,
            flags=tuple(self.flag_view(f) for f in row.flags),
            values=values,
            note=row.note,
            explain=self.explain(board, row),
            erratum=self.erratum_text(row.unit_id, board.period),
        )

    def erratum_text(self, unit_id: str, period: Period) -> str | None:
        """The corrections recorded for a unit in a frozen year, for the rows of that year's periods."""
        texts = [
            translator(self.lang)("erratum_row", what=e.what, old=e.old, new=e.new, date=e.date.isoformat())
            for frozen in self.content.frozen if frozen.year == period.year
            for e in frozen.errata if e.unit == unit_id and (e.period is None or e.period == period.id)
        ]
        return "；".join(texts) or None

    def explain(self, board: UnitBoard, row: UnitRow) -> ExplainView:
        t = translator(self.lang)
        decimals = board.rules.scoring.decimals
        shown = decimals + 2  # intermediate values a little finer than the score, so sums can be checked
        explain = row.explain
        parts = []
        for part in explain.parts:
            indicator = self.indicator(part.indicator_id)
            category = category_of(indicator, board.rules.scoring.categories)
            parts.append(PartView(
                indicator=indicator.name,
                unit=indicator.unit,
                category=category.name,
                raw=fmt_plain(part.raw) if part.raw is not None else t("not_applicable"),
                normalised=fmt(part.normalised, shown) if part.normalised is not None else "",
                weight=fmt(part.weight * 100, 2) + "%" if part.raw is not None else "",
                contribution=fmt(part.contribution, shown) if part.raw is not None else "",
                applicable=part.raw is not None,
            ))
        categories = {c.id: c.name for c in board.rules.scoring.categories or ()}
        weights = tuple((categories.get(cid, cid), fmt(w * 100, 2) + "%") for cid, w in explain.category_weights)
        midterm = None
        if explain.midterm_weight is not None and explain.midterm_composite is not None:
            w = explain.midterm_weight
            midterm = (f"(1 − {fmt_plain(w)}) × {fmt(explain.composite, shown)} + {fmt_plain(w)} × "
                       f"{fmt(explain.midterm_composite, shown)} = {fmt(explain.blended, shown)}")
        group = row.group or ""
        ties = t(f"ties_{board.rules.ranking.ties}")
        return ExplainView(
            method=t(f"method_{explain.method}"),
            parts=tuple(parts),
            category_weights=weights,
            composite=fmt(explain.composite, shown),
            midterm=midterm,
            bonus=fmt_plain(explain.bonus),
            penalty=fmt_plain(explain.penalty),
            unrounded=fmt(explain.unrounded, shown),
            score=fmt(explain.score, decimals),
            rounding=t("explain_rounded", decimals=decimals),
            rank=t("explain_rank", group=group, size=row.group_size, rank=row.rank, ties=ties),
            tier=applied_tier_text(row.tier, self.lang),
            grade=self.grade_text(row.unit_id, board.period.year) if board.period.kind == "year" and board.id == "main" else None,
        )

    def standings_board(self, board: StandingsBoard) -> BoardView:
        rows = tuple(self.standing_row(board, row) for row in board.rows)
        by_id = {r.indicator_id: r for r in rows}
        return BoardView(
            id=board.id,
            kind="standings",
            title=board.title,
            period_id=board.period.id,
            period_label=board.period.label(self.lang),
            source=board.source,
            legend=self.legend(board.tiers),
            basis=self.basis(board.tiers),
            standings=rows,
            promote=tuple(by_id[r.indicator_id] for r in board.promote),
            summon=tuple(by_id[r.indicator_id] for r in board.summon),
        )

    def standing_row(self, board: StandingsBoard, row: StandingRow) -> StandingRowView:
        return StandingRowView(
            indicator_id=row.indicator_id,
            indicator=self.indicator(row.indicator_id).name,
            rank=row.rank,
            out_of=row.out_of,
            tier=tier_view(board.tiers, row.tier.level, self.lang),
            responsible=tuple((u, self.unit(u).name) for u in row.responsible),
            note=row.note,
        )


__all__ = ["BoardView", "RowView", "ViewBuilder", "fmt", "fmt_plain"]
