"""The downloads for people and machines besides a period's JSON and CSV (SPEC 4): the period's boards as a
workbook, a year's boards and grades, the tasks, and each unit's history.

Each is a table (a DataFrame) made here from what the pages show, with the headers the page has: the boards
from the same frames as the board's page (a frozen year's from its archived snapshot, the numbers as
published), the scores at the board's decimals exactly as published (never rounded again from the open
data's finer numbers, which could round the other way). The XLSX files are written by `xlsx`; the CSV files
are for machines, with codes as headers, UTF-8 with BOM, text neutralised as in `data.period_csv`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from ..archive.snapshot import Erratum
from ..i18n import Translator
from ..model.config import Tiers
from ..model.types import Content
from ..outcome import PeriodOutcome, StandingsBoard, UnitBoard, YearGrades, col
from ..periods import Period
from .data import safe_text
from .indexes import BoardIndex
from .page_misc import TaskView
from .page_unit import grade_rule
from .views import board_name
from .xlsx import Sheet, workbook_bytes

NOT_APPLICABLE = "—"  # as the boards show an indicator that does not apply
CHANGE_FORMAT = "+0;-0;0"  # a rank change as a signed number
PERCENT_FORMAT = '0"%"'  # progress, held as a number of percent


def decimals_format(decimals: int) -> str:
    return "0." + "0" * decimals if decimals > 0 else "0"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV for Excel and for machines: UTF-8 with BOM, CRLF, empty for None, text that a spreadsheet would
    run as a formula neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if value is None else safe_text(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Names:
    """What the sheets name besides the boards' own rows: units, indicators (with their unit of measure) and
    flags, as the pages name them."""

    units: Mapping[str, str]
    indicators: Mapping[str, tuple[str, str]]  # id -> (name, unit of measure)
    flags: Mapping[str, str]

    @classmethod
    def of(cls, content: Content) -> Names:
        return cls({u.id: u.name for u in content.units_by_id.values()},
                   {i.id: (i.name, i.unit) for i in content.indicators_by_id.values()},
                   {f.id: f.label for f in content.config.flags})


def _tier_cells(levels: Sequence[str], tiers: Tiers) -> tuple[list[str], list[str | None]]:
    """Each row's tier as the page shows it (shape and label) and its fill colour."""
    found = {level.id: level for level in tiers.levels}
    looks = {i: (f"{tiers.shape_of(level)}{level.label}", tiers.color_of(level)) for i, level in found.items()}
    cells = [looks.get(level, (level, None)) for level in levels]
    return [text for text, _ in cells], [fill for _, fill in cells]


def _whole(values: Iterable[Any]) -> list[int | None]:
    """Whole numbers with gaps (None), kept whole (a numeric column would make them floats with NaN)."""
    return [None if v is None or v is pd.NA else int(v) for v in values]


def _texts(values: Iterable[Any]) -> list[str | None]:
    return [v if isinstance(v, str) and v else None for v in values]


def _indicator_columns(board: UnitBoard, positions: Mapping[str, int],
                       quantities: Sequence[str]) -> list[dict[str, list[Any] | np.ndarray]]:
    """Per quantity of the parts (the raw value, the score at the board's decimals: what the page shows) and
    indicator of the board, a column over the board's rows, "—" where the indicator does not apply to the
    unit (a 不适用 cell, or not one of the unit's kind), as on the page."""
    parts = board.parts
    n, ids = len(board.rows), board.indicator_ids
    where = {i: k for k, i in enumerate(ids)}
    rows = np.array([positions.get(u, -1) for u in parts["unit_id"].tolist()], dtype="int64")
    cols = np.array([where.get(i, -1) for i in parts["indicator_id"].tolist()], dtype="int64")
    keep = (rows >= 0) & (cols >= 0) & parts["applicable"].to_numpy(dtype=bool) if len(parts) else np.zeros(0, dtype=bool)
    rows, cols = rows[keep], cols[keep]
    result = []
    for quantity in quantities:
        values = np.full((n, len(ids)), np.nan)
        if len(parts):
            values[rows, cols] = parts[quantity].to_numpy(dtype="float64")[keep]
        columns: dict[str, list[Any] | np.ndarray] = {}
        for k, indicator_id in enumerate(ids):
            column = values[:, k]
            missing = np.isnan(column)
            columns[indicator_id] = [NOT_APPLICABLE if v != v else v for v in column.tolist()] if missing.any() else column
        result.append(columns)
    return result


