"""site.toml validated (generator/model/config.py and config_check.py): each mistake at its line and key,
with the exact words; year and board layers resolved and checked once.

Lines of tests/support.py's SITE_TOML, which the expected locations below count on:
 1 [site]            6 [scoring]          14 [ranking]     18 [tiers]
 2 title             7 normalize          15 ties          19 basis
 3 organization      8 decimals           16 within        20 levels = [
 4 contact           9 categories = [                      21   green (top = 1)
                    10   party                             22   yellow
                    11   work                              23   red (bottom = 1)
                    12 ]                                   24 ]
Text appended after it starts at line 25 (so "\\n[x]" puts [x] on line 26).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from generator.model.config import SiteConfig
from tests.support import SITE_TOML, make_content

ZH = Translator("zh-CN")
BASIS = "（rank 用 top/bottom，percentile 用 top_pct/bottom_pct，score 用 min_score）"


def problems(root: Path) -> list[str]:
    _, found = build_model(load_project(root))
    return [p.text(ZH) for p in found]


def site(tmp_path: Path, extra: str = "", *replacements: tuple[str, str]) -> list[str]:
    text = SITE_TOML
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return problems(make_content(tmp_path, {"site.toml": text + extra}))


def config_of(tmp_path: Path, extra: str = "") -> SiteConfig:
    content, found = build_model(load_project(make_content(tmp_path, {"site.toml": SITE_TOML + extra})))
    assert found == [] and content is not None
    return content.config


# ------------------------------------------------------------------------------------ keys and types


def test_an_unknown_key(tmp_path: Path) -> None:
    assert site(tmp_path, "", ("[site]\n", "[site]\ntilte = \"x\"\n")) == ["site.toml:2:site.tilte: 未知的设置项（请检查拼写）"]


def test_an_unknown_nested_table(tmp_path: Path) -> None:
    assert site(tmp_path, "\n[scoring.extra]\n") == ["site.toml:26:scoring.extra: 未知的设置项（请检查拼写）"]


def test_a_missing_required_key(tmp_path: Path) -> None:
    flag = "\n[[flags]]\nid = \"priority\"\nlabel = \"优先\"\nrule = \"consecutive\"\ngrades = [\"优秀\"]\n"
    # `years` is required and absent: reported at the [[flags]] header (line 26), the closest line there is.
    assert site(tmp_path, flag) == ["site.toml:26:flags.0.years: 缺少必填项"]


def test_a_value_outside_its_choices(tmp_path: Path) -> None:
    assert site(tmp_path, "", ('ties = "min"', 'ties = "average"')) == ["site.toml:15:ranking.ties: 取值只能是 'min', 'dense'"]


def test_weights_must_be_positive_each_at_its_own_line(tmp_path: Path) -> None:
    # Both categories are wrong: each message names its element of the inline array (lines 10 and 11).
    assert site(tmp_path, "", ("weight = 0.5 }", "weight = 0 }")) == [
        "site.toml:10:scoring.categories.0.weight: 必须大于 0",
        "site.toml:11:scoring.categories.1.weight: 必须大于 0",
    ]


def test_bounds_of_numbers(tmp_path: Path) -> None:
    assert site(tmp_path, "", ("decimals = 2", "decimals = -1")) == ["site.toml:8:scoring.decimals: 不能小于 0"]
    assert site(tmp_path, "", ("decimals = 2", "decimals = 9")) == ["site.toml:8:scoring.decimals: 不能大于 4"]
    assert site(tmp_path, "", ("[site]\n", "[site]\npublication_days = 61\n")) == [
        "site.toml:2:site.publication_days: 不能大于 60"
    ]


def test_percentages_between_0_and_100(tmp_path: Path) -> None:
    found = site(tmp_path, "", ('basis = "rank"', 'basis = "percentile"'), ("top = 1", "top_pct = 101"),
                 ("bottom = 1", "bottom_pct = 0"))
    assert found == [
        "site.toml:21:tiers.levels.0.top_pct: 百分比必须在 0 到 100 之间",
        "site.toml:23:tiers.levels.2.bottom_pct: 必须大于 0",
    ]


def test_a_value_of_the_wrong_type(tmp_path: Path) -> None:
    # What the value should have been, in the site's language (pydantic's own sentences are English).
    assert site(tmp_path / "a", "", ("decimals = 2", 'decimals = "two"')) == [
        "site.toml:8:scoring.decimals: 应为整数（如 2，不加引号）"]
    assert site(tmp_path / "b", "", ("weight = 0.5 }", 'weight = "abc" }')) == [
        f"site.toml:{line}:scoring.categories.{n}.weight: 应为数字（如 0.5，不加引号）" for n, line in ((0, 10), (1, 11))]
    assert site(tmp_path / "c", "", ("weight = 0.5 }", "weight = inf }"))[0] == (
        "site.toml:10:scoring.categories.0.weight: 应为有限的数字（不能是 inf 或 nan，也不能超出范围）")
    assert site(tmp_path / "d", '\n[checks]\nstrict = "maybe"\n') == [
        "site.toml:27:checks.strict: 应为 true 或 false（不加引号）"]
    assert site(tmp_path / "e", "", ('title = "测试区考核结果公示"', "title = 1")) == [
        'site.toml:2:site.title: 应为文字（加英文双引号，如 "绿"）']
    assert site(tmp_path / "f", '\n[grades]\nscale = "优秀"\n') == ['site.toml:27:grades.scale: 应为列表（如 ["a", "b"]）']


def test_lengths_of_texts_and_lists(tmp_path: Path) -> None:
    assert site(tmp_path / "a", "", ('label = "绿", top = 1', 'label = "绿", top = 1, shape = "<b>■</b>"')) == [
        "site.toml:21:tiers.levels.0.shape: 太长：最多 2 个字符"]
    many = ", ".join(f'"c{i}"' for i in range(201))
    assert site(tmp_path / "b", f"\n[privacy]\nnever_publish = [{many}]\n") == [
        "site.toml:27:privacy.never_publish: 太多：最多 200 项"]
    assert site(tmp_path / "c", '\n[privacy]\nnever_publish = [""]\n') == [
        "site.toml:27:privacy.never_publish.0: 太短：至少 1 个字符"]


def test_a_mistake_of_the_base_is_said_once_whatever_the_layers(tmp_path: Path) -> None:
    # A board and a year both inherit [scoring]: its mistake is the base's, said at its line only.
    layers = '\n[boards.zs]\ntitle = "招商"\nindicators = ["zs"]\n\n[years.2025.ranking]\nties = "dense"\n'
    assert site(tmp_path, layers, ("decimals = 2", 'decimals = "two"')) == [
        "site.toml:8:scoring.decimals: 应为整数（如 2，不加引号）"]


def test_ids_are_slugs(tmp_path: Path) -> None:
    assert site(tmp_path, "", ('id = "party"', 'id = "Party"')) == [
        "site.toml:10:scoring.categories.0.id: “Party”不是合法的 id：只能用小写字母、数字和连字符，且以字母或数字开头"
    ]


def test_a_board_id_that_is_not_a_slug(tmp_path: Path) -> None:
    assert site(tmp_path, "\n[boards.Zhaoshang]\ntitle = \"招商\"\n") == [
        "site.toml:26:boards.Zhaoshang: “Zhaoshang”不是合法的 id：只能用小写字母、数字和连字符，且以字母或数字开头"
    ]


def test_colours_are_hex_colours(tmp_path: Path) -> None:
    # A colour reaches a style attribute: `red; background: url(…)` must never get there.
    assert site(tmp_path, "", ('label = "绿", top = 1', 'label = "绿", top = 1, color = "red"')) == [
        "site.toml:21:tiers.levels.0.color: “red”不是颜色：请写成 #1a7f37 这样的十六进制颜色"
    ]


def test_the_data_date_is_a_date_in_range(tmp_path: Path) -> None:
    # site.data_date (统计截至) as a TOML date or a quoted one; anything else, or a year no data has, is said.
    assert site(tmp_path / "a", "", ("[site]\n", '[site]\ndata_date = "2025-13-01"\n')) == [
        "site.toml:2:site.data_date: “2025-13-01”不是日期（应为 YYYY-MM-DD）"]
    assert site(tmp_path / "b", "", ("[site]\n", "[site]\ndata_date = 1800-01-01\n")) == [
        "site.toml:2:site.data_date: 日期 1800-01-01 超出可接受的范围（1900-01-01 至 2999-12-31）"]
    assert config_of(tmp_path / "c", "").site.data_date is None


def test_a_language_without_a_catalogue(tmp_path: Path) -> None:
    found = site(tmp_path, "", ("[site]\n", '[site]\nlang = "fr"\n'))
    assert len(found) == 1
    assert found[0].startswith("site.toml:2:site.lang: 不支持的语言“fr”（可用：“zh-CN”")


def test_duplicate_ids(tmp_path: Path) -> None:
    assert site(tmp_path, "", ('id = "red"', 'id = "green"')) == ["site.toml:18:tiers: id “green”重复"]
    assert site(tmp_path, "", ('id = "work"', 'id = "party"')) == ["site.toml:6:scoring: id “party”重复"]


# ------------------------------------------------------------------------------------ tiers


def test_one_condition_per_level(tmp_path: Path) -> None:
    assert site(tmp_path, "", ("top = 1 }", "top = 1, bottom = 2 }")) == [
        "site.toml:21:tiers.levels.0: 一个档次最多只能有一个条件（top、bottom、top_pct、bottom_pct、min_score 之一）"
    ]


def test_conditions_must_suit_the_basis(tmp_path: Path) -> None:
    assert site(tmp_path, "", ("top = 1 }", "top_pct = 10 }")) == [
        f"site.toml:18:tiers: 档次“green”的条件 top_pct 与 basis = \"rank\" 不符{BASIS}"
    ]


def test_exactly_one_level_takes_the_rest(tmp_path: Path) -> None:
    assert site(tmp_path, "", ('{ id = "yellow", label = "黄" }', '{ id = "yellow", label = "黄", top = 2 }')) == [
        "site.toml:18:tiers: 必须恰好有一个不设条件的档次，承接其余各行；现有 0 个"
    ]


# ------------------------------------------------------------------------------------ grades, scoring


def grades(tmp_path: Path, body: str) -> list[str]:
    return site(tmp_path, "\n[grades]\n" + body)


def test_grades_named_must_be_in_the_scale(tmp_path: Path) -> None:
    assert grades(tmp_path, 'bands = [{ grade = "特优", min = 90 }, { grade = "较差" }]\n') == [
        "site.toml:26:grades: 等次“特优”不在 grades.scale 中（优秀、良好、一般、较差）"
    ]


def test_one_band_without_min_and_last(tmp_path: Path) -> None:
    assert grades(tmp_path, 'bands = [{ grade = "优秀", min = 90 }, { grade = "较差" }, { grade = "一般", min = 60 }]\n') == [
        "site.toml:26:grades: grades.bands 必须恰好有一个不设 min 的分档（承接其余）且放在最后"
    ]


def test_bands_from_high_to_low(tmp_path: Path) -> None:
    assert grades(tmp_path, 'bands = [{ grade = "优秀", min = 80 }, { grade = "良好", min = 90 }, { grade = "较差" }]\n') == [
        "site.toml:26:grades: grades.bands 的 min 必须从高到低排列"
    ]


def test_demoting_the_lowest_grade_is_impossible(tmp_path: Path) -> None:
    assert grades(tmp_path, 'quota = { grade = "较差", max_share = 0.3, over_quota = "demote" }\n') == [
        "site.toml:26:grades: over_quota = \"demote\" 无法用于等次表中最低的等次（没有更低的等次可降）"
    ]


def test_a_share_between_0_and_1(tmp_path: Path) -> None:
    assert grades(tmp_path, 'quota = { grade = "优秀", max_share = 1.3 }\n') == [
        "site.toml:27:grades.quota.max_share: max_share 必须在 0 到 1 之间"
    ]


def test_a_midterm_weight_below_1(tmp_path: Path) -> None:
    assert site(tmp_path, "", ("decimals = 2", "decimals = 2\nmidterm_weight = 1")) == [
        "site.toml:9:scoring.midterm_weight: midterm_weight 必须在 0 到 1 之间（不含 1）"
    ]


# ------------------------------------------------------------------------------------ years and boards


def test_a_year_that_is_not_a_year(tmp_path: Path) -> None:
    assert site(tmp_path, "\n[years.20x5.scoring]\ndecimals = 1\n") == [
        "site.toml:26:years.20x5: “20x5”不是年度（应为四位数字，如 2025）"
    ]


def test_a_year_that_is_not_a_table_gives_one_message(tmp_path: Path) -> None:
    assert site(tmp_path, "\n[years]\n2025 = 3\n") == ["site.toml:27:years.2025: 应为一个表（[section]）"]


def test_a_year_may_override_rule_sections_only(tmp_path: Path) -> None:
    assert site(tmp_path, "\n[years.2025.pdf]\npaper = \"A4\"\n") == [
        "site.toml:26:years.2025.pdf: 未知的规则部分“pdf”：[years.<年度>] 下只能覆盖 scoring、ranking、tiers、grades"
    ]


def test_a_year_layer_error_is_reported_at_the_layer(tmp_path: Path) -> None:
    assert site(tmp_path, "\n[years.2023.scoring]\ndecimal = 3\n") == [
        "site.toml:27:years.2023.scoring.decimal: 未知的设置项（请检查拼写）"
    ]
    assert site(tmp_path, "\n[years.2025.scoring]\ndecimals = 9\n") == ["site.toml:27:years.2025.scoring.decimals: 不能大于 4"]


def test_a_year_and_the_base_that_clash_only_together(tmp_path: Path) -> None:
    # The base's levels use `top`/`bottom` (rank conditions); 2025 switches the basis to score only.
    assert site(tmp_path, "\n[years.2025.tiers]\nbasis = \"score\"\n") == [
        f"site.toml:26:years.2025.tiers: 档次“green”的条件 top 与 basis = \"score\" 不符{BASIS}"
    ]


def test_a_board_layer_error_is_reported_at_the_board(tmp_path: Path) -> None:
    board = "\n[boards.zs]\ntitle = \"招商引资专项\"\n[boards.zs.scoring]\ndecimals = 9\n"
    assert site(tmp_path, board) == ["site.toml:29:boards.zs.scoring.decimals: 不能大于 4"]
    assert site(tmp_path, "\n[boards.zs]\n") == ["site.toml:26:boards.zs.title: 缺少必填项"]


# ------------------------------------------------------------------------------------ every problem at once


def test_every_mistake_of_site_toml_in_one_pass(tmp_path: Path) -> None:
    found = site(tmp_path, "\n[years.2025.pdf]\n", ("[site]\n", "[site]\ntilte = \"x\"\n"), ('ties = "min"', 'ties = "max"'),
                 ("decimals = 2", "decimals = 7"))
    # One more line at the top (tilte) shifts every later line by one; problems come sorted by line.
    assert found == [
        "site.toml:2:site.tilte: 未知的设置项（请检查拼写）",
        "site.toml:9:scoring.decimals: 不能大于 4",
        "site.toml:16:ranking.ties: 取值只能是 'min', 'dense'",
        "site.toml:27:years.2025.pdf: 未知的规则部分“pdf”：[years.<年度>] 下只能覆盖 scoring、ranking、tiers、grades",
    ]


# ------------------------------------------------------------------------------------ resolved rules


def test_rules_resolve_base_then_year_then_board(tmp_path: Path) -> None:
    config = config_of(tmp_path, '\n[years.2024.scoring]\ndecimals = 1\n\n[boards.zs]\ntitle = "招商"\n'
                                 '[boards.zs.ranking]\nties = "dense"\n')
    assert config.rules(2025).scoring.decimals == 2  # no [years.2025]: the base
    assert config.rules(2024).scoring.decimals == 1
    assert config.rules(2024, "zs").scoring.decimals == 1  # the year's value, under the board
    assert config.rules(2024, "zs").ranking.ties == "dense"
    assert config.rules(2024).ranking.ties == "min"
    # A list is replaced whole, never merged: the base's two categories keep their weights.
    assert [c.weight for c in config.rules(2024).scoring.categories or ()] == [Decimal("0.5"), Decimal("0.5")]
    assert config.board_title("zs") == "招商" and config.board_title("main") is None


def test_a_year_replaces_a_list_whole(tmp_path: Path) -> None:
    config = config_of(tmp_path, '\n[years.2023.scoring]\ncategories = [\n  { id = "party", name = "党的建设", weight = 0.2 },\n'
                                 '  { id = "work", name = "业务工作", weight = 0.8 },\n]\n')
    assert [(c.id, c.weight) for c in config.rules(2023).scoring.categories or ()] == [
        ("party", Decimal("0.2")), ("work", Decimal("0.8"))]
    assert config.standings_tiers(2023) == config.rules(2023).tiers


def test_an_error_of_a_kind_not_foreseen_still_says_what_was_wrong(tmp_path: Path) -> None:
    # Every pydantic error type a site.toml can draw has its own words (above); one this program does not know
    # (a future pydantic's) falls back to pydantic's own sentence rather than to nothing.
    from generator.model.config_check import _message

    item = {"type": "url_parsing", "loc": ("site", "x"), "msg": "Input should be a valid URL", "ctx": {}}
    assert _message(item).text(ZH) == "类型不对：Input should be a valid URL"
    # An integer too large to parse (1e20 for decimals) is said as a number out of range.
    assert site(tmp_path, "", ("decimals = 2", "decimals = 1e20")) == [
        "site.toml:8:scoring.decimals: 应为有限的数字（不能是 inf 或 nan，也不能超出范围）"]
