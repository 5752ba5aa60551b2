"""generator.review.whatif (SPEC 7.3): other rules recomputed by the model and rules stages as they are, compared
with the rules in force; nothing written. The main example is a 隰县-style change: 党的建设 from 15% to 30%."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.errors import ContentError, GongshiError
from generator.i18n import Translator
from generator.review.views import counts_text
from generator.review.whatif import replaced, what_if, whatif_html, whatif_lines
from tests.support import DEMO, RESULTS_2025, SITE_TOML, make_content, soup, tree_bytes

ZH = Translator("zh-CN")
TODAY = date(2025, 11, 30)

CATEGORIES = """categories = [
  {{ id = "party", name = "党的建设", weight = {party} }},
  {{ id = "work", name = "业务工作", weight = {work} }},
]
"""
SITE = SITE_TOML.replace(CATEGORIES.format(party="0.5", work="0.5"), CATEGORIES.format(party="0.15", work="0.85")) + """
[grades]
bands = [{ grade = "优秀", min = 85 }, { grade = "良好", min = 70 }, { grade = "一般" }]

[[flags]]
id = "excellent"
label = "本年度考核优秀"
rule = "any_in_last"
grades = ["优秀"]
years = 1
"""
RULES = '[scoring]\nnormalize = "efficacy"\ndecimals = 2\n' + CATEGORIES.format(party="0.30", work="0.70")
# Normalised values (efficacy): 党建 as written (target 100, floor 60, all within); 招商 500 → 75, 800 → 90,
# 600 → 80, 1000 → 100; 安全事故 2.5 → 75, 1 → 90, 2 → 80, 0 → 100, 3 → 70. 业务工作 = (2 × 招商 + 安全) / 3.
YEAR = "单位,党建工作,招商引资（万元）,安全事故\n甲局,100,500,2.5\n乙局,60,800,1\n丙局,80,600,2\n东镇,95,1000,0\n西镇,85,500,3\n"
# 业务: 甲 75, 乙 90, 丙 80, 东 100, 西 (150 + 70)/3 = 73.333.
#            15% / 85%                       30% / 70%
#   甲  15 + 63.75 = 78.75 (3, 红, 良好)     30 + 52.5 = 82.50 (1, 绿, 良好)
#   乙   9 + 76.5  = 85.50 (1, 绿, 优秀)     18 + 63   = 81.00 (2, 黄, 良好)
#   丙  12 + 68    = 80.00 (2, 黄, 良好)     24 + 56   = 80.00 (3, 红, 良好)
#   东  14.25 + 85 = 99.25 (1, 绿, 优秀)     28.5 + 70 = 98.50 (1, 绿, 优秀)
#   西  12.75 + 62.333 = 75.08 (2, 红, 良好) 25.5 + 51.333 = 76.83 (2, 红, 良好)
# So on the year's board 甲 3 → 1 (红 → 绿), 乙 1 → 2 (绿 → 黄) and loses 优秀 and with it the flag 本年度考核优秀,
# 丙 2 → 3 (黄 → 红); the towns do not move. March (RESULTS_2025) changes scores but no rank: 甲 90 either way,
# 乙 86.67 / 85.67, 丙 72.83 / 72.33, 东 99.25 / 98.50, 西 75.08 / 76.83.
EXPECTED_COUNTS = "3 个单位名次变化；3 个单位档次变化（升 1、降 2）；1 个失去“优秀”；1 个得到“良好”；1 个不再“本年度考核优秀”"


def project(root: Path, site: str = SITE) -> Path:
    return make_content(root, {"site.toml": site, "results/2025.csv": YEAR, "results/2025-03.csv": RESULTS_2025,
                               "rules.toml": RULES})


def test_party_building_from_15_to_30_percent(tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    before = tree_bytes(content)
    result, _, _ = what_if(content, content / "rules.toml", TODAY)
    assert (result.years, result.compared) == ((2025,), 2)
    [board] = result.boards
    assert (board.period, board.board) == ("2025", "main")
    moves = [(c.name, c.fields, c.old.rank, c.new.rank, c.old.tier_label, c.new.tier_label, c.old.grade, c.new.grade,
              c.old.flags, c.new.flags) for c in board.changes]
    assert moves == [
        ("甲局", ("rank", "tier"), 3, 1, "红", "绿", "良好", "良好", (), ()),
        ("乙局", ("rank", "tier", "grade", "flags"), 1, 2, "绿", "黄", "优秀", "良好", ("excellent",), ()),
        ("丙局", ("rank", "tier"), 2, 3, "黄", "红", "良好", "良好", (), ()),
    ]
    assert [(c.old.score, c.new.score) for c in board.changes] == [(78.75, 82.5), (85.5, 81.0), (80.0, 80.0)]
    assert counts_text(board.counts(), ZH) == EXPECTED_COUNTS
    assert whatif_lines(result, ZH) == [f"2025年度综合考核晾晒表：{EXPECTED_COUNTS}",
                                        "共比较 2025 年度的 2 张晾晒表，其中 1 张有名次、档次、等次或结果运用的变化。"]
    assert tree_bytes(content) == before  # nothing written: no site, no archive, no cache


def test_a_year_override_still_applies_and_is_said(tmp_path: Path) -> None:
    # site.toml's [years.2025.scoring] overrides categories for 2025; the rules file's base [scoring] replaces the
    # base only, so 2025 is computed as before (no move) and the report says why. Replacing [years.2025.scoring]
    # itself gives the moves above.
    override = "\n[years.2025.scoring]\n" + CATEGORIES.format(party="0.15", work="0.85")
    content = project(tmp_path / "content", SITE + override)
    result, _, _ = what_if(content, content / "rules.toml", TODAY)
    assert result.boards == ()
    assert [note.text(ZH) for note in result.notes] == [
        "site.toml 的 [years.2025.scoring] 仍覆盖 2025 年度的 “categories”：如要试算这些项，"
        "请在规则文件中写 [years.2025.scoring]"]
    (content / "year.toml").write_text("[years.2025.scoring]\n" + CATEGORIES.format(party="0.30", work="0.70"), encoding="utf-8")
    result, _, _ = what_if(content, content / "year.toml", TODAY)
    assert [counts_text(b.counts(), ZH) for b in result.boards] == [EXPECTED_COUNTS] and result.notes == ()


def test_sections_are_replaced_whole_and_others_stay() -> None:
    site = {"scoring": {"normalize": "raw", "decimals": 1}, "tiers": {"basis": "rank"},
            "years": {"2024": {"scoring": {"decimals": 0}, "tiers": {"basis": "score"}}},
            "boards": {"zs": {"title": "招商"}}}
    fragment = {"scoring": {"decimals": 3}, "years": {"2024": {"scoring": {"normalize": "minmax"}}},
                "boards": {"zs": {"title": "招商引资", "indicators": ["zs"]}}}
    assert replaced(site, fragment) == {
        "scoring": {"decimals": 3}, "tiers": {"basis": "rank"},
        "years": {"2024": {"scoring": {"normalize": "minmax"}, "tiers": {"basis": "score"}}},
        "boards": {"zs": {"title": "招商引资", "indicators": ["zs"]}}}
    assert site["scoring"] == {"normalize": "raw", "decimals": 1}  # the site's own data is not touched


def test_the_side_by_side_report(tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    result, base, _ = what_if(content, content / "rules.toml", TODAY)
    page = soup_of(tmp_path, whatif_html(result, base[0], ZH))
    assert page.title is not None and page.title.get_text() == "规则试算：rules.toml · 测试区考核结果公示"
    assert ".masthead" in page.select_one("style").get_text()  # the site's own stylesheet: the same look
    rows = {tr.select_one("td.u").get_text(): tr for tr in page.select("table.board tbody tr")}
    assert list(rows) == ["甲局", "乙局", "丙局", "东镇", "西镇"]  # every row, in the new order
    first = [td.get_text() for td in rows["甲局"].select("td")[1:]]
    assert first == ["78.75", "3", "■红", "良好", "—", "82.50", "1", "●绿", "良好", "—"]
    assert [td.get_text() for td in rows["甲局"].select("td.moved")] == ["1", "●绿"]  # a score alone is no move
    assert rows["东镇"]["class"] == ["same"] and rows["乙局"]["class"] == ["changed"]
    assert [td["class"] for td in rows["甲局"].select("td.t")] == [["t", "t2"], ["t", "t0", "moved"]]


def soup_of(tmp_path: Path, html: str) -> object:
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    return soup(path)


def test_rules_files_that_cannot_be_used(tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    (content / "site-part.toml").write_text('[site]\ntitle = "x"\n', encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        what_if(content, content / "site-part.toml", TODAY)
    assert raised.value.lines(ZH) == [
        "site-part.toml:1:site: 规则文件中的“site”不能用于试算：只能替换 "
        "scoring、ranking、tiers、grades、flags、standings、years、boards"]
    bad = RULES.replace("weight = 0.30", "weight = -1")
    (content / "bad.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        what_if(content, content / "bad.toml", TODAY)
    assert raised.value.lines(ZH) == [f"bad.toml:{bad.splitlines().index(next(x for x in bad.splitlines() if '-1' in x)) + 1}:"
                                      "scoring.categories.0.weight: 必须大于 0"]
    with pytest.raises(GongshiError) as missing:
        what_if(content, content / "nothing.toml", TODAY)
    assert missing.value.lines(ZH) == [f"找不到规则文件 {content / 'nothing.toml'}"]
    with pytest.raises(GongshiError) as year:
        what_if(content, content / "rules.toml", TODAY, 2030)
    assert year.value.lines(ZH) == ["2030 年度没有考核数据，无法试算"]


def test_a_frozen_year_recomputed_read_only(tmp_path: Path) -> None:
    # The demo's 2023 is frozen, with 党的建设 at 15% ([years.2023.scoring]). Recomputed from its files under the
    # same rules it reproduces the archive exactly (no move); under 30% it moves, and nothing is written either way.
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    before = tree_bytes(content)
    same = tmp_path / "same.toml"
    same.write_text('[years.2023.scoring]\ncategories = [\n  { id = "party", name = "党的建设", weight = 0.15 },\n'
                    '  { id = "industry", name = "主导产业", weight = 0.425 },\n'
                    '  { id = "tasks", name = "部门任务", weight = 0.425 },\n]\n', encoding="utf-8")
    result, _, _ = what_if(content, same, date(2026, 1, 6), 2023)
    assert (result.years, result.compared, result.boards) == ((2023,), 1, ())
    other = tmp_path / "other.toml"
    other.write_text(same.read_text(encoding="utf-8").replace("0.15", "0.30").replace("0.425", "0.35"), encoding="utf-8")
    result, _, _ = what_if(content, other, date(2026, 1, 6), 2023)
    [board] = result.boards
    assert board.period == "2023" and board.counts().rank > 0
    assert tree_bytes(content) == before


def test_a_report_that_cannot_be_written(tmp_path: Path) -> None:
    from generator.review.sheet import write_file

    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(GongshiError) as raised:
        write_file(tmp_path / "file.txt" / "report.html", b"<html></html>")
    assert raised.value.lines(ZH) == [f"无法写入 {tmp_path / 'file.txt' / 'report.html'}：File exists"]
