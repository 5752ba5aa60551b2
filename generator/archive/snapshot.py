"""`data/snapshot.json` of a frozen year: everything the year's pages are drawn from, exactly.

Archives are public records, so every schema ever written stays readable:
- version 1 (bags frozen before the version field existed, e.g. the demo's 2023 and 2024): the outcome
  types of that time, dumped by pydantic; read by `snapshot_v1`.
- version 2: `{"version": 2, "year", "units", "indicators", "periods": [{"period", "boards"}], "grades",
  "flags"}`, where each unit board holds its `rows`, `parts` and `categories` tables as lists of records
  with the columns of `outcome.ROW_COLUMNS` etc.; published numbers are the JSON floats of their rounded
  decimals (which round-trip exactly). Titles are the text the year was published with.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Message
from ..i18n import Translator
from ..model.config import RuleSet, Tiers
from ..model.types import Indicator, Unit
from ..outcome import (
    Board,
    CampaignGrades,
    PeriodOutcome,
    QuotaCheck,
    StandingRow,
    StandingsBoard,
    UnitBoard,
    YearGrades,
    flags_frame,
    outcomes_frame,
)
from ..periods import Period

VERSION = 2
KNOWN_VERSIONS = (1, 2)


@dataclass(frozen=True)
class Snapshot:
    year: int
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    periods: tuple[PeriodOutcome, ...]
    grades: YearGrades | None
    flags: pd.DataFrame = field(repr=False)  # the year's rows of Outcome.flags
    version: int = VERSION


@dataclass(frozen=True)
class Erratum:
    date: date
    what: str
    old: str
    new: str
    reason: str
    unit: str | None = None  # a unit id, so the unit's rows can show the correction beside the original
    period: str | None = None


@dataclass(frozen=True)
class FrozenYear:
    year: int
    frozen_on: date
    checksum: str  # sha256 of the payload manifest: one number that stands for the whole year
    snapshot: Snapshot
    inputs: Mapping[str, str]  # content-relative path -> sha256, as frozen
    files: Mapping[str, bytes] = field(repr=False)  # site path -> bytes (data/*.json, pdf/*.pdf), copied as is
    errata: tuple[Erratum, ...] = ()
    digest: str = ""  # of the bag's manifests: what every stage that reads the year depends on


class SnapshotVersionError(ValueError):
    def __init__(self, version: object) -> None:
        super().__init__(version)
        self.version = version


# -- writing (version 2) ----------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if np.isnan(value) else value
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if value is pd.NA:
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = list(frame.columns)
    return [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in frame.itertuples(index=False, name=None)]


def _title(title: str | Message, tr: Translator) -> str:
    return title.text(tr) if isinstance(title, Message) else title


def _board(board: Board, tr: Translator) -> dict[str, Any]:
    common = {"id": board.id, "title": _title(board.title, tr), "source": board.source}
    if isinstance(board, StandingsBoard):
        return {**common, "kind": "standings", "tiers": board.tiers.model_dump(mode="json"),
                "rows": [_plain(list(vars(r).values())) for r in board.rows]}
    return {**common, "kind": "units", "indicator_ids": list(board.indicator_ids), "rules": board.rules.model_dump(mode="json"),
            "groups": list(board.groups), "absent": list(board.absent), "rows": _records(board.rows),
            "parts": _records(board.parts), "categories": _records(board.categories)}


def encode(snapshot: Snapshot, tr: Translator) -> bytes:
    grades = snapshot.grades
    data = {
        "version": VERSION,
        "year": snapshot.year,
        "units": [{"id": u.id, "name": u.name, "kind": u.kind, "short_name": u.short_name, "order": u.order,
                   "columns": dict(u.columns)} for u in snapshot.units],
        "indicators": [{**{k: _plain(v) for k, v in vars(i).items() if k not in ("responsible", "applies_to")},
                        "responsible": list(i.responsible), "applies_to": sorted(i.applies_to)} for i in snapshot.indicators],
        "periods": [{"period": p.period.id, "boards": [_board(b, tr) for b in p.boards]} for p in snapshot.periods],
        "grades": None if grades is None else {
            "year": grades.year, "source": grades.source, "rules": grades.rules.model_dump(mode="json"),
            "outcomes": _records(grades.outcomes), "checks": [_plain(list(vars(c).values())) for c in grades.checks],
            "campaigns": [{"year": c.year, "campaign": c.campaign, "source": c.source, "counts": _plain(c.counts),
                           "persons": _plain(c.persons), "check": _plain(list(vars(c.check).values())) if c.check else None}
                          for c in grades.campaigns],
            "registered_source": grades.registered_source,
        },
        "flags": _records(snapshot.flags),
    }
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n").encode("utf-8")


# -- reading ---------------------------------------------------------------------------------------
def decode(data: bytes) -> Snapshot:
    raw = json.loads(data)
    version = raw.get("version", 1) if isinstance(raw, dict) else None
    if version == 1:
        from .snapshot_v1 import decode_v1

        return decode_v1(raw)
    if version != VERSION:
        raise SnapshotVersionError(version)
    return _decode_v2(raw)


def unit_of(raw: Mapping[str, Any]) -> Unit:
    return Unit(raw["id"], raw["name"], raw["kind"], raw.get("short_name", ""), int(raw.get("order", 0)),
                dict(raw.get("columns", {})))


def indicator_of(raw: Mapping[str, Any]) -> Indicator:
    number = {k: (Decimal(str(raw[k])) if raw.get(k) is not None else None) for k in ("target", "floor", "minimum", "maximum")}
    return Indicator(raw["id"], raw["name"], raw["category"], Decimal(str(raw["weight"])), raw["direction"],
                     raw.get("unit", ""), number["target"], number["floor"], tuple(raw.get("responsible", ())),
                     frozenset(raw.get("applies_to", ())), number["minimum"], number["maximum"], raw.get("definition", ""))


def _frame(records: list[dict[str, Any]], ints: tuple[str, ...] = (), nullable: tuple[str, ...] = (),
           tuples: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    for column in tuples:
        if column in frame:
            frame[column] = [tuple(v) if v is not None else () for v in frame[column]]
    for column in ints:
        if column in frame:
            frame[column] = frame[column].astype("int64")
    for column in nullable:
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    for column in frame.columns:
        # Numbers are float64 (NaN when absent): a column of nulls only (midterm@… without a blend) too.
        if "@" in column or column in ("score", "bonus", "penalty", "raw"):
            frame[column] = frame[column].astype("float64")
    if "tier_threshold" in frame:
        frame["tier_threshold"] = pd.Series([threshold_of(r.get("tier_threshold")) for r in records], index=frame.index,
                                            dtype=object)
    return frame


def threshold_of(value: Any) -> int | Decimal | None:
    """A tier bound as the rules hold it — a rank (int), a score (Decimal, a string in JSON) or None —, never a
    float, which pages would print as "名次 ≤ 16.0"."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return Decimal(value) if isinstance(value, str) else int(value)


