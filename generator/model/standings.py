"""standings/<period>.csv → StandingsSheet: indicator, rank, out_of[, responsible, note] (SPEC 3.4)."""

from __future__ import annotations

from ..errors import Problem
from ..load.tables import Table
from ..periods import Period
from .common import Checks, cell, label_of
from .indicators import unit_list
from .lookup import Lookup, Suggester
from .types import StandingEntry, StandingsSheet

ALIASES = {"indicator": ("indicator", "指标"), "rank": ("rank", "排名", "名次"),
           "out_of": ("out_of", "总数", "参评数", "参与排名数")}
MAX_OUT_OF = 10**4


def check_standings(table: Table, period: Period, unit_lookup: Lookup,
                    indicator_lookup: Lookup) -> tuple[StandingsSheet | None, list[Problem]]:
    checks = Checks(table.source)
    if not (checks.required(table, ALIASES) and checks.has_rows(table)):
        return None, checks.problems
    suggester = Suggester(indicator_lookup)
    entries = []
    for row, values in table.rows():
        name, column = cell(table, values, *ALIASES["indicator"])
        indicator_id = indicator_lookup.find_header(name) if name else None
        if indicator_id is None:
            if not indicator_lookup.is_silent(name):
                checks.add(row, label_of(column, "indicator"), "ref.unknown_indicator", value=name,
                           hint=suggester.hint(name))
            continue
        rank_text, rank_column = cell(table, values, *ALIASES["rank"])
        out_text, out_column = cell(table, values, *ALIASES["out_of"])
        rank = checks.integer(row, label_of(rank_column, "rank"), rank_text, limit=MAX_OUT_OF)
        out_of = checks.integer(row, label_of(out_column, "out_of"), out_text, limit=MAX_OUT_OF)
        if rank is None or out_of is None:
            continue
        if not 1 <= rank <= out_of:
            checks.add(row, label_of(rank_column, "rank"), "standings.rank_range", rank=rank, out_of=out_of)
            continue
        responsible_text, responsible_column = cell(table, values, "responsible", "责任单位")
        responsible = unit_list(checks, row, label_of(responsible_column, "responsible"), responsible_text, unit_lookup)
        note, note_column = cell(table, values, "note", "备注")
        entries.append(StandingEntry(indicator_id, rank, out_of, responsible,
                                     checks.text(row, label_of(note_column, "note"), note), row))
    return StandingsSheet(period, table.source, tuple(entries)), checks.problems
