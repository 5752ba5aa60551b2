"""Reading version 1 of `snapshot.json` (bags frozen before the version field, e.g. the demo's 2023 and 2024).

Version 1 held the outcome dataclasses of that time, dumped by pydantic: per unit row its score and an
`explain` with every intermediate value as an exact decimal (up to 40 digits). They are turned into the
current outcome types here, each published number rounded exactly from those decimals, so a frozen year
reads exactly as it was published.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

import numpy as np
import pandas as pd

from ..model.config import RuleSet, Tiers
from ..outcome import (
    WEIGHT_DECIMALS,
    Board,
    CampaignGrades,
    PeriodOutcome,
    QuotaCheck,
    StandingRow,
    StandingsBoard,
    UnitBoard,
    YearGrades,
    col,
    fine,
    flags_frame,
    outcomes_frame,
    shown,
)
from ..periods import Period
from .snapshot import Snapshot, indicator_of, threshold_of, unit_of


def _rounded(text: str | None, decimals: int) -> float:
    """The published number: the archived exact decimal rounded half away from zero."""
    if text is None:
        return np.nan
    with localcontext(prec=60):
        return float(Decimal(text).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _period(raw: Mapping[str, Any]) -> Period:
    return Period.make(raw["year"], raw["kind"], raw["index"])


def _canonical(text: str | None) -> str:
    return "" if text is None else f"{Decimal(text).normalize():f}"


def _unit_board(raw: Mapping[str, Any], period: Period) -> UnitBoard:
    rules = RuleSet.model_validate(raw["rules"])
    d = rules.scoring.decimals
    rows, parts, categories = [], [], []
    for row in raw["rows"]:
        explain = row["explain"]
        record: dict[str, Any] = {
            "unit_id": row["unit_id"], "group": row["group"], "rank": row["rank"], "competition_rank": row["competition_rank"],
            "group_size": row["group_size"], "previous_rank": row["previous_rank"], "rank_change": row["rank_change"],
            "tier": row["tier"]["level"]["id"], "tier_condition": row["tier"]["condition"] or "",
            "tier_threshold": row["tier"]["threshold"], "score": _rounded(row["score"], d),
            "bonus": float(Decimal(explain["bonus"])), "penalty": float(Decimal(explain["penalty"])),
            "bonus_text": _canonical(explain["bonus"]), "penalty_text": _canonical(explain["penalty"]),
            "note": row["note"], "file_rank": "", "row": 0, "grade": row["grade"], "flags": tuple(row["flags"]),
            "exact": True,
        }
        for decimals in (shown(d), fine(d)):
            record[col("composite", decimals)] = _rounded(explain["composite"], decimals)
            record[col("blended", decimals)] = _rounded(explain["blended"], decimals)
            record[col("unrounded", decimals)] = _rounded(explain["unrounded"], decimals)
            record[col("midterm", decimals)] = _rounded(explain["midterm_composite"], decimals)
        for decimals in (fine(d),):
            record[col("bonus", decimals)] = _rounded(explain["bonus"], decimals)
            record[col("penalty", decimals)] = _rounded(explain["penalty"], decimals)
        record[col("score", d)] = record["score"]
        rows.append(record)
        for part in explain["parts"]:
            applicable = part["raw"] is not None
            cell: dict[str, Any] = {"unit_id": row["unit_id"], "indicator_id": part["indicator_id"],
                                    "category_id": part["category_id"], "applicable": applicable,
                                    "raw": float(Decimal(part["raw"])) if applicable else np.nan,
                                    "raw_text": _canonical(part["raw"])}
            for decimals in (d, shown(d), fine(d)):
                cell[col("normalised", decimals)] = _rounded(part["normalised"], decimals)
            for decimals in (shown(d), fine(d)):
                cell[col("contribution", decimals)] = _rounded(part["contribution"], decimals) if applicable else 0.0
            for decimals in (WEIGHT_DECIMALS, fine(d)):
                cell[col("weight", decimals)] = _rounded(part["weight"], decimals) if applicable else 0.0
            cell[col("raw", fine(d))] = _rounded(part["raw"], fine(d))
            parts.append(cell)
        for category_id, weight in explain["category_weights"]:
            categories.append({"unit_id": row["unit_id"], "category_id": category_id,
                               **{col("weight", p): _rounded(weight, p) for p in (WEIGHT_DECIMALS, fine(d))}})
    frame = pd.DataFrame(rows)
    if len(frame):
        frame["previous_rank"] = frame["previous_rank"].astype("Int64")
        frame["rank_change"] = frame["rank_change"].astype("Int64")
        frame["tier_threshold"] = pd.Series([threshold_of(row["tier"]["threshold"]) for row in raw["rows"]],
                                            index=frame.index, dtype=object)
    return UnitBoard(period, raw["id"], raw["title"], raw["source"], tuple(raw["indicator_ids"]), rules,
                     tuple(raw["groups"]), frame, pd.DataFrame(parts), pd.DataFrame(categories), tuple(raw["absent"]))


def _standings_board(raw: Mapping[str, Any], period: Period) -> StandingsBoard:
    rows = tuple(StandingRow(r["indicator_id"], r["rank"], r["out_of"], r["tier"]["level"]["id"], r["tier"]["condition"] or "",
                             r["tier"]["threshold"], tuple(r["responsible"]), r["note"]) for r in raw["rows"])
    return StandingsBoard(period, raw["id"], raw["title"], raw["source"], Tiers.model_validate(raw["tiers"]), rows)


def _check(raw: Mapping[str, Any]) -> QuotaCheck:
    return QuotaCheck(raw["group"], raw["grade"], raw["size"], raw["limit"], raw["count_before"], raw["count"],
                      tuple(raw["demoted"]))


def _grades(raw: Mapping[str, Any]) -> YearGrades:
    rules = RuleSet.model_validate(raw["rules"])
    outcomes = outcomes_frame([(o["unit_id"], o["grade"], o["band_grade"], o["demoted"], o["source"],
                                Decimal(o["band_min"]) if o["band_min"] is not None else None)
                               for o in raw["outcomes"].values()])
    campaigns = []
    for campaign in raw.get("campaigns", []):
        sheet = campaign["sheet"]
        tally: dict[str, int] = {}
        for entry in sheet["entries"]:
            tally[entry["grade"]] = tally.get(entry["grade"], 0) + 1
        campaigns.append(CampaignGrades(
            sheet["year"], sheet["campaign"] or "", sheet["source"], tuple((g, tally.get(g, 0)) for g in rules.grades.scale),
            tuple((e["unit_id"], e["person"], e["post"], e["grade"]) for e in sheet["entries"]),
            _check(campaign["check"]) if campaign["check"] else None))
    return YearGrades(raw["year"], raw["source"], rules, outcomes, tuple(_check(c) for c in raw["checks"]),
                      tuple(campaigns), raw.get("registered_source"))


def decode_v1(raw: Mapping[str, Any]) -> Snapshot:
    periods = []
    for item in raw["periods"]:
        period = _period(item["period"])
        boards: list[Board] = [_standings_board(b, period) if "tiers" in b and "rules" not in b else _unit_board(b, period)
                               for b in item["boards"]]
        periods.append(PeriodOutcome(period, tuple(boards)))
    flags = flags_frame([(unit_id, raw["year"], f["flag_id"], f["met"], tuple(f["years"]), tuple(f["missing_years"]))
                         for unit_id, results in raw.get("flags", {}).items() for f in results])
    grades = _grades(raw["grades"]) if raw.get("grades") else None
    return Snapshot(raw["year"], tuple(unit_of(u) for u in raw["units"]), tuple(indicator_of(i) for i in raw["indicators"]),
                    tuple(periods), grades, flags, 1)
