"""Jinja2 for HTML pages: autoescaped, StrictUndefined, user overrides first, links always relative."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..resources import templates_dir
from .texts import translator


def environment(content_root: Path | None, lang: str) -> Environment:
    loaders = []
    if content_root is not None and (content_root / "templates").is_dir():
        loaders.append(FileSystemLoader(str(content_root / "templates")))
    loaders.append(FileSystemLoader(str(templates_dir())))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["t"] = translator(lang)
    env.globals["pdf_links"] = True  # render_site turns them off for --no-pdf
    env.filters["signed"] = signed
    return env


def signed(value: int | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)


def relative_root(page_path: str) -> str:
    """The prefix that leads from `page_path` back to the site's root ("" or "../../")."""
    depth = page_path.count("/")
    return "../" * depth


def link(from_page: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def render_page(env: Environment, template: str, page_path: str, **context: Any) -> str:
    return env.get_template(template).render(root=relative_root(page_path), page_path=page_path, **context)