def units_sheet(board: UnitBoard, name: str, names: Names, tr: Translator, show: str = "both") -> Sheet:
    """A units board as its page shows it: rank, unit, score, tier, change (group, grade and flags when any
    row has them), each indicator's raw value with its unit of measure in the header and its 0–100 score
    (or the one `show` names), bonus and penalty when a row has one, notes."""
    rows = board.rows
    d = board.decimals
    score_format = decimals_format(d)
    positions = {u: n for n, u in enumerate(rows["unit_id"].tolist())}
    tiers, fills = _tier_cells(rows["tier"].tolist(), board.rules.tiers)
    table: dict[str, Any] = {tr("名次"): rows["rank"].to_numpy(dtype="int64"),
                             tr("单位"): [names.units.get(u, u) for u in rows["unit_id"].tolist()]}
    groups = _texts(rows["group"].tolist())
    if any(groups):
        table[tr("类别")] = groups
    table[tr("综合得分")] = rows["score"].to_numpy(dtype="float64")
    table[tr("档次")] = tiers
    table[tr("较上期")] = _whole(rows["rank_change"].tolist())
    formats = {tr("综合得分"): score_format, tr("较上期"): CHANGE_FORMAT}
    grades = _texts(rows["grade"].tolist())
    if any(grades):
        table[tr("等次")] = grades
    flags = [tr("；").join(names.flags.get(f, f) for f in found) or None for found in rows["flags"].tolist()]
    if any(flags):
        table[tr("结果运用")] = flags
    raws, scores = _indicator_columns(board, positions, ("raw", col("normalised", d)))
    raws = raws if show in ("raw", "both") else {}
    scores = scores if show in ("score", "both") else {}
    for indicator_id in board.indicator_ids:
        indicator, measure = names.indicators.get(indicator_id, (indicator_id, ""))
        if indicator_id in raws:
            table[tr("{name}（{unit}）", name=indicator, unit=measure) if measure else indicator] = raws[indicator_id]
        if indicator_id in scores:
            head = tr("{name}（得分）", name=indicator)
            table[head] = scores[indicator_id]
            formats[head] = score_format
    for quantity, head in (("bonus", tr("加分")), ("penalty", tr("扣分"))):
        given = [text not in ("", "0") for text in rows[f"{quantity}_text"].tolist()]
        if any(given):
            table[head] = [float(v) if g else None for v, g in zip(rows[quantity].tolist(), given, strict=True)]
    notes = _texts(rows["note"].tolist())
    if any(notes):
        table[tr("备注")] = notes
    return Sheet(name, table, formats, {tr("档次"): fills}, freeze_columns=2)


def standings_sheet(board: StandingsBoard, name: str, names: Names, tr: Translator) -> Sheet:
    """A standings board (晾晒 of indicators) as its page shows it: the city's rank out of how many, the
    tier, the responsible units, the note."""
    rows = board.rows
    tiers, fills = _tier_cells([r.tier for r in rows], board.tiers)
    table = {tr("指标"): [names.indicators.get(r.indicator_id, (r.indicator_id, ""))[0] for r in rows],
             tr("全市排名"): [r.rank for r in rows], tr("参评数"): [r.out_of for r in rows], tr("档次"): tiers,
             tr("责任单位"): [tr("、").join(names.units.get(u, u) for u in r.responsible) for r in rows],
             tr("备注"): [r.note or None for r in rows]}
    return Sheet(name, pd.DataFrame(table) if rows else pd.DataFrame(columns=list(table)), {}, {tr("档次"): fills},
                 freeze_columns=1)


def board_sheets(period: PeriodOutcome, names: Names, tr: Translator, shows: Mapping[str, str] | None = None) -> list[Sheet]:
    """One sheet per board of the period, named as the board without its period."""
    label = period.period.label_message().text(tr)
    sheets = []
    for board in period.boards:
        named = board_name(board.title, label, tr)
        name = named.removeprefix(label).strip() or named
        if isinstance(board, StandingsBoard):
            sheets.append(standings_sheet(board, name, names, tr))
        else:
            sheets.append(units_sheet(board, name, names, tr, (shows or {}).get(board.id, "both")))
    return sheets


