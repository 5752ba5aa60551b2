"""A ranked, tiered board of units for one period (3.1–3.3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..config import RuleSet
from ..model import Indicator, ResultSheet, Unit, UnitEntry
from ..periods import Period
from .ranking import competition_ranks, rank_change, ranks
from .scoring import ScoreExplain, composite, final_score, minmax_peers
from .tiers import TierDecision, tier_for


@dataclass(frozen=True)
class UnitRow:
    unit_id: str
    group: str | None
    score: Decimal
    rank: int  # as configured (`min` or `dense`)
    competition_rank: int  # what tiers use
    group_size: int
    previous_rank: int | None
    rank_change: int | None
    tier: TierDecision
    values: Mapping[str, Decimal | None]  # indicator id -> normalised score (None: 不适用)
    explain: ScoreExplain
    note: str
    grade: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitBoard:
    period: Period
    id: str
    title: str
    source: str
    indicator_ids: tuple[str, ...]
    rules: RuleSet
    groups: tuple[str | None, ...]  # in display order
    rows: tuple[UnitRow, ...]  # by group, then rank, then `order`, then id
    absent: tuple[str, ...]  # unit ids not in the file: 未参评

    kind = "units"

    def row(self, unit_id: str) -> UnitRow | None:
        return next((row for row in self.rows if row.unit_id == unit_id), None)

    def rows_of(self, group: str | None) -> tuple[UnitRow, ...]:
        return tuple(row for row in self.rows if row.group == group)


def group_of(unit: Unit, within: str) -> str | None:
    return unit.columns.get(within) if within else None


def counted_values(
    sheet: ResultSheet, entry: UnitEntry, unit: Unit, indicators: Mapping[str, Indicator],
    board_indicators: Sequence[str] | None,
) -> dict[str, Decimal | None]:
    """The indicators that count for a unit: a column in the file (or the board's list) that applies."""
    wanted = board_indicators if board_indicators is not None else sheet.indicator_ids
    return {
        indicator_id: entry.values.get(indicator_id)
        for indicator_id in wanted
        if indicator_id in sheet.indicator_ids and indicators[indicator_id].applies(unit)
    }


def compute_unit_board(
    sheet: ResultSheet,
    title: str,
    units: Sequence[Unit],
    indicators: Mapping[str, Indicator],
    rules: RuleSet,
    board_indicators: Sequence[str] | None = None,
    previous: UnitBoard | None = None,
    midterm: Mapping[str, Decimal] | None = None,
) -> UnitBoard:
    """Score, rank and tier every unit of `sheet` within its ranking group."""
    units_by_id = {unit.id: unit for unit in units}
    within = rules.ranking.within
    entries = {entry.unit_id: entry for entry in sheet.entries}
    values = {
        unit_id: counted_values(sheet, entry, units_by_id[unit_id], indicators, board_indicators)
        for unit_id, entry in entries.items()
    }
    # A unit for which no indicator counts is not ranked: it has nothing to be compared on.
    ranked_ids = [unit_id for unit_id in entries if any(v is not None for v in values[unit_id].values())]
    groups_by_unit = {unit_id: group_of(units_by_id[unit_id], within) for unit_id in ranked_ids}
    peers = minmax_peers({u: values[u] for u in ranked_ids}, groups_by_unit)

    explains: dict[str, ScoreExplain] = {}
    for unit_id in ranked_ids:
        group = groups_by_unit[unit_id]
        unit_peers = {i: peers.get((group, i), []) for i in values[unit_id]}
        total, parts, weights = composite(values[unit_id], indicators, rules.scoring, unit_peers)
        entry = entries[unit_id]
        explains[unit_id] = final_score(
            total, parts, weights, rules.scoring, entry.bonus, entry.penalty,
            midterm_composite=midterm.get(unit_id) if midterm is not None else None,
        )

    group_order = _group_order(units, within)
    rows: list[UnitRow] = []
    for group in group_order:
        members = [u for u in ranked_ids if groups_by_unit[u] == group]
        scores = [explains[u].score for u in members]
        shown = ranks(scores, rules.ranking.ties)
        competition = competition_ranks(scores)
        for unit_id, rank, comp in zip(members, shown, competition, strict=True):
            previous_row = previous.row(unit_id) if previous else None
            previous_rank = previous_row.rank if previous_row else None
            explain = explains[unit_id]
            rows.append(
                UnitRow(
                    unit_id=unit_id,
                    group=group,
                    score=explain.score,
                    rank=rank,
                    competition_rank=comp,
                    group_size=len(members),
                    previous_rank=previous_rank,
                    rank_change=rank_change(previous_rank, rank),
                    tier=tier_for(rules.tiers, comp, len(members), explain.score),
                    values={p.indicator_id: p.normalised for p in explain.parts},
                    explain=explain,
                    note=entries[unit_id].note,
                )
            )
    order = {unit.id: (unit.order, unit.id) for unit in units}
    group_index = {group: index for index, group in enumerate(group_order)}
    rows.sort(key=lambda r: (group_index[r.group], r.rank, order[r.unit_id]))
    present_groups = tuple(g for g in group_order if any(r.group == g for r in rows))
    absent = tuple(sorted((u.id for u in units if u.id not in ranked_ids), key=lambda i: order[i]))
    return UnitBoard(
        period=sheet.period,
        id=sheet.board,
        title=title,
        source=sheet.source,
        indicator_ids=tuple(board_indicators) if board_indicators is not None else sheet.indicator_ids,
        rules=rules,
        groups=present_groups,
        rows=tuple(rows),
        absent=absent,
    )


def _group_order(units: Sequence[Unit], within: str) -> list[str | None]:
    """Groups in the order they first appear in units.csv (sorted by `order`)."""
    seen: list[str | None] = []
    for unit in sorted(units, key=lambda u: (u.order, u.id)):
        group = group_of(unit, within)
        if group not in seen:
            seen.append(group)
    return seen
