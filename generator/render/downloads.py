"""The downloads besides a period's JSON and CSV, planned as outputs (see `plan.Planner.data_files`):
data/<period>.xlsx, data/year-<year>.xlsx|.csv, data/tasks.xlsx|.csv, data/units/<id>.xlsx|.csv.

Each key is a digest of exactly what its file is made from, with `common` (the program, the site and its
reference date, which the workbooks carry as their date): an unchanged file is not made again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from typing import Any

from ..fingerprint import digest
from ..i18n import Translator
from ..model.types import Content
from ..outcome import Outcome, UnitBoard
from ..outputs import Output
from .indexes import Indexes
from .page_misc import task_views
from .tables import (
    Names,
    grade_records,
    period_xlsx,
    tasks_csv,
    tasks_xlsx,
    unit_csv,
    unit_history,
    unit_xlsx,
    year_csv,
    year_xlsx,
)


class Shared:
    """What two outputs are made from: made once when both are made in the same process, let go after the
    second has used it."""

    def __init__(self, make: Callable[[], Any], uses: int = 2) -> None:
        self.make = make
        self.uses = uses
        self.value: Any = None
        self.made = False

    def __call__(self) -> Any:
        if not self.made:
            self.value, self.made = self.make(), True
        value = self.value
        self.uses -= 1
        if self.uses <= 0:
            self.value, self.made = None, False
        return value


def download_outputs(content: Content, outcome: Outcome, tr: Translator, common: str, indexes: Indexes,
                     shows: Mapping[str, str] | None = None) -> list[Output]:
    """Every period's workbook, and the year, tasks and unit downloads (`shows`: board id -> what its
    indicator cells show, "raw" | "score" | "both", as on its page)."""
    names = Names.of(content)
    names_key = digest(sorted(names.units.items()), sorted(names.indicators.items()), sorted(names.flags.items()))
    shows = dict(shows or {})
    today = outcome.today
    outputs = [Output(f"data/{p.period.id}.xlsx", digest("xlsx", common, names_key, p, shows),
                      partial(period_xlsx, p, names, today, tr, shows)) for p in outcome.periods]
    order = {u.id: (u.order, u.id) for u in content.units_by_id.values()}
    order_key = digest(sorted(order.items()))
    frozen = {f.year: f for f in content.frozen}
    for year in sorted({p.period.year for p in outcome.periods} | set(outcome.years), reverse=True):
        annual = next((p for p in outcome.periods if p.period.year == year and p.period.kind == "year"), None)
        grades = outcome.years.get(year)
        errata = frozen[year].errata if year in frozen else ()
        persons = content.config.rules(year).grades.publish_persons
        records = Shared(partial(grade_records, grades, annual, names, dict(order), tr))
        base = digest(common, names_key, order_key, annual.main if annual else None, grades)
        outputs.append(Output(f"data/year-{year}.xlsx", digest("year-xlsx", base, annual, persons, errata),
                              partial(_year_xlsx, year, records, annual, names, grades, persons, errata, today, tr)))
        outputs.append(Output(f"data/year-{year}.csv", digest("year-csv", base), partial(_year_csv, records)))
    tasks_key = digest("tasks", common, content.tasks, outcome.warnings, names_key)
    tasks = Shared(partial(task_views, content.tasks, outcome.warnings, dict(names.units), tr))
    outputs.append(Output("data/tasks.xlsx", tasks_key, partial(_tasks_xlsx, tasks, today, tr)))
    outputs.append(Output("data/tasks.csv", digest("csv", tasks_key), partial(_tasks_csv, tasks, tr)))
    boards = tuple((p.period, indexes.boards[(p.period.id, b.id)]) for p in outcome.periods for b in p.boards
                   if isinstance(b, UnitBoard))
    labels = {p.period.id: p.period.label_message().text(tr) for p in outcome.periods}
    labels_key = digest(sorted(labels.items()))
    for unit in content.units:
        # The unit's own rows (a board's rules and title are in its `meta`), as its page's key has them.
        own = tuple((index.meta, found) for _, index in boards if (found := index.unit_digest(unit.id)) is not None)
        # Plain strings, whose repr is stable across processes: hashed directly (a thousand units).
        key = hashlib.sha256(repr(("unit-history", common, unit.id, unit.name, own, labels_key)).encode()).hexdigest()
        history = Shared(partial(unit_history, unit.id, boards, labels, tr))
        outputs.append(Output(f"data/units/{unit.id}.xlsx", digest("xlsx", key),
                              partial(_unit_xlsx, unit.name, history, today, tr)))
        outputs.append(Output(f"data/units/{unit.id}.csv", digest("csv", key), partial(_unit_csv, history)))
    return outputs


def _year_xlsx(year: int, records: Shared, *args: Any) -> bytes:
    return year_xlsx(year, records(), *args)


def _year_csv(records: Shared) -> bytes:
    return year_csv(records())


def _tasks_xlsx(tasks: Shared, when: date, tr: Translator) -> bytes:
    return tasks_xlsx(tasks(), when, tr)


def _tasks_csv(tasks: Shared, tr: Translator) -> bytes:
    return tasks_csv(tasks(), tr)


def _unit_xlsx(name: str, history: Shared, when: date, tr: Translator) -> bytes:
    return unit_xlsx(name, history(), when, tr)


def _unit_csv(history: Shared) -> bytes:
    return unit_csv(history())


__all__ = ["Shared", "download_outputs"]
