"""Rounding that is exact where it must be: published numbers, shares and counts.

Scores are computed in float64 (vectorised) together with a bound on each value's absolute error. A
value is rounded in floats only when that bound proves the exact value rounds the same way: when the
float lies farther from a rounding boundary (…5 at the next digit) than the bound. Every other value is
recomputed exactly (`rules.exact`, in fractions), so that published digits always equal exact decimal
arithmetic rounded half away from zero (SPEC 3.1.5).

Why the bounds hold: every number a user writes is range-checked (|x| ≤ 10⁹, weights ≤ 10⁶, at most 1,000
indicators, decimals ≤ 4) before it is used, so no intermediate overflows or underflows and each IEEE
operation has a relative error of at most u = 2⁻⁵³ (round-to-nearest). `scoring` propagates first-order
bounds through every step (conversion of decimal inputs to binary, differences, quotients, the weight
shares, the sums) and then multiplies them by a safety factor of 4, which covers the second-order terms
by a wide margin (they are below n²u² ≈ 10⁻²⁶ relative). Scaling by 10ᵈ adds u of the product.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

import numpy as np

U = 2.0**-53  # unit roundoff of float64
SAFETY = 4.0
PRECISION = Context(prec=100)
_EXACT_LIMIT = 2.0**52  # beyond this a float no longer holds every integer: round exactly


_QUANTUM = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(0, 16)}


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round half away from zero (四舍五入), as a clerk does by hand and Excel's ROUND does."""
    return value.quantize(_QUANTUM[decimals], rounding=ROUND_HALF_UP, context=PRECISION)


def exact_round(value: Fraction | Decimal, decimals: int) -> float:
    """`value` rounded half away from zero to `decimals`, as the float nearest to that decimal."""
    if isinstance(value, Decimal):
        return float(round_half_up(value, decimals)) or 0.0
    numerator, denominator = value.numerator, value.denominator
    k = (2 * abs(numerator) * 10**decimals + denominator) // (2 * denominator)  # floor(|v|·10ᵈ + ½), in integers
    if not k:
        return 0.0
    rounded: float = k / 10**decimals  # int / int: correctly rounded
    return -rounded if numerator < 0 else rounded


def publish(values: np.ndarray, bounds: np.ndarray, decimals: int) -> tuple[np.ndarray, np.ndarray]:
    """(rounded values, unsafe mask): each value rounded half away from zero to `decimals`, and True where
    the error bound does not prove that the exact value rounds the same way (or the value is not finite).
    NaN stays NaN and is never unsafe."""
    factor = 10.0**decimals
    magnitude = np.abs(values) * factor
    missing = np.isnan(values)
    floor = np.floor(magnitude)
    distance = np.abs(magnitude - (floor + 0.5))
    error = (bounds * SAFETY) * factor + magnitude * (2 * U) + np.spacing(magnitude)
    unsafe = ~missing & ((distance <= error) | ~np.isfinite(magnitude) | (magnitude >= _EXACT_LIMIT))
    k = np.floor(magnitude + 0.5)
    rounded = np.copysign(k / factor, values)
    rounded = np.where(k == 0, 0.0, rounded)
    return np.where(missing, np.nan, rounded), unsafe


def share_count(share: Decimal | Fraction, size: int, rounding: str) -> int:
    """`share` of `size` units, rounded as asked, computed exactly (28% of 25 is 7, not 6.999…)."""
    exact = Fraction(share) * size
    if rounding == "floor":
        return math.floor(exact)
    if rounding == "ceil":
        return math.ceil(exact)
    return math.floor(exact + Fraction(1, 2))  # "round": half away from zero, like everything a clerk rounds


def percent_count(percent: Decimal | Fraction, size: int) -> int:
    """ceil(percent% of size), exactly: the number of ranks that `top_pct = percent` covers."""
    return math.ceil(Fraction(percent) / 100 * size)
