"""What the command modules share: the consoles, the site's language, and printing a failure."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .errors import ContentError, GongshiError
from .i18n import Messages

_MSG = Messages({"invalid": ("发现 {count} 个问题，未生成任何文件。", "{count} problem(s) found; nothing was written.")})

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

ContentArg = Annotated[Path, typer.Argument(help="内容目录（默认 ./content）")]


def fail(error: GongshiError, lang: str = "zh-CN") -> typer.Exit:
    """Print an error for a clerk (every problem as file:row:column: message, no traceback)."""
    if isinstance(error, ContentError):
        for problem in error.problems:
            err.print(str(problem), markup=False)
        err.print(_MSG(lang, "invalid", count=len(error.problems)), style="bold red", markup=False)
    else:
        err.print(str(error), style="bold red", markup=False)
    return typer.Exit(error.exit_code)


def lang_of(content: Path) -> str:
    """The site's language, read early so that even errors about site.toml are in it."""
    try:
        site = tomllib.loads((content / "site.toml").read_text(encoding="utf-8-sig")).get("site", {})
    except (OSError, ValueError):
        return "zh-CN"
    return site.get("lang", "zh-CN") if isinstance(site, dict) else "zh-CN"
