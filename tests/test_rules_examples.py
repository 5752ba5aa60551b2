"""Worked examples for every rule of SPEC section 3, each expected value computed by hand.

Pure functions only: the dataclasses of `generator.model` and the pydantic models of `generator.config`
are built directly, no file is read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from generator.config import (
    Category,
    Flag,
    GradeBand,
    Grades,
    Quota,
    Ranking,
    RuleSet,
    Scoring,
    SiteConfig,
    TierLevel,
    Tiers,
)
from generator.model import (
    Content,
    Indicator,
    ResultSheet,
    StandingEntry,
    StandingsSheet,
    Task,
    Unit,
    UnitEntry,
)
from generator.periods import Period
from generator.rules import compute
from generator.rules.boards import compute_unit_board
from generator.rules.flags import evaluate_flag
from generator.rules.grades import check_registered, derive_grades, excess_by_score, quota_limit
from generator.rules.numbers import percent_count, round_half_up, share_count
from generator.rules.ranking import competition_ranks, dense_ranks, rank_change, ranks
from generator.rules.scoring import category_of, composite, final_score, minmax_peers, normalise
from generator.rules.standings import compute_standings_board
from generator.rules.tasks import task_warning
from generator.rules.tiers import tier_for

D = Decimal


# ----------------------------------------------------------------------------------- builders


def ind(
    id: str,
    category: str = "party",
    weight: str = "1",
    direction: str = "higher",
    target: str | None = None,
    floor: str | None = None,
    applies_to: tuple[str, ...] = (),
) -> Indicator:
    return Indicator(
        id=id,
        name=id.upper(),
        category=category,
        weight=D(weight),
        direction=direction,
        unit="",
        target=D(target) if target is not None else None,
        floor=D(floor) if floor is not None else None,
        responsible=(),
        applies_to=frozenset(applies_to),
    )


def unit(id: str, kind: str = "dept", order: int = 0) -> Unit:
    return Unit(id=id, name=id, kind=kind, short_name=id, order=order, columns={"id": id, "kind": kind})


def sheet(
    period: str,
    indicator_ids: tuple[str, ...],
    values: dict[str, dict[str, str | None]],
    bonus: dict[str, str] | None = None,
    penalty: dict[str, str] | None = None,
) -> ResultSheet:
    entries = tuple(
        UnitEntry(
            unit_id=unit_id,
            values={i: (D(v) if v is not None else None) for i, v in row.items()},
            bonus=D((bonus or {}).get(unit_id, "0")),
            penalty=D((penalty or {}).get(unit_id, "0")),
            note="",
            row=number,
        )
        for number, (unit_id, row) in enumerate(values.items(), start=2)
    )
    return ResultSheet(Period.parse(period), "main", f"results/{period}.csv", indicator_ids, entries)


def rank_tiers(top: int = 4, bottom: int = 3) -> Tiers:
    return Tiers(
        basis="rank",
        levels=(
            TierLevel(id="green", label="绿", top=top),
            TierLevel(id="yellow", label="黄"),
            TierLevel(id="red", label="红", bottom=bottom),
        ),
    )


def rules(
    normalize: str = "raw",
    ties: str = "min",
    within: str = "kind",
    tiers: Tiers | None = None,
    categories: tuple[Category, ...] | None = None,
    midterm_weight: str | None = None,
    decimals: int = 2,
) -> RuleSet:
    return RuleSet(
        scoring=Scoring(
            normalize=normalize,
            decimals=decimals,
            categories=categories,
            midterm_weight=D(midterm_weight) if midterm_weight is not None else None,
        ),
        ranking=Ranking(ties=ties, within=within),
        tiers=tiers if tiers is not None else Tiers(),
    )


THREE_CATEGORIES = (
    Category(id="party", name="党的建设", weight=D("0.30")),
    Category(id="industry", name="主导产业", weight=D("0.35")),
    Category(id="tasks", name="部门任务", weight=D("0.35")),
)

SCORE_ONLY = {"s": ind("s")}  # one raw indicator: the value is the score


def board_of(scores: dict[str, str], units: list[Unit], the_rules: RuleSet, **kwargs):
    """A board on the single raw indicator `s`: each unit's score is its value."""
    return compute_unit_board(
        sheet(kwargs.pop("period", "2025"), ("s",), {u: {"s": v} for u, v in scores.items()}),
        "title",
        units,
        SCORE_ONLY,
        the_rules,
        **kwargs,
    )


def by_unit(board) -> dict[str, tuple[str, int, str]]:
    return {row.unit_id: (str(row.score), row.rank, row.tier.level.id) for row in board.rows}


# ---------------------------------------------------------------------- 3.1.5 rounding, shares


def test_round_half_up_in_decimal_arithmetic():
    # 89.995 is exactly half way between 89.99 and 90.00: half away from zero → 90.00
    assert str(round_half_up(D("89.995"), 2)) == "90.00"
    # 2.675 as a decimal is a true half → 2.68; the binary float 2.675 is 2.67499999… so round() gives 2.67
    assert round_half_up(D("2.675"), 2) == D("2.68")
    assert round(2.675, 2) == 2.67
    # half away from zero also for negatives (a penalty larger than the composite): −2.675 → −2.68
    assert round_half_up(D("-2.675"), 2) == D("-2.68")
    # not banker's rounding: 2.5 → 3 and 0.125 → 0.13 (float round gives 2 and 0.12)
    assert round_half_up(D("2.5"), 0) == D("3")
    assert round_half_up(D("0.125"), 2) == D("0.13")
    assert round(2.5) == 2 and round(0.125, 2) == 0.12
    # below the half rounds down: 89.99499 → 89.99
    assert round_half_up(D("89.99499"), 2) == D("89.99")
    # decimals = 1: 84.25 → 84.3; decimals = 0: 84.5 → 85; padding: 85 with 2 decimals shows "85.00"
    assert round_half_up(D("84.25"), 1) == D("84.3")
    assert round_half_up(D("84.5"), 0) == D("85")
    assert str(round_half_up(D("85"), 2)) == "85.00"


def test_shares_are_exact():
    # 28% of 25 = 7 exactly; in binary floats 0.28 × 25 = 7.000000000000001, whose ceil would be 8
    assert 0.28 * 25 != 7
    assert share_count(D("0.28"), 25, "floor") == 7
    assert share_count(D("0.28"), 25, "round") == 7
    assert share_count(D("0.28"), 25, "ceil") == 7
    # 29% of 100 = 29; floats give 0.29 × 100 = 28.999999999999996, whose floor would be 28
    assert share_count(D("0.29"), 100, "floor") == 29
    # group of 7 with 30%: 2.1 → floor 2, round 2, ceil 3
    assert share_count(D("0.30"), 7, "floor") == 2
    assert share_count(D("0.30"), 7, "round") == 2
    assert share_count(D("0.30"), 7, "ceil") == 3
    # a true half rounds up: 50% of 5 = 2.5 → round 3 (floor 2, ceil 3)
    assert share_count(D("0.5"), 5, "round") == 3
    assert share_count(D("0.5"), 5, "floor") == 2
    # 30% of 10 = 3 exactly: ceil stays 3
    assert share_count(D("0.3"), 10, "ceil") == 3


