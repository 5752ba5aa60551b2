"""Tiers (SPEC 3.3). Levels with a condition from the top (top, top_pct, min_score) are tried best first;
then levels with a condition from the bottom (bottom, bottom_pct) worst first, from the end of the list; a
row takes the first level whose condition it meets, and the level without a condition takes the rest.
Tiers use competition ranks (1, 2, 2, 4) whatever `ranking.ties` shows, so ties never empty a band."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from ..model.config import TierLevel, Tiers
from .numbers import percent_count


@dataclass(frozen=True)
class TierColumns:
    level: np.ndarray  # level id per row
    condition: np.ndarray  # the condition that applied ("" for the rest)
    threshold: np.ndarray  # object: the rank or score bound that applied, or None


def _bound(level: TierLevel, sizes: np.ndarray) -> np.ndarray:
    """The rank (or score) bound of `level`'s condition in groups of `sizes`."""
    assert level.condition is not None
    name, value = level.condition
    if name == "top":
        return np.full(len(sizes), int(value), dtype=object)
    if name == "bottom":
        return (sizes - int(value)).astype(object)
    if name in ("top_pct", "bottom_pct"):
        counts = {int(size): percent_count(Decimal(value), int(size)) for size in np.unique(sizes)}
        covered = np.array([counts[int(size)] for size in sizes], dtype=object)
        return covered if name == "top_pct" else (sizes.astype(object) - covered)
    return np.full(len(sizes), Decimal(value), dtype=object)


def _meets(level: TierLevel, bound: np.ndarray, ranks: np.ndarray, scores: np.ndarray | None) -> np.ndarray:
    assert level.condition is not None
    name = level.condition[0]
    if name in ("top", "top_pct"):
        return ranks <= bound.astype("int64")
    if name in ("bottom", "bottom_pct"):
        return ranks > bound.astype("int64")
    if scores is None:
        return np.zeros(len(ranks), dtype=bool)
    return scores >= bound.astype("float64")


def assign_tiers(tiers: Tiers, ranks: np.ndarray, sizes: np.ndarray, scores: np.ndarray | None = None) -> TierColumns:
    """Each row's level, from its competition rank within a group of `sizes` (and its score for
    `min_score`; scores are the rounded published scores, compared with the bound as decimals)."""
    count = len(ranks)
    level = np.full(count, None, dtype=object)
    condition = np.full(count, "", dtype=object)
    threshold = np.full(count, None, dtype=object)
    top_levels = [lv for lv in tiers.levels if lv.from_top]
    bottom_levels = [lv for lv in reversed(tiers.levels) if lv.condition is not None and not lv.from_top]
    for candidate in (*top_levels, *bottom_levels):
        bound = _bound(candidate, sizes)
        if candidate.condition is not None and candidate.condition[0] == "min_score" and scores is not None:
            # as decimals: a published score's repr is its decimal (≤ 15 significant digits), while a bound
            # may hold more digits than a float (90.000000000000000001 > 90.00)
            met = np.array([Decimal(repr(float(score))) >= b for score, b in zip(scores, bound, strict=True)], dtype=bool)
        else:
            met = _meets(candidate, bound, ranks, scores)
        chosen = met & (level == None)  # noqa: E711 - an object array compared element-wise
        level[chosen] = candidate.id
        assert candidate.condition is not None
        condition[chosen] = candidate.condition[0]
        threshold[chosen] = bound[chosen]
    rest = next(lv for lv in tiers.levels if lv.condition is None)
    level[level == None] = rest.id  # noqa: E711
    return TierColumns(level, condition, threshold)


def is_worst(tiers: Tiers, level_id: str) -> bool:
    return tiers.levels[-1].id == level_id


def is_best(tiers: Tiers, level_id: str) -> bool:
    return tiers.levels[0].id == level_id
