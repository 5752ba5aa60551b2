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
from typing import Any

from .errors import GongshiError

MANIFEST = "manifest.json"


class UnsafePath(GongshiError):
    """A generated path would land outside the output folder."""


def safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts or "\\" in path:
        raise UnsafePath(path)
    return relative


def manifest_bytes(files: Mapping[str, bytes], inputs: str | None = None) -> bytes:
    """The site's manifest: sha256 of every file, and the fingerprint of what the site was built from."""
    entries = {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items()) if path != MANIFEST}
    manifest: dict[str, object] = {"algorithm": "sha256", "files": entries}
    if inputs is not None:
        manifest["inputs"] = inputs
    return (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()


def intact_manifest(site: Path) -> dict[str, Any] | None:
    """The site's manifest when the folder holds exactly the files it lists, byte for byte (by content,
    not time: a hand-edited or damaged file makes the site due for a rebuild)."""
    try:
        manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = manifest.get("files", {})
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {MANIFEST}
    if on_disk != set(files):
        return None
    for path, digest in files.items():
        if hashlib.sha256((site / path).read_bytes()).hexdigest() != digest:
            return None
    return manifest


def write_site(
    files: Mapping[str, bytes],
    target: Path,
    finish: Callable[[Path], None] | None = None,
    inputs: str | None = None,
    current: Mapping[str, Any] | None = None,
) -> bool:
    """Write `files` (path -> bytes) as the site at `target`, with its manifest. Returns False when
    the site on disk already holds exactly these files, in which case nothing is touched.

    `finish` runs on the new folder before the swap and may add files that derive from the pages
    only (the search index): they are listed in the manifest too. `current`: the manifest of the site
    on disk when that site is intact (`intact_manifest`), else None."""
    if current is not None and _unchanged(current, files, inputs):
        return False
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        for path, data in sorted(files.items()):
            destination = staging.joinpath(*safe_relative(path).parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
        if finish is not None:
            finish(staging)
        (staging / MANIFEST).write_bytes(manifest_bytes(read_tree(staging), inputs))
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _unchanged(manifest: Mapping[str, Any], files: Mapping[str, bytes], inputs: str | None) -> bool:
    """The rendered files equal those of the intact site on disk (what `finish` derived from them aside),
    and the site records the same inputs (else it is written again, so the next build can skip)."""
    if manifest.get("inputs") != inputs:
        return False
    on_disk = manifest.get("files", {})
    wanted = {p: hashlib.sha256(d).hexdigest() for p, d in files.items() if p != MANIFEST}
    rendered = {p: h for p, h in on_disk.items() if p in wanted or not p.startswith("pagefind/")}
    return rendered == wanted


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