def test_percent_count():
    # top_pct = 30 of 7: ceil(2.1) = 3; of 10: ceil(3) = 3; of 25: ceil(7.5) = 8; 28% of 25: exactly 7
    assert percent_count(D(30), 7) == 3
    assert percent_count(D(30), 10) == 3
    assert percent_count(D(30), 25) == 8
    assert percent_count(D(28), 25) == 7
    # a group of 1: ceil(0.3) = 1
    assert percent_count(D(30), 1) == 1


# ----------------------------------------------------------------------- 3.1.1 normalisations


def test_normalise_raw_is_unclipped():
    # raw: the value is the score, even above 100 or below 0
    assert normalise("raw", D("123.4"), ind("a"), []) == D("123.4")
    assert normalise("raw", D("-5"), ind("a"), []) == D("-5")


def test_normalise_minmax_higher_and_lower():
    peers = [D(60), D(80), D(100)]
    higher, lower = ind("a"), ind("b", direction="lower")
    # higher: (x − min)/(max − min) × 100: 80 → (80−60)/(100−60) × 100 = 50; 60 → 0; 100 → 100
    assert normalise("minmax", D(80), higher, peers) == 50
    assert normalise("minmax", D(60), higher, peers) == 0
    assert normalise("minmax", D(100), higher, peers) == 100
    # 70 → (70 − 60)/40 × 100 = 25
    assert normalise("minmax", D(70), higher, peers) == 25
    # lower is better, reversed: (max − x)/(max − min) × 100: 60 → 100; 70 → 30/40 × 100 = 75; 100 → 0
    assert normalise("minmax", D(60), lower, peers) == 100
    assert normalise("minmax", D(70), lower, peers) == 75
    assert normalise("minmax", D(100), lower, peers) == 0


def test_normalise_minmax_all_equal_is_100():
    # max = min: nothing to tell the units apart → every unit gets 100, in both directions
    assert normalise("minmax", D(70), ind("a"), [D(70), D(70), D(70)]) == 100
    assert normalise("minmax", D(70), ind("b", direction="lower"), [D(70), D(70)]) == 100
    # a unit alone in its group: min = max = its value → 100
    assert normalise("minmax", D(3), ind("a"), [D(3)]) == 100


def test_normalise_efficacy_higher():
    indicator = ind("a", target="100", floor="60")
    # floor 60, target 100, x = 85 → 60 + 40 × (85−60)/(100−60) = 60 + 40 × 0.625 = 60 + 25 = 85
    assert normalise("efficacy", D(85), indicator, []) == 85
    # x = 70 → 60 + 40 × 10/40 = 70
    assert normalise("efficacy", D(70), indicator, []) == 70
    # below the floor: x = 50 → ratio −0.25 clipped to 0 → 60 (never below 60)
    assert normalise("efficacy", D(50), indicator, []) == 60
    # above the target: x = 120 → ratio 1.5 clipped to 1 → 100 (never above 100)
    assert normalise("efficacy", D(120), indicator, []) == 100
    # the bounds themselves: floor → 60, target → 100
    assert normalise("efficacy", D(60), indicator, []) == 60
    assert normalise("efficacy", D(100), indicator, []) == 100
    # floor 0, target 200, x = 50 → 60 + 40 × 50/200 = 60 + 10 = 70
    assert normalise("efficacy", D(50), ind("b", target="200", floor="0"), []) == 70


def test_normalise_efficacy_lower_is_better():
    # lower is better: floor 10 (worst), target 2 (best); the same formula serves since both differences flip sign
    indicator = ind("a", direction="lower", target="2", floor="10")
    # x = 4 → 60 + 40 × (4−10)/(2−10) = 60 + 40 × 0.75 = 90
    assert normalise("efficacy", D(4), indicator, []) == 90
    # x = 12, worse than the floor → ratio (12−10)/(2−10) = −0.25 → clipped 0 → 60
    assert normalise("efficacy", D(12), indicator, []) == 60
    # x = 1, better than the target → ratio 9/8 → clipped 1 → 100
    assert normalise("efficacy", D(1), indicator, []) == 100
    # x = 6 → 60 + 40 × (−4)/(−8) = 80
    assert normalise("efficacy", D(6), indicator, []) == 80


def test_normalise_target_higher():
    indicator = ind("a", target="200")
    # 100 × min(x/target, 1): 150 → 100 × 0.75 = 75; 250 → capped at 100; 200 → 100
    assert normalise("target", D(150), indicator, []) == 75
    assert normalise("target", D(250), indicator, []) == 100
    assert normalise("target", D(200), indicator, []) == 100
    # x = 0 → 0; a negative x would give a negative share: never below 0
    assert normalise("target", D(0), indicator, []) == 0
    assert normalise("target", D(-10), indicator, []) == 0


def test_normalise_target_lower_is_better():
    indicator = ind("a", direction="lower", target="4")
    # 100 × min(target/x, 1): x = 5 → 100 × 4/5 = 80; x = 8 → 50; x = 2 (better than target) → 100
    assert normalise("target", D(5), indicator, []) == 80
    assert normalise("target", D(8), indicator, []) == 50
    assert normalise("target", D(2), indicator, []) == 100
    # x = 0 (no accidents at all) → 100, not a division by zero
    assert normalise("target", D(0), indicator, []) == 100
    # x negative: target/x < 0 → never below 0
    assert normalise("target", D(-1), indicator, []) == 0


# ------------------------------------------------------------------------------ 3.1.2 composite


def test_composite_category_and_indicator_weights():
    indicators = {
        "p1": ind("p1", "party", weight="2"),
        "p2": ind("p2", "party", weight="1"),
        "i1": ind("i1", "industry"),
        "t1": ind("t1", "tasks"),
    }
    scoring = Scoring(normalize="raw", categories=THREE_CATEGORIES)
    values = {"p1": D(90), "p2": D(60), "i1": D(80), "t1": D(70)}
    total, parts, weights = composite(values, indicators, scoring, {})
    # party = (2 × 90 + 1 × 60)/3 = 80; composite = 0.30 × 80 + 0.35 × 80 + 0.35 × 70 = 24 + 28 + 24.5 = 76.5
    assert total == D("76.5")
    # effective weights: p1 = 0.30 × 2/3 = 0.2, p2 = 0.30 × 1/3 = 0.1, i1 = 0.35, t1 = 0.35
    weight = {p.indicator_id: p.weight for p in parts}
    assert weight["p1"] == D("0.2")
    assert weight["i1"] == D("0.35") and weight["t1"] == D("0.35")
    assert round_half_up(weight["p2"], 10) == D("0.1")
    # contributions: p1 0.2 × 90 = 18; i1 0.35 × 80 = 28; t1 0.35 × 70 = 24.5
    contribution = {p.indicator_id: p.contribution for p in parts}
    assert contribution["p1"] == 18 and contribution["i1"] == 28 and contribution["t1"] == D("24.5")
    assert dict(weights) == {"party": D("0.30"), "industry": D("0.35"), "tasks": D("0.35")}


