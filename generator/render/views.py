"""Views of boards: what a page, a PDF and a download show of a board, formatted once.

A unit board's view holds, per row, the rank, score, tier and change, and per indicator the raw value as
reported and the 0–100 score it was converted to; the explanation of each row lives on the unit's page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from ..errors import Message
from ..i18n import N_, Translator
from ..model.config import TierLevel, Tiers
from ..model.indicators import category_of
from ..model.types import Content
from ..outcome import StandingsBoard, UnitBoard, col
from .format import fixed_all, plain, raw_html_of


def contrast_text(hex_color: str) -> str:
    """Black or white, whichever reads better on `hex_color` (WCAG relative luminance)."""
    color = hex_color.lstrip("#")
    if len(color) == 3:
        color = "".join(c * 2 for c in color)
    channels = [int(color[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


CONDITION_WORDS = {"top": N_("前 {n} 名"), "bottom": N_("后 {n} 名"), "top_pct": N_("前 {n}%"), "bottom_pct": N_("后 {n}%"),
                   "min_score": N_("得分 ≥ {n}")}
BASIS_WORDS = {"rank": N_("按名次"), "percentile": N_("按名次百分比"), "score": N_("按得分")}


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


def condition_text(level: TierLevel, tr: Translator) -> str:
    if level.condition is None:
        return tr("其余")
    name, value = level.condition
    return tr(CONDITION_WORDS[name], n=plain(Decimal(value)))


def tier_view(tiers: Tiers, level: TierLevel, tr: Translator) -> TierView:
    position = tiers.levels.index(level)
    color = tiers.color_of(level)
    return TierView(level.id, level.label, tiers.shape_of(level), color, contrast_text(color), position, position == 0,
                    position == len(tiers.levels) - 1, condition_text(level, tr))


def tier_style(tiers: Tiers) -> str:
    """The colours of a board's tiers as CSS custom properties for its table (validated hex colours only)."""
    parts = []
    for position, level in enumerate(tiers.levels):
        color = tiers.color_of(level)
        parts.append(f"--t{position}:{color};--t{position}t:{contrast_text(color)}")
    return ";".join(parts)


@dataclass(frozen=True)
class FlagView:
    id: str
    label: str
    positive: bool  # a flag on the best grade is a distinction; any other is a warning

    @property
    def short(self) -> str:
        return self.label.split("，")[0].split(",")[0]


@dataclass(frozen=True)
class IndicatorHead:
    id: str
    name: str
    unit: str
    category: str


@dataclass(frozen=True)
class RowView:
    unit_id: str
    unit: str
    group: str | None
    score: str
    rank: int
    group_size: int
    rank_change: int | None
    tier: TierView
    grade: str | None
    flags: tuple[FlagView, ...]
    cells: tuple[tuple[str, str], ...]  # per indicator: (raw value as reported, as HTML; 0–100 score); ("", "") = 不适用
    bonus: str
    penalty: str
    note: str
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
    tier_style: str
    indicators: tuple[IndicatorHead, ...] = ()
    groups: tuple[GroupView, ...] = ()
    absent: tuple[tuple[str, str], ...] = ()
    show: str = "both"  # what an indicator cell shows: "raw", "score" or "both"
    has_grades: bool = False
    has_bonus: bool = False
    has_penalty: bool = False
    has_notes: bool = False
    standings: tuple[StandingRowView, ...] = ()
    promote: tuple[StandingRowView, ...] = ()
    summon: tuple[StandingRowView, ...] = ()

    @property
    def rows(self) -> tuple[RowView, ...]:
        return tuple(row for group in self.groups for row in group.rows)

    @property
    def category_runs(self) -> list[tuple[str, int]]:
        """Consecutive indicator columns of the same category, for the two-row header."""
        runs: list[tuple[str, int]] = []
        for head in self.indicators:
            if runs and runs[-1][0] == head.category:
                runs[-1] = (head.category, runs[-1][1] + 1)
            else:
                runs.append((head.category, 1))
        return runs


