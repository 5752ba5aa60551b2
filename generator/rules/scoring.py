"""The score of every unit of a results file (SPEC 3.1), vectorised: normalise, weigh, blend, add bonus and
penalty — each value with a bound on its float error (`rules.numbers` says why the bounds hold)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model.config import Scoring
from ..model.indicators import category_of
from ..model.types import Indicator, ResultSheet
from .numbers import U


@dataclass(frozen=True)
class Scored:
    """Floats and their error bounds. `cells`: one row per counted cell (unit_id, indicator_id,
    category_id, applicable, raw, raw_text, normalised, weight, contribution and a `_bound` for each);
    `units`: one row per ranked unit (unit_id, group, composite, blended, unrounded, bonus, penalty,
    bonus_text, penalty_text, note, midterm, with bounds); `categories`: unit_id, category_id, weight,
    weight_bound."""

    cells: pd.DataFrame
    units: pd.DataFrame
    categories: pd.DataFrame


def _float(value: object) -> float:
    return float(value) if value is not None else np.nan  # type: ignore[arg-type]


def counted_cells(sheet: ResultSheet, board_indicators: Sequence[str] | None) -> pd.DataFrame:
    """The cells that count: a column of the file (or of the board's list) for a unit it applies to."""
    values = sheet.values
    if board_indicators is not None:
        wanted = [i for i in board_indicators if i in sheet.indicator_ids]
        values = values[values["indicator_id"].isin(wanted)]
        order = {indicator_id: position for position, indicator_id in enumerate(wanted)}
    else:
        order = {indicator_id: position for position, indicator_id in enumerate(sheet.indicator_ids)}
    return values.assign(_order=values["indicator_id"].map(order))


def normalise(cells: pd.DataFrame, method: str, indicators: Mapping[str, Indicator]) -> tuple[np.ndarray, np.ndarray]:
    """(normalised values, error bounds) for each cell; NaN where the cell is 不适用."""
    x = cells["value"].to_numpy(dtype="float64")
    ax = np.abs(x)
    ids = cells["indicator_id"]
    lower = ids.map({i: indicators[i].direction == "lower" for i in ids.unique()}).to_numpy(dtype=bool)
    if method == "raw":
        return x, ax * U
    if method == "minmax":
        frame = pd.DataFrame({"g": cells["group"].fillna("\0"), "i": ids, "x": x})
        low = frame.groupby(["g", "i"])["x"].transform("min").to_numpy()
        high = frame.groupby(["g", "i"])["x"].transform("max").to_numpy()
        span = high - low
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(lower, high - x, x - low) / span
            value = np.where(span == 0, 100.0, ratio * 100)
            bound = 100 * (3 * U * (ax + np.abs(low) + np.abs(high)) * (1 + np.abs(ratio)) / np.abs(span)) + 200 * U
        return value, np.where(span == 0, 0.0, bound)
    target = ids.map({i: _float(indicators[i].target) for i in ids.unique()}).to_numpy(dtype="float64")
    if method == "efficacy":
        floor = ids.map({i: _float(indicators[i].floor) for i in ids.unique()}).to_numpy(dtype="float64")
        span = target - floor
        ratio = (x - floor) / span
        value = 60 + 40 * np.clip(ratio, 0.0, 1.0)
        bound = 40 * (3 * U * (ax + np.abs(floor)) + 3 * U * np.abs(ratio) * (np.abs(target) + np.abs(floor))) \
            / np.abs(span) + 40 * U * np.abs(ratio) + 100 * U
        return value, bound
    # target: 100 × min(x / target, 1), or 100 × min(target / x, 1) for lower-is-better (100 when x = 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(lower, target / x, x / target)
    value = np.maximum(100 * np.minimum(ratio, 1.0), 0.0)
    value = np.where(lower & (x == 0), 100.0, value)
    bound = np.where(lower & (x == 0), 0.0, 100 * 3 * U * np.minimum(np.abs(ratio), 1.0) + 100 * U)
    return value, bound


def score(sheet: ResultSheet, board_indicators: Sequence[str] | None, groups: Mapping[str, str | None],
          indicators: Mapping[str, Indicator], scoring: Scoring,
          midterm: Mapping[str, tuple[float, float]] | None = None) -> Scored:
    """Every unit of `sheet` for which some indicator counts; `groups`: unit id -> ranking group;
    `midterm`: unit id -> (H1 composite, its bound) when the year blends in the mid-year result."""
    cells = counted_cells(sheet, board_indicators)
    has_value = cells.groupby("unit_id")["value"].count()
    ranked = [u for u in sheet.entries["unit_id"] if has_value.get(u, 0) > 0]
    cells = cells[cells["unit_id"].isin(ranked)].rename(columns={"text": "raw_text"})
    cells["group"] = cells["unit_id"].map(groups)
    categories = {i: category_of(indicators[i], scoring.categories) for i in cells["indicator_id"].unique()}
    cells["category_id"] = cells["indicator_id"].map(lambda i: categories[i].id)
    cells["applicable"] = cells["value"].notna()
    normalised, normalised_bound = normalise(cells, scoring.normalize, indicators)
    cells["normalised"], cells["normalised_bound"] = normalised, normalised_bound

    # Weights: category weight ÷ Σ over the unit's categories × indicator weight ÷ Σ in its category.
    counted = cells["applicable"].to_numpy()
    category_weight = {c.id: float(c.weight) for c in categories.values()}
    iw = cells["indicator_id"].map({i: float(indicators[i].weight) for i in categories}).to_numpy(dtype="float64") * counted
    cw = cells["category_id"].map(category_weight).to_numpy(dtype="float64")
    frame = pd.DataFrame({"u": cells["unit_id"].to_numpy(), "c": cells["category_id"].to_numpy(), "iw": iw,
                          "cw": cw * counted})
    member_weight = frame.groupby(["u", "c"])["iw"].transform("sum").to_numpy()
    per_category = frame[counted].drop_duplicates(["u", "c"])
    total_cw = frame["u"].map(per_category.groupby("u")["cw"].sum()).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(counted, (cw / total_cw) * (iw / member_weight), 0.0)
    terms = frame.groupby("u")["c"].transform("size").to_numpy() + 8
    cells["weight"], cells["weight_bound"] = share, share * terms * U
    contribution = np.where(counted, share * np.nan_to_num(normalised), 0.0)
    cells["contribution"] = contribution
    cells["contribution_bound"] = np.where(counted, share * normalised_bound + np.abs(contribution) * (terms + 1) * U, 0.0)
    cells["_magnitude"] = np.abs(contribution)
    cells = cells.sort_values(["unit_id", "_order"], kind="stable")

    by_unit = cells.groupby("unit_id", sort=False)
    total = by_unit["contribution"].sum()
    bound = by_unit["contribution_bound"].sum() + by_unit["_magnitude"].sum() * by_unit.size() * U
    entries = sheet.entries.set_index("unit_id").loc[ranked]
    units = pd.DataFrame({"unit_id": ranked, "group": [groups[u] for u in ranked]})
    units["composite"] = total.reindex(ranked).to_numpy()
    units["composite_bound"] = bound.reindex(ranked).to_numpy()
    units["midterm"] = np.nan
    units["midterm_bound"] = 0.0
    blended, blended_bound = units["composite"].to_numpy(), units["composite_bound"].to_numpy()
    if midterm is not None and scoring.midterm_weight is not None:
        w = float(scoring.midterm_weight)
        h = np.array([midterm[u][0] for u in ranked])
        hb = np.array([midterm[u][1] for u in ranked])
        units["midterm"], units["midterm_bound"] = h, hb
        blended_bound = (1 - w) * blended_bound + w * hb + 4 * U * (np.abs(blended) + np.abs(h))
        blended = (1 - w) * blended + w * h
    units["blended"], units["blended_bound"] = blended, blended_bound
    for key in ("bonus", "penalty", "bonus_text", "penalty_text", "note", "file_rank", "row"):
        units[key] = entries[key].to_numpy()
    bonus, penalty = units["bonus"].to_numpy(dtype="float64"), units["penalty"].to_numpy(dtype="float64")
    units["unrounded"] = blended + bonus - penalty
    units["unrounded_bound"] = blended_bound + 3 * U * (np.abs(blended) + np.abs(bonus) + np.abs(penalty))

    weights = cells[cells["applicable"]].drop_duplicates(["unit_id", "category_id"])[["unit_id", "category_id"]].copy()
    weights["cw"] = weights["category_id"].map(category_weight)
    weights["weight"] = weights["cw"] / weights.groupby("unit_id")["cw"].transform("sum")
    weights["weight_bound"] = weights["weight"] * (weights.groupby("unit_id")["cw"].transform("size") + 4) * U
    return Scored(cells.drop(columns=["_order", "_magnitude"]).reset_index(drop=True), units,
                  weights.drop(columns=["cw"]).reset_index(drop=True))