def test_composite_category_weights_renormalised_when_a_category_does_not_apply():
    # The unit has 不适用 for the whole 主导产业 category: party and tasks share the weight 0.30 + 0.35 = 0.65.
    indicators = {
        "p1": ind("p1", "party"),
        "i1": ind("i1", "industry"),
        "t1": ind("t1", "tasks"),
        "t2": ind("t2", "tasks"),
    }
    scoring = Scoring(normalize="raw", categories=THREE_CATEGORIES)
    values = {"p1": D("74.39"), "i1": None, "t1": D("56.48"), "t2": D("58.37")}
    total, parts, weights = composite(values, indicators, scoring, {})
    # tasks = (56.48 + 58.37)/2 = 57.425
    # composite = (0.30 × 74.39 + 0.35 × 57.425)/0.65 = (22.317 + 20.09875)/0.65 = 42.41575/0.65 = 65.255 exactly
    assert total == D("65.255")
    # half away from zero: 65.255 → 65.26 (the weights 6/13 and 7/13 are not finite decimals: the sum must
    # not come out as 65.25499… and round down)
    explain = final_score(total, parts, weights, scoring, D(0), D(0))
    assert explain.score == D("65.26")
    # category weights over the unit's categories: 0.30/0.65 = 6/13, 0.35/0.65 = 7/13
    category_weight = dict(weights)
    assert set(category_weight) == {"party", "tasks"}
    assert round_half_up(category_weight["party"], 6) == D("0.461538")
    assert round_half_up(category_weight["tasks"], 6) == D("0.538462")
    # the 不适用 indicator carries no weight and no normalised value
    i1 = next(p for p in parts if p.indicator_id == "i1")
    assert (i1.raw, i1.normalised, i1.weight, i1.contribution) == (None, None, 0, 0)


def test_composite_indicator_weights_within_a_category_use_only_counted_indicators():
    # one category, weights 3 / 1 / 1, the weight-1 indicator b is 不适用: a and c share 3 + 1 = 4
    indicators = {"a": ind("a", weight="3"), "b": ind("b"), "c": ind("c")}
    scoring = Scoring(normalize="raw", categories=(Category(id="party", name="党建", weight=D(1)),))
    total, parts, _ = composite({"a": D(80), "b": None, "c": D(60)}, indicators, scoring, {})
    # (3 × 80 + 1 × 60)/4 = 300/4 = 75
    assert total == 75
    assert {p.indicator_id: p.weight for p in parts} == {"a": D("0.75"), "b": 0, "c": D("0.25")}


def test_composite_without_categories_weighs_every_category_the_same():
    indicators = {"x": ind("x", "A"), "y1": ind("y1", "B"), "y2": ind("y2", "B")}
    total, _, weights = composite({"x": D(90), "y1": D(70), "y2": D(80)}, indicators, Scoring(normalize="raw"), {})
    # A = 90, B = (70 + 80)/2 = 75; each category 1/2 → (90 + 75)/2 = 82.5
    assert total == D("82.5")
    assert dict(weights) == {"A": D("0.5"), "B": D("0.5")}


def test_category_matches_by_id_or_name():
    assert category_of(ind("a", "党的建设"), THREE_CATEGORIES).id == "party"
    assert category_of(ind("a", "industry"), THREE_CATEGORIES).id == "industry"
    with pytest.raises(KeyError):
        category_of(ind("a", "不存在"), THREE_CATEGORIES)


def test_composite_normalises_with_the_configured_method():
    indicators = {"e": ind("e", "party", target="100", floor="60"), "t": ind("t", "tasks", direction="lower", target="4")}
    scoring = Scoring(normalize="efficacy", categories=(
        Category(id="party", name="党建", weight=D(1)), Category(id="tasks", name="任务", weight=D(3)),
    ))
    # efficacy only for "e" (t has target but no floor: use the target method for it separately below)
    total, parts, _ = composite({"e": D(85)}, indicators, scoring, {})
    # only party counts → its weight is normalised to 1: 60 + 40 × 25/40 = 85
    assert total == 85
    scoring = Scoring(normalize="target", categories=scoring.categories)
    total, parts, _ = composite({"e": D(50), "t": D(5)}, indicators, scoring, {})
    # target: e = 100 × 50/100 = 50 (weight 1/4); t = 100 × 4/5 = 80 (weight 3/4) → 12.5 + 60 = 72.5
    assert total == D("72.5")
    assert {p.indicator_id: p.normalised for p in parts} == {"e": 50, "t": 80}


# ----------------------------------------------------------- 3.1.3–5 midterm, bonus, rounding


def test_bonus_and_penalty():
    scoring = Scoring(normalize="raw")
    # 76.5 + bonus 2 − penalty 0.5 = 78 → "78.00"
    explain = final_score(D("76.5"), (), (), scoring, D(2), D("0.5"))
    assert explain.unrounded == 78
    assert str(explain.score) == "78.00"
    # a penalty only: 76.5 − 1.25 = 75.25
    assert final_score(D("76.5"), (), (), scoring, D(0), D("1.25")).score == D("75.25")


def test_midterm_blend():
    scoring = Scoring(normalize="raw", midterm_weight=D("0.2"))
    # (1 − 0.2) × 80 + 0.2 × 90 = 64 + 18 = 82; + bonus 1 = 83
    explain = final_score(D(80), (), (), scoring, D(1), D(0), midterm_composite=D(90))
    assert explain.blended == 82
    assert explain.score == D("83.00")
    assert explain.midterm_weight == D("0.2") and explain.midterm_composite == 90
    # w = 0.3: 0.7 × 85.5 + 0.3 × 70.25 = 59.85 + 21.075 = 80.925 → 80.93 (half up)
    scoring = Scoring(normalize="raw", midterm_weight=D("0.3"))
    assert final_score(D("85.5"), (), (), scoring, D(0), D(0), D("70.25")).score == D("80.93")
    # without an H1 composite the year's composite stands alone
    assert final_score(D(80), (), (), scoring, D(0), D(0)).score == D("80.00")


def test_midterm_blend_on_a_board_uses_the_h1_composite_before_bonus():
    units = [unit("a"), unit("b")]
    the_rules = rules(midterm_weight="0.2", within="")
    board = compute_unit_board(
        sheet("2025", ("s",), {"a": {"s": "80"}, "b": {"s": "85"}}, bonus={"a": "1"}),
        "t", units, SCORE_ONLY, the_rules, midterm={"a": D(90), "b": D(60)},
    )
    # a: 0.8 × 80 + 0.2 × 90 = 82, + 1 = 83; b: 0.8 × 85 + 0.2 × 60 = 68 + 12 = 80
    assert by_unit(board) == {"a": ("83.00", 1, "green"), "b": ("80.00", 2, "red")}


