"""results/<period>.csv checked and typed (generator/model/results.py): wide and long files, header matching,
values as clerks write them, and the exact message of each mistake.

The small project (tests/support.py): units 甲局 a, 乙局 b, 丙局 c (部门), 东镇 x, 西镇 y (乡镇); indicators
党建工作 dj, 招商引资 zs (万元), 安全事故 aq; results/2025.csv with rows 2–6 in that order of units."""

from __future__ import annotations

import math
from pathlib import Path

from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from generator.model.types import Content, ResultSheet
from tests.support import INDICATORS, RESULTS_2025, SITE_TOML, make_content

ZH = Translator("zh-CN")
R = RESULTS_2025
LEVELS = SITE_TOML.replace("decimals = 2", 'decimals = 2\nlevels = { "好" = 100, "较好" = 85, "差" = 50 }')


def problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    _, found = build_model(load_project(make_content(tmp_path, files)))
    return [p.text(ZH) for p in found]


def results(tmp_path: Path, text: str, name: str = "results/2025.csv", **files: str) -> list[str]:
    return problems(tmp_path, {name: text, **files})


def content(tmp_path: Path, files: dict[str, str | bytes]) -> Content:
    built, found = build_model(load_project(make_content(tmp_path, files)))
    assert [p.text(ZH) for p in found] == []
    assert built is not None
    return built


def sheet(tmp_path: Path, text: str, period: str = "2025", **files: str) -> ResultSheet:
    built = content(tmp_path, {"results/2025.csv": text if period == "2025" else R, f"results/{period}.csv": text,
                               **files})
    return next(s for s in built.results if s.period.id == period)


def values(found: ResultSheet) -> list[tuple[str, str, float | None, str, int, str]]:
    return [(r.unit_id, r.indicator_id, None if math.isnan(r.value) else r.value, r.text, r.row, r.column)
            for r in found.values.itertuples()]


# ------------------------------------------------------------------------------------ reading a wide file


def test_the_small_file_read_cell_by_cell(tmp_path: Path) -> None:
    found = sheet(tmp_path, R)
    assert found.indicator_ids == ("dj", "zs", "aq")
    # The header 招商引资（万元） matches 招商引资 without its bracketed unit; the column keeps its own label.
    assert values(found)[:3] == [("a", "dj", 90.0, "90", 2, "党建工作"), ("a", "zs", 800.0, "800", 2, "招商引资（万元）"),
                                 ("a", "aq", 1.0, "1", 2, "安全事故")]
    entries = found.entries
    assert entries["unit_id"].tolist() == ["a", "b", "c", "x", "y"]
    assert entries["row"].tolist() == [2, 3, 4, 5, 6]
    assert entries["bonus"].tolist() == [0.0, 1.0, 0.0, 0.0, 0.0]
    assert entries["bonus_text"].tolist() == ["0", "1", "0", "0", "0"]  # blank = 0
    assert entries["note"].tolist() == ["", "获评先进", "", "", ""]


def test_values_as_clerks_write_them(tmp_path: Path) -> None:
    text = ("序号,单位名称,党建 工作,招商引资(万元),aq,扣分,排名\n"
            "1,甲局,９０,\"1,200\",—,0.5,2\n"
            "2,b,95%,不适用,0,,1\n"
            "3,丙 局,70,800,/,,3\n"
            ",合计,,,,,\n")
    found = sheet(tmp_path, text, "2025-Q1")
    # Unit column by its header 单位名称; units by name, id or name with a stray space; indicators by a name
    # with white space, by a half-width bracketed unit, by id. 序号 is ignored; 排名 is the file's own rank.
    assert found.indicator_ids == ("dj", "zs", "aq")
    assert found.rank_column == "排名"
    assert [(u, i, v, t) for u, i, v, t, _, _ in values(found)] == [
        ("a", "dj", 90.0, "90"), ("a", "zs", 1200.0, "1200"), ("a", "aq", None, ""),
        ("b", "dj", 95.0, "95"), ("b", "zs", None, ""), ("b", "aq", 0.0, "0"),
        ("c", "dj", 70.0, "70"), ("c", "zs", 800.0, "800"), ("c", "aq", None, ""),
    ]
    assert found.entries["penalty_text"].tolist() == ["0.5", "0", "0"]
    assert found.entries["file_rank"].tolist() == ["2", "1", "3"]
    assert found.entries["row"].tolist() == [2, 3, 4]  # the 合计 row is no unit


