"""Assessment periods: 2025 (year), 2025-H1 (half), 2025-Q2 (quarter), 2025-03 (month)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .errors import Message

_PATTERNS = (  # matched whole: "2025\n" is no period
    ("year", re.compile(r"(\d{4})")),
    ("half", re.compile(r"(\d{4})-H([12])")),
    ("quarter", re.compile(r"(\d{4})-Q([1-4])")),
    ("month", re.compile(r"(\d{4})-(0[1-9]|1[0-2])")),
)
_MONTHS_PER = {"year": 12, "half": 6, "quarter": 3, "month": 1}
_COUNT_PER_YEAR = {"year": 1, "half": 2, "quarter": 4, "month": 12}
FIRST_YEAR, LAST_YEAR = 1900, 2999


def file_period_text(stem: str) -> str:
    """A file name as the period it names: full-width digits and stray spaces forgiven (2025-03 .csv)."""
    return "".join(unicodedata.normalize("NFKC", stem).split())


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    """A period, ordered by its end and then by its length (shorter first)."""

    end_key: tuple[int, int]
    length_key: int
    year: int
    kind: str
    index: int  # 1-based index within the year (1 for a year)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Exactly as written (no spaces, ASCII digits): a file name that differs is not this period."""
        for kind, pattern in _PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                year = int(match.group(1))
                index = int(match.group(2)) if kind != "year" else 1
                if year < FIRST_YEAR or year > LAST_YEAR:
                    break
                return cls.make(year, kind, index)
        raise PeriodError(text)

    @classmethod
    def make(cls, year: int, kind: str, index: int) -> Period:
        months = _MONTHS_PER[kind]
        return cls((year, index * months), months, year, kind, index)

    @cached_property
    def id(self) -> str:
        # Asked for thousands of times a build (every key and link of every row names its period).
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "half":
            return f"{self.year}-H{self.index}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    def __str__(self) -> str:
        return self.id

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * _MONTHS_PER[self.kind] + 1, 1)

    @property
    def end(self) -> date:
        last_month = self.index * _MONTHS_PER[self.kind]
        if last_month == 12:
            return date(self.year, 12, 31)
        return date.fromordinal(date(self.year, last_month + 1, 1).toordinal() - 1)

    def previous(self) -> Period:
        """The period directly before, of the same length (2025-01 -> 2024-12)."""
        if self.index > 1:
            return Period.make(self.year, self.kind, self.index - 1)
        return Period.make(self.year - 1, self.kind, _COUNT_PER_YEAR[self.kind])

    def label_message(self) -> Message:
        if self.kind == "year":
            return Message.of("period.year", year=self.year)
        if self.kind == "half":
            return Message.of(f"period.half{self.index}", year=self.year)
        if self.kind == "quarter":
            return Message.of("period.quarter", year=self.year, quarter=self.index,
                              number=Message.of(f"number.{self.index}"))
        return Message.of("period.month", year=self.year, month=self.index, name=Message.of(f"month.{self.index}"))
