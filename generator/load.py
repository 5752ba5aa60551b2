"""The load stage: read every file of a content project as it is, without interpreting it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .archive import FrozenYear, frozen_years, read_frozen_year
from .config import SiteConfig, load_config
from .errors import ContentError, Problem
from .i18n import Messages
from .load_tables import ContentFiles, Table, discover, read_table

_MSG = Messages(
    {
        "no_content": ("找不到内容目录 {path}", "content folder {path} not found"),
        "missing_required": ("缺少文件 {name}", "{name} is missing"),
        "front_matter": (
            "缺少 YAML 头信息：文件应以 --- 开头，列出 title、date、kind 等，再以 --- 结束",
            "no YAML front matter: the file must start with ---, list title, date, kind…, and end it with ---",
        ),
        "yaml": ("YAML 头信息有误：{error}", "invalid YAML front matter: {error}"),
        "yaml_not_map": ("YAML 头信息应为“键: 值”的列表", "the YAML front matter must be a list of key: value"),
    }
)


@dataclass(frozen=True)
class RawNotice:
    path: Path
    source: str
    front: dict[str, Any]
    body: str
    body_line: int  # the line of the file where the Markdown body starts


@dataclass(frozen=True)
class RawProject:
    root: Path
    config: SiteConfig
    files: ContentFiles
    units: Table | None
    indicators: Table | None
    results: tuple[Table, ...]
    standings: tuple[Table, ...]
    grades: tuple[Table, ...]
    notices: tuple[RawNotice, ...]
    tasks: Table | None
    frozen: tuple[FrozenYear, ...] = ()

    def source(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def load_project(root: Path, lang_hint: str = "zh-CN",
                 thaw: frozenset[int] = frozenset()) -> tuple[RawProject | None, list[Problem]]:
    """Read site.toml and every table and notice, and list every file that could not be read.

    The project is returned whenever site.toml is valid, so that validation can go on to find the
    problems of the readable files in the same pass."""
    if not root.is_dir():
        raise ContentError([Problem(str(root), 0, "", _MSG(lang_hint, "no_content", path=root))])
    config, problems = load_config(root / "site.toml", lang_hint)
    lang = config.lang if config else lang_hint
    files, found = discover(root, lang=lang)
    problems.extend(found)
    sheet = config.input.sheet if config else None

    def table(path: Path) -> Table | None:
        try:
            return read_table(path, path.relative_to(root).as_posix(), sheet=sheet, lang=lang)
        except ContentError as error:
            problems.extend(error.problems)
            return None

    def required(name: str) -> Table | None:
        candidates = [root / f"{name}.csv", root / f"{name}.xlsx"]
        existing = [p for p in candidates if p.exists()]
        if not existing:
            problems.append(Problem(f"{name}.csv", 0, "", _MSG(lang, "missing_required", name=f"{name}.csv")))
            return None
        return table(existing[0])

    units = required("units")
    indicators = required("indicators")
    results = tuple(t for p in files.results if (t := table(p)) is not None)
    standings = tuple(t for p in files.standings if (t := table(p)) is not None)
    grades = tuple(t for p in files.grades if (t := table(p)) is not None)
    tasks = table(files.tasks) if files.tasks else None
    notices = []
    for path in files.notices:
        notice, notice_problems = read_notice(path, path.relative_to(root).as_posix(), lang)
        problems.extend(notice_problems)
        if notice:
            notices.append(notice)
    frozen = []
    for year in (y for y in frozen_years(root) if y not in thaw):
        archived, archive_problems = read_frozen_year(root, year, lang)
        problems.extend(archive_problems)
        if archived is not None:
            frozen.append(archived)
    if config is None:
        return None, problems
    project = RawProject(root, config, files, units, indicators, results, standings, grades, tuple(notices), tasks,
                         tuple(frozen))
    return project, problems


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def read_notice(path: Path, source: str, lang: str) -> tuple[RawNotice | None, list[Problem]]:
    text = path.read_text(encoding="utf-8-sig")
    match = _FRONT.match(text)
    if not match:
        return None, [Problem(source, 1, "", _MSG(lang, "front_matter"))]
    try:
        front = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        return None, [Problem(source, line, "", _MSG(lang, "yaml", error=getattr(error, "problem", error)))]
    if not isinstance(front, dict):
        return None, [Problem(source, 2, "", _MSG(lang, "yaml_not_map"))]
    body_line = text[: match.end()].count("\n") + 1
    front = {str(k): (v.isoformat() if isinstance(v, date) else v) for k, v in front.items()}
    return RawNotice(path, source, front, text[match.end():], body_line), []


def front_matter_line(notice: RawNotice, key: str) -> int:
    """The line of `key:` in a notice's front matter, for messages."""
    for number, line in enumerate(notice.path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
        if number > 1 and line.strip() == "---":
            break
    return 1
