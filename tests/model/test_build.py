"""The model stage as a whole (generator/model/build.py) and `generator.build.check`: every problem of every
file in one pass, sorted by file, row and column; a valid project typed; the rules' problems raised alike."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from generator.build import check
from generator.errors import ContentError
from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from tests.support import INDICATORS, RESULTS_2025, SITE_TOML, UNITS, make_content

ZH = Translator("zh-CN")
TODAY = date(2025, 11, 30)


def check_lines(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check(root, TODAY)
    return caught.value.lines(ZH)


def test_the_small_project_is_valid(tmp_path: Path) -> None:
    content, problems = build_model(load_project(make_content(tmp_path)))
    assert problems == [] and content is not None
    assert [u.id for u in content.units] == ["a", "b", "c", "x", "y"]
    assert [i.id for i in content.indicators] == ["dj", "zs", "aq"]
    assert [(s.period.id, s.board, s.source) for s in content.results] == [("2025", "main", "results/2025.csv")]
    assert (content.lang, content.notes, content.frozen) == ("zh-CN", (), ())
    _, outcome = check(tmp_path, TODAY)
    assert [p.period.id for p in outcome.periods] == ["2025"]


def test_every_problem_of_every_file_in_one_pass(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "site.toml": SITE_TOML.replace('contact = "区委组织部干部监督科"', 'contact = "电话 13912345678"'),
        "units.csv": UNITS + "a,丁局,部门,6\n",
        "indicators.csv": INDICATORS.replace("100,60", "60,60"),
        "results/2025.csv": RESULTS_2025.replace("甲局,90", "甲局,九十").replace("西镇,85", "北镇,85"),
        "results/2025-13.csv": RESULTS_2025,
        "standings/2025-Q1.csv": "indicator,rank,out_of\n党建工作,11,10\n",
        "grades/2025.csv": "unit,grade\n甲局,特优\n",
        "tasks.csv": "id,title,claimant,level,unit,claimed_on,due,status,progress\n"
                     "t1,修路,王某,科级,甲局,2025-03-01,2025-02-01,进行中,50\n",
        "notices/a.md": "---\ntitle: 通报\ndate: 2025-11-01\nkind: 表扬\n---\n正文\n",
        "calendar/2031.toml": "holidays = [2032-01-01]\n",
    }
    root = make_content(tmp_path, files)
    expected = [
        "calendar/2031.toml:1:holidays: 日期 2032-01-01 不在 2031 年",
        "grades/2025.csv:2:grade: 等次“特优”不在 grades.scale 中（优秀、良好、一般、较差）",
        "indicators.csv:2:target: 目标值与底线值相等（均为 60），无法计算功效系数",
        "notices/a.md:4:kind: kind “表扬”应为 通报、预警、公示 或 其他",
        "results/2025-13.csv: 文件名“2025-13”不是期次：应为 2025（年度）、2025-H1（半年）、2025-Q2（季度）或 2025-03（月度），"
        "专项通报加 --<id>",
        "results/2025.csv:2:党建工作: “九十”不是数字",
        "results/2025.csv:6:单位: 找不到单位“北镇”。是否指：“西镇”、“东镇”？",
        "site.toml:4:site.contact: 疑似手机号“13912345678”：公开信息中不得出现完整手机号，请遮蔽（如 138****1234）",
        "standings/2025-Q1.csv:2:rank: 排名 11 应在 1 到 10 之间",
        "tasks.csv:2:due: 完成时限 2025-02-01 早于认领日期 2025-03-01",
        "units.csv:7:id: id “a”重复（第 2 行已有）",
    ]
    content, problems = build_model(load_project(root))
    assert content is None
    assert [p.text(ZH) for p in problems] == expected
    # Sorted by file, then row as a number (2 before 6 before 10), then column.
    assert [(p.file, p.row, p.column) for p in problems] == sorted((p.file, p.row, p.column) for p in problems)
    with pytest.raises(ContentError) as caught:
        check(root, TODAY)
    assert caught.value.lines(ZH) == expected
    assert caught.value.message.text(ZH) == "发现 11 个问题，未生成任何文件。"


def test_rows_sort_as_numbers_not_as_text(tmp_path: Path) -> None:
    text = "单位,党建工作,招商引资,安全事故\n" + "".join(f"甲局{n},1,1,1\n" for n in range(11))
    found = [p.text(ZH) for p in build_model(load_project(make_content(tmp_path, {"results/2025-Q1.csv": text})))[1]]
    assert [line.split(":")[1] for line in found] == [str(row) for row in range(2, 13)]


def test_rules_problems_come_from_check_too(tmp_path: Path) -> None:
    # 3 departments, max_share 30% with floor: floor(0.9) = 0 优秀 allowed; 甲局 and 乙局 registered 优秀.
    toml = SITE_TOML + '\n[grades]\nquota = { grade = "优秀", max_share = 0.30, rounding = "floor" }\n'
    grades = "unit,grade\n甲局,优秀\n乙局,优秀\n丙局,良好\n东镇,良好\n西镇,一般\n"
    root = make_content(tmp_path, {"site.toml": toml, "grades/2025.csv": grades})
    assert build_model(load_project(root))[1] == []  # the model is fine: the quota is a rule
    assert check_lines(root) == ["grades/2025.csv: “优秀”等次超出比例：部门共 3 个，登记 2 个，上限 0 个（30%，floor）"]


def test_a_midterm_blend_needs_every_unit_in_the_h1_file(tmp_path: Path) -> None:
    toml = SITE_TOML.replace("decimals = 2\n", "decimals = 2\nmidterm_weight = 0.2\n")
    h1 = "\n".join(RESULTS_2025.splitlines()[:-1]) + "\n"  # 西镇 missing
    root = make_content(tmp_path, {"site.toml": toml, "results/2025-H1.csv": h1})
    assert check_lines(root) == [
        "results/2025.csv:6: 设置了 scoring.midterm_weight，但“西镇”在期中考结果 results/2025-H1.csv 中没有成绩"
    ]


def test_gbk_csv_and_a_real_xlsx_with_a_total_row_build_boards(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位", "党建工作", "招商引资", "安全事故"])
    for row in (["甲局", 90, 800, 1], ["乙局", 80, 600, 0], ["丙局", 70, 400, 2], ["东镇", 95, 1000, 0]):
        sheet.append(row)
    sheet.append(["合计", None, 2800, 3])
    buffer = io.BytesIO()
    book.save(buffer)
    root = make_content(tmp_path, {"results/2025.csv": RESULTS_2025.encode("gb18030"), "results/2025-Q3.xlsx": buffer.getvalue()})
    _, outcome = check(root, TODAY)
    q3 = outcome.period("2025-Q3")
    assert q3 is not None and q3.main is not None
    assert sorted(q3.main.rows["unit_id"]) == ["a", "b", "c", "x"]
    assert q3.main.absent == ("y",)  # 西镇 has no row: 未参评


def test_the_same_problems_in_english(tmp_path: Path) -> None:
    # Locations stay as the clerk's files show them (Chinese headers); the words follow the language.
    text = RESULTS_2025.replace("甲局,90", "甲局,九十").replace("西镇,85", "北镇,85")
    root = make_content(tmp_path, {"results/2025.csv": text})
    with pytest.raises(ContentError) as caught:
        check(root, TODAY)
    en = Translator("en")
    assert caught.value.lines(en) == [
        "results/2025.csv:2:党建工作: “九十” is not a number",
        "results/2025.csv:6:单位: unknown unit “北镇”. Did you mean: “西镇”, “东镇”?",
    ]
    assert caught.value.message.text(en) == "2 problems found; no files were written."