def test_without_a_unit_header_the_first_column_names_units(tmp_path: Path) -> None:
    found = sheet(tmp_path, "名称,dj,zs,aq\n甲局,1,2,3\n", "2025-Q2")
    assert found.entries["unit_id"].tolist() == ["a"]


def test_rating_words_are_read_through_scoring_levels(tmp_path: Path) -> None:
    text = R.replace("甲局,90", "甲局,好").replace("乙局,80", "乙局,较好")
    found = sheet(tmp_path, text, **{"site.toml": LEVELS})
    assert values(found)[0][:4] == ("a", "dj", 100.0, "100")
    assert values(found)[3][:4] == ("b", "dj", 85.0, "85")


def test_cells_of_indicators_that_do_not_apply_are_not_counted(tmp_path: Path) -> None:
    # 招商引资 applies to 部门 only: the towns' cells are not read, even when empty.
    indicators = INDICATORS.replace("floor\n", "floor,applies_to\n").replace("1000,200\n", "1000,200,部门\n")
    text = R.replace("东镇,95,1000", "东镇,95,").replace("西镇,85,500", "西镇,85,abc")
    found = sheet(tmp_path, text, **{"indicators.csv": indicators})
    assert [(u, i) for u, i, *_ in values(found) if i == "zs"] == [("a", "zs"), ("b", "zs"), ("c", "zs")]


# ------------------------------------------------------------------------------------ mistakes of a wide file


def test_an_unknown_column_suggests_the_closest_names(tmp_path: Path) -> None:
    assert results(tmp_path, R.replace("安全事故,加分", "安全生产,加分")) == [
        "results/2025.csv:1:安全生产: 无法识别的列“安全生产”：既不是指标，也不是单位、加分、扣分、备注列。是否指：“安全事故”？"
    ]
    assert results(tmp_path, R.replace("安全事故,加分", "qqqq,加分")) == [
        "results/2025.csv:1:qqqq: 无法识别的列“qqqq”：既不是指标，也不是单位、加分、扣分、备注列"
    ]


def test_two_columns_for_one_indicator(tmp_path: Path) -> None:
    text = "单位,党建工作,党建工作（分）\n甲局,1,2\n"
    assert results(tmp_path, text, "results/2025-Q1.csv") == [
        "results/2025-Q1.csv:1:党建工作（分）: 指标“党建工作（分）”重复（“党建工作”列已有）"
    ]


def test_a_file_without_indicator_columns(tmp_path: Path) -> None:
    assert results(tmp_path, "单位,加分,备注\n甲局,1,\n", "results/2025-Q1.csv") == [
        "results/2025-Q1.csv:1: 文件中没有任何指标列"
    ]


def test_a_file_with_a_header_only(tmp_path: Path) -> None:
    # Published, it would show a board where every unit is 未参评: a file saved before the rows were pasted.
    assert results(tmp_path, "单位,党建工作,招商引资,安全事故\n", "results/2025-Q1.csv") == [
        "results/2025-Q1.csv:1: 只有表头，没有任何数据行"
    ]


def test_unknown_and_repeated_units(tmp_path: Path) -> None:
    text = R.replace("西镇,85", "北镇,85") + "甲局,90,800,1,,\n" + ",1,2,3,,\n" + "zzzz,1,2,3,,\n"
    assert results(tmp_path, text) == [
        "results/2025.csv:6:单位: 找不到单位“北镇”。是否指：“西镇”、“东镇”？",
        "results/2025.csv:7:单位: 单位“甲局”重复出现（第 2 行已有）",
        "results/2025.csv:8:单位: 该行没有填写单位",
        "results/2025.csv:9:单位: 找不到单位“zzzz”",
    ]


def test_empty_and_bad_values(tmp_path: Path) -> None:
    text = R.replace("甲局,90,800", "甲局,,800").replace("乙局,80", "乙局,九十").replace("丙局,70", "丙局,2e9")
    assert results(tmp_path, text) == [
        "results/2025.csv:2:党建工作: “甲局”的“党建工作”为空：该指标适用于此单位，请填写数值，不适用的请填“—”或“不适用”",
        "results/2025.csv:3:党建工作: “九十”不是数字",
        "results/2025.csv:4:党建工作: “2e9”超出可接受的范围（绝对值不超过 1,000,000,000）",
    ]


