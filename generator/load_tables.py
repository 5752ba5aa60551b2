"""Reading the users' spreadsheets (CSV and XLSX) into plain, typed tables of text.

Nothing here knows about units or indicators: this module only reads faithfully and forgivingly
(encodings, delimiters, full-width characters, merged two-row headers, blank and 合计 rows) and keeps
the positions the user sees in their spreadsheet program, so that later stages can point at
`file:row:column` precisely.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from .errors import ContentError, Problem
from .i18n import Messages

NOT_APPLICABLE = frozenset({"—", "/", "不适用", "免考", "-", "——", "－"})
TOTAL_ROW_WORDS = ("合计", "小计", "总计")

TABLE_SUFFIXES = (".csv", ".xlsx")
TABLE_FOLDERS = ("results", "standings", "grades")

_MSG = Messages(
    {
        "encoding": (
            "无法识别文件的编码{where}。可接受的编码：UTF-8（可带 BOM）、GB18030/GBK、带 BOM 的 UTF-16。"
            "请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”。",
            "Cannot tell the text encoding of this file{where}. Accepted encodings: UTF-8 (with or "
            "without BOM), GB18030/GBK, UTF-16 with BOM. Save it from Excel or WPS as "
            '"CSV UTF-8 (comma delimited)".',
        ),
        "encoding_where": ("（第 {line} 行附近出现无法解码的字节）", " (undecodable bytes near line {line})"),
        "bom_mismatch": (
            "文件开头的 BOM 标明编码为 {encoding}，但内容不是有效的 {encoding}（第 {line} 行附近）。"
            "请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”。",
            "The file starts with a {encoding} byte-order mark but is not valid {encoding} (near "
            'line {line}). Save it from Excel or WPS as "CSV UTF-8 (comma delimited)".',
        ),
        "csv_broken": (
            "无法按 CSV 读取：{detail}",
            "Cannot read this file as CSV: {detail}",
        ),
        "unreadable": (
            "无法读取文件：{detail}。如果文件正在 Excel 或 WPS 中打开，请先关闭后重试。",
            "Cannot read the file: {detail}. If it is open in Excel or WPS, close it and try again.",
        ),
        "xlsx_broken": (
            "无法作为 XLSX 工作簿打开：{detail}。文件可能已损坏、设置了打开密码，或其实不是 XLSX 文件。",
            "Cannot open this as an XLSX workbook: {detail}. The file may be damaged, protected by a "
            "password, or not really an XLSX file.",
        ),
        "sheet_missing": (
            "工作簿中没有名为“{sheet}”的工作表。现有工作表：{names}。",
            'The workbook has no sheet named "{sheet}". Its sheets are: {names}.',
        ),
        "sheets_many": (
            "工作簿中有多个含数据的工作表：{names}。请只保留一个，或在 site.toml 中用 [input] sheet 指定要读取的工作表。",
            "The workbook has several sheets with data: {names}. Keep only one, or name the sheet to "
            "read with sheet under [input] in site.toml.",
        ),
        "xls": (
            "不支持旧版 Excel 的 .xls 格式。请在 Excel 或 WPS 中打开，另存为 .xlsx 或 CSV（UTF-8）。",
            "Old Excel .xls files are not supported. Open it in Excel or WPS and save it as .xlsx or "
            "CSV (UTF-8).",
        ),
        "bad_suffix": (
            "不支持的文件类型“{suffix}”：此文件夹只接受 .csv 和 .xlsx 文件。",
            'Unsupported file type "{suffix}": this folder accepts only .csv and .xlsx files.',
        ),
        "pair": (
            "“{first}”与“{second}”是同一份数据的两个文件，无法确定以哪个为准。请删除或移走其中一个。",
            '"{first}" and "{second}" are two files for the same data; it is unclear which one counts. '
            "Delete or move one of them.",
        ),
        "duplicate_column": (
            "列名重复：“{first}”与“{second}”。请修改其中一列的表头。",
            'Duplicate column name: "{first}" and "{second}". Rename one of the two headers.',
        ),
        "no_content_dir": ("找不到内容文件夹。", "The content folder does not exist."),
        "skip_lock": (
            "已跳过 {path}：这是 Excel、WPS 或 LibreOffice 打开文件时生成的临时锁定文件。",
            "Skipped {path}: a temporary lock file left by Excel, WPS or LibreOffice while a file is open.",
        ),
        "skip_hidden": ("已跳过隐藏文件 {path}。", "Skipped the hidden file {path}."),
        "skip_system": ("已跳过系统文件 {path}。", "Skipped the system file {path}."),
        "skip_folder": (
            "已跳过子文件夹 {path}：只读取 {parent}/ 下直接存放的文件。",
            "Skipped the subfolder {path}: only files directly in {parent}/ are read.",
        ),
    }
)


# --------------------------------------------------------------------------------------------
# Data types


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
    index: int  # 0-based position in Table.columns / Row.cells
    letter: str | None  # "A", "B", ... for XLSX, None for CSV
    # 1-based position in the file as a spreadsheet program shows it (fully empty columns are
    # dropped from the table, so it can differ from index + 1); 0 when unknown.
    number: int = 0

    @property
    def label(self) -> str:
        """How messages name the column: "C 招商引资" for XLSX, "招商引资" for CSV."""
        if self.letter is not None:
            return f"{self.letter} {self.name}" if self.name else self.letter
        if self.name:
            return self.name
        # A CSV column without a header: its ordinal is the only thing the user can find.
        return f"#{self.number or self.index + 1}"


@dataclass(frozen=True)
class Row:
    number: int  # row number as the spreadsheet shows it (header = row 1, or rows 1-2)
    cells: tuple[str, ...]  # cleaned text per column, "" when empty; same length as columns


@dataclass(frozen=True)
class Table:
    source: str  # display path used in messages, e.g. "results/2025-03.csv"
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]  # data rows only: blank and 合计/小计/总计 rows dropped
    header_rows: int  # 1 or 2

    def column(self, name: str) -> Column | None:
        for col in self.columns:
            if col.name == name:
                return col
        return None


@dataclass(frozen=True)
class ContentFiles:
    results: tuple[Path, ...]
    standings: tuple[Path, ...]
    grades: tuple[Path, ...]
    notices: tuple[Path, ...]
    tasks: Path | None
    skipped: tuple[str, ...]  # localised notes about lock/hidden files that were skipped


# --------------------------------------------------------------------------------------------
# Cell text

# Characters that are invisible but break exact matching (zero-width space/joiners, stray BOMs).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x0b\x0c\x85]+")


# Full-width digits, letters, the signs of numbers and the ideographic space become ASCII; Chinese punctuation (，（）：、) stays
# as typed, since it is part of names and notes that the site shows. Numbers, dates and header matching
# apply NFKC themselves.
_FULL_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_FULL_WIDTH.update({0x3000: 0x20, 0xFF0E: 0x2E, 0xFF05: 0x25, 0xFF0B: 0x2B, 0xFF0D: 0x2D})  # space . % + -


def clean_cell(text: str) -> str:
    """Full-width digits/letters/spaces -> ASCII, invisible characters removed, white space collapsed."""
    text = _INVISIBLE.sub("", text.translate(_FULL_WIDTH))
    return " ".join(text.split())


def clean_header(text: str) -> str:
    """Like clean_cell, but line breaks (Alt+Enter in Excel headers) join without a space."""
    text = _INVISIBLE.sub("", text.translate(_FULL_WIDTH))
    text = _LINE_BREAKS.sub("", text)
    return " ".join(text.split())


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
_NUMBER = re.compile(
    r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?"
)
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})


def parse_number(text: str) -> Decimal | None:
    """A number as users type it: "1,234.5", "１，２３４", "95%" (-> 95), "+3", "−2". None when empty."""
    compact = unicodedata.normalize("NFKC", text).translate(_MINUS_SIGNS).strip()
    if not compact:
        return None
    if compact.endswith("%"):
        compact = compact[:-1].rstrip()
    if not _NUMBER.fullmatch(compact):
        raise ValueError(f"not a number: {text!r}")
    try:
        return Decimal(compact.replace(",", "").lstrip("+"))
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise ValueError(f"not a number: {text!r}") from exc


_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
)


def parse_date(text: str) -> dt.date:
    """"2025-03-01", "2025/3/1", "2025.3.1", "2025年3月1日" (and Excel dates, already ISO here)."""
    compact = "".join(unicodedata.normalize("NFKC", text).split())
    for form in _DATE_FORMS:
        match = form.fullmatch(compact)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)  # raises ValueError for 2025-02-30
    raise ValueError(f"not a date: {text!r}")


def _looks_like_data(cell: str) -> bool:
    """A cell that would be a value in a data row, never a header label."""
    if not cell:
        return False
    if is_not_applicable(cell):
        return True
    try:
        parse_number(cell)
        return True
    except ValueError:
        pass
    try:
        parse_date(cell)
        return True
    except ValueError:
        return False


# --------------------------------------------------------------------------------------------
# Building a table from a grid of raw text


@dataclass
class _Grid:
    """Raw text of a sheet: rows[i] is spreadsheet row `numbers[i]`; cells at absolute columns."""

    numbers: list[int]
    rows: list[list[str]]
    merges: list[tuple[tuple[int, int], tuple[int, int]]]  # 0-based ((row, col), (row, col)), XLSX only
    letters: bool


def _is_two_row_header(
    first: list[str],
    second: list[str],
    first_index: int,
    used: list[int],
    merges: list[tuple[tuple[int, int], tuple[int, int]]],
) -> bool:
    """Whether the first two non-empty rows together form the header (merged group headers).

    Heuristic, all within the used columns:
    1. Row 2 must be the very next row, non-empty, and hold nothing that looks like data (no
       number, percentage, date or 不适用 marker): a first data row almost always does, a sub-header
       never does. This guard comes first because it is what keeps single-row headers safe.
    2. And the two rows must show the shape of a merged header, any of:
       a. a group: a row-1 label followed by an empty row-1 cell, with row-2 labels under both
          (主导产业 | (blank) over 招商引资 | 固定资产投资);
       b. complementary rows: a row-1 label with nothing under it (单位 merged over two rows) and
          a row-2 label with nothing above it;
       c. (XLSX) a merged range that starts in row 1 and reaches into row 2, or spans several
          columns of row 1 with a row-2 label under it.
    A single header row with a blank name and a wholly textual first data row could still be
    misread, but then the caller reports odd column names rather than silently wrong data.
    """
    if any(_looks_like_data(second[c]) for c in used):
        return False
    if not any(second[c] for c in used):
        return False
    for pos, col in enumerate(used[:-1]):
        nxt = used[pos + 1]
        if first[col] and not first[nxt] and second[col] and second[nxt]:
            return True  # (a)
    label_over_blank = any(first[c] and not second[c] for c in used)
    blank_over_label = any(not first[c] and second[c] for c in used)
    if label_over_blank and blank_over_label:
        return True  # (b)
    used_set = set(used)
    for (r0, c0), (r1, c1) in merges:
        if r0 != first_index or c0 not in used_set:
            continue
        if r1 >= first_index + 1:
            return True  # (c) vertical merge through both header rows
        if c1 > c0 and any(second[c] for c in range(c0, c1 + 1) if c in used_set):
            return True  # (c) horizontal merge over row-2 labels
    return False


def _build_table(grid: _Grid, source: str, lang: str) -> Table:
    width = max((len(r) for r in grid.rows), default=0)
    raw = [r + [""] * (width - len(r)) for r in grid.rows]
    cells = [[clean_cell(c) for c in r] for r in raw]
    heads = [[clean_header(c) for c in r] for r in raw]

    # Rows and columns with nothing in them carry no information (spacer columns, the empty
    # area calamine reports before B2, trailing blank rows); positions are kept for messages.
    non_empty = [i for i, r in enumerate(cells) if any(r)]
    if not non_empty:
        return Table(source, (), (), 1)
    used = [c for c in range(width) if any(cells[i][c] for i in non_empty)]

    h1 = non_empty[0]
    # Row 2 of a header is the physically next row; a blank row in between ends the header.
    has_next = h1 + 1 < len(cells) and grid.numbers[h1 + 1] == grid.numbers[h1] + 1
    two_rows = has_next and _is_two_row_header(
        cells[h1], cells[h1 + 1], grid.numbers[h1] - 1, used, grid.merges
    )
    header = [h1, h1 + 1] if two_rows else [h1]

    columns: list[Column] = []
    origin: list[int] = []  # the row number each column's name came from
    for index, pos in enumerate(used):
        # The lower header row names the column; the group label above is the fallback.
        source_row = next((h for h in reversed(header) if heads[h][pos]), h1)
        letter = column_letter(pos) if grid.letters else None
        columns.append(Column(heads[source_row][pos], index, letter, pos + 1))
        origin.append(grid.numbers[source_row])

    problems: list[Problem] = []
    seen: dict[str, Column] = {}
    for col, row_no in zip(columns, origin):
        if not col.name:
            continue  # an unnamed column with data: the caller decides what it means
        if col.name in seen:
            problems.append(
                Problem(
                    source,
                    row_no,
                    col.label,
                    _MSG(lang, "duplicate_column", first=seen[col.name].label, second=col.label),
                )
            )
        else:
            seen[col.name] = col
    if problems:
        raise ContentError(problems)

    rows = []
    for i in range(header[-1] + 1, len(cells)):
        values = tuple(cells[i][c] for c in used)
        if not any(values) or is_total_row(values):
            continue
        rows.append(Row(grid.numbers[i], values))
    return Table(source, tuple(columns), tuple(rows), len(header))


# --------------------------------------------------------------------------------------------
# CSV


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def decode_csv_bytes(data: bytes, source: str, lang: str) -> str:
    """Bytes -> text: a BOM decides; else strict UTF-8; else GB18030. Raises ContentError."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as exc:
                line = body[: exc.start].decode(codec, errors="replace").count("\n") + 1
                raise ContentError(
                    [Problem(source, 0, "", _MSG(lang, "bom_mismatch", encoding=label, line=line))]
                ) from exc
            return text
    failures: list[int] = []
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            failures.append(exc.start)
            continue
        # NUL characters mean UTF-16 without a BOM or a binary file: not text we can trust.
        if "\x00" not in text:
            return text
        failures.append(len(text[: text.index("\x00")].encode(codec)))
    # The encoding that got further is the likelier intent: point at where it broke.
    line = _line_of(data, max(failures))
    where = _MSG(lang, "encoding_where", line=line)
    raise ContentError([Problem(source, 0, "", _MSG(lang, "encoding", where=where))])


