"""Which files of a content folder are read, and reading them safely: regular files inside the folder only.

A symlink is followed only when it stays inside the content folder; a FIFO or device is never opened (it
could block for ever); sizes are bounded. Lock and hidden files are skipped with a note.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Message, Problem

TABLE_SUFFIXES = (".csv", ".xlsx")
TABLE_FOLDERS = ("results", "standings", "grades")
MAX_TABLE_BYTES = 64 * 2**20
MAX_TEXT_BYTES = 4 * 2**20
# A notice is a bulletin: 256 KB is some 85,000 Chinese characters, a hundred printed pages. Bounded so that
# its Markdown (linear, but some 30 µs a character for bracket-dense text) and its PDF stay seconds.
MAX_NOTICE_BYTES = 256 * 2**10
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db", ".ds_store"})


@dataclass(frozen=True)
class SourceFile:
    relative: str  # content-relative path with "/", as messages name it
    data: bytes = field(repr=False)
    digest: str  # sha256 of the bytes

    @property
    def name(self) -> str:
        return self.relative.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        return self.name.rsplit(".", 1)[0] if "." in self.name else self.name

    @property
    def suffix(self) -> str:
        return "." + self.name.rsplit(".", 1)[1].lower() if "." in self.name else ""


@dataclass(frozen=True)
class ContentFiles:
    """Every input file of a content folder, read; the archive is read separately."""

    site_toml: SourceFile | None
    units: SourceFile | None
    indicators: SourceFile | None
    tasks: SourceFile | None
    results: tuple[SourceFile, ...]
    standings: tuple[SourceFile, ...]
    grades: tuple[SourceFile, ...]
    notices: tuple[SourceFile, ...]
    calendars: tuple[SourceFile, ...]
    notes: tuple[Message, ...]  # files skipped (lock files, hidden files, subfolders)
    problems: tuple[Problem, ...]


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.resolved_root = root.resolve()
        self.problems: list[Problem] = []
        self.notes: list[Message] = []

    def problem(self, relative: str, code: str, **params: object) -> None:
        self.problems.append(Problem(relative, 0, "", Message.of(code, **params)))

    def allowed(self, path: Path, relative: str, want_dir: bool) -> bool:
        """Whether `path` may be read: inside the content folder (after links) and of the right kind."""
        try:
            info = path.lstat()
        except OSError as error:
            self.problem(relative, "files.unreadable", detail=error.strerror or str(error))
            return False
        if stat.S_ISLNK(info.st_mode):
            target = Path(os.path.realpath(path))
            if not target.exists():
                self.problem(relative, "files.symlink_dangling", target=os.readlink(path))
                return False
            if target != self.resolved_root and self.resolved_root not in target.parents:
                self.problem(relative, "files.symlink_outside", target=str(target))
                return False
            info = target.stat()
        if want_dir:
            return stat.S_ISDIR(info.st_mode)
        if not stat.S_ISREG(info.st_mode):
            if not stat.S_ISDIR(info.st_mode):
                self.problem(relative, "files.not_regular")
            return False
        return True

    def read(self, path: Path, relative: str, limit: int) -> SourceFile | None:
        if not self.allowed(path, relative, want_dir=False):
            return None
        try:
            size = path.stat().st_size
            if size > limit:
                self.problem(relative, "files.too_large", size=round(size / 2**20, 1), limit=f"{limit / 2**20:g}")
                return None
            data = path.read_bytes()
        except OSError as error:
            self.problem(relative, "files.unreadable", detail=error.strerror or str(error))
            return None
        return SourceFile(relative, data, hashlib.sha256(data).hexdigest())

    def skip_note(self, name: str, display: str) -> bool:
        if name.startswith(("~$", ".~lock")):
            self.notes.append(Message.of("files.skip_lock", path=display))
        elif name.startswith("."):
            self.notes.append(Message.of("files.skip_hidden", path=display))
        elif name.lower() in _SYSTEM_FILES:
            self.notes.append(Message.of("files.skip_system", path=display))
        else:
            return False
        return True

    def entries(self, folder: str) -> list[Path]:
        path = self.root / folder
        if not path.exists() and not path.is_symlink():
            return []
        if not self.allowed(path, folder + "/", want_dir=True):
            return []
        return sorted(path.iterdir(), key=lambda p: p.name)

    def table_folder(self, folder: str) -> tuple[SourceFile, ...]:
        by_stem: dict[str, list[Path]] = {}
        for entry in self.entries(folder):
            display = f"{folder}/{entry.name}"
            if self.skip_note(entry.name, display):
                continue
            if entry.is_dir() and not entry.is_symlink():
                self.notes.append(Message.of("files.skip_folder", path=display + "/", parent=folder))
                continue
            suffix = entry.suffix.lower()
            if suffix == ".xls":
                self.problem(display, "files.xls")
            elif suffix not in TABLE_SUFFIXES:
                self.problem(display, "files.bad_suffix", suffix=entry.suffix or entry.name)
            else:
                by_stem.setdefault(entry.stem.casefold(), []).append(entry)
        kept = []
        for paths in by_stem.values():
            if len(paths) > 1:
                first, second = (f"{folder}/{p.name}" for p in paths[:2])
                self.problem(first, "files.pair", first=first, second=second)
            elif (read := self.read(paths[0], f"{folder}/{paths[0].name}", MAX_TABLE_BYTES)) is not None:
                kept.append(read)
        return tuple(sorted(kept, key=lambda f: f.name))

    def text_folder(self, folder: str, suffix: str, limit: int = MAX_TEXT_BYTES) -> tuple[SourceFile, ...]:
        kept = []
        for entry in self.entries(folder):
            display = f"{folder}/{entry.name}"
            if self.skip_note(entry.name, display):
                continue
            if entry.suffix.lower() == suffix and (read := self.read(entry, display, limit)) is not None:
                kept.append(read)
            # Other files (images, attachments) may be linked from notices: not ours to judge.
        return tuple(kept)

    def single(self, stem: str, required: bool) -> SourceFile | None:
        found = [name for name in (f"{stem}.csv", f"{stem}.xlsx", f"{stem}.xls")
                 if (self.root / name).exists() or (self.root / name).is_symlink()]
        if f"{stem}.xls" in found:
            self.problem(f"{stem}.xls", "files.xls")
            found.remove(f"{stem}.xls")
        if len(found) > 1:
            self.problem(found[0], "files.pair", first=found[0], second=found[1])
            return None
        if not found:
            if required:
                self.problem(f"{stem}.csv", "files.missing_required", name=f"{stem}.csv")
            return None
        return self.read(self.root / found[0], found[0], MAX_TABLE_BYTES)


def read_content_files(root: Path) -> ContentFiles:
    """Read every input file of the content folder at `root` (never archive/ or templates/)."""
    reader = _Reader(root)
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.startswith(("~$", ".~lock")):
            reader.skip_note(entry.name, entry.name)
    site = reader.read(root / "site.toml", "site.toml", MAX_TEXT_BYTES) \
        if (root / "site.toml").exists() or (root / "site.toml").is_symlink() else None
    if site is None and not any(p.file == "site.toml" for p in reader.problems):
        reader.problem("site.toml", "config.missing_file")
    return ContentFiles(
        site_toml=site,
        units=reader.single("units", required=True),
        indicators=reader.single("indicators", required=True),
        tasks=reader.single("tasks", required=False),
        results=reader.table_folder("results"),
        standings=reader.table_folder("standings"),
        grades=reader.table_folder("grades"),
        notices=reader.text_folder("notices", ".md", MAX_NOTICE_BYTES),
        calendars=reader.text_folder("calendar", ".toml"),
        notes=tuple(reader.notes),
        problems=tuple(reader.problems),
    )


def read_inside(root: Path, path: Path, limit: int = MAX_TABLE_BYTES) -> tuple[bytes | None, list[Problem]]:
    """One file under `root` (a template or a static asset), read with the same rules as the content."""
    reader = _Reader(root)
    relative = path.relative_to(root).as_posix()
    read = reader.read(path, relative, limit)
    return (read.data if read else None), reader.problems
