"""Builders of model-level inputs for the rules tests: units, indicators, result sheets and rule sets, built
directly as the model stage would hand them over (no file is read)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import pandas as pd

from generator.model.config import Category, Ranking, RuleSet, Scoring, TierLevel, Tiers
from generator.model.types import Indicator, ResultSheet, Unit
from generator.outcome import UnitBoard
from generator.periods import Period
from generator.rules.boards import Midterm, compute_unit_board

D = Decimal

THREE_CATEGORIES = (
    Category(id="party", name="党的建设", weight=D("0.30")),
    Category(id="industry", name="主导产业", weight=D("0.35")),
    Category(id="tasks", name="部门任务", weight=D("0.35")),
)


def ind(id: str, category: str = "party", weight: str = "1", direction: str = "higher", target: str | None = None,
        floor: str | None = None, applies_to: Sequence[str] = ()) -> Indicator:
    return Indicator(id=id, name=id.upper(), category=category, weight=D(weight), direction=direction, unit="",
                     target=D(target) if target is not None else None, floor=D(floor) if floor is not None else None,
                     responsible=(), applies_to=frozenset(applies_to))


def unit(id: str, kind: str = "dept", order: int = 0) -> Unit:
    return Unit(id=id, name=f"{id}名", kind=kind, short_name=id, order=order, columns={"id": id, "kind": kind})


def sheet(period: str, indicator_ids: Sequence[str], values: Mapping[str, Mapping[str, str | None]],
          bonus: Mapping[str, str] | None = None, penalty: Mapping[str, str] | None = None,
          indicators: Mapping[str, Indicator] | None = None, units: Sequence[Unit] = (),
          board: str = "main") -> ResultSheet:
    """A results file as the model stage types it. `values`: unit id -> indicator id -> the number as written
    (None = 不适用). With `indicators` and `units`, cells of indicators that do not apply to a unit's kind are
    left out, as the model stage leaves them out."""
    kinds = {u.id: u for u in units}
    cells = []
    for row, (unit_id, row_values) in enumerate(values.items(), start=2):
        for column, indicator_id in enumerate(indicator_ids):
            if indicators is not None and unit_id in kinds and not indicators[indicator_id].applies(kinds[unit_id]):
                continue
            if indicator_id not in row_values:
                continue
            text = row_values[indicator_id]
            cells.append({"unit_id": unit_id, "indicator_id": indicator_id,
                          "value": float("nan") if text is None else float(D(text)),
                          "text": "" if text is None else text, "row": row, "column": indicator_id.upper(),
                          "_order": column})
    frame = pd.DataFrame(cells, columns=["unit_id", "indicator_id", "value", "text", "row", "column", "_order"])
    frame = frame.drop(columns="_order").astype({"unit_id": object, "indicator_id": object, "value": "float64",
                                                 "text": object, "row": "int64", "column": object})
    bonus, penalty = bonus or {}, penalty or {}
    entries = pd.DataFrame({
        "unit_id": pd.Series(list(values), dtype=object),
        "row": pd.Series(range(2, len(values) + 2), dtype="int64"),
        "bonus": pd.Series([float(D(bonus.get(u, "0"))) for u in values], dtype="float64"),
        "penalty": pd.Series([float(D(penalty.get(u, "0"))) for u in values], dtype="float64"),
        "bonus_text": pd.Series([bonus.get(u, "0") for u in values], dtype=object),
        "penalty_text": pd.Series([penalty.get(u, "0") for u in values], dtype=object),
        "note": pd.Series(["" for _ in values], dtype=object),
        "file_rank": pd.Series(["" for _ in values], dtype=object),
    })
    suffix = "" if board == "main" else f"--{board}"
    return ResultSheet(Period.parse(period), board, f"results/{period}{suffix}.csv", tuple(indicator_ids), frame, entries)


def rank_tiers(top: int = 4, bottom: int = 3) -> Tiers:
    return Tiers(basis="rank", levels=(TierLevel(id="green", label="绿", top=top), TierLevel(id="yellow", label="黄"),
                                       TierLevel(id="red", label="红", bottom=bottom)))


def rules(normalize: str = "raw", ties: str = "min", within: str = "kind", tiers: Tiers | None = None,
          categories: tuple[Category, ...] | None = None, midterm_weight: str | None = None,
          decimals: int = 2) -> RuleSet:
    return RuleSet(
        scoring=Scoring(normalize=normalize, decimals=decimals, categories=categories,  # type: ignore[arg-type]
                        midterm_weight=D(midterm_weight) if midterm_weight is not None else None),
        ranking=Ranking(ties=ties, within=within),  # type: ignore[arg-type]
        tiers=tiers if tiers is not None else Tiers(),
    )


SCORE_ONLY = {"s": ind("s")}  # one raw indicator: the value is the score


def board(sheet_: ResultSheet, units: Sequence[Unit], indicators: Mapping[str, Indicator], the_rules: RuleSet,
          previous: UnitBoard | None = None, midterm: Midterm | None = None, force_exact: bool = False,
          board_indicators: Sequence[str] | None = None) -> UnitBoard:
    return compute_unit_board(sheet_, "title", units, indicators, the_rules, board_indicators, previous, midterm,
                              force_exact=force_exact)


def score_board(scores: Mapping[str, str | None], units: Sequence[Unit], the_rules: RuleSet, period: str = "2025",
                previous: UnitBoard | None = None, bonus: Mapping[str, str] | None = None) -> UnitBoard:
    """A board on the single raw indicator `s`: each unit's score is its value (plus bonus)."""
    return board(sheet(period, ("s",), {u: {"s": v} for u, v in scores.items()}, bonus=bonus), units, SCORE_ONLY,
                 the_rules, previous=previous)


def rows_of(b: UnitBoard, *columns: str) -> list[tuple[object, ...]]:
    """The board's rows in display order, as tuples of `columns` (pandas scalars turned into Python ones)."""
    out = []
    for record in b.rows[list(columns)].itertuples(index=False, name=None):
        out.append(tuple(None if (v is pd.NA or (isinstance(v, float) and v != v)) else
                         (v.item() if hasattr(v, "item") else v) for v in record))
    return out


def by_unit(b: UnitBoard) -> dict[str, tuple[str, int, str]]:
    """unit id -> (score printed with the board's decimals, rank, tier id)."""
    d = b.decimals
    return {u: (f"{s:.{d}f}", int(r), t) for u, s, r, t in zip(b.rows["unit_id"], b.rows["score"], b.rows["rank"],
                                                               b.rows["tier"], strict=True)}
