"""generator.rules.compute: the whole of SPEC section 3 over validated content — boards per period, grades per
year, flags, previous ranks across periods, notices and windows, and the problems only the rules can find."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.build import check
from generator.errors import ContentError
from generator.i18n import Translator
from generator.model.config import SiteConfig
from generator.model.tasks import empty_tasks
from generator.model.types import Content, ResultSheet, StandingEntry, StandingsSheet
from generator.outcome import UnitBoard
from generator.periods import Period
from generator.rules import board_title, compute
from tests.rules.builders import ind, rows_of, sheet, unit
from tests.support import make_content

ZH, EN = Translator("zh-CN"), Translator("en")
UNITS = (unit("a", order=1), unit("b", order=2), unit("c", order=3))


def content(raw: Mapping[str, Any], results: tuple[ResultSheet, ...], **more: Any) -> Content:
    config = SiteConfig.model_validate({**raw, "raw": dict(raw)})
    return Content(Path("."), config, more.pop("units", UNITS), (ind("s"),), results, more.pop("standings", ()), (),
                   more.pop("notices", ()), empty_tasks(), **more)


def main(outcome: Any, period: str) -> UnitBoard:
    board = outcome.period(period).main
    assert board is not None
    return board


RULES = {
    "scoring": {"normalize": "raw", "midterm_weight": 0.2},
    "ranking": {"within": ""},
    "tiers": {"basis": "rank", "levels": [{"id": "green", "label": "绿", "top": 1}, {"id": "yellow", "label": "黄"},
                                          {"id": "red", "label": "红", "bottom": 1}]},
    "grades": {
        "bands": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80}, {"grade": "一般", "min": 60},
                  {"grade": "较差"}],
        "quota": {"grade": "优秀", "max_share": 0.34, "rounding": "floor", "over_quota": "demote"},
    },
    "flags": [{"id": "priority", "label": "连续两年优秀", "rule": "consecutive", "grades": ["优秀"], "years": 2}],
}


def test_compute_over_content() -> None:
    results = (
        sheet("2024-H1", ("s",), {"a": {"s": "90"}, "b": {"s": "90"}, "c": {"s": "70"}}),
        sheet("2024", ("s",), {"a": {"s": "95"}, "b": {"s": "80"}, "c": {"s": "60"}}, bonus={"c": "2.5"}),
        sheet("2025-H1", ("s",), {"a": {"s": "100"}, "b": {"s": "80"}, "c": {"s": "80"}}),
        sheet("2025", ("s",), {"a": {"s": "95"}, "b": {"s": "91"}, "c": {"s": "85"}}),
    )
    outcome, problems = compute(content(RULES, results), date(2026, 1, 1))
    assert problems == []
    # 2024: a 0.8 × 95 + 0.2 × 90 = 94; b 0.8 × 80 + 0.2 × 90 = 82; c 0.8 × 60 + 0.2 × 70 = 62, + 2.5 = 64.5
    y2024 = main(outcome, "2024")
    assert rows_of(y2024, "unit_id", "score", "rank", "tier") == [("a", 94.0, 1, "green"), ("b", 82.0, 2, "yellow"),
                                                                  ("c", 64.5, 3, "red")]
    # 2025: a 0.8 × 95 + 0.2 × 100 = 96; b 0.8 × 91 + 0.2 × 80 = 72.8 + 16 = 88.8; c 68 + 16 = 84
    y2025 = main(outcome, "2025")
    assert rows_of(y2025, "unit_id", "score", "rank", "tier") == [("a", 96.0, 1, "green"), ("b", 88.8, 2, "yellow"),
                                                                  ("c", 84.0, 3, "red")]
    # previous ranks: 2025 vs 2024 (same order) → change 0; H1 boards: 2025-H1 vs 2024-H2 (absent) → null
    assert rows_of(y2025, "previous_rank", "rank_change") == [(1, 0), (2, 0), (3, 0)]
    assert rows_of(main(outcome, "2025-H1"), "previous_rank") == [(None,), (None,), (None,)]
    # grades: 34% of 3 = 1.02 → floor 1; 2024: a 优秀, b 良好, c 一般 (64.5); 2025: a 优秀, b 良好, c 良好
    assert rows_of(y2024, "unit_id", "grade") == [("a", "优秀"), ("b", "良好"), ("c", "一般")]
    assert rows_of(y2025, "unit_id", "grade") == [("a", "优秀"), ("b", "良好"), ("c", "良好")]
    assert outcome.years[2025].source == "bands"
    # flags: a 优秀 in 2024 and 2025 → priority in 2025 only (2023 has no grade → the 2024 window breaks)
    assert rows_of(y2025, "unit_id", "flags") == [("a", ("priority",)), ("b", ()), ("c", ())]
    assert rows_of(y2024, "flags") == [((),), ((),), ((),)]
    # rows of non-year periods have no grade and no flags
    assert rows_of(main(outcome, "2025-H1"), "grade", "flags") == [(None, ())] * 3
    # periods oldest first (a half ends before its year), the data date is the end of the latest
    assert [p.period.id for p in outcome.periods] == ["2024-H1", "2024", "2025-H1", "2025"]
    assert outcome.data_date == date(2025, 12, 31)
    assert outcome.rules_by_year[2025].scoring.midterm_weight == Decimal("0.2")


def test_previous_ranks_come_from_the_period_before_of_the_same_length() -> None:
    # 2025-01's previous period is 2024-12 (across the year end), not 2024-Q4 nor the year 2024
    raw = {"scoring": {"normalize": "raw"}, "ranking": {"within": ""}}
    results = (sheet("2024-12", ("s",), {"a": {"s": "1"}, "b": {"s": "2"}, "c": {"s": "3"}}),
               sheet("2024-Q4", ("s",), {"a": {"s": "3"}, "b": {"s": "2"}, "c": {"s": "1"}}),
               sheet("2025-01", ("s",), {"a": {"s": "3"}, "b": {"s": "1"}, "c": {"s": "2"}}),
               sheet("2025-Q1", ("s",), {"a": {"s": "3"}, "b": {"s": "2"}}))
    outcome, _ = compute(content(raw, results), date(2025, 4, 1))
    # 2024-12: c 1, b 2, a 3; 2025-01: a 1 (3 − 1 = +2), c 2 (1 − 2 = −1), b 3 (2 − 3 = −1)
    assert rows_of(main(outcome, "2025-01"), "unit_id", "previous_rank", "rank_change") == [("a", 3, 2), ("c", 1, -1),
                                                                                           ("b", 2, -1)]
    # 2025-Q1 against 2024-Q4 (a 1, b 2): unchanged
    assert rows_of(main(outcome, "2025-Q1"), "unit_id", "previous_rank", "rank_change") == [("a", 1, 0), ("b", 2, 0)]


def test_a_missing_midterm_file_is_reported() -> None:
    outcome, problems = compute(content({"scoring": {"normalize": "raw", "midterm_weight": 0.2}},
                                        (sheet("2025", ("s",), {"a": {"s": "80"}}),)), date(2026, 1, 1))
    assert [p.text(ZH) for p in problems] == \
        ["results/2025.csv: 设置了 scoring.midterm_weight，但缺少期中考结果文件 results/2025-H1.csv"]
    assert [p.text(EN) for p in problems] == \
        ["results/2025.csv: scoring.midterm_weight is set, but the mid-year results file results/2025-H1.csv is missing"]
    # the year's board is not published on a different footing
    assert outcome.period("2025") is None


def test_a_unit_without_a_midterm_result_is_reported_on_its_row() -> None:
    # b is absent from H1, c has only 不适用 there: neither has an H1 composite to blend in
    results = (sheet("2025-H1", ("s",), {"a": {"s": "90"}, "c": {"s": None}}),
               sheet("2025", ("s",), {"a": {"s": "80"}, "b": {"s": "85"}, "c": {"s": "70"}}))
    outcome, problems = compute(content({"scoring": {"normalize": "raw", "midterm_weight": 0.2}}, results),
                                date(2026, 1, 1))
    assert [p.text(ZH) for p in problems] == [
        "results/2025.csv:3: 设置了 scoring.midterm_weight，但“b名”在期中考结果 results/2025-H1.csv 中没有成绩",
        "results/2025.csv:4: 设置了 scoring.midterm_weight，但“c名”在期中考结果 results/2025-H1.csv 中没有成绩",
    ]
    assert outcome.period("2025") is None and outcome.period("2025-H1") is not None


def test_a_unit_of_only_not_applicable_needs_no_midterm() -> None:
    # c is 不适用 throughout the year: it is not ranked, so its absence from H1 is no problem
    results = (sheet("2025-H1", ("s",), {"a": {"s": "90"}, "b": {"s": "60"}}),
               sheet("2025", ("s",), {"a": {"s": "80"}, "b": {"s": "85"}, "c": {"s": None}}))
    outcome, problems = compute(content({"scoring": {"normalize": "raw", "midterm_weight": 0.2},
                                         "ranking": {"within": ""}}, results), date(2026, 1, 1))
    assert problems == []
    # a 0.8 × 80 + 0.2 × 90 = 82; b 0.8 × 85 + 0.2 × 60 = 80; c 未参评
    assert rows_of(main(outcome, "2025"), "unit_id", "score") == [("a", 82.0), ("b", 80.0)]
    assert main(outcome, "2025").absent == ("c",)


def test_boards_are_ordered_main_themed_standings_and_titled() -> None:
    raw = {"scoring": {"normalize": "raw"}, "ranking": {"within": ""},
           "boards": {"zhaoshang": {"title": "招商引资专项通报"}, "anquan": {"title": "安全生产专项"}},
           "standings": {"title": "全市晾晒"}}
    results = (sheet("2025-03", ("s",), {"a": {"s": "1"}}, board="anquan"),
               sheet("2025-03", ("s",), {"a": {"s": "2"}}, board="zhaoshang"),
               sheet("2025-03", ("s",), {"a": {"s": "3"}}))
    standings = (StandingsSheet(Period.parse("2025-03"), "standings/2025-03.csv", (StandingEntry("s", 1, 10, ("a",), "", 2),)),)
    c = content(raw, results, standings=standings)
    outcome, problems = compute(c, date(2025, 4, 1))
    assert problems == []
    [period] = outcome.periods
    # main first, themed boards in site.toml order, then standings
    assert [b.id for b in period.boards] == ["main", "zhaoshang", "anquan", "standings"]
    titles = [b.title.text(ZH) for b in period.boards]  # type: ignore[union-attr]
    assert titles == ["2025年3月综合考核晾晒表", "2025年3月招商引资专项通报", "2025年3月安全生产专项", "2025年3月全市晾晒"]
    assert board_title(c, Period.parse("2025"), "main").text(EN) == "2025 overall assessment board"
    # a themed board's rows never carry grades
    assert rows_of(period.board("zhaoshang"), "grade") == [(None,)]  # type: ignore[arg-type]


def test_standings_title_without_a_custom_one() -> None:
    c = content({}, ())
    assert board_title(c, Period.parse("2025-Q2"), "standings").text(ZH) == "2025年第二季度全市高质量发展指标晾晒表"


def test_notices_and_windows_are_computed_at_the_reference_date() -> None:
    # no 公示 about 2025-03: its boards print 5 working days from the reference date: Tue 1, Wed 2, Thu 3 Apr,
    # Fri 4 Apr 清明 off, Mon 7, Tue 8 Apr
    outcome, problems = compute(content({"scoring": {"normalize": "raw"}}, (sheet("2025-03", ("s",), {"a": {"s": "1"}}),)),
                                date(2025, 4, 1))
    assert problems == [] and outcome.board_windows == {"2025-03": (date(2025, 4, 1), date(2025, 4, 8))}
    assert outcome.notices == () and outcome.warnings.empty and outcome.today == date(2025, 4, 1)


def test_the_reference_date_window_into_an_unknown_year_fails_the_build(tmp_path: Path) -> None:
    # a real content folder, built on 29 Dec 2026: 5 working days reach 2027, which no calendar knows
    root = make_content(tmp_path / "content")
    with pytest.raises(ContentError) as raised:
        check(root, date(2026, 12, 29))
    assert raised.value.lines(ZH) == [
        "site.toml: 公示期到了 2027 年，但没有这一年的节假日安排：请添加 calendar/2027.toml（holidays = [...]、"
        "workdays = [...]）"]
    assert raised.value.lines(EN) == [
        "site.toml: the notice period reaches into 2027, but there is no holiday calendar for that year: "
        "add calendar/2027.toml (holidays = [...], workdays = [...])"]
    # with calendar/2027.toml the build goes through: 29, 30, 31 Dec (3), 1 Jan off, Mon 4 (4), Tue 5 Jan (5)
    (root / "calendar").mkdir()
    (root / "calendar" / "2027.toml").write_text('holidays = ["2027-01-01"]\nworkdays = []\n', encoding="utf-8")
    _, outcome = check(root, date(2026, 12, 29))
    assert outcome.board_windows["2025"] == (date(2026, 12, 29), date(2027, 1, 5))


def test_the_small_project_by_hand(tmp_path: Path) -> None:
    # tests/support's project: efficacy; 党的建设 0.5 (dj 1) and 业务工作 0.5 (zs 2, aq 1); within kind.
    # 甲局: dj 90 → 60 + 40 × 30/40 = 90; zs 800 → 60 + 40 × 600/800 = 90; aq 1 (lower, target 0, floor 4) →
    #   60 + 40 × (1 − 4)/(0 − 4) = 90 → 0.5 × 90 + 0.5 × (2 × 90 + 90)/3 = 90.00
    # 乙局: dj 80 → 80; zs 600 → 60 + 40 × 400/800 = 80; aq 0 → 100 → 0.5 × 80 + 0.5 × (160 + 100)/3
    #   = 40 + 43.333… = 83.333…, + bonus 1 = 84.333… → 84.33
    # 丙局: dj 70 → 70; zs 400 → 70; aq 2 → 60 + 40 × 0.5 = 80 → 35 + 0.5 × 220/3 = 35 + 36.666… = 71.67
    # 东镇: dj 95 → 95; zs 1000 → 100; aq 0 → 100 → 47.5 + 50 = 97.50
    # 西镇: dj 85 → 85; zs 500 → 60 + 40 × 300/800 = 75; aq 3 → 60 + 40 × 0.25 = 70 → 42.5 + 0.5 × 220/3 = 79.17
    _, outcome = check(make_content(tmp_path / "content"), date(2026, 1, 5))
    board = main(outcome, "2025")
    assert [(u, f"{s:.2f}", r, t) for u, s, r, t in rows_of(board, "unit_id", "score", "rank", "tier")] == [
        ("a", "90.00", 1, "green"), ("b", "84.33", 2, "yellow"), ("c", "71.67", 3, "red"),
        ("x", "97.50", 1, "green"), ("y", "79.17", 2, "red"),
    ]
    assert board.groups == ("部门", "乡镇")


def test_the_site_may_name_its_data_date() -> None:
    # Figures gathered up to the 25th: site.data_date says so instead of the period's last day.
    results = (sheet("2025-12", ("s",), {"a": {"s": "1"}, "b": {"s": "2"}, "c": {"s": "3"}}),)
    raw = {"site": {"data_date": "2025-12-25"}, "scoring": {"normalize": "raw"}, "ranking": {"within": ""}}
    outcome, _ = compute(content(raw, results), date(2026, 1, 1))
    assert outcome.data_date == date(2025, 12, 25)
    outcome, _ = compute(content({k: v for k, v in raw.items() if k != "site"}, results), date(2026, 1, 1))
    assert outcome.data_date == date(2025, 12, 31)