def value_cells(row: RowView, show: str, not_applicable: str) -> Markup:
    """A row's indicator cells: the raw value, the score below it (or the one `show` names); "—" where the
    indicator does not apply. Built here rather than in a template: a board has thousands of them."""
    parts = []
    for raw, score in row.cells:
        if not raw and not score:
            parts.append(f'<td title="{not_applicable}">—</td>')
        elif show == "raw":
            parts.append(f"<td>{raw}</td>")
        elif show == "score":
            parts.append(f"<td>{score}</td>")
        else:
            parts.append(f"<td>{raw}<i>{score}</i></td>")
    return Markup("".join(parts))


def flag_html(flag: FlagView) -> str:
    kind = "flag-good" if flag.positive else "flag-bad"
    return (f'<span class="flag {kind}" title="{escape(flag.label)}">{"★" if flag.positive else "⚑"}'
            f"{escape(flag.short)}</span>")


def tier_cell_html(tier: TierView) -> str:
    return f'<td class="t t{tier.position}"><span aria-hidden="true">{escape(tier.shape)}</span>{escape(tier.label)}</td>'


def web_row(row: RowView, board: BoardView, root: str, erratum_word: str, not_applicable: str) -> Markup:
    """One row of a board on the web, as the board's template lays it out (built here rather than in the
    template: a board of a thousand units has a thousand of them)."""
    from .format import change_text

    flags = "".join(" " + flag_html(f) for f in row.flags)
    erratum = f' <span class="erratum" title="{escape(row.erratum)}">※{escape(erratum_word)}</span>' if row.erratum else ""
    parts = [f'<tr><td class="n">{row.rank}</td><td class="u"><a href="{root}units/{row.unit_id}/index.html'
             f'#p-{board.period_id}-{board.id}">{escape(row.unit)}</a>{flags}{erratum}</td><td class="n s">{row.score}</td>',
             tier_cell_html(row.tier), f'<td class="n">{change_text(row.rank_change)}</td>']
    if board.has_grades:
        parts.append(f"<td>{escape(row.grade or '')}</td>")
    parts.append(value_cells(row, board.show, not_applicable))
    if board.has_bonus:
        parts.append(f'<td class="n">{escape(row.bonus)}</td>')
    if board.has_penalty:
        parts.append(f'<td class="n">{escape(row.penalty)}</td>')
    if board.has_notes:
        parts.append(f'<td class="note">{escape(row.note)}</td>')
    parts.append("</tr>")
    return Markup("".join(parts))


def board_title(title: str | Message, tr: Translator) -> str:
    return title.text(tr) if isinstance(title, Message) else title


def board_name(title: str | Message, period_label: str, tr: Translator) -> str:
    """A board's name without its period, where the period is said beside it: 综合考核, or a themed board's
    own title (a frozen year's title is the text it was published with, its period cut off)."""
    if isinstance(title, Message):
        params = dict(title.params)
        if title.code == "title.main":
            return tr("综合考核")
        if "title" in params:
            return str(params["title"])
        return title.text(tr)
    return title.removeprefix(period_label).strip() or title


