"""generator/render/xlsx.py: workbooks written as SpreadsheetML, read back with openpyxl — typed cells, fills
with readable text, frozen header, widths, neutralised formulas, valid sheet names, and the same bytes for
the same tables and reference date."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from generator.render.xlsx import Sheet, column_letter, sheet_names, text_width, workbook_bytes, zip_bytes

DAY = date(2026, 1, 6)


def read(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def only_sheet(data: bytes) -> Worksheet:
    sheet = read(data).worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


def sample() -> Sheet:
    frame = pd.DataFrame({
        "名次": [1, 2, 3],
        "单位": ["区委办公室", "乙局", "=HYPERLINK(\"http://x\")"],
        "综合得分": [90.63, 84.3, np.nan],
        "档次": ["●绿", "▲黄", "■红"],
        "较上期": pd.Series([3, None, -2], dtype=object),
        "完成时限": [date(2025, 10, 31), None, date(2026, 1, 6)],
    })
    return Sheet("综合考核", frame, {"综合得分": "0.00", "较上期": "+0;-0;0", "完成时限": "yyyy-mm-dd"},
                 {"档次": ["#1a7f37", "#f5d90a", None]}, freeze_columns=2)


def test_cells_are_typed_numbers_dates_and_text() -> None:
    ws = only_sheet(workbook_bytes([sample()], DAY))
    assert [c.value for c in ws[1]] == ["名次", "单位", "综合得分", "档次", "较上期", "完成时限"]
    # Numbers are numbers (openpyxl's type "n"), not text that looks like one; a NaN is an empty cell.
    assert (ws["A2"].value, ws["A2"].data_type) == (1, "n")
    assert (ws["C2"].value, ws["C2"].data_type, ws["C2"].number_format) == (90.63, "n", "0.00")
    assert ws["C4"].value is None
    # Whole numbers with gaps stay whole (an object column, not floats with NaN); the sign shows in the format.
    assert (ws["E2"].value, ws["E3"].value, ws["E4"].value) == (3, None, -2)
    assert isinstance(ws["E2"].value, int) and ws["E2"].number_format == "+0;-0;0"
    # Dates are dates (a serial number with a date format), read back as datetimes.
    assert ws["F2"].value == datetime(2025, 10, 31) and ws["F2"].is_date and ws["F2"].number_format == "yyyy-mm-dd"
    assert ws["F3"].value is None


def test_a_text_that_would_run_as_a_formula_is_neutralised() -> None:
    # data.safe_text prefixes an apostrophe: the cell is text, never a formula (openpyxl would say "f").
    ws = only_sheet(workbook_bytes([sample()], DAY))
    assert (ws["B4"].value, ws["B4"].data_type) == ("'=HYPERLINK(\"http://x\")", "s")
    frame = pd.DataFrame({"备注": ["+1", "-2", "@SUM(A1)", "\tx", "正常", "—"]})
    ws = only_sheet(workbook_bytes([Sheet("s", frame)], DAY))
    assert [ws.cell(row=n, column=1).value for n in range(2, 8)] == ["'+1", "'-2", "'@SUM(A1)", "'\tx", "正常", "—"]
    assert all(ws.cell(row=n, column=1).data_type == "s" for n in range(2, 8))
    # A header is text too, neutralised the same way.
    ws = only_sheet(workbook_bytes([Sheet("s", pd.DataFrame({"=A1": [1]}))], DAY))
    assert ws["A1"].value == "'=A1"


def test_tier_fills_with_readable_text_and_a_styled_header() -> None:
    ws = only_sheet(workbook_bytes([sample()], DAY))
    green, yellow, plain = ws["D2"], ws["D3"], ws["D4"]
    # #1a7f37 (dark green): white text reads better on it; #f5d90a (light yellow): black text.
    assert green.fill.fill_type == "solid" and green.fill.fgColor.rgb == "FF1A7F37"
    assert green.font.color is not None and green.font.color.rgb == "FFFFFFFF"
    assert yellow.fill.fgColor.rgb == "FFF5D90A" and (yellow.font.color is None or yellow.font.color.rgb == "FF000000")
    assert plain.fill.fill_type is None
    # The header: bold, wrapped, on a light fill; the cells under it are not bold.
    assert ws["A1"].font.b and ws["A1"].alignment.wrap_text and ws["A1"].fill.fgColor.rgb == "FFEEEEEE"
    assert not ws["A2"].font.b


def test_frozen_header_row_and_columns() -> None:
    ws = only_sheet(workbook_bytes([sample()], DAY))
    assert ws.freeze_panes == "C2"  # the header row and the first two columns (名次, 单位)
    plain = only_sheet(workbook_bytes([Sheet("s", pd.DataFrame({"a": [1]}))], DAY))
    assert plain.freeze_panes == "A2"  # the header row alone
    # Printed landscape, one page wide, with the header row on every page.
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$1"


def test_column_widths_follow_what_the_columns_hold() -> None:
    frame = pd.DataFrame({"a": ["x"], "单位": ["示例区工业园区管理委员会"], "n": [3.5], "long": ["y" * 200]})
    ws = only_sheet(workbook_bytes([Sheet("s", frame)], DAY))
    widths = {c: ws.column_dimensions[c].width for c in "ABCD"}
    # 12 CJK characters are about 24 character widths, plus 2 of margin; a one-letter column keeps a minimum (4 + 2).
    assert widths["B"] == pytest.approx(26.0) and widths["A"] == pytest.approx(6.0)
    assert widths["D"] == pytest.approx(50.0)  # capped: a long note wraps in the reader's hands, not the width
    assert text_width("单位") == 4 and text_width("ab") == 2


def test_mappings_and_numpy_columns_are_written_like_frames() -> None:
    columns = {"名次": np.array([1, 2], dtype="int64"), "得分": np.array([1.5, np.nan]), "单位": ["甲", None]}
    from_mapping = workbook_bytes([Sheet("s", columns)], DAY)
    from_frame = workbook_bytes([Sheet("s", pd.DataFrame(columns))], DAY)
    assert from_mapping == from_frame
    ws = only_sheet(from_mapping)
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["名次", "得分", "单位"], [1, 1.5, "甲"], [2, None, None]]
    with pytest.raises(ValueError, match="differ in length"):
        workbook_bytes([Sheet("s", {"a": [1], "b": [1, 2]})], DAY)
    with pytest.raises(TypeError, match="cannot write object"):
        workbook_bytes([Sheet("s", {"a": [object()]})], DAY)


def test_text_without_characters_xml_forbids_and_with_its_spaces() -> None:
    frame = pd.DataFrame({"a": ["a\x00b\x1fc", "  两边有空格  ", "<b>&amp;\"'"]})
    ws = only_sheet(workbook_bytes([Sheet("s", frame)], DAY))
    assert [ws.cell(row=n, column=1).value for n in (2, 3, 4)] == ["abc", "  两边有空格  ", "<b>&amp;\"'"]


def test_sheet_names_a_spreadsheet_accepts() -> None:
    # At most 31 characters, none of []:*?/\, unique ignoring case (as Excel compares them), never empty.
    names = sheet_names(["综合考核", "综合考核", "a/b:c", "x" * 40, "Main", "main", "", "'q'"])
    assert names == ["综合考核", "综合考核 (2)", "a_b_c", "x" * 31, "Main", "main (2)", "Sheet", "q"]
    book = read(workbook_bytes([Sheet(n, pd.DataFrame({"a": [1]})) for n in ("专项鉴定登记：yiqing", "a's")], DAY))
    assert book.sheetnames == ["专项鉴定登记：yiqing", "a's"]  # full-width colon and apostrophe are allowed
    # The header row is the print title of each sheet, the name quoted.
    assert [ws.print_title_rows for ws in book.worksheets] == ["$1:$1", "$1:$1"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=40), min_size=1, max_size=8))
def test_sheet_names_are_always_valid_and_distinct(raw: list[str]) -> None:
    names = sheet_names(raw)
    assert len(names) == len(raw)
    assert len({n.lower() for n in names}) == len(names)
    assert all(0 < len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)


def test_column_letters() -> None:
    assert [column_letter(n) for n in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == \
        ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_an_empty_workbook_still_opens() -> None:
    book = read(workbook_bytes([], DAY))
    assert book.sheetnames == ["Sheet"]
    ws = only_sheet(workbook_bytes([Sheet("空", pd.DataFrame(columns=["单位", "得分"]))], DAY))
    assert [c.value for c in ws[1]] == ["单位", "得分"] and ws.max_row == 1


def test_same_tables_and_date_give_the_same_bytes_dated_that_day() -> None:
    first, second = workbook_bytes([sample()], DAY, "标题"), workbook_bytes([sample()], DAY, "标题")
    assert first == second
    other_day = workbook_bytes([sample()], date(2026, 2, 1), "标题")
    assert other_day != first
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.testzip() is None
    # A fixed order of entries, every one dated the reference date at 00:00, nothing from the clock.
    assert [i.filename for i in archive.infolist()] == [
        "[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"]
    assert {i.date_time for i in archive.infolist()} == {(2026, 1, 6, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-01-06T00:00:00Z") == 2  # created and modified
    properties = read(first).properties
    assert (properties.created, properties.modified, properties.title) == (datetime(2026, 1, 6), datetime(2026, 1, 6), "标题")


def test_the_zip_writer_round_trips_with_zipfile() -> None:
    big = ("行" * 5000).encode("utf-8")  # compressed (more than 2 KB); the small one is stored
    data = zip_bytes([("a.txt", b"small"), ("dir/b.txt", big)], DAY)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert [(i.filename, i.compress_type) for i in archive.infolist()] == [("a.txt", zipfile.ZIP_STORED),
                                                                           ("dir/b.txt", zipfile.ZIP_DEFLATED)]
    assert archive.read("a.txt") == b"small" and archive.read("dir/b.txt") == big
    # A date before 1980 (the first a zip can hold) is written as 1980.
    assert zipfile.ZipFile(io.BytesIO(zip_bytes([("a", b"")], date(1970, 5, 6)))).infolist()[0].date_time[:3] == (1980, 5, 6)


# Text a spreadsheet keeps as it is: no characters XML forbids, no carriage returns (XML turns \r\n into \n).
CELL_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\r", min_codepoint=0x20) | st.sampled_from("\t\n"),
                    max_size=12)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=False, width=64),
                          st.none() | CELL_TEXT), min_size=1, max_size=12))
def test_values_come_back_as_they_went_in(rows: list[tuple[int, float, str | None]]) -> None:
    frame = pd.DataFrame(rows, columns=["整数", "小数", "文字"])
    ws = only_sheet(workbook_bytes([Sheet("s", frame)], DAY))
    back = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(back) == len(rows)
    for (whole, number, text), (got_whole, got_number, got_text) in zip(rows, back, strict=True):
        assert got_whole == whole
        assert (got_number is None) if number != number else got_number == number  # repr round-trips a double
        expected = None if not text else "'" + text if text.startswith(("=", "+", "-", "@", "\t")) else text
        assert got_text == expected
