"""Data checks against the previous period of the same length, on the same board (SPEC 7.1): a score or a
rank that moves more than a set amount, a unit ranked then and not now."""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd

from ..errors import Problem
from ..model.check_settings import RankMoveCheck
from ..model.types import Content, ResultSheet
from ..outcome import UnitBoard
from .checks_values import Finding, plain, share_text


def _name(content: Content, unit_id: str) -> str:
    unit = content.units_by_id.get(unit_id)
    return unit.name if unit is not None else unit_id


def score_moves(content: Content, sheet: ResultSheet, board: UnitBoard, previous: UnitBoard | None,
                max_points: Decimal) -> list[Finding]:
    """Each unit whose published score differs from the previous period's by more than `max_points`, compared
    as published (the rounded scores, exactly)."""
    if previous is None:
        return []
    before = dict(zip(previous.rows["unit_id"], previous.rows["score"], strict=True))
    found: list[Finding] = []
    rows = board.rows
    for unit_id, score, row in zip(rows["unit_id"], rows["score"], rows["row"], strict=True):
        old = before.get(unit_id)
        if old is None or math.isnan(old) or math.isnan(score) or abs(score - old) < float(max_points) - 1e-6:
            continue
        new_value = Decimal(f"{score:.{board.decimals}f}")
        old_value = Decimal(f"{old:.{previous.decimals}f}")
        delta = abs(new_value - old_value)
        if delta <= max_points:
            continue
        problem = Problem.at(sheet.source, int(row), "", "checks.score_move", unit=_name(content, unit_id),
                             previous=previous.period.label_message(), old=f"{old_value:f}", new=f"{new_value:f}",
                             delta=f"{delta:f}", limit=plain(max_points))
        found.append(Finding("score_move", problem, unit_id, sheet.period.id, sheet.board))
    return found


def rank_moves(content: Content, sheet: ResultSheet, board: UnitBoard, previous: UnitBoard | None,
               settings: RankMoveCheck) -> list[Finding]:
    """Each unit whose rank moved more than `max_places`, or else more than `max_share` of its group's size."""
    if previous is None:
        return []
    found: list[Finding] = []
    rows = board.rows
    label = previous.period.label_message()
    for unit_id, rank, before, size, row in zip(rows["unit_id"].tolist(), rows["rank"].tolist(),
                                                rows["previous_rank"].astype(object).tolist(), rows["group_size"].tolist(),
                                                rows["row"].tolist(), strict=True):
        if before is None or before is pd.NA:
            continue
        delta = abs(int(before) - int(rank))
        if settings.max_places is not None and delta <= settings.max_places:
            continue
        if settings.max_places is None and Decimal(delta) <= settings.max_share * int(size):
            continue
        common = {"unit": _name(content, unit_id), "previous": label, "old": int(before), "new": int(rank), "delta": delta}
        if settings.max_places is not None:
            problem = Problem.at(sheet.source, int(row), "", "checks.rank_move_places", limit=settings.max_places, **common)
        else:
            problem = Problem.at(sheet.source, int(row), "", "checks.rank_move", size=int(size),
                                 share=share_text(settings.max_share), **common)
        found.append(Finding("rank_move", problem, unit_id, sheet.period.id, sheet.board))
    return found


def dropped_units(content: Content, sheet: ResultSheet, board: UnitBoard, previous: UnitBoard | None) -> list[Finding]:
    """Each unit ranked on the previous period's board and not on this one: not in the file (the file is
    named), or in it with nothing that counts (its row is)."""
    if previous is None:
        return []
    ranked = set(board.rows["unit_id"])
    rows_in_file = dict(zip(sheet.entries["unit_id"], sheet.entries["row"], strict=True))
    found: list[Finding] = []
    for unit_id in previous.rows["unit_id"]:
        if unit_id in ranked:
            continue
        params = {"unit": _name(content, unit_id), "previous": previous.period.label_message()}
        if unit_id in rows_in_file:
            problem = Problem.at(sheet.source, int(rows_in_file[unit_id]), "", "checks.dropped_na", **params)
        else:
            problem = Problem.at(sheet.source, 0, "", "checks.dropped", **params)
        found.append(Finding("dropped", problem, unit_id, sheet.period.id, sheet.board))
    return found
