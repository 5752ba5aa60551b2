"""XLSX workbooks for people: tables (pandas DataFrames) in, the bytes of an .xlsx file out.

Written as SpreadsheetML directly rather than through openpyxl: a site of a thousand units has 22 boards
of a thousand rows and 40 columns and a workbook per unit; openpyxl takes half a second for one such board,
this writer a tenth of that (the zip container is the standard library's). The tests read every file back
with openpyxl.

What a sheet holds: a header row (bold, wrapped, frozen with the sheet's first `freeze_columns` columns),
one row per row of the frame; numbers as numbers (with a number format per column), dates as dates, text
as inline strings, neutralised when a spreadsheet would run it as a formula (`data.safe_text`); a cell
may have a fill colour (a tier's), with black or white text, whichever reads better on it. Columns get a
width from what they hold. Sheets print landscape, one page wide, with the header row on every page.

Deterministic: the same tables and reference date give the same bytes (the document's dates are the
reference date, every zip entry has it at 00:00, entries in a fixed order, compressed at a fixed level;
DEFLATE output is zlib's, so another zlib version may compress the same parts to other bytes).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from .data import safe_text
from .views import contrast_text

HEADER_FILL = "#eeeeee"
MAX_WIDTH = 50.0
HEADER_WIDTH = 16.0  # a header longer than this wraps instead of widening its column
ROW_HEIGHT = 15.0
EXCEL_EPOCH = date(1899, 12, 30)
DATE_FORMAT = "yyyy-mm-dd"
COMPRESSION = 1  # zlib level: 6 makes files a quarter smaller and takes a third longer
STORE_BELOW = 2048  # bytes
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    name: str
    # The columns, by their header text, in order (a DataFrame, or a mapping of header -> values; a numpy
    # array of numbers is written fastest); values: str, int, float, date, None/NaN (empty).
    frame: pd.DataFrame | Mapping[str, Any]  # "" is an empty cell, as None
    formats: Mapping[str, str] = field(default_factory=dict)  # column -> number format code, e.g. "0.00"
    fills: Mapping[str, Sequence[str | None]] = field(default_factory=dict)  # column -> a "#rrggbb" per row
    freeze_columns: int = 0  # columns kept in view when scrolling sideways (besides the header row)


def column_letter(n: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_names(names: Sequence[str]) -> list[str]:
    """Names a spreadsheet accepts: at most 31 characters, none of []:*?/\\, not empty, unique (ignoring
    case, as Excel does) — a repeated name gets " (2)", " (3)"…"""
    seen: set[str] = set()
    result = []
    for name in names:
        base = _SHEET_NAME_BAD.sub("_", _ILLEGAL.sub("", name)).strip().strip("'") or "Sheet"
        candidate, n = base[:31], 1
        while candidate.lower() in seen:
            n += 1
            suffix = f" ({n})"
            candidate = base[:31 - len(suffix)] + suffix
        seen.add(candidate.lower())
        result.append(candidate)
    return result


def text_width(text: str) -> float:
    """About how many character widths `text` takes: 1 for ASCII, 2 for CJK (three bytes in UTF-8)."""
    return (len(text.encode("utf-8")) + len(text)) / 2


@lru_cache(maxsize=8192)
def _xml_text(text: str) -> str:
    """Text as XML character data (and attribute values): escaped, without the characters XML forbids."""
    return escape(_ILLEGAL.sub("", text), {'"': "&quot;"})


@lru_cache(maxsize=8192)
def _text_cell(text: str) -> tuple[str, float]:
    """The part of a text cell after its reference and style, and the width the text takes."""
    xml = _xml_text(str(safe_text(text)))
    space = ' xml:space="preserve"' if xml != xml.strip() else ""
    return f' t="inlineStr"><is><t{space}>{xml}</t></is></c>', text_width(text)


@cache
def _contrast(color: str) -> str:
    return contrast_text(color)


def _argb(color: str) -> str:
    color = color.lstrip("#")
    if len(color) == 3:
        color = "".join(c * 2 for c in color)
    return "FF" + color.upper()


class Styles:
    """The workbook's cell formats, numbered as they are first asked for (so the same requests in the same
    order give the same styles.xml)."""

    def __init__(self) -> None:
        self.formats: dict[str, int] = {}
        self.fonts: dict[tuple[bool, str | None], int] = {(False, None): 0}
        self.fills: dict[str, int] = {}
        self.xfs: dict[tuple[int, int, int, bool], int] = {(0, 0, 0, False): 0}
        self._of: dict[tuple[str | None, str | None, bool, bool], int] = {}

    def format_id(self, code: str | None) -> int:
        if not code or code == "General":
            return 0
        if code not in self.formats:
            self.formats[code] = 164 + len(self.formats)
        return self.formats[code]

    def of(self, code: str | None = None, fill: str | None = None, bold: bool = False, wrap: bool = False) -> int:
        found = self._of.get((code, fill, bold, wrap))
        if found is None:
            found = self._of[(code, fill, bold, wrap)] = self._make(code, fill, bold, wrap)
        return found

    def _make(self, code: str | None, fill: str | None, bold: bool, wrap: bool) -> int:
        text_color = _contrast(fill) if fill else None
        font = self.fonts.setdefault((bold, None if text_color in (None, "#000000") else text_color), len(self.fonts))
        fill_id = self.fills.setdefault(_argb(fill), len(self.fills) + 2) if fill else 0
        return self.xfs.setdefault((self.format_id(code), font, fill_id, wrap), len(self.xfs))

    def xml(self) -> str:
        formats = "".join(f'<numFmt numFmtId="{n}" formatCode="{_xml_text(code)}"/>' for code, n in self.formats.items())
        fonts = []
        for bold, color in self.fonts:
            tint = f'<color rgb="{_argb(color)}"/>' if color else ""
            fonts.append(f'<font>{"<b/>" if bold else ""}<sz val="11"/>{tint}<name val="Calibri"/><family val="2"/></font>')
        fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']
        fills += [f'<fill><patternFill patternType="solid"><fgColor rgb="{argb}"/><bgColor indexed="64"/></patternFill></fill>'
                  for argb in self.fills]
        xfs = []
        for format_id, font, fill_id, wrap in self.xfs:
            applied = (' applyNumberFormat="1"' if format_id else "") + (' applyFont="1"' if font else "") + \
                (' applyFill="1"' if fill_id else "")
            if wrap:
                xfs.append(f'<xf numFmtId="{format_id}" fontId="{font}" fillId="{fill_id}" borderId="0" xfId="0"{applied}'
                           ' applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>')
            else:
                xfs.append(f'<xf numFmtId="{format_id}" fontId="{font}" fillId="{fill_id}" borderId="0" xfId="0"{applied}/>')
        return (f'{_XML}<styleSheet xmlns="{_MAIN}">'
                + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if self.formats else "")
                + f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts><fills count="{len(fills)}">{"".join(fills)}</fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                '<dxfs count="0"/><tableStyles count="0"/></styleSheet>')


def _numbers(values: list[float], letter: str, style: int, code: str | None) -> tuple[list[str], float]:
    """The fast way for a column of numbers without fills (most cells of a board)."""
    texts = list(map(repr, values)) if all(map(math.isfinite, values)) else \
        [repr(v) if math.isfinite(v) else "" for v in values]
    styled = f' s="{style}"' if style else ""
    cells = [f'<c r="{letter}{n}"{styled}><v>{t}</v></c>' if t else "" for n, t in enumerate(texts, start=2)]
    return cells, max(map(len, texts), default=0) + (3 if code and "." in code else 1)


def _cells(values: list[object], letter: str, style: int, styles: Styles, fills: Sequence[str | None] | None,
           code: str | None) -> tuple[list[str], float]:
    """The <c> elements of one column (rows from 2 on; "" for an empty cell) and the width its values take."""
    cells: list[str] = []
    width = 0.0
    for n, value in enumerate(values):
        s = style if fills is None or not fills[n] else styles.of(code, fills[n])
        opening = f'<c r="{letter}{n + 2}"' + (f' s="{s}"' if s else "")
        if value is None or value is pd.NA or value is pd.NaT or value == "":
            cells.append(f"{opening}/>" if s != style else "")
        elif isinstance(value, str):
            rest, taken = _text_cell(value)
            cells.append(opening + rest)
            width = max(width, taken)
        elif isinstance(value, bool):
            cells.append(f'{opening} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                cells.append(f"{opening}/>" if s != style else "")
                continue
            number = repr(value)
            cells.append(f"{opening}><v>{number}</v></c>")
            width = max(width, len(number) + (3 if code and "." in code else 1))
        elif isinstance(value, date):
            day = value.date() if isinstance(value, datetime) else value
            cells.append(f"{opening}><v>{(day - EXCEL_EPOCH).days}</v></c>")
            width = max(width, 10)
        else:
            raise TypeError(f"cannot write {type(value).__name__} to a spreadsheet cell")
    return cells, width


def _columns(frame: pd.DataFrame | Mapping[str, Any]) -> tuple[list[tuple[str, list[Any], Any]], int]:
    """(header, values, dtype or None) per column, and the number of rows."""
    if isinstance(frame, pd.DataFrame):
        return [(str(name), column.tolist(), column.dtype) for name, column in frame.items()], len(frame)
    columns = [(str(name), values.tolist() if hasattr(values, "tolist") else list(values),
                values.dtype if isinstance(values, (np.ndarray, pd.Series)) else None) for name, values in frame.items()]
    count = len(columns[0][1]) if columns else 0
    if any(len(values) != count for _, values, _ in columns):
        raise ValueError("the columns of a sheet differ in length")
    return columns, count


def sheet_xml(sheet: Sheet, styles: Styles) -> str:
    found, count = _columns(sheet.frame)
    headers = [name for name, _, _ in found]
    letters = [column_letter(n) for n in range(len(headers))]
    header_style = styles.of(fill=HEADER_FILL, bold=True, wrap=True)
    columns: list[list[str]] = []
    widths: list[float] = []
    for n, (name, values, dtype) in enumerate(found):
        code = sheet.formats.get(name)
        if code is None and dtype is not None and pd.api.types.is_datetime64_any_dtype(dtype):
            code = DATE_FORMAT
        fills = sheet.fills.get(name)
        if fills is None and isinstance(dtype, np.dtype) and dtype.kind in "fiu":
            cells, width = _numbers(values, letters[n], styles.of(code), code)
        else:
            cells, width = _cells(values, letters[n], styles.of(code), styles, fills, code)
        columns.append(cells)
        widths.append(min(MAX_WIDTH, max(width, min(text_width(headers[n]), HEADER_WIDTH), 4.0) + 2))
    lines = max((math.ceil(text_width(h) / max(w - 2, 1)) for h, w in zip(headers, widths, strict=True)), default=1)
    head = "".join(f'<c r="{letter}1" s="{header_style}" t="inlineStr"><is><t>{_xml_text(str(safe_text(h)))}</t></is></c>'
                   for letter, h in zip(letters, headers, strict=True))
    rows = [f'<row r="1" ht="{ROW_HEIGHT * max(lines, 1) + 3:g}" customHeight="1">{head}</row>']
    rows += [f'<row r="{n}">{"".join(cells)}</row>' for n, cells in enumerate(zip(*columns, strict=True), start=2)]
    last = f"{letters[-1]}{count + 1}" if headers else "A1"
    frozen = min(sheet.freeze_columns, len(headers))
    top_left = f"{column_letter(frozen)}2"
    if frozen:
        pane = (f'<pane xSplit="{frozen}" ySplit="1" topLeftCell="{top_left}" activePane="bottomRight" state="frozen"/>'
                f'<selection pane="topRight"/><selection pane="bottomLeft"/>'
                f'<selection pane="bottomRight" activeCell="{top_left}" sqref="{top_left}"/>')
    else:
        pane = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>')
    cols = "".join(f'<col min="{n}" max="{n}" width="{w:.1f}" customWidth="1"/>' for n, w in enumerate(widths, start=1))
    return (f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:{last}"/><sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="{ROW_HEIGHT:g}"/>' + (f"<cols>{cols}</cols>" if cols else "")
            + f'<sheetData>{"".join(rows)}</sheetData>'
            '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>')


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006"


def _content_types(count: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                     'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                     for n in range(1, count + 1))
    return (f'{_XML}<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{sheets}"
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')


def _root_rels() -> str:
    return (f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_OFFICE}/relationships/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_PKG}/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_OFFICE}/relationships/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>")


def _core(title: str, creator: str, when: date) -> str:
    stamp = f"{when.isoformat()}T00:00:00Z"
    return (f'{_XML}<cp:coreProperties xmlns:cp="{_PKG}/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_xml_text(title)}</dc:title><dc:creator>{_xml_text(creator)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')


def _app() -> str:
    return (f'{_XML}<Properties xmlns="{_OFFICE}/extended-properties" xmlns:vt="{_OFFICE}/docPropsVTypes">'
            "<Application>gongshi</Application></Properties>")


def _workbook(names: Sequence[str]) -> str:
    sheets = "".join(f'<sheet name="{_xml_text(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1))
    titles = "".join(f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
                     f"{_xml_text(_quoted(name))}!$1:$1</definedName>" for n, name in enumerate(names))
    return (f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>" + (f"<definedNames>{titles}</definedNames>" if titles else "") + "</workbook>")


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _workbook_rels(count: int) -> str:
    sheets = "".join(f'<Relationship Id="rId{n}" Type="{_OFFICE}/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
                     for n in range(1, count + 1))
    return (f'{_XML}<Relationships xmlns="{_PKG}/relationships">{sheets}'
            f'<Relationship Id="rId{count + 1}" Type="{_OFFICE}/relationships/styles" Target="styles.xml"/>'
            "</Relationships>")


def workbook_bytes(sheets: Sequence[Sheet], when: date, title: str = "", creator: str = "gongshi") -> bytes:
    """The .xlsx file of `sheets` (at least one: an empty list gets one empty sheet), dated `when`."""
    if not sheets:
        sheets = [Sheet("Sheet", pd.DataFrame())]
    names = sheet_names([s.name for s in sheets])
    styles = Styles()
    styles.of(fill=HEADER_FILL, bold=True, wrap=True)  # the header's style first: the same index in every workbook
    parts = [(f"xl/worksheets/sheet{n}.xml", sheet_xml(sheet, styles)) for n, sheet in enumerate(sheets, 1)]
    files = [("[Content_Types].xml", _content_types(len(sheets))), ("_rels/.rels", _root_rels()),
             ("docProps/app.xml", _app()), ("docProps/core.xml", _core(title, creator, when)),
             ("xl/workbook.xml", _workbook(names)), ("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets))),
             ("xl/styles.xml", styles.xml()), *parts]
    return zip_bytes([(name, text.encode("utf-8")) for name, text in files], when)


def zip_bytes(files: Sequence[tuple[str, bytes]], when: date) -> bytes:
    """A zip archive of `files`, in their order, each dated `when` at 00:00 (zipfile would write the clock),
    so that the same workbook is the same bytes. Small parts are stored: compressing them saves a few bytes
    and costs more than writing them."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED if len(data) > STORE_BELOW else zipfile.ZIP_STORED
            archive.writestr(info, data, compresslevel=COMPRESSION)
    return out.getvalue()