_DELIMITERS = (",", "\t", ";")  # in order of preference on a tie


def sniff_delimiter(text: str) -> str:
    """Pick , ; or tab: the one that splits the header into most columns consistently.

    csv.Sniffer guesses from character frequencies and is easily fooled by "1,234" in a
    tab-separated file; parsing with each candidate and comparing row widths is sturdier.
    """
    best, best_score = ",", (0.0, 0)
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        widths = []
        try:
            for record in reader:
                if any(field.strip() for field in record):
                    widths.append(len(record))
                if len(widths) >= 50:
                    break
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        consistent = sum(1 for w in widths if w == widths[0]) / len(widths)
        score = (consistent, widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path, source: str, lang: str) -> Table:
    data = _read_bytes(path, source, lang)
    text = decode_csv_bytes(data, source, lang)
    delimiter = sniff_delimiter(text)
    rows: list[list[str]] = []
    try:
        # One record is one spreadsheet row, also when a quoted cell spans several lines, so
        # the record number is what Excel or WPS shows when the user opens the file.
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(record)
    except csv.Error as exc:
        raise ContentError([Problem(source, len(rows) + 1, "", _MSG(lang, "csv_broken", detail=exc))]) from exc
    grid = _Grid(list(range(1, len(rows) + 1)), rows, [], letters=False)
    return _build_table(grid, source, lang)


