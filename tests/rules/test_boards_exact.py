"""THE fast path against the exact path (SPEC 3.1.5): every published rounded number of a board must be the
digits that exact decimal arithmetic gives, whichever way it was computed.

`compute_unit_board(..., force_exact=True)` recomputes every value in decimals/fractions; the default path
rounds floats where their error bounds prove the digits and recomputes only the rest. The two must agree on
every `<quantity>@<decimals>` column (scores, explain fields: raw values, normalised values, weights,
contributions, composites, midterm, blended, unrounded, bonus, penalty), and on ranks and tiers.

Both are also checked against an independent oracle written here from the words of SPEC 3.1 in `Fraction`s,
so that a mistake shared by both program paths would not pass either.

Inputs are adversarial: weights such as 0.35 / 0.65 = 7/13 and equal thirds, values planted so that the
exact composite is a half at the rounding digit, 0–4 decimals, magnitudes up to 10⁹.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.model.config import Category, Ranking, RuleSet, Scoring, Tiers
from generator.model.types import Indicator, ResultSheet, Unit
from generator.outcome import UnitBoard
from generator.rules.boards import Midterm, compute_unit_board
from tests.rules.builders import ind, rank_tiers, sheet, unit

D = Decimal
F = Fraction


# ------------------------------------------------------------------------------------- the oracle


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


# -------------------------------------------------------------------------------------- strategies


CATEGORY_SETS = (
    None,  # every category weighs the same: thirds when a unit has three
    (Category(id="party", name="党的建设", weight=D("0.30")), Category(id="industry", name="主导产业", weight=D("0.35")),
     Category(id="tasks", name="部门任务", weight=D("0.35"))),  # 0.30/0.65 = 6/13, 0.35/0.65 = 7/13
    (Category(id="party", name="党的建设", weight=D(1)), Category(id="industry", name="主导产业", weight=D(1)),
     Category(id="tasks", name="部门任务", weight=D(1))),
    (Category(id="party", name="党的建设", weight=D(7)), Category(id="industry", name="主导产业", weight=D(13)),
     Category(id="tasks", name="部门任务", weight=D("0.001"))),
    (Category(id="party", name="党的建设", weight=D(1000000)), Category(id="industry", name="主导产业", weight=D(3)),
     Category(id="tasks", name="部门任务", weight=D("0.7"))),
)
WEIGHTS = ("1", "2", "3", "7", "13", "0.35", "0.65", "0.1", "1000000")
SPANS = ("40", "3", "7", "13", "0.3", "0.7", "1000000000", "0.0001")
FLOORS = ("0", "60", "3", "-7", "0.5", "100000000")


@st.composite
def indicator_set(draw: st.DrawFn, method: str) -> dict[str, Indicator]:
    count = draw(st.integers(1, 5))
    result = {}
    for n in range(count):
        direction = draw(st.sampled_from(["higher", "lower"]))
        target = floor = None
        if method == "efficacy":
            floor_d, span = D(draw(st.sampled_from(FLOORS))), D(draw(st.sampled_from(SPANS)))
            # higher: the target lies above the floor; lower-is-better: below it
            target_d = floor_d + span if direction == "higher" else floor_d - span
            target, floor = str(target_d), str(floor_d)
        elif method == "target":
            target = draw(st.sampled_from(("100", "3", "7", "13", "0.7", "0.0003", "1000000000")))
        result[f"i{n}"] = ind(f"i{n}", draw(st.sampled_from(["party", "industry", "tasks"])),
                              draw(st.sampled_from(WEIGHTS)), direction, target, floor,
                              draw(st.sampled_from([(), (), ("town",)])))
    return result


def decimal_text(value: Decimal) -> str:
    return f"{value:f}"


@st.composite
def raw_value(draw: st.DrawFn, decimals: int) -> str | None:
    """A value as a user writes it: often with one digit beyond the rounding digit (so halves appear), some
    large, a few 不适用."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return None
    places = draw(st.integers(0, decimals + 2))
    limit = 10**9 if kind == 1 else 2000
    digits = draw(st.integers(-limit * 10**places if kind == 2 else 0, limit * 10**places))
    return decimal_text(D(digits).scaleb(-places))


