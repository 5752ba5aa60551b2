"""The render stage: every file of the site as an output with a key and a maker (`plan`), the static
assets, and the search records."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import ContentError
from ..fingerprint import digest
from ..i18n import Translator
from ..load.files import read_inside
from ..memo import Memo, no_memo
from ..model.types import Content
from ..outcome import Outcome
from ..outputs import Output
from ..resources import templates_dir
from ..staging import Staging
from .plan import Options, plan_site
from .search_records import SearchRecord, by_bundle, search_records


def static_outputs(content_root: Path) -> list[Output]:
    """Built-in assets, overridden by files of the same name in the content's templates/static (read only
    when they are regular files inside the content folder)."""
    files: dict[str, bytes] = {}
    problems = []
    for base, root in ((templates_dir() / "static", None), (content_root / "templates" / "static", content_root)):
        if not base.is_dir() or base.is_symlink():
            continue
        for path in sorted(base.rglob("*")):
            if path.name.startswith(".") or path.is_dir():
                continue
            relative = path.relative_to(base).as_posix()
            if root is None:
                files[f"static/{relative}"] = path.read_bytes()
                continue
            data, found = read_inside(root, path)
            problems.extend(found)
            if data is not None:
                files[f"static/{relative}"] = data
    if problems:
        raise ContentError(problems)
    return [Output.ready(path, digest("static", data), data) for path, data in files.items()]


def _reuse_bundle(site: Path, bundle: list[str], staging: Staging) -> list[str]:
    from ..search import reuse_bundle

    return reuse_bundle(site, staging, bundle)


@dataclass
class SearchPlan:
    """The search records of the site's pages, in bundles (search_records.BUNDLES); each bundle indexed in the
    background, or the last build's reused when its records did not change."""

    records: Sequence[tuple[str, SearchRecord]]
    lang: str
    bundles: dict[str, list[tuple[str, SearchRecord]]] = field(default_factory=dict)  # the records of each bundle
    keys: dict[str, str] = field(default_factory=dict)  # bundle -> digest of its records
    _indexes: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.bundles = by_bundle(self.records)
        self.keys = {name: digest("search", __version__, self.lang, name, records) for name, records in self.bundles.items()}

    def start(self, site: Path, state: Mapping[str, Any] | None, scratch: Path,
              cache: Path) -> Callable[[Staging], Sequence[str]]:
        from ..search import SearchIndex

        previous = dict(state or {})
        stats = previous.get("outputs", {})
        keys = previous.get("search")
        before = keys if isinstance(keys, dict) else {}
        finishers: list[Callable[[Staging], Sequence[str]]] = []
        _prune_records(cache / "search", set(self.bundles))
        for name, records in self.bundles.items():
            bundle = [p for p in stats if p.startswith(name + "/")]
            if before.get(name) == self.keys[name] and bundle and all(_intact(site, p, stats[p]) for p in bundle):
                finishers.append(partial(_reuse_bundle, site, bundle))
                continue
            index = SearchIndex(records, self.lang, scratch, cache / "search" / name, name)
            self._indexes.append(index)
            finishers.append(index.finish)

        def finish(staging: Staging) -> list[str]:
            return [path for finisher in finishers for path in finisher(staging)]

        return finish

    def close(self) -> None:
        for index in self._indexes:
            index.close()


def _prune_records(folder: Path, keep: set[str]) -> None:
    """Remove record folders of bundles the site no longer has (or of an older layout of the cache)."""
    import shutil

    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name not in keep:
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()


def _intact(site: Path, relative: str, recorded: list[int]) -> bool:
    try:
        info = (site / relative).lstat()
    except OSError:
        return False
    return [info.st_size, info.st_mtime_ns] == recorded


@dataclass(frozen=True)
class SiteOutputs:
    outputs: list[Output]
    prepare: Callable[[], None]  # run before the outputs are made in worker processes


def site_outputs(content: Content, outcome: Outcome, tr: Translator, code: str, pdf_links: bool,
                 cache: Path | None = None, records: Sequence[tuple[str, SearchRecord]] | None = None,
                 memo: Memo[Any] = no_memo) -> SiteOutputs:
    """`records`: the search records (SearchPlan's), which the search page lists; made here when not given.
    `memo`: the build's stage cache."""
    if records is None:
        records = search_records(content, outcome, tr)
    planned, prepare = plan_site(content, outcome, Options(pdf_links, __version__, code, cache, memo), tr, records)
    outputs = list(planned)
    outputs.extend(static_outputs(content.root))
    return SiteOutputs(outputs, prepare)


def search_plan(content: Content, outcome: Outcome, tr: Translator) -> SearchPlan:
    return SearchPlan(search_records(content, outcome, tr), content.lang)


__all__ = ["SearchPlan", "search_plan", "site_outputs", "static_outputs"]