def _quota_check(c: list[Any]) -> QuotaCheck:
    return QuotaCheck(c[0], c[1], c[2], c[3], c[4], c[5], tuple(c[6]))


def _decode_v2(raw: Mapping[str, Any]) -> Snapshot:
    periods = []
    for item in raw["periods"]:
        period = Period.parse(item["period"])
        boards: list[Board] = []
        for b in item["boards"]:
            if b["kind"] == "standings":
                standing_rows = tuple(StandingRow(r[0], r[1], r[2], r[3], r[4], r[5], tuple(r[6]), r[7])
                                      for r in b["rows"])
                boards.append(StandingsBoard(period, b["id"], b["title"], b["source"], Tiers.model_validate(b["tiers"]),
                                             standing_rows))
                continue
            rows = _frame(b["rows"], ints=("rank", "competition_rank", "group_size"),
                          nullable=("previous_rank", "rank_change"), tuples=("flags",))
            boards.append(UnitBoard(period, b["id"], b["title"], b["source"], tuple(b["indicator_ids"]),
                                    RuleSet.model_validate(b["rules"]), tuple(b["groups"]), rows,
                                    _frame(b["parts"]), _frame(b["categories"]), tuple(b["absent"])))
        periods.append(PeriodOutcome(period, tuple(boards)))
    grades = None
    if raw.get("grades") is not None:
        g = raw["grades"]
        outcomes = outcomes_frame([(o["unit_id"], o["grade"], o["band_grade"], o["demoted"], o["source"],
                                    Decimal(o["band_min"]) if o["band_min"] is not None else None) for o in g["outcomes"]])
        checks = tuple(_quota_check(c) for c in g["checks"])
        campaigns = tuple(CampaignGrades(c["year"], c["campaign"], c["source"], tuple(tuple(x) for x in c["counts"]),
                                         tuple(tuple(x) for x in c["persons"]),
                                         _quota_check(c["check"]) if c["check"] else None)
                          for c in g["campaigns"])
        grades = YearGrades(g["year"], g["source"], RuleSet.model_validate(g["rules"]), outcomes, checks, campaigns,
                            g["registered_source"])
    flags = flags_frame([(f["unit_id"], f["year"], f["flag_id"], f["met"], tuple(f["window"]), tuple(f["missing"]))
                         for f in raw.get("flags", [])])
    return Snapshot(raw["year"], tuple(unit_of(u) for u in raw["units"]), tuple(indicator_of(i) for i in raw["indicators"]),
                    tuple(periods), grades, flags, VERSION)
