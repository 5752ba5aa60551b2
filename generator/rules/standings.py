"""Standings boards (SPEC 3.4): externally given ranks of indicators, tiered on rank and `out_of`."""

from __future__ import annotations

import numpy as np

from ..errors import Message
from ..model.config import Tiers
from ..model.types import StandingsSheet
from ..outcome import StandingRow, StandingsBoard
from .tiers import assign_tiers


def compute_standings_board(sheet: StandingsSheet, title: str | Message, tiers: Tiers) -> StandingsBoard:
    ranks = np.array([entry.rank for entry in sheet.entries], dtype="int64")
    sizes = np.array([entry.out_of for entry in sheet.entries], dtype="int64")
    decided = assign_tiers(tiers, ranks, sizes)
    rows = tuple(
        StandingRow(entry.indicator_id, entry.rank, entry.out_of, str(decided.level[i]), str(decided.condition[i]),
                    None if decided.threshold[i] is None else int(decided.threshold[i]), entry.responsible, entry.note)
        for i, entry in enumerate(sheet.entries)
    )
    return StandingsBoard(sheet.period, "standings", title, sheet.source, tiers, rows)