def period_xlsx(period: PeriodOutcome, names: Names, when: date, tr: Translator,
                shows: Mapping[str, str] | None = None) -> bytes:
    """data/<period>.xlsx: the period's boards for people."""
    return workbook_bytes(board_sheets(period, names, tr, shows), when, period.period.label_message().text(tr))


# A year: its grades (as the year's page lists them), its annual boards, campaigns and errata.

GRADE_COLUMNS = ("unit_id", "unit", "group", "score", "grade", "source", "band_grade", "demoted")


def grade_records(grades: YearGrades | None, annual: PeriodOutcome | None, names: Names,
                  order: Mapping[str, tuple[int, str]], tr: Translator) -> list[dict[str, Any]]:
    """Each graded unit (in units.csv order): its score and group on the year's main board, its grade and
    how it came about."""
    if grades is None:
        return []
    main = annual.main if annual else None
    on_board = {r[0]: (r[1], r[2]) for r in main.rows[["unit_id", "score", "group"]].itertuples(index=False, name=None)} \
        if main is not None else {}
    records = []
    for unit_id, grade, band_grade, demoted, source, _ in sorted(grades.outcomes.itertuples(index=False, name=None),
                                                                 key=lambda r: order.get(r[0], (0, r[0]))):
        score, group = on_board.get(unit_id, (None, None))
        records.append({"unit_id": unit_id, "unit": names.units.get(unit_id, unit_id),
                        "group": group if isinstance(group, str) else None, "score": score, "grade": grade,
                        "source": source, "band_grade": band_grade, "demoted": bool(demoted),
                        "rule": grade_rule(grades, unit_id, tr) or ""})
    return records


def year_csv(records: Sequence[Mapping[str, Any]]) -> bytes:
    """data/year-<year>.csv: the year's grades, one row per unit, machine columns."""
    return csv_bytes(GRADE_COLUMNS, ([r[c] for c in GRADE_COLUMNS] for r in records))


def year_xlsx(year: int, records: Sequence[Mapping[str, Any]], annual: PeriodOutcome | None, names: Names,
              grades: YearGrades | None, publish_persons: bool, errata: Sequence[Erratum], when: date,
              tr: Translator) -> bytes:
    """data/year-<year>.xlsx: the year's grades, its annual boards, its campaigns (persons only when they
    are published) and its errata."""
    sheets = []
    if records:
        frame = pd.DataFrame({tr("单位"): [r["unit"] for r in records], tr("综合得分"): [r["score"] for r in records],
                              tr("等次"): [r["grade"] for r in records], tr("类别"): [r["group"] for r in records],
                              tr("等次规则"): [r["rule"] for r in records]})
        decimals = annual.main.decimals if annual and annual.main else 2
        sheets.append(Sheet(tr("年度考核等次"), frame, {tr("综合得分"): decimals_format(decimals)}, freeze_columns=1))
    if annual is not None:
        sheets += board_sheets(annual, names, tr)
    for campaign in grades.campaigns if grades else ():
        if publish_persons and campaign.persons:
            frame = pd.DataFrame([(names.units.get(u, u), person, post, grade) for u, person, post, grade in campaign.persons],
                                 columns=[tr("单位"), tr("姓名"), tr("职务"), tr("等次")])
        else:
            frame = pd.DataFrame(list(campaign.counts), columns=[tr("等次"), tr("人数")])
        sheets.append(Sheet(tr("专项鉴定登记") + tr("：") + campaign.campaign, frame))
    if errata:
        frame = pd.DataFrame([(e.date, e.what, e.unit, e.old, e.new, e.reason) for e in errata],
                             columns=[tr("日期"), tr("更正事项"), tr("单位"), tr("原公布"), tr("更正为"), tr("更正原因")])
        sheets.append(Sheet(tr("勘误"), frame))
    return workbook_bytes(sheets, when, tr("{year} 年度考核结果", year=year))


# The tasks (揭榜领题).

TASK_COLUMNS = ("id", "title", "claimant", "level", "unit_id", "unit", "claimed_on", "due", "status", "status_label",
                "progress", "note", "warning", "warning_text")


def tasks_csv(tasks: Sequence[TaskView], tr: Translator) -> bytes:
    """data/tasks.csv: every task, machine columns (`status` as tasks.csv spells it, with its words in the site's
    language; `warning`: overdue | behind | empty, and its words)."""
    return csv_bytes(TASK_COLUMNS, ((t.id, t.title, t.claimant, t.level, t.unit_id, t.unit, t.claimed_on, t.due, t.status,
                                     tr(t.status), t.progress, t.note, t.warning_kind, t.warning) for t in tasks))


