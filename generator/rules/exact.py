"""The score of one unit in exact arithmetic (fractions): the reference that the vectorised float path is
proven against, and what recomputes the rare values that lie near a rounding boundary.

Weights such as 0.35 / 0.65 = 7/13 have no finite decimal expansion; a sum of such terms truncated to any
precision can land just below a half (65.25499… instead of 65.255), so nothing here is ever truncated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..model.config import Scoring
from ..model.indicators import category_of
from ..model.types import Indicator


@dataclass(frozen=True)
class ExactScore:
    normalised: Mapping[str, Fraction]  # indicator id -> 0–100 score (the value itself for `raw`)
    weights: Mapping[str, Fraction]  # effective weight in the composite
    contributions: Mapping[str, Fraction]
    category_weights: Mapping[str, Fraction]  # normalised over the unit's categories
    composite: Fraction
    blended: Fraction
    unrounded: Fraction


def normalise(method: str, value: Fraction, indicator: Indicator, low: Fraction | None = None,
              high: Fraction | None = None) -> Fraction:
    """Map a raw value to 0–100 (`raw` excepted, which is taken as it is); `low`/`high`: the group's
    extremes for `minmax`."""
    if method == "raw":
        return value
    if method == "minmax":
        assert low is not None and high is not None
        if high == low:
            return Fraction(100)
        if indicator.direction == "lower":
            return (high - value) / (high - low) * 100
        return (value - low) / (high - low) * 100
    if method == "efficacy":
        # 功效系数法. (x − floor)/(target − floor) serves both directions: for lower-is-better the target is
        # below the floor, so both differences change sign together.
        assert indicator.target is not None and indicator.floor is not None
        floor, target = Fraction(indicator.floor), Fraction(indicator.target)
        ratio = (value - floor) / (target - floor)
        return 60 + 40 * min(max(ratio, Fraction(0)), Fraction(1))
    assert indicator.target is not None
    target = Fraction(indicator.target)
    if indicator.direction == "lower":
        if value == 0:
            return Fraction(100)
        share = min(target / value, Fraction(1))
    else:
        share = min(value / target, Fraction(1))
    return max(100 * share, Fraction(0))


def composite(values: Mapping[str, Decimal | None], indicators: Mapping[str, Indicator], scoring: Scoring,
              peers: Mapping[str, Sequence[Decimal]]) -> tuple[Fraction, dict[str, Fraction], dict[str, Fraction],
                                                              dict[str, Fraction], dict[str, Fraction]]:
    """Σ category share × indicator share × normalised value over the indicators the unit has.

    `values`: the counted indicators (None = 不适用); `peers`: per indicator, the group's values (minmax).
    Returns (composite, normalised, weights, contributions, category weights)."""
    counted = {i: Fraction(v) for i, v in values.items() if v is not None}
    by_category: dict[str, list[str]] = {}
    category_weight: dict[str, Fraction] = {}
    for indicator_id in counted:
        category = category_of(indicators[indicator_id], scoring.categories)
        by_category.setdefault(category.id, []).append(indicator_id)
        category_weight[category.id] = Fraction(category.weight)
    total_weight = sum(category_weight.values(), Fraction(0))
    normalised: dict[str, Fraction] = {}
    weights: dict[str, Fraction] = {}
    contributions: dict[str, Fraction] = {}
    for category_id, members in by_category.items():
        member_weight = sum((Fraction(indicators[i].weight) for i in members), Fraction(0))
        for indicator_id in members:
            share = category_weight[category_id] / total_weight * Fraction(indicators[indicator_id].weight) / member_weight
            group = [Fraction(p) for p in peers.get(indicator_id, ())] or [counted[indicator_id]]
            value = normalise(scoring.normalize, counted[indicator_id], indicators[indicator_id], min(group), max(group))
            normalised[indicator_id] = value
            weights[indicator_id] = share
            contributions[indicator_id] = share * value
    categories = {cid: w / total_weight for cid, w in category_weight.items()}
    return sum(contributions.values(), Fraction(0)), normalised, weights, contributions, categories


def score(values: Mapping[str, Decimal | None], indicators: Mapping[str, Indicator], scoring: Scoring,
          peers: Mapping[str, Sequence[Decimal]], bonus: Decimal, penalty: Decimal,
          midterm: Fraction | None = None) -> ExactScore:
    """Composite, then the mid-year blend (on the H1 composite before its own bonus/penalty), then bonus and
    penalty, all exactly."""
    total, normalised, weights, contributions, categories = composite(values, indicators, scoring, peers)
    blended = total
    if midterm is not None and scoring.midterm_weight is not None:
        weight = Fraction(scoring.midterm_weight)
        blended = (1 - weight) * total + weight * midterm
    unrounded = blended + Fraction(bonus) - Fraction(penalty)
    return ExactScore(normalised, weights, contributions, categories, total, blended, unrounded)