@st.composite
def extra(draw: st.DrawFn, decimals: int) -> str:
    if draw(st.booleans()):
        return "0"
    places = draw(st.integers(0, decimals + 2))
    return decimal_text(D(draw(st.integers(0, 10**4 * 10**places))).scaleb(-places))


@st.composite
def generic_board(draw: st.DrawFn) -> tuple[ResultSheet, list[Unit], dict[str, Indicator], RuleSet, ResultSheet | None]:
    decimals = draw(st.integers(0, 4))
    method = draw(st.sampled_from(["raw", "minmax", "efficacy", "target"]))
    indicators = draw(indicator_set(method))
    count = draw(st.integers(1, 7))
    units = [unit(f"u{n}", draw(st.sampled_from(["dept", "town"])), draw(st.integers(0, 2))) for n in range(count)]
    present = draw(st.lists(st.sampled_from([u.id for u in units]), min_size=1, unique=True))
    midterm_weight = draw(st.sampled_from([None, None, "0.2", "0.35", "0.333", "0.5"]))
    rules = RuleSet(
        scoring=Scoring(normalize=method, decimals=decimals, categories=draw(st.sampled_from(CATEGORY_SETS)),  # type: ignore[arg-type]
                        midterm_weight=D(midterm_weight) if midterm_weight else None),
        ranking=Ranking(ties=draw(st.sampled_from(["min", "dense"])), within=draw(st.sampled_from(["kind", ""]))),  # type: ignore[arg-type]
        tiers=draw(st.sampled_from([Tiers(), rank_tiers(2, 2)])),
    )

    def values() -> dict[str, dict[str, str | None]]:
        return {u: {i: draw(raw_value(decimals)) for i in indicators} for u in present}

    year_values = values()
    bonus = {u: draw(extra(decimals)) for u in present}
    penalty = {u: draw(extra(decimals)) for u in present}
    year = sheet("2025", tuple(indicators), year_values, bonus, penalty, indicators, units)
    h1 = None
    if midterm_weight:
        # The mid-year file must score every unit the year scores: give each at least one value.
        h1_values = values()
        for u in present:
            first = next(iter(indicators))
            h1_values[u][first] = h1_values[u][first] or "75.5"
            for i in indicators:
                if indicators[i].applies(next(x for x in units if x.id == u)):
                    h1_values[u][i] = h1_values[u][i] or "80.25"
                    break
        h1 = sheet("2025-H1", tuple(indicators), h1_values, indicators=indicators, units=units)
    return year, units, indicators, rules, h1


@st.composite
def planted_half(draw: st.DrawFn) -> tuple[ResultSheet, list[Unit], dict[str, Indicator], RuleSet, ResultSheet | None]:
    """Raw scores in categories party (0.30) and tasks (0.35), 主导产业 不适用: the weights are 6/13 and 7/13.
    With q = 10^-(d+1), v1 = a·q, v2 = b·q and the composite C = c·q (c ending in 5: a half at the rounding
    digit), 6a + 7b = 13c holds for a = c + 7k, b = c − 6k, since 6(c + 7k) + 7(c − 6k) = 13c.
    (SPEC's example: 74.39 and the tasks mean 57.425 give 65.255, which must round to 65.26.)"""
    decimals = draw(st.integers(0, 4))
    scale = D(1).scaleb(-(decimals + 1))
    indicators = {"p": ind("p", "party"), "i": ind("i", "industry"), "t": ind("t", "tasks")}
    count = draw(st.integers(1, 5))
    units = [unit(f"u{n}", "dept", n) for n in range(count)]
    values: dict[str, dict[str, str | None]] = {}
    for u in units:
        c = draw(st.integers(-10**7, 10**8)) * 10 + 5
        k = draw(st.integers(-10**6, 10**6))
        values[u.id] = {"p": decimal_text((c + 7 * k) * scale), "i": None, "t": decimal_text((c - 6 * k) * scale)}
    rules = RuleSet(scoring=Scoring(normalize="raw", decimals=decimals, categories=CATEGORY_SETS[1]),
                    ranking=Ranking(within=""), tiers=rank_tiers(1, 1))
    return sheet("2025", ("p", "i", "t"), values, indicators=indicators, units=units), units, indicators, rules, None


