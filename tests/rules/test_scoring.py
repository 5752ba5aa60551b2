"""generator.rules.scoring: the vectorised score of a results file (SPEC 3.1.1–4) and its error bounds.

The worked examples hold for the float values (within 1e-9); the bound property checks the claim that the
whole fast path rests on: every float lies within its stated bound of the exact value."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from generator.model.config import Category, Scoring
from generator.model.types import Indicator
from generator.rules.scoring import Scored, normalise, score
from tests.rules.builders import THREE_CATEGORIES, ind, sheet, unit
from tests.rules.cases import NORMALISATION_CASES, Case, generic_board
from tests.rules.oracle import oracle

D = Decimal
F = Fraction


def approx(value: float) -> object:
    return pytest.approx(value, abs=1e-9)


def scored(indicators: Mapping[str, Indicator], values: Mapping[str, Mapping[str, str | None]], scoring: Scoring,
           groups: Mapping[str, str | None] | None = None, bonus: Mapping[str, str] | None = None,
           penalty: Mapping[str, str] | None = None, board_indicators: tuple[str, ...] | None = None,
           midterm: Mapping[str, tuple[float, float]] | None = None) -> Scored:
    s = sheet("2025", tuple(indicators), values, bonus, penalty)
    return score(s, board_indicators, groups or {u: None for u in values}, indicators, scoring, midterm)


def cell(result: Scored, unit_id: str, indicator_id: str, column: str) -> float:
    cells = result.cells
    found = cells[(cells["unit_id"] == unit_id) & (cells["indicator_id"] == indicator_id)]
    assert len(found) == 1
    return float(found[column].iloc[0])


def unit_value(result: Scored, unit_id: str, column: str = "composite") -> float:
    return float(result.units.set_index("unit_id").at[unit_id, column])


def normalised_one(method: str, x: float, indicator: Indicator, peers: tuple[float, ...] = ()) -> float:
    """One cell normalised by the float path; `peers`: the other values of its group (minmax)."""
    xs = np.array([x, *peers], dtype="float64")
    values, _ = normalise(xs, np.zeros(len(xs), dtype="int64"), np.array([indicator.id], dtype=object),
                          np.zeros(len(xs), dtype="int64"), method, {indicator.id: indicator})
    return float(values[0])


# ---------------------------------------------------------------------------- 3.1.1 normalisation
@pytest.mark.parametrize(("method", "value", "indicator", "peers", "expected"), NORMALISATION_CASES)
def test_normalise_float_path(method: str, value: str, indicator: Indicator, peers: tuple[str, ...], expected: str) -> None:
    got = normalised_one(method, float(value), indicator, tuple(float(p) for p in peers))
    assert got == pytest.approx(float(F(expected)), abs=1e-12)


def test_normalise_minmax_of_a_not_applicable_cell_stays_empty() -> None:
    # A 不适用 cell (NaN) has no score, even when the other values of its group are all equal (span 0 → 100
    # for them). Before the fix the float path gave 100 to the 不适用 cell too.
    values, _ = normalise(np.array([np.nan, 5.0, 5.0]), np.zeros(3, dtype="int64"), np.array(["a"], dtype=object),
                          np.zeros(3, dtype="int64"), "minmax", {"a": ind("a")})
    assert np.isnan(values[0]) and list(values[1:]) == [100.0, 100.0]


def test_minmax_is_computed_within_the_ranking_group() -> None:
    indicators = {"x": ind("x")}
    values = {"d1": {"x": "50"}, "d2": {"x": "75"}, "d3": {"x": "100"}, "t1": {"x": "10"}, "t2": {"x": "20"},
              "t3": {"x": None}}
    groups = {"d1": "dept", "d2": "dept", "d3": "dept", "t1": "town", "t2": "town", "t3": "town"}
    result = scored(indicators, values, Scoring(normalize="minmax"), groups)
    # dept: min 50, max 100 → 0, 50, 100; town: min 10, max 20 → 0, 100 (over all units t1 would be 0 and
    # t2 (20 − 10)/90 ≈ 11); t3's 不适用 is left out of the extremes, and t3 is not scored at all
    got = {u: cell(result, u, "x", "normalised") for u in ("d1", "d2", "d3", "t1", "t2")}
    assert got == {"d1": 0, "d2": 50, "d3": 100, "t1": 0, "t2": 100}
    assert "t3" not in set(result.units["unit_id"])


# ------------------------------------------------------------------------------- 3.1.2 composite


def test_composite_category_and_indicator_weights() -> None:
    indicators = {"p1": ind("p1", "party", "2"), "p2": ind("p2", "party", "1"), "i1": ind("i1", "industry"),
                  "t1": ind("t1", "tasks")}
    result = scored(indicators, {"a": {"p1": "90", "p2": "60", "i1": "80", "t1": "70"}},
                    Scoring(normalize="raw", categories=THREE_CATEGORIES))
    # party = (2 × 90 + 1 × 60)/3 = 80; composite = 0.30 × 80 + 0.35 × 80 + 0.35 × 70 = 24 + 28 + 24.5 = 76.5
    assert unit_value(result, "a") == approx(76.5)
    # effective weights: p1 = 0.30 × 2/3 = 0.2, p2 = 0.30 × 1/3 = 0.1, i1 = 0.35, t1 = 0.35 (sum 1)
    weights = {i: cell(result, "a", i, "weight") for i in indicators}
    assert weights == {"p1": approx(0.2), "p2": approx(0.1), "i1": approx(0.35), "t1": approx(0.35)}
    # contributions: p1 0.2 × 90 = 18; p2 0.1 × 60 = 6; i1 0.35 × 80 = 28; t1 0.35 × 70 = 24.5
    contributions = {i: cell(result, "a", i, "contribution") for i in indicators}
    assert contributions == {"p1": approx(18), "p2": approx(6), "i1": approx(28), "t1": approx(24.5)}
    categories = dict(zip(result.categories["category_id"], result.categories["weight"], strict=True))
    assert categories == {"party": approx(0.30), "industry": approx(0.35), "tasks": approx(0.35)}


def test_category_weights_are_renormalised_over_the_categories_a_unit_has() -> None:
    # 主导产业 is 不适用 for the unit: party and tasks share 0.30 + 0.35 = 0.65 → 6/13 and 7/13.
    indicators = {"p1": ind("p1", "party"), "i1": ind("i1", "industry"), "t1": ind("t1", "tasks"),
                  "t2": ind("t2", "tasks")}
    result = scored(indicators, {"a": {"p1": "74.39", "i1": None, "t1": "56.48", "t2": "58.37"}},
                    Scoring(normalize="raw", categories=THREE_CATEGORIES))
    # tasks = (56.48 + 58.37)/2 = 57.425; composite = 6/13 × 74.39 + 7/13 × 57.425 = 42.41575/0.65 = 65.255
    assert unit_value(result, "a") == approx(65.255)
    categories = dict(zip(result.categories["category_id"], result.categories["weight"], strict=True))
    assert categories == {"party": approx(6 / 13), "tasks": approx(7 / 13)}
    # the 不适用 cell: not applicable, no weight, no contribution, no normalised value
    assert not bool(result.cells.loc[result.cells["indicator_id"] == "i1", "applicable"].iloc[0])
    assert cell(result, "a", "i1", "weight") == 0 and cell(result, "a", "i1", "contribution") == 0
    assert np.isnan(cell(result, "a", "i1", "normalised"))
    # t1 and t2 share tasks' 7/13 equally: 7/26 each
    assert cell(result, "a", "t1", "weight") == approx(7 / 26)


def test_indicator_weights_within_a_category_use_only_counted_indicators() -> None:
    # one category, weights 3 / 1 / 1, the weight-1 indicator b is 不适用: a and c share 3 + 1 = 4
    indicators = {"a": ind("a", weight="3"), "b": ind("b"), "c": ind("c")}
    result = scored(indicators, {"u": {"a": "80", "b": None, "c": "60"}},
                    Scoring(normalize="raw", categories=(Category(id="party", name="党建", weight=D(1)),)))
    # (3 × 80 + 1 × 60)/4 = 300/4 = 75; weights 0.75, 0, 0.25
    assert unit_value(result, "u") == approx(75)
    assert {i: cell(result, "u", i, "weight") for i in "abc"} == {"a": 0.75, "b": 0, "c": 0.25}


def test_without_categories_every_category_weighs_the_same() -> None:
    indicators = {"x": ind("x", "A"), "y1": ind("y1", "B"), "y2": ind("y2", "B")}
    result = scored(indicators, {"u": {"x": "90", "y1": "70", "y2": "80"}}, Scoring(normalize="raw"))
    # A = 90, B = (70 + 80)/2 = 75; each category 1/2 → (90 + 75)/2 = 82.5
    assert unit_value(result, "u") == approx(82.5)
    categories = dict(zip(result.categories["category_id"], result.categories["weight"], strict=True))
    assert categories == {"A": 0.5, "B": 0.5}


def test_category_matches_by_name_too() -> None:
    # indicators.csv may name the category (党的建设) instead of its id (party)
    indicators = {"p": ind("p", "党的建设"), "t": ind("t", "tasks")}
    result = scored(indicators, {"u": {"p": "100", "t": "50"}}, Scoring(normalize="raw", categories=THREE_CATEGORIES))
    # party 6/13 × 100 + tasks 7/13 × 50 = (600 + 350)/13 = 73.0769…
    assert unit_value(result, "u") == approx(950 / 13)
    assert set(result.categories["category_id"]) == {"party", "tasks"}


def test_composite_with_the_configured_method() -> None:
    categories = (Category(id="party", name="党建", weight=D(1)), Category(id="tasks", name="任务", weight=D(3)))
    indicators = {"e": ind("e", "party", target="100", floor="60"), "t": ind("t", "tasks", direction="lower", target="4")}
    # efficacy, only e has a value (t 不适用) → party alone, weight 1: 60 + 40 × 25/40 = 85
    only_e = scored(indicators, {"u": {"e": "85", "t": None}}, Scoring(normalize="efficacy", categories=categories))
    assert unit_value(only_e, "u") == approx(85)
    # target: e = 100 × 50/100 = 50 (weight 1/4); t = 100 × 4/5 = 80 (weight 3/4) → 12.5 + 60 = 72.5
    both = scored(indicators, {"u": {"e": "50", "t": "5"}}, Scoring(normalize="target", categories=categories))
    assert unit_value(both, "u") == approx(72.5)
    assert {i: cell(both, "u", i, "normalised") for i in "et"} == {"e": approx(50), "t": approx(80)}


def test_board_indicators_limit_what_counts() -> None:
    # a themed board that uses only z: x's value in the same file does not count
    indicators = {"x": ind("x", "A"), "z": ind("z", "B")}
    result = scored(indicators, {"u": {"x": "10", "z": "90"}, "v": {"x": "50", "z": None}},
                    Scoring(normalize="raw"), board_indicators=("z",))
    assert unit_value(result, "u") == approx(90)
    assert set(result.cells["indicator_id"]) == {"z"}
    # v has nothing that counts on this board (z 不适用): not scored
    assert list(result.units["unit_id"]) == ["u"]


def test_units_keep_file_order_and_cells_the_indicator_order() -> None:
    indicators = {"x": ind("x"), "y": ind("y")}
    result = scored(indicators, {"b": {"y": "1", "x": "2"}, "a": {"x": "3", "y": "4"}}, Scoring(normalize="raw"))
    assert list(result.units["unit_id"]) == ["b", "a"]
    assert list(zip(result.cells["unit_id"], result.cells["indicator_id"], strict=True)) == \
        [("b", "x"), ("b", "y"), ("a", "x"), ("a", "y")]


# --------------------------------------------------------------------------- 3.1.3–4 blend, bonus


def test_bonus_penalty_and_midterm_blend() -> None:
    indicators = {"s": ind("s")}
    # midterm: composite of H1 given as (value, bound); w = 0.2:
    # a: 0.8 × 80 + 0.2 × 90 = 64 + 18 = 82; + bonus 2 − penalty 0.5 = 83.5
    # b: 0.8 × 85.5 + 0.2 × 70.25 = 68.4 + 14.05 = 82.45; no bonus
    result = scored(indicators, {"a": {"s": "80"}, "b": {"s": "85.5"}},
                    Scoring(normalize="raw", midterm_weight=D("0.2")), bonus={"a": "2"}, penalty={"a": "0.5"},
                    midterm={"a": (90.0, 0.0), "b": (70.25, 0.0)})
    assert unit_value(result, "a", "composite") == 80 and unit_value(result, "a", "midterm") == 90
    assert unit_value(result, "a", "blended") == approx(82)
    assert unit_value(result, "a", "unrounded") == approx(83.5)
    assert unit_value(result, "b", "blended") == approx(82.45)
    assert unit_value(result, "b", "unrounded") == approx(82.45)
    # without midterm_weight the blend is the composite itself, and midterm is empty
    plain = scored(indicators, {"a": {"s": "80"}}, Scoring(normalize="raw"), penalty={"a": "1.25"})
    assert unit_value(plain, "a", "blended") == 80 and np.isnan(unit_value(plain, "a", "midterm"))
    assert unit_value(plain, "a", "unrounded") == approx(78.75)  # 80 − 1.25


# ------------------------------------------------------------------------------------ the bounds


def exact_cells(case: Case) -> tuple[Scored, dict[str, dict[str, object]]]:
    s, units, indicators, rules, h1 = case
    groups = {u.id: (u.columns.get(rules.ranking.within) if rules.ranking.within else None) for u in units}
    midterm = None
    h1_exact = None
    if h1 is not None:
        h1_scored = score(h1, None, groups, indicators, rules.scoring)
        midterm = {u: (c, b) for u, c, b in zip(h1_scored.units["unit_id"], h1_scored.units["composite"],
                                                h1_scored.units["composite_bound"], strict=True)}
        h1_exact = {u: v["composite"] for u, v in oracle(h1, units, indicators, rules).items()}
    return score(s, None, groups, indicators, rules.scoring, midterm), \
        oracle(s, units, indicators, rules, h1_exact)  # type: ignore[arg-type]


def within(value: float, exact: Fraction, bound: float) -> bool:
    return abs(F(value) - exact) <= F(bound)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generic_board())
def test_every_float_lies_within_its_bound_of_the_exact_value(case: Case) -> None:
    # `numbers.publish` trusts these bounds (times a safety factor of 4); here they must hold as they are.
    result, expected = exact_cells(case)
    for record in result.cells.itertuples(index=False):
        want = expected[record.unit_id]
        normalised: dict[str, Fraction] = want["normalised"]  # type: ignore[assignment]
        weights: dict[str, Fraction] = want["weights"]  # type: ignore[assignment]
        if not record.applicable:
            assert record.weight == 0 and record.contribution == 0
            continue
        i = record.indicator_id
        assert within(record.normalised, normalised[i], record.normalised_bound), ("normalised", record)
        assert within(record.weight, weights[i], record.weight_bound), ("weight", record)
        assert within(record.contribution, weights[i] * normalised[i], record.contribution_bound), ("contribution", record)
    for record in result.units.itertuples(index=False):
        want = expected[record.unit_id]
        for quantity in ("composite", "blended", "unrounded"):
            assert within(getattr(record, quantity), want[quantity], getattr(record, f"{quantity}_bound")), \
                (quantity, record)  # type: ignore[arg-type]
    for record in result.categories.itertuples(index=False):
        shares: dict[str, Fraction] = expected[record.unit_id]["categories"]  # type: ignore[assignment]
        assert within(record.weight, shares[record.category_id], record.weight_bound)


def test_unit_without_a_counted_value_is_not_scored() -> None:
    indicators = {"s": ind("s")}
    result = scored(indicators, {"a": {"s": "80"}, "b": {"s": None}}, Scoring(normalize="raw"))
    assert list(result.units["unit_id"]) == ["a"]
    assert set(result.cells["unit_id"]) == {"a"}
    # units of another kind (an indicator that does not apply) are left out by the model stage already
    kinds = [unit("d", "dept"), unit("t", "town")]
    applies = {"x": ind("x", "A"), "y": ind("y", "B", applies_to=("town",))}
    s = sheet("2025", ("x", "y"), {"d": {"x": "80", "y": "10"}, "t": {"x": "80", "y": "60"}}, indicators=applies,
              units=kinds)
    both = score(s, None, {"d": None, "t": None}, applies, Scoring(normalize="raw"))
    # d: only x counts → 80 (its y = 10 is not in the sheet's values); t: (80 + 60)/2 = 70
    assert unit_value(both, "d") == 80 and unit_value(both, "t") == 70