def test_a_formula_typed_into_a_csv(tmp_path: Path) -> None:
    text = R.replace("甲局,90", "甲局,=B3+1").replace("乙局,80,600,0,1", "乙局,80,600,0,=1+1")
    assert results(tmp_path, text) == [
        "results/2025.csv:2:党建工作: “=B3+1”以 = 开头，像是 Excel 公式：请粘贴为数值或文本",
        "results/2025.csv:3:加分: “=1+1”以 = 开头，像是 Excel 公式：请粘贴为数值或文本",
    ]


def test_a_word_outside_scoring_levels(tmp_path: Path) -> None:
    text = R.replace("甲局,90", "甲局,中")
    assert results(tmp_path, text, **{"site.toml": LEVELS}) == [
        "results/2025.csv:2:党建工作: “中”不是数字，也不是 scoring.levels 中的评价词（好、较好、差）"
    ]


def test_bonus_and_penalty(tmp_path: Path) -> None:
    # Bonus and penalty are bounded by 10,000 points.
    text = R.replace("乙局,80,600,0,1", "乙局,80,600,0,abc").replace("甲局,90,800,1,", "甲局,90,800,1,20000")
    assert results(tmp_path, text) == [
        "results/2025.csv:2:加分: “20000”超出可接受的范围（绝对值不超过 10,000）",
        "results/2025.csv:3:加分: “abc”不是数字",
    ]


# ------------------------------------------------------------------------------------ long files


LONG = "单位,指标,数值\n" + "".join(
    f"{unit},{name},{value}\n" for unit, row in (("甲局", (90, 800, 1)), ("乙局", (80, 600, 0)))
    for name, value in zip(("党建工作", "招商引资", "安全事故"), row, strict=True))


def test_a_long_file(tmp_path: Path) -> None:
    found = sheet(tmp_path, LONG + "乙局,加分,2\n乙局,备注,先进\n", "2025-Q1")
    assert found.indicator_ids == ("dj", "zs", "aq")
    assert [(u, i, v, row) for u, i, v, _, row, _ in values(found)][:2] == [("a", "dj", 90.0, 2), ("a", "zs", 800.0, 3)]
    assert found.entries["unit_id"].tolist() == ["a", "b"]
    assert found.entries["bonus_text"].tolist() == ["0", "2"]
    assert found.entries["note"].tolist() == ["", "先进"]


def test_the_mistakes_of_a_long_file(tmp_path: Path) -> None:
    text = LONG.replace("甲局,安全事故,1\n", "") + "乙局,党建工作,81\n乙局,招商,1\n北局,党建工作,3\n"
    # 甲局 (first row 2) lacks 安全事故; 乙局's 党建工作 repeats row 4 (rows shift up one after the removal).
    assert results(tmp_path, text, "results/2025-Q1.csv") == [
        "results/2025-Q1.csv:2:单位: “甲局”缺少指标“安全事故”的数值",
        "results/2025-Q1.csv:7:数值: “乙局”的指标“党建工作”重复出现（第 4 行已有）",
        "results/2025-Q1.csv:8:指标: 找不到指标“招商”。是否指：“招商引资”？",
        "results/2025-Q1.csv:9:单位: 找不到单位“北局”。是否指：“甲局”、“乙局”、“丙局”？",
    ]


def test_english_long_headers(tmp_path: Path) -> None:
    found = sheet(tmp_path, "unit,indicator,value\na,dj,1\na,zs,2\na,aq,3\n", "2025-Q1")
    assert [v for _, _, v, *_ in values(found)] == [1.0, 2.0, 3.0]


# ------------------------------------------------------------------------------------ file names and boards


def test_file_names_that_are_no_period(tmp_path: Path) -> None:
    rule = "不是期次：应为 2025（年度）、2025-H1（半年）、2025-Q2（季度）或 2025-03（月度），专项通报加 --<id>"
    assert problems(tmp_path, {"results/2025-13.csv": R, "results/第一季度.csv": R}) == [
        f"results/2025-13.csv: 文件名“2025-13”{rule}",
        f"results/第一季度.csv: 文件名“第一季度”{rule}",
    ]


