"""A ranked, tiered board of units for one period (SPEC 3.1–3.3): scores in floats with proven rounding,
exact recomputation of the rows near a rounding boundary, ranks within groups, tiers, previous ranks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from ..model.config import RuleSet
from ..model.types import Indicator, ResultSheet, Unit
from ..outcome import WEIGHT_DECIMALS, UnitBoard, col, fine, shown
from . import exact
from .numbers import exact_round, publish
from .ranking import group_ranks, rank_change, score_keys
from .scoring import Scored, score
from .tiers import assign_tiers


@dataclass(frozen=True)
class Midterm:
    """The mid-year file whose composite a year's score blends in (`scoring.midterm_weight`)."""

    sheet: ResultSheet
    rules: RuleSet
    board_indicators: tuple[str, ...] | None


def group_of(unit: Unit, within: str) -> str | None:
    return unit.columns.get(within) if within else None


def group_order(units: Sequence[Unit], within: str) -> list[str | None]:
    """Groups in the order they first appear in units.csv (sorted by `order`)."""
    seen: list[str | None] = []
    for unit in sorted(units, key=lambda u: (u.order, u.id)):
        group = group_of(unit, within)
        if group not in seen:
            seen.append(group)
    return seen


def _precisions(decimals: int) -> dict[str, tuple[int, ...]]:
    values = (decimals, shown(decimals), fine(decimals))
    return {
        "normalised": values, "contribution": (shown(decimals), fine(decimals)),
        "weight": (WEIGHT_DECIMALS, fine(decimals)), "raw": (fine(decimals),),
        "composite": values[1:], "midterm": values[1:], "blended": values[1:], "unrounded": values[1:],
        "bonus": (fine(decimals),), "penalty": (fine(decimals),), "score": (decimals,),
    }


def _publish_frame(frame: pd.DataFrame, quantities: Sequence[str], precisions: Mapping[str, tuple[int, ...]],
                   bounds: Mapping[str, np.ndarray]) -> np.ndarray:
    """Adds the `<quantity>@<decimals>` columns to `frame`; returns which rows were not provably safe."""
    unsafe = np.zeros(len(frame), dtype=bool)
    for quantity in quantities:
        values = frame[quantity].to_numpy(dtype="float64")
        for decimals in precisions[quantity]:
            rounded, risky = publish(values, bounds[quantity], decimals)
            frame[col(quantity, decimals)] = rounded
            unsafe |= risky
    return unsafe


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text else None


class _ExactInputs:
    """The exact (decimal) inputs of one file, for recomputing a unit's score in fractions."""

    def __init__(self, scored: Scored, rules: RuleSet, indicators: Mapping[str, Indicator]) -> None:
        self.scored = scored
        self.rules = rules
        self.indicators = indicators
        cells = scored.cells
        self.cells_of = {u: frame for u, frame in cells.groupby("unit_id", sort=False)}
        counted = cells[cells["applicable"]]
        self.peers = {key: [Decimal(t) for t in frame["raw_text"]]
                      for key, frame in counted.groupby([counted["group"].fillna("\0"), "indicator_id"])}

    def values(self, unit_id: str) -> dict[str, Decimal | None]:
        frame = self.cells_of[unit_id]
        return {i: _decimal(t) for i, t in zip(frame["indicator_id"], frame["raw_text"], strict=True)}

    def score(self, unit_id: str, group: str | None, midterm: Fraction | None) -> exact.ExactScore:
        values = self.values(unit_id)
        peers = {i: self.peers.get(("\0" if group is None else group, i), []) for i in values}
        unit = self.scored.units.set_index("unit_id").loc[unit_id]
        return exact.score(values, self.indicators, self.rules.scoring, peers, Decimal(unit["bonus_text"]),
                           Decimal(unit["penalty_text"]), midterm)