def test_rounding_happens_before_ranking():
    units = [unit("a", order=1), unit("b", order=2), unit("c", order=3)]
    board = board_of({"a": "89.995", "b": "90.004", "c": "89.994"}, units, rules(within=""))
    # a: 89.995 → 90.00; b: 90.004 → 90.00; the unrounded scores differ but both show 90.00: they tie at 1;
    # c: 89.994 → 89.99, rank 3
    assert [(r.unit_id, str(r.score), r.rank) for r in board.rows] == [
        ("a", "90.00", 1),
        ("b", "90.00", 1),
        ("c", "89.99", 3),
    ]
    assert board.row("b").explain.unrounded == D("90.004")


def test_decimals_setting():
    # decimals = 1: 84.25 → 84.3 and 84.34 → 84.3 tie
    board = board_of({"a": "84.25", "b": "84.34"}, [unit("a"), unit("b")], rules(within="", decimals=1))
    assert [(r.unit_id, str(r.score), r.rank) for r in board.rows] == [("a", "84.3", 1), ("b", "84.3", 1)]


# ------------------------------------------------------------------------------------ 3.2 rank


def test_competition_and_dense_ranks():
    # min (Excel RANK): 90, 80, 80, 70 → 1, 2, 2, 4; dense → 1, 2, 2, 3
    scores = [D(90), D(80), D(80), D(70)]
    assert competition_ranks(scores) == [1, 2, 2, 4]
    assert dense_ranks(scores) == [1, 2, 2, 3]
    assert ranks(scores, "min") == [1, 2, 2, 4]
    assert ranks(scores, "dense") == [1, 2, 2, 3]
    # input order is kept: 80, 90, 70, 80 → 2, 1, 4, 2 (min) and 2, 1, 3, 2 (dense)
    assert competition_ranks([D(80), D(90), D(70), D(80)]) == [2, 1, 4, 2]
    assert dense_ranks([D(80), D(90), D(70), D(80)]) == [2, 1, 3, 2]
    # 90.0 and 90.00 are the same score
    assert competition_ranks([D("90.0"), D("90.00"), D("89")]) == [1, 1, 3]


def test_rank_change():
    # previous 5, now 3: moved up 2; previous 3, now 5: −2; unknown on either side → None
    assert rank_change(5, 3) == 2
    assert rank_change(3, 5) == -2
    assert rank_change(4, 4) == 0
    assert rank_change(None, 3) is None
    assert rank_change(3, None) is None


def test_board_ranks_min_and_dense():
    units = [unit(u, order=n) for n, u in enumerate("abcd")]
    scores = {"a": "90", "b": "80", "c": "80", "d": "70"}
    board = board_of(scores, units, rules(within="", ties="min"))
    assert [(r.unit_id, r.rank) for r in board.rows] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]
    board = board_of(scores, units, rules(within="", ties="dense"))
    assert [(r.unit_id, r.rank, r.competition_rank) for r in board.rows] == [
        ("a", 1, 1), ("b", 2, 2), ("c", 2, 2), ("d", 3, 4),
    ]


def test_ranking_within_groups():
    units = [
        unit("d1", "dept", 1), unit("t1", "town", 2), unit("d2", "dept", 3),
        unit("t2", "town", 4), unit("d3", "dept", 5),
    ]
    scores = {"t1": "70", "d1": "80", "d2": "90", "t2": "95", "d3": "85"}
    board = board_of(scores, units, rules(within="kind", tiers=rank_tiers(top=1, bottom=1)))
    # dept: d2 90 (1), d3 85 (2), d1 80 (3); town: t2 95 (1), t1 70 (2); groups in units.csv order: dept, town
    assert [(r.unit_id, r.group, r.rank, r.group_size) for r in board.rows] == [
        ("d2", "dept", 1, 3), ("d3", "dept", 2, 3), ("d1", "dept", 3, 3),
        ("t2", "town", 1, 2), ("t1", "town", 2, 2),
    ]
    assert board.groups == ("dept", "town")
    # tiers per group: top 1 green, bottom 1 red: in dept, d3 is yellow; in town nobody is yellow
    assert {r.unit_id: r.tier.level.id for r in board.rows} == {
        "d2": "green", "d3": "yellow", "d1": "red", "t2": "green", "t1": "red",
    }
    # within = "": one group of 5
    board = board_of(scores, units, rules(within=""))
    assert [(r.unit_id, r.rank, r.group) for r in board.rows] == [
        ("t2", 1, None), ("d2", 2, None), ("d3", 3, None), ("d1", 4, None), ("t1", 5, None),
    ]


def test_tied_rows_are_listed_by_order_then_id():
    units = [unit("a", order=3), unit("b", order=1), unit("c", order=2), unit("d", order=1)]
    board = board_of({"a": "90", "b": "80", "c": "90", "d": "80"}, units, rules(within=""))
    # rank 1: c (order 2) before a (order 3); rank 3: b and d share order 1 → by id: b, d
    assert [(r.unit_id, r.rank) for r in board.rows] == [("c", 1), ("a", 1), ("b", 3), ("d", 3)]


def test_minmax_is_computed_within_the_ranking_group():
    units = [unit("d1", "dept"), unit("d2", "dept"), unit("d3", "dept"), unit("t1", "town"), unit("t2", "town")]
    indicators = {"x": ind("x")}
    board = compute_unit_board(
        sheet("2025", ("x",), {"d1": {"x": "50"}, "d2": {"x": "75"}, "d3": {"x": "100"}, "t1": {"x": "10"}, "t2": {"x": "20"}}),
        "t", units, indicators, rules(normalize="minmax"),
    )
    # dept: min 50, max 100 → 0, 50, 100; town: min 10, max 20 → 0, 100 (not 0 and ~11 over all units)
    assert {r.unit_id: r.values["x"] for r in board.rows} == {"d1": 0, "d2": 50, "d3": 100, "t1": 0, "t2": 100}
    # peers per (group, indicator), over the units that have a value (None = 不适用 is left out)
    peers = minmax_peers({"a": {"x": D(1)}, "b": {"x": None}, "c": {"x": D(3)}}, {"a": "g", "b": "g", "c": "h"})
    assert peers == {("g", "x"): [D(1)], ("h", "x"): [D(3)]}


def test_indicators_that_do_not_apply_to_a_kind_do_not_count():
    units = [unit("d", "dept"), unit("t", "town")]
    indicators = {"x": ind("x", "party"), "y": ind("y", "tasks", applies_to=("town",))}
    board = compute_unit_board(
        sheet("2025", ("x", "y"), {"d": {"x": "80", "y": "10"}, "t": {"x": "80", "y": "60"}}),
        "t", units, indicators, rules(within=""),
    )
    # d: only x counts → 80 (its y = 10 is ignored); t: (80 + 60)/2 = 70
    assert by_unit(board) == {"d": ("80.00", 1, "green"), "t": ("70.00", 2, "red")}
    assert set(board.row("d").values) == {"x"}


