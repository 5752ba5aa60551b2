"""generator.rules.boards: a ranked, tiered board of units for one period (SPEC 3.1–3.3), worked by hand.
(The fast path against the exact path is tests/rules/test_boards_exact.py.)"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.config import Ranking, RuleSet, Scoring, TierLevel, Tiers
from generator.model.types import Indicator, Unit
from generator.outcome import UnitBoard
from generator.rules.boards import Midterm, group_of, group_order
from tests.rules.builders import (
    SCORE_ONLY,
    THREE_CATEGORIES,
    board,
    by_unit,
    ind,
    rank_tiers,
    rows_of,
    rules,
    score_board,
    sheet,
    unit,
)

D = Decimal


def test_rounding_happens_before_ranking() -> None:
    units = [unit("a", order=1), unit("b", order=2), unit("c", order=3)]
    b = score_board({"a": "89.995", "b": "90.004", "c": "89.994"}, units, rules(within=""))
    # a: 89.995 → 90.00 (half away from zero); b: 90.004 → 90.00: the unrounded scores differ, but both show
    # 90.00, so they tie at 1; c: 89.994 → 89.99, rank 3
    assert rows_of(b, "unit_id", "score", "rank") == [("a", 90.0, 1), ("b", 90.0, 1), ("c", 89.99, 3)]
    # the unrounded score is kept for the explanation (at d + 2 and d + 4 places)
    assert rows_of(b, "unrounded@4", "unrounded@6")[1] == (90.004, 90.004)


def test_decimals_setting() -> None:
    # decimals = 1: 84.25 → 84.3 and 84.34 → 84.3: they tie; decimals = 0: 84.5 → 85, 84.49 → 84
    b = score_board({"a": "84.25", "b": "84.34"}, [unit("a"), unit("b")], rules(within="", decimals=1))
    assert rows_of(b, "unit_id", "score", "rank") == [("a", 84.3, 1), ("b", 84.3, 1)]
    assert by_unit(b)["a"][0] == "84.3"
    b = score_board({"a": "84.5", "b": "84.49"}, [unit("a"), unit("b")], rules(within="", decimals=0))
    assert rows_of(b, "unit_id", "score", "rank") == [("a", 85.0, 1), ("b", 84.0, 2)]
    assert list(b.rows.columns).count("score@0") == 1


def test_bonus_and_penalty_on_a_board() -> None:
    units = [unit("a", order=1), unit("b", order=2)]
    s = sheet("2025", ("s",), {"a": {"s": "76.5"}, "b": {"s": "76.5"}}, bonus={"a": "2"}, penalty={"a": "0.5", "b": "1.25"})
    b = board(s, units, SCORE_ONLY, rules(within=""))
    # a: 76.5 + 2 − 0.5 = 78.00; b: 76.5 − 1.25 = 75.25
    assert rows_of(b, "unit_id", "score", "bonus", "penalty") == [("a", 78.0, 2.0, 0.5), ("b", 75.25, 0.0, 1.25)]
    assert rows_of(b, "bonus_text", "penalty_text") == [("2", "0.5"), ("0", "1.25")]


def test_a_penalty_can_take_the_score_below_zero() -> None:
    # 0.4 − 2.675 = −2.275 → −2.28 (half away from zero on the negative side)
    s = sheet("2025", ("s",), {"a": {"s": "0.4"}}, penalty={"a": "2.675"})
    b = board(s, [unit("a")], SCORE_ONLY, rules(within=""))
    assert f"{b.rows.at[0, 'score']:.2f}" == "-2.28"


def test_midterm_blend_uses_the_h1_composite_before_its_bonus() -> None:
    units = [unit("a", order=1), unit("b", order=2)]
    the_rules = rules(midterm_weight="0.2", within="", tiers=rank_tiers(1, 1))
    # H1: a 90 (+ a bonus of 5 that belongs to H1 only), b 60
    h1 = sheet("2025-H1", ("s",), {"a": {"s": "90"}, "b": {"s": "60"}}, bonus={"a": "5"})
    year = sheet("2025", ("s",), {"a": {"s": "80"}, "b": {"s": "85"}}, bonus={"a": "1"})
    b = board(year, units, SCORE_ONLY, the_rules, midterm=Midterm(h1, the_rules, None))
    # a: 0.8 × 80 + 0.2 × 90 = 64 + 18 = 82, + 1 = 83 (H1's bonus is not blended in);
    # b: 0.8 × 85 + 0.2 × 60 = 68 + 12 = 80
    assert by_unit(b) == {"a": ("83.00", 1, "green"), "b": ("80.00", 2, "red")}
    assert rows_of(b, "unit_id", "composite@4", "midterm@4", "blended@4") == [("a", 80.0, 90.0, 82.0),
                                                                               ("b", 85.0, 60.0, 80.0)]


def test_midterm_blend_rounds_the_blend_exactly() -> None:
    # w = 0.3: 0.7 × 85.5 + 0.3 × 70.25 = 59.85 + 21.075 = 80.925 → 80.93 (half up; in floats 80.92499…)
    the_rules = rules(midterm_weight="0.3", within="")
    h1 = sheet("2025-H1", ("s",), {"a": {"s": "70.25"}})
    b = board(sheet("2025", ("s",), {"a": {"s": "85.5"}}), [unit("a")], SCORE_ONLY, the_rules,
              midterm=Midterm(h1, the_rules, None))
    assert f"{b.rows.at[0, 'score']:.2f}" == "80.93"


def test_competition_and_dense_ranks_on_a_board() -> None:
    units = [unit(u, order=n) for n, u in enumerate("abcd")]
    scores = {"a": "90", "b": "80", "c": "80", "d": "70"}
    # min (Excel RANK): 1, 2, 2, 4; dense: 1, 2, 2, 3; competition_rank stays 1, 2, 2, 4 either way
    b = score_board(scores, units, rules(within="", ties="min"))
    assert rows_of(b, "unit_id", "rank", "competition_rank") == [("a", 1, 1), ("b", 2, 2), ("c", 2, 2), ("d", 4, 4)]
    b = score_board(scores, units, rules(within="", ties="dense"))
    assert rows_of(b, "unit_id", "rank", "competition_rank") == [("a", 1, 1), ("b", 2, 2), ("c", 2, 2), ("d", 3, 4)]


def test_ranking_within_groups() -> None:
    units = [unit("d1", "dept", 1), unit("t1", "town", 2), unit("d2", "dept", 3), unit("t2", "town", 4),
             unit("d3", "dept", 5)]
    scores = {"t1": "70", "d1": "80", "d2": "90", "t2": "95", "d3": "85"}
    b = score_board(scores, units, rules(within="kind", tiers=rank_tiers(top=1, bottom=1)))
    # dept: d2 90 (1), d3 85 (2), d1 80 (3); town: t2 95 (1), t1 70 (2); groups in units.csv order: dept, town
    assert rows_of(b, "unit_id", "group", "rank", "group_size") == [
        ("d2", "dept", 1, 3), ("d3", "dept", 2, 3), ("d1", "dept", 3, 3), ("t2", "town", 1, 2), ("t1", "town", 2, 2),
    ]
    assert b.groups == ("dept", "town")
    # tiers per group: top 1 green, bottom 1 red: in dept d3 is yellow; in town nobody is
    assert {u: t for u, (_, _, t) in by_unit(b).items()} == {"d2": "green", "d3": "yellow", "d1": "red", "t2": "green",
                                                            "t1": "red"}
    # within = "": one group of 5, group None
    b = score_board(scores, units, rules(within=""))
    assert rows_of(b, "unit_id", "rank", "group") == [("t2", 1, None), ("d2", 2, None), ("d3", 3, None), ("d1", 4, None),
                                                      ("t1", 5, None)]
    assert b.groups == (None,)


def test_groups_follow_units_csv_order() -> None:
    units = [unit("t1", "town", 2), unit("d1", "dept", 1), unit("x", "street", 3)]
    # by `order`: d1 (1) first → dept, then town, then street
    assert group_order(units, "kind") == ["dept", "town", "street"]
    assert group_order(units, "") == [None]
    assert group_of(units[0], "kind") == "town" and group_of(units[0], "") is None
    # a board lists only the groups that have a ranked row
    b = score_board({"t1": "50", "d1": "60"}, units, rules(within="kind"))
    assert b.groups == ("dept", "town")


def test_tied_rows_are_listed_by_order_then_id() -> None:
    units = [unit("a", order=3), unit("b", order=1), unit("c", order=2), unit("d", order=1)]
    b = score_board({"a": "90", "b": "80", "c": "90", "d": "80"}, units, rules(within=""))
    # rank 1: c (order 2) before a (order 3); rank 3: b and d share order 1 → by id: b, d
    assert rows_of(b, "unit_id", "rank") == [("c", 1), ("a", 1), ("b", 3), ("d", 3)]


def test_previous_rank_and_rank_change() -> None:
    units = [unit(u, order=n) for n, u in enumerate("abcd")]
    the_rules = rules(within="")
    last_year = score_board({"a": "70", "b": "90", "c": "80"}, units, the_rules, period="2024")
    this_year = score_board({"a": "95", "b": "85", "c": "75", "d": "80"}, units, the_rules, previous=last_year)
    # 2024: b 1, c 2, a 3; 2025: a 1, b 2, d 3, c 4
    # a: 3 − 1 = +2 (moved up); b: 1 − 2 = −1; c: 2 − 4 = −2; d was absent in 2024 → null, null
    assert rows_of(this_year, "unit_id", "previous_rank", "rank", "rank_change") == [
        ("a", 3, 1, 2), ("b", 1, 2, -1), ("d", None, 3, None), ("c", 2, 4, -2),
    ]
    assert last_year.absent == ("d",)
    assert str(this_year.rows["previous_rank"].dtype) == "Int64"


def test_unit_with_nothing_counted_is_not_ranked() -> None:
    units = [unit("a", order=1), unit("b", order=2), unit("c", order=3)]
    b = score_board({"a": "80", "b": None}, units, rules(within=""))
    # b has only 不适用, c is absent from the file: both 未参评, listed in `order`
    assert list(b.rows["unit_id"]) == ["a"]
    assert b.absent == ("b", "c")


def test_indicators_that_do_not_apply_to_a_kind_do_not_count() -> None:
    units = [unit("d", "dept"), unit("t", "town")]
    indicators = {"x": ind("x", "party"), "y": ind("y", "tasks", applies_to=("town",))}
    s = sheet("2025", ("x", "y"), {"d": {"x": "80", "y": "10"}, "t": {"x": "80", "y": "60"}}, indicators=indicators,
              units=units)
    b = board(s, units, indicators, rules(within="", tiers=rank_tiers(1, 1)))
    # d: only x counts → 80 (its y = 10 is not counted); t: (80 + 60)/2 = 70
    assert by_unit(b) == {"d": ("80.00", 1, "green"), "t": ("70.00", 2, "red")}
    assert list(b.parts.loc[b.parts["unit_id"] == "d", "indicator_id"]) == ["x"]


def test_explain_columns_of_a_board() -> None:
    # the 3.1.2 example at the board: p1 (2) 90, p2 (1) 60, i1 80, t1 70 under 0.30 / 0.35 / 0.35 → 76.5
    indicators = {"p1": ind("p1", "party", "2"), "p2": ind("p2", "party"), "i1": ind("i1", "industry"),
                  "t1": ind("t1", "tasks")}
    the_rules = RuleSet(scoring=Scoring(normalize="raw", categories=THREE_CATEGORIES), ranking=Ranking(within=""))
    b = board(sheet("2025", tuple(indicators), {"a": {"p1": "90", "p2": "60", "i1": "80", "t1": "70"}}), [unit("a")],
              indicators, the_rules)
    parts = b.parts.set_index("indicator_id")
    # weights as shown (4 places): 0.2, 0.1, 0.35, 0.35; contributions at d + 2: 18, 6, 28, 24.5
    assert list(parts["weight@4"]) == [0.2, 0.1, 0.35, 0.35]
    assert list(parts["contribution@4"]) == [18.0, 6.0, 28.0, 24.5]
    assert list(parts["normalised@2"]) == [90.0, 60.0, 80.0, 70.0]
    assert list(parts["raw"]) == [90.0, 60.0, 80.0, 70.0] and list(parts["raw_text"]) == ["90", "60", "80", "70"]
    assert list(parts["category_id"]) == ["party", "party", "industry", "tasks"]
    assert b.rows.at[0, "composite@4"] == 76.5 and b.rows.at[0, "score"] == 76.5
    assert not b.rows.at[0, "exact"]  # nothing near a rounding boundary here
    assert b.indicator_ids == ("p1", "p2", "i1", "t1") and b.decimals == 2


def test_tiers_on_a_board_use_competition_ranks_so_ties_never_empty_a_band() -> None:
    units = [unit(u, order=n) for n, u in enumerate("abcdefg")]
    scores = {"a": "95", "b": "95", "c": "95", "d": "90", "e": "85", "f": "80", "g": "75"}
    b = score_board(scores, units, rules(within="", ties="dense", tiers=rank_tiers(top=2, bottom=2)))
    # dense ranks shown: 1, 1, 1, 2, 3, 4, 5; competition ranks: 1, 1, 1, 4, 5, 6, 7
    # bottom 2 → competition rank > 7 − 2 = 5 → f and g red (with dense ranks, rank > 5 would match nobody)
    # top 2 → competition rank ≤ 2 → the three tied at 95 are all green
    assert rows_of(b, "unit_id", "rank", "competition_rank", "tier") == [
        ("a", 1, 1, "green"), ("b", 1, 1, "green"), ("c", 1, 1, "green"), ("d", 2, 4, "yellow"), ("e", 3, 5, "yellow"),
        ("f", 4, 6, "red"), ("g", 5, 7, "red"),
    ]
    # the condition and bound that placed each row, for the explanation
    assert rows_of(b, "tier_condition", "tier_threshold")[0] == ("top", 2)
    assert rows_of(b, "tier_condition", "tier_threshold")[3] == ("", None)
    assert rows_of(b, "tier_condition", "tier_threshold")[6] == ("bottom", 5)


def test_a_tie_straddling_the_top_band_takes_every_tied_row() -> None:
    units = [unit(u, order=n) for n, u in enumerate("abcdef")]
    scores = {"a": "99", "b": "98", "c": "97", "d": "96", "e": "96", "f": "50"}
    b = score_board(scores, units, rules(within="", tiers=rank_tiers(top=4, bottom=1)))
    # d and e tie at rank 4 ≤ 4: both green; yellow is empty; f (rank 6 > 6 − 1) red
    assert rows_of(b, "unit_id", "rank", "tier") == [("a", 1, "green"), ("b", 2, "green"), ("c", 3, "green"),
                                                     ("d", 4, "green"), ("e", 4, "green"), ("f", 6, "red")]


def test_score_tiers_on_a_board_use_the_rounded_score() -> None:
    tiers = Tiers(basis="score", levels=(TierLevel(id="good", label="好", min_score=D(90)),
                                         TierLevel(id="rest", label="其余")))
    b = score_board({"a": "89.995", "b": "89.994"}, [unit("a"), unit("b")], rules(within="", tiers=tiers))
    # 89.995 rounds to 90.00 ≥ 90 → good; 89.994 → 89.99 → rest
    assert by_unit(b) == {"a": ("90.00", 1, "good"), "b": ("89.99", 2, "rest")}
    assert rows_of(b, "tier_condition", "tier_threshold")[0] == ("min_score", D(90))


def test_default_tiers_on_a_board_of_ten() -> None:
    # default: percentile, green top_pct 30, red bottom_pct 30: of 10, ceil(3) = 3 → 1–3 green, 4–7 yellow,
    # rank > 10 − 3 = 7 → 8–10 red
    units = [unit(f"u{n}", order=n) for n in range(10)]
    b = score_board({f"u{n}": str(100 - n) for n in range(10)}, units, rules(within=""))
    assert list(b.rows["tier"]) == ["green"] * 3 + ["yellow"] * 4 + ["red"] * 3


# ------------------------------------------------------------------ the order of rows in the file


INDICATORS = {
    "a": Indicator("a", "A", "party", D(2), "higher", "", D(100), D(60), (), frozenset()),
    "b": Indicator("b", "B", "industry", D(1), "lower", "", D(2), D(10), (), frozenset()),
    "c": Indicator("c", "C", "tasks", D(1), "higher", "", D(50), D(0), (), frozenset({"town"})),
    "d": Indicator("d", "D", "tasks", D(3), "higher", "", D(80), D(20), (), frozenset()),
}
TIER_CHOICES = (Tiers(), rank_tiers(2, 2), Tiers(basis="score", levels=(TierLevel(id="good", label="好", min_score=D(80)),
                                                                       TierLevel(id="rest", label="其余"))))
raw_values = st.one_of(st.none(), st.integers(0, 1200).map(lambda n: str(D(n) / 10)), st.sampled_from(["0", "5", "60"]))
small = st.integers(0, 30).map(lambda n: str(D(n) / 10))


@st.composite
def boards_to_permute(draw: st.DrawFn) -> tuple[list[Unit], dict[str, dict[str, str | None]], list[str], dict[str, str],
                                                RuleSet]:
    count = draw(st.integers(1, 8))
    units = [unit(f"u{n}", draw(st.sampled_from(["dept", "town"])), draw(st.integers(0, 3))) for n in range(count)]
    present = draw(st.lists(st.sampled_from([u.id for u in units]), min_size=1, unique=True))
    values = {u: {i: draw(raw_values) for i in INDICATORS} for u in present}
    bonus = {u: draw(small) for u in present}
    the_rules = RuleSet(
        scoring=Scoring(normalize=draw(st.sampled_from(["raw", "minmax", "efficacy", "target"])),
                        decimals=draw(st.integers(0, 3)), categories=draw(st.sampled_from([THREE_CATEGORIES, None]))),
        ranking=Ranking(ties=draw(st.sampled_from(["min", "dense"])), within=draw(st.sampled_from(["kind", ""]))),
        tiers=draw(st.sampled_from(TIER_CHOICES)),
    )
    return units, values, draw(st.permutations(present)), bonus, the_rules


def summary(b: UnitBoard) -> tuple[object, ...]:
    columns = [c for c in b.rows.columns if c not in ("row",)]
    return (rows_of(b, *columns), b.absent, b.groups,
            sorted(map(tuple, b.parts.drop(columns=[]).astype(str).to_numpy().tolist())))


@settings(max_examples=60, deadline=None)
@given(boards_to_permute())
def test_board_is_unchanged_by_the_order_of_rows_in_the_file(case: tuple[list[Unit], dict[str, dict[str, str | None]],
                                                                         list[str], dict[str, str], RuleSet]) -> None:
    units, values, permuted, bonus, the_rules = case

    def make(order: list[str]) -> UnitBoard:
        s = sheet("2025", tuple(INDICATORS), {u: values[u] for u in order}, bonus=bonus, indicators=INDICATORS,
                  units=units)
        return board(s, units, INDICATORS, the_rules)

    first, second = make(list(values)), make(permuted)
    # the same scores, ranks, tiers, explanations, and even the same listing order (only the file row differs)
    assert summary(first) == summary(second)
    # listing follows the rules: by group (units.csv order), then rank, then order, then id
    order = {u.id: (u.order, u.id) for u in units}
    group_index = {g: n for n, g in enumerate(first.groups)}
    keys = [(group_index[g], r, order[u]) for u, g, r in rows_of(first, "unit_id", "group", "rank")]  # type: ignore[index]
    assert keys == sorted(keys)
