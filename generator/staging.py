"""The folder a site is written into before it takes the site's place in one rename.

A fresh build stages into a new, empty folder beside the site. An incremental build stages into the site
retired by the build before (kept in the cache as the spare): its folders are already there and most of its
files are the live site's own files (hard links), so only what changed is written, linked or removed —
a thousand folders are not made again. A staged file is never written into: it may be a link shared with
the live site, so it is replaced (removed, then made anew).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .state import read_manifest


@dataclass
class Staging:
    folder: Path
    target: Path
    spare: Path | None  # where the retired site is kept for the next build (None: not kept)
    reused: bool  # the folder is a previous site being brought up to date
    made: set[Path] = field(default_factory=set, repr=False)  # folders known to exist, in this process

    @classmethod
    def open(cls, target: Path, spare: Path | None) -> Staging:
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
        if spare is not None and _ours(spare):
            os.rmdir(folder)
            try:
                os.replace(spare, folder)  # fails across file systems (a --cache elsewhere): start afresh
                return cls(folder, target, spare, True, {folder})
            except OSError:
                folder.mkdir()
        os.chmod(folder, 0o755)
        return cls(folder, target, spare, False, {folder})

    def path(self, relative: str) -> Path:
        return self.folder.joinpath(*relative.split("/"))

    def write(self, relative: str, data: bytes) -> None:
        destination = self.path(relative)
        self._folder(destination.parent)
        if self.reused:
            _remove(destination)
        _write_file(destination, data)

    def link(self, source: Path, relative: str) -> None:
        """`source` (a file of the live site) at `relative`, as a hard link (a copy across file systems)."""
        destination = self.path(relative)
        if self.reused:
            try:
                here, there = destination.lstat(), source.lstat()
                if (here.st_ino, here.st_dev) == (there.st_ino, there.st_dev):
                    return  # the same file already
            except OSError:
                pass
            _remove(destination)
        self._folder(destination.parent)
        try:
            os.link(source, destination)
        except OSError:
            shutil.copy2(source, destination)

    def prune(self, wanted: set[str]) -> None:
        """Remove what the previous site had and this one does not (only a reused folder has any)."""
        if not self.reused:
            return
        for root, dirs, names in os.walk(self.folder, topdown=False):
            base = Path(root)
            relative_root = base.relative_to(self.folder).as_posix()
            for name in [*names, *(d for d in dirs if (base / d).is_symlink())]:
                relative = name if relative_root == "." else f"{relative_root}/{name}"
                if relative not in wanted:
                    (base / name).unlink()
            if base != self.folder and not any(base.iterdir()):
                base.rmdir()

    def swap(self) -> None:
        """The staged folder takes the target's place; the site it replaces becomes the spare."""
        target = self.target
        if not target.exists():
            os.replace(self.folder, target)
            return
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rmdir(retired)
        os.replace(target, retired)
        try:
            os.replace(self.folder, target)
        except OSError:
            os.replace(retired, target)
            raise
        if self.spare is None or os.path.lexists(self.spare):
            remove_later(retired)
            return
        try:
            self.spare.parent.mkdir(parents=True, exist_ok=True)
            os.replace(retired, self.spare)
        except OSError:
            remove_later(retired)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _folder(self, folder: Path) -> None:
        """`folder` and its parents, 0755 whatever the umask (a site is served by another user)."""
        if folder in self.made:
            return
        self._folder(folder.parent)
        if self.reused and (folder.is_symlink() or folder.is_file()):
            folder.unlink()  # a file of the previous site where this one has a folder
        try:
            folder.mkdir()
            os.chmod(folder, 0o755)
        except FileExistsError:
            pass
        self.made.add(folder)


def _ours(spare: Path) -> bool:
    """A spare is reused only when it is a site this program built, with nothing added to it."""
    if not spare.is_dir() or spare.is_symlink():
        return False
    from .write import foreign_files

    manifest = read_manifest(spare)
    return manifest is not None and not foreign_files(spare, manifest)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _write_file(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.fchmod(descriptor, 0o644)  # whatever the umask
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)


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
