"""Ranks within groups (SPEC 3.2): competition ranks (1, 2, 2, 4, Excel's RANK) and dense ranks (1, 2, 2, 3),
by descending rounded score. Scores are compared as integers of their last published digit, so that equal
published scores always tie."""

from __future__ import annotations

import numpy as np
import pandas as pd


def score_keys(scores: np.ndarray, decimals: int) -> np.ndarray:
    """The rounded scores as integers (85.25 at 2 decimals → 8525): exact, since they are rounded values."""
    return np.rint(scores * 10.0**decimals).astype("int64")


def group_ranks(keys: np.ndarray, groups: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(competition ranks, dense ranks, group sizes) of each row within its group."""
    frame = pd.DataFrame({"g": groups.fillna("\0").to_numpy(), "k": keys})
    by_group = frame.groupby("g", sort=False)["k"]
    competition = by_group.rank(method="min", ascending=False).to_numpy(dtype="int64")
    dense = by_group.rank(method="dense", ascending=False).to_numpy(dtype="int64")
    sizes = by_group.transform("size").to_numpy(dtype="int64")
    return competition, dense, sizes


def rank_change(previous: pd.Series, rank: pd.Series) -> pd.Series:
    """Positive when the unit moved up the table; null when either rank is null."""
    return (previous - rank).astype("Int64")
