"""What a unit's page reads (`UnitData`), gathered for every unit in one pass over the outcome. Its digest
is the page's cache key: a unit's page (and report card) is rendered again only when one of its own rows,
grades, flags, standings or tasks changed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..archive.snapshot import Erratum
from ..fingerprint import digest
from ..model.types import MAIN_BOARD, Content, Unit
from ..outcome import Outcome, StandingRow, StandingsBoard, UnitBoard, YearGrades
from ..periods import Period
from .indexes import BoardIndex, Indexes


@dataclass(frozen=True)
class UnitData:
    """What a unit's page shows, gathered from the outcome (references, not copies)."""

    unit: Unit
    boards: tuple[tuple[Period, BoardIndex], ...]  # every unit board of the site (the unit may be absent)
    grades: tuple[tuple[int, YearGrades], ...]
    flags: tuple[tuple[int, str, bool, tuple[int, ...]], ...]  # (year, flag id, met, missing years)
    standings: tuple[tuple[Period, StandingRow, Any], ...]  # (period, row, tiers)
    tasks: tuple[tuple[Any, ...], ...]  # task records of the unit, with their warning (kind, days, expected)
    streak: tuple[Period, ...] | None
    errata: tuple[tuple[int, Erratum], ...]  # (frozen year, correction recorded for the unit)
    labels: str  # labels_digest: what the page names besides (the same for every unit)

    @cached_property
    def digest(self) -> str:
        # Every piece is a plain value (str, int, bool, Decimal, date, tuples of them) whose repr is stable
        # across processes; boards contribute the digest of the unit's own row on them.
        unit_id = self.unit.id
        rows = tuple((b.meta, own) if (own := b.unit_digest(unit_id)) is not None else
                     (b.meta if b.board.id == MAIN_BOARD else "") for _, b in self.boards)
        grades = tuple(_grade_key(g, unit_id) for _, g in self.grades)
        standings = tuple((p.id, r, t.model_dump_json()) for p, r, t in self.standings)
        text = repr(("unit", self.unit, rows, grades, self.flags, standings, self.tasks, self.streak, self.errata,
                     self.labels))
        return hashlib.sha256(text.encode()).hexdigest()


def _grade_key(grades: YearGrades, unit_id: str) -> tuple[Any, ...]:
    """What the unit's grade line reads of a year's grades: their rules and source, its record and, when a quota
    demoted it, that quota's group and limit (not the whole quota, which lists every unit it demoted)."""
    record = grades.records.get(unit_id)
    check = next((c for c in grades.checks if unit_id in c.demoted), None) if record is not None and record[3] else None
    return grades.meta, record, (check.group, check.limit) if check else None


def labels_digest(content: Content) -> str:
    """A digest of what a unit's page and report card name besides its UnitData: the indicators (names, units of
    measure, order) and the flags and grade scale of site.toml (labels, which grade is the best)."""
    return digest(content.indicators_digest, content.config.flags, content.config.grades.scale)


def gather_unit_data(content: Content, outcome: Outcome, indexes: Indexes) -> dict[str, UnitData]:
    """Every unit's UnitData, gathered in one pass over the outcome (never a search per unit)."""
    boards = tuple((p.period, indexes.boards[(p.period.id, b.id)]) for p in outcome.periods for b in p.boards
                   if isinstance(b, UnitBoard))
    grades = tuple(sorted(outcome.years.items()))
    flag_rows: dict[str, list[tuple[int, str, bool, tuple[int, ...]]]] = {}
    flags = outcome.flags  # tens of thousands of rows: read column by column, as plain values
    for unit_id, year, flag_id, met, missing in zip(flags["unit_id"].tolist(), flags["year"].astype(int).tolist(),
                                                    flags["flag_id"].tolist(), flags["met"].astype(bool).tolist(),
                                                    flags["missing"].tolist(), strict=True):
        flag_rows.setdefault(unit_id, []).append((year, flag_id, met, tuple(missing)))
    standings: dict[str, list[Any]] = {}
    for period in outcome.periods:
        for board in period.boards:
            if isinstance(board, StandingsBoard):
                for row in board.rows:
                    for unit_id in row.responsible:
                        standings.setdefault(unit_id, []).append((period.period, row, board.tiers))
    tasks: dict[str, list[tuple[Any, ...]]] = {}
    joined = content.tasks.merge(outcome.warnings[["task_id", "kind", "days_overdue", "expected_progress"]],
                                 how="left", left_on="id", right_on="task_id")
    due = list(joined["due"].dt.strftime("%Y-%m-%d")) if len(joined) else []
    for n, record in enumerate(joined[["id", "title", "claimant", "level", "unit_id", "status", "progress", "kind",
                                       "days_overdue", "expected_progress"]].itertuples(index=False, name=None)):
        task_id, title, claimant, level, unit_id, status, progress, kind, days, expected = record
        warned = isinstance(kind, str)
        tasks.setdefault(unit_id, []).append((task_id, title, claimant, level, due[n], status, int(progress),
                                              kind if warned else None, int(days) if warned else 0,
                                              int(expected) if warned else 0))
    errata = [(f.year, e) for f in content.frozen for e in f.errata]
    labels = labels_digest(content)
    return {unit.id: UnitData(unit, boards, grades, tuple(flag_rows.get(unit.id, ())), tuple(standings.get(unit.id, ())),
                              tuple(tasks.get(unit.id, ())), outcome.worst_streaks.get(unit.id),
                              tuple((y, e) for y, e in errata if e.unit == unit.id), labels)
            for unit in content.units}
