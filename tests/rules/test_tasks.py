"""generator.rules.tasks: 揭榜领题 warnings at the reference date — overdue, or progress behind the share of
the task's time that has passed (whole days, exact integer percentages)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.types import TASK_COLUMNS
from generator.rules.tasks import task_warnings


def tasks(*rows: tuple[str, int, date, date]) -> pd.DataFrame:
    """(status, progress, claimed_on, due) per task, ids t1, t2, …, all for unit fgw."""
    frame = pd.DataFrame([{"id": f"t{n}", "title": "题目", "claimant": "张三", "level": "区级", "unit_id": "fgw",
                           "claimed_on": pd.Timestamp(claimed), "due": pd.Timestamp(due), "status": status,
                           "progress": progress, "note": "", "row": n + 1}
                          for n, (status, progress, claimed, due) in enumerate(rows, start=1)], columns=list(TASK_COLUMNS))
    return frame.astype({"claimed_on": "datetime64[s]", "due": "datetime64[s]", "progress": "int64", "row": "int64"})


JAN1, JAN11 = date(2025, 1, 1), date(2025, 1, 11)


def warning(status: str, progress: int, today: date, claimed: date = JAN1, due: date = JAN11) -> tuple[object, ...] | None:
    found = task_warnings(tasks((status, progress, claimed, due)), today)
    if found.empty:
        return None
    row = found.iloc[0]
    return row["kind"], int(row["days_overdue"]), int(row["expected_progress"])


def test_behind_when_progress_lags_time() -> None:
    # claimed 1 Jan, due 11 Jan: 10 days; on 6 Jan 5 days have passed = 50 %
    assert warning("进行中", 40, date(2025, 1, 6)) == ("behind", 0, 50)
    # progress equal to or ahead of time: no warning
    assert warning("进行中", 50, date(2025, 1, 6)) is None
    assert warning("进行中", 60, date(2025, 1, 6)) is None
    # on 4 Jan: 3/10 = 30 %; progress 29 behind, 30 fine
    assert warning("进行中", 29, date(2025, 1, 4)) == ("behind", 0, 30)
    assert warning("进行中", 30, date(2025, 1, 4)) is None
    # 1/3 elapsed (due 31 Jan: 30 days; 11 Jan → 10 days = 33.3… %): 33 < 33.3… is behind, 34 fine; the
    # expected progress shown is rounded up to 34, so that "33% < 34%" reads as the rule applies it
    assert warning("进行中", 33, date(2025, 1, 11), due=date(2025, 1, 31)) == ("behind", 0, 34)
    assert warning("进行中", 34, date(2025, 1, 11), due=date(2025, 1, 31)) is None


def test_overdue() -> None:
    # due 11 Jan, today 14 Jan, not done → overdue by 3 days (even at 90 %); expected progress 100
    assert warning("进行中", 90, date(2025, 1, 14)) == ("overdue", 3, 100)
    # on the due date itself it is not overdue: 100 % done → nothing; 99 % → behind (all the time is used)
    assert warning("进行中", 100, JAN11) is None
    assert warning("进行中", 99, JAN11) == ("behind", 0, 100)
    # 未开始 past due is overdue too: 1 Feb − 11 Jan = 21 days
    assert warning("未开始", 0, date(2025, 2, 1)) == ("overdue", 21, 100)


def test_done_tasks_never_warn() -> None:
    assert warning("已完成", 20, date(2025, 1, 6)) is None
    assert warning("已完成", 100, date(2026, 1, 1)) is None


def test_no_warning_before_the_task_starts() -> None:
    # before the claim date: 0 % elapsed, progress 0 is not behind
    assert warning("进行中", 0, date(2024, 12, 20)) is None
    assert warning("进行中", 0, JAN1) is None


def test_a_task_claimed_and_due_the_same_day() -> None:
    # no time to spread: on that day all of it has passed (100 %); after it, overdue; before it, nothing yet
    assert warning("进行中", 50, JAN11, claimed=JAN11, due=JAN11) == ("behind", 0, 100)
    assert warning("进行中", 100, JAN11, claimed=JAN11, due=JAN11) is None
    assert warning("进行中", 50, date(2025, 1, 12), claimed=JAN11, due=JAN11) == ("overdue", 1, 100)
    assert warning("进行中", 0, date(2025, 1, 5), claimed=JAN11, due=JAN11) is None


def test_many_tasks_at_once_keep_their_order() -> None:
    frame = tasks(("进行中", 10, JAN1, JAN11), ("已完成", 0, JAN1, JAN11), ("未开始", 0, JAN1, date(2025, 1, 3)),
                  ("进行中", 100, JAN1, JAN11))
    found = task_warnings(frame, date(2025, 1, 6))
    # t1 behind (10 < 50); t2 done; t3 overdue since 3 Jan (3 days); t4 at 100 % fine
    assert list(zip(found["task_id"], found["kind"], found["days_overdue"], found["unit_id"], strict=True)) == \
        [("t1", "behind", 0, "fgw"), ("t3", "overdue", 3, "fgw")]
    assert list(found.columns) == ["task_id", "unit_id", "kind", "days_overdue", "expected_progress"]
    assert task_warnings(tasks(), date(2025, 1, 6)).empty


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 400), st.integers(0, 400), st.integers(-50, 500), st.integers(0, 100))
def test_warnings_follow_the_definition(start: int, length: int, day: int, progress: int) -> None:
    claimed = date(2024, 1, 1) + timedelta(days=start)
    due = claimed + timedelta(days=length)
    today = claimed + timedelta(days=day)
    got = warning("进行中", progress, today, claimed, due)
    elapsed = min(max(day, 0), length)
    if today > due:
        assert got == ("overdue", (today - due).days, 100)
    elif length == 0:
        assert got == (("behind", 0, 100) if day >= 0 and progress < 100 else None)
    elif progress * length < 100 * elapsed:  # progress% < elapsed/length, exactly
        assert got == ("behind", 0, -(-100 * elapsed // length))
    else:
        assert got is None
