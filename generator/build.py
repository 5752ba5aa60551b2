"""The whole flow, as MkDocs' build() reads: gather and check everything, compute, render, then write."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from .errors import ContentError, UsageError
from .model import Content
from .render import render_site
from .rules import Outcome, compute
from .validate import validate_content
from .search import index_site
from .write import write_site


@dataclass(frozen=True)
class BuildResult:
    site: Path
    pages: int
    files: int
    written: bool


def reference_date(option: str | None) -> date:
    """`--today`, else SOURCE_DATE_EPOCH, else the clock's date."""
    if option:
        try:
            return date.fromisoformat(option)
        except ValueError as error:
            raise UsageError(f"--today {option}: YYYY-MM-DD") from error
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except ValueError as error:
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch}") from error
    return date.today()


def check(content_dir: Path, today: date, lang_hint: str = "zh-CN") -> tuple[Content, Outcome]:
    """Validate the content and compute every rule; raise ContentError listing every problem."""
    content = validate_content(content_dir, lang_hint)
    outcome, problems = compute(content, today)
    if problems:
        raise ContentError(sorted(set(problems), key=lambda p: (p.file, p.row, p.column, p.message)))
    return content, outcome


def build(content_dir: Path, site_dir: Path, today: date) -> BuildResult:
    content, outcome = check(content_dir, today)
    files = render_site(content, outcome)
    written = write_site(files, site_dir, finish=index_site)
    pages = sum(1 for path in files if path.endswith(".html"))
    return BuildResult(site_dir, pages, len(files), written)
