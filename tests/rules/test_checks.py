"""generator.rules.checks (SPEC 7.1): the data checks, on real content projects written into tmp_path.

Each check gets a worked example whose expected warning (the whole `file:row:column: message [check]` line)
is reasoned out by hand in the comments, its boundary, and where it is cheap a hypothesis property over the
check's own predicate. Most examples use a "raw" project (the value is the score, one decimal), so that
scores and ranks can be read off the files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import examine
from generator.cache import StageCache
from generator.errors import ContentError
from generator.i18n import Translator
from generator.model.check_settings import RankMoveCheck
from generator.outcome import UnitBoard
from generator.rules.checks import CheckReport, run_checks
from generator.rules.checks_moves import rank_moves, score_moves
from generator.rules.checks_ranks import written_rank
from generator.rules.checks_values import out_of_range, plain, share_text
from tests.support import DEMO, INDICATORS, RESULTS_2025, SITE_TOML, make_content

ZH, EN = Translator("zh-CN"), Translator("en")
TODAY = date(2026, 1, 6)

RAW_SITE = """\
[site]
title = "测试区考核结果公示"

[scoring]
normalize = "raw"
decimals = 1

[ranking]
ties = "min"
within = "kind"

[tiers]
basis = "rank"
levels = [
  { id = "green", label = "绿", top = 1 },
  { id = "yellow", label = "黄" },
  { id = "red", label = "红", bottom = 1 },
]
"""
RAW_UNITS = """\
id,name,kind,order
a,甲局,部门,1
b,乙局,部门,2
c,丙局,部门,3
d,丁局,部门,4
e,戊局,部门,5
x,东镇,乡镇,6
y,西镇,乡镇,7
"""
RAW_INDICATORS = "id,name,category,weight,direction,unit,min,max\ndf,工作得分,业务工作,1,higher,分,0,100\n"
NAMES = {"a": "甲局", "b": "乙局", "c": "丙局", "d": "丁局", "e": "戊局", "x": "东镇", "y": "西镇"}


def raw_file(scores: dict[str, str], ranks: dict[str, str] | None = None) -> str:
    """A results file of the raw project: one row per unit (in the order given), 工作得分, and a 排名 column."""
    header = "单位,工作得分" + (",排名" if ranks is not None else "")
    lines = [f"{NAMES[u]},{v}" + (f",{ranks[u]}" if ranks is not None else "") for u, v in scores.items()]
    return "\n".join([header, *lines]) + "\n"


def raw_project(root: Path, files: dict[str, str], checks: str = "") -> Path:
    return make_content(root, {"site.toml": RAW_SITE + checks, "units.csv": RAW_UNITS, "indicators.csv": RAW_INDICATORS,
                               "results/2025.csv": raw_file({"a": "90", "x": "90"}), **files})


def report_of(root: Path, strict: bool = False) -> CheckReport:
    return examine(root, TODAY, strict=strict)[2]


def lines(report: CheckReport, check: str | None = None, tr: Translator = ZH) -> list[str]:
    return [f.text(tr) for f in report.warnings if check is None or f.check == check]


FULL = {u: s for u, s in zip("abcde", ("95", "90", "85", "80", "75"), strict=True)} | {"x": "90", "y": "80"}


# -- a copied file ------------------------------------------------------------------------------------
def test_a_copied_month_is_named(tmp_path: Path) -> None:
    # 2025-02 is 2025-01 saved again: 5 units × 3 indicators = 15 values in common, all written the same,
    # 15 ≥ min_values (10) and 15/15 = 100% ≥ min_share (90%). Nothing else moves: this is the only warning.
    root = make_content(tmp_path, {"results/2025-01.csv": RESULTS_2025, "results/2025-02.csv": RESULTS_2025})
    assert lines(report_of(root)) == [
        "results/2025-02.csv: 与上一期（2025年1月，results/2025-01.csv）共有的 15 个数值中，15 个完全相同（100%）："
        "是否复制了上一期的文件而没有更新？ [copied]"]


def test_a_copy_with_one_value_updated_is_named_and_two_updates_are_not(tmp_path: Path) -> None:
    # One value changed: 14 of 15 the same, 14 ≥ 0.9 × 15 = 13.5 → warned (the share shown floors 93.3% to 93%).
    # Two changed: 13 < 13.5 → not a copy.
    one = RESULTS_2025.replace("甲局,90,800", "甲局,91,800")
    two = one.replace("丙局,70,400", "丙局,70,450")
    root = make_content(tmp_path / "one", {"results/2025-01.csv": RESULTS_2025, "results/2025-02.csv": one})
    assert lines(report_of(root), "copied") == [
        "results/2025-02.csv: 与上一期（2025年1月，results/2025-01.csv）共有的 15 个数值中，14 个完全相同（93%）："
        "是否复制了上一期的文件而没有更新？ [copied]"]
    root = make_content(tmp_path / "two", {"results/2025-01.csv": RESULTS_2025, "results/2025-02.csv": two})
    assert lines(report_of(root), "copied") == []


def test_copied_thresholds_are_tunable(tmp_path: Path) -> None:
    # min_values = 16: the 15 values in common are too few to judge; min_share = 0.8 catches 13/15 = 86.7%.
    two = RESULTS_2025.replace("甲局,90,800", "甲局,91,800").replace("丙局,70,400", "丙局,70,450")
    files = {"results/2025-01.csv": RESULTS_2025, "results/2025-02.csv": RESULTS_2025}
    root = make_content(tmp_path / "few", {**files, "site.toml": SITE_TOML + "[checks]\ncopied = { min_values = 16 }\n"})
    assert lines(report_of(root), "copied") == []
    root = make_content(tmp_path / "share", {**files, "results/2025-02.csv": two,
                                             "site.toml": SITE_TOML + "[checks]\ncopied = { min_share = 0.8 }\n"})
    assert lines(report_of(root), "copied") == [
        "results/2025-02.csv: 与上一期（2025年1月，results/2025-01.csv）共有的 15 个数值中，13 个完全相同（86%）："
        "是否复制了上一期的文件而没有更新？ [copied]"]


# -- a value outside the plausible range --------------------------------------------------------------
RANGE_INDICATORS = INDICATORS.replace("target,floor\n", "target,floor,min,max\n") + \
    "wc,任务完成率,业务工作,1,higher,%,100,60,0,100\n"


def range_results(values: dict[str, str]) -> str:
    rows = RESULTS_2025.splitlines()
    out = [rows[0].replace(",加分", ",任务完成率（%）,加分")]
    for line in rows[1:]:
        name = line.split(",")[0]
        cells = line.split(",")
        out.append(",".join([*cells[:4], values.get(name, "90"), *cells[4:]]))
    return "\n".join(out) + "\n"


def test_a_percentage_of_180_is_named_at_its_cell(tmp_path: Path) -> None:
    # 乙局 is on row 3 (the header is row 1, 甲局 row 2); "180%" reads as 180 > max 100. 丙局's −5 < min 0.
    # The bounds are inclusive: 100 (东镇) and 0 (西镇) are within the range.
    root = make_content(tmp_path, {"indicators.csv": RANGE_INDICATORS,
                                   "results/2025.csv": range_results({"乙局": "180%", "丙局": "-5", "东镇": "100", "西镇": "0"})})
    assert lines(report_of(root)) == [
        "results/2025.csv:3:任务完成率（%）: “乙局”的“任务完成率”为 180，高于合理范围的上限 100（indicators.csv 的 max） [range]",
        "results/2025.csv:4:任务完成率（%）: “丙局”的“任务完成率”为 -5，低于合理范围的下限 0（indicators.csv 的 min） [range]",
    ]
    assert report_of(root).warnings[0].text(EN) == (
        "results/2025.csv:3:任务完成率（%）: “乙局” reports 180 for “任务完成率”, above the plausible maximum 100 "
        "(max in indicators.csv) [range]")


@settings(max_examples=40, deadline=None)
@given(value=st.decimals(min_value=-500, max_value=500, places=2),
       low=st.one_of(st.none(), st.decimals(min_value=-100, max_value=100, places=1)),
       span=st.decimals(min_value=0, max_value=200, places=1))
def test_range_property(range_case: tuple[object, object], value: Decimal, low: Decimal | None, span: Decimal) -> None:
    # Warned exactly when the value, as written, is below min or above max (both inclusive bounds).
    content, sheet = range_case
    high = None if low is None else low + span
    indicator = replace(content.indicators_by_id["df"], minimum=low, maximum=high)  # type: ignore[attr-defined]
    changed = replace(content, indicators=(indicator,))  # type: ignore[type-var]
    values = sheet.values.copy()  # type: ignore[attr-defined]
    values["value"] = float(value)  # 甲局 and 东镇 alike
    values["text"] = str(value)
    found = out_of_range(changed, replace(sheet, values=values))  # type: ignore[type-var]
    expected = low is not None and high is not None and (value < low or value > high)
    assert len(found) == (2 if expected else 0)
    if found:
        assert found[0].problem.message.code == ("checks.range_below" if value < low else "checks.range_above")  # type: ignore[operator]


@pytest.fixture(scope="module")
def range_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    root = raw_project(tmp_path_factory.mktemp("range"), {})
    content, _, _ = examine(root, TODAY)
    return content, content.results[0]


# -- a unit that drops out ------------------------------------------------------------------------------
def test_a_dropped_unit_is_named(tmp_path: Path) -> None:
    # 丙局 was ranked in 2025-01 and is not in 2025-02: the file is named (no row to point at). 西镇 is in the
    # file with every indicator "—": not ranked either, and its row (5: 甲 2, 乙 3, 东 4, 西 5) is named.
    february = "单位,党建工作,招商引资（万元）,安全事故\n甲局,90,800,1\n乙局,80,600,0\n东镇,95,1000,0\n西镇,—,—,—\n"
    root = make_content(tmp_path, {"results/2025-01.csv": RESULTS_2025, "results/2025-02.csv": february})
    assert lines(report_of(root)) == [
        "results/2025-02.csv: “丙局”在上一期（2025年1月）参加了排名，本期文件中没有这个单位（未参评） [dropped]",
        "results/2025-02.csv:5: “西镇”在上一期（2025年1月）参加了排名，本期各项指标都填了不适用（未参评） [dropped]",
    ]


# -- the file's own 排名 column ----------------------------------------------------------------------
RANK_CASES = {
    # 乙 and 丙 tie at 85.0 (min: 1, 2, 2, 4); the file numbers the rows 1, 2, 3, 4: 丙 (row 4) is 3 in the file,
    # 2 computed, and 3 lies within the tie's ranks 2..3: the ties rule makes the difference.
    "ties": ({"a": "90", "b": "85", "c": "85", "d": "80"}, {"a": "1", "b": "2", "c": "3", "d": "4"},
             ['results/2025-01.csv:4:排名: “丙局”的名次：文件中为 3，按规则计算为 2（差别在于并列：按 ranking.ties = "min"，'
              '得分相同的单位名次相同，文件中却排了先后） [file_rank]']),
    # The file ranks densely (1, 2, 2, 3): 丁 is 3 there, 4 by min ties, 3 by dense.
    "dense": ({"a": "90", "b": "85", "c": "85", "d": "80"}, {"a": "1", "b": "2", "c": "2", "d": "3"},
              ['results/2025-01.csv:5:排名: “丁局”的名次：文件中为 3，按规则计算为 4（差别在于并列之后的名次：'
               '按 ranking.ties = "min" 计算，文件中像是按 "dense" 排的） [file_rank]']),
    # 85.04 and 84.96 both round to 85.0 (decimals = 1) and tie at 2; ranked before rounding 丙 is 3, as in the file.
    "rounding": ({"a": "90", "b": "85.04", "c": "84.96", "d": "80"}, {"a": "1", "b": "2", "c": "3", "d": "4"},
                 ["results/2025-01.csv:4:排名: “丙局”的名次：文件中为 3，按规则计算为 2（差别在于舍入：名次按保留 1 位小数后的"
                  "得分排定，文件中像是按舍入前的得分排的） [file_rank]"]),
    # Ranked within kind: 甲 1, 乙 2 (部门); 东 1, 西 2 (乡镇). The file ranks all four together: 甲 90 → 1, 东 85 → 2,
    # 乙 80 → 3, 西 70 → 4. 乙, 东 and 西 differ, each explained by the grouping.
    "within": ({"a": "90", "b": "80", "x": "85", "y": "70"}, {"a": "1", "b": "3", "x": "2", "y": "4"},
               ['results/2025-01.csv:3:排名: “乙局”的名次：文件中为 3，按规则计算为 2（差别在于分组：按 ranking.within = "kind" '
                '在同组单位中排名，文件中像是全部单位一起排的） [file_rank]',
                'results/2025-01.csv:4:排名: “东镇”的名次：文件中为 2，按规则计算为 1（差别在于分组：按 ranking.within = "kind" '
                '在同组单位中排名，文件中像是全部单位一起排的） [file_rank]',
                'results/2025-01.csv:5:排名: “西镇”的名次：文件中为 4，按规则计算为 2（差别在于分组：按 ranking.within = "kind" '
                '在同组单位中排名，文件中像是全部单位一起排的） [file_rank]']),
    # 第5名 reads as 5; no rule gives 甲 (the only unit of its group above 乙) a 5: no explanation is offered.
    # 乙's "第2名" agrees and blank cells are not compared.
    "unexplained": ({"a": "90", "b": "80", "c": "70"}, {"a": "第5名", "b": "第2名", "c": ""},
                    ["results/2025-01.csv:2:排名: “甲局”的名次：文件中为 5，按规则计算为 1 [file_rank]"]),
}


@pytest.mark.parametrize("case", sorted(RANK_CASES))
def test_a_wrong_rank_column_names_the_rows_and_the_rule(tmp_path: Path, case: str) -> None:
    scores, ranks, expected = RANK_CASES[case]
    root = raw_project(tmp_path, {"results/2025-01.csv": raw_file(scores, ranks)})
    assert lines(report_of(root), "file_rank") == expected


@settings(max_examples=60, deadline=None)
@given(number=st.integers(min_value=1, max_value=10**6), form=st.sampled_from(["{}", "第{}名", "并列{}", "{}.0", " {} "]))
def test_written_rank_reads_what_clerks_write(number: int, form: str) -> None:
    assert written_rank(form.format(number)) == number
    assert written_rank(form.format(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == number


@pytest.mark.parametrize("text", ["", "未参评", "—", "1-2", "3.5", "abc"])
def test_written_rank_ignores_anything_else(text: str) -> None:
    assert written_rank(text) is None


# -- moves against the previous period ----------------------------------------------------------------
def test_a_score_moving_more_than_30_points_is_named(tmp_path: Path) -> None:
    # 甲 95 → 60: 35 > 30 → warned; 乙 90 → 60: exactly 30 → not (the limit is "more than"). 甲 also drops from
    # rank 1 to 4 (60 ties 乙 at 4 of 5: min ranks 1, 2, 3, 4, 4): a move of 3 > 2.5 (half of 5) → warned.
    # 乙 2 → 4: 2 ≤ 2.5 → not.
    february = {**FULL, "a": "60", "b": "60"}
    root = raw_project(tmp_path, {"results/2025-01.csv": raw_file(FULL), "results/2025-02.csv": raw_file(february)})
    assert lines(report_of(root)) == [  # at the same place, by message code: rank_move before score_move
        "results/2025-02.csv:2: “甲局”的名次由上一期（2025年1月）的第 1 名变为第 4 名，变动 3 位，超过同组 5 个单位的 50% "
        "[rank_move]",
        "results/2025-02.csv:2: “甲局”的综合得分由上一期（2025年1月）的 95.0 变为 60.0，变动 35.0 分，超过 30 分 [score_move]",
    ]


def test_rank_move_by_places(tmp_path: Path) -> None:
    # The same move (3 places) under max_places = 3 is not "more than 3"; under 2 it is.
    february = {**FULL, "a": "60", "b": "60"}
    files = {"results/2025-01.csv": raw_file(FULL), "results/2025-02.csv": raw_file(february)}
    assert lines(report_of(raw_project(tmp_path / "three", files, "[checks]\nrank_move = { max_places = 3 }\n")),
                 "rank_move") == []
    assert lines(report_of(raw_project(tmp_path / "two", files, "[checks]\nrank_move = { max_places = 2 }\n")),
                 "rank_move") == [
        "results/2025-02.csv:2: “甲局”的名次由上一期（2025年1月）的第 1 名变为第 4 名，变动 3 位，超过 2 位 [rank_move]"]


@pytest.fixture(scope="module")
def two_boards(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, UnitBoard, UnitBoard, object]:
    root = raw_project(tmp_path_factory.mktemp("moves"), {"results/2025-01.csv": raw_file(FULL),
                                                          "results/2025-02.csv": raw_file(FULL)})
    content, outcome, _ = examine(root, TODAY)
    board, previous = outcome.period("2025-02").main, outcome.period("2025-01").main
    assert board is not None and previous is not None
    sheet = next(s for s in content.results if s.period.id == "2025-02")
    return content, board, previous, sheet


SCORES = st.lists(st.integers(min_value=0, max_value=1000), min_size=7, max_size=7)


@settings(max_examples=40, deadline=None)
@given(now=SCORES, before=SCORES, limit=st.integers(min_value=1, max_value=60))
def test_score_move_property(two_boards: tuple[object, UnitBoard, UnitBoard, object], now: list[int], before: list[int],
                             limit: int) -> None:
    # Scores in tenths: a unit is named exactly when |now − before| > limit, compared as the published decimals.
    content, board, previous, sheet = two_boards
    rows, prior = board.rows.copy(), previous.rows.copy()
    rows["score"] = [n / 10 for n in now]
    prior["score"] = [b / 10 for b in before]
    found = score_moves(content, sheet, replace(board, rows=rows), replace(previous, rows=prior), Decimal(limit))  # type: ignore[arg-type]
    expected = [u for u, n, b in zip(rows["unit_id"], now, before, strict=True) if abs(n - b) > limit * 10]
    assert [f.unit for f in found] == expected


@settings(max_examples=40, deadline=None)
@given(moves=st.lists(st.tuples(st.integers(1, 60), st.integers(1, 60), st.integers(1, 60)), min_size=7, max_size=7),
       share=st.sampled_from(["0.25", "0.5", "0.8", "1"]))
def test_rank_move_property(two_boards: tuple[object, UnitBoard, UnitBoard, object], moves: list[tuple[int, int, int]],
                            share: str) -> None:
    # A unit is named exactly when |previous rank − rank| > share × its group's size (exactly: 52 × 0.5 = 26).
    content, board, previous, sheet = two_boards
    rows = board.rows.copy()
    rows["rank"] = [m[0] for m in moves]
    rows["previous_rank"] = pd.array([m[1] for m in moves], dtype="Int64")
    rows["group_size"] = [m[2] for m in moves]
    found = rank_moves(content, sheet, replace(board, rows=rows), previous, RankMoveCheck(max_share=Decimal(share)))  # type: ignore[arg-type]
    expected = [u for u, (r, p, size) in zip(rows["unit_id"], moves, strict=True) if abs(p - r) > Decimal(share) * size]
    assert [f.unit for f in found] == expected


# -- category weights, constant columns -----------------------------------------------------------------
def test_weights_that_do_not_add_up_to_1(tmp_path: Path) -> None:
    # Base 0.3 + 0.6 = 0.9; [years.2025.scoring] 0.5 + 0.6 = 1.1; [boards.zs.scoring] 0.3 + 0.5 = 0.8. Each list is
    # named by its key in site.toml. With tolerance 0.1, |0.9 − 1| and |1.1 − 1| pass and only 0.8 is named.
    toml = SITE_TOML.replace("weight = 0.5 },\n  { id = \"work\", name = \"业务工作\", weight = 0.5 }",
                             "weight = 0.3 },\n  { id = \"work\", name = \"业务工作\", weight = 0.6 }")
    assert toml != SITE_TOML
    toml += """
