"""A unit's page: latest standing, history (table and chart), the explanation of every number as one compact
period × indicator matrix, grades and flags, standings it answers for, and its tasks.

What the page reads is `unit_data.UnitData`; this module turns it into the page's context (`unit_context.UnitContext`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from ..archive.snapshot import Erratum
from ..i18n import N_, Translator
from ..model.types import MAIN_BOARD, Content
from ..outcome import Outcome, YearGrades, col, shown
from ..periods import Period
from .charts import Point, Series, line_chart, rank_scale
from .format import change_text, fine_text, fixed, names, plain
from .indexes import BoardIndex
from .unit_context import GradeLine, HistoryRow, Latest, StandingLine, TaskLine, UnitContext
from .unit_data import UnitData
from .views import FlagView, TierView, board_name, board_title, tier_view

SERIES_NAMES = {"month": N_("月度"), "quarter": N_("季度"), "half": N_("半年"), "year": N_("年度")}
DASHES = {"month": "none", "quarter": "6 3", "half": "2 3", "year": "12 4 2 4"}
SHORT_LABELS = {"month": N_("{n}月"), "quarter": N_("{n}季度"), "half1": N_("上半年"), "half2": N_("下半年")}


def short_label(period: Period, tr: Translator) -> str:
    """A period as a chart's time axis names it under its year: 3月, 2季度, 上半年."""
    if period.kind == "half":
        return tr(SHORT_LABELS[f"half{period.index}"])
    return tr(SHORT_LABELS[period.kind], n=period.index)


def erratum_text(erratum: Erratum, tr: Translator) -> str:
    return tr("勘误（{date}）：{what} 原公布 {old}，更正为 {new}", date=erratum.date.isoformat(), what=erratum.what,
              old=erratum.old, new=erratum.new)


METHOD_WORDS = {
    "raw": N_("原始分（直接作为得分）"),
    "minmax": N_("极差标准化（同组最高 100、最低 0）"),
    "efficacy": N_("功效系数法：60 + 40 × (实际值 − 底线值) ÷ (目标值 − 底线值)，限 60–100"),
    "target": N_("目标达成率：100 × 实际值 ÷ 目标值，最高 100"),
}


def tier_rule(condition: str, threshold: Any, view: TierView, tr: Translator) -> str:
    """The tier rule that applied to one row, with the bound it came to in its group."""
    if not condition:
        return tr("{label}：其余", label=view.label)
    if condition in ("top", "top_pct"):
        bound = tr("名次 ≤ {bound}", bound=threshold)
    elif condition in ("bottom", "bottom_pct"):
        bound = tr("名次 > {bound}", bound=threshold)
    else:
        bound = tr("得分 ≥ {bound}", bound=plain(threshold))
    return tr("{label}：{rule}（{bound}）", label=view.label, rule=view.condition, bound=bound)


@dataclass(frozen=True)
class ChartPoint:
    """A unit's row on one main board, as its charts draw it."""
    period: Period
    score: float
    score_text: str
    rank: int
    size: int
    shape: str
    color: str


