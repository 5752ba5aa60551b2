"""Standings boards (3.4): externally given ranks of indicators, tiered on rank and `out_of`."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Tiers
from ..model import StandingsSheet
from ..periods import Period
from .tiers import TierDecision, is_best, is_worst, tier_for


@dataclass(frozen=True)
class StandingRow:
    indicator_id: str
    rank: int
    out_of: int
    tier: TierDecision
    responsible: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class StandingsBoard:
    period: Period
    id: str
    title: str
    source: str
    tiers: Tiers
    rows: tuple[StandingRow, ...]  # in file order, as the city published them

    kind = "standings"

    @property
    def promote(self) -> tuple[StandingRow, ...]:
        """经验推广: rows of the best level."""
        return tuple(row for row in self.rows if is_best(self.tiers, row.tier.level.id))

    @property
    def summon(self) -> tuple[StandingRow, ...]:
        """约谈督促: rows of the worst level."""
        return tuple(row for row in self.rows if is_worst(self.tiers, row.tier.level.id))

    def rows_for_unit(self, unit_id: str) -> tuple[StandingRow, ...]:
        return tuple(row for row in self.rows if unit_id in row.responsible)


def compute_standings_board(sheet: StandingsSheet, title: str, tiers: Tiers) -> StandingsBoard:
    rows = tuple(
        StandingRow(
            indicator_id=entry.indicator_id,
            rank=entry.rank,
            out_of=entry.out_of,
            tier=tier_for(tiers, entry.rank, entry.out_of),
            responsible=entry.responsible,
            note=entry.note,
        )
        for entry in sheet.entries
    )
    return StandingsBoard(sheet.period, "standings", title, sheet.source, tiers, rows)
