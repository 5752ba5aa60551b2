"""A ranked, tiered board of units for one period (SPEC 3.1–3.3): scores in floats with proven rounding,
exact recomputation of the rows near a rounding boundary, ranks within groups, tiers, previous ranks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np
import pandas as pd

from ..errors import Message
from ..fingerprint import indicator_cell_digests, per_unit_digests, row_hashes
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


Unsafe = dict[tuple[str, int], np.ndarray]  # (quantity, decimals) -> positions not provably safe


def _publish_frame(frame: pd.DataFrame, quantities: Sequence[str], precisions: Mapping[str, tuple[int, ...]],
                   bounds: Mapping[str, np.ndarray]) -> Unsafe:
    """Adds the `<quantity>@<decimals>` columns to `frame`; returns where the float rounding is not proven."""
    unsafe: Unsafe = {}
    for quantity in quantities:
        values = frame[quantity].to_numpy(dtype="float64")
        for decimals in precisions[quantity]:
            rounded, risky = publish(values, bounds[quantity], decimals)
            frame[col(quantity, decimals)] = rounded
            if risky.any():
                unsafe[(quantity, decimals)] = np.flatnonzero(risky)
    return unsafe


def _everything(frame: pd.DataFrame, quantities: Sequence[str], precisions: Mapping[str, tuple[int, ...]]) -> Unsafe:
    every = np.arange(len(frame))
    return {(q, d): every for q in quantities for d in precisions[q] if len(frame)}


def _scored_sheet(sheet: ResultSheet, rules: RuleSet, indicators: Mapping[str, Indicator],
                  groups: Mapping[str, str | None], board_indicators: Sequence[str] | None,
                  midterm: Midterm | None) -> tuple[Scored, exact.ExactSheet | None]:
    blend = None
    h1_exact = None
    if midterm is not None and rules.scoring.midterm_weight is not None:
        h1 = score(midterm.sheet, midterm.board_indicators, groups, indicators, midterm.rules.scoring)
        h1_exact = exact.ExactSheet(h1.cells, h1.units, midterm.rules.scoring, indicators)
        blend = {u: (c, b) for u, c, b in zip(h1.units["unit_id"], h1.units["composite"], h1.units["composite_bound"],
                                               strict=True)}
    return score(sheet, board_indicators, groups, indicators, rules.scoring, blend), h1_exact


def compute_unit_board(sheet: ResultSheet, title: str | Message, units: Sequence[Unit], indicators: Mapping[str, Indicator],
                       rules: RuleSet, board_indicators: Sequence[str] | None = None,
                       previous: UnitBoard | None = None, midterm: Midterm | None = None,
                       force_exact: bool = False) -> UnitBoard:
    """Score, rank and tier every unit of `sheet` within its ranking group, with its rank on `previous`.
    `force_exact`: recompute every row exactly (the reference the tests compare the fast path with)."""
    return with_previous(score_board(sheet, title, units, indicators, rules, board_indicators, midterm, force_exact),
                         previous)


def with_previous(board: UnitBoard, previous: UnitBoard | None) -> UnitBoard:
    """`board` with each unit's rank on the board before it and the change (the only thing a board takes
    from another, so that boards can be scored independently, and in parallel)."""
    rows = board.rows.copy()
    previous_ranks = dict(zip(previous.rows["unit_id"], previous.rows["rank"], strict=True)) if previous is not None else {}
    rows["previous_rank"] = rows["unit_id"].map(previous_ranks).astype("Int64")
    rows["rank_change"] = rank_change(rows["previous_rank"], rows["rank"].astype("Int64"))
    # A unit's digest was taken when the board was scored; only its previous rank is new here (the change
    # follows from it and the rank).
    scored = board.unit_digests
    unit_digests = {unit_id: f"{scored.get(unit_id, '')}:{previous_rank}" for unit_id, previous_rank in
                    zip(rows["unit_id"].tolist(), rows["previous_rank"].astype(object).tolist(), strict=True)}
    return replace(board, rows=rows, unit_digests=unit_digests)


def score_board(sheet: ResultSheet, title: str | Message, units: Sequence[Unit], indicators: Mapping[str, Indicator],
                rules: RuleSet, board_indicators: Sequence[str] | None = None, midterm: Midterm | None = None,
                force_exact: bool = False) -> UnitBoard:
    """The board of `sheet` without previous ranks (see `with_previous`)."""
    within = rules.ranking.within
    groups = {unit.id: group_of(unit, within) for unit in units}
    scored, h1_exact = _scored_sheet(sheet, rules, indicators, groups, board_indicators, midterm)
    d = rules.scoring.decimals
    precisions = _precisions(d)
    cells, rows, categories = scored.cells.copy(), scored.units.copy(), scored.categories.copy()
    cells["raw"], cells["raw_bound"] = cells["value"], np.abs(cells["value"].to_numpy()) * 2.0**-53
    cell_quantities = ("normalised", "contribution", "weight", "raw")
    row_quantities = ("composite", "midterm", "blended", "unrounded", "bonus", "penalty", "score")
    unsafe_cells = _publish_frame(cells, cell_quantities, precisions,
                                  {q: cells[f"{q}_bound"].to_numpy() for q in cell_quantities})
    unsafe_categories = _publish_frame(categories, ("weight",), precisions, {"weight": categories["weight_bound"].to_numpy()})
    rows["score"] = rows["unrounded"]
    row_bounds = {q: rows[f"{q}_bound"].to_numpy() for q in ("composite", "midterm", "blended", "unrounded")}
    row_bounds.update(score=row_bounds["unrounded"], bonus=np.zeros(len(rows)), penalty=np.zeros(len(rows)))
    unsafe_rows = _publish_frame(rows, row_quantities, precisions, row_bounds)
    if force_exact:
        unsafe_cells = _everything(cells, cell_quantities, precisions)
        unsafe_categories = _everything(categories, ("weight",), precisions)
        unsafe_rows = _everything(rows, row_quantities, precisions)
    touched = _recompute_exactly(scored, rules, indicators, h1_exact, (cells, unsafe_cells),
                                 (categories, unsafe_categories), (rows, unsafe_rows))
    rows["exact"] = rows["unit_id"].isin(touched)
    rows["score"] = rows[col("score", d)]

    competition, dense, sizes = group_ranks(score_keys(rows["score"].to_numpy(), d), rows["group"])
    rows["competition_rank"] = competition
    rows["rank"] = dense if rules.ranking.ties == "dense" else competition
    rows["group_size"] = sizes
    tiers = assign_tiers(rules.tiers, competition, sizes, rows["score"].to_numpy())
    rows["tier"], rows["tier_condition"], rows["tier_threshold"] = tiers.level, tiers.condition, tiers.threshold
    rows["previous_rank"] = pd.array([pd.NA] * len(rows), dtype="Int64")
    rows["rank_change"] = pd.array([pd.NA] * len(rows), dtype="Int64")
    rows["grade"] = None
    rows["flags"] = [() for _ in range(len(rows))]

    order = {unit.id: (unit.order, unit.id) for unit in units}
    groups_in_order = group_order(units, within)
    position = {group: index for index, group in enumerate(groups_in_order)}
    keys = [(position[g], r, order[u]) for g, r, u in zip(rows["group"], rows["rank"], rows["unit_id"], strict=True)]
    rows = rows.iloc[sorted(range(len(rows)), key=keys.__getitem__)].reset_index(drop=True)
    rank_position = {u: i for i, u in enumerate(rows["unit_id"])}
    cells = _in_row_order(cells, rank_position)
    categories = _in_row_order(categories, rank_position)
    ranked = set(rows["unit_id"])
    absent = tuple(sorted((u.id for u in units if u.id not in ranked), key=lambda i: order[i]))
    present_groups = tuple(g for g in groups_in_order if g in set(rows["group"]))
    bounds = [c for c in rows.columns if c.endswith("_bound")]
    rows = rows.drop(columns=[*bounds, "composite", "midterm", "blended", "unrounded"])
    cells = cells.drop(columns=[c for c in cells.columns if c.endswith("_bound")] +
                       ["value", "text", "normalised", "contribution", "weight", "group", "row", "column"], errors="ignore")
    categories = categories.drop(columns=["weight", "weight_bound"])
    return UnitBoard(
        period=sheet.period, id=sheet.board, title=title, source=sheet.source,
        indicator_ids=tuple(board_indicators) if board_indicators is not None else sheet.indicator_ids,
        rules=rules, groups=present_groups, rows=rows, parts=cells, categories=categories, absent=absent,
        unit_digests=_unit_digests(rows, cells, categories),  # completed by `with_previous`
        indicator_digests=indicator_cell_digests(cells),
    )


def _unit_digests(rows: pd.DataFrame, cells: pd.DataFrame, categories: pd.DataFrame) -> dict[str, str]:
    """unit id -> digest of its cells and category weights, with the 64-bit hash of its row (one per unit)."""
    parts = per_unit_digests(cells, categories)
    return {unit_id: f"{parts.get(unit_id, '')}:{row:016x}"
            for unit_id, row in zip(rows["unit_id"].tolist(), row_hashes(rows).tolist(), strict=True)}


def _in_row_order(frame: pd.DataFrame, position: Mapping[str, int]) -> pd.DataFrame:
    keys = pd.Index(list(position), dtype=object).get_indexer(pd.Index(frame["unit_id"]))
    return frame.iloc[np.argsort(keys, kind="stable")].reset_index(drop=True)


def _recompute_exactly(scored: Scored, rules: RuleSet, indicators: Mapping[str, Indicator], h1: exact.ExactSheet | None,
                       cells: tuple[pd.DataFrame, Unsafe], categories: tuple[pd.DataFrame, Unsafe],
                       rows: tuple[pd.DataFrame, Unsafe]) -> set[str]:
    """Exact values in place of the float ones whose rounding the bounds could not prove; returns the units
    touched. Only those values are computed (and what they need), each in decimals or, failing that,
    fractions."""
    if not (cells[1] or categories[1] or rows[1]):
        return set()
    sheet = exact.ExactSheet(scored.cells, scored.units, rules.scoring, indicators)
    touched: set[str] = set()
    cell_units = cells[0]["unit_id"].to_numpy()
    texts = cells[0]["raw_text"].to_numpy()
    applicable = cells[0]["applicable"].to_numpy()
    indicator_ids = cells[0]["indicator_id"].to_numpy()

    def cell_value(quantity: str, index: int) -> exact.Exact | None:
        unit_id = cell_units[index]
        if quantity == "raw":
            return Decimal(texts[index]) if texts[index] else None
        if quantity == "normalised":
            return sheet.normalised(index)
        if quantity == "weight":
            return sheet.shares(unit_id)[0][indicator_ids[index]] if applicable[index] else Decimal(0)
        return sheet.contribution(index, unit_id)

    category_units = categories[0]["unit_id"].to_numpy()
    category_ids = categories[0]["category_id"].to_numpy()
    row_units = rows[0]["unit_id"].to_numpy()
    weight = rules.scoring.midterm_weight if rules.scoring.midterm_weight is not None and h1 is not None else None
    totals: dict[str, dict[str, exact.Exact | None]] = {}

    def row_value(quantity: str, index: int) -> exact.Exact | None:
        unit_id = row_units[index]
        if quantity in ("bonus", "penalty"):
            return Decimal(str(rows[0].at[index, f"{quantity}_text"]))
        if unit_id not in totals:
            composite = sheet.composite(unit_id)
            midterm = h1.composite(unit_id) if h1 is not None and weight is not None else None
            blended = exact.blend(composite, midterm, weight)
            unrounded = sheet.unrounded(unit_id, blended)
            totals[unit_id] = {"composite": composite, "midterm": midterm, "blended": blended, "unrounded": unrounded,
                               "score": unrounded}
        return totals[unit_id][quantity]

    for (frame, unsafe), units, value_of in (
            (cells, cell_units, cell_value),
            (categories, category_units, lambda q, i: sheet.shares(str(category_units[i]))[1][str(category_ids[i])]),
            (rows, row_units, row_value)):
        for (quantity, decimals), positions in unsafe.items():
            name = col(quantity, decimals)
            values = frame[name].to_numpy(dtype="float64", copy=True)
            for index in positions:
                value = value_of(quantity, int(index))
                values[index] = np.nan if value is None else exact_round(value, decimals)
                touched.add(units[index])
            frame[name] = values
    return touched
