"""A frozen year's input files in the content must be the archived ones (by content, not time). A file
removed from the content is fine: the archive holds it."""

from __future__ import annotations

from ..archive.bag import year_of_source
from ..errors import Problem
from ..load.project import RawProject


def check_frozen_sources(raw: RawProject) -> list[Problem]:
    frozen = {f.year: f for f in raw.frozen}
    problems = []
    for file in (*raw.files.results, *raw.files.standings, *raw.files.grades):
        year = year_of_source(file.relative)
        if year not in frozen:
            continue
        archived = frozen[year].inputs.get(file.relative)
        if archived is None:
            problems.append(Problem.at(file.relative, 0, "", "archive.source_added", year=year))
        elif archived != file.digest:
            problems.append(Problem.at(file.relative, 0, "", "archive.source_changed", year=year, path=file.relative))
    return problems
