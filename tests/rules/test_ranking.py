"""generator.rules.ranking: competition (min) and dense ranks within groups, on the published scores (SPEC 3.2)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.rules.ranking import group_ranks, rank_change, score_keys

FAST = settings(max_examples=150, deadline=None)


def ranks(scores: list[float], groups: list[str | None] | None = None, decimals: int = 2) -> tuple[list[int], ...]:
    keys = score_keys(np.array(scores, dtype="float64"), decimals)
    competition, dense, sizes = group_ranks(keys, pd.Series(groups if groups is not None else [None] * len(scores),
                                                            dtype=object))
    return competition.tolist(), dense.tolist(), sizes.tolist()


def test_competition_and_dense_ranks() -> None:
    # min (Excel RANK): 90, 80, 80, 70 → 1, 2, 2, 4; dense → 1, 2, 2, 3
    assert ranks([90, 80, 80, 70]) == ([1, 2, 2, 4], [1, 2, 2, 3], [4, 4, 4, 4])
    # the input order is kept: 80, 90, 70, 80 → 2, 1, 4, 2 (min) and 2, 1, 3, 2 (dense)
    assert ranks([80, 90, 70, 80])[:2] == ([2, 1, 4, 2], [2, 1, 3, 2])
    # a single row is rank 1 of 1; everyone tied: all rank 1
    assert ranks([55.5]) == ([1], [1], [1])
    assert ranks([7, 7, 7]) == ([1, 1, 1], [1, 1, 1], [3, 3, 3])
    # negative scores rank below zero
    assert ranks([0, -1.25, 3])[0] == [2, 3, 1]


def test_ranks_are_per_group() -> None:
    # dept: 90, 80 → 1, 2; town: 70, 95, 70 → 2, 1, 2; a group of None is a group of its own
    scores = [90, 70, 80, 95, 70, 10]
    groups = ["dept", "town", "dept", "town", "town", None]
    assert ranks(scores, groups) == ([1, 2, 2, 1, 2, 1], [1, 2, 2, 1, 2, 1], [2, 3, 2, 3, 3, 1])


def test_scores_compare_as_their_published_digits() -> None:
    # keys are the rounded score × 10ᵈ as integers: 85.25 at 2 decimals → 8525
    assert score_keys(np.array([85.25, 0.1 + 0.2, -2.28]), 2).tolist() == [8525, 30, -228]
    # 0.1 + 0.2 is 0.30000000000000004 in floats; published as 0.30 it must tie with 0.3
    assert 0.1 + 0.2 != 0.3
    assert ranks([0.1 + 0.2, 0.3]) == ([1, 1], [1, 1], [2, 2])
    # at 4 decimals 123456789.1234 still keys exactly
    assert score_keys(np.array([123456789.1234]), 4).tolist() == [1234567891234]


def test_rank_change() -> None:
    # previous 5, now 3: moved up 2; previous 3, now 5: −2; unknown on either side → null
    previous = pd.Series([5, 3, 4, None, 3], dtype="Int64")
    now = pd.Series([3, 5, 4, 3, None], dtype="Int64")
    assert rank_change(previous, now).tolist() == [2, -2, 0, pd.NA, pd.NA]
    assert str(rank_change(previous, now).dtype) == "Int64"


# ----------------------------------------------------------------------------------- properties

# Scores at two decimals with many ties (halves from 0 to 30) mixed in.
scores = st.one_of(st.integers(0, 60).map(lambda n: n / 2), st.integers(0, 10000).map(lambda n: n / 100))
rows = st.lists(st.tuples(scores, st.sampled_from(["dept", "town", None])), min_size=1, max_size=25)


@FAST
@given(rows)
def test_ranks_count_what_is_above(case: list[tuple[float, str | None]]) -> None:
    values = [s for s, _ in case]
    groups = [g for _, g in case]
    competition, dense, sizes = ranks(values, groups)
    for n, (value, group) in enumerate(case):
        peers = [v for v, g in case if g == group]
        # competition rank = 1 + the number of peers strictly above; dense = 1 + distinct scores above
        assert competition[n] == 1 + sum(p > value for p in peers)
        assert dense[n] == 1 + len({p for p in peers if p > value})
        assert sizes[n] == len(peers)


@FAST
@given(rows)
def test_min_and_dense_agree_on_order_and_ties(case: list[tuple[float, str | None]]) -> None:
    values = [s for s, _ in case]
    groups = [g for _, g in case]
    competition, dense, _ = ranks(values, groups)
    for i in range(len(case)):
        for j in range(len(case)):
            if groups[i] != groups[j]:
                continue
            # ties get equal rank in both methods, and both follow the scores (higher score, smaller rank)
            assert (competition[i] == competition[j]) == (dense[i] == dense[j]) == (values[i] == values[j])
            assert (competition[i] < competition[j]) == (dense[i] < dense[j]) == (values[i] > values[j])
        # dense never exceeds competition; each group's best is 1 in both
        assert dense[i] <= competition[i]
    for group in set(groups):
        members = [n for n, g in enumerate(groups) if g == group]
        assert min(competition[n] for n in members) == min(dense[n] for n in members) == 1
        # dense ranks are 1..k without gaps
        assert sorted({dense[n] for n in members}) == list(range(1, len({values[n] for n in members}) + 1))


@FAST
@given(rows, st.randoms(use_true_random=False))
def test_ranks_do_not_depend_on_row_order(case: list[tuple[float, str | None]], random: object) -> None:
    order = list(range(len(case)))
    random.shuffle(order)  # type: ignore[attr-defined]
    before = ranks([s for s, _ in case], [g for _, g in case])
    after = ranks([case[n][0] for n in order], [case[n][1] for n in order])
    for position, n in enumerate(order):
        assert tuple(part[position] for part in after) == tuple(part[n] for part in before)
