"""generator/render/unit_data.py: what each unit's page reads, gathered in one pass; its digest changes
exactly when something of that unit changes (the page's and the report card's cache key)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.build import check
from generator.render.indexes import Indexes
from generator.render.unit_data import UnitData, gather_unit_data
from tests.support import RESULTS_2025, make_content

TODAY = date(2026, 1, 6)
TASKS = ("id,title,claimant,level,unit,claimed_on,due,status,progress,note\n"
         "t1,路灯补亮,王某,科级,a,2025-03-01,2025-12-31,进行中,60,\n")


def gathered(root: Path, **files: str) -> dict[str, UnitData]:
    project, outcome = check(make_content(root, {"tasks.csv": TASKS, **files}), TODAY)
    return gather_unit_data(project, outcome, Indexes(outcome))


def test_every_unit_gets_its_own_rows_tasks_and_grades(tmp_path: Path) -> None:
    data = gathered(tmp_path / "c")
    assert sorted(data) == ["a", "b", "c", "x", "y"]
    # t1 is due 2025-12-31 at 60%: on 2026-01-06 it is 6 days overdue, and it is a's only task.
    assert [t[0] for t in data["a"].tasks] == ["t1"] and data["a"].tasks[0][7:9] == ("overdue", 6)
    assert data["b"].tasks == ()
    assert [year for year, _ in data["a"].grades] == [2025]


def test_the_digest_moves_with_the_units_own_numbers_only(tmp_path: Path) -> None:
    # 丙局 (c) 党建工作 70 → 69 moves c's score and nobody's rank or tier (see test_plan): only c's digest changes.
    before = {u: d.digest for u, d in gathered(tmp_path / "one").items()}
    after = {u: d.digest for u, d in gathered(tmp_path / "two", **{
        "results/2025.csv": RESULTS_2025.replace("丙局,70,", "丙局,69,")}).items()}
    assert sorted(u for u in before if before[u] != after[u]) == ["c"]
    # The same content gathered again gives the same digests (no object identity or order leaks in).
    assert before == {u: d.digest for u, d in gathered(tmp_path / "three").items()}
