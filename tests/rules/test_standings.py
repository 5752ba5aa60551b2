"""generator.rules.standings: externally given ranks of indicators, tiered on rank and out_of (SPEC 3.4)."""

from __future__ import annotations

from generator.model.config import Tiers
from generator.model.types import StandingEntry, StandingsSheet
from generator.periods import Period
from generator.rules.standings import compute_standings_board
from tests.rules.builders import rank_tiers


def standings(*entries: StandingEntry, period: str = "2025-Q2") -> StandingsSheet:
    return StandingsSheet(Period.parse(period), f"standings/{period}.csv", entries)


def test_a_board_of_ten_districts() -> None:
    entries = [StandingEntry(f"i{r}", r, 10, ("fgw",) if r % 2 else ("sw", "fgw"), "", r + 1) for r in range(1, 11)]
    board = compute_standings_board(standings(*entries), "title", rank_tiers(top=4, bottom=3))
    # of 10 districts: ranks 1–4 green, 5–7 yellow, 8–10 red (bottom 3 → rank > 10 − 3 = 7)
    assert [(row.rank, row.tier) for row in board.rows] == [
        (1, "green"), (2, "green"), (3, "green"), (4, "green"), (5, "yellow"), (6, "yellow"), (7, "yellow"),
        (8, "red"), (9, "red"), (10, "red"),
    ]
    # the condition and bound that placed each row
    assert [(row.tier_condition, row.tier_threshold) for row in board.rows][3:5] == [("top", 4), ("", None)]
    assert (board.rows[9].tier_condition, board.rows[9].tier_threshold) == ("bottom", 7)
    # best level → 经验推广, worst level → 约谈督促
    assert [row.indicator_id for row in board.promote] == ["i1", "i2", "i3", "i4"]
    assert [row.indicator_id for row in board.summon] == ["i8", "i9", "i10"]
    assert (board.id, board.kind, board.source, board.title) == ("standings", "standings", "standings/2025-Q2.csv", "title")
    # rows keep the file order and their responsible units and notes
    assert board.rows[1].responsible == ("sw", "fgw") and board.rows[0].responsible == ("fgw",)


def test_the_group_size_is_out_of() -> None:
    board = compute_standings_board(standings(
        StandingEntry("a", 9, 12, ("x",), "", 2),  # of 12, bottom 3 → rank > 9: rank 9 is yellow
        StandingEntry("b", 10, 12, ("x",), "", 3),  # 10 > 9 → red
        StandingEntry("c", 5, 5, ("x",), "持平", 4),  # of 5: not in the top 4; 5 > 5 − 3 = 2 → red
        StandingEntry("d", 4, 5, ("x",), "", 5),  # 4 ≤ 4 → green (top levels are tried before bottom ones)
    ), "t", rank_tiers(4, 3))
    assert [row.tier for row in board.rows] == ["yellow", "red", "red", "green"]
    assert [row.tier_threshold for row in board.rows] == [None, 9, 2, 4]
    assert board.rows[2].note == "持平"


def test_default_tiers_on_standings() -> None:
    # default: percentile 30/30; of 10 → 1–3 green, 4–7 yellow, 8–10 red
    board = compute_standings_board(standings(*(StandingEntry(f"i{r}", r, 10, (), "", r) for r in range(1, 11))), "t",
                                    Tiers())
    assert [row.tier for row in board.rows] == ["green"] * 3 + ["yellow"] * 4 + ["red"] * 3
    assert [row.rank for row in board.promote] == [1, 2, 3]
    assert [row.rank for row in board.summon] == [8, 9, 10]
    # thresholds are plain ints (they go to JSON)
    assert all(isinstance(row.tier_threshold, int) for row in board.rows if row.tier_threshold is not None)


def test_an_empty_standings_file() -> None:
    board = compute_standings_board(standings(), "t", Tiers())
    assert board.rows == () and board.promote == () and board.summon == ()
