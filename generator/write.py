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
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__
from .errors import UnsafeOutput
from .parallel import fork_shares
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
    for root, dirs, names in os.walk(site):
        for name in [*names, *(d for d in dirs if os.path.islink(os.path.join(root, d)))]:
            relative = Path(root, name).relative_to(site).as_posix()
            if relative not in known:
                found.append(relative)
    return sorted(found)


def manifest_bytes(files: Mapping[str, str], keys: Mapping[str, str], inputs: str) -> bytes:
    """sha256 of every file (SPEC 4), the key each was made from (for the next build), what it was built from."""
    manifest = {"generator": MARKER, "version": __version__, "algorithm": "sha256", "inputs": inputs,
                "files": dict(sorted(files.items())), "keys": dict(sorted(keys.items()))}
    return (json.dumps(manifest, ensure_ascii=False, indent=0) + "\n").encode()


@dataclass(frozen=True)
class Made:
    """One output as the write stage needs it: a path, the key it is made from and how to make it."""

    path: str
    key: str
    make: Callable[[], bytes]

    @classmethod
    def ready(cls, path: str, key: str, data: bytes) -> Made:
        """An output whose bytes are already known."""
        return cls(path, key, partial(_given, data))


def _given(data: bytes) -> bytes:
    return data


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
        info = (site / path).lstat()
    except OSError:
        return False
    return recorded is not None and stat.S_ISREG(info.st_mode) and [info.st_size, info.st_mtime_ns] == recorded


def _place(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


PARALLEL_FROM = 48  # outputs to make before a second process pays for itself (a fork costs ~20 ms)


def _make_into(outputs: Sequence[Made], staging: Path) -> dict[str, str]:
    shas = {}
    folders: set[Path] = {staging}
    for output in outputs:
        data = output.make()
        path = staging.joinpath(*safe_relative(output.path).parts)
        _make_folder(path.parent, folders)
        _write_file(path, data)
        shas[output.path] = hashlib.sha256(data).hexdigest()
    return shas


def _make_folder(folder: Path, made: set[Path]) -> None:
    """`folder` and its parents, 0755 whatever the umask (a site is served by another user)."""
    if folder in made:
        return
    _make_folder(folder.parent, made)
    try:
        folder.mkdir()
        os.chmod(folder, 0o755)
    except FileExistsError:
        pass
    made.add(folder)


def _write_file(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.fchmod(descriptor, 0o644)  # whatever the umask
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)


def make_outputs(todo: Sequence[Made], staging: Path, jobs: int, prepare: Callable[[], None] | None = None) -> dict[str, str]:
    """Make `todo` into `staging`, in `jobs` processes when there are enough of them (the children get the
    outputs as they are and send back only digests; `prepare` runs first, so that what they all need is made
    once)."""
    if prepare is not None and jobs > 1 and len(todo) >= PARALLEL_FROM:
        prepare()
    shas: dict[str, str] = {}
    for share in fork_shares(partial(_make_into, staging=staging), todo, jobs, PARALLEL_FROM):
        shas.update(share)
    return shas


def write_site(outputs: Iterable[Made], target: Path, inputs: str, manifest: Mapping[str, Any] | None,
               stats: Mapping[str, list[int]], finish: Callable[[Path], None] | None = None, jobs: int = 1,
               prepare: Callable[[], None] | None = None) -> WriteResult:
    """Write the site at `target` from `outputs`. `manifest`/`stats`: what the site on disk was built with
    and how its files looked when written (None/{} for a clean build). `finish` runs on the staging folder
    before the swap (the search index is added there). A target that is a link to a folder (site ->
    /srv/www/site) is updated where the link points; the link stays."""
    target = Path(os.path.realpath(target)) if target.is_symlink() else target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    files: dict[str, str] = {}
    keys: dict[str, str] = {}
    made = 0
    try:
        os.chmod(staging, 0o755)
        todo = []
        folders: set[Path] = {staging}
        for output in outputs:
            if _reusable(target, output.path, output.key, manifest, stats):
                assert manifest is not None
                destination = staging.joinpath(*safe_relative(output.path).parts)
                _make_folder(destination.parent, folders)
                _place(target / output.path, destination)  # a hard link: 0644 as it was written
                files[output.path] = manifest["files"][output.path]
            else:
                todo.append(output)
            keys[output.path] = output.key
        files.update(make_outputs(todo, staging, jobs, prepare))
        made = len(todo)
        if finish is not None:
            finish(staging)
            files.update(_open_up(staging, files, manifest, stats))
        _write_file(staging / MANIFEST, manifest_bytes(files, keys, inputs))
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    written: dict[str, list[int]] = {}
    for name in [*files, MANIFEST]:
        info = (target / name).lstat()
        written[name] = [info.st_size, info.st_mtime_ns]
    return WriteResult(files, made, written)


def _open_up(folder: Path, known: Mapping[str, str], previous: Mapping[str, Any] | None,
             stats: Mapping[str, list[int]]) -> dict[str, str]:
    """The files in `folder` that are not `known` (added by `finish`), opened to the web server's user (0644,
    their folders 0755), with their sha256 (taken from the previous manifest for a file linked, unchanged,
    from the previous site)."""
    added: dict[str, str] = {}
    before = previous.get("files", {}) if previous is not None else {}
    for root, dirs, names in os.walk(folder):
        relative_root = Path(root).relative_to(folder)
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
        for name in names:
            relative = relative_root.joinpath(name).as_posix()
            if relative in known:
                continue
            path = os.path.join(root, name)
            info = os.lstat(path)
            if relative in before and stats.get(relative) == [info.st_size, info.st_mtime_ns]:
                added[relative] = before[relative]
                continue
            os.chmod(path, 0o644)
            with open(path, "rb") as handle:
                added[relative] = hashlib.sha256(handle.read()).hexdigest()
    return dict(sorted(added.items()))


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        os.replace(staging, target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    os.rmdir(retired)
    os.replace(target, retired)
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(retired, target)
        raise
    remove_later(retired)


def remove_later(folder: Path) -> None:
    """Remove a folder of ours without waiting for it (a retired site is thousands of files): by a detached
    `rm`, or at once when there is none."""
    rm = shutil.which("rm")
    if rm is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        subprocess.Popen([rm, "-rf", "--", str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
