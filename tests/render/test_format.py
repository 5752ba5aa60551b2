"""generator/render/format.py: numbers and dates as every page, PDF and download shows them."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.i18n import Translator
from generator.render.format import change_text, fixed, fixed_all, long_date, names, percent, plain, raw_html_of, signed

ZH = Translator("zh-CN")


def test_fixed_prints_a_published_number_with_its_decimals() -> None:
    assert fixed(85.5, 2) == "85.50"
    assert fixed(90.63, 2) == "90.63"
    assert fixed(7, 0) == "7"
    assert fixed(100.0, 4) == "100.0000"
    # Missing numbers are blank cells, not "nan" or "None".
    assert fixed(None, 2) == ""
    assert fixed(float("nan"), 2) == ""


def test_fixed_never_prints_a_negative_zero() -> None:
    # -0.0 (or a tiny negative that the format rounds to zero) is zero: "-0.00" would read as a loss.
    assert fixed(-0.0, 2) == "0.00"
    assert fixed(-0.004, 2) == "0.00"
    assert fixed(-0.005001, 2) == "-0.01"
    assert fixed(-1.5, 1) == "-1.5"


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False) | st.just(float("nan")) | st.just(-0.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(finite, max_size=20), st.integers(min_value=0, max_value=6))
def test_fixed_all_is_fixed_of_each(values: list[float], decimals: int) -> None:
    # A board formats a whole column at once, a unit page one number: the same number must read the same.
    assert fixed_all(values, decimals) == [fixed(v, decimals) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=4))
def test_fixed_reads_back_as_the_number_rounded(value: Decimal, decimals: int) -> None:
    text = fixed(float(value), decimals)
    assert text.count(".") == (1 if decimals else 0)
    assert len(text.partition(".")[2]) == decimals
    assert abs(Decimal(text) - value) <= Decimal(1).scaleb(-decimals) / 2 + Decimal("1e-9")


def test_plain_writes_numbers_as_a_clerk_would() -> None:
    assert plain(100.0) == "100"
    assert plain(0.30) == "0.3"
    assert plain(Decimal("0.50")) == "0.5"
    assert plain(Decimal("1E+2")) == "100"  # never in exponent notation
    assert plain("12.340") == "12.34"
    assert plain(5) == "5"
    assert plain(-0.0) == "0"
    assert plain(None) == "" and plain("") == "" and plain(float("nan")) == ""


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_plain_is_exact_and_has_no_trailing_zeros(value: Decimal) -> None:
    text = plain(value)
    assert Decimal(text) == value
    assert "e" not in text.lower()
    if "." in text:
        assert not text.endswith("0") and not text.endswith(".")


def test_percent_of_a_weight() -> None:
    # Weights are published at four decimals; a page shows them as percentages with at most two decimals
    # and no trailing zeros: 0.0667 → 6.67%, 0.105 → 10.5%, 0.1 → 10%.
    assert percent(0.0667) == "6.67%"
    assert percent(0.105) == "10.5%"
    assert percent(0.1) == "10%"
    assert percent(1) == "100%"
    assert percent(0) == "0%"
    assert percent(None) == "" and percent(math.nan) == ""


def test_signed_and_rank_change() -> None:
    assert [signed(v) for v in (3, 0, -2, None)] == ["+3", "0", "-2", "—"]
    # rank_change = previous_rank − rank: positive moved up.
    assert [change_text(v) for v in (3, -2, 0, None)] == ["↑3", "↓2", "=", "—"]


def test_long_date_follows_gb_t_9704() -> None:
    # Arabic numerals, no leading zeros.
    assert long_date(date(2025, 11, 30), ZH) == "2025年11月30日"
    assert long_date(date(2026, 1, 6), ZH) == "2026年1月6日"


def test_names_are_joined_as_chinese_lists() -> None:
    assert names(["甲局", "乙局", "丙局"], ZH) == "甲局、乙局、丙局"
    assert names([], ZH) == ""


def test_dates_and_lists_in_english() -> None:
    english = Translator("en")
    assert long_date(date(2025, 11, 30), english) == "30 November 2025"
    assert names(["A", "B"], english) == "A, B"


def test_raw_values_as_html() -> None:
    # Raw values are canonical numbers and pass as they are; anything else is escaped.
    assert [raw_html_of(v) for v in ("4111.2", "-0.5", "1e-05", "")] == ["4111.2", "-0.5", "1e-05", ""]
    assert raw_html_of("<b>&") == "&lt;b&gt;&amp;"
