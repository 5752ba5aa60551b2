"""The score of every unit of a results file (SPEC 3.1), vectorised: normalise, weigh, blend, add bonus and
penalty — each value with a bound on its float error (`rules.numbers` says why the bounds hold).

Units and indicators are turned into integer codes once (pandas.factorize), so that every step is a numpy
operation over all cells of the file at once.
"""

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
    """Floats and their error bounds. `cells`: one row per counted cell (unit_id, indicator_id, group,
    category_id, applicable, raw_text, value, normalised, weight, contribution and a `_bound` for each),
    ordered by unit (file order) then the board's indicator order; `units`: one row per ranked unit in file
    order (unit_id, group, composite, blended, unrounded, midterm, with bounds; bonus, penalty, their texts,
    note, file_rank, row); `categories`: unit_id, category_id, weight, weight_bound."""

    cells: pd.DataFrame
    units: pd.DataFrame
    categories: pd.DataFrame


def _param(indicators: Mapping[str, Indicator], ids: np.ndarray, name: str) -> np.ndarray:
    values = [getattr(indicators[i], name) for i in ids]
    return np.array([np.nan if v is None else float(v) for v in values], dtype="float64")


def normalise(x: np.ndarray, codes: np.ndarray, ids: np.ndarray, groups: np.ndarray, method: str,
              indicators: Mapping[str, Indicator]) -> tuple[np.ndarray, np.ndarray]:
    """(normalised values, error bounds) of cells with raw values `x` and indicator `codes` into `ids`."""
    ax = np.abs(x)
    lower = np.array([indicators[i].direction == "lower" for i in ids], dtype=bool)[codes]
    if method == "raw":
        return x, ax * U
    if method == "minmax":
        # the extremes over the units of the ranking group that have a value
        frame = pd.DataFrame({"g": groups, "i": codes, "x": x})
        by = frame.groupby(["g", "i"], sort=False)["x"]
        low, high = by.transform("min").to_numpy(), by.transform("max").to_numpy()
        span = high - low
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(lower, high - x, x - low) / span
            # a 不适用 cell (NaN) stays NaN, even where the others of its group are all equal (span 0)
            value = np.where(np.isnan(x), np.nan, np.where(span == 0, 100.0, ratio * 100))
            bound = 100 * 3 * U * (ax + np.abs(low) + np.abs(high)) * (1 + np.abs(ratio)) / np.abs(span) + 200 * U
        return value, np.where(span == 0, 0.0, bound)
    target = _param(indicators, ids, "target")[codes]
    if method == "efficacy":
        floor = _param(indicators, ids, "floor")[codes]
        span = target - floor
        ratio = (x - floor) / span
        value = 60 + 40 * np.clip(ratio, 0.0, 1.0)
        bound = 40 * 3 * U * ((ax + np.abs(floor)) + np.abs(ratio) * (np.abs(target) + np.abs(floor))) / np.abs(span) \
            + 40 * U * np.abs(ratio) + 100 * U
        return value, bound
    # target: 100 × min(x / target, 1), or 100 × min(target / x, 1) for lower-is-better (100 when x = 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(lower, target / x, x / target)
    zero = lower & (x == 0)
    value = np.where(zero, 100.0, np.maximum(100 * np.minimum(ratio, 1.0), 0.0))
    bound = np.where(zero, 0.0, 100 * 3 * U * np.minimum(np.abs(ratio), 1.0) + 100 * U)
    return value, bound


