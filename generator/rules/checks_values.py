"""Data checks of the values of one results file: a value outside its indicator's plausible range, a file
whose values repeat the previous period's, an indicator with one value for every unit (SPEC 7.1)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..errors import Problem
from ..i18n import Translator
from ..model.check_settings import CopiedCheck
from ..model.types import Content, ResultSheet
from ..outcome import UnitBoard


@dataclass(frozen=True)
class Finding:
    """A data check's warning: the problem (where, and the message), the check's id, and what it is about, for
    `[checks] accept` (unit and indicator ids; the period's id; the board's id)."""

    check: str
    problem: Problem
    unit: str | None = None
    period: str | None = None
    board: str | None = None
    indicator: str | None = None
    notice: str | None = None  # a notice's slug

    def text(self, tr: Translator) -> str:
        """`file:row:column: message [check]`: the check's id says what to write in `[checks] accept`."""
        return f"{self.problem.text(tr)} [{self.check}]"


def plain(value: Decimal) -> str:
    """A decimal as a clerk writes it: 100, 0.5, 12.25 (no exponent, no trailing zeros)."""
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


def share_text(share: Decimal) -> str:
    """0.5 → "50%"."""
    return plain(share * 100) + "%"


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def out_of_range(content: Content, sheet: ResultSheet) -> list[Finding]:
    """Each value beyond its indicator's `min`/`max` (indicators.csv), compared exactly as written."""
    found: list[Finding] = []
    bounded = [content.indicators_by_id[i] for i in sheet.indicator_ids]
    bounded = [i for i in bounded if i.minimum is not None or i.maximum is not None]
    if not bounded:
        return found
    values = sheet.values[sheet.values["value"].notna() & sheet.values["indicator_id"].isin([i.id for i in bounded])]
    ids = values["indicator_id"]
    maxima = ids.map({i.id: float(i.maximum) for i in bounded if i.maximum is not None}).to_numpy(dtype="float64")
    minima = ids.map({i.id: float(i.minimum) for i in bounded if i.minimum is not None}).to_numpy(dtype="float64")
    x = values["value"].to_numpy(dtype="float64")
    # A value beyond a bound is at least as far in floats (rounding is monotonic): candidates in one pass
    # over the sheet, then each decided exactly, as written.
    near = values[(x >= maxima) | (x <= minima)]
    for indicator_id, unit_id, text, row, column in zip(near["indicator_id"], near["unit_id"], near["text"], near["row"],
                                                         near["column"], strict=True):
        indicator = content.indicators_by_id[indicator_id]
        value = _decimal(text)
        if value is None:
            continue
        for bound, code, above in ((indicator.maximum, "checks.range_above", True),
                                   (indicator.minimum, "checks.range_below", False)):
            if bound is not None and (value > bound if above else value < bound):
                problem = Problem.at(sheet.source, int(row), column, code, unit=content.unit(unit_id).name,
                                     indicator=indicator.name, value=text, limit=plain(bound))
                found.append(Finding("range", problem, unit_id, sheet.period.id, sheet.board, indicator_id))
    return found


def copied_values(sheet: ResultSheet, board: UnitBoard, previous: UnitBoard | None, settings: CopiedCheck) -> list[Finding]:
    """The file, when at least `min_share` of the values it has in common with the previous period's (same
    unit and indicator, both applicable; at least `min_values` of them) are written the same."""
    if previous is None:
        return []
    now = board.parts.loc[board.parts["applicable"], ["unit_id", "indicator_id", "raw_text"]]
    before = previous.parts.loc[previous.parts["applicable"], ["unit_id", "indicator_id", "raw_text"]]
    common = now.merge(before, on=["unit_id", "indicator_id"], suffixes=("", "_before"))
    total = len(common)
    same = int((common["raw_text"] == common["raw_text_before"]).sum())
    if total < settings.min_values or Decimal(same) < settings.min_share * total:
        return []
    problem = Problem.at(sheet.source, 0, "", "checks.copied", total=total, same=same, share=f"{same * 100 // total}%",
                         previous=previous.period.label_message(), source=previous.source)
    return [Finding("copied", problem, None, sheet.period.id, sheet.board)]


def constant_values(content: Content, sheet: ResultSheet, min_units: int) -> list[Finding]:
    """Each indicator whose value is written the same for every unit that has one (at least `min_units`),
    at the first cell of its column."""
    found: list[Finding] = []
    values = sheet.values[sheet.values["value"].notna()]
    for indicator_id, cells in values.groupby("indicator_id", sort=False):
        if len(cells) < min_units or cells["text"].nunique() != 1:
            continue
        first = cells.sort_values("row").iloc[0]
        indicator = content.indicators_by_id[str(indicator_id)]
        problem = Problem.at(sheet.source, int(first["row"]), str(first["column"]), "checks.constant", count=len(cells),
                             indicator=indicator.name, value=str(first["text"]))
        found.append(Finding("constant", problem, None, sheet.period.id, sheet.board, str(indicator_id)))
    return found