def _scored_sheet(sheet: ResultSheet, rules: RuleSet, indicators: Mapping[str, Indicator],
                  groups: Mapping[str, str | None], board_indicators: Sequence[str] | None,
                  midterm: Midterm | None) -> tuple[Scored, _ExactInputs | None]:
    blend = None
    inputs = None
    if midterm is not None and rules.scoring.midterm_weight is not None:
        h1 = score(midterm.sheet, midterm.board_indicators, groups, indicators, midterm.rules.scoring)
        inputs = _ExactInputs(h1, midterm.rules, indicators)
        blend = {u: (c, b) for u, c, b in zip(h1.units["unit_id"], h1.units["composite"], h1.units["composite_bound"],
                                               strict=True)}
    return score(sheet, board_indicators, groups, indicators, rules.scoring, blend), inputs


def compute_unit_board(sheet: ResultSheet, title: str, units: Sequence[Unit], indicators: Mapping[str, Indicator],
                       rules: RuleSet, board_indicators: Sequence[str] | None = None,
                       previous: UnitBoard | None = None, midterm: Midterm | None = None,
                       force_exact: bool = False) -> UnitBoard:
    """Score, rank and tier every unit of `sheet` within its ranking group. `force_exact`: recompute every
    row exactly (the reference the tests compare the fast path with)."""
    within = rules.ranking.within
    groups = {unit.id: group_of(unit, within) for unit in units}
    scored, h1_inputs = _scored_sheet(sheet, rules, indicators, groups, board_indicators, midterm)
    d = rules.scoring.decimals
    precisions = _precisions(d)
    cells, rows, categories = scored.cells.copy(), scored.units.copy(), scored.categories.copy()
    cells["raw"], cells["raw_bound"] = cells["value"], np.abs(cells["value"].to_numpy()) * 2.0**-53
    unsafe_cells = _publish_frame(cells, ("normalised", "contribution", "weight", "raw"), precisions,
                                  {q: cells[f"{q}_bound"].to_numpy() for q in ("normalised", "contribution", "weight", "raw")})
    unsafe_categories = _publish_frame(categories, ("weight",), precisions, {"weight": categories["weight_bound"].to_numpy()})
    rows["score"] = rows["unrounded"]
    row_bounds = {q: rows[f"{q}_bound"].to_numpy() for q in ("composite", "midterm", "blended", "unrounded")}
    row_bounds.update(score=row_bounds["unrounded"], bonus=np.zeros(len(rows)), penalty=np.zeros(len(rows)))
    unsafe_rows = _publish_frame(rows, ("composite", "midterm", "blended", "unrounded", "bonus", "penalty", "score"),
                                 precisions, row_bounds)
    unsafe = set(rows.loc[unsafe_rows, "unit_id"]) | set(cells.loc[unsafe_cells, "unit_id"]) | \
        set(categories.loc[unsafe_categories, "unit_id"])
    if force_exact:
        unsafe = set(rows["unit_id"])
    rows["exact"] = rows["unit_id"].isin(unsafe)
    if unsafe:
        _recompute_exactly(sorted(unsafe), scored, rules, indicators, h1_inputs, rows, cells, categories, precisions)
    rows["score"] = rows[col("score", d)]

    competition, dense, sizes = group_ranks(score_keys(rows["score"].to_numpy(), d), rows["group"])
    rows["competition_rank"] = competition
    rows["rank"] = dense if rules.ranking.ties == "dense" else competition
    rows["group_size"] = sizes
    tiers = assign_tiers(rules.tiers, competition, sizes, rows["score"].to_numpy())
    rows["tier"], rows["tier_condition"], rows["tier_threshold"] = tiers.level, tiers.condition, tiers.threshold
    previous_ranks = dict(zip(previous.rows["unit_id"], previous.rows["rank"], strict=True)) if previous is not None else {}
    rows["previous_rank"] = rows["unit_id"].map(previous_ranks).astype("Int64")
    rows["rank_change"] = rank_change(rows["previous_rank"], rows["rank"].astype("Int64"))
    rows["grade"] = None
    rows["flags"] = [() for _ in range(len(rows))]

    order = {unit.id: (unit.order, unit.id) for unit in units}
    groups_in_order = group_order(units, within)
    position = {group: index for index, group in enumerate(groups_in_order)}
    rows["_sort"] = [(position[g], r, order[u]) for g, r, u in zip(rows["group"], rows["rank"], rows["unit_id"], strict=True)]
    rows = rows.sort_values("_sort", kind="stable").drop(columns=["_sort"]).reset_index(drop=True)
    rank_position = {u: i for i, u in enumerate(rows["unit_id"])}
    cells = cells.sort_values(by="unit_id", key=lambda s: s.map(rank_position), kind="stable").reset_index(drop=True)
    categories = categories.sort_values(by="unit_id", key=lambda s: s.map(rank_position), kind="stable").reset_index(drop=True)
    ranked = set(rows["unit_id"])
    absent = tuple(sorted((u.id for u in units if u.id not in ranked), key=lambda i: order[i]))
    present_groups = tuple(g for g in groups_in_order if g in set(rows["group"]))
    bounds = [c for c in rows.columns if c.endswith("_bound")]
    return UnitBoard(
        period=sheet.period, id=sheet.board, title=title, source=sheet.source,
        indicator_ids=tuple(board_indicators) if board_indicators is not None else sheet.indicator_ids,
        rules=rules, groups=present_groups,
        rows=rows.drop(columns=bounds + ["composite", "midterm", "blended", "unrounded"]),
        parts=cells.drop(columns=[c for c in cells.columns if c.endswith("_bound")] +
                         ["value", "text", "normalised", "contribution", "weight", "group", "row", "column"],
                         errors="ignore"),
        categories=categories.drop(columns=["weight", "weight_bound"]),
        absent=absent,
    )


