"""The write stage: the whole site goes into a fresh folder beside the target, then takes its place at once.

Outputs whose key equals the one the site on disk was built with, and whose file on disk is untouched since
(same size and time as written), are linked from it instead of made again; every other output is made now.
A failed build never leaves a half-written site, and only an empty folder or a site this program built is
ever replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__
from .errors import UnsafeOutput
from .outputs import Output
from .parallel import fork_shares
from .staging import Staging
from .state import MANIFEST, MARKER, read_manifest


class UnsafePath(UnsafeOutput):
    """A generated path would land outside the output folder."""

    def __init__(self, path: str) -> None:
        super().__init__("usage.output_not_ours", output=path)


def safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts or "\\" in path or "\x00" in path:
        raise UnsafePath(path)
    return relative


def check_target(content: Path, site: Path) -> None:
    """The site may not be the content folder, contain it, or be a file; and a folder that is there must be
    empty or a site this program built (its manifest says so, and lists every file in it). A site inside the
    content folder is fine."""
    content_real, site_real = content.resolve(), site.resolve()
    if site_real == content_real or site_real in content_real.parents:
        raise UnsafeOutput("usage.output_is_content", output=str(site))
    if site.exists() and not site.is_dir():
        raise UnsafeOutput("usage.output_is_file", output=str(site))
    if site.is_dir() and any(site.iterdir()):
        manifest = read_manifest(site)
        if manifest is None or foreign_files(site, manifest):
            raise UnsafeOutput("usage.output_not_ours", output=str(site))


def foreign_files(site: Path, manifest: Mapping[str, Any]) -> list[str]:
    """Files in a built site that its manifest does not list (put there by someone else): a build would
    replace the folder and lose them."""
    known = set(manifest["files"]) | {MANIFEST}
    found = []
    base = os.fspath(site)
    for root, dirs, names in os.walk(base):
        # Strings, not Paths: this walks every file of the site, twice a build.
        prefix = "" if root == base else root[len(base) + 1:].replace(os.sep, "/") + "/"
        for name in [*names, *(d for d in dirs if os.path.islink(os.path.join(root, d)))]:
            if prefix + name not in known:
                found.append(prefix + name)
    return sorted(found)


def manifest_bytes(files: Mapping[str, str], keys: Mapping[str, str], inputs: str) -> bytes:
    """sha256 of every file (SPEC 4), the key each was made from (for the next build), what it was built from."""
    manifest = {"generator": MARKER, "version": __version__, "algorithm": "sha256", "inputs": inputs,
                "files": dict(sorted(files.items())), "keys": dict(sorted(keys.items()))}
    return (json.dumps(manifest, ensure_ascii=False, indent=0) + "\n").encode()


@dataclass(frozen=True)
class WriteResult:
    files: dict[str, str]  # path -> sha256
    made: int  # outputs made now (the rest were linked from the previous site)
    stats: dict[str, list[int]]  # path -> [size, mtime_ns] of every file written, for the no-op check


def _reusable(site: Path, path: str, key: str, manifest: Mapping[str, Any] | None,
              stats: Mapping[str, list[int]]) -> bool:
    if manifest is None or manifest.get("keys", {}).get(path) != key or path not in manifest.get("files", {}):
        return False
    recorded = stats.get(path)
    try:
        info = os.lstat(os.path.join(site, path))
    except OSError:
        return False
    return recorded is not None and stat.S_ISREG(info.st_mode) and [info.st_size, info.st_mtime_ns] == recorded


PARALLEL_FROM = 48  # outputs to make before a second process pays for itself (a fork costs ~20 ms)


def _make_into(outputs: Sequence[Output], staging: Staging) -> dict[str, str]:
    shas = {}
    for output in outputs:
        data = output.make()
        staging.write(safe_relative(output.path).as_posix(), data)
        shas[output.path] = hashlib.sha256(data).hexdigest()
    return shas


def make_outputs(todo: Sequence[Output], staging: Staging, jobs: int,
                 prepare: Callable[[], None] | None = None) -> dict[str, str]:
    """Make `todo` into `staging`, in `jobs` processes when there are enough of them (the children get the
    outputs as they are and send back only digests; `prepare` runs first, so that what they all need is made
    once)."""
    if prepare is not None and jobs > 1 and len(todo) >= PARALLEL_FROM:
        prepare()
    shas: dict[str, str] = {}
    for share in fork_shares(partial(_make_into, staging=staging), todo, jobs, PARALLEL_FROM):
        shas.update(share)
    return shas


def write_site(outputs: Iterable[Output], target: Path, inputs: str, manifest: Mapping[str, Any] | None,
               stats: Mapping[str, list[int]], finish: Callable[[Staging], Sequence[str]] | None = None,
               jobs: int = 1, prepare: Callable[[], None] | None = None, spare: Path | None = None,
               checkpoint: Callable[[], None] | None = None) -> WriteResult:
    """Write the site at `target` from `outputs`. `manifest`/`stats`: what the site on disk was built with
    and how its files looked when written (None/{} for a clean build). `finish` runs on the staging folder
    before the swap and says which files it put there (the search index). `spare`: where the retired site
    is kept, to stage the next build in (see staging.py). `checkpoint` is called just before the swap: what
    it raises leaves the site as it was (interrupt.py: Ctrl+C swallowed on the way). A target that is a link to a folder (site ->
    /srv/www/site) is updated where the link points; the link stays."""
    target = Path(os.path.realpath(target)) if target.is_symlink() else target.absolute()
    staging = Staging.open(target, spare)
    files: dict[str, str] = {}
    keys: dict[str, str] = {}
    try:
        todo = []
        for output in outputs:
            relative = safe_relative(output.path).as_posix()
            if _reusable(target, output.path, output.key, manifest, stats):
                assert manifest is not None
                staging.link(target / relative, relative)  # a hard link: 0644 as it was written
                files[output.path] = manifest["files"][output.path]
            else:
                todo.append(output)
            keys[output.path] = output.key
        files.update(make_outputs(todo, staging, jobs, prepare))
        if finish is not None:
            files.update(_finished(staging, finish(staging), manifest, stats))
        staging.prune({*files, MANIFEST})
        staging.write(MANIFEST, manifest_bytes(files, keys, inputs))
        if checkpoint is not None:
            checkpoint()
        staging.swap()
    except BaseException:
        staging.discard()
        raise
    written: dict[str, list[int]] = {}
    for name in [*files, MANIFEST]:
        info = os.lstat(os.path.join(target, name))
        written[name] = [info.st_size, info.st_mtime_ns]
    return WriteResult(files, len(todo), written)


def _finished(staging: Staging, added: Sequence[str], previous: Mapping[str, Any] | None,
              stats: Mapping[str, list[int]]) -> dict[str, str]:
    """The files `finish` added, opened to the web server's user (0644, their folders 0755), with their
    sha256 (taken from the previous manifest for a file linked, unchanged, from the previous site)."""
    before = previous.get("files", {}) if previous is not None else {}
    shas: dict[str, str] = {}
    folders: set[Path] = set()
    for relative in added:
        path = staging.path(safe_relative(relative).as_posix())
        info = path.lstat()
        if relative in before and stats.get(relative) == [info.st_size, info.st_mtime_ns]:
            shas[relative] = before[relative]
            continue
        os.chmod(path, 0o644)
        for folder in path.relative_to(staging.folder).parents:
            if folder not in folders and folder != Path("."):
                os.chmod(staging.folder / folder, 0o755)
                folders.add(folder)
        shas[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(shas.items()))
