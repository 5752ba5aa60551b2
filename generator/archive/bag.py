"""Archived years: a frozen year is a BagIt bag (RFC 8493) under content/archive/<year>/.

    archive/2024/
      bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt  [errata.json]
      data/inputs/…            the year's input files as they were, with units.csv, indicators.csv, site.toml
      data/rules.toml          the rules in force that year, resolved
      data/results/<p>.json    the year's computed results: the same JSON as the site's data/
      data/snapshot.json       everything the pages of the year are drawn from, exactly (`snapshot`)
      data/pdf/*.pdf           the year's PDFs, as PDF/A

Builds draw a frozen year from `snapshot.json` and copy its JSON and PDFs as they are: later rules, later
data and later versions of this program cannot change what was published. Corrections are errata: a tag
file, covered by the tag manifest, so the bag still validates.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from pydantic import TypeAdapter

from ..errors import Message, Problem
from ..periods import Period, PeriodError, file_period_text
from .snapshot import Erratum, FrozenYear, Snapshot, SnapshotVersionError, decode

ARCHIVE_FOLDER = "archive"
SNAPSHOT = "data/snapshot.json"
ERRATA = "errata.json"
TAG_FILES = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", ERRATA)
SOURCE_FOLDERS = ("results", "standings", "grades")
_ERRATA = TypeAdapter(tuple[Erratum, ...])


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def year_of_source(relative: str) -> int | None:
    """The year a results/standings/grades file belongs to, from its name (None when not such a file)."""
    parts = relative.split("/")
    if len(parts) != 2 or parts[0] not in SOURCE_FOLDERS:
        return None
    stem = file_period_text(parts[1].rsplit(".", 1)[0]).partition("--")[0]
    try:
        return Period.parse(stem).year
    except PeriodError:
        return None


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder`, by its relative path (links are not followed out of it)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def frozen_years(root: Path) -> list[int]:
    base = root / ARCHIVE_FOLDER
    if not base.is_dir() or base.is_symlink():
        return []
    return sorted(int(p.name) for p in base.iterdir()
                  if p.is_dir() and not p.is_symlink() and p.name.isdigit() and len(p.name) == 4 and (p / "bagit.txt").exists())


def _manifest(bag: Path, name: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    path = bag / name
    if not path.is_file():
        return entries
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, relative = line.strip().partition(" ")
        if relative:
            entries[relative.strip()] = digest
    return entries


def check_bag(bag: Path) -> list[tuple[str, Message]]:
    """Every altered, missing or added file of a bag, as (bag-relative path, message)."""
    findings: list[tuple[str, Message]] = []
    payload = _manifest(bag, "manifest-sha256.txt")
    tags = _manifest(bag, "tagmanifest-sha256.txt")
    listed = {**payload, **tags}
    for relative, digest in sorted(listed.items()):
        path = bag / relative
        if ".." in Path(relative).parts or not path.is_file() or path.is_symlink():
            findings.append((relative, Message.of("archive.missing")))
        elif sha256(path.read_bytes()) != digest:
            findings.append((relative, Message.of("archive.altered")))
    has_tag_manifest = (bag / "tagmanifest-sha256.txt").exists()
    for path in sorted(bag.rglob("*")):
        relative = path.relative_to(bag).as_posix()
        # Without the tag manifest, the tag files are not "added": they are unchecked (the missing manifest says so).
        if (path.is_file() or path.is_symlink()) and relative not in listed and relative != "tagmanifest-sha256.txt" \
                and (has_tag_manifest or relative not in TAG_FILES):
            findings.append((relative, Message.of("archive.added")))
    if not has_tag_manifest:
        findings.append(("tagmanifest-sha256.txt", Message.of("archive.missing")))
    return findings


def read_frozen_year(root: Path, year: int, decoder: Callable[[bytes], Snapshot] = decode
                     ) -> tuple[FrozenYear | None, list[Problem]]:
    """A frozen year from its bag, checked first. `decoder` reads the snapshot (a cache may serve it: decoding
    the boards of a year is most of the time this takes)."""
    bag = root / ARCHIVE_FOLDER / str(year)
    source = f"{ARCHIVE_FOLDER}/{year}"
    problems = [Problem(f"{source}/{path}", 0, "", message) for path, message in check_bag(bag)]
    if problems:
        return None, problems
    try:
        snapshot = decoder((bag / SNAPSHOT).read_bytes())
        errata = _ERRATA.validate_json((bag / ERRATA).read_bytes()) if (bag / ERRATA).exists() else ()
        info = bag_info(bag)
        frozen_on = date.fromisoformat(info.get("Bagging-Date", f"{year}-12-31"))
    except SnapshotVersionError as error:
        return None, [Problem.at(f"{source}/{SNAPSHOT}", 0, "", "archive.version", version=error.version, known="1, 2")]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return None, [Problem.at(source, 0, "", "archive.unreadable", error=str(error))]
    inputs = {}
    files: dict[str, bytes] = {}
    for relative, data in read_tree(bag / "data").items():
        if relative.startswith("inputs/"):
            inputs[relative.removeprefix("inputs/")] = sha256(data)
        elif relative.startswith("results/"):
            files["data/" + relative.removeprefix("results/")] = data
        elif relative.startswith("pdf/"):
            files[relative] = data
    manifest = (bag / "manifest-sha256.txt").read_bytes()
    checksum = sha256(manifest)
    digest = sha256(manifest + (bag / "tagmanifest-sha256.txt").read_bytes())
    return FrozenYear(year, frozen_on, checksum, snapshot, inputs, files, errata, digest), []


def bag_info(bag: Path) -> dict[str, str]:
    info = {}
    for line in (bag / "bag-info.txt").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(":")
        if value:
            info[key.strip()] = value.strip()
    return info


def verify(root: Path) -> dict[int, list[tuple[str, Message]]]:
    """Findings per frozen year; a year without findings also passes `bagit` validation."""
    import bagit

    results: dict[int, list[tuple[str, Message]]] = {}
    for year in frozen_years(root):
        bag = root / ARCHIVE_FOLDER / str(year)
        findings = check_bag(bag)
        if not findings:
            try:
                bagit.Bag(str(bag)).validate()
            except bagit.BagError as error:
                findings.append(("", Message.of("archive.unreadable", error=str(error))))
        results[year] = findings
    return results


def write_bag(target: Path, payload: Mapping[str, bytes], info: Mapping[str, str]) -> None:
    """Write a new bag at `target` (which must not exist) holding `payload` (data-relative paths)."""
    import bagit

    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        for relative, data in sorted(payload.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        bagit.make_bag(str(staging), dict(info), checksums=["sha256"])
        staging.chmod(0o755)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def bag_payload(bag: Path) -> dict[str, bytes]:
    return read_tree(bag / "data")


def payload_changes(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> list[tuple[str, str]]:
    """(path, "changed" | "added" | "removed") between two payloads."""
    changes = []
    for path in sorted(set(old) | set(new)):
        if path not in new:
            changes.append((path, "removed"))
        elif path not in old:
            changes.append((path, "added"))
        elif old[path] != new[path]:
            changes.append((path, "changed"))
    return changes


def period_in_year(period: str, year: int) -> bool:
    try:
        return Period.parse(period).year == year
    except PeriodError:
        return False


def add_erratum(bag: Path, erratum: Erratum) -> tuple[Erratum, ...]:
    """Record a correction as a tag file; the tag manifest is rewritten so the bag stays valid."""
    path = bag / ERRATA
    errata = _ERRATA.validate_json(path.read_bytes()) if path.exists() else ()
    errata = (*errata, erratum)
    path.write_bytes(_ERRATA.dump_json(errata, indent=1))
    lines = []
    for name in TAG_FILES:
        tag = bag / name
        if name != "tagmanifest-sha256.txt" and tag.exists():
            lines.append(f"{sha256(tag.read_bytes())}  {name}")
    (bag / "tagmanifest-sha256.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return errata