def _unreadable(source: str, exc: OSError, lang: str) -> ContentError:
    detail = exc.strerror or str(exc)
    return ContentError([Problem(source, 0, "", _MSG(lang, "unreadable", detail=detail))])


def _read_bytes(path: Path, source: str, lang: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(source, exc, lang) from exc


def _check_readable(path: Path, source: str, lang: str) -> None:
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise _unreadable(source, exc, lang) from exc


# --------------------------------------------------------------------------------------------
# XLSX


def xlsx_value_text(value: object) -> str:
    """A calamine cell value -> text as the user would type it (no float noise, ISO dates)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return str(int(value))  # 1.0 -> "1", also -0.0 -> "0" and 1e20 without exponent
        # repr is the shortest text that round-trips, so 95.5 stays "95.5"; avoid "1e-07".
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):  # before date: datetime is a date subclass
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


def _sheet_rows(workbook: CalamineWorkbook, name: str) -> tuple[list[list[str]], list]:
    sheet = workbook.get_sheet_by_name(name)
    # skip_empty_area=False keeps absolute positions: row i is spreadsheet row i + 1, column j is
    # letter column_letter(j), which is what messages must show.
    rows = [[xlsx_value_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    merges = sheet.merged_cell_ranges or []
    return rows, list(merges)


def _quote_names(names: Sequence[str]) -> str:
    return "、".join(f"“{n}”" for n in names)


def _read_xlsx(path: Path, source: str, sheet: str | None, lang: str) -> Table:
    def fail(key: str, **values: object) -> ContentError:
        return ContentError([Problem(source, 0, "", _MSG(lang, key, **values))])

    _check_readable(path, source, lang)  # a clear message for missing or locked files
    try:
        with CalamineWorkbook.from_path(path) as workbook:
            chosen: tuple[list[list[str]], list] | None = None
            if sheet is not None:
                names = workbook.sheet_names
                match = sheet if sheet in names else next(
                    (n for n in names if clean_cell(n) == clean_cell(sheet)), None
                )
                if match is None:
                    raise fail("sheet_missing", sheet=sheet, names=_quote_names(names))
                chosen = _sheet_rows(workbook, match)
            else:
                visible: list[tuple[str, tuple[list[list[str]], list]]] = []
                hidden: list[tuple[str, tuple[list[list[str]], list]]] = []
                for meta in workbook.sheets_metadata:
                    if meta.typ != SheetTypeEnum.WorkSheet:
                        continue  # chart and macro sheets hold no table
                    content = _sheet_rows(workbook, meta.name)
                    if not any(clean_cell(c) for r in content[0] for c in r):
                        continue
                    # Templates often keep drop-down lists on a hidden sheet: it is not the data.
                    target = visible if meta.visible == SheetVisibleEnum.Visible else hidden
                    target.append((meta.name, content))
                candidates = visible or hidden
                if len(candidates) > 1:
                    raise fail("sheets_many", names=_quote_names([n for n, _ in candidates]))
                chosen = candidates[0][1] if candidates else ([], [])
    except CalamineError as exc:
        raise fail("xlsx_broken", detail=str(exc) or type(exc).__name__) from exc
    rows, merges = chosen
    grid = _Grid(list(range(1, len(rows) + 1)), rows, merges, letters=True)
    return _build_table(grid, source, lang)


# --------------------------------------------------------------------------------------------
# Public entry points


def read_table(path: Path, source: str, *, sheet: str | None = None, lang: str = "zh-CN") -> Table:
    """Read a CSV or XLSX file into a Table. Raises ContentError with problems at `source`."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, source, lang)
    if suffix == ".xlsx":
        return _read_xlsx(path, source, sheet, lang)
    if suffix == ".xls":
        raise ContentError([Problem(source, 0, "", _MSG(lang, "xls"))])
    raise ContentError([Problem(source, 0, "", _MSG(lang, "bad_suffix", suffix=path.suffix))])


_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db"})


def _skip_note(name: str, display: str, lang: str) -> str | None:
    """A localised note when `name` is a lock, hidden or OS file to skip; None to keep it."""
    if name.startswith(("~$", ".~lock")):
        return _MSG(lang, "skip_lock", path=display)
    if name.startswith("."):
        return _MSG(lang, "skip_hidden", path=display)
    if name.lower() in _SYSTEM_FILES:
        return _MSG(lang, "skip_system", path=display)
    return None


def _scan_table_folder(
    folder: Path, rel: str, lang: str, problems: list[Problem], skipped: list[str]
) -> tuple[Path, ...]:
    if not folder.is_dir():
        return ()
    by_stem: dict[str, list[Path]] = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        display = f"{rel}/{entry.name}"
        note = _skip_note(entry.name, display, lang)
        if note:
            skipped.append(note)
            continue
        if entry.is_dir():
            skipped.append(_MSG(lang, "skip_folder", path=display + "/", parent=rel))
            continue
        suffix = entry.suffix.lower()
        if suffix == ".xls":
            problems.append(Problem(display, 0, "", _MSG(lang, "xls")))
        elif suffix not in TABLE_SUFFIXES:
            problems.append(Problem(display, 0, "", _MSG(lang, "bad_suffix", suffix=entry.suffix or entry.name)))
        else:
            by_stem.setdefault(entry.stem.casefold(), []).append(entry)
    kept: list[Path] = []
    for paths in by_stem.values():
        if len(paths) > 1:
            first, second = (f"{rel}/{p.name}" for p in paths[:2])
            problems.append(Problem(first, 0, "", _MSG(lang, "pair", first=first, second=second)))
        else:
            kept.append(paths[0])
    return tuple(sorted(kept, key=lambda p: p.name))


def discover(content_dir: Path, *, lang: str = "zh-CN") -> tuple[ContentFiles, list[Problem]]:
    """List the data files of a content project; never looks into archive/ or templates/."""
    problems: list[Problem] = []
    skipped: list[str] = []
    if not content_dir.is_dir():
        problems.append(Problem(str(content_dir), 0, "", _MSG(lang, "no_content_dir")))
        return ContentFiles((), (), (), (), None, ()), problems

    folders = {
        name: _scan_table_folder(content_dir / name, name, lang, problems, skipped)
        for name in TABLE_FOLDERS
    }

    notices: list[Path] = []
    notices_dir = content_dir / "notices"
    if notices_dir.is_dir():
        for entry in sorted(notices_dir.iterdir(), key=lambda p: p.name):
            note = _skip_note(entry.name, f"notices/{entry.name}", lang)
            if note:
                skipped.append(note)
            elif entry.is_file() and entry.suffix.lower() == ".md":
                notices.append(entry)
            # Other files (images, attachments) may be linked from notices: not ours to judge.

    tasks_found: list[Path] = []
    for entry in sorted(content_dir.iterdir(), key=lambda p: p.name):
        if entry.name.startswith(("~$", ".~lock")):
            skipped.append(_MSG(lang, "skip_lock", path=entry.name))
            continue
        if not entry.is_file() or entry.stem.lower() != "tasks":
            continue
        if entry.suffix.lower() == ".xls":
            problems.append(Problem(entry.name, 0, "", _MSG(lang, "xls")))
        elif entry.suffix.lower() in TABLE_SUFFIXES:
            tasks_found.append(entry)
    tasks: Path | None = None
    if len(tasks_found) > 1:
        first, second = (p.name for p in tasks_found[:2])
        problems.append(Problem(first, 0, "", _MSG(lang, "pair", first=first, second=second)))
    elif tasks_found:
        tasks = tasks_found[0]

    files = ContentFiles(
        results=folders["results"],
        standings=folders["standings"],
        grades=folders["grades"],
        notices=tuple(notices),
        tasks=tasks,
        skipped=tuple(skipped),
    )
    return files, problems
