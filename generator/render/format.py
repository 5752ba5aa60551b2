"""Numbers and dates as pages, PDFs and downloads show them: formatted once, here.

Published numbers arrive rounded by the rules (`outcome`); formatting one with its own number of decimals
prints exactly its digits. Numbers users typed are shown as they typed them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from markupsafe import Markup, escape

from ..i18n import N_, Translator


def fixed(value: float | None, decimals: int) -> str:
    """A published (already rounded) number with its decimals: 85.5 at 2 → "85.50"; "" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def fine_text(value: float, decimals: int, at_least: int) -> str:
    """An intermediate number (published at `decimals`) without the zeros that end it, but with `at_least`
    decimals, as the score has: 86.4000 → "86.40", 7.7760 → "7.776"."""
    text = fixed(value, decimals)
    if "." not in text:
        return text
    whole, _, part = text.partition(".")
    part = part.rstrip("0").ljust(at_least, "0")
    return f"{whole}.{part}" if part else whole


_NUMBER_TEXT = re.compile(r"[0-9eE.+-]*")


def raw_html_of(raw: str) -> str:
    """A raw value as HTML. Raw values are canonical numbers (digits, sign, point, exponent) with nothing to
    escape (checked, not assumed: escaping every one of a board's cells costs more than checking)."""
    return raw if _NUMBER_TEXT.fullmatch(raw) else str(escape(raw))


def fixed_all(values: Iterable[float], decimals: int) -> list[str]:
    """`fixed` of every value. Published scores repeat (a board's thousands of cells hold a few thousand
    distinct values at most): each is formatted once."""
    made: dict[float, str] = {}
    texts = []
    for value in values:
        text = made.get(value)
        if text is None:
            text = made[value] = fixed(value, decimals)
        texts.append(text)
    return texts


def plain(value: Decimal | float | int | str | None) -> str:
    """A number as a clerk writes it, without trailing zeros: 100.0 → "100", 0.30 → "0.3"."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):  # numpy floats are floats too
        if math.isnan(value):
            return ""
        value = Decimal(repr(float(value)))
    number = Decimal(value) if not isinstance(value, Decimal) else value
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "0") else text


def percent(share: float | None) -> str:
    """A weight published at four decimals as a percentage with two, without trailing zeros: 0.0667 →
    "6.67%", 0.15 → "15%"."""
    if share is None or share != share:
        return ""
    return f"{share * 100:.2f}".rstrip("0").rstrip(".") + "%"


def signed(value: int | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)


def change_text(value: int | None) -> str:
    """Rank change: ↑3, ↓2, = (the same), — (no previous rank); the same in every language."""
    if value is None:
        return "—"
    return f"↑{value}" if value > 0 else f"↓{-value}" if value < 0 else "="


def long_date(value: date, tr: Translator) -> str:
    """2025年11月30日 (GB/T 9704 writes dates with Arabic numerals, no leading zeros), or 30 November 2025."""
    return tr("{year}年{month}月{day}日", year=value.year, month=value.month, day=value.day,
              name=tr(_MONTHS[value.month - 1]))


_MONTHS = (N_("一月"), N_("二月"), N_("三月"), N_("四月"), N_("五月"), N_("六月"), N_("七月"), N_("八月"), N_("九月"),
           N_("十月"), N_("十一月"), N_("十二月"))


def names(items: Iterable[str], tr: Translator) -> str:
    """A list of names as the language writes one (、 or ", ")."""
    return tr("、").join(items)


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# One-character words that end an indicator's name as part of its last word: 开工率, 事故数, 项目数, 完成度.
_SUFFIXES = frozenset("率数量额度比值次件起项")


def han_words(run: str) -> list[str]:
    """A guess at the words of a run of Chinese characters, for line breaks only: names of indicators are
    mostly two-character words, the last one perhaps with a one-character suffix (招商|引资|到位|资金,
    新签约|招商|项目数, 重点|项目|开工率); four characters or fewer stay whole (乡村振兴)."""
    if len(run) <= 4:
        return [run]
    last = 3 if run[-1] in _SUFFIXES else 2
    words = [run[-last:]]
    rest = run[:-last]
    while rest:
        words.insert(0, rest[-2:])
        rest = rest[:-2]
    if len(words[0]) == 1:  # a leading character goes with the word after it: 新签约|招商, 基层党|组织
        words[:2] = [words[0] + words[1]]
    return words


def word_breaks(text: str) -> Markup:
    """`text`, escaped, with a break opportunity (<wbr>) between its likely words: with `word-break: keep-all`
    a header then breaks between words, never inside one (招商引资 / 到位资金, not 招商引资到 / 位资金)."""
    parts: list[str] = []
    position = 0
    for match in _HAN_RUN.finditer(text):
        parts.append(str(escape(text[position:match.start()])))
        parts.append("<wbr>".join(str(escape(word)) for word in han_words(match.group(0))))
        position = match.end()
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))