@st.composite
def planted_third(draw: st.DrawFn) -> tuple[ResultSheet, list[Unit], dict[str, Indicator], RuleSet, ResultSheet | None]:
    """Three categories of equal weight: composite = (v1 + v2 + v3)/3, planted at a half: v3 = 3C − v1 − v2.
    Plus a bonus with a 5 at the digit after the rounding digit, so that the half may come from it."""
    decimals = draw(st.integers(0, 4))
    scale = D(1).scaleb(-(decimals + 1))
    indicators = {"p": ind("p", "party"), "i": ind("i", "industry"), "t": ind("t", "tasks")}
    count = draw(st.integers(1, 5))
    units = [unit(f"u{n}", "dept", n) for n in range(count)]
    values: dict[str, dict[str, str | None]] = {}
    bonus = {}
    for u in units:
        c = draw(st.integers(0, 10**5)) * 10 + draw(st.sampled_from([5, 0, 4, 6]))
        v1 = draw(st.integers(0, 10**6))
        v2 = draw(st.integers(0, 10**6))
        values[u.id] = {"p": decimal_text(v1 * scale), "i": decimal_text(v2 * scale),
                        "t": decimal_text((3 * c - v1 - v2) * scale)}
        bonus[u.id] = draw(st.sampled_from(["0", "0.5", decimal_text(5 * scale), decimal_text(D(10) * scale)]))
    rules = RuleSet(scoring=Scoring(normalize="raw", decimals=decimals, categories=CATEGORY_SETS[2]),
                    ranking=Ranking(within=""), tiers=rank_tiers(1, 1))
    return sheet("2025", ("p", "i", "t"), values, bonus=bonus, indicators=indicators, units=units), units, indicators, \
        rules, None


# ------------------------------------------------------------------------------------------ checks


def published_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if "@" in c]


def assert_same(fast: UnitBoard, exact: UnitBoard) -> None:
    for name in ("rows", "parts", "categories"):
        a, b = getattr(fast, name), getattr(exact, name)
        columns = published_columns(a)
        assert columns == published_columns(b)
        for column in columns:
            left, right = a[column].to_numpy(dtype="float64"), b[column].to_numpy(dtype="float64")
            # identical floats (the nearest float to the exact rounded decimal), NaN where both are NaN
            same = (left == right) | (np.isnan(left) & np.isnan(right))
            assert same.all(), (name, column, a.loc[~same, "unit_id"].tolist(), left[~same], right[~same])
    keys = ["unit_id", "score", "rank", "competition_rank", "group_size", "tier", "tier_condition"]
    assert fast.rows[keys].equals(exact.rows[keys])
    assert fast.absent == exact.absent and fast.groups == exact.groups
    assert exact.rows["exact"].all()


def exact_of(value: float, decimals: int) -> Fraction:
    """The decimal that a published float stands for (it is the nearest float to a decimal of `decimals`)."""
    return F(D(f"{value:.{decimals}f}"))


