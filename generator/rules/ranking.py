"""Ranks within groups (3.2): competition ranks (1, 2, 2, 4) and dense ranks (1, 2, 2, 3)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """Excel's RANK: one more than the number of strictly higher scores."""
    ordered = sorted(scores, reverse=True)
    first_position = {}
    for position, score in enumerate(ordered, start=1):
        first_position.setdefault(score, position)
    return [first_position[score] for score in scores]


def dense_ranks(scores: Sequence[Decimal]) -> list[int]:
    """One more than the number of distinct higher scores."""
    distinct = sorted(set(scores), reverse=True)
    place = {score: position for position, score in enumerate(distinct, start=1)}
    return [place[score] for score in scores]


def ranks(scores: Sequence[Decimal], ties: str) -> list[int]:
    return dense_ranks(scores) if ties == "dense" else competition_ranks(scores)


def rank_change(previous_rank: int | None, rank: int | None) -> int | None:
    """Positive when the unit moved up the table."""
    if previous_rank is None or rank is None:
        return None
    return previous_rank - rank