class UnitPage:
    """Builds a unit's page context from its UnitData, in one language."""

    def __init__(self, tr: Translator, flags: Mapping[str, FlagView], indicator_names: Mapping[str, tuple[str, str]],
                 indicator_order: Sequence[str], today: date) -> None:
        self.tr = tr
        self.flags = flags
        self.indicator_names = indicator_names
        self.order = {indicator_id: n for n, indicator_id in enumerate(indicator_order)}
        self.today = today
        self._tiers: dict[tuple[int, str], TierView] = {}
        self._words: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        self._rules: dict[tuple[Any, ...], str] = {}
        self._cells: dict[tuple[Any, ...], str] = {}
        self._heads: dict[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], Markup] = {}
        self._labels: dict[str, str] = {}

    def tier(self, tiers: Any, level_id: str) -> TierView:
        key = (id(tiers), level_id)
        if key not in self._tiers:
            self._tiers[key] = tier_view(tiers, tiers.level(level_id), self.tr)
        return self._tiers[key]

    def context(self, data: UnitData) -> UnitContext:
        tr = self.tr
        unit_id = data.unit.id
        entries = []
        used: dict[str, None] = {}
        methods: dict[str, None] = {}
        for period, index in data.boards:
            board = index.board
            if unit_id in index.rows:
                entries.append((period, index))
                used.update({i: None for i in board.indicator_ids})
                methods[tr(METHOD_WORDS[board.rules.scoring.normalize])] = None
            elif board.id == MAIN_BOARD:
                entries.append((period, index))
        heads = tuple(sorted(used, key=lambda i: self.order.get(i, len(self.order))))
        cells = [index.matrix_cells(unit_id) for _, index in entries]
        # A weight that is the same in every period is said once, in the column's header, not in each cell.
        weights: dict[str, set[str]] = {}
        for found in cells:
            for indicator_id, texts in found.items():
                if texts is not None:
                    weights.setdefault(indicator_id, set()).add(texts[2])
        same = tuple((i, next(iter(weights[i]))) for i in heads if len(weights.get(i, ())) == 1)
        uniform = dict(same)
        # Each row is read once: the history, its matrix and both charts show it.
        rows = [index.record(unit_id) for _, index in entries]
        history = [self.history_row(period, index, row, heads, data.errata, found, uniform)
                   for (period, index), row, found in zip(entries, rows, cells, strict=True)]
        ranked_main = [h for h in history if h.ranked and h.board_id == MAIN_BOARD]
        latest = None
        if ranked_main:
            last = ranked_main[-1]
            assert last.tier is not None
            latest = Latest(last.period_id, last.board_title, last.score, last.rank, last.size, last.tier, last.change,
                            last.grade)
        chart, rank_chart = self.charts(self.chart_points(entries, rows))
        return UnitContext(
            unit=data.unit, latest=latest, history=tuple(reversed(history)), chart=chart, rank_chart=rank_chart,
            matrix_heads=tuple((i, *self.indicator_names[i]) for i in heads),
            matrix_head_html=self.head_html(heads, same),
            methods=tuple(methods),
            grades=self.grade_lines(data), active_flags=self.active_flags(data), standings=self.standing_lines(data),
            tasks=self.task_lines(data),
            streak=names((p.label_message().text(tr) for p in data.streak), tr) if data.streak else None,
            errata=tuple(e for _, e in data.errata))

    def head_html(self, heads: tuple[str, ...], same: tuple[tuple[str, str], ...]) -> Markup:
        key = (heads, same)
        if key not in self._heads:
            uniform = dict(same)
            cells = []
            for indicator_id in heads:
                name, measure = self.indicator_names[indicator_id]
                unit = f'<span class="mu">{escape(self.tr("（{unit}）", unit=measure))}</span>' if measure else ""
                weight = f'<span class="w">{escape(self.tr("权重 {weight}", weight=uniform[indicator_id]))}</span>' \
                    if indicator_id in uniform else ""
                cells.append(f'<th class="ind"><a href="../../indicators/{indicator_id}/index.html">{escape(name)}</a>'
                             f"{unit}{weight}</th>")
            self._heads[key] = Markup("".join(cells))
        return self._heads[key]

    def period_label(self, period: Period) -> str:
        if period.id not in self._labels:
            self._labels[period.id] = period.label_message().text(self.tr)
        return self._labels[period.id]

    def board_words(self, period: Period, index: BoardIndex) -> tuple[str, str, str, str]:
        """(period label, board title, the label escaped, the board's name without its period escaped) of a
        board: the same for every unit, made once."""
        key = (period.id, index.board.id)
        if key not in self._words:
            label = self.period_label(period)
            title = board_title(index.board.title, self.tr)
            self._words[key] = (label, title, str(escape(label)), str(escape(board_name(index.board.title, label, self.tr))))
        return self._words[key]

    def rule_text(self, tiers: Any, tier: TierView, condition: str, threshold: Any) -> str:
        key = (id(tiers), tier.id, condition, str(threshold))
        if key not in self._rules:
            self._rules[key] = tier_rule(condition, threshold, tier, self.tr)
        return self._rules[key]

    def history_row(self, period: Period, index: BoardIndex, row: Mapping[str, Any] | None, heads: Sequence[str],
                    errata: Sequence[tuple[int, Erratum]], cells: Mapping[str, tuple[str, str, str, str] | None],
                    uniform: Mapping[str, str]) -> HistoryRow:
        tr = self.tr
        board = index.board
        label, title, label_html, title_html = self.board_words(period, index)
        anchor = f"p-{period.id}-{board.id}"
        # The main board opens its period's page: no fragment needed.
        link = f"../../periods/{period.id}/index.html" + ("" if board.id == MAIN_BOARD else f"#board-{board.id}")
        head = f'<tr><td><a href="{link}">{label_html}</a></td><td>{title_html}</td>'
        if row is None:
            return HistoryRow(anchor, period.id, label, board.id, title, False,
                              history_html=Markup(f'{head}<td colspan="5" class="muted">{escape(tr("未参评"))}</td></tr>'))
        d = board.decimals
        tiers = board.rules.tiers
        tier = self.tier(tiers, row["tier"])
        change = row["rank_change"]
        change = None if change is None or change is pd.NA else int(change)
        corrections = [erratum_text(e, tr) for year, e in errata
                       if year == period.year and (e.period is None or e.period == period.id)]
        erratum = tr("；").join(corrections) or None
        score, rank, size, grade = fixed(row["score"], d), int(row["rank"]), int(row["group_size"]), row["grade"]
        composite = fine_text(row[col("composite", shown(d))], shown(d), d)
        adjustments = self.adjustments(row)
        rule = self.rule_text(tiers, tier, row["tier_condition"], row["tier_threshold"])
        matrix = self.matrix_cells(cells, heads, uniform)
        tier_html = self.tier_html(tier)
        note = f'<br><span class="erratum">※{escape(erratum)}</span>' if erratum else ""
        # Number cells are aligned by their column in the stylesheet (.history, .matrix): a unit page has
        # hundreds of them.
        history = Markup(f'{head}<td><a href="#{anchor}">{score}</a>{note}</td><td>{rank}/{size}</td>'
                         f'{tier_html}<td>{change_text(change)}</td><td>{escape(grade or "")}</td></tr>')
        sub = "" if board.id == MAIN_BOARD else f'<br><span class="muted">{title_html}</span>'
        explained = Markup(f'<tr id="{anchor}"><th>{label_html}{sub}</th>{matrix}<td>{composite}</td>'
                           f'<td>{escape(adjustments)}</td><td>{score}</td><td>{escape(rule)}</td></tr>')
        return HistoryRow(anchor, period.id, label, board.id, title, True, score, rank, size, tier, change, grade, erratum,
                          matrix, composite, adjustments, rule, history, explained)

    def tier_html(self, tier: TierView) -> str:
        key = ("html", tier.id, tier.position, tier.label, tier.shape)
        if key not in self._cells:
            self._cells[key] = (f'<td class="t t{tier.position}"><span aria-hidden="true">{escape(tier.shape)}</span>'
                                f'{escape(tier.label)}</td>')
        return self._cells[key]

    def links(self, period_id: str, board_id: str) -> str:
        return f"../../periods/{period_id}/index.html#board-{board_id}"

    def adjustments(self, row: Any) -> str:
        parts = []
        if row["bonus_text"] not in ("", "0"):
            parts.append(f"+{plain(row['bonus_text'])}")
        if row["penalty_text"] not in ("", "0"):
            parts.append(f"−{plain(row['penalty_text'])}")
        return " ".join(parts)

    @staticmethod
    def matrix_cells(cells: Mapping[str, tuple[str, str, str, str] | None], heads: Sequence[str],
                     uniform: Mapping[str, str]) -> Markup:
        """One <td> per indicator of the matrix: raw value, score, weight (unless the header has it) and
        contribution; blank when the indicator is not on this board, — when it does not apply."""
        parts = []
        for indicator_id in heads:
            if indicator_id not in cells:
                parts.append("<td></td>")
                continue
            texts = cells[indicator_id]
            if texts is None:
                parts.append("<td>—</td>")
            # Score, weight and contribution one per line by the stylesheet (white-space: pre-line): a newline
            # costs one byte where <br> costs four, in the thousands of cells of a long history.
            elif indicator_id in uniform:
                parts.append(f"<td>{texts[0]}<i>{texts[1]}\n{texts[3]}</i></td>")
            else:
                parts.append(f"<td>{texts[0]}<i>{texts[1]}\n{texts[2]}\n{texts[3]}</i></td>")
        return Markup("".join(parts))

    def chart_points(self, entries: Sequence[tuple[Period, BoardIndex]],
                     rows: Sequence[Mapping[str, Any] | None]) -> list[ChartPoint]:
        """The unit's rows on its main boards, as both charts draw them."""
        points = []
        for (period, index), row in zip(entries, rows, strict=True):
            if row is None or index.board.id != MAIN_BOARD:
                continue
            tiers = index.board.rules.tiers
            level = tiers.level(row["tier"])
            points.append(ChartPoint(period, float(row["score"]), fixed(row["score"], index.board.decimals),
                                     int(row["rank"]), int(row["group_size"]), tiers.shape_of(level),
                                     tiers.color_of(level)))
        return points

    def charts(self, points: Sequence[ChartPoint]) -> tuple[Markup, Markup]:
        """The unit's score and its rank on its main board over time: a line per period length, years and the
        periods of the finest length marked on the time axis (the same axis for both)."""
        tr = self.tr
        if not points:
            return Markup(""), Markup("")
        first = date(min(p.period.year for p in points), 1, 1)
        last = date(max(p.period.year for p in points) + 1, 1, 1)
        middles = [((p.period.start - first).days + (p.period.end - first).days + 1) / 2 for p in points]
        ticks = [((date(year, 1, 1) - first).days, str(year)) for year in range(first.year, last.year)]
        finest = next((kind for kind in ("month", "quarter", "half") if any(p.period.kind == kind for p in points)),
                      None)
        labels = [(x, short_label(p.period, tr)) for p, x in zip(points, middles, strict=True) if p.period.kind == finest]
        scores, ranks = [], []
        for kind, name in SERIES_NAMES.items():
            of_kind = [(p, x) for p, x in zip(points, middles, strict=True) if p.period.kind == kind]
            if not of_kind:
                continue
            scores.append(Series(tr(name), tuple(
                Point(p.period.id, x, p.score, tr("{period}：{score}，第 {rank}/{size} 名", period=self.period_label(p.period),
                                                  score=p.score_text, rank=p.rank, size=p.size), p.shape, p.color)
                for p, x in of_kind), DASHES[kind]))
            # The rank chart shows no tooltips: its points say nothing the score chart's do not.
            ranks.append(Series(tr(name), tuple(Point(p.period.id, x, float(p.rank), "", p.shape, p.color)
                                                for p, x in of_kind), DASHES[kind]))
        span = (last - first).days
        return (Markup(line_chart(scores, ticks, span, tr("得分走势"), labels=labels, axis_title=tr("综合得分"))),
                Markup(line_chart(ranks, ticks, span, tr("名次走势"), height=210,
                                  scale=rank_scale(max(p.size for p in points)), labels=labels, tooltips=False,
                                  axis_title=tr("名次（第 1 名在上）"))))

    def grade_lines(self, data: UnitData) -> tuple[GradeLine, ...]:
        tr = self.tr
        flags: dict[int, list[tuple[str, bool, str]]] = {}
        for year, flag_id, met, missing in data.flags:
            text = tr("缺少 {years} 年度等次", years=names(map(str, missing), tr)) if missing else ""
            flags.setdefault(year, []).append((self.flags[flag_id].label if flag_id in self.flags else flag_id, met, text))
        lines = []
        for year, grades in sorted(data.grades, key=lambda item: -item[0]):
            record = grades.records.get(data.unit.id)
            lines.append(GradeLine(year, record[1] if record else None,
                                   grade_rule(grades, data.unit.id, tr) if record else None, tuple(flags.get(year, ()))))
        return tuple(lines)

    def active_flags(self, data: UnitData) -> tuple[FlagView, ...]:
        if not data.grades:
            return ()
        latest = max(year for year, _ in data.grades)
        return tuple(self.flags[f] for year, f, met, _ in data.flags if year == latest and met and f in self.flags)

    def standing_lines(self, data: UnitData) -> tuple[StandingLine, ...]:
        tr = self.tr
        return tuple(StandingLine(p.id, p.label_message().text(tr), r.indicator_id, self.indicator_names[r.indicator_id][0],
                                  r.rank, r.out_of, tier_view(t, t.level(r.tier), tr))
                     for p, r, t in sorted(data.standings, key=lambda item: item[0], reverse=True))

    def task_lines(self, data: UnitData) -> tuple[TaskLine, ...]:
        return tuple(TaskLine(t[0], t[1], t[2], t[3], t[4], t[5], t[6], warning_text(t[7], t[8], t[9], self.tr))
                     for t in data.tasks)


