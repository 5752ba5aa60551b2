"""The write stage: the whole site goes into a fresh folder beside the target, then takes its place.

A failed build therefore never leaves a half-written site: the previous one stays until the swap.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from .errors import GongshiError

MANIFEST = "manifest.json"


class UnsafePath(GongshiError):
    """A generated path would land outside the output folder."""


def safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts or "\\" in path:
        raise UnsafePath(path)
    return relative


def manifest_bytes(files: Mapping[str, bytes]) -> bytes:
    entries = {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items()) if path != MANIFEST}
    return (json.dumps({"algorithm": "sha256", "files": entries}, ensure_ascii=False, indent=1) + "\n").encode()


def read_manifest(site: Path) -> dict[str, str]:
    try:
        return json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError):
        return {}


def write_site(
    files: Mapping[str, bytes],
    target: Path,
    finish: Callable[[Path], None] | None = None,
) -> bool:
    """Write `files` (path -> bytes) as the site at `target`, with its manifest. Returns False when
    the site on disk already holds exactly these files, in which case nothing is touched.

    `finish` runs on the new folder before the swap (e.g. the search indexer, which reads pages)."""
    all_files = dict(files)
    all_files[MANIFEST] = manifest_bytes(files)
    if finish is None and target.is_dir() and _unchanged(target, all_files):
        return False
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        for path, data in sorted(all_files.items()):
            destination = staging.joinpath(*safe_relative(path).parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
        if finish is not None:
            finish(staging)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True


def _unchanged(target: Path, files: Mapping[str, bytes]) -> bool:
    on_disk = read_manifest(target)
    wanted = {p: hashlib.sha256(d).hexdigest() for p, d in files.items() if p != MANIFEST}
    return on_disk == wanted and all((target / p).is_file() for p in wanted)


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
    shutil.rmtree(retired, ignore_errors=True)
