"""Reading real CSV/XLSX files, written here with the real codecs and openpyxl (no mocks)."""

from __future__ import annotations

import codecs
import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.errors import ContentError, Problem
from generator.load_tables import (
    Column,
    clean_cell,
    column_letter,
    discover,
    is_not_applicable,
    parse_date,
    parse_number,
    read_table,
)

SIMPLE = "单位,招商引资,备注\n甲乡,1200,好\n乙镇,950.5,\n"


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def names(table) -> list[str]:
    return [c.name for c in table.columns]


def cells(table) -> list[tuple[int, tuple[str, ...]]]:
    return [(r.number, r.cells) for r in table.rows]


def problems_of(excinfo) -> list[Problem]:
    return excinfo.value.problems


# ---------------------------------------------------------------------------------- encodings


def assert_simple(table) -> None:
    assert names(table) == ["单位", "招商引资", "备注"]
    assert cells(table) == [(2, ("甲乡", "1200", "好")), (3, ("乙镇", "950.5", ""))]
    assert table.header_rows == 1
    assert table.source == "results/2025-03.csv"


def test_utf8_without_bom(tmp_path):
    path = write_bytes(tmp_path, "a.csv", SIMPLE.encode("utf-8"))
    assert_simple(read_table(path, "results/2025-03.csv"))


def test_utf8_with_bom_is_not_part_of_first_header(tmp_path):
    path = write_bytes(tmp_path, "a.csv", codecs.BOM_UTF8 + SIMPLE.encode("utf-8"))
    table = read_table(path, "results/2025-03.csv")
    assert_simple(table)
    assert table.column("单位") is not None and table.column("单位").index == 0


def test_gbk(tmp_path):
    path = write_bytes(tmp_path, "a.csv", SIMPLE.replace("\n", "\r\n").encode("gbk"))
    assert_simple(read_table(path, "results/2025-03.csv"))


def test_gb18030_with_character_outside_gbk(tmp_path):
    text = "单位,值\n𠀀村,3\n"  # U+20000 needs GB18030's four-byte form
    data = text.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    table = read_table(write_bytes(tmp_path, "a.csv", data), "x.csv")
    assert cells(table) == [(2, ("𠀀村", "3"))]


