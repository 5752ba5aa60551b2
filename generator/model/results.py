"""results/<period>[--<board>].csv → ResultSheet, wide or long, checked column by column (vectorised).

Wide: a unit column (`unit`/`单位`, else the first), one column per indicator, optional bonus/penalty/note
columns; 序号, 排名 and 名次 are not read as data (the file's own rank is kept for the data checks).
Long: `unit, indicator, value` (or 单位, 指标, 数值), one row per unit and indicator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from ..errors import Problem
from ..load.cells import NOT_APPLICABLE, number_text, parse_numbers
from ..load.tables import Column, Table
from ..periods import Period
from .common import Checks
from .lookup import Lookup, Suggester, without_unit
from .types import Indicator, ResultSheet, Unit

UNIT_HEADERS = ("unit", "单位", "单位名称")
BONUS_HEADERS = ("bonus", "加分")
PENALTY_HEADERS = ("penalty", "扣分")
NOTE_HEADERS = ("note", "备注")
RANK_HEADERS = ("排名", "名次", "rank")
IGNORED_HEADERS = ("序号", "no", "no.", *RANK_HEADERS)
LONG_HEADERS = (("unit", "indicator", "value"), ("单位", "指标", "数值"))
BONUS_LIMIT = 10**4


@dataclass(frozen=True)
class SheetContext:
    """What checking one results file needs besides the file."""

    units: Mapping[str, Unit]
    indicators: Mapping[str, Indicator]
    unit_lookup: Lookup
    indicator_lookup: Lookup
    levels: Mapping[str, Decimal]  # scoring.levels of the file's year and board


def check_results(table: Table, period: Period, board: str, context: SheetContext) -> tuple[ResultSheet | None, list[Problem]]:
    checks = Checks(table.source)
    if not checks.has_rows(table):  # every unit would be 未参评: a file saved before its rows were pasted in
        return None, checks.problems
    names = {c.name.lower() for c in table.columns}
    long = next((h for h in LONG_HEADERS if set(h) <= names), None)
    if long is not None:
        frame, entries, indicator_ids = _read_long(checks, table, long, context)
        rank_column = ""
    else:
        frame, entries, indicator_ids, rank_column = _read_wide(checks, table, context)
    if entries is None:
        return None, checks.problems
    sheet = ResultSheet(period, board, table.source, tuple(indicator_ids), frame, entries, rank_column)
    return sheet, checks.problems


# -- shared ---------------------------------------------------------------------------------------
def _units_of(checks: Checks, table: Table, texts: pd.Series, label: str, context: SheetContext,
              duplicates: bool) -> pd.Series:
    """unit id per row ("" when the row is refused), with a problem for each unknown or repeated unit."""
    lookup = context.unit_lookup
    unique = {text: lookup.find(text) for text in texts.unique() if text}
    ids = texts.map(lambda text: unique.get(text) or "")
    suggester = Suggester(lookup)
    others = table.cells.drop(columns=[c for c in table.cells.columns if (texts.name is not None and c == texts.name)])
    # Plain lists and one pass each, never a Series lookup per row: a hostile file has a million rows.
    empty = (texts == "").to_numpy()
    if empty.any():
        filled = others[empty].astype(bool).any(axis=1)
        for row in filled.index[filled.to_numpy()].tolist():
            checks.add(int(row), label, "results.empty_row")
    rows, text_list, id_list = texts.index.tolist(), texts.tolist(), ids.tolist()
    for position in np.flatnonzero(((ids == "") & (texts != "")).to_numpy()).tolist():
        text = text_list[position]
        if not lookup.is_silent(text):
            checks.add(int(rows[position]), label, "ref.unknown_unit", value=text, hint=suggester.hint(text))
    if duplicates:
        first_rows: dict[str, int] = {}
        for position, unit in enumerate(id_list):
            if not unit:
                continue
            if unit in first_rows:
                checks.add(int(rows[position]), label, "results.duplicate_unit_row", value=text_list[position],
                           first=first_rows[unit])
                id_list[position] = ""
            else:
                first_rows[unit] = int(rows[position])
        ids = pd.Series(id_list, index=ids.index, name=ids.name, dtype=object)
    return ids


def _cell_values(checks: Checks, texts: np.ndarray, rows: np.ndarray, units: np.ndarray, indicator_ids: np.ndarray,
                 labels: np.ndarray, context: SheetContext) -> pd.DataFrame:
    """The counted cells (one per element of the equally long arrays): value (NaN = 不适用) and the exact
    text, for units the indicator applies to; a problem for each cell that is empty or not a number."""
    keep = units != ""
    kind_of = {u: unit.kind for u, unit in context.units.items()}
    kinds = pd.Series(units, dtype=object).map(kind_of).to_numpy()
    for indicator_id in pd.unique(indicator_ids):
        applies_to = context.indicators[indicator_id].applies_to
        if applies_to:
            keep &= ~((indicator_ids == indicator_id) & ~pd.Series(kinds, dtype=object).isin(applies_to).to_numpy())
    texts, rows, units, indicator_ids, labels = texts[keep], rows[keep], units[keep], indicator_ids[keep], labels[keep]
    series = pd.Series(texts, dtype=object)
    not_applicable = series.isin(NOT_APPLICABLE).to_numpy()
    levels = context.levels
    words = series.isin(list(levels)).to_numpy() if levels else np.zeros(len(texts), dtype=bool)
    numeric = ~not_applicable & ~words
    values, kinds_found = parse_numbers(series.where(numeric, ""))
    values_array = values.to_numpy(dtype="float64", copy=True)
    problem_kinds = kinds_found.to_numpy()
    names = {i: context.indicators[i].name for i in pd.unique(indicator_ids)}
    for index in np.flatnonzero(numeric & (texts == "")):
        checks.add(int(rows[index]), labels[index], "results.empty_value", unit=context.units[units[index]].name,
                   indicator=names[indicator_ids[index]])
    for index in np.flatnonzero(problem_kinds == "not_number"):
        if texts[index].startswith("="):
            checks.add(int(rows[index]), labels[index], "cell.formula", value=texts[index])
        elif levels:
            checks.add(int(rows[index]), labels[index], "results.bad_value", value=texts[index], levels="、".join(levels))
        else:
            checks.add(int(rows[index]), labels[index], "cell.not_number", value=texts[index])
    for index in np.flatnonzero(problem_kinds == "range"):
        checks.add(int(rows[index]), labels[index], "cell.number_range", value=texts[index], limit="1,000,000,000")
    exact = texts.copy()
    for index in np.flatnonzero(numeric & (problem_kinds == "written")):
        exact[index] = number_text(texts[index]) or ""
    problem_kinds = np.where(problem_kinds == "written", "", problem_kinds)
    for index in np.flatnonzero(words):
        values_array[index] = float(levels[texts[index]])
        exact[index] = f"{levels[texts[index]]}"
    values_array[not_applicable] = np.nan
    exact[not_applicable] = ""
    good = not_applicable | words | (numeric & (problem_kinds == "") & (texts != ""))
    return pd.DataFrame({"unit_id": units[good], "indicator_id": indicator_ids[good], "value": values_array[good],
                         "text": exact[good], "row": rows[good].astype("int64"), "column": labels[good]})


def _extra_number(checks: Checks, texts: pd.Series, label: str) -> tuple[pd.Series, pd.Series]:
    values, kinds = parse_numbers(texts)
    kinds = kinds.where(kinds != "written", "")
    for row in texts.index[(kinds == "not_number").to_numpy()]:
        checks.add(int(row), label, "cell.formula" if texts[row].startswith("=") else "cell.not_number", value=texts[row])
    too_big = values.abs() > BONUS_LIMIT
    for row in texts.index[((kinds == "range") | too_big).to_numpy()]:
        checks.add(int(row), label, "cell.number_range", value=texts[row], limit=f"{BONUS_LIMIT:,}")
    values = values.where(values.notna() & ~too_big, 0.0)
    exact = texts.map(lambda t: (number_text(t) if t else "0") if _is_number(t) else "0")
    return values.astype("float64"), exact


def _is_number(text: str) -> bool:
    try:
        return number_text(text) is not None or text == ""
    except ValueError:
        return False


def _entries(units: pd.Series, rows: pd.Index, bonus: tuple[pd.Series, pd.Series] | None,
             penalty: tuple[pd.Series, pd.Series] | None, note: pd.Series | None, rank: pd.Series | None) -> pd.DataFrame:
    keep = (units != "").to_numpy()
    index = rows[keep]
    zero = pd.Series(0.0, index=units.index)
    zero_text = pd.Series("0", index=units.index, dtype=object)
    empty = pd.Series("", index=units.index, dtype=object)
    return pd.DataFrame({
        "unit_id": units[keep].to_numpy(dtype=object),
        "row": index.to_numpy(dtype="int64"),
        "bonus": (bonus[0] if bonus else zero)[keep].to_numpy(dtype="float64"),
        "penalty": (penalty[0] if penalty else zero)[keep].to_numpy(dtype="float64"),
        "bonus_text": (bonus[1] if bonus else zero_text)[keep].to_numpy(dtype=object),
        "penalty_text": (penalty[1] if penalty else zero_text)[keep].to_numpy(dtype=object),
        "note": (note if note is not None else empty)[keep].to_numpy(dtype=object),
        "file_rank": (rank if rank is not None else empty)[keep].to_numpy(dtype=object),
    })


_VALUE_COLUMNS = {"unit_id": object, "indicator_id": object, "value": "float64", "text": object, "row": "int64",
                  "column": object}


def _concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in _VALUE_COLUMNS.items()})  # type: ignore[call-overload]
    return pd.concat(frames, ignore_index=True)


# -- wide -----------------------------------------------------------------------------------------
def _read_wide(checks: Checks, table: Table, context: SheetContext) -> tuple[pd.DataFrame, pd.DataFrame | None, list[str], str]:
    columns = list(table.columns)
    if not columns:
        checks.add(1, "", "results.no_indicators")
        return _concat([]), None, [], ""
    unit_column = next((c for c in columns if c.name.lower() in UNIT_HEADERS), None) or \
        next((c for c in columns if c.name.lower() not in IGNORED_HEADERS), columns[0])
    indicator_columns: dict[str, Column] = {}
    special: dict[str, Column] = {}
    suggester = Suggester(context.indicator_lookup)
    for column in columns:
        lowered = column.name.lower()
        if column is unit_column:
            continue
        if lowered in RANK_HEADERS:
            special.setdefault("rank", column)
            continue
        if lowered in IGNORED_HEADERS:
            continue
        for key, headers in (("bonus", BONUS_HEADERS), ("penalty", PENALTY_HEADERS), ("note", NOTE_HEADERS)):
            if lowered in headers:
                special[key] = column
                break
        else:
            indicator_id = context.indicator_lookup.find_header(column.name)
            if indicator_id is None and context.indicator_lookup.is_silent(column.name):
                continue
            if indicator_id is None:
                checks.add(1, column.label, "results.unknown_column", value=column.name,
                           hint=suggester.hint(without_unit(column.name)))
            elif indicator_id in indicator_columns:
                checks.add(1, column.label, "results.duplicate_indicator_column", value=column.name,
                           first=indicator_columns[indicator_id].name)
            else:
                indicator_columns[indicator_id] = column
    if not indicator_columns:
        if not context.indicator_lookup.all_silent:
            checks.add(1, "", "results.no_indicators")
        return _concat([]), None, [], ""
    units = _units_of(checks, table, table.text(unit_column), unit_column.label, context, duplicates=True)
    positions = [column.index for column in indicator_columns.values()]
    block = table.cells[positions].to_numpy(dtype=object)
    count = len(positions)
    frames = [_cell_values(checks, block.ravel(), np.repeat(table.cells.index.to_numpy(), count),
                           np.repeat(units.to_numpy(dtype=object), count),
                           np.tile(np.array(list(indicator_columns), dtype=object), len(block)),
                           np.tile(np.array([c.label for c in indicator_columns.values()], dtype=object), len(block)),
                           context)]
    bonus = _extra_number(checks, table.text(special["bonus"]), special["bonus"].label) if "bonus" in special else None
    penalty = _extra_number(checks, table.text(special["penalty"]), special["penalty"].label) if "penalty" in special else None
    entries = _entries(units, units.index, bonus, penalty, table.text(special["note"]) if "note" in special else None,
                       table.text(special["rank"]) if "rank" in special else None)
    rank_label = special["rank"].label if "rank" in special else ""
    return _concat(frames), entries, list(indicator_columns), rank_label


# -- long -----------------------------------------------------------------------------------------
def _read_long(checks: Checks, table: Table, headers: tuple[str, str, str],
               context: SheetContext) -> tuple[pd.DataFrame, pd.DataFrame | None, list[str]]:
    by_name = {c.name.lower(): c for c in table.columns}
    unit_c, indicator_c, value_c = (by_name[h] for h in headers)
    for column in table.columns:  # read nowhere: said, not dropped silently (a bonus column, a note column)
        if column not in (unit_c, indicator_c, value_c) and column.name.lower() not in IGNORED_HEADERS:
            checks.add(1, column.label, "results.long_extra_column", value=column.name or column.label)
    units = _units_of(checks, table, table.text(unit_c), unit_c.label, context, duplicates=False)
    indicator_texts = table.text(indicator_c)
    lowered = indicator_texts.str.lower()
    kinds = pd.Series("", index=table.cells.index, dtype=object)
    for key, words in (("bonus", BONUS_HEADERS), ("penalty", PENALTY_HEADERS), ("note", NOTE_HEADERS)):
        kinds[lowered.isin(words)] = key
    lookup = context.indicator_lookup
    unique = {text: lookup.find_header(text) for text in indicator_texts[kinds == ""].unique()}
    indicator_ids = indicator_texts.map(lambda text: unique.get(text) or "")
    suggester = Suggester(lookup)
    for row in indicator_texts.index[((kinds == "") & (indicator_ids == "") & (units != "")).to_numpy()]:
        text = indicator_texts[row]
        if not lookup.is_silent(text):
            checks.add(int(row), indicator_c.label, "ref.unknown_indicator", value=text, hint=suggester.hint(text))
    values_text = table.text(value_c)
    usable = (units != "") & (indicator_ids != "")
    pairs = pd.DataFrame({"unit": units, "indicator": indicator_ids})[usable]
    repeated = pairs.duplicated(keep="first")
    firsts = pairs[~repeated]
    first = {(u, i): int(r) for r, u, i in zip(firsts.index.tolist(), firsts["unit"].tolist(), firsts["indicator"].tolist(),
                                              strict=True)}
    for row in pairs.index[repeated.to_numpy()]:
        unit_id, indicator_id = pairs.loc[row]
        checks.add(int(row), value_c.label, "results.duplicate_long_value", unit=context.units[unit_id].name,
                   indicator=context.indicators[indicator_id].name, first=first[(unit_id, indicator_id)])
    usable &= ~pd.Series(repeated, index=pairs.index).reindex(units.index, fill_value=False)
    order = list(dict.fromkeys(indicator_ids[usable]))
    mask = usable.to_numpy()
    values = _concat([_cell_values(checks, values_text[mask].to_numpy(dtype=object), table.cells.index[mask].to_numpy(),
                                   units[mask].to_numpy(dtype=object), indicator_ids[mask].to_numpy(dtype=object),
                                   np.full(int(mask.sum()), value_c.label, dtype=object), context)])
    written = set(zip(units[usable], indicator_ids[usable], strict=True))
    unit_rows: dict[str, int] = {}
    named = units[units != ""]
    for row, unit_id in zip(named.index.tolist(), named.tolist(), strict=True):
        unit_rows.setdefault(unit_id, int(row))
    for unit_id, row in unit_rows.items():
        for indicator_id in order:
            indicator = context.indicators[indicator_id]
            if (unit_id, indicator_id) not in written and indicator.applies(context.units[unit_id]):
                checks.add(row, unit_c.label, "results.missing_long_value", unit=context.units[unit_id].name,
                           indicator=indicator.name)
    extras: dict[str, dict[str, tuple[int, str]]] = {"bonus": {}, "penalty": {}, "note": {}}
    for row in kinds.index[((kinds != "") & (units != "")).to_numpy()]:
        extras[kinds[row]][units[row]] = (int(row), values_text[row])
    unit_index = pd.Index(list(unit_rows), dtype=object)
    row_numbers = pd.Series([unit_rows[u] for u in unit_index], index=unit_index)

    def extra(key: str) -> tuple[pd.Series, pd.Series] | None:
        if not extras[key]:
            return None
        texts = pd.Series({u: t for u, (_, t) in extras[key].items()}, dtype=object).reindex(unit_index, fill_value="")
        rows = pd.Series({u: r for u, (r, _) in extras[key].items()}).reindex(unit_index)
        texts.index = rows.fillna(row_numbers).astype("int64").to_numpy()
        values, exact = _extra_number(checks, texts, value_c.label)
        return pd.Series(values.to_numpy(), index=unit_index), pd.Series(exact.to_numpy(), index=unit_index)

    ids = pd.Series(list(unit_index), index=unit_index, dtype=object)
    bonus, penalty = extra("bonus"), extra("penalty")
    note = pd.Series({u: t for u, (_, t) in extras["note"].items()}, dtype=object).reindex(unit_index, fill_value="")
    entries = _entries(ids, pd.Index(row_numbers.to_numpy(dtype="int64")), bonus, penalty, note, None)
    return values, entries, order