def test_previous_rank_and_rank_change_on_a_board():
    units = [unit(u, order=n) for n, u in enumerate("abcd")]
    the_rules = rules(within="")
    last_year = board_of({"a": "70", "b": "90", "c": "80"}, units, the_rules, period="2024")
    this_year = board_of({"a": "95", "b": "85", "c": "75", "d": "80"}, units, the_rules, previous=last_year)
    # 2024: b 1, c 2, a 3; 2025: a 1, b 2, d 3, c 4
    # a: 3 − 1 = +2; b: 1 − 2 = −1; c: 2 − 4 = −2; d was absent in 2024 → previous null, change null
    assert {r.unit_id: (r.previous_rank, r.rank, r.rank_change) for r in this_year.rows} == {
        "a": (3, 1, 2), "b": (1, 2, -1), "c": (2, 4, -2), "d": (None, 3, None),
    }
    assert last_year.absent == ("d",)


def test_previous_period_is_of_the_same_length():
    assert Period.parse("2025").previous() == Period.parse("2024")
    assert Period.parse("2025-01").previous() == Period.parse("2024-12")
    assert Period.parse("2025-Q1").previous() == Period.parse("2024-Q4")
    assert Period.parse("2025-H1").previous() == Period.parse("2024-H2")
    assert Period.parse("2025-07").previous() == Period.parse("2025-06")


def test_unit_with_nothing_counted_is_not_ranked():
    units = [unit("a", order=1), unit("b", order=2), unit("c", order=3)]
    board = compute_unit_board(
        sheet("2025", ("s",), {"a": {"s": "80"}, "b": {"s": None}}), "t", units, SCORE_ONLY, rules(within=""),
    )
    # b has only 不适用, c is absent from the file: both 未参评, listed in `order`
    assert [r.unit_id for r in board.rows] == ["a"]
    assert board.absent == ("b", "c")


# ------------------------------------------------------------------------------------ 3.3 tier


def test_tiers_by_rank():
    tiers = rank_tiers(top=4, bottom=3)
    # 10 rows: top 4 → ranks 1–4 green; bottom 3 → rank > 10 − 3 = 7 → 8–10 red; 5–7 yellow
    got = [tier_for(tiers, rank, 10).level.id for rank in range(1, 11)]
    assert got == ["green"] * 4 + ["yellow"] * 3 + ["red"] * 3
    decision = tier_for(tiers, 9, 10)
    assert (decision.condition, decision.threshold) == ("bottom", 7)
    decision = tier_for(tiers, 6, 10)
    assert (decision.level.id, decision.condition, decision.threshold) == ("yellow", None, None)


def test_tiers_by_percentile():
    tiers = Tiers(
        basis="percentile",
        levels=(
            TierLevel(id="green", label="绿", top_pct=D(30)),
            TierLevel(id="yellow", label="黄"),
            TierLevel(id="red", label="红", bottom_pct=D(30)),
        ),
    )
    # group of 7: top_pct 30 → rank ≤ ceil(2.1) = 3; bottom_pct 30 → rank > 7 − 3 = 4
    got = [tier_for(tiers, rank, 7).level.id for rank in range(1, 8)]
    assert got == ["green", "green", "green", "yellow", "red", "red", "red"]
    assert tier_for(tiers, 1, 7).threshold == 3
    assert tier_for(tiers, 6, 7).threshold == 4
    # group of 10: ceil(3) = 3 → 1–3 green, 4–7 yellow, 8–10 red
    got = [tier_for(tiers, rank, 10).level.id for rank in range(1, 11)]
    assert got == ["green"] * 3 + ["yellow"] * 4 + ["red"] * 3


def test_tiers_by_score():
    tiers = Tiers(
        basis="score",
        levels=(
            TierLevel(id="a", label="A", min_score=D(90)),
            TierLevel(id="b", label="B", min_score=D(80)),
            TierLevel(id="c", label="C"),
        ),
    )
    # min_score is inclusive: 90 → A; 89.99 → B; 80 → B; 79.99 → C; rank and size do not matter
    assert tier_for(tiers, 5, 5, D("90.00")).level.id == "a"
    assert tier_for(tiers, 1, 5, D("89.99")).level.id == "b"
    assert tier_for(tiers, 1, 5, D("80")).level.id == "b"
    assert tier_for(tiers, 1, 5, D("79.99")).level.id == "c"
    assert tier_for(tiers, 1, 5, D("95")).threshold == 90


def test_default_tiers():
    tiers = Tiers()
    # percentile, green top_pct 30, yellow the rest, red bottom_pct 30
    assert tiers.basis == "percentile"
    assert [(level.id, level.condition) for level in tiers.levels] == [
        ("green", ("top_pct", D(30))), ("yellow", None), ("red", ("bottom_pct", D(30))),
    ]
    assert RuleSet().tiers == tiers
    # 25 units: ceil(7.5) = 8 → 1–8 green, 9–17 yellow, rank > 25 − 8 = 17 → 18–25 red
    got = [tier_for(tiers, rank, 25).level.id for rank in range(1, 26)]
    assert got == ["green"] * 8 + ["yellow"] * 9 + ["red"] * 8
    # 2 units: ceil(0.6) = 1 → rank 1 green, rank > 1 red
    assert [tier_for(tiers, rank, 2).level.id for rank in (1, 2)] == ["green", "red"]


def test_first_level_in_list_order_wins():
    tiers = Tiers(
        basis="rank",
        levels=(TierLevel(id="green", label="绿", top=4), TierLevel(id="yellow", label="黄"),
                TierLevel(id="red", label="红", bottom=3)),
    )
    # a group of 3: every rank is both in the top 4 and the bottom 3 → the first listed level, green
    assert [tier_for(tiers, rank, 3).level.id for rank in (1, 2, 3)] == ["green"] * 3
    # the unconditioned level may come first in the list: it still only takes what no other level claimed
    tiers = Tiers(basis="rank", levels=(TierLevel(id="ok", label="合格"), TierLevel(id="bad", label="末位", bottom=1)))
    assert [tier_for(tiers, rank, 4).level.id for rank in (1, 2, 3, 4)] == ["ok", "ok", "ok", "bad"]


def test_tiers_use_competition_ranks_so_ties_never_empty_a_band():
    units = [unit(u, order=n) for n, u in enumerate("abcdefg")]
    scores = {"a": "95", "b": "95", "c": "95", "d": "90", "e": "85", "f": "80", "g": "75"}
    board = board_of(scores, units, rules(within="", ties="dense", tiers=rank_tiers(top=2, bottom=2)))
    # dense ranks shown: 1, 1, 1, 2, 3, 4, 5; competition ranks: 1, 1, 1, 4, 5, 6, 7
    # bottom 2 → competition rank > 7 − 2 = 5 → f and g red (with dense ranks, rank > 5 would match nobody)
    # top 2 → competition rank ≤ 2 → the three tied at 95 are all green
    assert [(r.unit_id, r.rank, r.competition_rank, r.tier.level.id) for r in board.rows] == [
        ("a", 1, 1, "green"), ("b", 1, 1, "green"), ("c", 1, 1, "green"),
        ("d", 2, 4, "yellow"), ("e", 3, 5, "yellow"),
        ("f", 4, 6, "red"), ("g", 5, 7, "red"),
    ]


