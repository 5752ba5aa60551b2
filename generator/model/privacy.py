"""The privacy guard: no full mobile or ID number in anything published, however it is written.

Text is NFKC-normalised first (full-width and circled digits become ASCII; digits of other scripts and
Chinese numerals are read as digits), and numbers are found also when written in groups with spaces,
dashes, dots or slashes, in brackets, digit by digit, or with the country code (+86 138 1234 5678). A
masked number (138****1234) never matches. Every published text goes through `findings`: table cells,
site.toml's values and keys, notices' front matter and body, errata.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pandas as pd

from ..errors import Message, Problem

# Separators people put between the groups of a number, after NFKC: up to three spaces, or one dash, dot or
# slash with a space either side at most. Every dash and middle dot is one of these first.
_SEPARATOR = r"(?:[ \t\u00a0]{1,3}|[ ]?[-./][ ]?)"
_S = f"{_SEPARATOR}?"
_DASHES_AND_DOTS = str.maketrans({**{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\u30fc"},
                                  **{c: "." for c in "\u00b7\u2022\u2027\u30fb\u2219"}})
# Numbers written in Chinese numerals (一三八一二三四五六七八) are numbers all the same.
_NUMERALS = str.maketrans(dict(zip("〇零一二三四五六七八九", "00123456789", strict=True)))
_ID_DIGITS = re.compile(r"[1-9][0-9]{16}[0-9Xx]")  # 18 digits, the check digit may be X
_MOBILE_DIGITS = re.compile(r"(0086|86)?(1[3-9][0-9]{9})")  # 11 digits, with the country code or not
# A cluster: digits joined by separators and brackets, as far as it goes ("(+86)138-1234-5678", "0471 …").
_CLUSTER = re.compile(rf"[(+]*[0-9](?:[0-9()]|{_SEPARATOR}(?=[(+]*[0-9])|[Xx](?![0-9]))*")
_GROUP = re.compile(r"[0-9]+[Xx]?")
_MIN_DIGITS = 11
# What may become a digit in _normalised: the first sieve of a table's cells counts these.
_DIGIT_LIKE = r"[\d〇零一二三四五六七八九\u2460-\u249b\u24ea-\u24ff\u2776-\u2793]"


def _normalised(text: str) -> str:
    """NFKC (full-width and circled digits become ASCII), every decimal digit of any script as ASCII,
    dashes and dots as - and ., Chinese numerals as digits: one character for one, so positions agree."""
    normal = unicodedata.normalize("NFKC", text)
    if normal.isascii():
        return normal
    normal = normal.translate(_DASHES_AND_DOTS).translate(_NUMERALS)
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c for c in normal)


def _number(digits: str, groups: list[str]) -> str | None:
    """The code of the number that `groups` (of digits, in order) write, if they write one: as people group
    them (at most eight digits a group, an ID's first at most six: 6-8-4, 3-3-4-4-4; 3-4-4), or in one piece."""
    if _ID_DIGITS.fullmatch(digits) and (len(groups) == 1 or (max(map(len, groups)) <= 8 and len(groups[0]) <= 6)):
        return "privacy.id_number"
    mobile = _MOBILE_DIGITS.fullmatch(digits)
    if mobile:
        own = groups[1:] if mobile.group(1) and groups[0] == mobile.group(1) else groups  # "+86" apart
        if len(own) == 1 or max(map(len, own)) <= 8:
            return "privacy.mobile"
    return None


def _trimmed(written: str) -> str:
    """A number as written, without the brackets around it that are not part of it: "(13812345678)" and
    "1234 5678)" lose theirs, "(139)1234-5678" keeps them."""
    written = written.strip()
    if written.startswith("(") and written.endswith(")") and written.count("(") == written.count(")") == 1:
        written = written[1:-1]
    while written.endswith(")") and written.count(")") > written.count("("):
        written = written[:-1].rstrip()
    while written.startswith("(") and written.count("(") > written.count(")"):
        written = written[1:].lstrip()
    return written


def findings(text: str) -> Iterator[tuple[str, str]]:
    """(code, the number as written, after NFKC) for every unmasked ID or mobile number in `text`.

    Each cluster of digits is read whole first: "1 3 8 1 2 3 4 5 6 7 8" or "13 81 23 45 67 8" is a number
    when nothing else is written beside it. Inside a longer cluster, a number is a run of whole groups of
    three to eight digits (or one group of 11 or 18): "0471-1234567 13812345678" holds a mobile, while a
    list of small numbers or decimals (13.5 16.7 15.2 18.9) holds none. Linear in the text."""
    shown = unicodedata.normalize("NFKC", text)
    normal = _normalised(text)
    if sum(char.isdigit() for char in normal) < _MIN_DIGITS:
        return
    for cluster in _CLUSTER.finditer(normal):
        groups = [(m.start(), m.end(), m.group(0)) for m in _GROUP.finditer(normal, cluster.start(), cluster.end())]
        digits = "".join(group for _, _, group in groups)
        if len(digits) < _MIN_DIGITS:
            continue
        code = _number(digits, [group for _, _, group in groups]) if len(digits) <= 22 else None
        if code is not None:
            yield code, _trimmed(shown[cluster.start():cluster.end()])
            continue
        taken = -1
        for first in range(len(groups)):
            if groups[first][0] < taken:
                continue
            prefix = first > 0 and groups[first - 1][2] in ("86", "0086")
            total = ""
            for last in range(first, len(groups)):
                size = len(groups[last][2])
                if not (3 <= size <= 8 or (last == first and size in (11, 18))):
                    break
                total += groups[last][2]
                if len(total) > 18:
                    break
                found = _number(total, [g for _, _, g in groups[first:last + 1]]) if len(total) in (11, 18) else None
                if found is not None:
                    begin = groups[first - 1][0] if prefix and found == "privacy.mobile" else groups[first][0]
                    yield found, shown[begin:groups[last][1]]
                    taken = groups[last][1]
                    break
                if last == first and size in (11, 18):
                    break


def scan(source: str, row: int, column: str, text: str) -> list[Problem]:
    return [Problem(source, row, column, Message.of(code, value=value)) for code, value in findings(text)]


def scan_frame(source: str, cells: pd.DataFrame, labels: Mapping[int, str]) -> list[Problem]:
    """Every cell of a table of text (index: row numbers), cheaply: only cells with enough digits are read."""
    problems: list[Problem] = []
    for position, label in labels.items():
        column = cells[position]
        if column.empty:
            continue
        long_enough = column.str.len().to_numpy() >= _MIN_DIGITS  # a cheap first sieve: most cells are short
        if not long_enough.any():
            continue
        candidates = column[long_enough]
        digits = candidates.str.count(_DIGIT_LIKE)
        for row in candidates.index[(digits >= _MIN_DIGITS).to_numpy()]:
            problems.extend(scan(source, int(row), label, str(column[row])))
    return problems


def scan_values(source: str, values: Any, path: tuple[str | int, ...] = (),
                line: Any = None) -> Iterable[Problem]:
    """Every string in a nested structure (site.toml, front matter), at the line `line(path)` gives."""
    if isinstance(values, (int, float)) and not isinstance(values, bool):
        values = str(values)  # YAML reads an unquoted 13812345678 as a number: it is published all the same
    if isinstance(values, str):
        for code, value in findings(values):
            yield Problem(source, line(path) if line else 0, ".".join(map(str, path)), Message.of(code, value=value))
    elif isinstance(values, dict):
        for key, item in values.items():
            # Keys are published too: a board's id is in its URL, a rating word of scoring.levels on the
            # method page.
            for code, value in findings(str(key)):
                yield Problem(source, line((*path, str(key))) if line else 0, ".".join(map(str, (*path, key))),
                              Message.of(code, value=value))
            yield from scan_values(source, item, (*path, str(key)), line)
    elif isinstance(values, (list, tuple)):
        for index, item in enumerate(values):  # the position too: "tiers.levels.2.label", at its own line
            yield from scan_values(source, item, (*path, index), line)


def never_published(tables: Iterable[Any], names: Iterable[str]) -> list[Problem]:
    """A problem at each column of `tables` (load.tables.Table) whose header is one of `names`
    (site.toml's privacy.never_publish): compared exactly, else after NFKC, without white space, ignoring case."""
    def key(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split()).casefold()

    wanted = {key(name) for name in names}
    if not wanted:
        return []
    return [Problem(table.source, 1, column.label, Message.of("privacy.never_publish", column=column.name))
            for table in tables if table is not None for column in table.columns
            if column.name and key(column.name) in wanted]
