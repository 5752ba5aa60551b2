"""Reading the users' spreadsheets (CSV and XLSX) into tables of text, as they are.

Nothing here knows about units or indicators: this module reads faithfully and forgivingly (encodings,
delimiters, full-width characters, merged two-row headers, blank and 合计 rows) and keeps the positions
the user sees in their spreadsheet program, so that later stages can point at `file:row:column`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ..errors import ContentError, Message, Problem
from .cells import clean_cell, clean_header, is_total_row, looks_like_data
from .encoding import decode_text, fail

MAX_ROWS = 1_000_000
MAX_COLUMNS = 1_000
MAX_XLSX_XML = 256 * 2**20  # uncompressed bytes of one sheet


def column_letter(position: int) -> str:
    """0-based column position -> spreadsheet letters (0 -> A, 25 -> Z, 26 -> AA)."""
    letters = ""
    n = position + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


@dataclass(frozen=True)
class Column:
    name: str  # cleaned header text; "" when the header is empty but the column holds data
    index: int  # position in Table.cells
    letter: str | None  # "A", "B", ... for XLSX, None for CSV
    number: int = 0  # 1-based position in the file as a spreadsheet program shows it

    @property
    def label(self) -> str:
        """How messages name the column: "C 招商引资" for XLSX, "招商引资" for CSV."""
        if self.letter is not None:
            return f"{self.letter} {self.name}" if self.name else self.letter
        return self.name or f"#{self.number or self.index + 1}"


@dataclass(frozen=True)
class Table:
    """The data rows of one sheet. `cells` holds the cleaned text of each data row ("" when empty), one
    DataFrame column per `Column` (named by its position); its index is the row number as the spreadsheet
    shows it (blank and 合计/小计/总计 rows are dropped, their numbers kept by the others)."""

    source: str  # display path used in messages, e.g. "results/2025-03.csv"
    columns: tuple[Column, ...]
    cells: pd.DataFrame
    header_rows: int  # 1 or 2
    digest: str = ""  # sha256 of the file's bytes (and the sheet read), set by the loader

    def column(self, *names: str) -> Column | None:
        for name in names:
            for col in self.columns:
                if col.name == name:
                    return col
        return None

    def text(self, column: Column) -> pd.Series:
        return self.cells[column.index]

    def rows(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        """(row number, cells) for every data row: for the small tables read row by row."""
        for number, values in zip(self.cells.index, self.cells.itertuples(index=False, name=None), strict=True):
            yield int(number), values


# --------------------------------------------------------------------------------------------
# Building a table from a grid of raw text


@dataclass
class Grid:
    """Raw text of a sheet: rows[i] is spreadsheet row `numbers[i]`; cells at absolute columns."""

    numbers: list[int]
    rows: list[list[str]]
    merges: list[tuple[tuple[int, int], tuple[int, int]]]  # 0-based ((row, col), (row, col)), XLSX only
    letters: bool


def _is_two_row_header(first: list[str], second: list[str], first_index: int, used: list[int],
                       merges: list[tuple[tuple[int, int], tuple[int, int]]]) -> bool:
    """Whether the first two non-empty rows together form the header (merged group headers).

    Row 2 must hold nothing that looks like data (a first data row almost always does, a sub-header never
    does), and the two rows must show the shape of a merged header: a row-1 label followed by an empty
    row-1 cell with row-2 labels under both (主导产业 | (blank) over 招商引资 | 固定资产投资); or a row-1
    label with nothing under it beside a row-2 label with nothing above it (单位 merged over two rows); or
    (XLSX) a merged range starting in row 1 that reaches row 2 or spans row-2 labels."""
    if any(looks_like_data(second[c]) for c in used) or not any(second[c] for c in used):
        return False
    for pos, col in enumerate(used[:-1]):
        nxt = used[pos + 1]
        if first[col] and not first[nxt] and second[col] and second[nxt]:
            return True
    if any(first[c] and not second[c] for c in used) and any(not first[c] and second[c] for c in used):
        return True
    used_set = set(used)
    for (r0, c0), (r1, c1) in merges:
        if r0 != first_index or c0 not in used_set:
            continue
        if r1 >= first_index + 1:
            return True
        if c1 > c0 and any(second[c] for c in range(c0, c1 + 1) if c in used_set):
            return True
    return False


def _is_title_row(first: list[str], second: list[str], used: list[int]) -> bool:
    """A title above the header (“2025年3月考核得分表” in A1, merged across): one label alone in the first
    column of row 1, and a row below labelled from its first column on, with several labels and no data.
    (A group label over some columns of a two-row header does not start in the first column.)"""
    labels_first = [c for c in used if first[c]]
    labels_second = [c for c in used if second[c]]
    return (len(used) >= 3 and labels_first == [used[0]] and bool(second[used[0]])
            and len(labels_second) >= 3 and not any(looks_like_data(second[c]) for c in used))


def build_table(grid: Grid, source: str) -> Table:
    width = max((len(r) for r in grid.rows), default=0)
    if width > MAX_COLUMNS:
        raise fail(source, "table.too_many_columns", columns=width, limit=MAX_COLUMNS)
    non_empty = [i for i, r in enumerate(grid.rows) if any(c.strip() for c in r)]
    if not non_empty:
        raise fail(source, "table.empty")
    raw = [r + [""] * (width - len(r)) for r in grid.rows]
    h1 = non_empty[0]
    used = [c for c in range(width) if any(raw[i][c].strip() for i in non_empty)]
    heads = {i: [clean_header(c) for c in raw[i]] for i in non_empty[:2]}
    has_next = h1 + 1 < len(raw) and grid.numbers[h1 + 1] == grid.numbers[h1] + 1 and h1 + 1 in heads
    if has_next and _is_title_row(heads[h1], heads[h1 + 1], used):
        raise fail(source, "table.title_row", row=grid.numbers[h1], title=grid.numbers[h1],
                   header=grid.numbers[h1 + 1])
    two_rows = has_next and _is_two_row_header(
        [clean_cell(c) for c in raw[h1]], [clean_cell(c) for c in raw[h1 + 1]], grid.numbers[h1] - 1, used,
        grid.merges)
    header = [h1, h1 + 1] if two_rows else [h1]

    columns: list[Column] = []
    seen: dict[str, Column] = {}
    problems: list[Problem] = []
    for index, pos in enumerate(used):
        # The lower header row names the column; the group label above is the fallback.
        source_row = next((h for h in reversed(header) if heads[h][pos]), h1)
        column = Column(heads[source_row][pos], index, column_letter(pos) if grid.letters else None, pos + 1)
        columns.append(column)
        if column.name in seen:
            problems.append(Problem(source, grid.numbers[source_row], column.label, Message.of(
                "table.duplicate_column", first=seen[column.name].label, second=column.label)))
        elif column.name:
            seen[column.name] = column
    if problems:
        raise ContentError(problems)

    numbers: list[int] = []
    records: list[list[str]] = []
    for i in non_empty:
        if i <= header[-1]:
            continue
        values = [clean_cell(raw[i][c]) for c in used]
        if is_total_row(values):
            continue
        numbers.append(grid.numbers[i])
        records.append(values)
    cells = pd.DataFrame(records, index=pd.Index(numbers, dtype="int64"), columns=range(len(used)), dtype=object)
    if not records:
        cells = pd.DataFrame(index=pd.Index([], dtype="int64"), columns=range(len(used)), dtype=object)
    return Table(source, tuple(columns), cells, len(header))


# --------------------------------------------------------------------------------------------
# CSV

_DELIMITERS = (",", "\t", ";")  # in order of preference on a tie


def sniff_delimiter(text: str) -> str:
    """, ; or tab: the one that splits the first rows into most columns consistently (csv.Sniffer is
    easily fooled by "1,234" in a tab-separated file)."""
    best, best_score = ",", (0.0, 0)
    head = text[:65536]
    for delimiter in _DELIMITERS:
        widths = []
        try:
            for record in csv.reader(io.StringIO(head, newline=""), delimiter=delimiter):
                if any(field.strip() for field in record):
                    widths.append(len(record))
                if len(widths) >= 50:
                    break
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(1 for w in widths if w == widths[0]) / len(widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _stray_quote(record: list[str], delimiter: str, header: list[str], source: str, number: int) -> None:
    """A record over several lines whose cell holds whole rows (a line with as many delimiters as a row
    has) began with a quote that was never closed: the rows after it are in that one cell, not in the table."""
    for position, field in enumerate(record):
        lines = field.split("\n")
        if len(lines) > 1 and any(part.count(delimiter) >= max(1, len(header) - 2) for part in lines[1:]):
            name = clean_header(header[position]) if position < len(header) and header is not record else ""
            raise fail(source, "table.stray_quote", row=number, column=name or f"#{position + 1}", lines=len(lines) - 1)


def read_csv(data: bytes, source: str) -> Table:
    text = decode_text(data, source)
    # "sep=;" on the first line is Excel's hint: it names the delimiter and is no row (Excel hides it, so the
    # header is row 1 as the clerk sees it).
    hint = re.match(r"sep=([^\r\n])\r?\n", text[:16], re.IGNORECASE)
    if hint:
        text = text[hint.end():]
    delimiter = hint.group(1) if hint else sniff_delimiter(text)
    numbers: list[int] = []
    rows: list[list[str]] = []
    number = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        # One record is one spreadsheet row, also when a quoted cell spans several lines, so the record
        # number is what Excel or WPS shows. Blank records are dropped at once: a file of a million empty
        # lines costs no memory.
        for number, record in enumerate(reader, 1):
            if reader.line_num - line > 1:
                _stray_quote(record, delimiter, rows[0] if rows else record, source, number)
            line = reader.line_num
            if any(field.strip() for field in record):
                numbers.append(number)
                rows.append(record)
                if len(rows) > MAX_ROWS:
                    raise fail(source, "table.too_many_rows", rows=f">{MAX_ROWS}", limit=MAX_ROWS)
    except csv.Error as exc:
        # Python's only complaint without strict mode: a cell of 128 KB, where an unpaired quote swallowed
        # the rows after it. Said in words; any other is quoted as the reader says it.
        detail: object = Message.of("table.cell_too_long", limit=csv.field_size_limit()) \
            if "field limit" in str(exc) else str(exc)
        raise fail(source, "table.csv_broken", row=number + 1, detail=detail) from exc
    return build_table(Grid(numbers, rows, [], letters=False), source)


# --------------------------------------------------------------------------------------------
# XLSX


def xlsx_value_text(value: object) -> str:
    """A calamine cell value -> text as the user would type it (no float noise, ISO dates)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return format(Decimal(repr(value)), "f") if abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="[A-Z]{1,3}[0-9]{1,7}(?::([A-Z]{1,3})([0-9]{1,7}))?"')


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def check_xlsx_extent(data: bytes, source: str) -> None:
    """Refuse a workbook whose sheets declare or hold a range too big to read, before the reader (which
    allocates the whole range at once) sees it; and one that would inflate beyond reason (a zip bomb)."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise fail(source, "table.xlsx_broken", detail=str(exc)) from exc
    for info in archive.infolist():
        if not info.filename.startswith("xl/worksheets/") or not info.filename.endswith(".xml"):
            continue
        if info.file_size > MAX_XLSX_XML:
            raise fail(source, "table.xlsx_too_big", rows="?", columns="?", max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
        rows = columns = 0
        with archive.open(info) as stream:
            tail = b""
            while chunk := stream.read(1 << 20):
                block = tail + chunk
                dimension = _DIMENSION.search(block)
                if dimension and dimension.group(1):
                    columns = max(columns, _column_number(dimension.group(1)))
                    rows = max(rows, int(dimension.group(2)))
                for letters, digits in _CELL_REF.findall(block):
                    columns = max(columns, _column_number(letters))
                    rows = max(rows, int(digits))
                tail = block[-64:]
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            raise fail(source, "table.xlsx_too_big", rows=rows, columns=columns, max_rows=MAX_ROWS,
                       max_columns=MAX_COLUMNS)


def read_xlsx(data: bytes, source: str, sheet: str | None) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    check_xlsx_extent(data, source)

    def rows_of(workbook: CalamineWorkbook, name: str) -> tuple[list[list[str]], list[tuple[tuple[int, int], tuple[int, int]]]]:
        opened = workbook.get_sheet_by_name(name)
        # skip_empty_area=False keeps absolute positions: row i is spreadsheet row i + 1.
        values = [[xlsx_value_text(v) for v in row] for row in opened.to_python(skip_empty_area=False)]
        return values, list(opened.merged_cell_ranges or [])

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        with workbook:
            if sheet is not None:
                names = workbook.sheet_names
                match = sheet if sheet in names else next((n for n in names if clean_cell(n) == clean_cell(sheet)), None)
                if match is None:
                    raise fail(source, "table.sheet_missing", sheet=sheet, names=tuple(names))
                chosen = rows_of(workbook, match)
            else:
                visible: list[tuple[str, Any]] = []
                hidden: list[tuple[str, Any]] = []
                for meta in workbook.sheets_metadata:
                    if meta.typ != SheetTypeEnum.WorkSheet:
                        continue  # chart and macro sheets hold no table
                    content = rows_of(workbook, meta.name)
                    if not any(c.strip() for r in content[0] for c in r):
                        continue
                    # Templates often keep drop-down lists on a hidden sheet: it is not the data.
                    (visible if meta.visible == SheetVisibleEnum.Visible else hidden).append((meta.name, content))
                candidates = visible or hidden
                if len(candidates) > 1:
                    raise fail(source, "table.sheets_many", names=tuple(n for n, _ in candidates))
                chosen = candidates[0][1] if candidates else ([], [])
    except CalamineError as exc:
        raise fail(source, "table.xlsx_broken", detail=str(exc) or type(exc).__name__) from exc
    rows, merges = chosen
    return build_table(Grid(list(range(1, len(rows) + 1)), rows, merges, letters=True), source)


def read_table(data: bytes, suffix: str, source: str, sheet: str | None = None) -> Table:
    """A CSV or XLSX file's bytes as a Table; ContentError with problems at `source`."""
    if suffix == ".csv":
        return read_csv(data, source)
    return read_xlsx(data, source, sheet)