def test_tie_straddling_the_top_band_takes_every_tied_row():
    units = [unit(u, order=n) for n, u in enumerate("abcdef")]
    scores = {"a": "99", "b": "98", "c": "97", "d": "96", "e": "96", "f": "50"}
    board = board_of(scores, units, rules(within="", tiers=rank_tiers(top=4, bottom=1)))
    # d and e tie at rank 4 ≤ 4: both green, yellow is empty, f (rank 6 > 6 − 1) red
    assert [(r.unit_id, r.rank, r.tier.level.id) for r in board.rows] == [
        ("a", 1, "green"), ("b", 2, "green"), ("c", 3, "green"), ("d", 4, "green"), ("e", 4, "green"),
        ("f", 6, "red"),
    ]


def test_score_tiers_on_a_board_use_the_rounded_score():
    tiers = Tiers(basis="score", levels=(TierLevel(id="good", label="好", min_score=D(90)), TierLevel(id="rest", label="其余")))
    board = board_of({"a": "89.995", "b": "89.994"}, [unit("a"), unit("b")], rules(within="", tiers=tiers))
    # 89.995 rounds to 90.00 ≥ 90 → good; 89.994 → 89.99 → rest
    assert by_unit(board) == {"a": ("90.00", 1, "good"), "b": ("89.99", 2, "rest")}


# ------------------------------------------------------------------------------- 3.4 standings


def test_standings_board_of_ten_districts():
    entries = tuple(
        StandingEntry(indicator_id=f"i{rank}", rank=rank, out_of=10, responsible=("fgw",) if rank % 2 else ("sw", "fgw"),
                      note="", row=rank + 1)
        for rank in range(1, 11)
    )
    board = compute_standings_board(StandingsSheet(Period.parse("2025-Q2"), "standings/2025-Q2.csv", entries),
                                    "t", rank_tiers(top=4, bottom=3))
    # of 10 districts: ranks 1–4 green, 5–7 yellow, 8–10 red (bottom 3 → rank > 10 − 3)
    assert [(row.rank, row.tier.level.id) for row in board.rows] == [
        (1, "green"), (2, "green"), (3, "green"), (4, "green"),
        (5, "yellow"), (6, "yellow"), (7, "yellow"),
        (8, "red"), (9, "red"), (10, "red"),
    ]
    # best level → 经验推广, worst level → 约谈督促
    assert [row.indicator_id for row in board.promote] == ["i1", "i2", "i3", "i4"]
    assert [row.indicator_id for row in board.summon] == ["i8", "i9", "i10"]
    assert board.id == "standings"
    # sw is responsible for the even ranks only
    assert [row.indicator_id for row in board.rows_for_unit("sw")] == ["i2", "i4", "i6", "i8", "i10"]
    assert len(board.rows_for_unit("fgw")) == 10


def test_standings_group_size_is_out_of():
    entries = (
        StandingEntry("a", 9, 12, ("x",), "", 2),  # 12 peers: bottom 3 → rank > 9 → rank 9 is yellow
        StandingEntry("b", 10, 12, ("x",), "", 3),  # rank 10 > 9 → red
        StandingEntry("c", 5, 5, ("x",), "", 4),  # 5 peers: rank 5 is in the top 4? no; > 5 − 3 = 2 → red
        StandingEntry("d", 4, 5, ("x",), "", 5),  # rank 4 ≤ 4 → green (first level wins over bottom 3)
    )
    board = compute_standings_board(StandingsSheet(Period.parse("2025"), "s.csv", entries), "t", rank_tiers(4, 3))
    assert [row.tier.level.id for row in board.rows] == ["yellow", "red", "red", "green"]


def test_standings_with_default_tiers():
    # default: percentile 30/30; of 10 → 1–3 green, 4–7 yellow, 8–10 red
    entries = tuple(StandingEntry(f"i{r}", r, 10, (), "", r) for r in range(1, 11))
    board = compute_standings_board(StandingsSheet(Period.parse("2025"), "s.csv", entries), "t", Tiers())
    assert [row.tier.level.id for row in board.rows] == ["green"] * 3 + ["yellow"] * 4 + ["red"] * 3
    assert [row.rank for row in board.promote] == [1, 2, 3]
    assert [row.rank for row in board.summon] == [8, 9, 10]


# ------------------------------------------------------------------------------ 3.5 grades


BANDS = (
    GradeBand(grade="优秀", min=D(90)),
    GradeBand(grade="良好", min=D(80)),
    GradeBand(grade="一般", min=D(60)),
    GradeBand(grade="较差"),
)


def grades_config(max_share: str = "0.30", rounding: str = "floor", over_quota: str = "demote") -> Grades:
    return Grades(bands=BANDS, quota=Quota(grade="优秀", max_share=D(max_share), rounding=rounding, over_quota=over_quota))


def test_bands():
    scores = {"a": D(95), "b": D("90.00"), "c": D("89.99"), "d": D(80), "e": D(60), "f": D("59.99"), "g": D(-3)}
    outcomes, checks = derive_grades(scores, {u: None for u in scores}, Grades(bands=BANDS))
    # min is inclusive: 90 → 优秀, 89.99 → 良好, 80 → 良好, 60 → 一般, 59.99 and −3 → 较差 (the band without min)
    assert {u: o.grade for u, o in outcomes.items()} == {
        "a": "优秀", "b": "优秀", "c": "良好", "d": "良好", "e": "一般", "f": "较差", "g": "较差",
    }
    assert outcomes["c"].band_min == 80 and outcomes["f"].band_min is None
    assert checks == []  # no quota


def test_quota_limit():
    # group of 7 with 30%: 2.1 → floor 2, round 2, ceil 3
    assert quota_limit(Quota(grade="优秀", max_share=D("0.30"), rounding="floor"), 7) == 2
    assert quota_limit(Quota(grade="优秀", max_share=D("0.30"), rounding="round"), 7) == 2
    assert quota_limit(Quota(grade="优秀", max_share=D("0.30"), rounding="ceil"), 7) == 3
    # 28% of 25 is 7 with every rounding
    for rounding in ("floor", "round", "ceil"):
        assert quota_limit(Quota(grade="优秀", max_share=D("0.28"), rounding=rounding), 25) == 7


