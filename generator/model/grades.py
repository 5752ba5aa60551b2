"""grades/<year>[--<campaign>].csv → GradeSheet: unit[, person, post], grade (SPEC 3.5)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..errors import Problem
from ..load.tables import Table
from .common import Checks, cell, label_of
from .lookup import Lookup, Suggester
from .types import GradeSheet

UNIT_NAMES = ("unit", "单位")
GRADE_NAMES = ("grade", "等次")


def check_grades(table: Table, year: int, campaign: str | None, scale: Sequence[str],
                 unit_lookup: Lookup) -> tuple[GradeSheet | None, list[Problem]]:
    checks = Checks(table.source)
    if not (checks.required(table, {"unit": UNIT_NAMES, "grade": GRADE_NAMES}) and checks.has_rows(table)):
        return None, checks.problems
    suggester = Suggester(unit_lookup)
    records = []
    seen: dict[str, int] = {}
    for row, values in table.rows():
        unit_text, unit_column = cell(table, values, *UNIT_NAMES)
        unit_label = label_of(unit_column, "unit")
        unit_id = unit_lookup.find(unit_text) if unit_text else None
        if unit_id is None:
            if not unit_lookup.is_silent(unit_text):
                checks.add(row, unit_label, "ref.unknown_unit", value=unit_text, hint=suggester.hint(unit_text))
            continue
        grade, grade_column = cell(table, values, *GRADE_NAMES)
        if grade not in scale:
            checks.add(row, label_of(grade_column, "grade"), "grades.not_in_scale", value=grade, scale="、".join(scale))
            continue
        person, _ = cell(table, values, "person", "姓名")
        post, _ = cell(table, values, "post", "职务")
        key = person or unit_id
        if key in seen and (person or not campaign):
            checks.add(row, unit_label, "grades.duplicate", value=person or unit_text, first=seen[key])
            continue
        seen[key] = row
        records.append((unit_id, person, post, grade, row))
    entries = pd.DataFrame(records, columns=["unit_id", "person", "post", "grade", "row"]).astype(
        {"unit_id": object, "person": object, "post": object, "grade": object, "row": "int64"})
    return GradeSheet(year, campaign, table.source, entries), checks.problems
