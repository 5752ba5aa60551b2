"""Open data: data/<period>.json and data/<period>.csv exactly as SPEC section 4 says."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from ..model import Content
from ..rules import Outcome, PeriodOutcome, UnitBoard
from ..rules.boards import UnitRow
from ..rules.numbers import round_half_up
from ..rules.standings import StandingsBoard


def _number(value: Decimal | None, decimals: int) -> float | None:
    # JSON has no decimals: the shortest float repr of a rounded decimal prints the same digits.
    return None if value is None else float(round_half_up(value, decimals))


def unit_row_data(content: Content, outcome: Outcome, board: UnitBoard, row: UnitRow) -> dict[str, Any]:
    decimals = board.rules.scoring.decimals
    fine = decimals + 4
    explain = row.explain
    flags = [r for r in outcome.flags.get((row.unit_id, board.period.year), ()) if r.flag_id in row.flags]
    return {
        "unit_id": row.unit_id,
        "unit": content.unit(row.unit_id).name,
        "group": row.group,
        "score": _number(row.score, decimals),
        "rank": row.rank,
        "group_size": row.group_size,
        "previous_rank": row.previous_rank,
        "rank_change": row.rank_change,
        "tier": row.tier.level.id,
        "tier_label": row.tier.level.label,
        "grade": row.grade,
        "flags": list(row.flags),
        "flag_labels": [_flag_label(content, f.flag_id) for f in flags],
        "values": {i: _number(v, fine) for i, v in row.values.items()},
        "bonus": _number(explain.bonus, fine),
        "penalty": _number(explain.penalty, fine),
        "note": row.note,
        "explain": {
            "normalize": explain.method,
            "inputs": {p.indicator_id: _number(p.raw, fine) for p in explain.parts},
            "weights": {p.indicator_id: _number(p.weight, fine) for p in explain.parts if p.raw is not None},
            "contributions": {p.indicator_id: _number(p.contribution, fine) for p in explain.parts if p.raw is not None},
            "category_weights": {c: _number(w, fine) for c, w in explain.category_weights},
            "composite": _number(explain.composite, fine),
            "midterm_weight": _number(explain.midterm_weight, fine),
            "midterm_composite": _number(explain.midterm_composite, fine),
            "unrounded": _number(explain.unrounded, fine),
            "decimals": decimals,
            "rank": {"ties": board.rules.ranking.ties, "group": row.group, "of": row.group_size,
                     "competition_rank": row.competition_rank},
            "tier": {"level": row.tier.level.id, "condition": row.tier.condition,
                     "threshold": row.tier.threshold if not isinstance(row.tier.threshold, Decimal)
                     else _number(row.tier.threshold, fine), "basis": board.rules.tiers.basis},
            "grade": _grade_explain(outcome, row.unit_id, board),
        },
    }


def _flag_label(content: Content, flag_id: str) -> str:
    return next((f.label for f in content.config.flags if f.id == flag_id), flag_id)


def _grade_explain(outcome: Outcome, unit_id: str, board: UnitBoard) -> dict[str, Any] | None:
    if board.period.kind != "year" or board.id != "main":
        return None
    grades = outcome.years.get(board.period.year)
    result = grades.outcomes.get(unit_id) if grades else None
    if grades is None or result is None:
        return None
    check = next((c for c in grades.checks if unit_id in c.demoted), None)
    return {
        "source": result.source,
        "band_grade": result.band_grade,
        "band_min": _number(result.band_min, 4),
        "demoted": result.demoted,
        "quota_limit": check.limit if check else None,
    }


def standings_row_data(content: Content, board: StandingsBoard, row: Any) -> dict[str, Any]:
    return {
        "indicator_id": row.indicator_id,
        "indicator": content.indicator(row.indicator_id).name,
        "rank": row.rank,
        "out_of": row.out_of,
        "tier": row.tier.level.id,
        "tier_label": row.tier.level.label,
        "responsible": list(row.responsible),
        "responsible_names": [content.unit(u).name for u in row.responsible],
        "note": row.note,
    }


def period_data(content: Content, outcome: Outcome, period: PeriodOutcome) -> dict[str, Any]:
    boards = []
    for board in period.boards:
        if isinstance(board, UnitBoard):
            rows = [unit_row_data(content, outcome, board, row) for row in board.rows]
            extra = {"indicators": list(board.indicator_ids), "not_ranked": list(board.absent), "source": board.source}
        else:
            rows = [standings_row_data(content, board, row) for row in board.rows]
            extra = {"source": board.source}
        boards.append({"id": board.id, "kind": board.kind, "title": board.title, **extra, "rows": rows})
    return {"period": period.period.id, "boards": boards}


def period_json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


UNIT_COLUMNS = ("unit_id", "unit", "group", "score", "rank", "previous_rank", "rank_change", "tier", "grade", "flags")
STANDINGS_COLUMNS = ("indicator_id", "indicator", "rank", "out_of", "tier", "responsible")


def period_csv(data: dict[str, Any]) -> bytes:
    """Every board's rows with a `board` column; UTF-8 with BOM so that Excel opens it as Chinese."""
    indicator_ids: list[str] = []
    for board in data["boards"]:
        for indicator in board.get("indicators", []):
            if indicator not in indicator_ids:
                indicator_ids.append(indicator)
    has_standings = any(b["kind"] == "standings" for b in data["boards"])
    header = ["board", *UNIT_COLUMNS, *indicator_ids]
    if has_standings:
        header += [c for c in STANDINGS_COLUMNS if c not in header]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for board in data["boards"]:
        for row in board["rows"]:
            record = {"board": board["id"]}
            for key, value in row.items():
                if key == "values":
                    record.update({i: "" if v is None else v for i, v in value.items()})
                elif key in ("flags", "responsible"):
                    record[key] = ";".join(value)
                elif key in header:
                    record[key] = value
            writer.writerow(["" if record.get(col) is None else record.get(col, "") for col in header])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
