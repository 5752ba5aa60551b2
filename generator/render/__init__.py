"""The render stage: pages, data files and static assets as bytes, keyed by their path in the site."""

from __future__ import annotations

from pathlib import Path

from ..model import Content
from ..resources import templates_dir
from ..rules import Outcome
from .data import period_csv, period_data, period_json
from .html import environment, render_page
from .pages import SiteBuilder


def render_site(content: Content, outcome: Outcome) -> dict[str, bytes]:
    builder = SiteBuilder(content, outcome)
    env = environment(content.root, content.lang)
    site = builder.site()
    files: dict[str, bytes] = {}
    for page in builder.pages():
        html = render_page(env, page.template, page.path, site=site, page=page, ctx=page.context)
        files[page.path] = html.encode("utf-8")
    for period in outcome.periods:
        data = period_data(content, outcome, period)
        files[f"data/{period.period.id}.json"] = period_json(data)
        files[f"data/{period.period.id}.csv"] = period_csv(data)
    files.update(static_files(content.root))
    return files


def static_files(content_root: Path) -> dict[str, bytes]:
    """Built-in assets, overridden by files of the same name in the content's templates/static."""
    files: dict[str, bytes] = {}
    for base in (templates_dir() / "static", content_root / "templates" / "static"):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files[f"static/{path.relative_to(base).as_posix()}"] = path.read_bytes()
    return files
