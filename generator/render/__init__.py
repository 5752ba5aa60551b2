"""The render stage: pages, data files and static assets as bytes, keyed by their path in the site."""

from __future__ import annotations

import json
from pathlib import Path

from ..model import Content
from ..resources import templates_dir
from ..rules import Outcome
from .data import period_csv, period_data, period_json
from .html import environment, render_page
from .pages import SiteBuilder


def render_site(content: Content, outcome: Outcome, builder: SiteBuilder | None = None,
                pdf_links: bool = True) -> dict[str, bytes]:
    """`builder`: reuse one already made (the PDFs use the same view models); `pdf_links`: whether pages
    link to the PDFs (false when they are not built, `--no-pdf`)."""
    builder = builder or SiteBuilder(content, outcome)
    env = environment(content.root, content.lang)
    env.globals["pdf_links"] = pdf_links
    site = builder.site()
    files: dict[str, bytes] = {}
    for page in builder.pages():
        html = render_page(env, page.template, page.path, site=site, page=page, ctx=page.context)
        files[page.path] = html.encode("utf-8")
    files.update(data_files(content, outcome))
    files.update(static_files(content.root))
    return files


def data_files(content: Content, outcome: Outcome) -> dict[str, bytes]:
    """data/<period>.json and .csv; a frozen year's JSON is its archive's, byte for byte."""
    archived = {path: data for frozen in content.frozen for path, data in frozen.files.items()
                if path.startswith("data/")}
    files: dict[str, bytes] = {}
    for period in outcome.periods:
        path = f"data/{period.period.id}.json"
        if path in archived:
            files[path] = archived[path]
            data = json.loads(archived[path])
        else:
            data = period_data(content, outcome, period)
            files[path] = period_json(data)
        files[f"data/{period.period.id}.csv"] = period_csv(data)
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
