"""Tiers (3.3): the first level whose condition a row meets; the unconditioned level takes the rest."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..config import TierLevel, Tiers
from .numbers import percent_count


@dataclass(frozen=True)
class TierDecision:
    level: TierLevel
    condition: str | None  # e.g. "top_pct" or None for the level that takes the rest
    threshold: Decimal | int | None  # the rank or score bound that applied (top_pct 30 of 7 -> rank <= 3)


def meets(level: TierLevel, rank: int, size: int, score: Decimal | None) -> tuple[bool, Decimal | int | None]:
    """Whether a row with competition rank `rank` in a group of `size` meets `level`'s condition."""
    condition = level.condition
    if condition is None:
        return False, None
    name, value = condition
    if name == "top":
        return rank <= value, value
    if name == "bottom":
        return rank > size - int(value), size - int(value)
    if name == "top_pct":
        bound = percent_count(Decimal(value), size)
        return rank <= bound, bound
    if name == "bottom_pct":
        bound = size - percent_count(Decimal(value), size)
        return rank > bound, bound
    # min_score
    return score is not None and score >= Decimal(value), value


def tier_for(tiers: Tiers, rank: int, size: int, score: Decimal | None = None) -> TierDecision:
    """Tiers always use competition ranks, so that ties never empty a band."""
    for level in tiers.levels:
        matched, threshold = meets(level, rank, size, score)
        if matched:
            return TierDecision(level, level.condition[0] if level.condition else None, threshold)
    rest = next(level for level in tiers.levels if level.condition is None)
    return TierDecision(rest, None, None)


def is_worst(tiers: Tiers, level_id: str) -> bool:
    return tiers.levels[-1].id == level_id


def is_best(tiers: Tiers, level_id: str) -> bool:
    return tiers.levels[0].id == level_id
