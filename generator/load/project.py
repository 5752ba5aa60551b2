"""The load stage: every file of a content project read as it is — tables as tables of text, site.toml and
notices parsed, archived years read from their bags — with every file that could not be read listed.

`memo` may serve a parsed table from a cache: it is called with the file's digest and the sheet option,
from which the key derives, and must return what `make()` would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from ..archive.bag import frozen_years, read_frozen_year
from ..archive.snapshot import FrozenYear
from ..errors import ContentError, Message, Problem
from ..fingerprint import digest
from ..memo import Memo, MemoMany, in_turn, no_memo
from .files import ContentFiles, SourceFile, read_content_files
from .tables import Table, read_table
from .texts import RawNotice, TomlText, parse_notice, parse_toml


@dataclass(frozen=True)
class RawProject:
    root: Path
    files: ContentFiles
    toml: TomlText | None
    units: Table | None
    indicators: Table | None
    tasks: Table | None
    results: tuple[Table, ...]
    standings: tuple[Table, ...]
    grades: tuple[Table, ...]
    notices: tuple[tuple[RawNotice, str], ...]  # with the file's stem (the slug when it is one)
    calendars: tuple[TomlText, ...]
    frozen: tuple[FrozenYear, ...]
    problems: tuple[Problem, ...] = field(default=())

    @property
    def notes(self) -> tuple[Message, ...]:
        return self.files.notes


def load_project(root: Path, thaw: frozenset[int] = frozenset(), memo: Memo[Any] = no_memo,
                 memo_many: MemoMany[Any] | None = None) -> RawProject:
    """Read site.toml, every table, notice and calendar, and the archive (but the years in `thaw`, which a
    refreeze computes anew from their files). Tables are parsed through `memo_many` (see generator/memo.py),
    by their bytes."""
    if not root.is_dir():
        raise ContentError([Problem.at(str(root), 0, "", "files.no_content_dir")])
    files = read_content_files(root)
    problems = list(files.problems)
    toml = _parse(parse_toml, files.site_toml, problems)
    sheet = None
    if toml is not None and isinstance(toml.data.get("input"), dict):
        option = toml.data["input"].get("sheet")
        sheet = option if isinstance(option, str) else None

    singles = (files.units, files.indicators, files.tasks)
    every = [f for f in (*singles, *files.results, *files.standings, *files.grades) if f is not None]
    keys = [(f.digest, f.suffix, f.relative, sheet) for f in every]
    read = (memo_many or in_turn(memo))("table", [(key, partial(_read, f, sheet)) for key, f in zip(keys, every, strict=True)])
    parsed: dict[str, Table] = {}
    for key, f, (found_table, found) in zip(keys, every, read, strict=True):
        problems.extend(found)
        if found_table is not None:
            parsed[f.relative] = replace(found_table, digest=digest(*key))

    def table(file: SourceFile | None) -> Table | None:
        return parsed.get(file.relative) if file is not None else None

    def tables(group: tuple[SourceFile, ...]) -> tuple[Table, ...]:
        return tuple(t for f in group if (t := table(f)) is not None)

    notices = tuple((n, f.stem) for f in files.notices if (n := _parse(parse_notice, f, problems)) is not None)
    calendars = tuple(c for f in files.calendars if (c := _parse(parse_toml, f, problems)) is not None)
    frozen = []
    for year in frozen_years(root):
        if year in thaw:
            continue
        archived, found = read_frozen_year(root, year, partial(_decode_snapshot, memo))
        problems.extend(found)
        if archived is not None:
            frozen.append(archived)
    return RawProject(root, files, toml, table(files.units), table(files.indicators), table(files.tasks),
                      tables(files.results), tables(files.standings), tables(files.grades), notices, calendars,
                      tuple(frozen), tuple(problems))


def _decode_snapshot(memo: Memo[Any], data: bytes) -> Any:
    from ..archive.snapshot import decode

    return memo("snapshot", (hashlib.sha256(data).hexdigest(),), partial(decode, data))


def _read(file: SourceFile, sheet: str | None) -> tuple[Table | None, list[Problem]]:
    """A table, or what is wrong with the file (a value, not an exception: it may be made in another process)."""
    try:
        return read_table(file.data, file.suffix, file.relative, sheet), []
    except ContentError as error:
        return None, list(error.problems)


def _parse(parse: Callable[[SourceFile], Any], file: SourceFile | None, problems: list[Problem]) -> Any:
    if file is None:
        return None
    try:
        return parse(file)
    except ContentError as error:
        problems.extend(error.problems)
        return None
