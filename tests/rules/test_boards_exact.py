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

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.model.config import Ranking, RuleSet, Scoring
from generator.model.types import Indicator, ResultSheet, Unit
from generator.outcome import UnitBoard
from generator.rules.boards import Midterm, compute_unit_board
from tests.rules.builders import ind, sheet, unit
from tests.rules.cases import CATEGORY_SETS, Case, decimal_text, generic_board, planted_half, planted_third
from tests.rules.oracle import half_up, oracle

D = Decimal
F = Fraction


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


def nearest(value: Fraction, decimals: int) -> float:
    """What a published column must hold: the float nearest to the exactly rounded decimal (Fraction → float
    is correctly rounded). Formatting with `decimals` places prints its digits while they fit in a float's 15–17
    significant digits; beyond (10⁸ at 8 places) the float still stands for that decimal and no other."""
    return float(half_up(value, decimals))


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
        assert row[f"score@{d}"] == nearest(want["unrounded"], d), row["unit_id"]  # type: ignore[arg-type]
        assert row["score"] == nearest(want["unrounded"], d)  # type: ignore[arg-type]
        for quantity in ("composite", "blended", "unrounded"):
            for places in (d + 2, d + 4):
                assert row[f"{quantity}@{places}"] == nearest(want[quantity], places), quantity  # type: ignore[arg-type]
        if h1_composites is not None:
            assert row[f"midterm@{d + 2}"] == nearest(h1_composites[row["unit_id"]], d + 2)
    for _, part in b.parts.iterrows():
        want = expected[part["unit_id"]]
        normalised: dict[str, Fraction] = want["normalised"]  # type: ignore[assignment]
        weights: dict[str, Fraction] = want["weights"]  # type: ignore[assignment]
        indicator_id = part["indicator_id"]
        if indicator_id not in normalised:
            assert not part["applicable"] and np.isnan(part[f"normalised@{d}"]) and part[f"weight@{d + 4}"] == 0
            continue
        for places in (d, d + 2, d + 4):
            assert part[f"normalised@{places}"] == nearest(normalised[indicator_id], places)
        assert part["weight@4"] == nearest(weights[indicator_id], 4)
        assert part[f"weight@{d + 4}"] == nearest(weights[indicator_id], d + 4)
        for places in (d + 2, d + 4):
            assert part[f"contribution@{places}"] == nearest(weights[indicator_id] * normalised[indicator_id], places)
    for _, category in b.categories.iterrows():
        shares: dict[str, Fraction] = expected[category["unit_id"]]["categories"]  # type: ignore[assignment]
        assert category["weight@4"] == nearest(shares[category["category_id"]], 4)
    # ranks: competition rank = 1 + the number in the group with a strictly higher published score
    for _, row in b.rows.iterrows():
        same_group = b.rows[b.rows["group"].apply(lambda g, r=row: g == r["group"])]
        assert row["competition_rank"] == 1 + int((same_group["score"] > row["score"]).sum())


def boards_of(case: Case) -> tuple[UnitBoard, UnitBoard]:
    s, units, indicators, rules, h1 = case
    midterm = Midterm(h1, rules, None) if h1 is not None else None
    fast = compute_unit_board(s, "t", units, indicators, rules, None, None, midterm)
    exact = compute_unit_board(s, "t", units, indicators, rules, None, None, midterm, force_exact=True)
    return fast, exact


KEY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@KEY
@given(generic_board())
def test_fast_path_equals_exact_path_on_adversarial_boards(case: Case) -> None:
    fast, exact = boards_of(case)
    assert_same(fast, exact)
    assert_matches_oracle(exact, *case)


@settings(max_examples=80, deadline=None)
@given(st.one_of(planted_half(), planted_third()))
def test_fast_path_equals_exact_path_on_planted_halves(case: Case) -> None:
    fast, exact = boards_of(case)
    assert_same(fast, exact)
    assert_matches_oracle(fast, *case)


def test_the_spec_example_65_255_rounds_up_on_both_paths() -> None:
    # 党的建设 0.30: 74.39; 主导产业 不适用; 部门任务 0.35: (56.48 + 58.37)/2 = 57.425.
    # composite = (0.30 × 74.39 + 0.35 × 57.425) / 0.65 = (22.317 + 20.09875) / 0.65 = 42.41575 / 0.65 = 65.255
    # exactly: half away from zero gives 65.26. In floats the sum lands on the float nearest to 65.255, which
    # is 65.25499999999999545…: rounding that float naively gives 65.25.
    indicators = {"p": ind("p", "party"), "i": ind("i", "industry"), "t1": ind("t1", "tasks"), "t2": ind("t2", "tasks")}
    units = [unit("a")]
    s = sheet("2025", ("p", "i", "t1", "t2"), {"a": {"p": "74.39", "i": None, "t1": "56.48", "t2": "58.37"}},
              indicators=indicators, units=units)
    rules = RuleSet(scoring=Scoring(normalize="raw", categories=CATEGORY_SETS[1]), ranking=Ranking(within=""))
    fast, exact = boards_of((s, units, indicators, rules, None))
    in_floats = 0.30 / 0.65 * 74.39 + 0.35 / 0.65 * 57.425
    assert D(in_floats) < D("65.255") and round(in_floats, 2) == 65.25
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
    # the digits printed are those of the exact rounding (a score has at most 13 significant digits)
    assert F(D(f"{fast.rows.at[0, 'score']:.{decimals}f}")) == expected
    # away from zero: the magnitude of the rounded value is above that of the value
    assert abs(expected) > abs(F(value))