def _recompute_exactly(unit_ids: Sequence[str], scored: Scored, rules: RuleSet, indicators: Mapping[str, Indicator],
                       h1_inputs: _ExactInputs | None, rows: pd.DataFrame, cells: pd.DataFrame,
                       categories: pd.DataFrame, precisions: Mapping[str, tuple[int, ...]]) -> None:
    inputs = _ExactInputs(scored, rules, indicators)
    row_of = {u: i for i, u in zip(rows.index, rows["unit_id"], strict=True)}
    for unit_id in unit_ids:
        index = row_of[unit_id]
        group = rows.at[index, "group"]
        midterm = None
        if h1_inputs is not None:
            midterm = h1_inputs.score(unit_id, group, None).composite
        result = inputs.score(unit_id, group, midterm)
        quantities: dict[str, Fraction | None] = {
            "composite": result.composite, "blended": result.blended, "unrounded": result.unrounded,
            "score": result.unrounded, "midterm": midterm,
            "bonus": Fraction(Decimal(rows.at[index, "bonus_text"])), "penalty": Fraction(Decimal(rows.at[index, "penalty_text"])),
        }
        for quantity, value in quantities.items():
            for decimals in precisions[quantity]:
                rows.at[index, col(quantity, decimals)] = np.nan if value is None else exact_round(value, decimals)
        mine = cells.index[cells["unit_id"] == unit_id]
        for cell_index in mine:
            indicator_id = cells.at[cell_index, "indicator_id"]
            text = cells.at[cell_index, "raw_text"]
            per_cell = {"normalised": result.normalised.get(indicator_id), "weight": result.weights.get(indicator_id),
                        "contribution": result.contributions.get(indicator_id),
                        "raw": Fraction(Decimal(text)) if text else None}
            for quantity, value in per_cell.items():
                for decimals in precisions[quantity]:
                    if value is None:
                        cells.at[cell_index, col(quantity, decimals)] = 0.0 if quantity in ("weight", "contribution") else np.nan
                    else:
                        cells.at[cell_index, col(quantity, decimals)] = exact_round(value, decimals)
        for cat_index in categories.index[categories["unit_id"] == unit_id]:
            weight = result.category_weights[categories.at[cat_index, "category_id"]]
            for decimals in precisions["weight"]:
                categories.at[cat_index, col("weight", decimals)] = exact_round(weight, decimals)
