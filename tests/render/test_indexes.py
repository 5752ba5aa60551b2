"""generator/render/indexes.py: per-unit lookups into the boards, and the per-unit digests that decide which
unit pages are rendered again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.build import check
from generator.model.types import Content
from generator.outcome import Outcome, UnitBoard
from generator.render.indexes import BoardIndex, Indexes
from tests.support import RESULTS_2025, make_content

TODAY = date(2026, 1, 6)


def outcome_of(root: Path, results: str = RESULTS_2025, **files: str) -> tuple[Content, Outcome]:
    return check(make_content(root, {"results/2025.csv": results, **files}), TODAY)


def main(outcome: Outcome) -> UnitBoard:
    board = outcome.periods[0].main
    assert isinstance(board, UnitBoard)
    return board


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Content, Outcome]:
    return outcome_of(tmp_path_factory.mktemp("indexes") / "content")


def test_rows_and_records_follow_the_display_order(small: tuple[Content, Outcome]) -> None:
    index = BoardIndex.of(main(small[1]))
    assert index.rows == {"a": 0, "b": 1, "c": 2, "x": 3, "y": 4}
    assert [r["unit_id"] for r in index.records] == ["a", "b", "c", "x", "y"]
    record = index.record("b")
    assert record is not None and record["rank"] == 2 and record["score"] == 84.33
    assert index.record("nobody") is None


def test_one_record_read_alone_is_the_record_of_the_whole_list(small: tuple[Content, Outcome]) -> None:
    """A unit's page in a build that makes few pages reads its row alone; a board page builds every row's
    dict first. Both give the same values and types (NA stays NA: the first period has no previous rank)."""
    board = main(small[1])
    alone = BoardIndex.of(board)
    singles = {unit_id: alone.record(unit_id) for unit_id in alone.rows}
    assert "records" not in alone.__dict__  # not built for them
    listed = BoardIndex.of(board).records
    for unit_id, record in singles.items():
        position = alone.rows[unit_id]
        assert record is not None and repr(record) == repr(listed[position])  # repr: NaN equals itself there
        assert [type(v) for v in record.values()] == [type(v) for v in listed[position].values()]
    assert str(singles["a"]["previous_rank"]) == "<NA>"


def test_matrix_cells_worked_by_hand(small: tuple[Content, Outcome]) -> None:
    # 乙局 (tests/support.py): dj 80 → 80, weight 0.5 (alone in 党的建设); zs 600 → 80, weight 0.5 × 2/3;
    # aq 0 → 100 (lower is better, target 0), weight 0.5 × 1/3. Contributions 40, 26.6667, 16.6667, published at
    # 4 decimals and shown without the zeros that end them, keeping the score's 2 (80.0000 → 80.00).
    cells = BoardIndex.of(main(small[1])).matrix_cells("b")
    assert cells == {"dj": ("80", "80.00", "50%", "40.00"), "zs": ("600", "80.00", "33.33%", "26.6667"),
                     "aq": ("0", "100.00", "16.67%", "16.6667")}
    assert BoardIndex.of(main(small[1])).matrix_cells("nobody") == {}


def test_an_exempt_cell_is_a_dash_in_the_matrix(tmp_path: Path) -> None:
    results = RESULTS_2025.replace("丙局,70,400,2", "丙局,70,免考,2")
    _, outcome = outcome_of(tmp_path / "content", results)
    assert BoardIndex.of(main(outcome)).matrix_cells("c")["zs"] is None  # shown as — (see test_page_unit)


def test_by_indicator_lists_the_applicable_parts(tmp_path: Path) -> None:
    results = RESULTS_2025.replace("丙局,70,400,2", "丙局,70,免考,2")
    _, outcome = outcome_of(tmp_path / "content", results)
    board = main(outcome)
    positions = BoardIndex.of(board).by_indicator
    assert sorted(board.parts.iloc[positions["zs"]]["unit_id"]) == ["a", "b", "x", "y"]  # 丙局 is exempt
    assert sorted(board.parts.iloc[positions["dj"]]["unit_id"]) == ["a", "b", "c", "x", "y"]


def test_one_units_change_changes_only_its_digest(tmp_path: Path) -> None:
    # 丙局 is last among 部门 (71.67 after 甲局 90 and 乙局 84.33): 70 → 69 in 党建工作 lowers its score by
    # 0.5 × (70 − 69) = 0.5 and moves nobody. Only 丙局's row, cells and weights differ.
    _, before = outcome_of(tmp_path / "one")
    _, after = outcome_of(tmp_path / "two", RESULTS_2025.replace("丙局,70,", "丙局,69,"))
    old, new = BoardIndex.of(main(before)), BoardIndex.of(main(after))
    assert new.record("c")["score"] == 71.17  # type: ignore[index]
    changed = {u for u in "abcxy" if old.unit_digest(u) != new.unit_digest(u)}
    assert changed == {"c"}
    assert old.meta == new.meta
    assert old.unit_digest("nobody") is None


def test_a_change_that_moves_ranks_changes_the_units_it_moves(tmp_path: Path) -> None:
    # 丙局 to 95 in 党建工作 (+12.5) and 1000 in 招商引资: 0.5×95 + 0.5×(2×100 + 80)/3 = 94.17 — first, ahead of 甲局
    # and 乙局, who each drop a place (and 乙局 from yellow to red). The 乡镇 group is untouched.
    _, before = outcome_of(tmp_path / "one")
    _, after = outcome_of(tmp_path / "two", RESULTS_2025.replace("丙局,70,400,2", "丙局,95,1000,2"))
    old, new = BoardIndex.of(main(before)), BoardIndex.of(main(after))
    assert [(r["unit_id"], r["rank"]) for r in new.records][:3] == [("c", 1), ("a", 2), ("b", 3)]
    assert {u for u in "abcxy" if old.unit_digest(u) != new.unit_digest(u)} == {"a", "b", "c"}


def test_the_rules_are_part_of_the_boards_meta(tmp_path: Path) -> None:
    # ties = "dense" instead of "min" changes no number here (no ties), but every row is explained by the
    # rules: every unit's page must show the new rule, so every digest changes.
    _, before = outcome_of(tmp_path / "one")
    content = make_content(tmp_path / "two")
    toml = content / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('ties = "min"', 'ties = "dense"'), encoding="utf-8")
    _, after = check(content, TODAY)
    old, new = BoardIndex.of(main(before)), BoardIndex.of(main(after))
    assert [r["rank"] for r in old.records] == [r["rank"] for r in new.records]
    # The rows' own digests need not change (their numbers did not); the board's meta does, and a unit page's
    # key covers both (see test_plan.py).
    assert old.meta != new.meta


def test_indexes_cover_every_unit_board(small: tuple[Content, Outcome]) -> None:
    indexes = Indexes(small[1])
    assert set(indexes.boards) == {("2025", "main")}
    assert indexes.of("2025", "main") is indexes.boards[("2025", "main")]
    assert indexes.of("2024", "main") is None
    indexes.warm()  # makes every lookup now, before worker processes fork
    assert indexes.boards[("2025", "main")].records