[years.2025.scoring]
categories = [{ id = "party", name = "党的建设", weight = 0.5 }, { id = "work", name = "业务工作", weight = 0.6 }]

[boards.zs]
title = "招商引资专项"
scoring = { categories = [{ id = "party", name = "党的建设", weight = 0.3 }, { id = "work", name = "业务工作", weight = 0.5 }] }
"""
    root = make_content(tmp_path / "strict", {"site.toml": toml})
    assert lines(report_of(root)) == [
        "site.toml:boards.zs.scoring.categories: 类别权重合计为 0.8，不等于 1：计算时会按比例折算，请确认这是本意 [weights]",
        "site.toml:scoring.categories: 类别权重合计为 0.9，不等于 1：计算时会按比例折算，请确认这是本意 [weights]",
        "site.toml:years.2025.scoring.categories: 类别权重合计为 1.1，不等于 1：计算时会按比例折算，请确认这是本意 [weights]",
    ]
    root = make_content(tmp_path / "loose", {"site.toml": toml + "\n[checks]\nweights = { tolerance = 0.1 }\n"})
    assert [f.problem.column for f in report_of(root).warnings] == ["boards.zs.scoring.categories"]


def test_an_indicator_with_one_value_for_every_unit(tmp_path: Path) -> None:
    # Every unit's 党建工作 is 90 → named at the column's first cell (row 2). 西镇's 招商引资 is "—": the other
    # four all say 600, which is named too, with 4 units. Below min_units (5), the four are not.
    rows = "单位,党建工作,招商引资（万元）,安全事故\n甲局,90,600,1\n乙局,90,600,0\n丙局,90,600,2\n东镇,90,600,0\n西镇,90,—,3\n"
    root = make_content(tmp_path / "three", {"results/2025.csv": rows})
    assert lines(report_of(root)) == [
        "results/2025.csv:2:党建工作: 本期 5 个单位的“党建工作”都是 90：是否漏填、填错了列或整列复制了？ [constant]",
        "results/2025.csv:2:招商引资（万元）: 本期 4 个单位的“招商引资”都是 600：是否漏填、填错了列或整列复制了？ [constant]",
    ]
    root = make_content(tmp_path / "five", {"results/2025.csv": rows,
                                            "site.toml": SITE_TOML + "[checks]\nconstant = { min_units = 5 }\n"})
    assert [f.indicator for f in report_of(root).warnings] == ["dj"]


# -- accepting, levels, strict ----------------------------------------------------------------------------
# 丁局 and 戊局, last of their group, drop out in 2025-02 (no one else moves).
DROPPED = {"results/2025-01.csv": raw_file(FULL),
           "results/2025-02.csv": raw_file({u: s for u, s in FULL.items() if u not in "de"})}


def test_an_accepted_warning_is_listed_with_its_reason(tmp_path: Path) -> None:
    # 丁局 and 戊局 drop out in 2025-02. 丁局 is accepted by name for that period; the entry for 戊局 names another
    # period and so accepts nothing: 戊局 stays a warning.
    checks = """[checks]
