"""`gongshi archive freeze`: gather a year's inputs, rules, results and PDFs into a BagIt bag."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .archive import ARCHIVE_FOLDER, Snapshot, bag_payload, payload_changes, resolved_rules, snapshot_bytes, source_files, write_bag
from .build import check
from .errors import GongshiError
from .i18n import Messages
from .model import Content
from .render.data import period_data, period_json
from .rules import Outcome

_MSG = Messages(
    {
        "no_data": ("{year} 年度没有任何考核数据，无法归档", "there is no data for {year}: nothing to archive"),
        "frozen": (
            "{year} 年度已经归档。重新归档会改变以下文件（如确需重新归档，请加 --force）：\n{changes}",
            "{year} is already archived. Archiving it again would change these files (add --force to do it):\n{changes}",
        ),
        "same": ("{year} 年度已经归档，且与现有数据一致，无需重新归档", "{year} is already archived and unchanged"),
        "changed": ("修改", "changed"),
        "added": ("新增", "added"),
        "removed": ("删除", "removed"),
    }
)

PdfMaker = Callable[[Content, Outcome, int], Mapping[str, bytes]]  # -> pdf/<name>.pdf bytes, as PDF/A


def archival_year_pdfs(content: Content, outcome: Outcome, year: int) -> dict[str, bytes]:
    """The year's boards and book as PDF/A, for its archive."""
    from .fonts import find_fonts
    from .pdf.render import archival_pdfs
    from .render.pages import SiteBuilder

    fonts = find_fonts(content.config.pdf.font, content.root, content.lang)
    return archival_pdfs(SiteBuilder(content, outcome), fonts, year)


class AlreadyFrozen(GongshiError):
    """Refreezing without --force: the message lists what would change."""


@dataclass(frozen=True)
class FreezeResult:
    year: int
    bag: Path
    files: int
    replaced: bool


def year_payload(content: Content, outcome: Outcome, year: int, pdfs: Mapping[str, bytes]) -> dict[str, bytes]:
    """The bag's payload (paths under data/): inputs as they were, rules, results, snapshot, PDFs."""
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
        payload[f"results/{period.period.id}.json"] = period_json(period_data(content, outcome, period))
    flags = {unit_id: results for (unit_id, flag_year), results in outcome.flags.items() if flag_year == year}
    snapshot = Snapshot(year, content.units, content.indicators, periods, outcome.years.get(year), flags)
    payload["snapshot.json"] = snapshot_bytes(snapshot)
    for path, data in pdfs.items():
        payload[path] = data
    return payload


def freeze_year(content_dir: Path, year: int, today: date, *, force: bool = False,
                make_pdfs: PdfMaker | None = archival_year_pdfs) -> FreezeResult:
    """Freeze `year` into content/archive/<year>/ (`make_pdfs=None`: without PDFs, for tests of the rest)."""
    content, outcome = check(content_dir, today, thaw=frozenset({year}))
    lang = content.lang
    if not any(p.period.year == year for p in outcome.periods) and year not in outcome.years:
        raise GongshiError(_MSG(lang, "no_data", year=year))
    pdfs = make_pdfs(content, outcome, year) if make_pdfs else {}
    payload = year_payload(content, outcome, year, pdfs)
    target = content_dir / ARCHIVE_FOLDER / str(year)
    replaced = False
    if target.exists():
        changes = payload_changes(bag_payload(target), payload)
        if not changes:
            raise AlreadyFrozen(_MSG(lang, "same", year=year))
        if not force:
            listing = "\n".join(f"  {_MSG(lang, kind)} data/{path}" for path, kind in changes)
            raise AlreadyFrozen(_MSG(lang, "frozen", year=year, changes=listing))
        replaced = True
    target.parent.mkdir(parents=True, exist_ok=True)
    info = {
        "Bagging-Date": today.isoformat(),
        "Source-Organization": content.config.site.organization or content.config.site.title,
        "External-Description": f"{content.config.site.title} {year}",
        "Bag-Software-Agent": "gongshi",
    }
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
