"""Archived years: a frozen year is a BagIt bag (RFC 8493) under content/archive/<year>/.

    archive/2024/
      bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt  [errata.json]
      data/inputs/…            the year's input files as they were, with units.csv, indicators.csv, site.toml
      data/rules.toml          the rules in force that year, resolved
      data/results/<p>.json    the year's computed results: the same JSON as the site's data/
      data/snapshot.json       everything the pages of the year are drawn from, exactly
      data/pdf/*.pdf           the year's PDFs, as PDF/A

Builds draw a frozen year from `snapshot.json` and copy its JSON and PDFs as they are: later rules,
later data and later versions of this program cannot change what was published. Corrections are
errata: a tag file, covered by the tag manifest, so the bag still validates.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import bagit
import tomli_w
from pydantic import TypeAdapter

from .config import SiteConfig
from .errors import Problem
from .i18n import Messages
from .model import Indicator, Unit
from .periods import Period, PeriodError
from .rules import PeriodOutcome, YearGrades
from .rules.flags import FlagResult
from .write import read_tree

ARCHIVE_FOLDER = "archive"
SNAPSHOT = "data/snapshot.json"
ERRATA = "errata.json"
TAG_FILES = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", ERRATA)
SOURCE_FOLDERS = ("results", "standings", "grades")

_MSG = Messages(
    {
        "unreadable": ("归档无法读取：{error}", "the archive cannot be read: {error}"),
        "altered": ("已被改动（校验值不符）", "altered (checksum mismatch)"),
        "missing": ("缺失（清单中有，文件不存在）", "missing (listed in the manifest, not on disk)"),
        "added": ("多出的文件（不在清单中）", "added (not in the manifest)"),
        "source_changed": (
            "该文件属于已归档（冻结）的 {year} 年度，内容与归档时不同。已公布的年度结果不能直接修改："
            "请恢复原文件（见 archive/{year}/data/inputs/{path}），如需更正请运行 gongshi archive errata {year} 登记勘误",
            "this file belongs to the frozen year {year} and differs from the archive. Published years cannot be "
            "edited: restore the file (see archive/{year}/data/inputs/{path}); to correct a result, record an "
            "erratum with gongshi archive errata {year}",
        ),
        "source_added": (
            "该文件属于已归档（冻结）的 {year} 年度，但归档中没有它。请删除，或用 gongshi archive freeze {year} --force 重新归档",
            "this file belongs to the frozen year {year} but is not in its archive. Remove it, or refreeze with "
            "gongshi archive freeze {year} --force",
        ),
    }
)


@dataclass(frozen=True)
class Erratum:
    date: date
    what: str
    old: str
    new: str
    reason: str
    unit: str | None = None  # a unit id, so the unit's rows can show the correction beside the original
    period: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """What the pages of a frozen year are drawn from."""

    year: int
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    periods: tuple[PeriodOutcome, ...]
    grades: YearGrades | None
    flags: Mapping[str, tuple[FlagResult, ...]]  # unit id -> the year's flag results


_SNAPSHOT = TypeAdapter(Snapshot)
_ERRATA = TypeAdapter(tuple[Erratum, ...])


@dataclass(frozen=True)
class FrozenYear:
    year: int
    frozen_on: date
    checksum: str  # sha256 of the payload manifest: one number that stands for the whole year
    snapshot: Snapshot
    inputs: Mapping[str, str]  # content-relative path -> sha256, as frozen
    files: Mapping[str, bytes] = field(repr=False)  # site path -> bytes (data/*.json, pdf/*.pdf), copied as is
    errata: tuple[Erratum, ...] = ()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def year_of_source(relative: str) -> int | None:
    """The year a results/standings/grades file belongs to, from its name (None when not such a file)."""
    parts = relative.split("/")
    if len(parts) != 2 or parts[0] not in SOURCE_FOLDERS:
        return None
    stem = parts[1].rsplit(".", 1)[0].partition("--")[0]
    try:
        return Period.parse(stem).year
    except PeriodError:
        return None


def source_files(root: Path, year: int) -> dict[str, bytes]:
    """The content's input files of `year`, by content-relative path."""
    files = {}
    for folder in SOURCE_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            relative = f"{folder}/{path.name}"
            if path.is_file() and not path.name.startswith((".", "~$")) and year_of_source(relative) == year:
                files[relative] = path.read_bytes()
    return files


# -- reading --------------------------------------------------------------------------------------
def frozen_years(root: Path) -> list[int]:
    base = root / ARCHIVE_FOLDER
    if not base.is_dir():
        return []
    return sorted(int(p.name) for p in base.iterdir() if p.is_dir() and p.name.isdigit() and (p / "bagit.txt").exists())


