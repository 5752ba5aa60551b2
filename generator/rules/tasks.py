"""揭榜领题 warnings (预警): overdue, or progress behind the time elapsed, at the reference date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
import math
from fractions import Fraction

from ..model import Task

DONE = "已完成"


@dataclass(frozen=True)
class TaskWarning:
    task_id: str
    unit_id: str
    kind: str  # "overdue" | "behind"
    days_overdue: int
    expected_progress: int  # percent of the time elapsed, rounded up (so that progress < it reads true)


def elapsed_percent(task: Task, today: date) -> Fraction:
    span = (task.due - task.claimed_on).days
    if span <= 0:
        return Fraction(100)
    done = (today - task.claimed_on).days
    return min(max(Fraction(done * 100, span), Fraction(0)), Fraction(100))


def task_warning(task: Task, today: date) -> TaskWarning | None:
    if task.status == DONE:
        return None
    elapsed = elapsed_percent(task, today)
    if today > task.due:
        return TaskWarning(task.id, task.unit_id, "overdue", (today - task.due).days, math.ceil(elapsed))
    if task.progress < elapsed:
        return TaskWarning(task.id, task.unit_id, "behind", 0, math.ceil(elapsed))
    return None


def task_warnings(tasks: Sequence[Task], today: date) -> tuple[TaskWarning, ...]:
    return tuple(w for task in tasks if (w := task_warning(task, today)) is not None)
