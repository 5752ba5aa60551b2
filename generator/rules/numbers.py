"""Exact arithmetic: decimals for scores, fractions for shares and counts."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction

# Enough digits that no intermediate step of a score loses anything that rounding could see.
PRECISION = Context(prec=40)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round half away from zero (四舍五入), as a clerk does by hand and Excel's ROUND does."""
    with localcontext(PRECISION):
        return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def share_count(share: Decimal | Fraction, size: int, rounding: str) -> int:
    """`share` of `size` units, rounded as asked, computed exactly (28% of 25 is 7, not 6.999…)."""
    exact = Fraction(share) * size
    if rounding == "floor":
        return math.floor(exact)
    if rounding == "ceil":
        return math.ceil(exact)
    # "round": half away from zero, like everything else a clerk rounds.
    return math.floor(exact + Fraction(1, 2))


def percent_count(percent: Decimal, size: int) -> int:
    """ceil(percent% of size), exactly: the number of ranks that `top_pct = percent` covers."""
    return math.ceil(Fraction(percent) / 100 * size)


def clip(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))
