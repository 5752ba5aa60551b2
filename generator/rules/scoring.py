"""The score of a unit for a period (3.1): normalise, weigh, blend, add bonus/penalty, round."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from ..config import Category, Scoring
from ..model import Indicator
from .numbers import PRECISION, clip, round_half_up

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Part:
    """One indicator's share in a unit's score."""

    indicator_id: str
    category_id: str
    raw: Decimal | None  # None: 不适用 for this unit
    normalised: Decimal | None
    weight: Decimal  # effective weight in the composite (category share × indicator share); sums to 1
    contribution: Decimal  # weight × normalised


@dataclass(frozen=True)
class ScoreExplain:
    method: str
    parts: tuple[Part, ...]
    category_weights: tuple[tuple[str, Decimal], ...]  # categories the unit has, weights normalised to 1
    composite: Decimal
    midterm_weight: Decimal | None
    midterm_composite: Decimal | None
    blended: Decimal
    bonus: Decimal
    penalty: Decimal
    unrounded: Decimal
    score: Decimal
    decimals: int


def normalise(method: str, value: Decimal, indicator: Indicator, peers: Sequence[Decimal]) -> Decimal:
    """Map a raw value to 0–100 (`raw` excepted, which is taken as it is)."""
    if method == "raw":
        return value
    return _to_decimal(_normalise_exact(method, value, indicator, peers))


# Scores are computed exactly, in fractions, and turned into decimals only to be shown or rounded:
# weights such as 0.35 / 0.65 = 7/13 have no finite decimal expansion, and a sum of such terms
# truncated to any precision can land just below a half (65.25499… instead of 65.255).
def _normalise_exact(method: str, value: Decimal, indicator: Indicator, peers: Sequence[Decimal]) -> Fraction:
    if method == "raw":
        return Fraction(value)
    if method == "minmax":
        return _minmax(Fraction(value), indicator.direction, [Fraction(p) for p in peers])
    if method == "efficacy":
        return _efficacy(Fraction(value), indicator)
    return _target(Fraction(value), indicator)


def _to_decimal(value: Fraction) -> Decimal:
    """Exact whenever the fraction has a finite decimal expansion (within PRECISION digits)."""
    with localcontext(PRECISION):
        return Decimal(value.numerator) / Decimal(value.denominator)


def _minmax(value: Fraction, direction: str, peers: Sequence[Fraction]) -> Fraction:
    low, high = min(peers), max(peers)
    if high == low:
        return Fraction(100)
    if direction == "lower":
        return (high - value) / (high - low) * 100
    return (value - low) / (high - low) * 100


def _efficacy(value: Fraction, indicator: Indicator) -> Fraction:
    # 功效系数法. (x − floor)/(target − floor) serves both directions: for lower-is-better the
    # target is below the floor, so both differences change sign together.
    assert indicator.target is not None and indicator.floor is not None
    floor, target = Fraction(indicator.floor), Fraction(indicator.target)
    ratio = (value - floor) / (target - floor)
    return 60 + 40 * clip(ratio, Fraction(0), Fraction(1))


def _target(value: Fraction, indicator: Indicator) -> Fraction:
    assert indicator.target is not None
    target = Fraction(indicator.target)
    if indicator.direction == "lower":
        if value == 0:
            return Fraction(100)
        share = min(target / value, Fraction(1))
    else:
        share = min(value / target, Fraction(1))
    return max(100 * share, Fraction(0))


def category_of(indicator: Indicator, categories: Sequence[Category] | None) -> Category:
    """The category an indicator belongs to: by id or name; without `categories`, each weighs 1."""
    for category in categories or ():
        if indicator.category in (category.id, category.name):
            return category
    if categories:
        raise KeyError(indicator.category)
    return Category.model_construct(id=indicator.category, name=indicator.category, weight=Decimal(1))


def minmax_peers(
    entries: Mapping[str, Mapping[str, Decimal | None]],
    group_of: Mapping[str, str | None],
) -> dict[tuple[str | None, str], list[Decimal]]:
    """Values per (ranking group, indicator), over the units that have a value."""
    peers: dict[tuple[str | None, str], list[Decimal]] = {}
    for unit_id, values in entries.items():
        for indicator_id, value in values.items():
            if value is not None:
                peers.setdefault((group_of[unit_id], indicator_id), []).append(value)
    return peers


def composite(
    values: Mapping[str, Decimal | None],
    indicators: Mapping[str, Indicator],
    scoring: Scoring,
    peers: Mapping[str, Sequence[Decimal]],
) -> tuple[Decimal, tuple[Part, ...], tuple[tuple[str, Decimal], ...]]:
    """Σ category share × indicator share × normalised value, over the indicators the unit has.

    `values` holds only indicators that count for this unit (applicable ones); None = 不适用.
    """
    with localcontext(PRECISION):
        counted = {i: v for i, v in values.items() if v is not None}
        by_category: dict[str, list[str]] = {}
        category_weight: dict[str, Decimal] = {}
        for indicator_id in counted:
            category = category_of(indicators[indicator_id], scoring.categories)
            by_category.setdefault(category.id, []).append(indicator_id)
            category_weight[category.id] = category.weight
        total_category_weight = sum((Fraction(w) for w in category_weight.values()), Fraction(0))
        shares: dict[str, Fraction] = {}
        for category_id, members in by_category.items():
            member_weight = sum((Fraction(indicators[i].weight) for i in members), Fraction(0))
            for indicator_id in members:
                shares[indicator_id] = (
                    Fraction(category_weight[category_id]) / total_category_weight
                    * Fraction(indicators[indicator_id].weight) / member_weight
                )
        parts = []
        total = Fraction(0)
        for indicator_id, value in values.items():
            category = category_of(indicators[indicator_id], scoring.categories)
            if value is None:
                parts.append(Part(indicator_id, category.id, None, None, ZERO, ZERO))
                continue
            unit_peers = peers.get(indicator_id, [value])
            exact = _normalise_exact(scoring.normalize, value, indicators[indicator_id], unit_peers)
            normalised = value if scoring.normalize == "raw" else _to_decimal(exact)
            contribution = shares[indicator_id] * exact
            total += contribution
            parts.append(
                Part(indicator_id, category.id, value, normalised, _to_decimal(shares[indicator_id]), _to_decimal(contribution))
            )
        weights = tuple(
            (cid, _to_decimal(Fraction(category_weight[cid]) / total_category_weight)) for cid in by_category
        )
        return _to_decimal(total), tuple(parts), weights


def final_score(
    composite_value: Decimal,
    parts: tuple[Part, ...],
    category_weights: tuple[tuple[str, Decimal], ...],
    scoring: Scoring,
    bonus: Decimal,
    penalty: Decimal,
    midterm_composite: Decimal | None = None,
) -> ScoreExplain:
    """Blend in the mid-year composite, add bonus, subtract penalty, round half-up before ranking."""
    with localcontext(PRECISION):
        weight = scoring.midterm_weight if midterm_composite is not None else None
        blended = composite_value
        if weight is not None and midterm_composite is not None:
            blended = (Decimal(1) - weight) * composite_value + weight * midterm_composite
        unrounded = blended + bonus - penalty
        return ScoreExplain(
            method=scoring.normalize,
            parts=parts,
            category_weights=category_weights,
            composite=composite_value,
            midterm_weight=weight,
            midterm_composite=midterm_composite,
            blended=blended,
            bonus=bonus,
            penalty=penalty,
            unrounded=unrounded,
            score=round_half_up(unrounded, scoring.decimals),
            decimals=scoring.decimals,
        )
