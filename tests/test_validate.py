"""One test per kind of bad input, asserting the exact message a clerk will read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.build import check
from generator.errors import ContentError
from tests.support import INDICATORS, RESULTS_2025, SITE_TOML, UNITS, make_content

TODAY = date(2025, 11, 30)


def problems_of(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    make_content(tmp_path, files)
    with pytest.raises(ContentError) as caught:
        check(tmp_path, TODAY)
    return [str(p) for p in caught.value.problems]


def test_the_small_project_is_valid(tmp_path: Path) -> None:
    content, outcome = check(make_content(tmp_path), TODAY)
    assert [u.id for u in content.units] == ["a", "b", "c", "x", "y"]
    assert [p.period.id for p in outcome.periods] == ["2025"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"results/2025.csv": RESULTS_2025.replace("西镇,85", "北镇,85")},
            ["results/2025.csv:6:单位: 找不到单位“北镇”。是否指：“西镇”、“东镇”？"],
            id="unknown unit",
        ),
        pytest.param(
            {"results/2025.csv": RESULTS_2025.replace("安全事故,加分", "安全生产,加分")},
            ["results/2025.csv:1:安全生产: 无法识别的列“安全生产”：既不是指标，也不是单位、加分、扣分、备注列。是否指：“安全事故”？"],
            id="unknown indicator column",
        ),
        pytest.param(
            {"units.csv": UNITS + "a,丁局,部门,6\n"},
            ["units.csv:7:id: id “a”重复（第 2 行已有）"],
            id="duplicate id",
        ),
        pytest.param(
            {"results/2025.csv": RESULTS_2025.replace("甲局,90", "甲局,九十")},
            ["results/2025.csv:2:党建工作: “九十”不是数字"],
            id="non-numeric value",
        ),
        pytest.param(
            {"units.csv": UNITS.replace("id,name,kind,order", "id,name,type,order")},
            ["units.csv:1:kind: 缺少“kind”列"],
            id="missing column (and no cascade of unknown units)",
        ),
        pytest.param(
            {"indicators.csv": INDICATORS.replace("业务工作,2,", "业务工作,0,")},
            ["indicators.csv:3:weight: 权重必须大于 0（现为 0）"],
            id="non-positive weight",
        ),
        pytest.param(
            {"results/2025-13.csv": RESULTS_2025},
            ["results/2025-13.csv:0:: 文件名“2025-13”不是期次：应为 2025（年度）、2025-H1（半年）、2025-Q2（季度）"
             "或 2025-03（月度），专项通报加 --<id>"],
            id="bad period name",
        ),
        pytest.param(
            {"units.csv": UNITS.replace("\nb,乙局", "\nB局,乙局")},
            ["units.csv:3:id: “B局”不是合法的 id：只能用小写字母、数字和连字符（-），且以字母或数字开头"],
            id="bad slug",
        ),
        pytest.param(
            {"indicators.csv": INDICATORS.replace("100,60", "60,60")},
            ["indicators.csv:2:target: 目标值与底线值相等（均为 60），无法计算功效系数"],
            id="target equal to floor",
        ),
        pytest.param(
            {"results/2025.csv": RESULTS_2025.replace("甲局,90,800", "甲局,,800")},
            ["results/2025.csv:2:党建工作: “甲局”的“党建工作”为空：该指标适用于此单位，请填写数值，不适用的请填“—”或“不适用”"],
            id="empty cell",
        ),
        pytest.param(
            {"results/2025.csv": RESULTS_2025.replace("获评先进", "联系13812345678")},
            ["results/2025.csv:3:备注: 疑似手机号“13812345678”：公开信息中不得出现完整手机号，请遮蔽（如 138****1234）"],
            id="unmasked mobile number",
        ),
        pytest.param(
            {"results/2025--zhaoshang.csv": RESULTS_2025},
            ["results/2025--zhaoshang.csv:0:: 专项“zhaoshang”未在 site.toml 中定义：请添加 [boards.zhaoshang] 并写明 title"],
            id="themed board not described",
        ),
        pytest.param(
            {"site.toml": SITE_TOML.replace('ties = "min"', 'ties = "average"')},
            ["site.toml:15:ranking.ties: 取值只能是 'min', 'dense'"],
            id="bad value in site.toml",
        ),
        pytest.param(
            {"site.toml": SITE_TOML + "\n[years.2023.scoring]\ndecimal = 3\n"},
            ["site.toml:27:years.2023.scoring.decimal: 未知的设置项（请检查拼写）"],
            id="unknown key in a year override",
        ),
        pytest.param(
            {"tasks.csv": "id,title,claimant,level,unit,claimed_on,due,status,progress\n"
                          "t1,修路,王某某,科级,甲局,2025-03-01,2025-02-01,进行中,50\n"},
            ["tasks.csv:2:due: 完成时限 2025-02-01 早于认领日期 2025-03-01"],
            id="task due before claimed",
        ),
        pytest.param(
            {"notices/bad.md": "---\ntitle: 通报\ndate: 2025-11-01\nkind: 表扬\n---\n正文\n"},
            ["notices/bad.md:4:kind: kind “表扬”应为 通报、预警、公示 或 其他"],
            id="notice kind",
        ),
    ],
)
def test_each_kind_of_bad_input_is_named_exactly(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    assert problems_of(tmp_path, files) == expected


def test_every_problem_is_found_in_one_pass(tmp_path: Path) -> None:
    found = problems_of(tmp_path, {
        "units.csv": UNITS + "a,丁局,部门,6\n",
        "indicators.csv": INDICATORS.replace("100,60", "60,60"),
        "results/2025.csv": RESULTS_2025.replace("甲局,90", "甲局,九十").replace("西镇,85", "北镇,85"),
        "results/2025-13.csv": RESULTS_2025,
    })
    assert len(found) == 5
    assert {line.split(":")[0] for line in found} == {"units.csv", "indicators.csv", "results/2025.csv",
                                                      "results/2025-13.csv"}


def test_quota_error_names_group_count_and_limit(tmp_path: Path) -> None:
    # 3 departments, 30% floor -> floor(0.9) = 0 优秀 allowed; 甲局 and 乙局 registered 优秀.
    toml = SITE_TOML + '\n[grades]\nquota = { grade = "优秀", max_share = 0.30, rounding = "floor" }\n'
    grades = "unit,grade\n甲局,优秀\n乙局,优秀\n丙局,良好\n东镇,良好\n西镇,一般\n"
    found = problems_of(tmp_path, {"site.toml": toml, "grades/2025.csv": grades})
    assert found == [
        "grades/2025.csv:0:: “优秀”等次超出比例：部门共 3 个，登记 2 个，上限 0 个（30%，floor）",
    ]


def test_english_messages_when_the_site_is_english(tmp_path: Path) -> None:
    toml = SITE_TOML.replace('[site]\n', '[site]\nlang = "en"\n')
    found = problems_of(tmp_path, {"site.toml": toml, "results/2025.csv": RESULTS_2025.replace("甲局,90", "甲局,九十")})
    assert found == ["results/2025.csv:2:党建工作: “九十” is not a number"]


def test_gbk_and_xlsx_results_are_read(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    make_content(tmp_path, {"results/2025.csv": RESULTS_2025.encode("gb18030")})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位", "党建工作", "招商引资", "安全事故"])
    for row in (["甲局", 90, 800, 1], ["乙局", 80, 600, 0], ["丙局", 70, 400, 2], ["东镇", 95, 1000, 0]):
        sheet.append(row)
    sheet.append(["合计", None, 2800, 3])
    book.save(tmp_path / "results" / "2025-Q3.xlsx")
    _, outcome = check(tmp_path, TODAY)
    q3 = outcome.period("2025-Q3")
    assert q3 is not None and q3.main is not None
    assert [r.unit_id for r in q3.main.rows] == ["a", "b", "c", "x"]
    assert q3.main.absent == ("y",)


def test_midterm_blend_needs_every_unit_in_the_h1_file(tmp_path: Path) -> None:
    toml = SITE_TOML.replace('decimals = 2\n', 'decimals = 2\nmidterm_weight = 0.2\n')
    h1 = "\n".join(RESULTS_2025.splitlines()[:-1]) + "\n"  # 西镇 missing
    found = problems_of(tmp_path, {"site.toml": toml, "results/2025-H1.csv": h1})
    assert found == ["results/2025.csv:6:: 设置了 scoring.midterm_weight，但“西镇”在期中考结果 results/2025-H1.csv 中没有成绩"]


@pytest.mark.parametrize("number", ["13912345678", "139-1234-5678", "139 1234 5678"])
def test_mobile_numbers_are_refused_however_written(tmp_path: Path, number: str) -> None:
    found = problems_of(tmp_path, {"results/2025.csv": RESULTS_2025.replace("获评先进", f"联系{number}")})
    assert found == [f"results/2025.csv:3:备注: 疑似手机号“{number}”：公开信息中不得出现完整手机号，请遮蔽（如 138****1234）"]


@pytest.mark.parametrize("number", ["11010119900307123X", "110101 19900307 1234"])
def test_id_numbers_are_refused_however_written(tmp_path: Path, number: str) -> None:
    found = problems_of(tmp_path, {"results/2025.csv": RESULTS_2025.replace("获评先进", f"身份证{number}")})
    assert len(found) == 1 and f"疑似身份证号“{number}”" in found[0]


def test_masked_numbers_pass(tmp_path: Path) -> None:
    make_content(tmp_path, {"results/2025.csv": RESULTS_2025.replace("获评先进", "联系138****1234")})
    check(tmp_path, TODAY)
