"""tasks.csv → the 揭榜领题 tasks: id, title, claimant, level, unit, claimed_on, due, status, progress[, note].

Checked column by column, so that a table of 200,000 tasks takes a second, not minutes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import Problem
from ..load.cells import FIRST_DATE, LAST_DATE, parse_date, parse_numbers
from ..load.tables import Table
from .common import MAX_TEXT, Checks
from .lookup import Lookup, Suggester
from .types import TASK_COLUMNS, TASK_STATUSES

REQUIRED = ("id", "title", "claimant", "level", "unit", "claimed_on", "due", "status", "progress")
DONE = "已完成"


def empty_tasks() -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series(dtype=object) for name in TASK_COLUMNS})
    return frame.astype({"claimed_on": "datetime64[s]", "due": "datetime64[s]", "progress": "int64", "row": "int64"})


def _dates(checks: Checks, texts: pd.Series, label: str) -> pd.Series:
    """datetime64[s] per row (NaT where refused): ISO dates at C speed, the rest one by one."""
    parsed = pd.to_datetime(texts, format="%Y-%m-%d", errors="coerce").astype("datetime64[s]")
    for row in texts.index[(parsed.isna()).to_numpy()]:
        text = texts[row]
        if not text:
            checks.add(int(row), label, "cell.empty")
            continue
        value = checks.date(int(row), label, text)
        if value is not None:
            parsed[row] = pd.Timestamp(value)
    outside = parsed.notna() & ((parsed < pd.Timestamp(FIRST_DATE)) | (parsed > pd.Timestamp(LAST_DATE)))
    for row in texts.index[outside.to_numpy()]:
        checks.add(int(row), label, "cell.date_range", value=texts[row], first=FIRST_DATE.isoformat(),
                   last=LAST_DATE.isoformat())
        parsed[row] = None  # NaT in a datetime column
    return parsed


def check_tasks(table: Table | None, unit_lookup: Lookup) -> tuple[pd.DataFrame, list[Problem]]:
    if table is None:
        return empty_tasks(), []
    checks = Checks(table.source)
    if not checks.required(table, REQUIRED):
        return empty_tasks(), checks.problems
    column = {name: table.column(name) for name in (*REQUIRED, "note")}
    text = {name: table.text(col) for name, col in column.items() if col is not None}
    label = {name: col.label for name, col in column.items() if col is not None}
    ok = pd.Series(True, index=table.cells.index)

    ids = text["id"]
    bad_id = ~ids.str.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}")
    for row in ids.index[bad_id.to_numpy()]:
        checks.add(int(row), label["id"], "cell.empty" if not ids[row] else "cell.bad_slug", value=ids[row])
    repeated = ids.duplicated(keep="first") & ~bad_id
    firsts = ids[~ids.duplicated(keep="first")]
    first = {value: int(row) for row, value in zip(firsts.index.tolist(), firsts.tolist(), strict=True)}
    for row in ids.index[repeated.to_numpy()]:
        checks.add(int(row), label["id"], "cell.duplicate_id", value=ids[row], first=first[ids[row]])
    ok &= ~bad_id & ~repeated
    for key in ("title", "claimant", "level"):
        empty = text[key] == ""
        for row in text[key].index[empty.to_numpy()]:
            checks.add(int(row), label[key], "cell.empty")
        long = text[key].str.len() > MAX_TEXT
        for row in text[key].index[long.to_numpy()]:
            checks.add(int(row), label[key], "cell.too_long", length=len(text[key][row]), limit=MAX_TEXT)
        ok &= ~empty & ~long

    unique = {value: unit_lookup.find(value) for value in text["unit"].unique() if value}
    units = text["unit"].map(lambda value: unique.get(value) or "")
    suggester = Suggester(unit_lookup)
    for row in units.index[(units == "").to_numpy()]:
        value = text["unit"][row]
        if not unit_lookup.is_silent(value):
            checks.add(int(row), label["unit"], "ref.unknown_unit", value=value, hint=suggester.hint(value))
    ok &= units != ""

    claimed = _dates(checks, text["claimed_on"], label["claimed_on"])
    due = _dates(checks, text["due"], label["due"])
    ok &= claimed.notna() & due.notna()
    before = claimed.notna() & due.notna() & (due < claimed)
    for row in due.index[before.to_numpy()]:
        checks.add(int(row), label["due"], "tasks.due_before_claim", due=parse_date(text["due"][row]),
                   claimed=parse_date(text["claimed_on"][row]))
    ok &= ~before

    status = text["status"]
    bad_status = ~status.isin(TASK_STATUSES)
    for row in status.index[bad_status.to_numpy()]:
        checks.add(int(row), label["status"], "tasks.status", value=status[row])
    ok &= ~bad_status

    progress, kinds = parse_numbers(text["progress"])
    kinds = kinds.where(kinds != "written", "")
    bad_progress = (kinds != "") | progress.isna() | (progress != np.floor(progress.fillna(0))) | \
        (progress < 0) | (progress > 100)
    for row in progress.index[bad_progress.to_numpy()]:
        checks.add(int(row), label["progress"], "tasks.progress", value=text["progress"][row])
    ok &= ~bad_progress
    unfinished = ~bad_progress & (status == DONE) & (progress != 100)
    for row in progress.index[unfinished.to_numpy()]:
        checks.add(int(row), label["progress"], "tasks.progress_done", value=int(progress[row]))

    keep = ok.to_numpy()
    notes = text.get("note", pd.Series("", index=table.cells.index, dtype=object))
    frame = pd.DataFrame({
        "id": ids[keep].to_numpy(dtype=object), "title": text["title"][keep].to_numpy(dtype=object),
        "claimant": text["claimant"][keep].to_numpy(dtype=object), "level": text["level"][keep].to_numpy(dtype=object),
        "unit_id": units[keep].to_numpy(dtype=object), "claimed_on": claimed[keep].to_numpy(dtype="datetime64[s]"),
        "due": due[keep].to_numpy(dtype="datetime64[s]"), "status": status[keep].to_numpy(dtype=object),
        "progress": progress[keep].fillna(0).to_numpy().astype("int64"), "note": notes[keep].to_numpy(dtype=object),
        "row": table.cells.index[keep].to_numpy(dtype="int64"),
    })
    return frame, checks.problems
