"""Property tests of the rules of SPEC section 3 (hypothesis). Pure functions, no I/O."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import (
    Category,
    GradeBand,
    Grades,
    Quota,
    Ranking,
    RuleSet,
    Scoring,
    TierLevel,
    Tiers,
)
from generator.model import Indicator, ResultSheet, Unit, UnitEntry
from generator.periods import Period
from generator.rules.boards import compute_unit_board
from generator.rules.grades import derive_grades
from generator.rules.numbers import percent_count, round_half_up, share_count
from generator.rules.ranking import competition_ranks, dense_ranks
from generator.rules.tiers import tier_for

D = Decimal
FAST = settings(max_examples=150, deadline=None)

# Scores with many ties (halves from 0 to 30) mixed with two-decimal scores.
tied_scores = st.integers(0, 60).map(lambda n: D(n) / 2)
two_decimals = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
scores = st.one_of(tied_scores, two_decimals)


# ------------------------------------------------------------------------------------ ranks


@FAST
@given(st.lists(scores, min_size=1, max_size=25))
def test_competition_rank_is_one_plus_strictly_greater(values):
    expected = [1 + sum(other > value for other in values) for value in values]
    assert competition_ranks(values) == expected


@FAST
@given(st.lists(scores, min_size=1, max_size=25))
def test_dense_rank_is_one_plus_distinct_greater(values):
    expected = [1 + len({other for other in values if other > value}) for value in values]
    assert dense_ranks(values) == expected


@FAST
@given(st.lists(scores, min_size=1, max_size=25))
def test_min_and_dense_ranks_agree_on_order(values):
    competition, dense = competition_ranks(values), dense_ranks(values)
    for i in range(len(values)):
        for j in range(len(values)):
            assert (competition[i] < competition[j]) == (dense[i] < dense[j])
            assert (competition[i] == competition[j]) == (dense[i] == dense[j]) == (values[i] == values[j])
            # and both follow the scores: higher score, better (smaller) rank
            assert (competition[i] < competition[j]) == (values[i] > values[j])
    # dense never exceeds competition, and the best rank is 1 in both
    assert all(d <= c for d, c in zip(dense, competition, strict=True))
    assert min(competition) == min(dense) == 1


# ------------------------------------------------------------------------------- rounding


@st.composite
def decimals_and_places(draw):
    digits = draw(st.integers(-(10**12), 10**12))
    exponent = draw(st.integers(0, 6))
    places = draw(st.integers(0, 4))
    return D(digits).scaleb(-exponent), places


@FAST
@given(decimals_and_places())
def test_round_half_up_agrees_with_decimal_and_exact_arithmetic(case):
    value, places = case
    result = round_half_up(value, places)
    assert result == value.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)
    # independently, in fractions: sign × floor(|x| × 10^places + 1/2) / 10^places
    exact = Fraction(value)
    scale = 10**places
    magnitude = Fraction(math.floor(abs(exact) * scale + Fraction(1, 2)), scale)
    assert Fraction(result) == (magnitude if exact >= 0 else -magnitude)
    # the result carries exactly `places` decimals
    assert result.as_tuple().exponent == -places
    # within half a unit of the last place
    assert abs(Fraction(result) - exact) <= Fraction(1, 2 * scale)


@FAST
@given(decimals_and_places())
def test_round_half_up_differs_from_float_rounding_only_at_exact_halves(case):
    value, places = case
    result = round_half_up(value, places)
    by_float = D(repr(round(float(value), places)))
    scaled = Fraction(value) * 10**places
    is_half = scaled.denominator == 2
    if not is_half:
        # away from a half the nearest binary float cannot cross it: both agree
        assert by_float == result
    elif by_float != result:
        # at a true half the float may go either way (banker's rounding, or 2.675 stored as 2.67499…);
        # when it differs it is one unit of the last place toward zero, and ours is away from zero
        assert abs(result - by_float) == D(1).scaleb(-places)
        assert abs(result) > abs(by_float)


@FAST
@given(st.integers(0, 100), st.integers(0, 60), st.sampled_from(["floor", "round", "ceil"]))
def test_share_count_is_exact(percent, size, rounding):
    share = D(percent) / 100
    exact = Fraction(percent, 100) * size
    expected = {"floor": math.floor(exact), "ceil": math.ceil(exact), "round": math.floor(exact + Fraction(1, 2))}
    assert share_count(share, size, rounding) == expected[rounding]
    # percent_count is the smallest k with k ≥ percent% of size
    k = percent_count(D(percent), size)
    assert 100 * k >= percent * size
    assert k == 0 or 100 * (k - 1) < percent * size


# ------------------------------------------------------------------------------ quota


BANDS = (
    GradeBand(grade="优秀", min=D(90)),
    GradeBand(grade="良好", min=D(80)),
    GradeBand(grade="一般", min=D(60)),
    GradeBand(grade="较差"),
)
high_scores = st.one_of(st.integers(170, 200).map(lambda n: D(n) / 2), two_decimals)


@FAST
@given(
    st.lists(st.tuples(high_scores, st.sampled_from(["dept", "town", "street"])), min_size=1, max_size=30),
    st.integers(0, 100),
    st.sampled_from(["floor", "round", "ceil"]),
)
def test_quota_is_never_exceeded_after_demotion(rows, percent, rounding):
    unit_scores = {f"u{n}": score for n, (score, _) in enumerate(rows)}
    groups = {f"u{n}": group for n, (_, group) in enumerate(rows)}
    grades = Grades(bands=BANDS, quota=Quota(grade="优秀", max_share=D(percent) / 100, rounding=rounding,
                                             over_quota="demote"))
    outcomes, checks = derive_grades(unit_scores, groups, grades)
    assert {check.group for check in checks} == set(groups.values())
    for check in checks:
        members = [u for u in unit_scores if groups[u] == check.group]
        holders = [u for u in members if outcomes[u].grade == "优秀"]
        banded = [u for u in members if unit_scores[u] >= 90]
        assert check.size == len(members)
        assert check.limit == share_count(D(percent) / 100, len(members), rounding)
        assert len(holders) == check.count <= check.limit
        assert not check.exceeded
        assert check.count_before == len(banded)
        # the demoted are exactly the band's 优秀 that are not kept, each dropped one grade, to 良好
        assert set(check.demoted) == set(banded) - set(holders)
        for u in check.demoted:
            assert outcomes[u].demoted and outcomes[u].band_grade == "优秀" and outcomes[u].grade == "良好"
        # every kept unit scores strictly above every demoted one (ties at the cut-off all drop)
        if check.demoted:
            assert all(unit_scores[k] > unit_scores[d] for k in holders for d in check.demoted)
            # and no more are dropped than needed: the kept are those above the (limit + 1)-th best score
            cut = sorted((unit_scores[u] for u in banded), reverse=True)[check.limit]
            assert set(holders) == {u for u in banded if unit_scores[u] > cut}
        else:
            assert len(banded) <= check.limit
    # units outside the quota grade are never touched
    for u, outcome in outcomes.items():
        if unit_scores[u] < 90:
            assert not outcome.demoted and outcome.grade == outcome.band_grade


# ------------------------------------------------------------------------------ tiers


@st.composite
def tier_configs(draw):
    """A coherent levels list, best first: top-type levels, then the level taking the rest, then bottom-type ones.

    Top-type levels (top, top_pct, min_score) may come in any order and with any thresholds. Bottom-type
    levels come after the rest level with non-increasing thresholds: under the first-match rule of 3.3 a
    later bottom level with a larger threshold would take rows better than those of the level before it.
    """
    basis = draw(st.sampled_from(["rank", "percentile", "score"]))
    if basis == "rank":
        top_value, bottom_value = st.integers(1, 20), st.integers(1, 20)
        top_name, bottom_name = "top", "bottom"
    elif basis == "percentile":
        top_value = bottom_value = st.integers(1, 100).map(D)
        top_name, bottom_name = "top_pct", "bottom_pct"
    else:
        top_value, bottom_value = st.integers(0, 60).map(lambda n: D(n) / 2), None
        top_name, bottom_name = "min_score", None
    tops = draw(st.lists(top_value, max_size=3))
    bottoms = sorted(draw(st.lists(bottom_value, max_size=2)), reverse=True) if bottom_value is not None else []
    levels = [TierLevel(id=f"t{n}", label=f"T{n}", **{top_name: value}) for n, value in enumerate(tops)]
    levels.append(TierLevel(id="rest", label="其余"))
    levels += [TierLevel(id=f"b{n}", label=f"B{n}", **{bottom_name: value}) for n, value in enumerate(bottoms)]
    return Tiers(basis=basis, levels=tuple(levels))


@FAST
@given(tier_configs(), st.lists(tied_scores, min_size=1, max_size=15))
def test_tier_never_gets_better_as_rank_gets_worse(tiers, values):
    competition = competition_ranks(values)
    size = len(values)
    index = {level.id: n for n, level in enumerate(tiers.levels)}
    placed = [index[tier_for(tiers, rank, size, score).level.id] for rank, score in zip(competition, values, strict=True)]
    for i in range(size):
        for j in range(size):
            if competition[i] < competition[j]:
                assert placed[i] <= placed[j]
            if competition[i] == competition[j]:
                assert placed[i] == placed[j]


@FAST
@given(st.integers(1, 40), st.integers(1, 100), st.integers(1, 100))
def test_default_like_percentile_bands_cover_the_promised_ranks(size, top_pct, bottom_pct):
    tiers = Tiers(basis="percentile", levels=(
        TierLevel(id="green", label="绿", top_pct=D(top_pct)),
        TierLevel(id="yellow", label="黄"),
        TierLevel(id="red", label="红", bottom_pct=D(bottom_pct)),
    ))
    green = percent_count(D(top_pct), size)
    red = percent_count(D(bottom_pct), size)
    for rank in range(1, size + 1):
        got = tier_for(tiers, rank, size).level.id
        expected = "green" if rank <= green else "red" if rank > size - red else "yellow"
        assert got == expected
    # ranks ≤ ceil(p% of size): at least one row is green, and the green count is never below p% of size
    assert green >= 1 and Fraction(green) >= Fraction(top_pct, 100) * size


# ------------------------------------------------------------------- order of rows in the sheet


INDICATORS = {
    "a": Indicator("a", "A", "party", D(2), "higher", "", D(100), D(60), (), frozenset()),
    "b": Indicator("b", "B", "industry", D(1), "lower", "", D(2), D(10), (), frozenset()),
    "c": Indicator("c", "C", "tasks", D(1), "higher", "", D(50), D(0), (), frozenset({"town"})),
    "d": Indicator("d", "D", "tasks", D(3), "higher", "", D(80), D(20), (), frozenset()),
}
CATEGORIES = (
    Category(id="party", name="党的建设", weight=D("0.30")),
    Category(id="industry", name="主导产业", weight=D("0.35")),
    Category(id="tasks", name="部门任务", weight=D("0.35")),
)
TIER_CHOICES = (
    Tiers(),
    Tiers(basis="rank", levels=(TierLevel(id="green", label="绿", top=2), TierLevel(id="yellow", label="黄"),
                                TierLevel(id="red", label="红", bottom=2))),
    Tiers(basis="score", levels=(TierLevel(id="good", label="好", min_score=D(80)), TierLevel(id="rest", label="其余"))),
)
raw_values = st.one_of(st.none(), st.integers(0, 1200).map(lambda n: D(n) / 10), st.sampled_from([D(0), D(5), D(60)]))
small = st.integers(0, 30).map(lambda n: D(n) / 10)


@st.composite
def boards_to_permute(draw):
    count = draw(st.integers(1, 8))
    units = [
        Unit(f"u{n}", f"单位{n}", kind, f"u{n}", draw(st.integers(0, 3)), {"kind": kind})
        for n in range(count)
        for kind in [draw(st.sampled_from(["dept", "town"]))]
    ]
    present = draw(st.lists(st.sampled_from([u.id for u in units]), min_size=1, unique=True))
    entries = [
        UnitEntry(unit_id, {i: draw(raw_values) for i in INDICATORS}, draw(small), draw(small), "", n + 2)
        for n, unit_id in enumerate(present)
    ]
    rules = RuleSet(
        scoring=Scoring(normalize=draw(st.sampled_from(["raw", "minmax", "efficacy", "target"])),
                        decimals=draw(st.integers(0, 3)),
                        categories=draw(st.sampled_from([CATEGORIES, None]))),
        ranking=Ranking(ties=draw(st.sampled_from(["min", "dense"])), within=draw(st.sampled_from(["kind", ""]))),
        tiers=draw(st.sampled_from(TIER_CHOICES)),
    )
    permuted = draw(st.permutations(entries))
    return units, entries, permuted, rules


def summary(board):
    return (
        [(r.unit_id, r.group, r.score, r.rank, r.competition_rank, r.group_size, r.tier.level.id, dict(r.values))
         for r in board.rows],
        board.absent,
        board.groups,
    )


@settings(max_examples=120, deadline=None)
@given(boards_to_permute())
def test_board_is_unchanged_by_the_order_of_rows_in_the_sheet(case):
    units, entries, permuted, rules = case
    period = Period.parse("2025")

    def board(rows):
        sheet = ResultSheet(period, "main", "results/2025.csv", tuple(INDICATORS), tuple(rows))
        return compute_unit_board(sheet, "t", units, INDICATORS, rules)

    first, second = board(entries), board(permuted)
    # the same scores, ranks, tiers, values, and even the same listing order
    assert summary(first) == summary(second)
    for row in first.rows:
        assert row.explain.unrounded == second.row(row.unit_id).explain.unrounded
    # listing follows the rules: by group, then rank, then order, then id
    order = {u.id: (u.order, u.id) for u in units}
    group_index = {g: n for n, g in enumerate(first.groups)}
    keys = [(group_index[r.group], r.rank, order[r.unit_id]) for r in first.rows]
    assert keys == sorted(keys)
