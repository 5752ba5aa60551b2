"""indicators.csv checked (generator/model/indicators.py): its own cells, then against the rules of every
year (categories, target and floor for the scoring method)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from tests.support import INDICATORS, SITE_TOML, make_content

ZH = Translator("zh-CN")
HEADER = "id,name,category,weight,direction,unit,target,floor\n"


def problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    _, found = build_model(load_project(make_content(tmp_path, files)))
    return [p.text(ZH) for p in found]


def added(tmp_path: Path, row: str, **files: str) -> list[str]:
    """Problems of the project with one more indicator, in row 5 of indicators.csv."""
    return problems(tmp_path, {"indicators.csv": INDICATORS + row + "\n", **files})


def test_indicators_are_typed(tmp_path: Path) -> None:
    extra = "id,name,category,weight,direction,unit,target,floor,responsible,applies_to,min,max,说明\n"
    rows = INDICATORS.splitlines()[1:]
    text = extra + "\n".join(r + ",,,,," for r in rows[:-1]) + "\n" + rows[-1] + ",甲局、x;乙局,部门,0,10,安全事故起数\n"
    content, found = build_model(load_project(make_content(tmp_path, {"indicators.csv": text})))
    assert found == [] and content is not None
    aq = content.indicator("aq")
    assert (aq.name, aq.category, aq.weight, aq.direction, aq.unit) == ("安全事故", "业务工作", Decimal(1), "lower", "起")
    assert (aq.target, aq.floor, aq.minimum, aq.maximum) == (Decimal(0), Decimal(4), Decimal(0), Decimal(10))
    # Responsible units by name or id, separated by 、 or ; (in the order written).
    assert aq.responsible == ("a", "x", "b")
    assert aq.applies_to == frozenset({"部门"}) and aq.definition == "安全事故起数"


def test_chinese_direction_words(tmp_path: Path) -> None:
    text = INDICATORS.replace(",higher,分", ",正向,分").replace(",lower,", ",越低越好,")
    content, found = build_model(load_project(make_content(tmp_path, {"indicators.csv": text})))
    assert found == [] and content is not None
    assert [i.direction for i in content.indicators] == ["higher", "higher", "lower"]


def test_missing_columns(tmp_path: Path) -> None:
    # Sorted by column name within row 1; results then stay quiet about the unknown indicator columns.
    assert problems(tmp_path, {"indicators.csv": "id,name\ndj,党建工作\n"}) == [
        "indicators.csv:1:category: 缺少“category”列",
        "indicators.csv:1:direction: 缺少“direction”列",
        "indicators.csv:1:weight: 缺少“weight”列",
    ]


def test_empty_and_duplicate_cells(tmp_path: Path) -> None:
    rows = "\n".join(["dj,新,党的建设,1,higher,分,100,60", ",无id,党的建设,1,higher,分,100,60",
                      "xa,,党的建设,1,higher,分,100,60", "xb,党建工作,党的建设,1,higher,分,100,60",
                      "xc,新二,,1,higher,分,100,60", "xd,新三,党的建设,,higher,分,100,60"])
    assert added(tmp_path, rows) == [
        "indicators.csv:5:id: id “dj”重复（第 2 行已有）",
        "indicators.csv:6:id: 不能为空",
        "indicators.csv:7:name: 不能为空",
        "indicators.csv:8:name: 名称“党建工作”重复（第 2 行已有）",
        "indicators.csv:9:category: 不能为空",
        "indicators.csv:10:weight: 不能为空",
    ]


def test_weights(tmp_path: Path) -> None:
    assert added(tmp_path, "xx,新,党的建设,0,higher,分,100,60") == ["indicators.csv:5:weight: 权重必须大于 0（现为 0）"]
    assert added(tmp_path, "xx,新,党的建设,-1,higher,分,100,60") == ["indicators.csv:5:weight: 权重必须大于 0（现为 -1）"]
    assert added(tmp_path, "xx,新,党的建设,abc,higher,分,100,60") == ["indicators.csv:5:weight: “abc”不是数字"]
    # Weights are bounded by a million (not the billion of values).
    assert added(tmp_path, "xx,新,党的建设,2000000,higher,分,100,60") == [
        "indicators.csv:5:weight: “2000000”超出可接受的范围（绝对值不超过 1,000,000）"
    ]


def test_direction(tmp_path: Path) -> None:
    assert added(tmp_path, "xx,新,党的建设,1,up,分,100,60") == [
        "indicators.csv:5:direction: “up”不是方向：应为 higher（越高越好）或 lower（越低越好）"
    ]


def test_target_and_floor(tmp_path: Path) -> None:
    assert added(tmp_path, "xx,新,党的建设,1,higher,分,60,60") == [
        "indicators.csv:5:target: 目标值与底线值相等（均为 60），无法计算功效系数"
    ]
    # Higher is better: the target must lie above the floor; lower is better: below it.
    assert added(tmp_path, "xx,新,党的建设,1,higher,分,50,60") == [
        "indicators.csv:5:target: 方向为 higher，目标值 50 应高于底线值 60"
    ]
    assert added(tmp_path, "xx,新,党的建设,1,lower,分,60,50") == [
        "indicators.csv:5:target: 方向为 lower，目标值 60 应低于底线值 50"
    ]


def test_a_bad_number_is_one_message(tmp_path: Path) -> None:
    # The target is refused, and with it the indicator: no second message that efficacy needs a target.
    assert added(tmp_path, "xx,新,党的建设,1,higher,分,1e10,60") == [
        "indicators.csv:5:target: “1e10”超出可接受的范围（绝对值不超过 1,000,000,000）"
    ]
    assert added(tmp_path, "xx,新,党的建设,1,higher,分,一百,60") == ["indicators.csv:5:target: “一百”不是数字"]


def test_plausible_range(tmp_path: Path) -> None:
    text = INDICATORS.replace("floor\n", "floor,min,max\n").replace(",100,60\n", ",100,60,10,5\n")
    assert problems(tmp_path, {"indicators.csv": text}) == ["indicators.csv:2:min: 合理范围的下限 10 大于上限 5"]


def test_unit_kinds_and_responsible_units(tmp_path: Path) -> None:
    text = INDICATORS.replace("floor\n", "floor,applies_to,responsible\n").replace(",100,60\n", ",100,60,街道;部门,北局、甲局\n")
    assert problems(tmp_path, {"indicators.csv": text}) == [
        "indicators.csv:2:applies_to: 单位类别“街道”在 units.csv 中不存在（有：乡镇、部门）",
        "indicators.csv:2:responsible: 找不到单位“北局”。是否指：“甲局”、“乙局”、“丙局”？",
    ]


def test_categories_must_be_in_the_rules(tmp_path: Path) -> None:
    assert added(tmp_path, "xx,新,其他,1,lower,分,0,5") == [
        "indicators.csv:5:category: 类别“其他”不在 site.toml 的 scoring.categories 中（党的建设、业务工作）"
    ]


def test_categories_are_checked_for_every_year_that_overrides_them(tmp_path: Path) -> None:
    toml = SITE_TOML + '\n[years.2024.scoring]\ncategories = [{ id = "p", name = "综合", weight = 1 }]\n'
    assert problems(tmp_path, {"site.toml": toml}) == [
        "indicators.csv:2:category: 类别“党的建设”不在 site.toml 的 years.2024.scoring.categories 中（综合）",
        "indicators.csv:3:category: 类别“业务工作”不在 site.toml 的 years.2024.scoring.categories 中（综合）",
        "indicators.csv:4:category: 类别“业务工作”不在 site.toml 的 years.2024.scoring.categories 中（综合）",
    ]


def test_a_category_matches_by_id_too(tmp_path: Path) -> None:
    assert added(tmp_path, "xx,新,party,1,lower,分,0,5") == []


def test_efficacy_needs_target_and_floor(tmp_path: Path) -> None:
    assert added(tmp_path, "xx,新,党的建设,1,lower,分,0,") == [
        "indicators.csv:5:target: 评分方法 scoring.normalize = efficacy 需要填写目标值（target）和底线值（floor）"
    ]


def test_the_target_method_needs_a_positive_target(tmp_path: Path) -> None:
    toml = SITE_TOML.replace('normalize = "efficacy"', 'normalize = "target"')
    rows = "xx,新,党的建设,1,higher,分,,\nyy,新二,党的建设,1,higher,分,0,\nzz,新三,党的建设,1,lower,分,0,"
    # A lower-is-better target of 0 is fine (zero accidents); a higher-is-better one is not.
    assert added(tmp_path, rows, **{"site.toml": toml}) == [
        "indicators.csv:5:target: 评分方法 scoring.normalize = target 需要填写目标值（target）",
        "indicators.csv:6:target: 越高越好的指标，目标值必须大于 0",
    ]


def test_a_year_that_changes_the_method_is_named(tmp_path: Path) -> None:
    toml = SITE_TOML.replace('normalize = "efficacy"', 'normalize = "raw"') + '\n[years.2024.scoring]\nnormalize = "target"\n'
    assert added(tmp_path, "xx,新,党的建设,1,higher,分,,", **{"site.toml": toml}) == [
        "indicators.csv:5:target: 评分方法 years.2024.scoring.normalize = target 需要填写目标值（target）"
    ]