def score(sheet: ResultSheet, board_indicators: Sequence[str] | None, groups: Mapping[str, str | None],
          indicators: Mapping[str, Indicator], scoring: Scoring,
          midterm: Mapping[str, tuple[float, float]] | None = None) -> Scored:
    """Every unit of `sheet` for which some indicator counts; `groups`: unit id -> ranking group;
    `midterm`: unit id -> (H1 composite, its bound) when the year blends in the mid-year result."""
    wanted = [i for i in board_indicators if i in sheet.indicator_ids] if board_indicators is not None \
        else list(sheet.indicator_ids)
    values = sheet.values
    if board_indicators is not None:
        values = values[values["indicator_id"].isin(wanted)]
    order = {u: n for n, u in enumerate(sheet.entries["unit_id"])}
    has_value = values.loc[values["value"].notna(), "unit_id"].unique()
    ranked = sorted(set(has_value), key=order.__getitem__)
    values = values[values["unit_id"].isin(ranked)]
    unit_codes = pd.Index(ranked, dtype=object).get_indexer(pd.Index(values["unit_id"])).astype("int64")
    indicator_codes = pd.Index(wanted, dtype=object).get_indexer(pd.Index(values["indicator_id"])).astype("int64")
    sort = np.lexsort((indicator_codes, unit_codes))
    unit_codes, indicator_codes = unit_codes[sort], indicator_codes[sort]
    x = values["value"].to_numpy(dtype="float64")[sort]
    ids = np.array(wanted, dtype=object)
    unit_ids = np.array(ranked, dtype=object)
    group_of_unit = np.array([groups[u] for u in ranked], dtype=object)
    group_codes = pd.factorize(pd.Series(group_of_unit).fillna("\0"))[0] if len(ranked) else np.zeros(0, dtype="int64")
    applicable = ~np.isnan(x)

    categories = [category_of(indicators[i], scoring.categories) for i in wanted]
    category_ids = np.array([c.id for c in categories], dtype=object)
    category_codes_of = pd.factorize(pd.Series(category_ids, dtype=object))[0] if len(wanted) else np.zeros(0, "int64")
    category_weight = np.array([float(c.weight) for c in categories])[indicator_codes] if len(wanted) else np.zeros(0)
    category_code = category_codes_of[indicator_codes] if len(wanted) else np.zeros(0, "int64")
    n_categories = int(category_codes_of.max()) + 1 if len(wanted) else 0
    indicator_weight = np.array([float(indicators[i].weight) for i in wanted])[indicator_codes] * applicable \
        if len(wanted) else np.zeros(0)

    normalised, normalised_bound = normalise(x, indicator_codes, ids, group_codes[unit_codes] if len(x) else x, scoring.normalize,
                                             indicators)
    # weights: category weight ÷ Σ over the unit's categories × indicator weight ÷ Σ in its category
    pair = unit_codes * max(n_categories, 1) + category_code
    pair_weight = np.bincount(pair, weights=indicator_weight, minlength=len(ranked) * max(n_categories, 1))
    present = pair_weight > 0
    pair_category_weight = np.zeros_like(pair_weight)
    pair_category_weight[pair[applicable]] = category_weight[applicable]
    total_category = (pair_category_weight * present).reshape(len(ranked), max(n_categories, 1)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(applicable, category_weight / total_category[unit_codes] * indicator_weight / pair_weight[pair], 0.0)
    terms = np.bincount(unit_codes, minlength=len(ranked))[unit_codes] + 8 if len(x) else np.zeros(0)
    contribution = np.where(applicable, share * np.nan_to_num(normalised), 0.0)
    contribution_bound = np.where(applicable, share * normalised_bound + np.abs(contribution) * (terms + 1) * U, 0.0)
    cells = pd.DataFrame({
        "unit_id": unit_ids[unit_codes], "indicator_id": ids[indicator_codes], "group": group_of_unit[unit_codes],
        "category_id": category_ids[indicator_codes] if len(wanted) else np.zeros(0, dtype=object),
        "applicable": applicable, "raw_text": values["text"].to_numpy()[sort], "value": x,
        "normalised": normalised, "normalised_bound": normalised_bound,
        "weight": share, "weight_bound": share * terms * U,
        "contribution": contribution, "contribution_bound": contribution_bound,
    })

    count = np.bincount(unit_codes, minlength=len(ranked))
    composite = np.bincount(unit_codes, weights=contribution, minlength=len(ranked)).astype("float64")
    composite_bound = np.bincount(unit_codes, weights=contribution_bound, minlength=len(ranked)) + \
        np.bincount(unit_codes, weights=np.abs(contribution), minlength=len(ranked)) * count.astype("float64") * U
    entries = sheet.entries.set_index("unit_id").loc[ranked] if ranked else sheet.entries.iloc[0:0].set_index("unit_id")
    units = pd.DataFrame({"unit_id": unit_ids, "group": group_of_unit, "composite": composite,
                          "composite_bound": composite_bound})
    units["midterm"], units["midterm_bound"] = np.nan, 0.0
    blended, blended_bound = composite, composite_bound
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

    shown = np.flatnonzero(present)
    pair_units, pair_categories = np.divmod(shown, max(n_categories, 1))
    distinct = pd.factorize(pd.Series(category_ids, dtype=object))[1].to_numpy() if len(wanted) else np.zeros(0, dtype=object)
    normalised_weight = pair_category_weight[shown] / total_category[pair_units] if len(shown) else np.zeros(0)
    weights = pd.DataFrame({"unit_id": unit_ids[pair_units] if len(shown) else np.zeros(0, dtype=object),
                            "category_id": distinct[pair_categories] if len(shown) else np.zeros(0, dtype=object),
                            "weight": normalised_weight,
                            "weight_bound": normalised_weight * (n_categories + 4) * U})
    return Scored(cells, units, weights)
