"""units.csv checked (generator/model/units.py and the shared cell checks of common.py)."""

from __future__ import annotations

from pathlib import Path

from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from tests.support import RESULTS_2025, SITE_TOML, UNITS, make_content

ZH = Translator("zh-CN")
SLUG_RULE = "不是合法的 id：只能用小写字母、数字和连字符（-），且以字母或数字开头"


def problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    _, found = build_model(load_project(make_content(tmp_path, files)))
    return [p.text(ZH) for p in found]


def test_units_are_read_in_file_order_with_their_columns(tmp_path: Path) -> None:
    units = "id,name,kind,short_name,order,leader\n" + \
        "a,甲局,部门,甲,3,张三\nb,乙局,部门,,,\nc,丙局,部门,,1,\nx,东镇,乡镇,,,\ny,西镇,乡镇,,,\n"
    content, found = build_model(load_project(make_content(tmp_path, {"units.csv": units})))
    assert found == [] and content is not None
    # `order` when given, else the position in the file (b is 2nd, x 4th, y 5th).
    assert [(u.id, u.name, u.kind, u.short_name, u.order) for u in content.units] == [
        ("a", "甲局", "部门", "甲", 3), ("b", "乙局", "部门", "", 2), ("c", "丙局", "部门", "", 1),
        ("x", "东镇", "乡镇", "", 4), ("y", "西镇", "乡镇", "", 5)]
    assert content.units[0].columns["leader"] == "张三"


def test_a_missing_column_and_no_cascade_of_unknown_units(tmp_path: Path) -> None:
    # Without `kind`, units.csv is unusable: the results file's five unit names are not reported again,
    # and neither is ranking.within = "kind".
    assert problems(tmp_path, {"units.csv": UNITS.replace("id,name,kind,order", "id,name,type,order")}) == [
        "units.csv:1:kind: 缺少“kind”列"
    ]


def test_a_header_without_units(tmp_path: Path) -> None:
    assert problems(tmp_path / "a", {"units.csv": "id,name,kind\n"}) == ["units.csv:1: units.csv 只有表头，没有任何单位"]
    # Indicators naming unit kinds (applies_to) or units (responsible) are not blamed for the empty units.csv.
    indicators = ("id,name,category,weight,direction,unit,target,floor,responsible,applies_to\n"
                  "dj,党建工作,党的建设,1,higher,分,100,60,a,部门\nzs,招商引资,业务工作,2,higher,万元,1000,200,b,乡镇\n"
                  "aq,安全事故,业务工作,1,lower,起,0,4,,\n")
    assert problems(tmp_path / "b", {"units.csv": "id,name,kind\n", "indicators.csv": indicators}) == [
        "units.csv:1: units.csv 只有表头，没有任何单位"]


def test_bad_and_duplicate_ids(tmp_path: Path) -> None:
    units = UNITS.replace("\nb,乙局", "\nB局,乙局") + "a,丁局,部门,6\n"
    # Row 3 (乙局) has a bad id and row 7 repeats a's id: both rows are refused, and 乙局 in the results is
    # then not reported as unknown (its row was already reported).
    assert problems(tmp_path, {"units.csv": units}) == [
        f"units.csv:3:id: “B局”{SLUG_RULE}",
        "units.csv:7:id: id “a”重复（第 2 行已有）",
    ]


def test_empty_cells_names_and_orders(tmp_path: Path) -> None:
    units = UNITS + ",无名局,部门,6\nd,,部门,7\ne,甲局,部门,8\nf,某局,,9\ng,某二局,部门,x\nh,某三局,部门,1.5\n"
    assert problems(tmp_path, {"units.csv": units}) == [
        "units.csv:7:id: 不能为空",
        "units.csv:8:name: 不能为空",
        "units.csv:9:name: 名称“甲局”重复（第 2 行已有）",
        "units.csv:10:kind: 不能为空",
        "units.csv:11:order: “x”不是整数",
        "units.csv:12:order: “1.5”不是整数",
    ]


def test_an_overlong_name(tmp_path: Path) -> None:
    name = "长" * 2001  # a published cell holds at most 2,000 characters
    assert problems(tmp_path, {"units.csv": UNITS + f"z,{name},部门,6\n"}) == [
        "units.csv:7:name: 内容过长（2001 个字符，上限 2000 个）"
    ]


def test_ranking_within_must_name_a_column(tmp_path: Path) -> None:
    toml = SITE_TOML.replace('within = "kind"', 'within = "area"')
    assert problems(tmp_path, {"site.toml": toml}) == [
        "site.toml:16:ranking.within: site.toml 中 ranking.within = \"area\"，但 units.csv 没有这一列"
    ]


def test_units_from_xlsx_are_named_with_their_letters(tmp_path: Path) -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in [r.split(",") for r in UNITS.splitlines()]:
        book.active.append(row)
    book.active.append(["B局", "丁局", "部门", "6"])
    buffer = io.BytesIO()
    book.save(buffer)
    root = make_content(tmp_path, {"units.xlsx": buffer.getvalue(), "results/2025.csv": RESULTS_2025})
    (root / "units.csv").unlink()
    _, found = build_model(load_project(root))
    assert [p.text(ZH) for p in found] == [f"units.xlsx:7:A id: “B局”{SLUG_RULE}"]
