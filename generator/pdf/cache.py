"""PDFs cached by content: each file is named by the sha256 of everything that went into it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

MAX_AGE_DAYS = 30  # entries unused that long are removed at the end of a build
# A PDF; the keys of the entries a year book was made from (render._Book); a font merged from a book's parts
# (book_fonts.py); the layout of a book's part, its pages and where its named destinations are (render._Book).
SUFFIXES = (".pdf", ".parts", ".font", ".layout")
Layout = tuple[int, dict[str, int]]  # (pages, the page index of each named destination)


def cache_key(*pieces: object) -> str:
    """sha256 of a JSON rendering of `pieces` (strings, numbers, lists, dicts)."""
    data = json.dumps(pieces, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class PdfCache:
    """A folder of `<key>.pdf` files. Reads and writes never fail a build: a broken cache is a cold one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str, suffix: str = ".pdf") -> Path:
        return self.folder / f"{key}{suffix}"

    def get(self, key: str) -> bytes | None:
        data = self.read(key, ".pdf")
        if data is None or not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
            return None
        return data

    def put(self, key: str, data: bytes, suffix: str = ".pdf") -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=suffix, dir=self.folder)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, self.path(key, suffix))
        except OSError:
            pass

    def read(self, key: str, suffix: str) -> bytes | None:
        """An entry of any kind (SUFFIXES) as it is, marked as used."""
        path = self.path(key, suffix)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept by prune()
        return data

    def put_parts(self, key: str, parts: list[str]) -> None:
        """Record the keys of the entries an entry was made from (a book's sections): kept while it is."""
        self.put(key, "".join(f"{part}\n" for part in parts).encode("ascii"), ".parts")

    def parts(self, key: str) -> list[str]:
        data = self.read(key, ".parts")
        try:
            return data.decode("ascii").split() if data else []
        except UnicodeDecodeError:
            return []

    def put_layout(self, key: str, layout: Layout) -> None:
        pages, anchors = layout
        self.put(key, json.dumps({"pages": pages, "anchors": anchors}, sort_keys=True).encode(), ".layout")

    def layout(self, key: str) -> Layout | None:
        """The layout kept with an entry, or None (not kept, or damaged: it is read from the PDF again)."""
        data = self.read(key, ".layout")
        try:
            found = json.loads(data) if data else {}
            pages, anchors = found["pages"], found["anchors"]
        except (ValueError, TypeError, KeyError):
            return None
        if not isinstance(pages, int) or not isinstance(anchors, dict) or \
                not all(isinstance(k, str) and isinstance(v, int) and 0 <= v < pages for k, v in anchors.items()):
            return None
        return pages, anchors

    def prune(self, keep: set[str], max_age_days: float = MAX_AGE_DAYS) -> int:
        """Remove entries (and their lists of parts) not in `keep` and unused for `max_age_days`, and stray
        temporary files."""
        if not self.folder.is_dir():
            return 0
        now = time.time()
        limit = now - max_age_days * 86400
        removed = 0
        for path in self.folder.iterdir():
            try:
                mtime = path.stat().st_mtime
                # A temporary file an hour old was left by a build that was killed.
                stale = mtime < now - 3600 if path.name.startswith(".tmp-") else path.stem not in keep and mtime < limit
                if stale and path.suffix in SUFFIXES:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed
