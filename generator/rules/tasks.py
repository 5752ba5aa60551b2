"""揭榜领题 warnings (预警) at the reference date, for every task at once: overdue, or progress behind the
share of its time that has passed."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

DONE = "已完成"
WARNING_COLUMNS = ("task_id", "unit_id", "kind", "days_overdue", "expected_progress")


def task_warnings(tasks: pd.DataFrame, today: date) -> pd.DataFrame:
    """`expected_progress`: percent of the time elapsed, rounded up (so that "progress < it" reads true).
    Days are whole days; the percentage is exact (integer arithmetic)."""
    open_tasks = tasks[tasks["status"] != DONE]
    claimed = open_tasks["claimed_on"].to_numpy(dtype="datetime64[D]").astype("int64")
    due = open_tasks["due"].to_numpy(dtype="datetime64[D]").astype("int64")
    now = np.datetime64(today, "D").astype("int64")
    span = due - claimed
    done = np.clip(now - claimed, 0, None)
    # ceil(100 × done / span), clipped to 0–100; a task claimed and due the same day is all elapsed from that
    # day on (before it, nothing has elapsed yet).
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(span <= 0, np.where(now >= claimed, 100, 0),
                            np.minimum(-((-100 * done) // np.maximum(span, 1)), 100))
    progress = open_tasks["progress"].to_numpy(dtype="int64")
    overdue = now > due
    behind = ~overdue & (progress * np.maximum(span, 1) < 100 * np.minimum(done, np.maximum(span, 0))) & (span > 0)
    behind |= ~overdue & (span <= 0) & (now >= claimed) & (progress < 100)
    kind = np.where(overdue, "overdue", np.where(behind, "behind", ""))
    frame = pd.DataFrame({
        "task_id": open_tasks["id"].to_numpy(dtype=object), "unit_id": open_tasks["unit_id"].to_numpy(dtype=object),
        "kind": kind.astype(object), "days_overdue": np.where(overdue, now - due, 0).astype("int64"),
        "expected_progress": expected.astype("int64"),
    })
    return frame[frame["kind"] != ""].reset_index(drop=True)