def test_full_width_and_spaced_file_names_name_their_period(tmp_path: Path) -> None:
    built = content(tmp_path, {"results/２０２５-Q1.csv": R, "results/2025-Q2 .csv": R})
    assert sorted(s.period.id for s in built.results) == ["2025", "2025-Q1", "2025-Q2"]


def test_two_files_for_one_period(tmp_path: Path) -> None:
    assert problems(tmp_path, {"results/２０２５-Q1.csv": R, "results/2025-Q1 .csv": R}) == [
        "results/２０２５-Q1.csv: “results/2025-Q1 .csv”与“results/２０２５-Q1.csv”是同一期次的两个文件（文件名写法不同），"
        "无法确定以哪个为准。请删除或移走其中一个。"
    ]


def test_a_themed_board_must_be_described(tmp_path: Path) -> None:
    assert problems(tmp_path, {"results/2025--zhaoshang.csv": R}) == [
        "results/2025--zhaoshang.csv: 专项“zhaoshang”未在 site.toml 中定义：请添加 [boards.zhaoshang] 并写明 title"
    ]


def test_board_ids_are_slugs_and_not_reserved(tmp_path: Path) -> None:
    rule = "不是合法的 id：只能用小写字母、数字和连字符（-），且以字母或数字开头"
    reserved = "是保留的名称（main 是综合晾晒表，standings 是指标晾晒表），不能用作专项的 id：请换一个"
    assert problems(tmp_path, {"results/2025--Zs.csv": R, "results/2025--main.csv": R, "results/2025--standings.csv": R}) == [
        f"results/2025--Zs.csv: “Zs”{rule}",
        f"results/2025--main.csv: “main”{reserved}",
        f"results/2025--standings.csv: “standings”{reserved}",
    ]


def test_a_themed_board_with_its_indicators(tmp_path: Path) -> None:
    toml = SITE_TOML + '\n[boards.zs]\ntitle = "招商引资专项"\nindicators = ["招商引资", "zs", "不存在"]\n'
    text = "单位,党建工作\n甲局,1\n乙局,2\n丙局,3\n东镇,1\n西镇,1\n"
    assert problems(tmp_path, {"site.toml": toml, "results/2025-Q1--zs.csv": text}) == [
        "results/2025-Q1--zs.csv:1: [boards.zs] 列出的指标“zs”不在此文件中",
        "results/2025-Q1--zs.csv:1: [boards.zs] 列出的指标“招商引资”不在此文件中",
        "site.toml:28:boards.zs.indicators: [boards.zs] 中的指标“不存在”不存在",  # line 28: `indicators = [...]`
    ]
    built = content(tmp_path, {"site.toml": toml.replace(', "不存在"', ""), "results/2025-Q1--zs.csv": "单位,招商引资\n甲局,1\n"})
    assert built.board_indicators == {"zs": ("zs", "zs")}
    assert sorted((s.period.id, s.board) for s in built.results) == [("2025", "main"), ("2025-Q1", "zs")]


def test_a_results_file_of_many_unknown_units_is_reported_row_by_row(tmp_path: Path) -> None:
    # 3,000 rows of unknown units: one message each (their cells are not read), and suggestions only for the
    # first 50 (difflib is linear in the names: a file of misses stays fast).
    text = "单位,党建工作,招商引资,安全事故\n" + "".join(f"甲局{n},x,1,1\n" for n in range(3000))
    found = results(tmp_path, text, "results/2025-Q1.csv")
    assert len(found) == 3000
    # “甲局0” and 甲局 share two characters: ratio 2·2/(3+2) = 0.8; 乙局 and 丙局 share 局: 2·1/(3+2) = 0.4, the
    # cutoff; every later name (up to 甲局2999: 2·2/(6+2) = 0.5 for 甲局) would match too.
    assert found[0] == "results/2025-Q1.csv:2:单位: 找不到单位“甲局0”。是否指：“甲局”、“乙局”、“丙局”？"
    assert found[-1] == "results/2025-Q1.csv:3001:单位: 找不到单位“甲局2999”"
    assert sum("是否指" in line for line in found) == 50