def read_frozen_year(root: Path, year: int, lang: str) -> tuple[FrozenYear | None, list[Problem]]:
    bag = root / ARCHIVE_FOLDER / str(year)
    source = f"{ARCHIVE_FOLDER}/{year}"
    problems = [Problem(f"{source}/{path}", 0, "", message) for path, message in check_bag(bag, lang)]
    if problems:
        return None, problems
    try:
        snapshot = _SNAPSHOT.validate_json((bag / SNAPSHOT).read_bytes())
        errata = _ERRATA.validate_json((bag / ERRATA).read_bytes()) if (bag / ERRATA).exists() else ()
        info = _bag_info(bag)
    except (OSError, ValueError) as error:
        return None, [Problem(source, 0, "", _MSG(lang, "unreadable", error=error))]
    inputs = {}
    files: dict[str, bytes] = {}
    data = bag / "data"
    for path in sorted(data.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(data).as_posix()
        if relative.startswith("inputs/"):
            inputs[relative.removeprefix("inputs/")] = sha256(path.read_bytes())
        elif relative.startswith("results/"):
            files["data/" + relative.removeprefix("results/")] = path.read_bytes()
        elif relative.startswith("pdf/"):
            files[relative] = path.read_bytes()
    frozen_on = date.fromisoformat(info.get("Bagging-Date", f"{year}-12-31"))
    checksum = sha256((bag / "manifest-sha256.txt").read_bytes())
    return FrozenYear(year, frozen_on, checksum, snapshot, inputs, files, errata), []


def _bag_info(bag: Path) -> dict[str, str]:
    info = {}
    for line in (bag / "bag-info.txt").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(":")
        if value:
            info[key.strip()] = value.strip()
    return info


def check_sources(root: Path, frozen: FrozenYear, lang: str) -> list[Problem]:
    """A frozen year's input files in the content must be the archived ones (by content, not time).

    A file removed from the content is fine: the archive holds it."""
    problems = []
    for relative, data in source_files(root, frozen.year).items():
        archived = frozen.inputs.get(relative)
        if archived is None:
            problems.append(Problem(relative, 0, "", _MSG(lang, "source_added", year=frozen.year)))
        elif archived != sha256(data):
            problems.append(Problem(relative, 0, "", _MSG(lang, "source_changed", year=frozen.year, path=relative)))
    return problems


# -- verifying ------------------------------------------------------------------------------------
def _manifest(bag: Path, name: str) -> dict[str, str]:
    entries = {}
    path = bag / name
    if not path.exists():
        return entries
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, relative = line.strip().partition(" ")
        if relative:
            entries[relative.strip()] = digest
    return entries


def check_bag(bag: Path, lang: str) -> list[tuple[str, str]]:
    """Every altered, missing or added file of a bag, as (bag-relative path, message)."""
    findings: list[tuple[str, str]] = []
    payload = _manifest(bag, "manifest-sha256.txt")
    tags = _manifest(bag, "tagmanifest-sha256.txt")
    listed = {**payload, **tags}
    for relative, digest in sorted(listed.items()):
        path = bag / relative
        if not path.is_file():
            findings.append((relative, _MSG(lang, "missing")))
        elif sha256(path.read_bytes()) != digest:
            findings.append((relative, _MSG(lang, "altered")))
    for path in sorted(bag.rglob("*")):
        relative = path.relative_to(bag).as_posix()
        if path.is_file() and relative not in listed and relative != "tagmanifest-sha256.txt":
            findings.append((relative, _MSG(lang, "added")))
    if not (bag / "tagmanifest-sha256.txt").exists():
        findings.append(("tagmanifest-sha256.txt", _MSG(lang, "missing")))
    return findings


def verify(root: Path, lang: str) -> dict[int, list[tuple[str, str]]]:
    """Findings per frozen year; a year without findings also passes `bagit` validation."""
    results: dict[int, list[tuple[str, str]]] = {}
    for year in frozen_years(root):
        bag = root / ARCHIVE_FOLDER / str(year)
        findings = check_bag(bag, lang)
        if not findings:
            try:
                bagit.Bag(str(bag)).validate()
            except bagit.BagError as error:
                findings.append(("", str(error)))
        results[year] = findings
    return results


# -- writing --------------------------------------------------------------------------------------
def resolved_rules(config: SiteConfig, year: int) -> bytes:
    rules: dict[str, Any] = {"main": config.rules(year).model_dump(mode="json", exclude_none=True)}
    boards = {board: config.rules(year, board).model_dump(mode="json", exclude_none=True) for board in config.boards}
    if boards:
        rules["boards"] = boards
    rules["standings"] = {"tiers": config.standings_tiers(year).model_dump(mode="json", exclude_none=True)}
    if config.flags:
        rules["flags"] = [flag.model_dump(mode="json") for flag in config.flags]
    header = f"# 归档时 {year} 年度实行的考核规则（已合并 [years.{year}] 的调整）\n"
    return (header + tomli_w.dumps(rules)).encode("utf-8")


def snapshot_bytes(snapshot: Snapshot) -> bytes:
    return _SNAPSHOT.dump_json(snapshot, indent=1)


def write_bag(target: Path, payload: Mapping[str, bytes], bag_info: Mapping[str, str]) -> None:
    """Write a new bag at `target` (which must not exist) holding `payload` (data-relative paths)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        for relative, data in sorted(payload.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        bagit.make_bag(str(staging), dict(bag_info), checksums=["sha256"])
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


def archived_unit_ids(bag: Path) -> set[str]:
    try:
        return {unit.id for unit in _SNAPSHOT.validate_json((bag / SNAPSHOT).read_bytes()).units}
    except (OSError, ValueError):
        return set()


def current_unit_ids(root: Path) -> set[str]:
    import csv

    try:
        with (root / "units.csv").open(encoding="utf-8-sig", newline="") as handle:
            return {row.get("id", "").strip() for row in csv.DictReader(handle)} - {""}
    except (OSError, UnicodeDecodeError):
        return set()


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
    _rewrite_tagmanifest(bag)
    return errata


def _rewrite_tagmanifest(bag: Path) -> None:
    lines = []
    for name in TAG_FILES:
        if name == "tagmanifest-sha256.txt":
            continue
        path = bag / name
        if path.exists():
            lines.append(f"{sha256(path.read_bytes())}  {name}")
    (bag / "tagmanifest-sha256.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
