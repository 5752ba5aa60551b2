"""Open data: data/<period>.json and data/<period>.csv as SPEC section 4 says.

The JSON holds every published number of every row with the explanation of how it was computed; the CSV
the same rows flat, for Excel (UTF-8 with BOM). Both come from the boards' tables, row by row, with the
rounded numbers the rules published (never rounded again here).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import orjson
import pandas as pd

from ..errors import Message
from ..i18n import Translator
from ..model.types import MAIN_BOARD, Content
from ..outcome import Outcome, PeriodOutcome, StandingsBoard, UnitBoard, YearGrades, col, fine
from .indexes import BoardIndex

# Cells of a spreadsheet that begin with these run as formulas when opened in Excel (CSV injection): text
# cells that do are prefixed with an apostrophe, as OWASP recommends; numbers stay numbers.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _n(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _nullable(values: Any) -> Any:
    """A float column as objects, None where it is NaN (JSON null), for slicing row by row."""
    floats = np.asarray(values, dtype="float64")
    objects = floats.astype(object)
    objects[np.isnan(floats)] = None
    return objects


def _i(value: Any) -> int | None:
    return None if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else int(value)


def text_of(title: str | Message, tr: Translator) -> str:
    return title.text(tr) if isinstance(title, Message) else title


def _grade_explain(grades: YearGrades | None, unit_id: str, board: UnitBoard) -> dict[str, Any] | None:
    if board.period.kind != "year" or board.id != MAIN_BOARD or grades is None:
        return None
    record = grades.records.get(unit_id)
    if record is None:
        return None
    _, _, band_grade, demoted, source, band_min = record
    check = next((c for c in grades.checks if unit_id in c.demoted), None) if demoted else None
    return {"source": source, "band_grade": band_grade, "band_min": None if band_min is None else float(round(band_min, 4)),
            "demoted": bool(demoted), "quota_limit": check.limit if check else None}


def unit_rows(content: Content, outcome: Outcome, board: UnitBoard, index: BoardIndex | None = None) -> list[dict[str, Any]]:
    d = board.decimals
    f = fine(d)
    rules = board.rules
    tiers = rules.tiers
    labels = {level.id: level.label for level in tiers.levels}
    flag_labels = {flag.id: flag.label for flag in content.config.flags}
    grades = outcome.years.get(board.period.year)
    index = index or BoardIndex.of(board)
    part = {name: _nullable(index.part_columns[name]) for name in
            (col("normalised", f), col("raw", f), col("weight", f), col("contribution", f))}
    ids_of, applicable_of = index.part_columns["indicator_id"], index.part_columns["applicable"]
    category = index.category_columns
    records = []
    for row in index.records:
        unit_id = row["unit_id"]
        found = index.parts.get(unit_id)
        if found is not None:
            ids, applicable = ids_of[found].tolist(), applicable_of[found].tolist()
            values = dict(zip(ids, part[col("normalised", f)][found].tolist(), strict=True))
            inputs = dict(zip(ids, part[col("raw", f)][found].tolist(), strict=True))
            weights = {i: w for i, w, a in zip(ids, part[col("weight", f)][found].tolist(), applicable, strict=True) if a}
            contributions = {i: c for i, c, a in zip(ids, part[col("contribution", f)][found].tolist(), applicable,
                                                     strict=True) if a}
        else:
            values, inputs, weights, contributions = {}, {}, {}, {}
        where = index.categories.get(unit_id)
        category_weights = dict(zip(category["category_id"][where].tolist(),
                                    map(_n, category[col("weight", f)][where].tolist()), strict=True)) \
            if where is not None else {}
        midterm = _n(row[col("midterm", f)])
        threshold = row["tier_threshold"]
        records.append({
            "unit_id": unit_id, "unit": content.unit(unit_id).name, "group": row["group"],
            "score": _n(row["score"]), "rank": int(row["rank"]), "group_size": int(row["group_size"]),
            "previous_rank": _i(row["previous_rank"]), "rank_change": _i(row["rank_change"]),
            "tier": row["tier"], "tier_label": labels.get(row["tier"], row["tier"]), "grade": row["grade"],
            "flags": list(row["flags"]), "flag_labels": [flag_labels.get(x, x) for x in row["flags"]],
            "values": values, "bonus": _n(row[col("bonus", f)]), "penalty": _n(row[col("penalty", f)]),
            "note": row["note"],
            "explain": {
                "normalize": rules.scoring.normalize, "inputs": inputs, "weights": weights,
                "contributions": contributions, "category_weights": category_weights,
                "composite": _n(row[col("composite", f)]),
                "midterm_weight": _n(rules.scoring.midterm_weight) if midterm is not None else None,
                "midterm_composite": midterm, "unrounded": _n(row[col("unrounded", f)]), "decimals": d,
                "rank": {"ties": rules.ranking.ties, "group": row["group"], "of": int(row["group_size"]),
                         "competition_rank": int(row["competition_rank"])},
                "tier": {"level": row["tier"], "condition": row["tier_condition"] or None,
                         "threshold": _n(threshold) if hasattr(threshold, "as_tuple") else _i(threshold),
                         "basis": tiers.basis},
                "grade": _grade_explain(grades, unit_id, board),
            },
        })
    return records


def standings_rows(content: Content, board: StandingsBoard) -> list[dict[str, Any]]:
    labels = {level.id: level.label for level in board.tiers.levels}
    return [{"indicator_id": r.indicator_id, "indicator": content.indicator(r.indicator_id).name, "rank": r.rank,
             "out_of": r.out_of, "tier": r.tier, "tier_label": labels.get(r.tier, r.tier),
             "responsible": list(r.responsible), "responsible_names": [content.unit(u).name for u in r.responsible],
             "note": r.note} for r in board.rows]


def period_data(content: Content, outcome: Outcome, period: PeriodOutcome, tr: Translator,
                indexes: Mapping[tuple[str, str], BoardIndex] | None = None) -> dict[str, Any]:
    boards = []
    for board in period.boards:
        common = {"id": board.id, "kind": board.kind, "title": text_of(board.title, tr)}
        if isinstance(board, UnitBoard):
            index = (indexes or {}).get((period.period.id, board.id))
            boards.append({**common, "indicators": list(board.indicator_ids), "not_ranked": list(board.absent),
                           "source": board.source, "rows": unit_rows(content, outcome, board, index)})
        else:
            boards.append({**common, "source": board.source, "rows": standings_rows(content, board)})
    return {"period": period.period.id, "boards": boards}


def period_json(data: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON, the same bytes as json.dumps(ensure_ascii=False, separators=(",", ":")) would give
    (numbers are bounded by the checks, |x| ≤ 1e9), ten times faster."""
    return orjson.dumps(data) + b"\n"