def assert_matches_oracle(b: UnitBoard, s: ResultSheet, units: list[Unit], indicators: dict[str, Indicator],
                          rules: RuleSet, h1: ResultSheet | None) -> None:
    h1_composites = None
    if h1 is not None:
        h1_composites = {u: v["composite"] for u, v in oracle(h1, units, indicators, rules).items()}  # type: ignore[misc]
    expected = oracle(s, units, indicators, rules, h1_composites)
    d = rules.scoring.decimals
    assert set(b.rows["unit_id"]) == set(expected)
    for _, row in b.rows.iterrows():
        want = expected[row["unit_id"]]
        assert exact_of(row[f"score@{d}"], d) == half_up(want["unrounded"], d), row["unit_id"]  # type: ignore[arg-type]
        assert exact_of(row["score"], d) == half_up(want["unrounded"], d)  # type: ignore[arg-type]
        for quantity in ("composite", "blended", "unrounded"):
            for places in (d + 2, d + 4):
                assert exact_of(row[f"{quantity}@{places}"], places) == half_up(want[quantity], places), quantity  # type: ignore[arg-type]
        if h1_composites is not None:
            assert exact_of(row[f"midterm@{d + 2}"], d + 2) == half_up(h1_composites[row["unit_id"]], d + 2)
    for _, part in b.parts.iterrows():
        want = expected[part["unit_id"]]
        normalised: dict[str, Fraction] = want["normalised"]  # type: ignore[assignment]
        weights: dict[str, Fraction] = want["weights"]  # type: ignore[assignment]
        indicator_id = part["indicator_id"]
        if indicator_id not in normalised:
            assert not part["applicable"] and np.isnan(part[f"normalised@{d}"]) and part[f"weight@{d + 4}"] == 0
            continue
        for places in (d, d + 2, d + 4):
            assert exact_of(part[f"normalised@{places}"], places) == half_up(normalised[indicator_id], places)
        assert exact_of(part["weight@4"], 4) == half_up(weights[indicator_id], 4)
        assert exact_of(part[f"weight@{d + 4}"], d + 4) == half_up(weights[indicator_id], d + 4)
        for places in (d + 2, d + 4):
            assert exact_of(part[f"contribution@{places}"], places) == \
                half_up(weights[indicator_id] * normalised[indicator_id], places)
    for _, category in b.categories.iterrows():
        shares: dict[str, Fraction] = expected[category["unit_id"]]["categories"]  # type: ignore[assignment]
        assert exact_of(category["weight@4"], 4) == half_up(shares[category["category_id"]], 4)
    # ranks: competition rank = 1 + the number in the group with a strictly higher published score
    for _, row in b.rows.iterrows():
        same_group = b.rows[b.rows["group"].apply(lambda g, r=row: g == r["group"])]
        assert row["competition_rank"] == 1 + int((same_group["score"] > row["score"]).sum())


def boards_of(case: tuple[ResultSheet, list[Unit], dict[str, Indicator], RuleSet, ResultSheet | None]
              ) -> tuple[UnitBoard, UnitBoard]:
    s, units, indicators, rules, h1 = case
    midterm = Midterm(h1, rules, None) if h1 is not None else None
    fast = compute_unit_board(s, "t", units, indicators, rules, None, None, midterm)
    exact = compute_unit_board(s, "t", units, indicators, rules, None, None, midterm, force_exact=True)
    return fast, exact


KEY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@KEY
@given(generic_board())
def test_fast_path_equals_exact_path_on_adversarial_boards(case: tuple[ResultSheet, list[Unit], dict[str, Indicator],
                                                                        RuleSet, ResultSheet | None]) -> None:
    fast, exact = boards_of(case)
    assert_same(fast, exact)
    assert_matches_oracle(exact, *case)


@settings(max_examples=80, deadline=None)
@given(st.one_of(planted_half(), planted_third()))
def test_fast_path_equals_exact_path_on_planted_halves(case: tuple[ResultSheet, list[Unit], dict[str, Indicator],
                                                                    RuleSet, ResultSheet | None]) -> None:
    fast, exact = boards_of(case)
    assert_same(fast, exact)
    assert_matches_oracle(fast, *case)


