"""Units in the worst tier of the main board in the latest three periods of one length running."""

from __future__ import annotations

from ..outcome import PeriodOutcome, UnitBoard
from ..periods import Period

KINDS = ("month", "quarter", "half", "year")


def _worst(board: UnitBoard) -> set[str]:
    worst = board.rules.tiers.levels[-1].id
    return set(board.rows.loc[board.rows["tier"] == worst, "unit_id"])


def worst_streaks(periods: tuple[PeriodOutcome, ...]) -> dict[str, tuple[Period, ...]]:
    mains = {p.period: p.main for p in periods if p.main is not None}
    streaks: dict[str, tuple[Period, ...]] = {}
    for kind in KINDS:
        latest = max((p for p in mains if p.kind == kind), default=None)
        if latest is None:
            continue
        window = (latest.previous().previous(), latest.previous(), latest)
        boards = [mains.get(p) for p in window]
        if any(b is None for b in boards):
            continue
        running = set.intersection(*(_worst(b) for b in boards if b is not None))
        latest_board = mains[latest]
        assert latest_board is not None
        for unit_id in latest_board.rows["unit_id"]:
            if unit_id in running:
                streaks.setdefault(unit_id, window)
    return streaks
