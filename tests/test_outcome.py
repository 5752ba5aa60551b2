"""generator.outcome: the types the rules hand to render and archive, and their small helpers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd

from generator.model.config import RuleSet, Tiers
from generator.outcome import (
    FLAG_COLUMNS,
    GRADE_COLUMNS,
    Outcome,
    PeriodOutcome,
    QuotaCheck,
    StandingRow,
    StandingsBoard,
    YearGrades,
    col,
    decimal_or_none,
    fine,
    flags_frame,
    outcomes_frame,
    shown,
)
from generator.periods import Period
from tests.rules.builders import rules, score_board, unit


def test_precisions_and_column_names() -> None:
    # a board of 2 decimals shows intermediates at 4 and publishes them at 6 in the open data
    assert (shown(2), fine(2)) == (4, 6)
    assert (shown(0), fine(4)) == (2, 8)
    assert col("score", 2) == "score@2" and col("weight", 4) == "weight@4"


def test_decimal_or_none() -> None:
    # None and NaN (an empty cell of a float column) are None; a float goes through its repr: 0.1 → 0.1
    assert decimal_or_none(None) is None and decimal_or_none(float("nan")) is None
    assert decimal_or_none(0.1) == Decimal("0.1") and decimal_or_none(90) == Decimal(90)


def test_quota_check_is_exceeded_after_demotion_only() -> None:
    assert QuotaCheck(None, "优秀", 10, 3, 4, 4, ()).exceeded
    # four by the bands, two demoted: within the limit
    assert not QuotaCheck("dept", "优秀", 10, 3, 4, 2, ("c", "d")).exceeded
    assert not QuotaCheck("dept", "优秀", 10, 3, 3, 3, ()).exceeded


def test_standings_promote_and_summon_follow_the_first_and_last_levels() -> None:
    rows = tuple(StandingRow(f"i{n}", n, 3, tier, "", None, (), "") for n, tier in enumerate(["green", "yellow", "red"], 1))
    board = StandingsBoard(Period.parse("2025"), "standings", "t", "standings/2025.csv", Tiers(), rows)
    assert [r.indicator_id for r in board.promote] == ["i1"] and [r.indicator_id for r in board.summon] == ["i3"]
    assert board.kind == "standings"


def test_year_grades_lookups() -> None:
    frame = outcomes_frame([("a", "优秀", "优秀", False, "bands", Decimal(90)),
                            ("b", "良好", "优秀", True, "bands", Decimal(90))])
    grades = YearGrades(2025, "bands", RuleSet(), frame)
    assert grades.grade_of("a") == "优秀" and grades.grade_of("b") == "良好" and grades.grade_of("z") is None
    assert grades.records["b"] == ("b", "良好", "优秀", True, "bands", Decimal(90))
    # the digest depends on the outcomes: a different grade, a different digest; the same, the same
    same = YearGrades(2025, "bands", RuleSet(), frame.copy())
    other = YearGrades(2025, "bands", RuleSet(), frame.assign(grade=["优秀", "优秀"]))
    assert grades.digest == same.digest != other.digest
    assert list(frame.columns) == list(GRADE_COLUMNS) and frame["demoted"].dtype == bool


def test_frames_keep_their_columns_when_empty() -> None:
    flags = flags_frame([])
    assert list(flags.columns) == list(FLAG_COLUMNS) and str(flags["year"].dtype) == "int64"
    assert list(outcomes_frame([]).columns) == list(GRADE_COLUMNS)


def test_period_and_board_lookups() -> None:
    board = score_board({"a": "90", "b": "80"}, [unit("a"), unit("b")], rules(within=""), period="2025-03")
    period = PeriodOutcome(Period.parse("2025-03"), (board,))
    outcome = Outcome(date(2025, 4, 1), (period,), {}, flags_frame([]), pd.DataFrame())
    assert outcome.period("2025-03") is period and outcome.period("2025-04") is None
    assert period.main is board and period.board("main") is board and period.board("zhaoshang") is None
    row = board.row("b")
    assert row is not None and row["rank"] == 2 and board.row("z") is None
    assert board.decimals == 2 and board.kind == "units"
    # a period whose only board is standings has no main board
    standings = StandingsBoard(Period.parse("2025-03"), "standings", "t", "s.csv", Tiers(), ())
    assert PeriodOutcome(Period.parse("2025-03"), (standings,)).main is None
