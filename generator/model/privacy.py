"""The privacy guard: no full mobile or ID number in anything published, however it is written.

Text is NFKC-normalised first (full-width digits become ASCII), and numbers are found also when written
in groups with spaces, dashes or dots, in brackets, or with the country code (+86 138 1234 5678). A masked
number (138****1234) never matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pandas as pd

from ..errors import Message, Problem

_SEP = r"[\s\-.·]?"
# 18-digit ID numbers (the check digit may be X), in 6-8-4 groups as people write them.
_ID_NUMBER = re.compile(rf"(?<![0-9])[1-9][0-9]{{5}}{_SEP}[0-9]{{8}}{_SEP}[0-9]{{3}}[0-9Xx](?![0-9A-Za-z])")
# 11-digit mobile numbers: 139 1234 5678, (139)1234-5678, +86 139…, 0086-139….
_MOBILE = re.compile(rf"(?<![0-9])(?:(?:\+|00)?86{_SEP}|\(\+?86\){_SEP})?"
                     rf"\(?1[3-9][0-9]\)?{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}}(?![0-9])")
_MIN_DIGITS = 11


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def findings(text: str) -> Iterator[tuple[str, str]]:
    """(code, the number as written) for every unmasked ID or mobile number in `text`."""
    normal = _normalised(text)
    if sum(char.isdigit() for char in normal) < _MIN_DIGITS:
        return
    taken: list[tuple[int, int]] = []
    for match in _ID_NUMBER.finditer(normal):
        taken.append(match.span())
        yield "privacy.id_number", match.group(0)
    for match in _MOBILE.finditer(normal):
        if not any(start <= match.start() < end for start, end in taken):
            yield "privacy.mobile", match.group(0).strip()


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
        digits = candidates.str.count(r"[0-9０-９]")
        for row in candidates.index[(digits >= _MIN_DIGITS).to_numpy()]:
            problems.extend(scan(source, int(row), label, str(column[row])))
    return problems


def scan_values(source: str, values: Any, path: tuple[str, ...] = (),
                line: Any = None) -> Iterable[Problem]:
    """Every string in a nested structure (site.toml, front matter), at the line `line(path)` gives."""
    if isinstance(values, int) and not isinstance(values, bool):
        values = str(values)  # YAML reads an unquoted 13812345678 as a number: it is published all the same
    if isinstance(values, str):
        for code, value in findings(values):
            yield Problem(source, line(path) if line else 0, ".".join(path), Message.of(code, value=value))
    elif isinstance(values, dict):
        for key, item in values.items():
            yield from scan_values(source, item, (*path, str(key)), line)
    elif isinstance(values, (list, tuple)):
        for item in values:
            yield from scan_values(source, item, path, line)