def test_the_spec_example_65_255_rounds_up_on_both_paths() -> None:
    # 党的建设 0.30: 74.39; 主导产业 不适用; 部门任务 0.35: (56.48 + 58.37)/2 = 57.425.
    # composite = (0.30 × 74.39 + 0.35 × 57.425) / 0.65 = (22.317 + 20.09875) / 0.65 = 42.41575 / 0.65 = 65.255
    # exactly: half away from zero gives 65.26. In floats 6/13 × 74.39 + 7/13 × 57.425 is 65.25499999999999…
    indicators = {"p": ind("p", "party"), "i": ind("i", "industry"), "t1": ind("t1", "tasks"), "t2": ind("t2", "tasks")}
    units = [unit("a")]
    s = sheet("2025", ("p", "i", "t1", "t2"), {"a": {"p": "74.39", "i": None, "t1": "56.48", "t2": "58.37"}},
              indicators=indicators, units=units)
    rules = RuleSet(scoring=Scoring(normalize="raw", categories=CATEGORY_SETS[1]), ranking=Ranking(within=""))
    fast, exact = boards_of((s, units, indicators, rules, None))
    assert 0.30 / 0.65 * 74.39 + 0.35 / 0.65 * 57.425 < 65.255  # the float sum falls below the half
    assert f"{fast.rows.at[0, 'score']:.2f}" == "65.26"
    assert bool(fast.rows.at[0, "exact"])  # near the boundary: recomputed exactly
    assert_same(fast, exact)
    # the explain fields: category weights 6/13 = 0.461538… → 0.4615 and 7/13 = 0.538461… → 0.5385;
    # t1, t2 each 7/13 ÷ 2 = 7/26 = 0.269230… → 0.2692; composite@4 = 65.2550
    weights = dict(zip(fast.categories["category_id"], fast.categories["weight@4"], strict=True))
    assert weights == {"party": 0.4615, "tasks": 0.5385}
    parts = fast.parts.set_index("indicator_id")
    assert parts.at["t1", "weight@4"] == 0.2692 and parts.at["p", "weight@4"] == 0.4615
    assert parts.at["i", "weight@4"] == 0 and not parts.at["i", "applicable"]
    assert fast.rows.at[0, "composite@4"] == 65.255
    # contribution of p: 6/13 × 74.39 = 446.34/13 = 34.3338461… → 34.3338 (d + 2 = 4 places)
    assert parts.at["p", "contribution@4"] == 34.3338


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 4), st.integers(-(10**9 - 1), 10**9 - 1), st.sampled_from(["1", "2", "7", "13"]))
@example(2, 267, "1")  # 2.675 stored in binary is 2.67499999…: it must still round to 2.68
@example(0, 0, "1")  # 0.5 → 1
@example(0, -1, "1")  # −0.5 → −1 (digits −1: (−10 + 5)/10)
def test_a_raw_value_with_a_half_at_the_rounding_digit(decimals: int, digits: int, weight: str) -> None:
    # One raw indicator: the score is the value itself, written with one more digit than published and
    # ending in 5 (a half at the rounding digit): it must round away from zero, on both paths.
    value = D(digits * 10 + 5).scaleb(-(decimals + 1))  # |value| < 10⁹
    indicators = {"s": ind("s", weight=weight)}
    units = [unit("a")]
    rules = RuleSet(scoring=Scoring(normalize="raw", decimals=decimals), ranking=Ranking(within=""))
    s = sheet("2025", ("s",), {"a": {"s": decimal_text(value)}}, indicators=indicators, units=units)
    fast, exact = boards_of((s, units, indicators, rules, None))
    assert_same(fast, exact)
    expected = half_up(F(value), decimals)
    assert exact_of(fast.rows.at[0, "score"], decimals) == expected
    # away from zero: the magnitude of the rounded value is above that of the value
    assert abs(expected) > abs(F(value)) or expected == F(value)
