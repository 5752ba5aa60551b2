"""Full-text search: Pagefind (extended build, Chinese word segmentation) indexes small search records — one
per page, holding what people search for — not the pages with their tables of numbers.

The records are kept in the cache and indexed by the bundled binary in the background while the site is
rendered; the bundles then go into the staged site. The records are split into bundles by kind (BUNDLES), each
indexed again only when its own records changed: editing a notice re-indexes the notices, not a thousand
units. The search page loads the first bundle and merges the others into it (Pagefind's `mergeIndex`), over
HTTP.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import EnvironmentProblem
from .render.search_records import SEARCH_BUNDLE, SearchRecord, record_html
from .staging import Staging


def pagefind_executable() -> Path | None:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError):
        return None


def sync_records(folder: Path, records: Sequence[tuple[str, SearchRecord]], lang: str) -> None:
    """The record files in `folder` (kept in the cache between builds): each rewritten only when it changed,
    the ones of pages that are gone removed."""
    html_lang = "en" if lang.startswith("en") else "zh-CN"
    wanted = {path: record_html(record, html_lang).encode("utf-8") for path, record in records}
    present = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*.html")} if folder.is_dir() else {}
    for path, old in present.items():
        if path not in wanted:
            old.unlink()
    made: set[Path] = set()
    for path, data in wanted.items():
        destination = folder / path
        if path in present:
            try:
                if destination.read_bytes() == data:
                    continue
            except OSError:
                pass
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        destination.write_bytes(data)


class SearchIndex:
    """One run of the indexer over `records` ((page path, record) pairs), started at once; the records live in
    `records_folder` (in the cache), the bundle is made in a scratch folder beside the site."""

    def __init__(self, records: Sequence[tuple[str, SearchRecord]], lang: str, scratch_parent: Path,
                 records_folder: Path, name: str = SEARCH_BUNDLE) -> None:
        executable = pagefind_executable()
        if executable is None:
            raise EnvironmentProblem("env.no_pagefind")
        self.name = name
        sync_records(records_folder, records, lang)
        self.scratch = Path(tempfile.mkdtemp(prefix=".gongshi-search-", dir=scratch_parent))
        site, self.bundle = records_folder, self.scratch / "bundle"
        self.process = subprocess.Popen(
            [str(executable), "--site", str(site), "--output-path", str(self.bundle), "--keep-index-url", "--silent"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def finish(self, staging: Staging) -> list[str]:
        """Wait for the indexer and move its bundle into the staged site; the files it holds."""
        try:
            out, err = self.process.communicate()
            if self.process.returncode != 0:
                raise EnvironmentProblem("env.pagefind_failed", error=(err or out).strip()[:500])
            destination = staging.path(self.name)
            if os.path.lexists(destination):  # the previous site's bundle, in a reused staging folder
                shutil.rmtree(destination) if destination.is_dir() and not destination.is_symlink() \
                    else destination.unlink()
            if self.name != SEARCH_BUNDLE:  # merged into the primary: Pagefind searches it with the primary's code
                for path in self.bundle.iterdir():
                    if path.is_file() and path.name != "pagefind-entry.json" and not path.name.endswith(".pf_meta"):
                        path.unlink()
            shutil.move(str(self.bundle), str(destination))
            return sorted(p.relative_to(staging.folder).as_posix() for p in destination.rglob("*") if p.is_file())
        finally:
            self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)  # by now only an empty folder, or a failed run's bundle


def reuse_bundle(previous_site: Path, staging: Staging, files: Sequence[str]) -> list[str]:
    """The previous site's bundle, linked into the staged site (the records did not change)."""
    for relative in files:
        staging.link(previous_site / relative, relative)
    return list(files)
