"""Cell text as clerks type it (generator/load/cells.py): cleaning, numbers, dates — worked examples and
hypothesis properties."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.cells import (
    NUMBER_LIMIT,
    DateRangeError,
    NumberRangeError,
    clean_cell,
    clean_header,
    is_not_applicable,
    is_total_row,
    looks_like_data,
    number_text,
    parse_date,
    parse_number,
    parse_numbers,
    squash,
)

FAST = settings(max_examples=200, deadline=None)
FULL_WIDTH_DIGITS = str.maketrans("0123456789.-+%", "０１２３４５６７８９．－＋％")


def full_width(text: str) -> str:
    return text.translate(FULL_WIDTH_DIGITS)


def outcome(text: str) -> str | Decimal | None:
    """What parse_number says about `text`: its value, or the kind of refusal."""
    try:
        return parse_number(text)
    except NumberRangeError:
        return "range"
    except ValueError:
        return "not_number"


# ------------------------------------------------------------------------------ clean_cell, clean_header


def test_clean_cell_turns_full_width_digits_letters_and_spaces_into_ascii() -> None:
    # ９５．５ is what a Chinese IME types in full-width mode; the ideographic space U+3000 is one space.
    assert clean_cell("９５．５") == "95.5"
    assert clean_cell("Ａ　ｂ") == "A b"
    assert clean_cell("１２％") == "12%"


def test_clean_cell_keeps_chinese_punctuation_that_names_contain() -> None:
    # （万元） and ，are part of what the site shows: they stay as typed; matching forgives them elsewhere.
    assert clean_cell("招商引资（万元）") == "招商引资（万元）"
    assert clean_cell("甲，乙") == "甲，乙"


def test_clean_cell_removes_invisible_characters_and_collapses_white_space() -> None:
    assert clean_cell("\u200b甲\u200d局\ufeff") == "甲局"
    assert clean_cell("  甲\u3000\u3000乡 ") == "甲 乡"
    assert clean_cell("a\tb\nc") == "a b c"


def test_clean_cell_leaves_plain_ascii_alone() -> None:
    assert clean_cell("abc 1,234") == "abc 1,234"
    assert clean_cell("") == ""


def test_clean_header_joins_alt_enter_line_breaks_without_a_space() -> None:
    # An Excel header typed as 安全生产<Alt+Enter>事故数 is one word, not two.
    assert clean_header("安全生产\n事故数") == "安全生产事故数"
    assert clean_header("安全生产\r\n事故数（起）") == "安全生产事故数（起）"
    assert clean_header(" 单　位 ") == "单 位"


def test_squash_normalises_and_drops_all_white_space() -> None:
    assert squash("招商 引资（万元）") == "招商引资(万元)"
    assert squash("Ｋ Ｐ Ｉ") == "KPI"


@FAST
@given(st.text())
def test_clean_cell_is_idempotent_and_trimmed(text: str) -> None:
    once = clean_cell(text)
    assert clean_cell(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not any("０" <= char <= "９" for char in once)


# ------------------------------------------------------------------------------ not applicable, totals


@pytest.mark.parametrize("text", ["—", "/", "不适用", "免考", "-", "——", "－", " / ", "　不适用　"])
def test_not_applicable_markers(text: str) -> None:
    assert is_not_applicable(text)


@pytest.mark.parametrize("text", ["", "0", "好", "不 适用x", "免"])
def test_other_text_is_not_a_not_applicable_marker(text: str) -> None:
    assert not is_not_applicable(text)


def test_total_rows_are_recognised_by_their_first_non_empty_cell() -> None:
    assert is_total_row(["", "合 计", "170"])
    assert is_total_row(["小计", "", "170"])
    assert is_total_row(["", "总计：", "1"])
    # A unit whose name merely contains 合计 later, or a total word in a later cell, is a data row.
    assert not is_total_row(["联合计划局", "1"])
    assert not is_total_row(["甲局", "合计"])
    assert not is_total_row(["", ""])


# ------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.5", "1234.5"),  # thousands separators grouped by three
        ("1,234,567", "1234567"),
        ("1，234", "1234"),  # a full-width comma is NFKC-normalised to ","
        ("１２３４", "1234"),
        ("９５．５", "95.5"),
        ("95%", "95"),  # SPEC 2: 95% is read as 95
        ("９５％", "95"),
        ("95 %", "95"),
        ("+3", "3"),
        ("＋3", "3"),
        ("−2.5", "-2.5"),  # U+2212 MINUS SIGN, as Word and WPS autocorrect a hyphen
        ("－2", "-2"),
        ("  42  ", "42"),
        (".5", ".5"),
        ("1.5e3", "1.5e3"),
        ("95.", "95"),  # a trailing point, as some clerks type: still 95
    ],
)
def test_number_text_gives_the_canonical_text(text: str, expected: str) -> None:
    assert number_text(text) == expected
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_an_empty_cell_is_no_number(text: str) -> None:
    assert number_text(text) is None
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text",
    # "1,23" and "12,34.5": a comma that does not group by three is a decimal comma or a typo, never read
    # as 123 or 1234.5. "1e9999": an exponent of four digits is text, not a number to compute with.
    ["abc", "1.2.3", "1,23", "12,34.5", "%", "+", "1 2", "—", "95分", "1e9999", "inf", "nan", "0x10", "1_000",
     "1" * 65],
)
def test_not_numbers(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_number(text)
    assert not isinstance(caught.value, NumberRangeError)


def test_the_limit_of_a_billion_is_inclusive() -> None:
    # NUMBER_LIMIT = 10⁹: |x| ≤ 10⁹ is accepted, one hundredth more is refused as out of range.
    assert parse_number("1000000000") == Decimal(NUMBER_LIMIT)
    assert parse_number("-1,000,000,000") == -Decimal(NUMBER_LIMIT)
    assert parse_number("1e9") == Decimal(NUMBER_LIMIT)
    for text in ("1000000000.01", "-1000000001", "2e9", "1e99"):
        with pytest.raises(NumberRangeError):
            parse_number(text)
    assert parse_number("500", limit=500) == 500
    with pytest.raises(NumberRangeError):
        parse_number("501", limit=500)


def test_exponents_that_would_underflow_a_float_are_not_numbers() -> None:
    # 1e-400 is 0.0 as a float64: a board computed in floats would treat it as 0 while exact arithmetic
    # would not. Exponents have at most two digits, so every accepted value is a normal float.
    assert parse_number("1e-99") == Decimal("1e-99")
    with pytest.raises(ValueError):
        parse_number("1e-400")


def test_parse_numbers_classifies_each_cell() -> None:
    texts = pd.Series(["1", "1,234", "abc", "2e9", "", "95%", "—", "inf", "1e-400", "７"], index=range(2, 12))
    values, kinds = parse_numbers(texts)
    # "" = a number as Decimal reads it, or empty; "written" = a number as people write it (1,234 / 95% / the
    # full-width ７), canonicalised by number_text; "range" = beyond 10⁹; "inf" and "1e-400" are not numbers.
    assert kinds.tolist() == ["", "written", "not_number", "range", "", "written", "not_number", "not_number",
                              "not_number", "written"]
    assert values.index.tolist() == list(range(2, 12))
    expected = [1.0, 1234.0, None, None, None, 95.0, None, None, None, 7.0]
    assert [None if math.isnan(v) else v for v in values] == expected


@FAST
@given(st.decimals(min_value=-NUMBER_LIMIT, max_value=NUMBER_LIMIT, places=4, allow_nan=False, allow_infinity=False))
def test_any_decimal_written_as_text_round_trips(value: Decimal) -> None:
    plain = format(value, "f")
    assert parse_number(plain) == value
    grouped = format(value, ",f")  # 1,234,567.1234
    assert parse_number(grouped) == value
    assert parse_number(full_width(plain)) == value
    assert parse_number(f"{plain}%") == value


@FAST
@given(st.text(alphabet="0123456789.,+-%", min_size=1, max_size=12))
def test_full_width_digits_parse_as_the_ascii_ones(text: str) -> None:
    assert outcome(full_width(text)) == outcome(text)


@FAST
@given(st.text(max_size=30))
def test_parse_number_never_raises_anything_but_value_error(text: str) -> None:
    result = outcome(text)
    assert result is None or result in ("range", "not_number") or isinstance(result, Decimal)
    if isinstance(result, Decimal):
        assert result.is_finite() and abs(result) <= NUMBER_LIMIT


NUMBERISH = st.text(alphabet="0123456789.,+-eE%infaINF١ ", max_size=10)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(NUMBERISH, st.text(max_size=8)), min_size=1, max_size=15))
def test_parse_numbers_agrees_with_parse_number_on_every_cell(texts: list[str]) -> None:
    cleaned = [clean_cell(text) for text in texts]
    values, kinds = parse_numbers(pd.Series(cleaned, dtype=object))
    for text, value, kind in zip(cleaned, values, kinds, strict=True):
        expected = outcome(text)
        if expected is None:
            assert (kind, math.isnan(value)) == ("", True)
        elif isinstance(expected, Decimal):
            assert kind in ("", "written") and value == float(expected), text
        else:
            assert (kind, math.isnan(value)) == (expected, True), text


# ------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    "text", ["2025-03-01", "2025-3-1", "2025/3/1", "2025/03/01", "2025年3月1日", "2025.3.1", "２０２５－０３－０１",
             " 2025 年 3 月 1 日 "],
)
def test_date_forms(text: str) -> None:
    assert parse_date(text) == dt.date(2025, 3, 1)


@pytest.mark.parametrize("text", ["", "2025-02-30", "3/1/2025", "2025年3月", "20250301", "明天", "2025-03-01T00:00"])
def test_not_dates(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert not isinstance(caught.value, DateRangeError)


def test_dates_between_1900_and_2999_only() -> None:
    assert parse_date("1900-01-01") == dt.date(1900, 1, 1)
    assert parse_date("2999-12-31") == dt.date(2999, 12, 31)
    for text in ("1899-12-31", "3000-01-01", "0001-01-01"):
        with pytest.raises(DateRangeError):
            parse_date(text)


@FAST
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_every_date_in_range_round_trips_in_every_form(day: dt.date) -> None:
    for text in (day.isoformat(), f"{day.year}/{day.month}/{day.day}", f"{day.year}.{day.month}.{day.day}",
                 f"{day.year}年{day.month}月{day.day}日", full_width(day.isoformat())):
        assert parse_date(text) == day


@FAST
@given(st.dates().filter(lambda d: not dt.date(1900, 1, 1) <= d <= dt.date(2999, 12, 31) and d.year >= 1000))
def test_dates_outside_the_range_are_range_errors(day: dt.date) -> None:
    with pytest.raises(DateRangeError):
        parse_date(day.isoformat())


# ------------------------------------------------------------------------------ looks_like_data


def test_what_looks_like_a_data_value_and_what_like_a_header() -> None:
    assert [looks_like_data(t) for t in ("95", "1,234", "—", "2025-03-01", "95%")] == [True] * 5
    assert [looks_like_data(t) for t in ("", "招商引资", "单位", "2025年度")] == [False] * 4
