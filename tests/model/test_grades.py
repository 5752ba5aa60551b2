"""grades/<year>[--<campaign>].csv checked (generator/model/grades.py): unit[, person, post], grade."""

from __future__ import annotations

from pathlib import Path

from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from tests.support import SITE_TOML, make_content

ZH = Translator("zh-CN")


def problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    _, found = build_model(load_project(make_content(tmp_path, files)))
    return [p.text(ZH) for p in found]


def test_unit_and_person_grades_are_typed(tmp_path: Path) -> None:
    files = {"grades/2025.csv": "单位,等次\n甲局,优秀\nb,良好\n",
             "grades/2025--yiqing.csv": "单位,姓名,职务,等次\n甲局,张三,局长,优秀\n甲局,李四,副局长,良好\n"}
    content, found = build_model(load_project(make_content(tmp_path, files)))
    assert found == [] and content is not None
    units, persons = sorted(content.grades, key=lambda g: g.campaign or "")
    assert (units.year, units.campaign, units.has_persons) == (2025, None, False)
    assert units.entries[["unit_id", "grade", "row"]].values.tolist() == [["a", "优秀", 2], ["b", "良好", 3]]
    assert (persons.campaign, persons.has_persons) == ("yiqing", True)
    assert persons.entries[["person", "post"]].values.tolist() == [["张三", "局长"], ["李四", "副局长"]]


def test_missing_columns_and_a_header_only(tmp_path: Path) -> None:
    assert problems(tmp_path, {"grades/2025.csv": "unit\n甲局\n"}) == ["grades/2025.csv:1:grade: 缺少“grade”列"]
    assert problems(tmp_path, {"grades/2025.csv": "unit,grade\n"}) == ["grades/2025.csv:1: 只有表头，没有任何数据行"]


def test_the_mistakes_of_rows(tmp_path: Path) -> None:
    text = "unit,grade\n甲局,优秀\n乙局,特优\n甲局,良好\n北局,优秀\n"
    assert problems(tmp_path, {"grades/2025.csv": text}) == [
        "grades/2025.csv:3:grade: 等次“特优”不在 grades.scale 中（优秀、良好、一般、较差）",
        "grades/2025.csv:4:unit: “甲局”重复登记（第 2 行已有）",
        "grades/2025.csv:5:unit: 找不到单位“北局”。是否指：“甲局”、“乙局”、“丙局”？",
    ]


def test_the_scale_of_the_year_applies(tmp_path: Path) -> None:
    toml = SITE_TOML + '\n[years.2024.grades]\nscale = ["优秀", "称职", "基本称职", "不称职"]\n'
    files = {"site.toml": toml, "grades/2024.csv": "unit,grade\n甲局,称职\n乙局,良好\n"}
    assert problems(tmp_path, files) == [
        "grades/2024.csv:3:grade: 等次“良好”不在 grades.scale 中（优秀、称职、基本称职、不称职）"
    ]


def test_a_person_twice_in_a_campaign(tmp_path: Path) -> None:
    # A campaign lists persons: a unit may appear on many rows, but a person only once.
    text = "单位,姓名,等次\n甲局,张三,优秀\n甲局,张三,良好\n甲局,李四,良好\n"
    assert problems(tmp_path, {"grades/2025--yq.csv": text}) == ["grades/2025--yq.csv:3:单位: “张三”重复登记（第 2 行已有）"]


def test_grade_files_name_years(tmp_path: Path) -> None:
    text = "unit,grade\n甲局,优秀\n"
    assert problems(tmp_path, {"grades/2025-Q1.csv": text, "grades/二〇二五.csv": text}) == [
        "grades/2025-Q1.csv: 文件名“2025-Q1”应为年度，如 2025.csv 或 2025--<id>.csv",
        "grades/二〇二五.csv: 文件名“二〇二五”应为年度，如 2025.csv 或 2025--<id>.csv",
    ]
