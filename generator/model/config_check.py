"""site.toml → SiteConfig, collecting every problem (pydantic's errors turned into messages with lines).

Every year's and board's rules are resolved here, once: their errors surface at validation, at the line
of the layer that introduced them, and the rules stage receives them ready to use.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from ..errors import Message, Problem
from ..load.texts import TomlText
from .config import RULE_SECTIONS, RuleSet, SiteConfig, merged_rules


def validate_config(toml: TomlText) -> tuple[SiteConfig | None, list[Problem]]:
    raw = toml.data
    problems: list[Problem] = []
    config: SiteConfig | None = None
    try:
        config = SiteConfig.model_validate({**raw, "raw": raw})
    except ValidationError as error:
        problems.extend(_problems(error.errors(), (), toml))
    resolved, layer_problems = _resolve_layers(raw, toml)
    problems.extend(layer_problems)
    if problems or config is None:
        return None, problems
    return config.with_resolved(resolved), []


def _resolve_layers(raw: dict[str, Any], toml: TomlText) -> tuple[dict[tuple[int | None, str], RuleSet], list[Problem]]:
    problems: list[Problem] = []
    resolved: dict[tuple[int | None, str], RuleSet] = {}
    boards = [b for b in (raw.get("boards") or {}) if isinstance(raw.get("boards"), dict)]
    years: list[int | None] = [None]
    raw_years = raw.get("years", {})
    if isinstance(raw_years, dict):
        for year, sections in raw_years.items():
            where = ("years", year)
            if not re.fullmatch(r"\d{4}", str(year)):
                problems.append(Problem(toml.source, toml.line(where), f"years.{year}",
                                        Message.of("config.bad_year", value=year)))
                continue
            if not isinstance(sections, dict):
                problems.append(Problem(toml.source, toml.line(where), f"years.{year}", Message.of("config.not_a_table")))
                continue
            for section in sections:
                if section not in RULE_SECTIONS:
                    problems.append(Problem(toml.source, toml.line((*where, section)), f"years.{year}.{section}",
                                            Message.of("config.unknown_section", section=section,
                                                       allowed="、".join(RULE_SECTIONS))))
            years.append(int(year))
    for year in years:
        for board in ("main", *boards):
            layered = raw
            prefix: tuple[str, ...] = ()
            if year is not None:
                sections = raw["years"][str(year)]
                layered = {**raw, "years": {str(year): {s: v for s, v in sections.items() if s in RULE_SECTIONS}}}
                prefix = ("years", str(year))
            if board != "main":
                prefix = ("boards", board)
            try:
                resolved[(year, board)] = RuleSet.model_validate(merged_rules(layered, year, board))
            except ValidationError as error:
                if not prefix:
                    continue  # the base's own errors came from SiteConfig above
                layer = _layer(raw, prefix)
                # Report what this layer overrides: errors of the base are reported once, at the base. A year
                # and a board that clash only together are reported at the board (duplicates fold away).
                own = [item for item in error.errors() if _overridden(layer, item["loc"])]
                together = year is not None and board != "main" and all(
                    key in resolved for key in ((None, "main"), (year, "main"), (None, board)))
                problems.extend(_problems(own or (error.errors() if together else []), prefix, toml))
    return resolved, problems


def _layer(raw: dict[str, Any], prefix: tuple[str, ...]) -> dict[str, Any]:
    node: Any = raw
    for part in prefix:
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def _overridden(layer: dict[str, Any], loc: tuple[Any, ...]) -> bool:
    section = layer.get(loc[0]) if loc else None
    if not isinstance(section, dict):
        return False
    return len(loc) < 2 or loc[1] in section


def _problems(items: list[Any], prefix: tuple[str, ...], toml: TomlText) -> list[Problem]:
    problems = []
    for item in items:
        loc = prefix + tuple(part for part in item["loc"] if part not in ("raw", "[key]"))  # [key]: a bad dict key
        key = ".".join(str(part) for part in loc)
        problems.append(Problem(toml.source, toml.line(loc), key, _message(item)))
    return problems


# pydantic's error types -> what the value should have been, in the site's language (pydantic's own
# sentences are English).
_WANTED = {
    "int_parsing": "config.want_int", "int_type": "config.want_int", "int_from_float": "config.want_int",
    "int_parsing_size": "config.want_finite",
    "float_parsing": "config.want_number", "float_type": "config.want_number", "decimal_parsing": "config.want_number",
    "decimal_type": "config.want_number", "finite_number": "config.want_finite",
    "bool_parsing": "config.want_bool", "bool_type": "config.want_bool", "string_type": "config.want_text",
    "list_type": "config.want_list", "tuple_type": "config.want_list",
}
_VALUE_ERRORS = {"one_condition", "one_rest_band", "bands_order", "midterm", "share", "quota_last"}


def _message(item: dict[str, Any]) -> Message:
    kind = item["type"]
    context = item.get("ctx", {})
    if kind == "missing":
        return Message.of("config.missing")
    if kind == "extra_forbidden":
        return Message.of("config.extra")
    # The same words as the layer check's, so that one mistake gives one message.
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return Message.of("config.not_a_table")
    if kind in ("literal_error", "enum"):
        return Message.of("config.literal", expected=str(context.get("expected", "")).replace(" or ", ", "))
    if kind == "greater_than" and context.get("gt") == 0:
        return Message.of("config.positive")
    if kind in ("greater_than", "greater_than_equal"):
        return Message.of("config.at_least", limit=context.get("ge", context.get("gt", "")))
    if kind in ("less_than_equal", "less_than") and "pct" in str(item["loc"][-1]):
        return Message.of("config.pct")
    if kind in ("less_than_equal", "less_than"):
        return Message.of("config.at_most", limit=context.get("le", context.get("lt", "")))
    if kind in _WANTED:
        return Message.of(_WANTED[kind])
    if kind in ("string_too_long", "too_long"):
        return Message.of("config.too_long" if kind == "string_too_long" else "config.too_many",
                          limit=context.get("max_length", ""))
    if kind == "string_too_short":
        return Message.of("config.too_short", limit=context.get("min_length", ""))
    if kind.startswith(("date_parsing", "date_from_datetime", "date_type")):
        return Message.of("config.date", value=str(item.get("input", "")))
    if kind == "value_error":
        original = str(context.get("error", ""))
        key, _, rest = original.partition(":")
        args = rest.split(":") if rest else []
        if key == "period":
            return Message.of("config.period", value=rest)
        if key == "date_range":
            from ..load.cells import FIRST_DATE, LAST_DATE

            return Message.of("cell.date_range", value=rest, first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat())
        if key == "reason":
            return Message.of("config.reason")
        if key in ("slug", "color", "lang"):
            from ..i18n import available_langs

            return Message.of(f"config.{key}", value=rest, **({"known": tuple(available_langs())} if key == "lang" else {}))
        if key == "duplicate_id":
            return Message.of("config.duplicate_id", id=rest)
        if key == "condition_basis":
            return Message.of("config.condition_basis", level=args[0], condition=args[1], basis=args[2])
        if key == "one_rest_level":
            return Message.of("config.one_rest_level", count=rest)
        if key == "grade_not_in_scale":
            return Message.of("config.grade_not_in_scale", grade=args[0], scale=args[1])
        if key in _VALUE_ERRORS:
            return Message.of(f"config.{key}")
    return Message.of("config.type", detail=item.get("msg", kind))