UNIT_COLUMNS = ("unit_id", "unit", "group", "score", "rank", "previous_rank", "rank_change", "tier", "tier_label",
                "grade", "flags")
STANDINGS_COLUMNS = ("indicator_id", "indicator", "rank", "out_of", "tier", "tier_label", "responsible")


def safe_text(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, neutralised; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def period_csv(data: Mapping[str, Any]) -> bytes:
    """Every board's rows with a `board` column: the machine columns of SPEC 4, each indicator's score under
    its id and its raw value under `<id>_raw`; UTF-8 with BOM so that Excel opens it as Chinese."""
    indicator_ids: list[str] = []
    for board in data["boards"]:
        for indicator in board.get("indicators", []):
            if indicator not in indicator_ids:
                indicator_ids.append(indicator)
    header = ["board", *UNIT_COLUMNS, *indicator_ids, *(f"{i}_raw" for i in indicator_ids), "bonus", "penalty"]
    if any(b["kind"] == "standings" for b in data["boards"]):
        header += [c for c in STANDINGS_COLUMNS if c not in header]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    unit_columns = [c for c in UNIT_COLUMNS if c != "flags"]
    standings_columns = [c for c in STANDINGS_COLUMNS if c != "responsible"]
    for board in data["boards"]:
        board_id = board["id"]
        for row in board["rows"]:
            record: dict[str, object] = {c: row[c] for c in (unit_columns if "unit_id" in row else standings_columns)}
            record["board"] = board_id
            if "flags" in row:
                record["flags"] = ";".join(row["flags"])
            if "responsible" in row:
                record["responsible"] = ";".join(row["responsible"])
            if "values" in row:
                record.update(row["values"])
                record.update(zip([f"{i}_raw" for i in row["explain"]["inputs"]], row["explain"]["inputs"].values(),
                                  strict=True))
                record["bonus"], record["penalty"] = row["bonus"], row["penalty"]
            writer.writerow(["" if (value := record.get(c)) is None else safe_text(value) for c in header])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