def test_demote_drops_every_unit_tied_at_the_cut_off():
    # 10 units, 30% floor → limit 3; four 优秀: 95, 93, 91, 91 → the fourth (91) is excess, and the other 91
    # is tied with it at the cut-off: both 91s drop to 良好, leaving 2 优秀
    scores = {"a": D(95), "b": D(93), "c": D(91), "d": D(91), "e": D(85), "f": D(80), "g": D(75),
              "h": D(70), "i": D(65), "j": D(50)}
    outcomes, checks = derive_grades(scores, {u: None for u in scores}, grades_config())
    assert {u: outcomes[u].grade for u in "abcd"} == {"a": "优秀", "b": "优秀", "c": "良好", "d": "良好"}
    assert outcomes["c"].demoted and outcomes["c"].band_grade == "优秀"
    assert not outcomes["b"].demoted and not outcomes["e"].demoted
    [check] = checks
    assert (check.size, check.limit, check.count_before, check.count, set(check.demoted)) == (10, 3, 4, 2, {"c", "d"})
    assert not check.exceeded


def test_demote_without_a_tie_drops_only_the_excess():
    # 95, 93, 91, 90 with limit 3 → only 90 drops
    scores = {"a": D(95), "b": D(93), "c": D(91), "d": D(90), **{f"x{n}": D(70) for n in range(6)}}
    outcomes, checks = derive_grades(scores, {u: None for u in scores}, grades_config())
    assert [u for u in "abcd" if outcomes[u].grade == "优秀"] == ["a", "b", "c"]
    assert outcomes["d"].grade == "良好"
    assert checks[0].count == 3 and checks[0].demoted == ("d",)


def test_excess_by_score():
    scores = {"a": D(95), "b": D(93), "c": D(91), "d": D(91)}
    # holders best first; limit 3 → cut at d's 91 → c and d
    assert excess_by_score(["a", "b", "c", "d"], scores, 3) == ["c", "d"]
    assert excess_by_score(["a", "b", "c", "d"], scores, 4) == []
    # limit 0 → everyone drops
    assert excess_by_score(["a", "b", "c", "d"], scores, 0) == ["a", "b", "c", "d"]
    # limit 1 with a tie at the top (95, 95) → both drop
    assert excess_by_score(["a", "b"], {"a": D(95), "b": D(95)}, 1) == ["a", "b"]


def test_over_quota_error_changes_nothing_and_reports():
    scores = {"a": D(95), "b": D(93), "c": D(91), "d": D(91), **{f"x{n}": D(70) for n in range(6)}}
    outcomes, checks = derive_grades(scores, {u: None for u in scores}, grades_config(over_quota="error"))
    assert sum(o.grade == "优秀" for o in outcomes.values()) == 4
    [check] = checks
    assert (check.count, check.limit, check.demoted, check.exceeded) == (4, 3, (), True)


def test_quota_per_ranking_group():
    # dept: 7 units, 30% floor → 2; town: 4 units → floor(1.2) = 1
    dept = {"d1": D(99), "d2": D(98), "d3": D(97), "d4": D(60), "d5": D(60), "d6": D(60), "d7": D(60)}
    town = {"t1": D(92), "t2": D(91), "t3": D(70), "t4": D(70)}
    scores = {**dept, **town}
    groups = {u: ("dept" if u.startswith("d") else "town") for u in scores}
    outcomes, checks = derive_grades(scores, groups, grades_config())
    # dept: 3 优秀 over a limit of 2 → d3 (97) drops; town: 2 over 1 → t2 (91) drops
    assert sorted(u for u, o in outcomes.items() if o.grade == "优秀") == ["d1", "d2", "t1"]
    assert [(c.group, c.size, c.limit, c.count_before, c.count, c.demoted) for c in checks] == [
        ("dept", 7, 2, 3, 2, ("d3",)), ("town", 4, 1, 2, 1, ("t2",)),
    ]


def test_registered_grades_are_only_checked():
    registered = {"a": "优秀", "b": "优秀", "c": "优秀", "d": "优秀", "e": "良好", "f": "良好", "g": "一般"}
    grades = grades_config(over_quota="demote")  # even with demote: registered grades are never changed
    checks = check_registered(registered, {u: "dept" for u in registered}, grades)
    # 7 units, 30% floor → limit 2; 4 registered → exceeded, nothing demoted
    [check] = checks
    assert (check.group, check.size, check.limit, check.count, check.demoted, check.exceeded) == (
        "dept", 7, 2, 4, (), True,
    )
    assert registered["d"] == "优秀"
    # within the limit: 2 of 7
    ok = check_registered({**registered, "c": "良好", "d": "良好"}, {u: "dept" for u in registered}, grades)
    assert (ok[0].count, ok[0].exceeded) == (2, False)
    # no quota, no checks
    assert check_registered(registered, {u: None for u in registered}, Grades()) == []


# ------------------------------------------------------------------------------- 3.6 flags


PRIORITY = Flag(id="priority", label="连续三年优秀", rule="consecutive", grades=("优秀",), years=3)
NO_PROMOTION = Flag(id="no-promotion", label="近三年有基本称职及以下", rule="any_in_last",
                    grades=("基本称职", "不称职"), years=3)


def test_flag_consecutive():
    met = evaluate_flag(PRIORITY, 2025, {2023: "优秀", 2024: "优秀", 2025: "优秀"})
    assert (met.met, met.years, met.missing_years) == (True, (2023, 2024, 2025), ())
    # a year without a grade breaks the run, and is reported
    broken = evaluate_flag(PRIORITY, 2025, {2023: "优秀", 2025: "优秀"})
    assert (broken.met, broken.missing_years) == (False, (2024,))
    broken = evaluate_flag(PRIORITY, 2025, {2023: "优秀", 2024: None, 2025: "优秀"})
    assert (broken.met, broken.missing_years) == (False, (2024,))
    # a lower grade breaks it
    assert not evaluate_flag(PRIORITY, 2025, {2023: "优秀", 2024: "良好", 2025: "优秀"}).met
    # only the window counts: 2022 does not help; 2022–2024 met, then 2025 breaks it
    history = {2022: "优秀", 2023: "优秀", 2024: "优秀", 2025: "良好"}
    assert evaluate_flag(PRIORITY, 2024, history).met
    assert not evaluate_flag(PRIORITY, 2025, history).met


def test_flag_any_in_last():
    hit = evaluate_flag(NO_PROMOTION, 2025, {2023: "不称职", 2025: "称职"})
    # 2024 has no grade: skipped (reported as missing), 2023 is in the window → met
    assert (hit.met, hit.years, hit.missing_years) == (True, (2023, 2024, 2025), (2024,))
    # 2022 is outside a 3-year window ending 2025
    assert not evaluate_flag(NO_PROMOTION, 2025, {2022: "不称职", 2023: "称职", 2024: "称职", 2025: "优秀"}).met
    # nothing at all in the window → not met, every year missing
    none = evaluate_flag(NO_PROMOTION, 2025, {})
    assert (none.met, none.missing_years) == (False, (2023, 2024, 2025))


# ------------------------------------------------------------------------------- tasks


def task(status: str = "进行中", progress: int = 0, claimed: date = date(2025, 1, 1), due: date = date(2025, 1, 11)) -> Task:
    return Task("t1", "题目", "张三", "区级", "fgw", claimed, due, status, progress, "")


