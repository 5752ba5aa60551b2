"""An independent reference for SPEC 3.1, written from its words in `Fraction`s: what every published number
of a board must round from. It shares no code with generator/rules."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from generator.model.config import Category, RuleSet
from generator.model.types import Indicator, ResultSheet, Unit

D = Decimal
F = Fraction


def half_up(value: Fraction, decimals: int) -> Fraction:
    """Round half away from zero, in integers: sign × floor(|v| × 10ᵈ + ½) / 10ᵈ."""
    scale = 10**decimals
    magnitude = F(math.floor(abs(value) * scale + F(1, 2)), scale)
    return magnitude if value >= 0 else -magnitude


def oracle_normalise(method: str, x: Fraction, indicator: Indicator, low: Fraction, high: Fraction) -> Fraction:
    """SPEC 3.1.1 word for word."""
    if method == "raw":
        return x
    if method == "minmax":
        if high == low:
            return F(100)
        if indicator.direction == "lower":
            return (high - x) / (high - low) * 100
        return (x - low) / (high - low) * 100
    assert indicator.target is not None
    target = F(indicator.target)
    if method == "efficacy":
        assert indicator.floor is not None
        floor = F(indicator.floor)
        return 60 + 40 * min(max((x - floor) / (target - floor), F(0)), F(1))
    if indicator.direction == "lower":
        if x == 0:
            return F(100)
        return max(100 * min(target / x, F(1)), F(0))
    return max(100 * min(x / target, F(1)), F(0))


def category_weight(indicator: Indicator, categories: Sequence[Category] | None) -> tuple[str, Fraction]:
    for category in categories or ():
        if indicator.category in (category.id, category.name):
            return category.id, F(category.weight)
    assert not categories
    return indicator.category, F(1)


def oracle(s: ResultSheet, units: Sequence[Unit], indicators: Mapping[str, Indicator], rules: RuleSet,
           h1: Mapping[str, Fraction] | None = None) -> dict[str, dict[str, object]]:
    """unit id -> exact composite, unrounded score, weights and normalised values of each counted cell."""
    kinds = {u.id: u for u in units}
    within = rules.ranking.within
    group = {u.id: (u.columns.get(within) if within else None) for u in units}
    cells = {(u, i): (None if t == "" else F(D(t))) for u, i, t in zip(s.values["unit_id"], s.values["indicator_id"],
                                                                       s.values["text"], strict=True)}
    ranked = [u for u in s.entries["unit_id"] if any(v is not None for (c, _), v in cells.items() if c == u)]
    result: dict[str, dict[str, object]] = {}
    for unit_id in ranked:
        counted = [i for i in s.indicator_ids if indicators[i].applies(kinds[unit_id])
                   and cells.get((unit_id, i)) is not None]
        categories: dict[str, Fraction] = {}
        inside: dict[str, Fraction] = {}
        for i in counted:
            cid, w = category_weight(indicators[i], rules.scoring.categories)
            categories[cid] = w
            inside[cid] = inside.get(cid, F(0)) + F(indicators[i].weight)
        total_category = sum(categories.values(), F(0))
        normalised, weights, contributions = {}, {}, {}
        for i in counted:
            peers = [v for (u, j), v in cells.items() if j == i and v is not None and u in ranked
                     and group[u] == group[unit_id]]
            value = cells[(unit_id, i)]
            assert value is not None
            normalised[i] = oracle_normalise(rules.scoring.normalize, value, indicators[i], min(peers), max(peers))
            cid, w = category_weight(indicators[i], rules.scoring.categories)
            weights[i] = w / total_category * F(indicators[i].weight) / inside[cid]
            contributions[i] = weights[i] * normalised[i]
        composite = sum(contributions.values(), F(0))
        blended = composite
        if h1 is not None:
            w = F(rules.scoring.midterm_weight or 0)
            blended = (1 - w) * composite + w * h1[unit_id]
        entry = s.entries.set_index("unit_id").loc[unit_id]
        unrounded = blended + F(D(entry["bonus_text"])) - F(D(entry["penalty_text"]))
        result[unit_id] = {"composite": composite, "blended": blended, "unrounded": unrounded,
                           "normalised": normalised, "weights": weights, "contributions": contributions,
                           "categories": {c: w / total_category for c, w in categories.items()}}
    return result
