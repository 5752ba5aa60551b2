"""The state of the last build, for the no-op check: cheap to read, no heavy imports (the command line
consults it before loading anything else)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from . import __version__

CACHE_FOLDER = ".gongshi-cache"
MANIFEST = "manifest.json"
MARKER = "gongshi"
Stats = dict[str, list[int]]  # path -> [size, mtime_ns]


def default_cache(site: Path) -> Path:
    return site.absolute().parent / CACHE_FOLDER


def stat_tree(base: Path, skip: Path | None = None) -> Stats:
    """size and mtime of every file under `base` (symlinks as links), but the folder `skip`."""
    stats: Stats = {}
    if not base.is_dir():
        return stats
    # Plain strings, not Path objects: a large site has thousands of files, and this is the whole no-op build.
    skipped = str(skip) if skip is not None else None
    root = str(base.absolute())
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if skipped is not None and entry.path == skipped:
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in ("__pycache__", CACHE_FOLDER) and not entry.name.startswith(".gongshi"):
                        stack.append((entry.path, f"{prefix}{entry.name}/"))
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            stats[prefix + entry.name] = [info.st_size, info.st_mtime_ns]
    return stats


def read_manifest(site: Path) -> dict[str, Any] | None:
    """The manifest of a site this program built, else None."""
    try:
        manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("generator") != MARKER or not isinstance(manifest.get("files"), dict):
        return None
    return manifest


def _site_name(site: Path) -> str:
    return hashlib.sha256(str(site.absolute()).encode()).hexdigest()[:16]


def state_path(cache: Path, site: Path) -> Path:
    return cache / f"state-{_site_name(site)}.json"


def spare_path(cache: Path, site: Path) -> Path:
    """Where the site a build replaces is kept, for the next build to stage in (see staging.py)."""
    return cache / f"spare-{_site_name(site)}"


def read_state(cache: Path, site: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(state_path(cache, site).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_state(cache: Path, site: Path, state: dict[str, Any]) -> None:
    from .cache import write_atomic

    write_atomic(state_path(cache, site), json.dumps(state, sort_keys=True).encode("utf-8"))


def quick_stamp(content: Path, site: Path, today: str, pdf: bool, templates: Path, code: Path) -> dict[str, Any]:
    """What the no-op check compares: the stat of every input (content, templates, program) and the options."""
    return {"version": __version__, "today": today, "pdf": pdf, "content": stat_tree(content, skip=site.absolute()),
            "templates": stat_tree(templates), "code": stat_tree(code)}


def unchanged(content: Path, site: Path, today: str, pdf: bool, cache: Path | None = None) -> dict[str, Any] | None:
    """The manifest of the site when no input changed since it was built and no file of it was touched."""
    from .resources import templates_dir

    state = read_state(cache or default_cache(site), site)
    if state is None:
        return None
    stamp = quick_stamp(content, site, today, pdf, templates_dir(), Path(__file__).resolve().parent)
    if state.get("stamp") != stamp or stat_tree(site) != state.get("outputs"):
        return None
    return read_manifest(site)