accept = [
  { check = "dropped", unit = "丁局", period = "2025-02", reason = "机构改革，2月起并入区委办" },
  { check = "dropped", unit = "e", period = "2025-03", reason = "下月起停考" },
]
"""
    report = report_of(raw_project(tmp_path, DROPPED, checks))
    assert [(f.text(ZH), reason) for f, reason in report.accepted] == [
        ("results/2025-02.csv: “丁局”在上一期（2025年1月）参加了排名，本期文件中没有这个单位（未参评） [dropped]",
         "机构改革，2月起并入区委办")]
    assert lines(report) == [
        "results/2025-02.csv: “戊局”在上一期（2025年1月）参加了排名，本期文件中没有这个单位（未参评） [dropped]"]


@pytest.mark.parametrize(("entry", "accepted"), [
    ('{ check = "dropped", reason = "全部接受" }', 2),  # every field left out matches any
    ('{ check = "dropped", board = "main", unit = "d", reason = "按 id" }', 1),
    ('{ check = "dropped", board = "other", reason = "别的专项" }', 0),
    ('{ check = "rank_move", unit = "d", reason = "别的检查项" }', 0),
])
def test_accept_matching(tmp_path: Path, entry: str, accepted: int) -> None:
    report = report_of(raw_project(tmp_path, DROPPED, f"[checks]\naccept = [{entry}]\n"))
    assert (len(report.accepted), len(report.warnings)) == (accepted, 2 - accepted)


def test_levels_strict_and_off(tmp_path: Path) -> None:
    root = raw_project(tmp_path / "warn", DROPPED)
    assert [f.check for f in report_of(root).warnings] == ["dropped", "dropped"]
    # --strict: every warning is an error, the content is refused with the same lines (without the check's id).
    with pytest.raises(ContentError) as raised:
        report_of(root, strict=True)
    assert raised.value.lines(ZH) == [
        "results/2025-02.csv: “丁局”在上一期（2025年1月）参加了排名，本期文件中没有这个单位（未参评）",
        "results/2025-02.csv: “戊局”在上一期（2025年1月）参加了排名，本期文件中没有这个单位（未参评）",
    ]
    for checks in ("[checks]\nstrict = true\n", '[checks]\ndropped = { level = "error" }\n'):
        with pytest.raises(ContentError):
            report_of(raw_project(tmp_path / str(len(checks)), DROPPED, checks))
    report = report_of(raw_project(tmp_path / "off", DROPPED, '[checks]\ndropped = { level = "off" }\n'))
    assert (report.warnings, dict(report.levels)["dropped"]) == ((), "off")
    # An accepted warning stays accepted under --strict: the office has said why.
    root = raw_project(tmp_path / "accepted", DROPPED, '[checks]\naccept = [{ check = "dropped", reason = "已核实" }]\n')
    assert len(report_of(root, strict=True).accepted) == 2


def test_a_level_error_check_only_stops_its_own_warnings(tmp_path: Path) -> None:
    # dropped is an error; copied stays a warning. With min_values lowered to 5, copied fires twice: 2025-02 keeps
    # 甲乙丙东西 with their 2025-01 values (5 of 5 the same), and 2025-03 repeats 2025-02 (5 of 5).
    files = {**DROPPED, "results/2025-03.csv": DROPPED["results/2025-02.csv"]}
    checks = '[checks]\ndropped = { level = "error" }\ncopied = { min_values = 5 }\n'
    with pytest.raises(ContentError) as raised:
        report_of(raw_project(tmp_path, files, checks))
    assert {p.code for p in raised.value.problems} == {"checks.dropped"}
    content, outcome, _ = examine(raw_project(tmp_path / "warn", files, "[checks]\ncopied = { min_values = 5 }\n"), TODAY)
    report = run_checks(content, outcome)
    assert sorted({f.check for f in report.warnings}) == ["copied", "dropped"]
    assert [line.split(" [")[0] for line in lines(report, "copied")] == [
        "results/2025-02.csv: 与上一期（2025年1月，results/2025-01.csv）共有的 5 个数值中，5 个完全相同（100%）："
        "是否复制了上一期的文件而没有更新？",
        "results/2025-03.csv: 与上一期（2025年2月，results/2025-02.csv）共有的 5 个数值中，5 个完全相同（100%）："
        "是否复制了上一期的文件而没有更新？"]



def test_the_files_are_checked_together_and_may_be_checked_in_parallel() -> None:
    # run_checks hands every open results file to memo_many at once; a StageCache of two jobs checks them in two
    # processes (fork), and the report is the same as checking them in turn.
    content, outcome, _ = examine(DEMO, TODAY)
    calls: list[int] = []
    stages = StageCache(None, "", jobs=2)

    def many(stage: str, items: Sequence[tuple[tuple[Any, ...], Callable[[], Any]]]) -> list[Any]:
        calls.append(len(items))
        return stages.memo_many(stage, items)

    together = run_checks(content, outcome, memo_many=many)
    open_files = [s for s in content.results if s.period.year not in content.frozen_years]
    assert calls == [len(open_files)] and len(open_files) >= 4  # enough for a second process (cache.PARALLEL_FROM)
    assert together == run_checks(content, outcome)

# -- the demo ---------------------------------------------------------------------------------------------
def test_the_demo_gives_no_unaccepted_warning() -> None:
    # The demo's deliberate gaps: 区档案馆 (dag) and 区残疾人联合会 (cl) are absent from 2025-05 (make_demo_content.py,
    # ABSENT), accepted with reasons in content/site.toml. Nothing else is left.
    report = report_of(DEMO)
    assert report.warnings == () and report.errors == ()
    assert [(f.check, f.unit, f.period) for f, _ in report.accepted] == [("dropped", "dag", "2025-05"),
                                                                         ("dropped", "cl", "2025-05")]
    assert all(reason for _, reason in report.accepted)


def test_helpers_as_written() -> None:
    assert [plain(Decimal(t)) for t in ("100", "1E+2", "0.50", "-0", "12.250")] == ["100", "100", "0.5", "0", "12.25"]
    assert [share_text(Decimal(t)) for t in ("0.5", "0.8", "1", "0.125")] == ["50%", "80%", "100%", "12.5%"]
