"""generator.rules.exact: scores in exact arithmetic (decimals that refuse to round, else fractions)."""

from __future__ import annotations

from decimal import Decimal, Inexact
from fractions import Fraction

import pytest

from generator.model.config import Scoring
from generator.model.types import Indicator
from generator.rules import exact
from generator.rules.scoring import score
from tests.rules.builders import THREE_CATEGORIES, ind, sheet
from tests.rules.cases import NORMALISATION_CASES

D = Decimal
F = Fraction


@pytest.mark.parametrize(("method", "value", "indicator", "peers", "expected"), NORMALISATION_CASES)
def test_normalise_in_fractions(method: str, value: str, indicator: Indicator, peers: tuple[str, ...],
                                expected: str) -> None:
    # the same hand-computed table as the float path, here to the last digit
    extremes = [F(D(v)) for v in (value, *peers)]
    got = exact.normalise(method, F(D(value)), indicator, min(extremes), max(extremes))
    assert got == F(expected)


@pytest.mark.parametrize(("method", "value", "indicator", "peers", "expected"), NORMALISATION_CASES)
def test_normalise_in_decimals_is_exact_or_refuses(method: str, value: str, indicator: Indicator,
                                                   peers: tuple[str, ...], expected: str) -> None:
    # decimals give the exact value when it is a terminating decimal, and raise Inexact (never round) otherwise
    extremes = [D(v) for v in (value, *peers)]
    if F(expected).denominator in (1, 2, 4, 5, 10, 20, 25, 50, 100):
        assert F(exact._decimal_normalise(method, D(value), indicator, min(extremes), max(extremes))) == F(expected)
    else:
        with pytest.raises(Inexact):
            exact._decimal_normalise(method, D(value), indicator, min(extremes), max(extremes))


def test_times_and_total_stay_exact() -> None:
    # decimals while exact: 0.35 × 57.425 = 20.09875
    product = exact.times(D("0.35"), D("57.425"))
    assert isinstance(product, Decimal) and product == D("20.09875")
    # a fraction on either side gives a fraction: 7/13 × 57.425 = 401.975/13
    assert exact.times(F(7, 13), D("57.425")) == F(401975, 13000)
    # a sum of decimals stays a decimal; with a fraction, a fraction: 1/3 + 1/3 + 1/3 = 1 exactly
    assert exact.total([D("0.1"), D("0.2")]) == D("0.3") and isinstance(exact.total([D("0.1"), D("0.2")]), Decimal)
    assert exact.total([F(1, 3), F(1, 3), F(1, 3)]) == 1
    # a product too long for 80 digits is not rounded: it falls back to fractions
    long = D("1." + "3" * 60)
    assert F(exact.times(long, long)) == F(long) * F(long)


def test_short_decimals_for_weights() -> None:
    # 0.35 × 3/15 = 0.07 has a finite decimal: kept as Decimal; 7/13 has none: kept as a fraction
    assert exact._short(F(35, 100) * F(3, 15)) == D("0.07")
    assert isinstance(exact._short(F(7, 13)), Fraction)
    assert exact._short(F(1, 8)) == D("0.125")


def test_blend() -> None:
    # (1 − 0.2) × 80 + 0.2 × 90 = 64 + 18 = 82; without a midterm the composite stands
    assert exact.blend(D(80), D(90), D("0.2")) == 82
    assert exact.blend(D(80), None, D("0.2")) == 80
    assert exact.blend(D(80), D(90), None) == 80
    # 0.7 × 85.5 + 0.3 × 70.25 = 59.85 + 21.075 = 80.925 exactly
    assert exact.blend(D("85.5"), D("70.25"), D("0.3")) == D("80.925")


def test_exact_sheet_shares_and_composite() -> None:
    # the SPEC example: party 74.39, industry 不适用, tasks 56.48 and 58.37 → 65.255 exactly
    indicators = {"p": ind("p", "party"), "i": ind("i", "industry"), "t1": ind("t1", "tasks"), "t2": ind("t2", "tasks")}
    s = sheet("2025", tuple(indicators), {"a": {"p": "74.39", "i": None, "t1": "56.48", "t2": "58.37"}},
              bonus={"a": "1.5"}, penalty={"a": "0.25"})
    scoring = Scoring(normalize="raw", categories=THREE_CATEGORIES)
    scored = score(s, None, {"a": None}, indicators, scoring)
    sheet_exact = exact.ExactSheet(scored.cells, scored.units, scoring, indicators)
    weights, categories = sheet_exact.shares("a")
    # categories: 0.30/0.65 = 6/13, 0.35/0.65 = 7/13; t1 = t2 = 7/13 × 1/2 = 7/26; p = 6/13
    assert categories == {"party": F(6, 13), "tasks": F(7, 13)}
    assert weights == {"p": F(6, 13), "t1": F(7, 26), "t2": F(7, 26)}
    assert sheet_exact.composite("a") == D("65.255")
    # unrounded = 65.255 + 1.5 − 0.25 = 66.505
    assert sheet_exact.unrounded("a", sheet_exact.composite("a")) == D("66.505")
    # a 不适用 cell has no normalised value and contributes 0
    position = list(scored.cells["indicator_id"]).index("i")
    assert sheet_exact.normalised(position) is None and sheet_exact.contribution(position, "a") == 0
