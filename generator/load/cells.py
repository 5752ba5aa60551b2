"""Cell text as users type it: cleaning, numbers, dates. Pure functions, scalar and vectorised.

Full-width digits, letters and number signs become ASCII; Chinese punctuation (，（）：、) stays as typed,
since it is part of names and notes that the site shows. Numbers and dates apply NFKC themselves.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

NOT_APPLICABLE = frozenset({"—", "/", "不适用", "免考", "-", "——", "－"})
TOTAL_ROW_WORDS = ("合计", "小计", "总计")

# Bounds on every number a user writes, so that float arithmetic keeps a proven margin (rules.numbers)
# and no value can blow up a computation: a billion is more than any county reports in any unit.
NUMBER_LIMIT = 10**9
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2999, 12, 31)

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x0b\x0c\x85]+")
_FULL_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_FULL_WIDTH.update({0x3000: 0x20, 0xFF0E: 0x2E, 0xFF05: 0x25, 0xFF0B: 0x2B, 0xFF0D: 0x2D})  # space . % + -


def clean_cell(text: str) -> str:
    """Full-width digits/letters/spaces -> ASCII, invisible characters removed, white space collapsed."""
    if text.isascii() and text.isprintable() and (not text or (text[0] != " " and text[-1] != " ")) \
            and "  " not in text:
        return text  # the common case, cheaply
    text = _INVISIBLE.sub("", text.translate(_FULL_WIDTH))
    return " ".join(text.split())


def clean_header(text: str) -> str:
    """Like clean_cell, but line breaks (Alt+Enter in Excel headers) join without a space."""
    text = _INVISIBLE.sub("", text.translate(_FULL_WIDTH))
    text = _LINE_BREAKS.sub("", text)
    return " ".join(text.split())


def squash(text: str) -> str:
    """For forgiving matches: NFKC, no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_not_applicable(text: str) -> bool:
    """True when a cell says the indicator does not apply to the unit (—, /, 不适用, 免考 ...)."""
    stripped = text.strip()
    return stripped in NOT_APPLICABLE or clean_cell(stripped) in NOT_APPLICABLE


def is_total_row(cells: Sequence[str]) -> bool:
    """A 合计/小计/总计 row: its first non-empty cell starts with one of those words."""
    for cell in cells:
        compact = "".join(cell.split())
        if compact:
            return compact.startswith(TOTAL_ROW_WORDS)
    return False


# Thousands separators must group by three so that a decimal comma ("1,5") is not misread as 15.
# Exponents are bounded in length: "1e999999999" is text, not a number to compute with, and with at most
# two digits every accepted value is a normal float64 ("1e-400" would silently be 0.0 in the float path).
# A trailing point ("95.") is a number, as Decimal and the vectorised reader agree.
_NUMBER = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,2})?")
_BARE_POINT = re.compile(r"\.(?=[eE]|$)")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})


class NumberRangeError(ValueError):
    """A well-formed number outside the bounds this program computes with."""


def number_text(text: str) -> str | None:
    """The canonical text of a number as users type it ("1,234.5" -> "1234.5", "95%" -> "95"), None when
    empty; ValueError when it is not a number."""
    compact = unicodedata.normalize("NFKC", text).translate(_MINUS_SIGNS).strip()
    if not compact:
        return None
    if len(compact) > 64:
        raise ValueError(text)
    if compact.endswith("%"):
        compact = compact[:-1].rstrip()
    if not _NUMBER.fullmatch(compact):
        raise ValueError(text)
    return _BARE_POINT.sub("", compact.replace(",", "").lstrip("+"))


def parse_number(text: str, limit: int = NUMBER_LIMIT) -> Decimal | None:
    """A number as users type it, exactly. None when empty; ValueError when not a number;
    NumberRangeError when its absolute value exceeds `limit`."""
    canonical = number_text(text)
    if canonical is None:
        return None
    try:
        value = Decimal(canonical)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise ValueError(text) from exc
    if not value.is_finite() or abs(value) > limit:
        raise NumberRangeError(text)
    return value


def parse_numbers(texts: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Vectorised parse_number for a column of cleaned cells: (float64 values, kind per cell).

    The kind is "" (a number as Decimal reads it, or empty: NaN), "written" (a number written as people do,
    "1,234" or "95%", whose exact text is number_text's), "not_number" or "range". Numbers are floats here;
    the rules recompute exactly, from the text, the rare values whose float result lies near a rounding
    boundary."""
    plain = pd.to_numeric(texts, errors="coerce")
    values = plain.astype("float64")
    kinds = pd.Series("", index=texts.index, dtype=object)
    # pandas reads "inf" and "1e-400" (as 0.0) too: those, and every exponent, take parse_number's bounds.
    unparsed = (values.isna() | ~np.isfinite(values) | texts.str.contains("[eE]", regex=True)) & (texts != "")
    values[unparsed] = np.nan
    for index in texts.index[unparsed.to_numpy()]:
        try:
            number = parse_number(texts[index])
        except NumberRangeError:
            kinds[index] = "range"
            continue
        except ValueError:
            kinds[index] = "not_number"
            continue
        values[index] = float(number) if number is not None else np.nan
        kinds[index] = "written"
    too_big = values.abs() > NUMBER_LIMIT
    if too_big.any():
        kinds[too_big & kinds.isin(("", "written"))] = "range"
        values[too_big] = np.nan
    return values, kinds


_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
)


class DateRangeError(ValueError):
    """A real date outside the years this program accepts (1900–2999)."""


def parse_date(text: str) -> dt.date:
    """"2025-03-01", "2025/3/1", "2025.3.1", "2025年3月1日" (and Excel dates, already ISO here)."""
    compact = "".join(unicodedata.normalize("NFKC", text).split())
    for form in _DATE_FORMS:
        match = form.fullmatch(compact)
        if match:
            year, month, day = (int(g) for g in match.groups())
            value = dt.date(year, month, day)  # raises ValueError for 2025-02-30
            if not FIRST_DATE <= value <= LAST_DATE:
                raise DateRangeError(text)
            return value
    raise ValueError(text)


def looks_like_data(cell: str) -> bool:
    """A cell that would be a value in a data row, never a header label."""
    if not cell:
        return False
    if is_not_applicable(cell):
        return True
    try:
        number_text(cell)
        return True
    except ValueError:
        pass
    try:
        parse_date(cell)
        return True
    except ValueError:
        return False
