"""What the checks of every kind of file share: required columns, ids, numbers and dates of one cell."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from ..errors import Message, Problem
from ..load.cells import FIRST_DATE, LAST_DATE, NUMBER_LIMIT, DateRangeError, NumberRangeError, parse_date, parse_number
from ..load.tables import Column, Table
from .config_types import SLUG

MAX_TEXT = 2000  # characters in one published cell


class Checks:
    """Problems of one file, collected in reading order."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, row: int, column: str, code: str, **params: object) -> None:
        self.problems.append(Problem(self.source, row, column, Message.of(code, **params)))

    def required(self, table: Table, columns: Mapping[str, Sequence[str]] | Sequence[str]) -> bool:
        """Whether `table` has every column (names, or key -> the headers it may have); if not, says which
        are missing (at row 1, the header)."""
        wanted = columns if isinstance(columns, Mapping) else {name: (name,) for name in columns}
        missing = [key for key, names in wanted.items() if table.column(*names) is None]
        for key in missing:
            self.add(1, key, "cell.missing_column", name=key)
        return not missing

    def has_rows(self, table: Table) -> bool:
        """Whether `table` has rows under its header; if not, says so."""
        if table.cells.empty:
            self.add(1, "", "table.header_only")
            return False
        return True

    def slug(self, row: int, label: str, value: str, seen: dict[str, int]) -> bool:
        if not value:
            self.add(row, label, "cell.empty")
            return False
        if not SLUG.match(value) or len(value) > 64:
            self.add(row, label, "cell.bad_slug", value=value)
            return False
        if value in seen:
            self.add(row, label, "cell.duplicate_id", value=value, first=seen[value])
            return False
        seen[value] = row
        return True

    def number(self, row: int, label: str, text: str, limit: int = NUMBER_LIMIT) -> Decimal | None:
        try:
            return parse_number(text, limit)
        except NumberRangeError:
            self.add(row, label, "cell.number_range", value=text, limit=f"{limit:,}")
        except ValueError:
            self.add(row, label, "cell.formula" if text.startswith("=") else "cell.not_number", value=text)
        return None

    def integer(self, row: int, label: str, text: str, limit: int = NUMBER_LIMIT) -> int | None:
        if not text:
            self.add(row, label, "cell.empty")
            return None
        try:
            number = parse_number(text, limit)
        except ValueError:
            number = None
        if number is None or number != number.to_integral_value():
            self.add(row, label, "cell.not_integer", value=text)
            return None
        return int(number)

    def date(self, row: int, label: str, text: str) -> date | None:
        if not text:
            self.add(row, label, "cell.empty")
            return None
        try:
            return parse_date(text)
        except DateRangeError:
            self.add(row, label, "cell.date_range", value=text, first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat())
        except ValueError:
            self.add(row, label, "cell.not_date", value=text)
        return None

    def text(self, row: int, label: str, value: str) -> str:
        if len(value) > MAX_TEXT:
            self.add(row, label, "cell.too_long", length=len(value), limit=MAX_TEXT)
        return value


def cell(table: Table, values: tuple[str, ...], *names: str) -> tuple[str, Column | None]:
    column = table.column(*names)
    return (values[column.index], column) if column is not None else ("", None)


def label_of(column: Column | None, fallback: str) -> str:
    return column.label if column is not None else fallback