class Views:
    """Builds the views of boards from the outcome, in one language."""

    def __init__(self, content: Content, tr: Translator, errata: Mapping[tuple[str, str], str] | None = None) -> None:
        self.content = content
        self.tr = tr
        self.errata = errata or {}
        best = content.config.grades.scale[0] if content.config.grades.scale else ""
        self.flags = {f.id: FlagView(f.id, f.label, best in f.grades) for f in content.config.flags}
        self._made: dict[tuple[int, str, str], BoardView] = {}

    def legend(self, tiers: Tiers) -> tuple[TierView, ...]:
        return tuple(tier_view(tiers, level, self.tr) for level in tiers.levels)

    def board(self, board: UnitBoard | StandingsBoard, show: str | None = None) -> BoardView:
        """The view of a board, made once per build (a period's page, its year's page and the PDFs share it);
        its indicator cells show what `show` names, by default what site.toml says for the board
        (`[boards.<id>] show`, else `[display] show`)."""
        show = show or self.content.config.show(board.id)
        key = (id(board), board.digest, show)
        if key not in self._made:
            self._made[key] = self.standings(board) if isinstance(board, StandingsBoard) else self.units(board, show)
        return self._made[key]

    def units(self, board: UnitBoard, show: str = "both") -> BoardView:
        tr = self.tr
        tiers = board.rules.tiers
        legend = self.legend(tiers)
        by_id = {view.id: view for view in legend}
        content = self.content
        heads = tuple(IndicatorHead(i, content.indicator(i).name, content.indicator(i).unit,
                                    category_of(content.indicator(i), board.rules.scoring.categories).name)
                      for i in board.indicator_ids)
        d = board.decimals
        rows = board.rows
        parts = board.parts
        column = {indicator_id: n for n, indicator_id in enumerate(board.indicator_ids)}
        unit_codes = {u: n for n, u in enumerate(rows["unit_id"])}
        grid = [[("", "")] * len(column) for _ in range(len(rows))]
        raw_texts: dict[str, str] = {}
        if len(parts):
            scores = fixed_all(parts[col("normalised", d)].to_numpy(dtype="float64"), d)
            # Raw values as the file wrote them (canonical: no thousands separators or %).
            for u, i, raw, score, ok in zip(parts["unit_id"].tolist(), parts["indicator_id"].tolist(),
                                             parts["raw_text"].tolist(), scores, parts["applicable"].tolist(),
                                             strict=True):
                if ok and u in unit_codes and i in column:
                    grid[unit_codes[u]][column[i]] = (raw_texts.get(raw) or raw_texts.setdefault(raw, raw_html_of(raw)),
                                                      score)
        score_texts = fixed_all(rows["score"].to_numpy(dtype="float64"), d)
        changes = rows["rank_change"].astype(object).where(rows["rank_change"].notna(), None).tolist()
        views: list[RowView] = []
        columns = [rows[name].tolist() for name in ("unit_id", "group", "rank", "group_size", "tier", "grade", "flags",
                                                    "bonus_text", "penalty_text", "note")]
        for n, record in enumerate(zip(*columns, strict=True)):
            unit_id, group, rank, size, tier, grade, flags, bonus, penalty, note = record
            views.append(RowView(
                unit_id, content.unit(unit_id).name, group, score_texts[n], int(rank), int(size),
                None if changes[n] is None else int(changes[n]), by_id[tier], grade,
                tuple(self.flags[f] for f in flags if f in self.flags), tuple(grid[n]),
                "" if bonus in ("", "0") else plain(bonus), "" if penalty in ("", "0") else plain(penalty), note,
                self.errata.get((unit_id, board.period.id))))
        groups = tuple(GroupView(g, tuple(v for v in views if v.group == g)) for g in board.groups)
        return BoardView(
            id=board.id, kind="units", title=board_title(board.title, tr), period_id=board.period.id,
            period_label=board.period.label_message().text(tr), source=board.source, legend=legend,
            basis=tr(BASIS_WORDS[tiers.basis]), tier_style=tier_style(tiers), indicators=heads, groups=groups,
            absent=tuple((u, content.unit(u).name) for u in board.absent), show=show,
            has_grades=bool(rows["grade"].notna().any()) if len(rows) else False,
            has_bonus=any(v.bonus for v in views), has_penalty=any(v.penalty for v in views),
            has_notes=any(v.note for v in views))

    def standings(self, board: StandingsBoard) -> BoardView:
        tr = self.tr
        legend = self.legend(board.tiers)
        by_id = {view.id: view for view in legend}
        rows = tuple(StandingRowView(r.indicator_id, self.content.indicator(r.indicator_id).name, r.rank, r.out_of,
                                     by_id[r.tier], tuple((u, self.content.unit(u).name) for u in r.responsible), r.note)
                     for r in board.rows)
        by_indicator = {r.indicator_id: r for r in rows}
        return BoardView(
            id=board.id, kind="standings", title=board_title(board.title, tr), period_id=board.period.id,
            period_label=board.period.label_message().text(tr), source=board.source, legend=legend,
            basis=tr(BASIS_WORDS[board.tiers.basis]), tier_style=tier_style(board.tiers), standings=rows,
            promote=tuple(by_indicator[r.indicator_id] for r in board.promote),
            summon=tuple(by_indicator[r.indicator_id] for r in board.summon))


def tier_counts(view: BoardView) -> tuple[tuple[TierView, int], ...]:
    rows: Sequence[RowView | StandingRowView] = view.rows if view.kind == "units" else view.standings
    counts = {tier.id: 0 for tier in view.legend}
    for row in rows:
        counts[row.tier.id] += 1
    return tuple((tier, counts[tier.id]) for tier in view.legend)


__all__ = ["BoardView", "RowView", "TierView", "Views", "tier_counts", "value_cells"]