def test_utf16_le_with_bom_tab_separated(tmp_path):
    # What Excel writes for "Unicode text": UTF-16 LE with BOM, tab-separated, CRLF.
    text = "单位\t招商引资\t备注\r\n甲乡\t1,200\t好\r\n乙镇\t950.5\t\r\n"
    path = write_bytes(tmp_path, "a.csv", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    table = read_table(path, "results/2025-03.csv")
    assert names(table) == ["单位", "招商引资", "备注"]
    assert cells(table) == [(2, ("甲乡", "1,200", "好")), (3, ("乙镇", "950.5", ""))]


def test_utf16_be_with_bom(tmp_path):
    path = write_bytes(tmp_path, "a.csv", codecs.BOM_UTF16_BE + SIMPLE.encode("utf-16-be"))
    assert_simple(read_table(path, "results/2025-03.csv"))


def test_undecodable_bytes_give_exact_chinese_message(tmp_path):
    data = "单位,值\n".encode("utf-8") + b"\x80\x80,1\n"
    path = write_bytes(tmp_path, "bad.csv", data)
    with pytest.raises(ContentError) as excinfo:
        read_table(path, "results/2025-03.csv")
    assert problems_of(excinfo) == [
        Problem(
            "results/2025-03.csv",
            0,
            "",
            "无法识别文件的编码（第 2 行附近出现无法解码的字节）。可接受的编码：UTF-8（可带 BOM）、"
            "GB18030/GBK、带 BOM 的 UTF-16。请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”。",
        )
    ]


def test_undecodable_bytes_in_english(tmp_path):
    path = write_bytes(tmp_path, "bad.csv", b"\x80\x80,1\n")
    with pytest.raises(ContentError) as excinfo:
        read_table(path, "bad.csv", lang="en")
    [problem] = problems_of(excinfo)
    assert problem.row == 0
    assert problem.message.startswith("Cannot tell the text encoding of this file (undecodable bytes near line 1).")
    assert "GB18030/GBK" in problem.message


def test_utf16_without_bom_is_refused_not_misread(tmp_path):
    path = write_bytes(tmp_path, "a.csv", SIMPLE.encode("utf-16-le"))
    with pytest.raises(ContentError) as excinfo:
        read_table(path, "a.csv")
    assert "无法识别文件的编码" in problems_of(excinfo)[0].message


# ---------------------------------------------------------------------------------- delimiters


def test_semicolon_delimiter_with_thousands_commas(tmp_path):
    path = write_bytes(tmp_path, "a.csv", "单位;招商引资;备注\n甲乡;1,234;好\n".encode("utf-8"))
    table = read_table(path, "a.csv")
    assert names(table) == ["单位", "招商引资", "备注"]
    assert cells(table) == [(2, ("甲乡", "1,234", "好"))]


def test_tab_delimiter_in_utf8(tmp_path):
    path = write_bytes(tmp_path, "a.csv", "单位\t值\n甲乡\t1,234\n乙镇\t5\n".encode("utf-8"))
    assert cells(read_table(path, "a.csv")) == [(2, ("甲乡", "1,234")), (3, ("乙镇", "5"))]


def test_quoted_fields_with_commas_and_newlines_keep_row_numbers(tmp_path):
    text = '单位,值,备注\n甲乡,1,"含逗号,和\n换行"\n乙镇,2,\n'
    table = read_table(write_bytes(tmp_path, "a.csv", text.encode("utf-8")), "a.csv")
    # The quoted line break is one spreadsheet cell: 乙镇 is row 3 as Excel shows it.
    assert cells(table) == [(2, ("甲乡", "1", "含逗号,和 换行")), (3, ("乙镇", "2", ""))]


# ---------------------------------------------------------------------------------- cleaning, rows


def test_blank_and_total_rows_dropped_and_trailing_columns_trimmed(tmp_path):
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
    table = read_table(write_bytes(tmp_path, "a.csv", text.encode("utf-8")), "a.csv")
    assert names(table) == ["序号", "单位", "得分"]
    assert cells(table) == [(3, ("1", "甲乡", "90")), (5, ("2", "乙镇", "80"))]


def test_full_width_text_and_whitespace_cleaned(tmp_path):
    text = "单位,招商引资（万元）\n  甲\u3000\u3000乡 ,９５．５\n"
    table = read_table(write_bytes(tmp_path, "b.csv", text.encode("utf-8")), "b.csv")
    # Chinese punctuation stays as typed (it is part of names); matching forgives it elsewhere.
    assert names(table) == ["单位", "招商引资（万元）"]
    assert cells(table) == [(2, ("甲 乡", "95.5"))]
    assert clean_cell("Ａ　ｂ\u200b") == "A b"


def test_header_line_breaks_join_without_space(tmp_path):
    text = '单位,"安全生产\n事故数"\n甲乡,0\n'
    table = read_table(write_bytes(tmp_path, "a.csv", text.encode("utf-8")), "a.csv")
    assert names(table) == ["单位", "安全生产事故数"]
    # The header spans two text lines but is one spreadsheet row: data is row 2.
    assert cells(table) == [(2, ("甲乡", "0"))]


def test_column_with_empty_header_but_data_is_kept_with_empty_name(tmp_path):
    text = "单位,,得分\n甲乡,x,1\n乙镇,y,2\n"
    table = read_table(write_bytes(tmp_path, "a.csv", text.encode("utf-8")), "a.csv")
    assert names(table) == ["单位", "", "得分"]
    assert table.columns[1].label == "#2"
    assert table.columns[2].label == "得分"
    assert table.columns[2].letter is None


def test_duplicate_header_names_are_a_problem_naming_both(tmp_path):
    text = "单位,得分,备注,得分\n甲乡,1,,2\n"
    with pytest.raises(ContentError) as excinfo:
        read_table(write_bytes(tmp_path, "a.csv", text.encode("utf-8")), "results/2025.csv")
    assert problems_of(excinfo) == [
        Problem("results/2025.csv", 1, "得分", "列名重复：“得分”与“得分”。请修改其中一列的表头。")
    ]


def test_duplicate_header_in_xlsx_names_letters(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位", "备注", "得分", "x", "得分"])
    ws.append(["甲乡", "", 1, 2, 3])
    wb.save(tmp_path / "a.xlsx")
    with pytest.raises(ContentError) as excinfo:
        read_table(tmp_path / "a.xlsx", "a.xlsx")
    assert [p.message for p in problems_of(excinfo)] == ["列名重复：“C 得分”与“E 得分”。请修改其中一列的表头。"]
    assert problems_of(excinfo)[0].column == "E 得分"


def test_empty_csv_gives_empty_table(tmp_path):
    table = read_table(write_bytes(tmp_path, "a.csv", b""), "a.csv")
    assert (table.columns, table.rows, table.header_rows) == ((), (), 1)


# ---------------------------------------------------------------------------------- two-row headers


TWO_ROW_CSV = (
    "单位,主导产业,,部门任务\n"
    ",招商引资（万元）,固定资产投资,安全生产事故数\n"
    "甲乡,1200,3500,0\n"
    "乙镇,—,2800,1\n"
    "合计,1200,6300,1\n"
)


def test_two_row_header_csv(tmp_path):
    table = read_table(write_bytes(tmp_path, "a.csv", TWO_ROW_CSV.encode("gbk")), "results/2025-03.csv")
    assert table.header_rows == 2
    assert names(table) == ["单位", "招商引资（万元）", "固定资产投资", "安全生产事故数"]
    assert [c.label for c in table.columns] == names(table)
    assert cells(table) == [(3, ("甲乡", "1200", "3500", "0")), (4, ("乙镇", "—", "2800", "1"))]


def test_two_row_header_csv_with_unit_label_in_second_row(tmp_path):
    text = ",主导产业,,部门任务\n单位,招商引资,固定资产投资,事故数\n甲乡,1,2,3\n"
    table = read_table(write_bytes(tmp_path, "a.csv", text.encode("utf-8")), "a.csv")
    assert table.header_rows == 2
    assert names(table) == ["单位", "招商引资", "固定资产投资", "事故数"]
    assert cells(table) == [(3, ("甲乡", "1", "2", "3"))]


def test_textual_first_data_row_is_not_taken_for_a_header(tmp_path):
    text = "单位,姓名,职务,等次\n甲乡,张三,乡长,优秀\n乙镇,李四,镇长,称职\n"
    table = read_table(write_bytes(tmp_path, "grades.csv", text.encode("utf-8")), "grades/2025.csv")
    assert table.header_rows == 1
    assert names(table) == ["单位", "姓名", "职务", "等次"]
    assert [r.number for r in table.rows] == [2, 3]


def test_gap_in_header_with_numeric_first_row_stays_single_header(tmp_path):
    text = "单位,招商引资,,事故数\n甲乡,1200,3500,0\n"
    table = read_table(write_bytes(tmp_path, "a.csv", text.encode("utf-8")), "a.csv")
    assert table.header_rows == 1
    assert names(table) == ["单位", "招商引资", "", "事故数"]
    assert cells(table) == [(2, ("甲乡", "1200", "3500", "0"))]


def make_two_row_xlsx(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "3月"
    ws["A1"] = "单位"
    ws.merge_cells("A1:A2")
    ws["B1"] = "主导产业"
    ws.merge_cells("B1:C1")
    ws["D1"] = "部门任务"
    ws["E1"] = "完成\n日期"  # Alt+Enter inside a header
    ws.merge_cells("E1:E2")
    ws["B2"] = "招商引资（万元）"
    ws["C2"] = "固定资产投资"
    ws["D2"] = "安全生产事故数"
    ws.append(["甲乡", 1200.0, 95.5, 0, dt.date(2025, 3, 1)])
    ws.append(["乙镇", "不适用", 0.1 + 0.2, 2, dt.datetime(2025, 3, 31, 16, 30)])
    ws.append([])  # blank row 5
    ws.append(["丙街道", 7, 12345678.25, True, "２０２５年３月１日"])
    ws.append(["合计", 1207, 0, 2, None])
    wb.save(path)


def test_two_row_header_xlsx_with_merged_cells_dates_and_numbers(tmp_path):
    make_two_row_xlsx(tmp_path / "2025-03.xlsx")
    table = read_table(tmp_path / "2025-03.xlsx", "results/2025-03.xlsx")
    assert table.header_rows == 2
    assert [c.label for c in table.columns] == [
        "A 单位",
        "B 招商引资（万元）",
        "C 固定资产投资",
        "D 安全生产事故数",
        "E 完成日期",
    ]
    assert table.columns[1] == Column("招商引资（万元）", 1, "B", 2)
    assert cells(table) == [
        (3, ("甲乡", "1200", "95.5", "0", "2025-03-01")),
        (4, ("乙镇", "不适用", "0.3", "2", "2025-03-31")),
        (6, ("丙街道", "7", "12345678.25", "TRUE", "2025年3月1日")),
    ]
    assert parse_date(table.rows[0].cells[4]) == dt.date(2025, 3, 1)
    assert parse_date(table.rows[2].cells[4]) == dt.date(2025, 3, 1)
    assert table.column("固定资产投资").letter == "C"
    assert table.column("招商引资") is None


def test_xlsx_vertical_merge_alone_marks_two_row_header(tmp_path):
    # Every group has one column, so only the merged 单位 cell shows the header has two rows.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "单位"
    ws.merge_cells("A1:A2")
    ws["B1"] = "主导产业"
    ws["C1"] = "部门任务"
    ws["B2"] = "招商引资"
    ws["C2"] = "事故数"
    ws.append(["甲乡", 5, 0])
    wb.save(tmp_path / "a.xlsx")
    table = read_table(tmp_path / "a.xlsx", "a.xlsx")
    assert table.header_rows == 2
    assert names(table) == ["单位", "招商引资", "事故数"]
    assert cells(table) == [(3, ("甲乡", "5", "0"))]


def test_xlsx_positions_when_table_does_not_start_at_a1(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C3"] = "单位"
    ws["D3"] = "得分"
    ws["C4"] = "甲乡"
    ws["D4"] = 88
    ws["C6"] = "乙镇"
    ws["D6"] = 1e-7
    wb.save(tmp_path / "a.xlsx")
    table = read_table(tmp_path / "a.xlsx", "a.xlsx")
    assert [c.label for c in table.columns] == ["C 单位", "D 得分"]
    assert [c.index for c in table.columns] == [0, 1]
    assert cells(table) == [(4, ("甲乡", "88")), (6, ("乙镇", "0.0000001"))]


# ---------------------------------------------------------------------------------- sheets


def test_multi_sheet_xlsx_needs_a_sheet_name(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "乡镇"
    wb.active.append(["单位", "得分"])
    wb.active.append(["甲乡", 1])
    other = wb.create_sheet("部门")
    other.append(["单位", "得分"])
    other.append(["组织部", 2])
    wb.create_sheet("空表")
    wb.save(tmp_path / "a.xlsx")
    with pytest.raises(ContentError) as excinfo:
        read_table(tmp_path / "a.xlsx", "results/2025.xlsx")
    assert problems_of(excinfo) == [
        Problem(
            "results/2025.xlsx",
            0,
            "",
            "工作簿中有多个含数据的工作表：“乡镇”、“部门”。请只保留一个，或在 site.toml 中用 [input] sheet 指定要读取的工作表。",
        )
    ]
    table = read_table(tmp_path / "a.xlsx", "results/2025.xlsx", sheet="部门")
    assert cells(table) == [(2, ("组织部", "2"))]
    with pytest.raises(ContentError) as excinfo:
        read_table(tmp_path / "a.xlsx", "results/2025.xlsx", sheet="街道")
    assert problems_of(excinfo)[0].message == "工作簿中没有名为“街道”的工作表。现有工作表：“乡镇”、“部门”、“空表”。"


def test_only_non_empty_sheet_is_used_and_hidden_lists_are_ignored(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"  # empty first sheet
    data = wb.create_sheet("数据")
    data.append(["单位", "得分"])
    data.append(["甲乡", 3])
    lists = wb.create_sheet("下拉选项")
    lists.append(["优秀", "良好"])
    lists.sheet_state = "hidden"
    wb.save(tmp_path / "a.xlsx")
    table = read_table(tmp_path / "a.xlsx", "a.xlsx")
    assert cells(table) == [(2, ("甲乡", "3"))]


def test_file_that_is_not_xlsx(tmp_path):
    path = write_bytes(tmp_path, "a.xlsx", SIMPLE.encode("utf-8"))
    with pytest.raises(ContentError) as excinfo:
        read_table(path, "results/a.xlsx")
    [problem] = problems_of(excinfo)
    assert (problem.file, problem.row) == ("results/a.xlsx", 0)
    assert problem.message.startswith("无法作为 XLSX 工作簿打开：")


def test_read_table_refuses_xls(tmp_path):
    path = write_bytes(tmp_path, "a.xls", b"\xd0\xcf\x11\xe0")
    with pytest.raises(ContentError) as excinfo:
        read_table(path, "results/a.xls")
    assert problems_of(excinfo)[0].message == (
        "不支持旧版 Excel 的 .xls 格式。请在 Excel 或 WPS 中打开，另存为 .xlsx 或 CSV（UTF-8）。"
    )


def test_missing_file_is_a_problem(tmp_path):
    with pytest.raises(ContentError) as excinfo:
        read_table(tmp_path / "nope.csv", "results/nope.csv")
    assert problems_of(excinfo)[0].message.startswith("无法读取文件：")


# ---------------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.5", Decimal("1234.5")),
        ("1，234", Decimal("1234")),
        ("１２３４", Decimal("1234")),
        ("９５．５", Decimal("95.5")),
        ("95%", Decimal("95")),
        ("９５％", Decimal("95")),
        ("+3", Decimal("3")),
        ("＋3", Decimal("3")),
        ("−2.5", Decimal("-2.5")),
        ("-2", Decimal("-2")),
        ("  42  ", Decimal("42")),
        ("0.5", Decimal("0.5")),
        ("1,234,567", Decimal("1234567")),
    ],
)
def test_parse_number_accepts(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_parse_number_empty_is_none(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "1.2.3", "1,23", "12,34.5", "%", "+", "1 2", "—", "95分"])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    "text", ["2025-03-01", "2025-3-1", "2025/3/1", "2025/03/01", "2025年3月1日", "2025.3.1", "２０２５－０３－０１"]
)
def test_parse_date_forms(text):
    assert parse_date(text) == dt.date(2025, 3, 1)


@pytest.mark.parametrize("text", ["", "2025-02-30", "3/1/2025", "2025年3月", "20250301", "明天"])
def test_parse_date_rejects(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_not_applicable_markers():
    assert [is_not_applicable(t) for t in ["—", "/", "不适用", "免考", "-", "——", "－", " / "]] == [True] * 8
    assert [is_not_applicable(t) for t in ["", "0", "好", "不 适用x"]] == [False] * 4


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


# ---------------------------------------------------------------------------------- discover


def touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_discover_lists_and_skips(tmp_path):
    content = tmp_path / "content"
    touch(content / "site.toml")
    touch(content / "tasks.csv")
    touch(content / "results" / "2025-03.csv")
    touch(content / "results" / "2025-01.xlsx")
    touch(content / "results" / "2025-03--zhaoshang.csv")
    touch(content / "results" / "~$2025-01.xlsx")
    touch(content / "results" / ".~lock.2025-03.csv#")
    touch(content / "results" / ".DS_Store")
    touch(content / "standings" / "2025-03.csv")
    touch(content / "grades" / "2024.xlsx")
    touch(content / "notices" / "2025-03-tongbao.md")
    touch(content / "notices" / "a.png")
    touch(content / "archive" / "2023" / "results" / "2023.xls")  # never looked at
    touch(content / "templates" / "results" / "x.txt")
    files, problems = discover(content)
    assert problems == []
    assert [p.name for p in files.results] == ["2025-01.xlsx", "2025-03--zhaoshang.csv", "2025-03.csv"]
    assert files.results[0] == content / "results" / "2025-01.xlsx"
    assert [p.name for p in files.standings] == ["2025-03.csv"]
    assert [p.name for p in files.grades] == ["2024.xlsx"]
    assert [p.name for p in files.notices] == ["2025-03-tongbao.md"]
    assert files.tasks == content / "tasks.csv"
    assert files.skipped == (
        "已跳过隐藏文件 results/.DS_Store。",
        "已跳过 results/.~lock.2025-03.csv#：这是 Excel、WPS 或 LibreOffice 打开文件时生成的临时锁定文件。",
        "已跳过 results/~$2025-01.xlsx：这是 Excel、WPS 或 LibreOffice 打开文件时生成的临时锁定文件。",
    )


def test_discover_skipped_notes_in_english(tmp_path):
    touch(tmp_path / "grades" / "~$2024.xlsx")
    files, problems = discover(tmp_path, lang="en")
    assert problems == []
    assert files.grades == ()
    assert files.skipped == (
        "Skipped grades/~$2024.xlsx: a temporary lock file left by Excel, WPS or LibreOffice while a file is open.",
    )


def test_discover_refuses_xls_pairs_and_other_files(tmp_path):
    touch(tmp_path / "results" / "2025-02.xls")
    touch(tmp_path / "results" / "2025-03.csv")
    touch(tmp_path / "results" / "2025-03.xlsx")
    touch(tmp_path / "results" / "2025-04.csv")
    touch(tmp_path / "standings" / "说明.txt")
    touch(tmp_path / "tasks.csv")
    touch(tmp_path / "tasks.xlsx")
    files, problems = discover(tmp_path)
    assert [p.name for p in files.results] == ["2025-04.csv"]
    assert files.tasks is None
    assert sorted(problems) == [
        Problem("results/2025-02.xls", 0, "", "不支持旧版 Excel 的 .xls 格式。请在 Excel 或 WPS 中打开，另存为 .xlsx 或 CSV（UTF-8）。"),
        Problem(
            "results/2025-03.csv",
            0,
            "",
            "“results/2025-03.csv”与“results/2025-03.xlsx”是同一份数据的两个文件，无法确定以哪个为准。请删除或移走其中一个。",
        ),
        Problem("standings/说明.txt", 0, "", "不支持的文件类型“.txt”：此文件夹只接受 .csv 和 .xlsx 文件。"),
        Problem(
            "tasks.csv",
            0,
            "",
            "“tasks.csv”与“tasks.xlsx”是同一份数据的两个文件，无法确定以哪个为准。请删除或移走其中一个。",
        ),
    ]


def test_discover_empty_project(tmp_path):
    files, problems = discover(tmp_path)
    assert problems == []
    assert (files.results, files.standings, files.grades, files.notices, files.tasks, files.skipped) == (
        (),
        (),
        (),
        (),
        None,
        (),
    )


def test_title_row_above_a_single_header_is_read_as_part_of_the_header(tmp_path):
    # Clerks often put a title in row 1; the real header in row 2 then names the columns.
    text = "2025年3月考核结果,,\n单位,招商引资,事故数\n甲乡,5,0\n"
    table = read_table(write_bytes(tmp_path, "a.csv", text.encode("utf-8")), "a.csv")
    assert table.header_rows == 2
    assert names(table) == ["单位", "招商引资", "事故数"]
    assert cells(table) == [(3, ("甲乡", "5", "0"))]


def test_blank_row_after_header_means_single_header(tmp_path):
    text = "单位,主导产业,\n\n,招商引资,固定资产投资\n甲乡,1,2\n"
    table = read_table(write_bytes(tmp_path, "a.csv", text.encode("utf-8")), "a.csv")
    assert table.header_rows == 1
    assert names(table) == ["单位", "主导产业", ""]
    assert cells(table) == [(3, ("", "招商引资", "固定资产投资")), (4, ("甲乡", "1", "2"))]