def test_task_behind_when_progress_lags_time():
    # claimed 1 Jan, due 11 Jan: 10 days; on 6 Jan 5 days elapsed = 50 %
    today = date(2025, 1, 6)
    warning = task_warning(task(progress=40), today)
    assert warning is not None
    assert (warning.kind, warning.expected_progress, warning.days_overdue) == ("behind", 50, 0)
    # progress equal to or ahead of time: no warning
    assert task_warning(task(progress=50), today) is None
    assert task_warning(task(progress=60), today) is None
    # on 4 Jan: 3/10 = 30 % elapsed; progress 29 behind, 30 fine
    assert task_warning(task(progress=29), date(2025, 1, 4)).kind == "behind"
    assert task_warning(task(progress=30), date(2025, 1, 4)) is None
    # 1/3 elapsed (claimed 1 Jan, due 31 Jan: 30 days; 11 Jan → 10 days = 33.3… %): 33 < 33.3 behind, 34 fine;
    # the expected progress shown is rounded up to 34, so that "33% < 34%" reads as the rule applies it
    assert task_warning(task(progress=33, due=date(2025, 1, 31)), date(2025, 1, 11)).expected_progress == 34
    assert task_warning(task(progress=34, due=date(2025, 1, 31)), date(2025, 1, 11)) is None


def test_task_overdue():
    # due 11 Jan, today 14 Jan, not done → overdue by 3 days (even at 90 % progress)
    warning = task_warning(task(progress=90), date(2025, 1, 14))
    assert (warning.kind, warning.days_overdue, warning.expected_progress) == ("overdue", 3, 100)
    assert (warning.task_id, warning.unit_id) == ("t1", "fgw")
    # on the due date itself it is not overdue; 100 % done on time → nothing
    assert task_warning(task(progress=100), date(2025, 1, 11)) is None
    assert task_warning(task(progress=99), date(2025, 1, 11)).kind == "behind"
    # 未开始 past due is overdue too
    assert task_warning(task(status="未开始"), date(2025, 2, 1)).days_overdue == 21


def test_done_tasks_never_warn():
    assert task_warning(task(status="已完成", progress=20), date(2025, 1, 6)) is None
    assert task_warning(task(status="已完成", progress=100), date(2026, 1, 1)) is None


def test_no_warning_before_the_task_starts():
    # before the claim date: 0 % elapsed, progress 0 is not behind
    assert task_warning(task(progress=0), date(2024, 12, 20)) is None
    assert task_warning(task(progress=0), date(2025, 1, 1)) is None


# ------------------------------------------------------------- the whole of section 3 at once


def test_compute_over_content():
    raw = {
        "scoring": {"normalize": "raw", "midterm_weight": 0.2},
        "ranking": {"within": ""},
        "tiers": {"basis": "rank", "levels": [
            {"id": "green", "label": "绿", "top": 1}, {"id": "yellow", "label": "黄"},
            {"id": "red", "label": "红", "bottom": 1},
        ]},
        "grades": {
            "bands": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80}, {"grade": "一般", "min": 60},
                      {"grade": "较差"}],
            "quota": {"grade": "优秀", "max_share": 0.34, "rounding": "floor", "over_quota": "demote"},
        },
        "flags": [{"id": "priority", "label": "连续两年优秀", "rule": "consecutive", "grades": ["优秀"], "years": 2}],
    }
    config = SiteConfig.model_validate({**raw, "raw": raw})
    units = (unit("a", order=1), unit("b", order=2), unit("c", order=3))
    results = (
        sheet("2024-H1", ("s",), {"a": {"s": "90"}, "b": {"s": "90"}, "c": {"s": "70"}}),
        sheet("2024", ("s",), {"a": {"s": "95"}, "b": {"s": "80"}, "c": {"s": "60"}}, bonus={"c": "2.5"}),
        sheet("2025-H1", ("s",), {"a": {"s": "100"}, "b": {"s": "80"}, "c": {"s": "80"}}),
        sheet("2025", ("s",), {"a": {"s": "95"}, "b": {"s": "91"}, "c": {"s": "85"}}),
    )
    content = Content(Path("."), config, units, (ind("s"),), results, (), (), (), ())
    outcome, problems = compute(content, date(2026, 1, 1))
    assert problems == []
    # 2024: a 0.8 × 95 + 0.2 × 90 = 94; b 0.8 × 80 + 0.2 × 90 = 82; c 0.8 × 60 + 0.2 × 70 = 62, + 2.5 = 64.5
    y2024 = outcome.period("2024").main
    assert by_unit(y2024) == {"a": ("94.00", 1, "green"), "b": ("82.00", 2, "yellow"), "c": ("64.50", 3, "red")}
    # 2025: a 0.8 × 95 + 0.2 × 100 = 96; b 0.8 × 91 + 0.2 × 80 = 72.8 + 16 = 88.8; c 68 + 16 = 84
    y2025 = outcome.period("2025").main
    assert by_unit(y2025) == {"a": ("96.00", 1, "green"), "b": ("88.80", 2, "yellow"), "c": ("84.00", 3, "red")}
    # previous ranks: 2025 vs 2024 (same order) → change 0; H1 boards: 2025-H1 vs 2024-H2 (absent) → null
    assert [(r.previous_rank, r.rank_change) for r in y2025.rows] == [(1, 0), (2, 0), (3, 0)]
    assert all(r.previous_rank is None for r in outcome.period("2025-H1").main.rows)
    # grades: 34% of 3 = 1.02 → floor 1; 2024: a 优秀, b 良好, c 一般; 2025: a 优秀, b 良好, c 良好
    assert {r.unit_id: r.grade for r in y2024.rows} == {"a": "优秀", "b": "良好", "c": "一般"}
    assert {r.unit_id: r.grade for r in y2025.rows} == {"a": "优秀", "b": "良好", "c": "良好"}
    # flags: a 优秀 in 2024 and 2025 → priority in 2025 only (2023 has no grade → the 2024 window breaks)
    assert {r.unit_id: r.flags for r in y2025.rows} == {"a": ("priority",), "b": (), "c": ()}
    assert {r.unit_id: r.flags for r in y2024.rows} == {"a": (), "b": (), "c": ()}
    # rows of non-year periods have no grade and no flags
    assert all(r.grade is None and r.flags == () for r in outcome.period("2025-H1").main.rows)


def test_compute_reports_a_missing_midterm_file():
    raw = {"scoring": {"normalize": "raw", "midterm_weight": 0.2}}
    config = SiteConfig.model_validate({**raw, "raw": raw})
    content = Content(Path("."), config, (unit("a"),), (ind("s"),), (sheet("2025", ("s",), {"a": {"s": "80"}}),),
                      (), (), (), ())
    outcome, problems = compute(content, date(2026, 1, 1))
    assert len(problems) == 1 and "2025-H1" in problems[0].message
