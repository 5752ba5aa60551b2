"""`gongshi archive freeze`: gather a year's inputs, rules, results and PDFs into a BagIt bag."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from ..errors import GongshiError, Message
from ..i18n import Translator
from ..model.config import SiteConfig
from ..model.types import Content
from ..outcome import Outcome
from .bag import ARCHIVE_FOLDER, SOURCE_FOLDERS, bag_payload, payload_changes, write_bag, year_of_source
from .snapshot import Snapshot, decode, encode

PdfMaker = Callable[[Content, Outcome, int, Translator], Mapping[str, bytes]]  # -> pdf/<name>.pdf bytes, as PDF/A


class AlreadyFrozen(GongshiError):
    """Refreezing without --force: the message lists what would change."""


@dataclass(frozen=True)
class FreezeResult:
    year: int
    bag: Path
    files: int
    replaced: bool


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


def source_files(root: Path, year: int) -> dict[str, bytes]:
    """The content's input files of `year`, by content-relative path."""
    files = {}
    for folder in SOURCE_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            relative = f"{folder}/{path.name}"
            if path.is_file() and not path.is_symlink() and not path.name.startswith((".", "~$")) \
                    and year_of_source(relative) == year:
                files[relative] = path.read_bytes()
    return files


def archival_year_pdfs(content: Content, outcome: Outcome, year: int, tr: Translator) -> dict[str, bytes]:
    """The year's boards and book as PDF/A, for its archive."""
    from ..pdf.render import archival_pdfs

    return archival_pdfs(content, outcome, tr, year)


def year_payload(content: Content, outcome: Outcome, year: int, pdfs: Mapping[str, bytes], tr: Translator) -> dict[str, bytes]:
    """The bag's payload (paths under data/): inputs as they were, rules, results, snapshot, PDFs."""
    from ..render.data import period_data, period_json

    root = content.root
    payload: dict[str, bytes] = {}
    for name in ("site.toml", "units.csv", "units.xlsx", "indicators.csv", "indicators.xlsx"):
        if (root / name).is_file():
            payload[f"inputs/{name}"] = (root / name).read_bytes()
    for relative, data in source_files(root, year).items():
        payload[f"inputs/{relative}"] = data
    payload["rules.toml"] = resolved_rules(content.config, year)
    periods = tuple(p for p in outcome.periods if p.period.year == year)
    for period in periods:
        payload[f"results/{period.period.id}.json"] = period_json(period_data(content, outcome, period, tr))
    flags = outcome.flags[outcome.flags["year"] == year].reset_index(drop=True)
    snapshot = Snapshot(year, content.units, content.indicators, periods, outcome.years.get(year), flags)
    payload["snapshot.json"] = encode(snapshot, tr)
    payload.update(pdfs)
    return payload


def freeze_year(content_dir: Path, year: int, today: date, tr: Translator, *, force: bool = False,
                make_pdfs: PdfMaker | None = archival_year_pdfs) -> FreezeResult:
    """Freeze `year` into content/archive/<year>/ (`make_pdfs=None`: without PDFs, for tests of the rest)."""
    from ..build import check

    content, outcome = check(content_dir, today, thaw=frozenset({year}))
    if not any(p.period.year == year for p in outcome.periods) and year not in outcome.years:
        raise GongshiError("archive.no_data", year=year)
    pdfs = make_pdfs(content, outcome, year, tr) if make_pdfs else {}
    payload = year_payload(content, outcome, year, pdfs, tr)
    target = content_dir / ARCHIVE_FOLDER / str(year)
    replaced = False
    if target.exists():
        changes = payload_changes(bag_payload(target), payload)
        if not changes:
            raise AlreadyFrozen("archive.same", year=year)
        if not force:
            words = {"changed": "archive.change_changed", "added": "archive.change_added", "removed": "archive.change_removed"}
            listing = "\n".join(f"  {Message.of(words[kind]).text(tr)} data/{path}" for path, kind in changes)
            raise AlreadyFrozen("archive.frozen", year=year, changes=listing)
        replaced = True
    target.parent.mkdir(parents=True, exist_ok=True)
    info = {"Bagging-Date": today.isoformat(),
            "Source-Organization": content.config.site.organization or content.config.site.title,
            "External-Description": f"{content.config.site.title} {year}", "Bag-Software-Agent": "gongshi",
            "Snapshot-Version": "2"}
    if replaced:
        retired = target.with_name(f".{year}-old")
        shutil.rmtree(retired, ignore_errors=True)
        target.rename(retired)
        try:
            write_bag(target, payload, info)
        except BaseException:
            retired.rename(target)
            raise
        shutil.rmtree(retired, ignore_errors=True)
    else:
        write_bag(target, payload, info)
    return FreezeResult(year, target, len(payload), replaced)


def known_unit_ids(root: Path, bag: Path) -> set[str]:
    """Units an erratum may name: those of the archived year and those of units.csv."""
    import csv

    ids: set[str] = set()
    with contextlib.suppress(OSError, ValueError, KeyError):
        ids |= {unit.id for unit in decode((bag / "data" / "snapshot.json").read_bytes()).units}
    try:
        with (root / "units.csv").open(encoding="utf-8-sig", newline="") as handle:
            ids |= {row.get("id", "").strip() for row in csv.DictReader(handle)} - {""}
    except (OSError, UnicodeDecodeError):
        pass
    return ids
