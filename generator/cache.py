"""The build cache (`.gongshi-cache/` beside the site, or `--cache`): each stage's results by the digest of
what the stage read, and the state of the last build for the quick no-op check.

The cache is a private working folder of this program, like a compiler's: entries are pickles, written
atomically, and a damaged or unreadable entry is simply a miss. Entries the last build did not use are
removed at its end.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import __version__

T = TypeVar("T")
FORMAT = 2  # bump when what the cache holds changes shape


class StageCache:
    """Results of the load, model and rules stages by key, on disk; `memo` is what the stages call."""

    def __init__(self, folder: Path | None, code: str) -> None:
        self.folder = folder / "stages" if folder is not None else None
        self.code = code
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def memo(self, stage: str, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        from .fingerprint import digest

        key = digest(FORMAT, self.code, stage, inputs)
        self.used.add(key)
        path = self._path(key)
        if path is not None:
            try:
                with path.open("rb") as handle:
                    value: T = pickle.load(handle)
                self.hits += 1
                return value
            except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
                pass
        self.misses += 1
        value = make()
        if path is not None:
            write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value

    def _path(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key}.pkl" if self.folder is not None else None

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        for sub in self.folder.iterdir():
            if not sub.is_dir():
                continue
            for entry in sub.iterdir():
                if entry.suffix == ".pkl" and entry.stem not in self.used:
                    with contextlib.suppress(OSError):
                        entry.unlink()


def write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        pass


def code_digest() -> str:
    """A digest of this program's own code (its .py files), so that a new version misses every cache."""
    hasher = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


