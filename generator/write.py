"""The write stage: the whole site goes into a fresh folder beside the target, then takes its place at once.

Outputs whose key equals the one the site on disk was built with, and whose file on disk is untouched since
(same size and time as written), are linked from it instead of made again; every other output is made now.
A failed build never leaves a half-written site, and only an empty folder or a site this program built is
ever replaced.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
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
    empty or a site this program built (its manifest says so). A site inside the content folder is fine."""
    content_real, site_real = content.resolve(), site.resolve()
    if site_real == content_real or site_real in content_real.parents:
        raise UnsafeOutput("usage.output_is_content", output=str(site))
    if site.exists() and not site.is_dir():
        raise UnsafeOutput("usage.output_is_file", output=str(site))
    if site.is_dir() and any(site.iterdir()) and read_manifest(site) is None:
        raise UnsafeOutput("usage.output_not_ours", output=str(site))


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


PARALLEL_FROM = 200  # outputs to make before worker processes pay for themselves


def _make_into(outputs: Sequence[Made], staging: Path) -> dict[str, str]:
    shas = {}
    for output in outputs:
        data = output.make()
        staging.joinpath(*safe_relative(output.path).parts).write_bytes(data)
        shas[output.path] = hashlib.sha256(data).hexdigest()
    return shas


def _child(outputs: Sequence[Made], staging: Path, connection: Any) -> None:
    try:
        connection.send(("ok", _make_into(outputs, staging)))
    except BaseException as error:
        connection.send(("error", error))
    finally:
        connection.close()


def make_outputs(todo: Sequence[Made], staging: Path, jobs: int, prepare: Callable[[], None] | None = None) -> dict[str, str]:
    """Make `todo` into `staging`, in `jobs` processes when there are enough of them (fork: the children get
    the outputs as they are, nothing is pickled but the digests they send back; `prepare` runs first, so
    that what they all need is made once)."""
    methods = multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(todo) < PARALLEL_FROM or "fork" not in methods:
        return _make_into(todo, staging)
    if prepare is not None:
        prepare()
    context = multiprocessing.get_context("fork")
    shares = [list(todo[n::jobs]) for n in range(jobs)]
    children = []
    for share in shares[1:]:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(share, staging, send))
        process.start()
        send.close()
        children.append((process, receive))
    try:
        shas = _make_into(shares[0], staging)
    finally:
        results = [(receive.recv(), process) for process, receive in children]
        for _, process in results:
            process.join()
    for (status, value), _ in results:
        if status == "error":
            raise value
        shas.update(value)
    return shas


def write_site(outputs: Iterable[Made], target: Path, inputs: str, manifest: Mapping[str, Any] | None,
               stats: Mapping[str, list[int]], finish: Callable[[Path], None] | None = None, jobs: int = 1,
               prepare: Callable[[], None] | None = None) -> WriteResult:
    """Write the site at `target` from `outputs`. `manifest`/`stats`: what the site on disk was built with
    and how its files looked when written (None/{} for a clean build). `finish` runs on the staging folder
    before the swap (the search index is added there)."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    files: dict[str, str] = {}
    keys: dict[str, str] = {}
    made = 0
    try:
        todo = []
        folders: set[Path] = {staging}
        for output in outputs:
            destination = staging.joinpath(*safe_relative(output.path).parts)
            if destination.parent not in folders:
                destination.parent.mkdir(parents=True, exist_ok=True)
                folders.add(destination.parent)
            if _reusable(target, output.path, output.key, manifest, stats):
                assert manifest is not None
                _place(target / output.path, destination)
                files[output.path] = manifest["files"][output.path]
            else:
                todo.append(output)
            keys[output.path] = output.key
        files.update(make_outputs(todo, staging, jobs, prepare))
        made = len(todo)
        if finish is not None:
            finish(staging)
            for path in sorted(p for p in staging.rglob("*") if p.is_file()):
                relative = path.relative_to(staging).as_posix()
                if relative not in files:
                    files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        (staging / MANIFEST).write_bytes(manifest_bytes(files, keys, inputs))
        _open_up(staging)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    written: dict[str, list[int]] = {}
    for name in [*files, MANIFEST]:
        info = (target / name).lstat()
        written[name] = [info.st_size, info.st_mtime_ns]
    return WriteResult(files, made, written)


def _open_up(folder: Path) -> None:
    """A site is for a web server that runs as another user: folders 0755, files 0644."""
    for root, dirs, names in os.walk(folder):
        os.chmod(root, 0o755)
        for name in names:
            os.chmod(os.path.join(root, name), 0o644)
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)


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
