"""generator.rules.tiers: levels by rank, percentile or score (SPEC 3.3). Levels with a condition from the top
are tried best first, those with a condition from the bottom worst first; the unconditioned level takes the rest."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.config import TierLevel, Tiers
from generator.rules.tiers import TierColumns, assign_tiers, is_best, is_worst
from tests.rules.builders import rank_tiers

D = Decimal
FAST = settings(max_examples=150, deadline=None)


def tiers_of(tiers: Tiers, ranks: list[int], size: int | list[int], scores: list[float] | None = None) -> TierColumns:
    sizes = size if isinstance(size, list) else [size] * len(ranks)
    return assign_tiers(tiers, np.array(ranks, dtype="int64"), np.array(sizes, dtype="int64"),
                        None if scores is None else np.array(scores, dtype="float64"))


def levels(tiers: Tiers, ranks: list[int], size: int, scores: list[float] | None = None) -> list[str]:
    return list(tiers_of(tiers, ranks, size, scores).level)


def percentile(top: int = 30, bottom: int = 30) -> Tiers:
    return Tiers(basis="percentile", levels=(TierLevel(id="green", label="绿", top_pct=D(top)),
                                             TierLevel(id="yellow", label="黄"),
                                             TierLevel(id="red", label="红", bottom_pct=D(bottom))))


def test_tiers_by_rank() -> None:
    tiers = rank_tiers(top=4, bottom=3)
    # 10 rows: top 4 → ranks 1–4 green; bottom 3 → rank > 10 − 3 = 7 → 8–10 red; 5–7 yellow
    decided = tiers_of(tiers, list(range(1, 11)), 10)
    assert list(decided.level) == ["green"] * 4 + ["yellow"] * 3 + ["red"] * 3
    # what placed each row: the condition and its bound (rank ≤ 4; rank > 7), nothing for the rest
    assert (decided.condition[0], decided.threshold[0]) == ("top", 4)
    assert (decided.condition[8], decided.threshold[8]) == ("bottom", 7)
    assert (decided.condition[5], decided.threshold[5]) == ("", None)


def test_tiers_by_percentile() -> None:
    tiers = percentile()
    # group of 7: top_pct 30 → rank ≤ ceil(2.1) = 3; bottom_pct 30 → rank > 7 − 3 = 4
    decided = tiers_of(tiers, list(range(1, 8)), 7)
    assert list(decided.level) == ["green", "green", "green", "yellow", "red", "red", "red"]
    assert decided.threshold[0] == 3 and decided.threshold[5] == 4
    # group of 10: ceil(3) = 3 → 1–3 green, 4–7 yellow, 8–10 red
    assert levels(tiers, list(range(1, 11)), 10) == ["green"] * 3 + ["yellow"] * 4 + ["red"] * 3
    # 28% of 25 is exactly 7 (not 7.000000000000001, whose ceil would be 8): ranks 1–7 green
    assert levels(percentile(28, 28), list(range(1, 26)), 25).count("green") == 7


def test_tiers_by_score() -> None:
    tiers = Tiers(basis="score", levels=(TierLevel(id="a", label="A", min_score=D(90)),
                                         TierLevel(id="b", label="B", min_score=D(80)), TierLevel(id="c", label="C")))
    # min_score is inclusive: 90 → A; 89.99 → B; 80 → B; 79.99 → C; rank and size do not matter
    decided = tiers_of(tiers, [5, 1, 1, 1, 1], 5, [90.0, 89.99, 80.0, 79.99, 95.0])
    assert list(decided.level) == ["a", "b", "b", "c", "a"]
    assert decided.threshold[4] == 90 and decided.condition[1] == "min_score"


def test_score_bounds_compare_as_decimals() -> None:
    # A bound written with more digits than a float holds: 90.000000000000000001 is above a score of 90.00,
    # though both are the same float. Compared as decimals, 90.00 does not reach it.
    tiers = Tiers(basis="score", levels=(TierLevel(id="good", label="好", min_score=D("90.000000000000000001")),
                                         TierLevel(id="rest", label="其余")))
    assert float(D("90.000000000000000001")) == 90.0
    assert levels(tiers, [1, 2], 2, [90.0, 90.01]) == ["rest", "good"]


def test_default_tiers() -> None:
    tiers = Tiers()
    # percentile, green top_pct 30, yellow the rest, red bottom_pct 30
    assert tiers.basis == "percentile"
    assert [(lv.id, lv.condition) for lv in tiers.levels] == [("green", ("top_pct", D(30))), ("yellow", None),
                                                               ("red", ("bottom_pct", D(30)))]
    # 25 units: ceil(7.5) = 8 → 1–8 green, 9–17 yellow, rank > 25 − 8 = 17 → 18–25 red
    assert levels(tiers, list(range(1, 26)), 25) == ["green"] * 8 + ["yellow"] * 9 + ["red"] * 8
    # 2 units: ceil(0.6) = 1 → rank 1 green, rank > 2 − 1 red; 1 unit: rank 1 ≤ 1 → green (top first)
    assert levels(tiers, [1, 2], 2) == ["green", "red"]
    assert levels(tiers, [1], 1) == ["green"]


def test_top_conditions_are_tried_before_bottom_ones() -> None:
    # a group of 3 with top 4 and bottom 3: every rank meets both → the top level, green
    assert levels(rank_tiers(4, 3), [1, 2, 3], 3) == ["green"] * 3
    # a group of 5 with top 3 and bottom 3: ranks 1–3 green (top first), 4–5 red (rank > 2), nobody yellow
    assert levels(rank_tiers(3, 3), [1, 2, 3, 4, 5], 5) == ["green", "green", "green", "red", "red"]


def test_the_unconditioned_level_takes_only_what_no_other_claimed() -> None:
    # it may come first in the list: it still only takes what no other level claimed
    tiers = Tiers(basis="rank", levels=(TierLevel(id="ok", label="合格"), TierLevel(id="bad", label="末位", bottom=1)))
    assert levels(tiers, [1, 2, 3, 4], 4) == ["ok", "ok", "ok", "bad"]


YICHANG = Tiers(basis="rank", levels=(
    TierLevel(id="plus60", label="+60万", top=1), TierLevel(id="plus50", label="+50万", top=2),
    TierLevel(id="none", label="不奖不罚"),
    TierLevel(id="minus50", label="−50万", bottom=2), TierLevel(id="minus60", label="−60万", bottom=1),
))


def test_reward_and_penalty_bands_read_best_first() -> None:
    # 宜昌 practice, 6 units: +60万 top 1 takes rank 1; +50万 top 2 takes rank 2 (rank 1 is taken);
    # bottom levels worst first: −60万 bottom 1 takes rank > 5 (6); −50万 bottom 2 takes rank > 4 (5; 6 is
    # taken); 3 and 4 不奖不罚
    decided = tiers_of(YICHANG, [1, 2, 3, 4, 5, 6], 6)
    assert list(decided.level) == ["plus60", "plus50", "none", "none", "minus50", "minus60"]
    assert list(decided.threshold) == [1, 2, None, None, 4, 5]


def test_reward_and_penalty_bands_overlap_in_small_groups() -> None:
    # 2 units: rank 2 meets +50万 (top 2) and −60万 (rank > 1): top conditions go first → +50万
    assert levels(YICHANG, [1, 2], 2) == ["plus60", "plus50"]
    # 3 units: rank 3 meets −60万 (rank > 2) and −50万 (rank > 1) only: worst first → −60万
    assert levels(YICHANG, [1, 2, 3], 3) == ["plus60", "plus50", "minus60"]
    # 4 units: rank 3 > 4 − 2 → −50万; rank 4 > 3 → −60万
    assert levels(YICHANG, [1, 2, 3, 4], 4) == ["plus60", "plus50", "minus50", "minus60"]


def test_ties_in_reward_and_penalty_bands() -> None:
    # competition ranks: two tied first (1, 1) both take +60万; the next is rank 3, +50万 (rank ≤ 2) is empty
    assert levels(YICHANG, [1, 1, 3, 4, 5, 6], 6) == ["plus60", "plus60", "none", "none", "minus50", "minus60"]
    # two tied last at competition rank 5 of 6: rank 5 is not > 6 − 1, so −60万 is empty, and both meet
    # −50万 (rank > 4). (SPEC's formula `rank > group size − N`, as written; see the report on this case.)
    assert levels(YICHANG, [1, 2, 3, 4, 5, 5], 6) == ["plus60", "plus50", "none", "none", "minus50", "minus50"]


def test_groups_of_different_sizes_in_one_call() -> None:
    # percentile bounds per group size: of 10 → top 3 / rank > 7; of 4 → ceil(1.2) = 2 / rank > 2
    decided = tiers_of(percentile(), [3, 4, 8, 2, 3], [10, 10, 10, 4, 4])
    assert list(decided.level) == ["green", "yellow", "red", "green", "red"]
    assert list(decided.threshold) == [3, None, 7, 2, 2]


def test_best_and_worst_levels() -> None:
    # the first level is the best and the last the worst, whatever their colours or conditions
    assert is_best(YICHANG, "plus60") and not is_best(YICHANG, "plus50")
    assert is_worst(YICHANG, "minus60") and not is_worst(YICHANG, "none")
    ok_first = Tiers(basis="rank", levels=(TierLevel(id="ok", label="合格"), TierLevel(id="bad", label="末位", bottom=1)))
    assert is_best(ok_first, "ok") and is_worst(ok_first, "bad")


# ----------------------------------------------------------------------------------- properties


def spec_tier(tiers: Tiers, rank: int, size: int, score: Fraction) -> str:
    """SPEC 3.3 word for word, one row at a time."""
    def meets(level: TierLevel) -> bool:
        assert level.condition is not None
        name, value = level.condition
        if name == "top":
            return rank <= int(value)
        if name == "bottom":
            return rank > size - int(value)
        if name == "top_pct":
            return rank <= math.ceil(Fraction(value) / 100 * size)
        if name == "bottom_pct":
            return rank > size - math.ceil(Fraction(value) / 100 * size)
        return score >= Fraction(value)

    for level in tiers.levels:
        if level.condition is not None and level.condition[0] in ("top", "top_pct", "min_score") and meets(level):
            return level.id
    for level in reversed(tiers.levels):
        if level.condition is not None and level.condition[0] in ("bottom", "bottom_pct") and meets(level):
            return level.id
    return next(level.id for level in tiers.levels if level.condition is None)


@st.composite
def tier_configs(draw: st.DrawFn, ordered: bool) -> Tiers:
    """Any number of levels of one basis; `ordered`: tops, then the rest, then bottoms (as offices list them);
    else in any order."""
    basis = draw(st.sampled_from(["rank", "percentile", "score"]))
    if basis == "rank":
        top, bottom = ("top", st.integers(1, 20)), ("bottom", st.integers(1, 20))
    elif basis == "percentile":
        top = ("top_pct", st.integers(1, 100).map(D) | st.sampled_from([D("33.3"), D("28"), D("12.5")]))
        bottom = ("bottom_pct", top[1])
    else:
        top, bottom = ("min_score", st.integers(0, 60).map(lambda n: D(n) / 2)), None
    tops = [TierLevel(id=f"t{n}", label=f"T{n}", **{top[0]: v}) for n, v in enumerate(draw(st.lists(top[1], max_size=3)))]
    bottoms = [TierLevel(id=f"b{n}", label=f"B{n}", **{bottom[0]: v})
               for n, v in enumerate(draw(st.lists(bottom[1], max_size=3)))] if bottom else []
    rest = TierLevel(id="rest", label="其余")
    listed = [*tops, rest, *bottoms]
    return Tiers(basis=basis, levels=tuple(listed if ordered else draw(st.permutations(listed))))


def competition(values: list[Fraction]) -> list[int]:
    return [1 + sum(other > value for other in values) for value in values]


@FAST
@given(tier_configs(ordered=False), st.lists(st.integers(0, 60).map(lambda n: Fraction(n, 2)), min_size=1, max_size=20))
def test_tiers_follow_the_spec_row_by_row(tiers: Tiers, values: list[Fraction]) -> None:
    ranks = competition(values)
    got = levels(tiers, ranks, len(values), [float(v) for v in values])
    assert got == [spec_tier(tiers, r, len(values), v) for r, v in zip(ranks, values, strict=True)]


@FAST
@given(tier_configs(ordered=True), st.lists(st.integers(0, 60).map(lambda n: Fraction(n, 2)), min_size=1, max_size=20))
def test_a_tier_never_gets_better_as_the_row_gets_worse(tiers: Tiers, values: list[Fraction]) -> None:
    # levels listed best first (tops, rest, bottoms): a worse rank (or, by score, a lower score) never gets a
    # better level, and tied rows share their level
    ranks = competition(values)
    decided = tiers_of(tiers, ranks, len(values), [float(v) for v in values])
    position = [tiers.position(level) for level in decided.level]
    for i in range(len(values)):
        for j in range(len(values)):
            if ranks[i] < ranks[j]:
                assert position[i] <= position[j]
            if ranks[i] == ranks[j]:
                assert position[i] == position[j]
    # every row has exactly one level, and the rest level takes exactly the rows no condition claimed
    for n, level in enumerate(decided.level):
        assert (level == "rest") == (decided.condition[n] == "") == (decided.threshold[n] is None)


@FAST
@given(st.integers(1, 40), st.integers(1, 100), st.integers(1, 100))
def test_percentile_bands_cover_the_promised_ranks(size: int, top_pct: int, bottom_pct: int) -> None:
    green, red = math.ceil(Fraction(top_pct, 100) * size), math.ceil(Fraction(bottom_pct, 100) * size)
    got = levels(percentile(top_pct, bottom_pct), list(range(1, size + 1)), size)
    expected = ["green" if r <= green else "red" if r > size - red else "yellow" for r in range(1, size + 1)]
    assert got == expected
    # at least one row is green, and never fewer than p% of the group
    assert got.count("green") >= max(1, math.ceil(top_pct * size / 100))
