"""units.csv → units: id, name, kind[, short_name, leader, order]."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Problem
from ..load.tables import Table
from .common import Checks, cell, label_of
from .types import Unit


@dataclass(frozen=True)
class UnitsResult:
    units: tuple[Unit, ...]
    problems: tuple[Problem, ...]
    invalid: frozenset[str]  # ids and names of rows that were refused: references to them stay quiet
    unusable: bool  # the whole table is: every reference to a unit stays quiet


def check_units(table: Table | None, within: str) -> UnitsResult:
    if table is None:
        return UnitsResult((), (), frozenset(), True)
    checks = Checks(table.source)
    if not checks.required(table, ("id", "name", "kind")):
        return UnitsResult((), tuple(checks.problems), frozenset(), True)
    if table.cells.empty:
        checks.add(1, "", "units.header_only")
        return UnitsResult((), tuple(checks.problems), frozenset(), True)
    units: list[Unit] = []
    invalid: set[str] = set()
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    id_column = table.column("id")
    for position, (row, values) in enumerate(table.rows()):
        unit_id, _ = cell(table, values, "id")
        name, name_column = cell(table, values, "name")
        kind, kind_column = cell(table, values, "kind")
        if not checks.slug(row, label_of(id_column, "id"), unit_id, seen_ids):
            invalid.update({unit_id, name} - {""})
            continue
        if not name:
            checks.add(row, label_of(name_column, "name"), "cell.empty")
            invalid.add(unit_id)
            continue
        if name in seen_names:
            checks.add(row, label_of(name_column, "name"), "cell.duplicate_name", value=name, first=seen_names[name])
        seen_names.setdefault(name, row)
        if not kind:
            checks.add(row, label_of(kind_column, "kind"), "cell.empty")
        order_text, order_column = cell(table, values, "order")
        order = position + 1
        if order_text and order_column is not None:
            number = checks.integer(row, order_column.label, order_text, limit=10**6)
            order = number if number is not None else order
        short, _ = cell(table, values, "short_name")
        columns = {c.name: values[c.index] for c in table.columns if c.name}
        units.append(Unit(unit_id, checks.text(row, label_of(name_column, "name"), name), kind, short, order, columns))
    if within and table.column(within) is None:
        checks.problems.append(Problem.at("site.toml", 0, "ranking.within", "units.within_column", value=within))
    return UnitsResult(tuple(units), tuple(checks.problems), frozenset(invalid), False)
