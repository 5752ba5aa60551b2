"""indicators.csv → indicators: id, name, category, weight, direction[, unit, target, floor, responsible,
applies_to, min, max, definition], and the checks that tie them to the rules of every year."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..errors import Message, Problem
from ..load.tables import Table
from .common import Checks, cell, label_of
from .config import Category, SiteConfig
from .lookup import Lookup, Suggester
from .types import Indicator, Unit

DIRECTIONS = {"higher": "higher", "lower": "lower", "正向": "higher", "逆向": "lower",
              "越高越好": "higher", "越低越好": "lower"}
LIST_SEPARATORS = re.compile(r"[;；、,，]")


@dataclass(frozen=True)
class IndicatorsResult:
    indicators: tuple[Indicator, ...]
    problems: tuple[Problem, ...]
    invalid: frozenset[str]
    unusable: bool
    rows: dict[str, int]  # indicator id -> row, for messages about an indicator


def category_of(indicator: Indicator, categories: Sequence[Category] | None) -> Category:
    """The category an indicator belongs to: by id or name; without `categories`, each weighs 1."""
    for category in categories or ():
        if indicator.category in (category.id, category.name):
            return category
    if categories:
        raise KeyError(indicator.category)
    return Category.model_construct(id=indicator.category, name=indicator.category, weight=Decimal(1))


def unit_list(checks: Checks, row: int, label: str, text: str, lookup: Lookup) -> tuple[str, ...]:
    ids = []
    suggester = Suggester(lookup)
    for part in LIST_SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        unit_id = lookup.find(part)
        if unit_id is None:
            if not lookup.is_silent(part):
                checks.add(row, label, "ref.unknown_unit", value=part, hint=suggester.hint(part))
        else:
            ids.append(unit_id)
    return tuple(ids)


def check_indicators(table: Table | None, units: Sequence[Unit], unit_lookup: Lookup) -> IndicatorsResult:
    if table is None:
        return IndicatorsResult((), (), frozenset(), True, {})
    checks = Checks(table.source)
    if not checks.required(table, ("id", "name", "category", "weight", "direction")):
        return IndicatorsResult((), tuple(checks.problems), frozenset(), True, {})
    if not checks.has_rows(table):  # said here, once, not as an unknown column in every results file
        return IndicatorsResult((), tuple(checks.problems), frozenset(), True, {})
    kinds = sorted({u.kind for u in units})
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    indicators = []
    invalid: set[str] = set()
    rows: dict[str, int] = {}
    for row, values in table.rows():
        indicator = _indicator(checks, table, row, values, kinds, unit_lookup, seen_ids, seen_names)
        if indicator is None:
            invalid.update({cell(table, values, n)[0] for n in ("id", "name")} - {""})
        else:
            indicators.append(indicator)
            rows[indicator.id] = row
    return IndicatorsResult(tuple(indicators), tuple(checks.problems), frozenset(invalid), False, rows)


def _indicator(checks: Checks, table: Table, row: int, values: tuple[str, ...], kinds: list[str], unit_lookup: Lookup,
               seen_ids: dict[str, int], seen_names: dict[str, int]) -> Indicator | None:
    indicator_id, id_column = cell(table, values, "id")
    if not checks.slug(row, label_of(id_column, "id"), indicator_id, seen_ids):
        return None
    name, name_column = cell(table, values, "name")
    if not name:
        checks.add(row, label_of(name_column, "name"), "cell.empty")
        return None
    if name in seen_names:
        checks.add(row, label_of(name_column, "name"), "cell.duplicate_name", value=name, first=seen_names[name])
    seen_names.setdefault(name, row)
    category, category_column = cell(table, values, "category")
    if not category:
        checks.add(row, label_of(category_column, "category"), "cell.empty")
    weight_text, weight_column = cell(table, values, "weight")
    weight = None
    if not weight_text:
        checks.add(row, label_of(weight_column, "weight"), "cell.empty")
    else:
        weight = checks.number(row, label_of(weight_column, "weight"), weight_text, limit=10**6)
        if weight is not None and weight <= 0:
            checks.add(row, label_of(weight_column, "weight"), "indicators.weight_positive", value=weight_text)
            weight = None
    direction_text, direction_column = cell(table, values, "direction")
    direction = DIRECTIONS.get(direction_text.lower())
    if direction is None:
        checks.add(row, label_of(direction_column, "direction"), "indicators.direction", value=direction_text)
    numbers = {}
    unreadable = False  # a number written but refused: the indicator is refused too (one mistake, one message)
    for key in ("target", "floor", "min", "max"):
        text, column = cell(table, values, key)
        numbers[key] = checks.number(row, column.label, text) if column is not None and text else None
        unreadable |= bool(text) and numbers[key] is None
    target, floor = numbers["target"], numbers["floor"]
    label = label_of(table.column("target") or table.column("floor"), "target")
    if target is not None and floor is not None:
        if target == floor:
            checks.add(row, label, "indicators.target_floor_equal", value=target)
        elif direction in ("higher", "lower") and (target < floor) == (direction == "higher"):
            checks.add(row, label, "indicators.target_floor_order", direction=direction, target=target, floor=floor,
                       relation=Message.of("word.above" if direction == "higher" else "word.below"))
    if numbers["min"] is not None and numbers["max"] is not None and numbers["min"] > numbers["max"]:
        checks.add(row, label_of(table.column("min"), "min"), "indicators.min_max_order",
                   min=numbers["min"], max=numbers["max"])
    applies_text, applies_column = cell(table, values, "applies_to")
    applies = frozenset(k.strip() for k in LIST_SEPARATORS.split(applies_text) if k.strip())
    for kind in sorted(applies):
        if kind not in kinds and not unit_lookup.all_silent:  # no usable units.csv: already said there
            checks.add(row, label_of(applies_column, "applies_to"), "indicators.unknown_kind", value=kind,
                       known="、".join(kinds))
    responsible_text, responsible_column = cell(table, values, "responsible")
    responsible = unit_list(checks, row, label_of(responsible_column, "responsible"), responsible_text, unit_lookup)
    unit_text, _ = cell(table, values, "unit")
    definition, _ = cell(table, values, "definition", "说明", "定义")
    if weight is None or direction is None or not category or unreadable:
        return None
    return Indicator(indicator_id, name, category, weight, direction, unit_text, target, floor, responsible, applies,
                     numbers["min"], numbers["max"], definition)


def check_against_rules(indicators: Sequence[Indicator], rows: dict[str, int], config: SiteConfig,
                        source: str) -> list[Problem]:
    """Rules that depend on the indicators: categories exist, target/floor present for the method — for the
    base rules and every year that overrides them, naming the section the list came from."""
    checks = Checks(source)
    years = [None, *sorted(int(y) for y in config.years if y.isdigit())]
    for year in years:
        rules = config.rules(year)
        overrides = config.raw.get("years", {}).get(str(year), {}).get("scoring", {}) if year else {}
        section = f"years.{year}.scoring" if year and "categories" in overrides else "scoring"
        method_section = f"years.{year}.scoring" if year and "normalize" in overrides else "scoring"
        for indicator in indicators:
            row = rows.get(indicator.id, 0)
            try:
                category_of(indicator, rules.scoring.categories)
            except KeyError:
                known = "、".join(c.name for c in rules.scoring.categories or ())
                checks.add(row, "category", "indicators.unknown_category", value=indicator.category, section=section,
                           known=known)
            method = rules.scoring.normalize
            if method == "efficacy" and (indicator.target is None or indicator.floor is None):
                checks.add(row, "target", "indicators.needs_target_floor", method=f"{method_section}.normalize = efficacy")
            if method == "target":
                if indicator.target is None:
                    checks.add(row, "target", "indicators.needs_target", method=f"{method_section}.normalize = target")
                elif indicator.direction == "higher" and indicator.target <= 0:
                    checks.add(row, "target", "indicators.target_positive")
    return checks.problems