def tasks_xlsx(tasks: Sequence[TaskView], when: date, tr: Translator) -> bytes:
    """data/tasks.xlsx: every task as the tasks page lists it; dates as dates, progress as a number."""
    frame = pd.DataFrame({
        tr("编号"): [t.id for t in tasks], tr("题目"): [t.title for t in tasks], tr("领题人"): [t.claimant for t in tasks],
        tr("层级"): [t.level for t in tasks], tr("单位"): [t.unit for t in tasks],
        tr("认领日期"): [date.fromisoformat(t.claimed_on) if t.claimed_on else None for t in tasks],
        tr("完成时限"): [date.fromisoformat(t.due) if t.due else None for t in tasks],
        tr("状态"): [tr(t.status) for t in tasks], tr("进度"): [t.progress for t in tasks],
        tr("预警"): [t.warning for t in tasks], tr("备注"): [t.note or None for t in tasks]})
    formats = {tr("认领日期"): "yyyy-mm-dd", tr("完成时限"): "yyyy-mm-dd", tr("进度"): PERCENT_FORMAT}
    return workbook_bytes([Sheet(tr("揭榜领题"), frame, formats, freeze_columns=2)], when, tr("揭榜领题"))


# A unit's history: one row per period and board it was ranked on, oldest first.

HISTORY_COLUMNS = ("period", "period_label", "board", "board_title", "score", "rank", "group_size", "tier", "tier_label",
                   "rank_change", "grade")


def unit_history(unit_id: str, boards: Sequence[tuple[Period, BoardIndex]], labels: Mapping[str, str],
                 tr: Translator) -> list[dict[str, Any]]:
    """The unit's rows on every board it was ranked on, as its page's history table lists them."""
    records = []
    for period, index in boards:
        row = index.record(unit_id)
        if row is None:
            continue
        board = index.board
        tiers = board.rules.tiers
        level = next((level for level in tiers.levels if level.id == row["tier"]), None)
        change = row["rank_change"]
        label = labels[period.id]
        records.append({"period": period.id, "period_label": label, "board": board.id,
                        "board_title": board_name(board.title, label, tr), "score": float(row["score"]),
                        "rank": int(row["rank"]), "group_size": int(row["group_size"]), "tier": row["tier"],
                        "tier_label": level.label if level else row["tier"],
                        "rank_change": None if change is None or change is pd.NA else int(change),
                        "grade": row["grade"] if isinstance(row["grade"], str) else None,
                        "decimals": board.decimals,
                        "shape": tiers.shape_of(level) if level else "", "color": tiers.color_of(level) if level else None})
    return records


def unit_csv(records: Sequence[Mapping[str, Any]]) -> bytes:
    """data/units/<id>.csv: the unit's history, machine columns."""
    return csv_bytes(HISTORY_COLUMNS, ([r[c] for c in HISTORY_COLUMNS] for r in records))


def unit_xlsx(name: str, records: Sequence[Mapping[str, Any]], when: date, tr: Translator) -> bytes:
    """data/units/<id>.xlsx: the unit's history as its page's table shows it, with the tier's fill."""
    frame = {
        tr("期次"): [r["period_label"] for r in records], tr("晾晒表"): [r["board_title"] for r in records],
        tr("综合得分"): np.array([r["score"] for r in records], dtype="float64"),
        tr("名次"): np.array([r["rank"] for r in records], dtype="int64"),
        tr("参评数"): np.array([r["group_size"] for r in records], dtype="int64"),
        tr("档次"): [f"{r['shape']}{r['tier_label']}" for r in records],
        tr("较上期"): [r["rank_change"] for r in records], tr("等次"): [r["grade"] for r in records]}
    decimals = max((r["decimals"] for r in records), default=2)
    formats = {tr("综合得分"): decimals_format(decimals), tr("较上期"): CHANGE_FORMAT}
    return workbook_bytes([Sheet(tr("历次结果"), frame, formats, {tr("档次"): [r["color"] for r in records]},
                                 freeze_columns=2)], when, name)


__all__ = ["Names", "csv_bytes", "grade_records", "period_xlsx", "tasks_csv", "tasks_xlsx", "unit_csv", "unit_history",
           "unit_xlsx", "year_csv", "year_xlsx"]
