"""The build cache (`.gongshi-cache/` beside the site, or `--cache`): each stage's results by the digest of
what the stage read, and the state of the last build for the quick no-op check.

The cache is a private working folder of this program, like a compiler's: entries are checked pickles, written
atomically, and a damaged or unreadable entry is simply a miss. Entries the last build did not use are
removed at its end.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import struct
import tempfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from . import __version__

T = TypeVar("T")
FORMAT = 3  # bump when what the cache holds changes shape


class StageCache:
    """Results of the load, model and rules stages by key, on disk; `memo` is what the stages call."""

    def __init__(self, folder: Path | None, code: str, jobs: int = 1) -> None:
        self.folder = folder / "stages" if folder is not None else None
        self.code = code
        self.jobs = jobs
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def memo(self, stage: str, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        return self.memo_many(stage, [(inputs, make)])[0]

    def memo_many(self, stage: str, items: Sequence[tuple[tuple[Any, ...], Callable[[], T]]]) -> list[T]:
        """Each item's value from the cache, or made (those not found, over `jobs` processes when there
        are enough of them: each is as costly as a board) and kept."""
        from .fingerprint import digest
        from .parallel import fork_map

        values: list[Any] = []
        missing: list[tuple[int, Path | None, Callable[[], T]]] = []
        for inputs, make in items:
            key = digest(FORMAT, self.code, stage, inputs)
            self.used.add(key)
            path = self._path(key)
            found = _read(path)
            values.append(found)
            if found is _MISSING:
                missing.append((len(values) - 1, path, make))
        self.hits += len(items) - len(missing)
        self.misses += len(missing)
        made = fork_map(_make_and_keep, [(path, make) for _, path, make in missing], self.jobs, PARALLEL_FROM)
        for (position, _, _), value in zip(missing, made, strict=True):
            values[position] = value
        return values

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


PARALLEL_FROM = 4  # values to make before a second process pays for itself
_MISSING = object()


# An entry: this mark, the CRC-32 and length of the pickle, then the pickle. A damaged entry (a bit flipped, a
# file cut short, another file put in its place) is a miss even where its bytes would still unpickle.
_MARK = b"GSC1"
_HEAD = struct.Struct("<4sIQ")


def _read(path: Path | None) -> Any:
    if path is None:
        return _MISSING
    try:
        data = path.read_bytes()
        mark, crc, length = _HEAD.unpack_from(data)
        body = memoryview(data)[_HEAD.size:]
        if mark != _MARK or length != len(body) or crc != zlib.crc32(body):
            return _MISSING
        return pickle.loads(body)
    except Exception:  # a damaged pickle can raise almost anything (OverflowError, KeyError, struct.error…)
        return _MISSING


def _entry(value: Any) -> bytes:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEAD.pack(_MARK, zlib.crc32(body), len(body)) + body


def _make_and_keep(item: tuple[Path | None, Callable[[], T]]) -> T:
    path, make = item
    value = make()
    if path is not None:
        write_atomic(path, _entry(value))
    return value


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


