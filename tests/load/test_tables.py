"""Reading real CSV and XLSX bytes into tables of text (generator/load/tables.py): encodings, delimiters,
headers, blank and 合计 rows, XLSX cells — and the exact message of every way a file cannot be read.

CSV files are encoded here with the real codecs, XLSX workbooks written by openpyxl (some patched at the XML
level to hold what Excel writes and openpyxl cannot: cached formula results, a huge declared range)."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from generator.errors import ContentError
from generator.i18n import Translator
from generator.load import tables
from generator.load.tables import Column, Table, column_letter, read_table

ZH = Translator("zh-CN")
SOURCE = "results/2025-03.csv"
SIMPLE = "单位,招商引资,备注\n甲乡,1200,好\n乙镇,950.5,\n"
SAVE_AS = "请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”。"


def csv(data: bytes | str, source: str = SOURCE) -> Table:
    return read_table(data.encode("utf-8") if isinstance(data, str) else data, ".csv", source)


def xlsx(book: openpyxl.Workbook, source: str = "results/2025-03.xlsx", sheet: str | None = None) -> Table:
    return read_table(workbook_bytes(book), ".xlsx", source, sheet)


def workbook_bytes(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def errors(data: bytes | str, suffix: str = ".csv", source: str = SOURCE, sheet: str | None = None) -> list[str]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(ContentError) as caught:
        read_table(raw, suffix, source, sheet)
    return [problem.text(ZH) for problem in caught.value.problems]


def names(table: Table) -> list[str]:
    return [column.name for column in table.columns]


def labels(table: Table) -> list[str]:
    return [column.label for column in table.columns]


def rows(table: Table) -> list[tuple[int, tuple[str, ...]]]:
    return list(table.rows())


def assert_simple(table: Table) -> None:
    assert names(table) == ["单位", "招商引资", "备注"]
    assert rows(table) == [(2, ("甲乡", "1200", "好")), (3, ("乙镇", "950.5", ""))]
    assert table.header_rows == 1
    assert table.source == SOURCE


# ---------------------------------------------------------------------------------------- encodings


def test_utf8() -> None:
    assert_simple(csv(SIMPLE))


def test_utf8_with_bom_is_not_part_of_the_first_header() -> None:
    table = csv(codecs.BOM_UTF8 + SIMPLE.encode("utf-8"))
    assert_simple(table)
    column = table.column("单位")
    assert column is not None and column.index == 0


def test_gbk_with_crlf() -> None:
    assert_simple(csv(SIMPLE.replace("\n", "\r\n").encode("gbk")))


def test_gb18030_with_a_character_outside_gbk() -> None:
    text = "单位,值\n𠀀村,3\n"  # U+20000 needs GB18030's four-byte form
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    assert rows(csv(text.encode("gb18030"))) == [(2, ("𠀀村", "3"))]


def test_utf16_le_with_bom_tab_separated_as_excel_saves_unicode_text() -> None:
    text = "单位\t招商引资\t备注\r\n甲乡\t1,200\t好\r\n乙镇\t950.5\t\r\n"
    table = csv(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert names(table) == ["单位", "招商引资", "备注"]
    assert rows(table) == [(2, ("甲乡", "1,200", "好")), (3, ("乙镇", "950.5", ""))]


def test_utf16_be_with_bom() -> None:
    assert_simple(csv(codecs.BOM_UTF16_BE + SIMPLE.encode("utf-16-be")))


def test_undecodable_bytes_name_the_line() -> None:
    # Line 2 holds 0x80 0x80: neither UTF-8 nor GB18030 (0x80 is no GB18030 lead byte).
    data = "单位,值\n".encode() + b"\x80\x80,1\n"
    assert errors(data) == [
        f"{SOURCE}: 无法识别文件的编码（第 2 行附近出现无法解码的字节）。可接受的编码：UTF-8（可带 BOM）、GB18030/GBK、"
        f"带 BOM 的 UTF-16。{SAVE_AS}"
    ]


def test_utf16_without_bom_is_refused_not_misread() -> None:
    # UTF-16 without a BOM decodes as "valid" GB18030 full of NULs: refused at the first NUL, in line 1.
    assert errors(SIMPLE.encode("utf-16-le")) == [
        f"{SOURCE}: 无法识别文件的编码（第 1 行附近出现无法解码的字节）。可接受的编码：UTF-8（可带 BOM）、GB18030/GBK、"
        f"带 BOM 的 UTF-16。{SAVE_AS}"
    ]


def test_a_bom_that_lies_about_the_encoding() -> None:
    # A UTF-8 BOM, then GBK bytes on line 2 (a file re-saved by a tool that kept the old BOM).
    data = codecs.BOM_UTF8 + "单位,值\n".encode() + "甲乡,1\n".encode("gbk")
    assert errors(data) == [
        f"{SOURCE}: 文件开头的 BOM 标明编码为 UTF-8，但内容不是有效的 UTF-8（第 2 行附近）。{SAVE_AS}"
    ]
    # A UTF-16 BOM over a body cut in the middle of a surrogate pair, on line 2.
    data = codecs.BOM_UTF16_LE + "单位,值\n甲".encode("utf-16-le") + b"\x00\xd8"
    assert errors(data) == [
        f"{SOURCE}: 文件开头的 BOM 标明编码为 UTF-16，但内容不是有效的 UTF-16（第 2 行附近）。{SAVE_AS}"
    ]


# ---------------------------------------------------------------------------------------- delimiters, quoting


def test_semicolon_delimiter_with_thousands_commas() -> None:
    table = csv("单位;招商引资;备注\n甲乡;1,234;好\n")
    assert names(table) == ["单位", "招商引资", "备注"]
    assert rows(table) == [(2, ("甲乡", "1,234", "好"))]


def test_tab_delimiter_in_utf8() -> None:
    assert rows(csv("单位\t值\n甲乡\t1,234\n乙镇\t5\n")) == [(2, ("甲乡", "1,234")), (3, ("乙镇", "5"))]


def test_a_quoted_line_break_is_one_spreadsheet_row() -> None:
    table = csv('单位,值,备注\n甲乡,1,"含逗号,和\n换行"\n乙镇,2,\n')
    # The quoted cell spans two text lines, but Excel shows 乙镇 in row 3.
    assert rows(table) == [(2, ("甲乡", "1", "含逗号,和 换行")), (3, ("乙镇", "2", ""))]


def test_a_field_beyond_the_csv_limit_is_a_broken_csv() -> None:
    # Python's csv reader refuses one field of more than 131,072 characters: in record 2.
    data = '单位,备注\n甲,"' + "x" * 200_000 + '"\n'
    assert errors(data) == [f"{SOURCE}:2: 无法按 CSV 读取：有一格超过 131072 个字符：多半是这一行的某个引号（\"）没有配对，"
                            "把其后的行都并进了这一格"]


# ---------------------------------------------------------------------------------------- rows and cells


def test_blank_and_total_rows_are_dropped_and_their_numbers_kept_by_the_others() -> None:
    text = (
        "序号,单位,得分,,\n"
        ",,,,\n"  # an empty row that Excel saved with separators
        "1,甲乡,90,,\n"
        "\n"
        "2,乙镇,80,,\n"
        ",合 计,170,,\n"
        "小计,,170,,\n"
        ",总计：,170,,\n"
        ",,,,\n"
    )
    table = csv(text)
    assert names(table) == ["序号", "单位", "得分"]  # trailing empty columns are not columns
    assert rows(table) == [(3, ("1", "甲乡", "90")), (5, ("2", "乙镇", "80"))]


def test_full_width_text_and_white_space_are_cleaned() -> None:
    table = csv("单位,招商引资（万元）\n  甲\u3000\u3000乡 ,９５．５\n")
    assert names(table) == ["单位", "招商引资（万元）"]
    assert rows(table) == [(2, ("甲 乡", "95.5"))]


def test_header_line_breaks_join_without_a_space() -> None:
    table = csv('单位,"安全生产\n事故数"\n甲乡,0\n')
    assert names(table) == ["单位", "安全生产事故数"]
    assert rows(table) == [(2, ("甲乡", "0"))]


def test_a_column_with_data_but_no_header_is_named_by_its_position() -> None:
    table = csv("单位,,得分\n甲乡,x,1\n乙镇,y,2\n")
    assert names(table) == ["单位", "", "得分"]
    assert labels(table) == ["单位", "#2", "得分"]
    assert table.columns[2].letter is None


def test_duplicate_headers_name_both_columns() -> None:
    assert errors("单位,得分,备注,得分\n甲乡,1,,2\n", source="results/2025.csv") == [
        "results/2025.csv:1:得分: 列名重复：“得分”与“得分”。请修改其中一列的表头。"
    ]


def test_duplicate_headers_in_xlsx_name_their_letters() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位", "备注", "得分", "x", "得分"])
    sheet.append(["甲乡", "", 1, 2, 3])
    assert errors(workbook_bytes(book), ".xlsx", "results/2025.xlsx") == [
        "results/2025.xlsx:1:E 得分: 列名重复：“C 得分”与“E 得分”。请修改其中一列的表头。"
    ]


def test_a_file_of_blank_lines_is_empty() -> None:
    assert errors(b"") == [f"{SOURCE}: 文件是空的"]
    assert errors("\n\n ,, \n") == [f"{SOURCE}: 文件是空的"]


def test_too_many_columns() -> None:
    # 1,001 commas make 1,002 fields, all non-empty but the last two: width counts every field.
    assert errors("a," * 1001 + "\n") == [f"{SOURCE}: 表格列数过多（1002 列，上限 1000 列）"]


def test_too_many_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bound is a million rows; lowered here so that the test reads 12 rows, not a million and one.
    monkeypatch.setattr(tables, "MAX_ROWS", 10)
    assert errors("a\n" + "1\n" * 11) == [f"{SOURCE}: 表格行数过多（>10 行，上限 10 行）"]
    assert len(csv("a\n" + "\n" * 50 + "1\n" * 9).cells) == 9  # blank lines do not count


# ---------------------------------------------------------------------------------------- headers


def test_a_title_row_above_the_header_is_refused_with_a_clear_message() -> None:
    text = "2025年3月考核结果,,\n单位,招商引资,事故数\n甲乡,5,0\n"
    assert errors(text) == [f"{SOURCE}:1: 第 1 行看起来是标题，表头似乎在第 2 行：请删除表头上方的标题行"]


def test_a_merged_title_row_in_xlsx_is_refused_too() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "2025年度考核得分表"
    sheet.merge_cells("A1:D1")
    sheet.append(["单位", "党建工作", "招商引资", "安全事故"])
    sheet.append(["甲局", 90, 800, 1])
    assert errors(workbook_bytes(book), ".xlsx", "results/2025.xlsx") == [
        "results/2025.xlsx:1: 第 1 行看起来是标题，表头似乎在第 2 行：请删除表头上方的标题行"
    ]


TWO_ROW_CSV = (
    "单位,主导产业,,部门任务\n"
    ",招商引资（万元）,固定资产投资,安全生产事故数\n"
    "甲乡,1200,3500,0\n"
    "乙镇,—,2800,1\n"
    "合计,1200,6300,1\n"
)


def test_two_row_header_in_csv() -> None:
    table = csv(TWO_ROW_CSV.encode("gbk"))
    assert table.header_rows == 2
    assert names(table) == ["单位", "招商引资（万元）", "固定资产投资", "安全生产事故数"]
    assert rows(table) == [(3, ("甲乡", "1200", "3500", "0")), (4, ("乙镇", "—", "2800", "1"))]


def test_two_row_header_with_the_unit_label_in_the_second_row() -> None:
    table = csv(",主导产业,,部门任务\n单位,招商引资,固定资产投资,事故数\n甲乡,1,2,3\n")
    assert table.header_rows == 2
    assert names(table) == ["单位", "招商引资", "固定资产投资", "事故数"]
    assert rows(table) == [(3, ("甲乡", "1", "2", "3"))]


def test_a_textual_first_data_row_is_not_taken_for_a_header() -> None:
    table = csv("单位,姓名,职务,等次\n甲乡,张三,乡长,优秀\n乙镇,李四,镇长,称职\n", "grades/2025.csv")
    assert table.header_rows == 1
    assert [number for number, _ in rows(table)] == [2, 3]


def test_a_gap_in_the_header_over_numbers_stays_a_single_header() -> None:
    table = csv("单位,招商引资,,事故数\n甲乡,1200,3500,0\n")
    assert table.header_rows == 1
    assert labels(table) == ["单位", "招商引资", "#3", "事故数"]


def test_a_blank_row_after_the_header_means_a_single_header() -> None:
    table = csv("单位,主导产业,\n\n,招商引资,固定资产投资\n甲乡,1,2\n")
    assert table.header_rows == 1
    assert rows(table) == [(3, ("", "招商引资", "固定资产投资")), (4, ("甲乡", "1", "2"))]


# ---------------------------------------------------------------------------------------- XLSX


def two_row_workbook() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "3月"
    sheet["A1"] = "单位"
    sheet.merge_cells("A1:A2")
    sheet["B1"] = "主导产业"
    sheet.merge_cells("B1:C1")
    sheet["D1"] = "部门任务"
    sheet["E1"] = "完成\n日期"  # Alt+Enter inside a header
    sheet.merge_cells("E1:E2")
    sheet["B2"] = "招商引资（万元）"
    sheet["C2"] = "固定资产投资"
    sheet["D2"] = "安全生产事故数"
    sheet.append(["甲乡", 1200.0, 95.5, 0, dt.date(2025, 3, 1)])
    sheet.append(["乙镇", "不适用", 0.1 + 0.2, 2, dt.datetime(2025, 3, 31, 16, 30)])
    sheet.append([])  # blank row 5
    sheet.append(["丙街道", "１２", 12345678.25, True, "２０２５年３月１日"])
    sheet.append(["合计", 1207, 0, 2, None])
    return book


def test_two_row_merged_header_xlsx_with_dates_numbers_and_numbers_as_text() -> None:
    table = xlsx(two_row_workbook())
    assert table.header_rows == 2
    assert labels(table) == ["A 单位", "B 招商引资（万元）", "C 固定资产投资", "D 安全生产事故数", "E 完成日期"]
    assert table.columns[1] == Column("招商引资（万元）", 1, "B", 2)
    # 1200.0 is written as 1200 (no float noise), 0.1 + 0.2 as 0.3 (its shortest repr), dates as ISO dates
    # (a datetime loses its time), TRUE as Excel shows it, a number typed as full-width text as ASCII text.
    assert rows(table) == [
        (3, ("甲乡", "1200", "95.5", "0", "2025-03-01")),
        (4, ("乙镇", "不适用", "0.3", "2", "2025-03-31")),
        (6, ("丙街道", "12", "12345678.25", "TRUE", "2025年3月1日")),
    ]


def test_a_vertical_merge_alone_marks_a_two_row_header() -> None:
    # Every group has one column, so only the merged 单位 cell shows that the header has two rows.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "单位"
    sheet.merge_cells("A1:A2")
    sheet["B1"] = "主导产业"
    sheet["C1"] = "部门任务"
    sheet["B2"] = "招商引资"
    sheet["C2"] = "事故数"
    sheet.append(["甲乡", 5, 0])
    table = xlsx(book)
    assert table.header_rows == 2
    assert names(table) == ["单位", "招商引资", "事故数"]
    assert rows(table) == [(3, ("甲乡", "5", "0"))]


def test_xlsx_positions_when_the_table_does_not_start_at_a1() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C3"], sheet["D3"] = "单位", "得分"
    sheet["C4"], sheet["D4"] = "甲乡", 88
    sheet["C6"], sheet["D6"] = "乙镇", 1e-7
    table = xlsx(book)
    assert labels(table) == ["C 单位", "D 得分"]
    assert [column.index for column in table.columns] == [0, 1]
    assert rows(table) == [(4, ("甲乡", "88")), (6, ("乙镇", "0.0000001"))]


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """The workbook with the formula cells `values` names holding a cached result, as Excel saves them
    (openpyxl writes formulas with an empty <v/>)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = body.decode("utf-8")
                for ref, value in values.items():
                    text, count = re.subn(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*/>', rf"\g<1><v>{value}</v>", text)
                    assert count == 1, ref
                body = text.encode("utf-8")
            target.writestr(info, body)
    return out.getvalue()


def test_formulas_are_read_as_the_values_excel_computed() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位", "党建工作", "招商引资"])
    sheet.append(["甲局", "=80+10", "=SUM(1,2)*100"])
    sheet.append(["乙局", 85, "=B3*10"])
    data = with_cached_values(workbook_bytes(book), {"B2": "90", "C2": "300", "C3": "850"})
    table = read_table(data, ".xlsx", "results/2025.xlsx")
    assert rows(table) == [(2, ("甲局", "90", "300")), (3, ("乙局", "85", "850"))]


def test_a_formula_never_computed_reads_as_an_empty_cell() -> None:
    # A workbook written by a program and never opened in Excel holds no result: the cell is empty, and
    # the model then says it must be filled (never the formula text as a value).
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位", "党建工作"])
    sheet.append(["甲局", "=80+10"])
    assert rows(xlsx(book)) == [(2, ("甲局", ""))]


def test_several_sheets_with_data_need_a_sheet_name() -> None:
    book = openpyxl.Workbook()
    book.active.title = "乡镇"
    book.active.append(["单位", "得分"])
    book.active.append(["甲乡", 1])
    other = book.create_sheet("部门")
    other.append(["单位", "得分"])
    other.append(["组织部", 2])
    book.create_sheet("空表")
    data = workbook_bytes(book)
    assert errors(data, ".xlsx", "results/2025.xlsx") == [
        "results/2025.xlsx: 工作簿中有多个含数据的工作表：“乡镇”、“部门”。请只保留一个，或在 site.toml 中用 [input] sheet "
        "指定要读取的工作表。"
    ]
    assert rows(read_table(data, ".xlsx", "results/2025.xlsx", "部门")) == [(2, ("组织部", "2"))]
    assert rows(read_table(data, ".xlsx", "results/2025.xlsx", "部门 ")) == [(2, ("组织部", "2"))]  # cleaned match
    assert errors(data, ".xlsx", "results/2025.xlsx", sheet="街道") == [
        "results/2025.xlsx: 工作簿中没有名为“街道”的工作表。现有工作表：“乡镇”、“部门”、“空表”。"
    ]


def test_the_only_sheet_with_data_is_used_and_hidden_lists_are_ignored() -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"  # an empty first sheet
    data = book.create_sheet("数据")
    data.append(["单位", "得分"])
    data.append(["甲乡", 3])
    lists = book.create_sheet("下拉选项")
    lists.append(["优秀", "良好"])
    lists.sheet_state = "hidden"
    assert rows(xlsx(book)) == [(2, ("甲乡", "3"))]


def test_an_empty_workbook_is_an_empty_file() -> None:
    assert errors(workbook_bytes(openpyxl.Workbook()), ".xlsx", "results/2025.xlsx") == [
        "results/2025.xlsx: 文件是空的"
    ]


def test_a_file_that_is_not_a_workbook() -> None:
    ending = "。文件可能已损坏、设置了打开密码，或其实不是 XLSX 文件。"
    assert errors(SIMPLE, ".xlsx", "results/2025.xlsx") == [
        f"results/2025.xlsx: 无法作为 XLSX 工作簿打开：File is not a zip file{ending}"
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert errors(buffer.getvalue(), ".xlsx", "results/2025.xlsx") == [
        f"results/2025.xlsx: 无法作为 XLSX 工作簿打开：Cannot detect file format{ending}"
    ]


def test_a_sheet_declaring_more_than_a_million_rows_is_refused_before_reading() -> None:
    book = openpyxl.Workbook()
    book.active.cell(row=1_000_001, column=1, value=1)
    assert errors(workbook_bytes(book), ".xlsx", "results/2025.xlsx") == [
        "results/2025.xlsx: 工作表声明的范围过大（1000001 行 × 1 列，上限 1000000 行 × 1000 列）"
    ]


def test_a_sheet_that_would_inflate_beyond_reason_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # A zip bomb: a sheet whose XML inflates far beyond what any table needs (the bound, 256 MB, is lowered
    # to 1 MB so that the test writes 2 MB of zeros, compressed to a few kilobytes).
    monkeypatch.setattr(tables, "MAX_XLSX_XML", 2**20)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 2**21)
    assert len(buffer.getvalue()) < 2**16
    assert errors(buffer.getvalue(), ".xlsx", "results/2025.xlsx") == [
        "results/2025.xlsx: 工作表声明的范围过大（? 行 × ? 列，上限 1000000 行 × 1000 列）"
    ]


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_an_encoding_problem_in_english() -> None:
    with pytest.raises(ContentError) as caught:
        csv(b"\x80\x80,1\n")
    assert caught.value.lines(Translator("en")) == [
        f"{SOURCE}: Cannot tell the text encoding of the file (bytes that cannot be decoded near line 1). "
        "Accepted encodings: UTF-8 (with or without a BOM), GB18030/GBK, UTF-16 with a BOM. "
        "Save it from Excel or WPS as “CSV UTF-8 (Comma delimited)”."
    ]
