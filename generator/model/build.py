"""The model stage: what was read, checked and typed — every problem of every file found in one pass.

Each kind of file has its own module, a pure function from what was read to its values and problems;
this module only calls them in the order their references need (units before the files that name units).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from ..archive.bag import year_of_source
from ..errors import Problem, sorted_problems
from ..fingerprint import digest
from ..load.files import SourceFile
from ..load.project import RawProject
from ..load.tables import Table
from ..load.texts import TomlText
from ..memo import Memo, MemoMany, in_turn, no_memo
from ..periods import Period, PeriodError, file_period_text
from . import privacy
from .calendar import check_calendars
from .config import SiteConfig
from .config_check import validate_config
from .config_types import SLUG
from .frozen import check_frozen_sources
from .grades import check_grades
from .indicators import check_against_rules, check_indicators
from .lookup import Lookup
from .notices import check_notices
from .results import SheetContext, check_results
from .standings import check_standings
from .tasks import check_tasks, empty_tasks
from .types import MAIN_BOARD, STANDINGS_BOARD, Content, GradeSheet, ResultSheet, StandingsSheet
from .units import check_units


def build_model(raw: RawProject, memo: Memo[Any] = no_memo,
                memo_many: MemoMany[Any] | None = None) -> tuple[Content | None, list[Problem]]:
    """Typed, validated content from what was read, with every problem found; `memo`/`memo_many` as in
    generator/memo.py (results files and the privacy scans are checked through them, many at once)."""
    many = memo_many or in_turn(memo)
    problems = list(raw.problems)
    config, found = validate_config(raw.toml) if raw.toml is not None else (None, [])
    problems += found
    if config is None:
        return None, sorted_problems(problems)
    assert raw.toml is not None
    problems += privacy.scan_values(raw.toml.source, raw.toml.data, line=raw.toml.line)
    units = check_units(raw.units, config.ranking.within)
    problems += units.problems
    unit_lookup = Lookup.of(units.units, units.invalid, units.unusable)
    indicators = check_indicators(raw.indicators, units.units, unit_lookup)
    problems += indicators.problems
    if not indicators.unusable:
        problems += check_against_rules(indicators.indicators, indicators.rows, config, raw.indicators.source
                                        if raw.indicators else "indicators.csv")
    indicator_lookup = Lookup.of(indicators.indicators, indicators.invalid, indicators.unusable)
    scanned = [t for t in (raw.units, raw.indicators, raw.tasks, *raw.results, *raw.standings, *raw.grades)
               if t is not None]
    for found in many("privacy", [((t.digest,), partial(_scan, t)) for t in scanned]):
        problems += found
    problems += privacy.never_published((raw.units, raw.indicators, raw.tasks, *raw.results, *raw.standings, *raw.grades),
                                        config.privacy.never_publish)
    problems += _check_boards_config(config, indicator_lookup, bool(raw.standings))
    problems += check_frozen_sources(raw)
    frozen_years = {f.year for f in raw.frozen}
    context_digest = digest(raw.units.digest if raw.units else "", raw.indicators.digest if raw.indicators else "",
                            config.ranking.within)
    context = SheetContext({u.id: u for u in units.units}, {i.id: i for i in indicators.indicators}, unit_lookup,
                           indicator_lookup, {})
    results: list[ResultSheet] = []
    todo: list[tuple[tuple[Any, ...], Callable[[], Any]]] = []
    for table, period, board in _named(raw.results, frozen_years, problems, years_only=False):
        if board != MAIN_BOARD and board not in config.boards:
            problems.append(Problem.at(table.source, 0, "", "results.unknown_board", value=board))
            continue
        levels = dict(config.rules(period.year, board).scoring.levels or {})
        key = (table.digest, context_digest, period.id, board, sorted(levels.items()))
        todo.append((key, partial(check_results, table, period, board, replace(context, levels=levels))))
    for (key, _), (sheet, found) in zip(todo, many("sheet", todo), strict=True):
        problems += found
        if sheet is not None:
            results.append(replace(sheet, digest=digest(*key)))
            problems += _check_board_indicators(sheet, config, indicator_lookup)
    standings: list[StandingsSheet] = []
    for table, period, _ in _named(raw.standings, frozen_years, problems, years_only=False):
        found_sheet, found = check_standings(table, period, unit_lookup, indicator_lookup)
        problems += found
        if found_sheet is not None:
            standings.append(replace(found_sheet, digest=digest(table.digest, context_digest)))
    grades: list[GradeSheet] = []
    for table, period, campaign in _named(raw.grades, frozen_years, problems, years_only=True):
        scale = config.rules(period.year).grades.scale
        grade_sheet, found = check_grades(table, period.year, campaign if campaign != MAIN_BOARD else None, scale, unit_lookup)
        problems += found
        if grade_sheet is not None:
            grades.append(replace(grade_sheet, digest=digest(table.digest, context_digest, scale)))
    tasks, found = check_tasks(raw.tasks, unit_lookup) if raw.tasks is not None else (empty_tasks(), [])
    problems += found
    # Through the stage cache as one entry, so that a build that changes no notice does not scan every notice's
    # text for personal data again (an edited one checks them all again: a few hundredths of a second).
    notices, found = many("notices", [((tuple(raw.notices),), partial(check_notices, raw.notices))])[0]
    problems += found
    calendar, found = check_calendars(raw.calendars)
    problems += found
    problems = sorted_problems(_with_lines(problems, raw.toml))
    if problems:
        return None, problems
    board_indicators = {board_id: tuple(indicator_lookup.find_header(name) or name for name in board.indicators)
                        for board_id, board in config.boards.items() if board.indicators}
    content = Content(raw.root, config, units.units, indicators.indicators, tuple(results), tuple(standings), tuple(grades),
                      notices, tasks, calendar, board_indicators, raw.frozen, raw.notes)
    return content, []


def _with_lines(problems: list[Problem], toml: TomlText) -> list[Problem]:
    """Problems about a key of site.toml found away from it (units.csv lacks the ranking.within column) at
    the line where the key is written, not at "site.toml:0"."""
    def path(column: str) -> tuple[str | int, ...]:
        # List positions are small numbers; a year (years.2025) is a key.
        return tuple(int(part) if part.isdigit() and len(part) < 4 else part for part in column.split("."))

    return [replace(p, row=toml.line(path(p.column))) if p.file == toml.source and not p.row and p.column else p
            for p in problems]


def _named(tables: tuple[Table, ...], frozen: set[int], problems: list[Problem],
           years_only: bool) -> list[tuple[Table, Period, str]]:
    """Each open year's table with the period and board (or campaign) its name gives; two files naming the
    same period and board are an error, not one silently dropped."""
    kept: list[tuple[Table, Period, str]] = []
    seen: dict[tuple[Period, str], str] = {}
    for table in tables:
        stem = table.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        period_text, _, board = file_period_text(stem).partition("--")
        try:
            period = Period.parse(period_text)
        except PeriodError:
            period = None
        if period is None or (years_only and period.kind != "year"):
            problems.append(Problem.at(table.source, 0, "", "results.bad_year_file" if years_only else "results.bad_period",
                                       value=stem))
            continue
        if board in (MAIN_BOARD, STANDINGS_BOARD):
            problems.append(Problem.at(table.source, 0, "", "results.reserved_board", value=board))
            continue
        if board and not SLUG.match(board):
            problems.append(Problem.at(table.source, 0, "", "cell.bad_slug", value=board))
            continue
        if period.year in frozen:
            continue  # drawn from its archive: its files are checked against it, not read again
        key = (period, board or MAIN_BOARD)
        if key in seen:
            problems.append(Problem.at(table.source, 0, "", "results.same_period", first=seen[key], second=table.source))
            continue
        seen[key] = table.source
        kept.append((table, period, board or MAIN_BOARD))
    return kept


def _scan(table: Table) -> list[Problem]:
    return privacy.scan_frame(table.source, table.cells, {c.index: c.label for c in table.columns})


def _check_boards_config(config: SiteConfig, indicators: Lookup, has_standings: bool) -> list[Problem]:
    problems = []
    standings_tiers = config.standings.tiers or config.tiers
    if has_standings and standings_tiers.basis == "score":
        problems.append(Problem.at("site.toml", 0, "standings.tiers", "standings.basis"))
    for board_id, board in config.boards.items():
        if board_id in (MAIN_BOARD, STANDINGS_BOARD):  # [boards.main] would be silently ignored
            problems.append(Problem.at("site.toml", 0, f"boards.{board_id}", "results.reserved_board", value=board_id))
        for name in board.indicators or ():
            if indicators.find_header(name) is None and not indicators.all_silent:
                problems.append(Problem.at("site.toml", 0, f"boards.{board_id}.indicators", "results.board_unknown_indicator",
                                           board=board_id, value=name))
    return problems


def _check_board_indicators(sheet: ResultSheet, config: SiteConfig, lookup: Lookup) -> list[Problem]:
    section = config.boards.get(sheet.board)
    if section is None or not section.indicators:
        return []
    return [Problem.at(sheet.source, 1, "", "results.board_indicator_missing", board=sheet.board, value=name)
            for name in section.indicators if (lookup.find_header(name) or name) not in sheet.indicator_ids
            and lookup.find_header(name) is not None]


__all__ = ["SourceFile", "build_model", "year_of_source"]