def warning_text(kind: str | None, days: int, expected: int, tr: Translator) -> str | None:
    if kind == "overdue":
        return tr.plural("已逾期 {n} 天", "已逾期 {n} 天", days)
    if kind == "behind":
        return tr("进度滞后（应达 {expected}%）", expected=expected)
    return None


def grade_rule(grades: YearGrades, unit_id: str, tr: Translator) -> str | None:
    """How a unit's grade of a year came about: registered, or from a band (and demoted by the quota)."""
    record = grades.records.get(unit_id)
    if record is None:
        return None
    _, grade, band, demoted, source, band_min = record
    if source == "registered":
        return tr("登记等次（{source}）", source=grades.registered_source or "")
    band = band or grade
    text = tr("按分档：得分 ≥ {min} 为“{grade}”", min=plain(band_min), grade=band) if band_min is not None else \
        tr("按分档：其余为“{grade}”", grade=band)
    if demoted:
        check = next((c for c in grades.checks if unit_id in c.demoted), None)
        text += tr("；") + tr("“{from_grade}”超出比例（{group}上限 {limit} 个），按得分降为“{grade}”", from_grade=band,
                             group=check.group if check and check.group else "", limit=check.limit if check else "",
                             grade=grade)
    return text


def unit_page_builder(content: Content, outcome: Outcome, tr: Translator) -> UnitPage:
    flags = {f.id: FlagView(f.id, f.label, (content.config.grades.scale or ("",))[0] in f.grades) for f in content.config.flags}
    names = {i.id: (i.name, i.unit) for i in content.indicators_by_id.values()}
    return UnitPage(tr, flags, names, [i.id for i in content.indicators], outcome.today)
