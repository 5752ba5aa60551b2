"""generator.rules.numbers: rounding half away from zero, the proof-carrying float rounding `publish`, and exact
shares and counts (SPEC 3.1.5)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.rules.numbers import U, exact_round, percent_count, publish, round_half_up, share_count
from tests.rules.oracle import half_up

D = Decimal
F = Fraction
FAST = settings(max_examples=150, deadline=None)


# ------------------------------------------------------------------------------- round_half_up


def test_round_half_up_in_decimal_arithmetic() -> None:
    # 89.995 is exactly half way between 89.99 and 90.00: half away from zero → 90.00
    assert str(round_half_up(D("89.995"), 2)) == "90.00"
    # 2.675 as a decimal is a true half → 2.68; the binary float 2.675 is 2.67499999… so round() gives 2.67
    assert round_half_up(D("2.675"), 2) == D("2.68")
    assert round(2.675, 2) == 2.67
    # half away from zero also for negatives (a penalty larger than the composite): −2.675 → −2.68
    assert round_half_up(D("-2.675"), 2) == D("-2.68")
    # not banker's rounding: 2.5 → 3 and 0.125 → 0.13 (float round gives 2 and 0.12)
    assert round_half_up(D("2.5"), 0) == D("3")
    assert round_half_up(D("0.125"), 2) == D("0.13")
    assert round(2.5) == 2 and round(0.125, 2) == 0.12
    # below the half rounds down: 89.99499 → 89.99
    assert round_half_up(D("89.99499"), 2) == D("89.99")
    # decimals = 1: 84.25 → 84.3; decimals = 0: 84.5 → 85; padding: 85 with 2 decimals shows "85.00"
    assert round_half_up(D("84.25"), 1) == D("84.3")
    assert round_half_up(D("84.5"), 0) == D("85")
    assert str(round_half_up(D("85"), 2)) == "85.00"
    # a 30-digit value keeps its digits (the context has 100 digits of precision): ...4999…95 at 4 places
    assert str(round_half_up(D("123456789.12344999999999999999995"), 4)) == "123456789.1234"


@st.composite
def decimals_and_places(draw: st.DrawFn) -> tuple[Decimal, int]:
    digits = draw(st.integers(-(10**12), 10**12))
    exponent = draw(st.integers(0, 6))
    places = draw(st.integers(0, 4))
    return D(digits).scaleb(-exponent), places


@FAST
@given(decimals_and_places())
@example((D("2.675"), 2))
@example((D("-0.5"), 0))
def test_round_half_up_agrees_with_exact_arithmetic(case: tuple[Decimal, int]) -> None:
    value, places = case
    result = round_half_up(value, places)
    assert result == value.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert F(result) == half_up(F(value), places)
    # the result carries exactly `places` decimals, and lies within half a unit of the last place
    assert result.as_tuple().exponent == -places
    assert abs(F(result) - F(value)) <= F(1, 2 * 10**places)


@FAST
@given(decimals_and_places())
def test_round_half_up_differs_from_float_rounding_only_at_exact_halves(case: tuple[Decimal, int]) -> None:
    value, places = case
    result = round_half_up(value, places)
    by_float = D(repr(round(float(value), places)))
    if (F(value) * 10**places).denominator != 2:
        # away from a half the nearest binary float cannot cross it: both agree
        assert by_float == result
    elif by_float != result:
        # at a true half floats may go either way (banker's rounding, or 2.675 stored as 2.67499…); when they
        # differ it is by one unit of the last place, toward zero, and ours is away from zero
        assert abs(result - by_float) == D(1).scaleb(-places)
        assert abs(result) > abs(by_float)


# --------------------------------------------------------------------------------- exact_round


def test_exact_round_of_fractions_and_decimals() -> None:
    # 65.255 = 42.41575 / 0.65 exactly (as a fraction 13051/200): half away from zero → 65.26
    assert exact_round(F(4241575, 65000), 2) == 65.26
    assert exact_round(D("65.255"), 2) == 65.26
    # 7/13 = 0.538461538… → 0.5385 at 4 places; −7/13 → −0.5385
    assert exact_round(F(7, 13), 4) == 0.5385
    assert exact_round(F(-7, 13), 4) == -0.5385
    # 1/3 at 0 places → 0; 2/3 → 1; −1/2 → −1 (away from zero)
    assert exact_round(F(1, 3), 0) == 0.0
    assert exact_round(F(2, 3), 0) == 1.0
    assert exact_round(F(-1, 2), 0) == -1.0
    # a value that rounds to zero is +0.0, never −0.0 (which would print as "-0.00")
    for tiny in (F(-1, 1000), D("-0.001")):
        zero = exact_round(tiny, 2)
        assert zero == 0 and math.copysign(1, zero) == 1.0
    # the float returned is the nearest one to the decimal: formatting it gives the decimal's digits
    assert f"{exact_round(F(2675, 1000), 2):.2f}" == "2.68"


@FAST
@given(st.integers(-(10**15), 10**15), st.integers(1, 10**6), st.integers(0, 6))
def test_exact_round_equals_the_reference(numerator: int, denominator: int, decimals: int) -> None:
    value = F(numerator, denominator)
    expected = half_up(value, decimals)
    # int / int division in Python is correctly rounded: the nearest float to the rounded decimal
    assert exact_round(value, decimals) == expected.numerator / expected.denominator
    if denominator in (1, 2, 4, 5, 8, 10, 16, 20, 25, 40, 50, 100, 1000):
        as_decimal = D(numerator) / D(denominator)  # exact: these denominators have finite decimals
        assert exact_round(as_decimal, decimals) == exact_round(value, decimals)


# ------------------------------------------------------------------------------------- publish


def test_publish_marks_values_near_a_boundary_as_unsafe() -> None:
    values = np.array([2.675, 90.004, np.nan, -2.5, -0.001, 85.0])
    bounds = np.abs(np.nan_to_num(values)) * U
    rounded, unsafe = publish(values, bounds, 2)
    # 2.675 in binary is 2.67499999999999982236431605997495353221893310546875, and 2.675 × 100 in floats
    # rounds to 267.5: the float digits (2.68) are right by luck only. The value lies within its error of the
    # boundary 2.675 → unsafe (the exact path decides)
    assert D(2.675) < D("2.675") and 2.675 * 100 == 267.5
    assert unsafe[0]
    # 90.004 is far from 90.005: safe, 90.00
    assert rounded[1] == 90.0 and not unsafe[1]
    # NaN (不适用) stays NaN and is never unsafe
    assert np.isnan(rounded[2]) and not unsafe[2]
    # −2.5 at 2 places is −2.50 exactly, the boundaries being −2.495 and −2.505: safe
    assert rounded[3] == -2.5 and not unsafe[3]
    # −0.001 → 0.00, as +0.0
    assert rounded[4] == 0 and not np.signbit(rounded[4]) and not unsafe[4]
    assert rounded[5] == 85.0 and not unsafe[5]
    # at 0 places −2.5 is itself a boundary: unsafe; the float rounding gives −3 (away from zero)
    rounded, unsafe = publish(np.array([-2.5, 0.5, 1.4999]), np.array([0.0, 0.0, 0.0]), 0)
    assert list(rounded) == [-3.0, 1.0, 1.0] and list(unsafe) == [True, True, False]


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # inf − inf, on purpose
def test_publish_refuses_what_floats_cannot_prove() -> None:
    # a wide error bound makes a value unsafe even far from the half: 90.004 ± 0.01 may be 90.005
    _, unsafe = publish(np.array([90.004]), np.array([0.01]), 2)
    assert unsafe[0]
    # beyond 2⁵² at the scaled magnitude a float no longer holds every integer: always recomputed
    _, unsafe = publish(np.array([1e9]), np.array([0.0]), 7)
    assert unsafe[0]
    # infinities are unsafe, not silently published
    _, unsafe = publish(np.array([np.inf]), np.array([0.0]), 2)
    assert unsafe[0]


@st.composite
def perturbed(draw: st.DrawFn) -> tuple[Decimal, float, float, int]:
    """An exact decimal, a float within a few ulps of it, and a bound that covers that distance."""
    places = draw(st.integers(0, 8))
    exact = D(draw(st.integers(-(10**9) * 10**places, 10**9 * 10**places))).scaleb(-places)
    nearest = float(exact)
    ulps = draw(st.integers(-4, 4))
    value = nearest + ulps * abs(float(np.spacing(nearest)))
    bound = abs(ulps) * abs(float(np.spacing(nearest))) * 2 + abs(nearest) * U
    return exact, value, bound, draw(st.integers(0, 4))


@settings(max_examples=300, deadline=None)
@given(perturbed())
@example((D("2.675"), 2.675, 2.675 * U, 2))
@example((D("0.125"), 0.125, 0.0, 2))
def test_publish_is_sound(case: tuple[Decimal, float, float, int]) -> None:
    # Whenever publish says a float rounding is safe, it equals the exact rounding of the true value that the
    # bound covers. (The true value lies within `bound` of the float.)
    exact, value, bound, decimals = case
    assert abs(F(value) - F(exact)) <= F(bound)
    rounded, unsafe = publish(np.array([value]), np.array([bound]), decimals)
    if not unsafe[0]:
        assert rounded[0] == exact_round(exact, decimals)


# --------------------------------------------------------------------------- shares and counts


def test_shares_are_exact() -> None:
    # 28% of 25 = 7 exactly; in binary floats 0.28 × 25 = 7.000000000000001, whose ceil would be 8
    assert 0.28 * 25 != 7
    assert [share_count(D("0.28"), 25, r) for r in ("floor", "round", "ceil")] == [7, 7, 7]
    # 29% of 100 = 29; floats give 0.29 × 100 = 28.999999999999996, whose floor would be 28
    assert 0.29 * 100 < 29
    assert share_count(D("0.29"), 100, "floor") == 29
    # group of 7 with 30%: 2.1 → floor 2, round 2, ceil 3
    assert [share_count(D("0.30"), 7, r) for r in ("floor", "round", "ceil")] == [2, 2, 3]
    # a true half rounds up: 50% of 5 = 2.5 → round 3 (floor 2, ceil 3)
    assert [share_count(D("0.5"), 5, r) for r in ("floor", "round", "ceil")] == [2, 3, 3]
    # 30% of 10 = 3 exactly: ceil stays 3; a share of 0 gives 0; of an empty group 0
    assert share_count(D("0.3"), 10, "ceil") == 3
    assert share_count(D(0), 10, "ceil") == 0 and share_count(D("0.3"), 0, "ceil") == 0
    # fractions are accepted as they are: 1/3 of 9 = 3
    assert share_count(F(1, 3), 9, "floor") == 3


def test_percent_count() -> None:
    # top_pct = 30 of 7: ceil(2.1) = 3; of 10: ceil(3) = 3; of 25: ceil(7.5) = 8; 28% of 25: exactly 7
    assert percent_count(D(30), 7) == 3
    assert percent_count(D(30), 10) == 3
    assert percent_count(D(30), 25) == 8
    assert percent_count(D(28), 25) == 7
    # a group of 1: ceil(0.3) = 1; 100% of 7 is 7; 33.3% of 3 = 0.999 → 1
    assert percent_count(D(30), 1) == 1
    assert percent_count(D(100), 7) == 7
    assert percent_count(D("33.3"), 3) == 1


@FAST
@given(st.integers(0, 100), st.integers(0, 60), st.sampled_from(["floor", "round", "ceil"]))
def test_share_count_is_exact(percent: int, size: int, rounding: str) -> None:
    exact = F(percent, 100) * size
    expected = {"floor": math.floor(exact), "ceil": math.ceil(exact), "round": math.floor(exact + F(1, 2))}
    assert share_count(D(percent) / 100, size, rounding) == expected[rounding]
    # percent_count is the smallest k with k ≥ percent% of size
    k = percent_count(D(percent), size)
    assert 100 * k >= percent * size
    assert k == 0 or 100 * (k - 1) < percent * size
