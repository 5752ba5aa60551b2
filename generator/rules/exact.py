"""Scores in exact arithmetic (fractions): the reference that the vectorised float path is proven against,
and what recomputes the values that lie near a rounding boundary — only those: a cell's normalised value
or contribution alone, a unit's weights from its pattern of indicators, a unit's composite when its own
total is in doubt.

Weights such as 0.35 / 0.65 = 7/13 have no finite decimal expansion; a sum of such terms truncated to any
precision can land just below a half (65.25499… instead of 65.255), so nothing here is ever truncated.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow, localcontext
from fractions import Fraction

import numpy as np
import pandas as pd

from ..model.config import Scoring
from ..model.indicators import category_of
from ..model.types import Indicator


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


# Decimal arithmetic that refuses to round: a result it gives is exact, and any operation that would need
# rounding raises Inexact, whereupon the same value is computed in fractions. Decimals are many times faster
# than fractions, and most inputs (one- or two-decimal values, targets and floors of round numbers) keep
# every intermediate a terminating decimal.
_EXACT = Context(prec=80, traps=[Inexact, Overflow, InvalidOperation, DivisionByZero])
Exact = Decimal | Fraction


def _fraction(value: Exact) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def times(a: Exact, b: Exact) -> Exact:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        try:
            with localcontext(_EXACT):
                return a * b
        except Inexact:
            pass
    return _fraction(a) * _fraction(b)


def total(values: list[Exact]) -> Exact:
    if all(isinstance(v, Decimal) for v in values):
        try:
            with localcontext(_EXACT):
                return sum(values, Decimal(0))
        except Inexact:
            pass
    return sum((_fraction(v) for v in values), Fraction(0))


def _decimal_normalise(method: str, value: Decimal, indicator: Indicator, low: Decimal | None,
                       high: Decimal | None) -> Decimal:
    """As `normalise`, in decimals; raises Inexact when a step would have to round."""
    with localcontext(_EXACT):
        if method == "raw":
            return value
        if method == "minmax":
            assert low is not None and high is not None
            if high == low:
                return Decimal(100)
            return ((high - value) if indicator.direction == "lower" else (value - low)) / (high - low) * 100
        if method == "efficacy":
            assert indicator.target is not None and indicator.floor is not None
            ratio = (value - indicator.floor) / (indicator.target - indicator.floor)
            return 60 + 40 * min(max(ratio, Decimal(0)), Decimal(1))
        assert indicator.target is not None
        if indicator.direction == "lower":
            if value == 0:
                return Decimal(100)
            share = min(indicator.target / value, Decimal(1))
        else:
            share = min(value / indicator.target, Decimal(1))
        return max(100 * share, Decimal(0))


class ExactSheet:
    """The exact values of one scored file (`scoring.Scored`), computed on demand and remembered."""

    def __init__(self, cells: pd.DataFrame, units: pd.DataFrame, scoring: Scoring,
                 indicators: Mapping[str, Indicator]) -> None:
        self.cells = cells
        self.scoring = scoring
        self.indicators = indicators
        self._units = {u: (b, p) for u, b, p in zip(units["unit_id"], units["bonus_text"], units["penalty_text"], strict=True)}
        self._cells_of = {u: np.asarray(i) for u, i in cells.groupby("unit_id", sort=False).indices.items()}
        self._ids = cells["indicator_id"].to_numpy()
        self._texts = cells["raw_text"].to_numpy()
        self._applicable = cells["applicable"].to_numpy()
        self._groups = cells["group"].to_numpy()
        self._extremes: dict[tuple[object, str], tuple[Decimal, Decimal]] = {}
        self._shares: dict[tuple[str, ...], tuple[dict[str, Exact], dict[str, Exact]]] = {}
        self._normalised: dict[int, Exact] = {}
        self._patterns: dict[str, tuple[str, ...]] = {}

    @staticmethod
    def number(text: str) -> Decimal:
        return Decimal(text)

    def _extreme(self, group: object, indicator_id: str) -> tuple[Decimal, Decimal]:
        key = (group, indicator_id)
        if key not in self._extremes:
            mask = (self._ids == indicator_id) & self._applicable & np.array([g == group for g in self._groups])
            values = [Decimal(t) for t in self._texts[mask]]
            self._extremes[key] = (min(values), max(values))
        return self._extremes[key]

    def normalised(self, index: int) -> Exact | None:
        """The exact 0–100 score of cell `index` (a position in `cells`); None when it is 不适用."""
        if not self._applicable[index]:
            return None
        if index not in self._normalised:
            indicator = self.indicators[self._ids[index]]
            low = high = None
            if self.scoring.normalize == "minmax":
                low, high = self._extreme(self._groups[index], indicator.id)
            value = Decimal(self._texts[index])
            try:
                found: Exact = _decimal_normalise(self.scoring.normalize, value, indicator, low, high)
            except Inexact:
                found = normalise(self.scoring.normalize, Fraction(value), indicator,
                                  None if low is None else Fraction(low), None if high is None else Fraction(high))
            self._normalised[index] = found
        return self._normalised[index]

    def shares(self, unit_id: str) -> tuple[dict[str, Exact], dict[str, Exact]]:
        """(indicator id -> effective weight, category id -> normalised category weight) of a unit; units
        with the same counted indicators share them."""
        pattern = self._patterns.get(unit_id)
        if pattern is None:
            positions = self._cells_of[unit_id]
            pattern = self._patterns[unit_id] = tuple(self._ids[positions[self._applicable[positions]]])
        if pattern not in self._shares:
            members: dict[str, list[str]] = {}
            category_weight: dict[str, Fraction] = {}
            for indicator_id in pattern:
                category = category_of(self.indicators[indicator_id], self.scoring.categories)
                members.setdefault(category.id, []).append(indicator_id)
                category_weight[category.id] = Fraction(category.weight)
            weight_total = sum(category_weight.values(), Fraction(0))
            weights: dict[str, Exact] = {}
            for category_id, ids in members.items():
                inside = sum((Fraction(self.indicators[i].weight) for i in ids), Fraction(0))
                for indicator_id in ids:
                    weights[indicator_id] = _short(category_weight[category_id] / weight_total
                                                   * Fraction(self.indicators[indicator_id].weight) / inside)
            self._shares[pattern] = (weights, {c: _short(w / weight_total) for c, w in category_weight.items()})
        return self._shares[pattern]

    def contribution(self, index: int, unit_id: str) -> Exact:
        value = self.normalised(index)
        return Decimal(0) if value is None else times(self.shares(unit_id)[0][self._ids[index]], value)

    def composite(self, unit_id: str) -> Exact:
        return total([self.contribution(int(i), unit_id) for i in self._cells_of[unit_id]])

    def unrounded(self, unit_id: str, blended: Exact) -> Exact:
        bonus, penalty = self._units[unit_id]
        return total([blended, Decimal(bonus), -Decimal(penalty)])

    def positions(self, unit_id: str) -> np.ndarray:
        return self._cells_of[unit_id]


def _short(value: Fraction) -> Exact:
    """A fraction as a decimal when it has a short exact one (weights usually do: 0.35 × 3/15 = 0.07)."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return value
    with localcontext(_EXACT):
        return Decimal(value.numerator) / Decimal(value.denominator)


def blend(composite: Exact, midterm: Exact | None, weight: Exact | None) -> Exact:
    """The mid-year blend, on the H1 composite before its own bonus and penalty."""
    if midterm is None or weight is None:
        return composite
    return total([times(1 - weight, composite), times(weight, midterm)])
