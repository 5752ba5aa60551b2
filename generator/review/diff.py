"""`gongshi diff` (SPEC 7.2): what a build of the content would change on a published site.

The published side is read from the site only (its data/*.json, data/notices.json and manifest.json), so
that it works on the copy on the server; the new side is what a build writes (review.states). Reported:
per board the rows whose score, rank, tier, grade or flags change, units added or removed, boards added or
removed; notices added, changed or withdrawn; that each frozen year's published files are its archive's;
and, given the freshly built site (`built`), every file to publish and the sha256 of its manifest.json.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..cache import StageCache
from ..errors import GongshiError, UsageError
from ..i18n import Translator
from ..model.types import Content
from ..outcome import Outcome
from ..rules.checks import CheckReport
from ..state import MANIFEST
from .compare import BoardChange, RowChange, compare_boards, field_text
from .notices import NOTICES, NoticeChanges, compare_notices, notice_records, notices_json
from .states import RowState, SiteFiles, content_boards, read_site, sha256


@dataclass(frozen=True)
class FrozenCheck:
    """A frozen year: its archive's checksum, and how its published files compare with the archive's."""

    year: int
    checksum: str
    compared: tuple[str, ...]  # archive files that the published site has, byte for byte the same
    differing: tuple[str, ...]  # archive files that the published site has otherwise
    absent: tuple[str, ...]  # archive files the published site does not have yet

    @property
    def unchanged(self) -> bool:
        return not self.differing


@dataclass(frozen=True)
class FileChanges:
    """The freshly built site's files against the published site's manifest."""

    built: Path
    manifest_sha256: str  # of the built site's manifest.json: the one number the review sheet is signed for
    files: tuple[tuple[str, str, str], ...]  # (path, sha256, "added" | "changed" | "same"), every file of the build
    removed: tuple[str, ...]

    def of(self, status: str) -> tuple[str, ...]:
        return tuple(path for path, _, kind in self.files if kind == status)


@dataclass(frozen=True)
class Diff:
    site: SiteFiles = field(repr=False)
    today: date
    boards: tuple[BoardChange, ...]
    notices: NoticeChanges
    frozen: tuple[FrozenCheck, ...]
    checks: CheckReport
    files: FileChanges | None = None

    @property
    def first(self) -> bool:
        """Nothing was published at the site yet."""
        return self.site.manifest is None

    @property
    def changed(self) -> bool:
        return bool(self.boards or self.notices.any or any(not f.unchanged for f in self.frozen))


def diff_site(content_dir: Path, against: Path, today: date, built: Path | None = None,
              stages: StageCache | None = None) -> tuple[Diff, Content, Outcome]:
    """What building `content_dir` on `today` changes against the site at `against`."""
    from ..build import examine

    if built is not None and against.resolve() == built.resolve():
        raise UsageError("review.same_site", path=str(against))
    site = read_site(against)
    content, outcome, report = examine(content_dir, today, stages=stages)
    tr = Translator(content.lang)
    new_boards, files = content_boards(content, outcome, tr)
    files[NOTICES] = notices_json(content, outcome)
    boards = compare_boards(site.boards, new_boards)
    records = notice_records(content, outcome)
    notices = compare_notices(site.notices if site.manifest is not None else (), records, site.notice_slugs)
    frozen = tuple(_frozen_check(year.year, year.checksum, year.files, site) for year in content.frozen)
    changes = _file_changes(built, files, site) if built is not None else None
    return Diff(site, today, tuple(boards), notices, frozen, report, changes), content, outcome


def _frozen_check(year: int, checksum: str, files: Mapping[str, bytes], site: SiteFiles) -> FrozenCheck:
    """The archive's files against the bytes on the published site (not its manifest, which may be stale)."""
    compared, differing, absent = [], [], []
    for path in sorted(files):
        data = site.read(path) if path in site.files else None
        if data is None:
            absent.append(path)
        elif data == files[path]:
            compared.append(path)
        else:
            differing.append(path)
    return FrozenCheck(year, checksum, tuple(compared), tuple(differing), tuple(absent))


def _file_changes(built: Path, files: dict[str, bytes], site: SiteFiles) -> FileChanges:
    """The built site's files, refused when its data is not what this content gives (built from other content,
    or on another reference date): the review sheet must name exactly what gets copied."""
    from ..state import read_manifest

    manifest = read_manifest(built) if built.is_dir() else None
    if manifest is None:
        raise UsageError("review.not_a_site", path=str(built))
    listed = manifest["files"]
    for path, data in sorted(files.items()):
        if listed.get(path) != sha256(data):
            raise GongshiError("review.built_stale", path=str(built), file=path)
    published = site.files
    rows = []
    for path in sorted(listed):
        status = "added" if path not in published else "same" if published[path] == listed[path] else "changed"
        rows.append((path, str(listed[path]), status))
    manifest_sha = sha256((built / MANIFEST).read_bytes())
    return FileChanges(built, manifest_sha, tuple(rows), tuple(sorted(set(published) - set(listed))))


# -- as data ----------------------------------------------------------------------------------------
def _row_data(row: RowState) -> dict[str, Any]:
    return {"key": row.key, "name": row.name, "score": row.score, "rank": row.rank, "tier": row.tier,
            "tier_label": row.tier_label, "grade": row.grade, "flags": list(row.flags)}


def _change_data(change: RowChange) -> dict[str, Any]:
    old, new = _row_data(change.old), _row_data(change.new)
    return {"key": change.key, "name": change.name,
            "fields": {name: [old[name], new[name]] for name in change.fields}}


def board_data(board: BoardChange) -> dict[str, Any]:
    return {"period": board.period, "board": board.board, "kind": board.kind, "title": board.title, "status": board.status,
            "changes": [_change_data(c) for c in board.changes], "added": [_row_data(r) for r in board.added],
            "removed": [_row_data(r) for r in board.removed]}


def diff_data(result: Diff) -> dict[str, Any]:
    """The diff as JSON (`--format json`)."""
    notices = result.notices
    return {
        "against": str(result.site.path), "first_publication": result.first, "reference_date": result.today.isoformat(),
        "changed": result.changed, "published_manifest_sha256": result.site.manifest_sha256 or None,
        "altered_on_site": list(result.site.altered),
        "boards": [board_data(b) for b in result.boards],
        "notices": {"known": notices.known, "added": [n.as_dict() for n in notices.added],
                    "changed": [{"slug": new.slug, "fields": list(fields), "old": old.as_dict(), "new": new.as_dict()}
                                for old, new, fields in notices.changed],
                    "withdrawn": [n.as_dict() for n in notices.withdrawn]},
        "frozen": [{"year": f.year, "checksum": f.checksum, "unchanged": f.unchanged, "same": list(f.compared),
                    "differing": list(f.differing), "not_on_site": list(f.absent)} for f in result.frozen],
        "files": None if result.files is None else {
            "built": str(result.files.built), "manifest_sha256": result.files.manifest_sha256,
            "added": list(result.files.of("added")), "changed": list(result.files.of("changed")),
            "removed": list(result.files.removed), "unchanged": len(result.files.of("same"))},
    }


CSV_HEADER = ("period", "board", "change", "key", "name", "field", "old", "new")


def diff_csv(result: Diff, tr: Translator) -> bytes:
    """One line per changed value, row, board or notice (`--format csv`), UTF-8 with BOM for Excel."""
    from ..render.data import safe_text  # a name or title that a spreadsheet would run as a formula

    buffer = io.StringIO()
    lines = csv.writer(buffer, lineterminator="\r\n")
    lines.writerow(CSV_HEADER)

    class _Writer:
        @staticmethod
        def writerow(values: tuple[str, ...]) -> None:
            lines.writerow([safe_text(value) for value in values])

    writer = _Writer()
    for board in result.boards:
        if board.status != "changed":
            writer.writerow((board.period, board.board, f"board_{board.status}", "", board.title, "", "", ""))
        for change in board.changes:
            for name in change.fields:
                writer.writerow((board.period, board.board, "row", change.key, change.name, name,
                                 field_text(change.old, name, board.old, tr), field_text(change.new, name, board.new, tr)))
        for row in board.added:
            writer.writerow((board.period, board.board, "added", row.key, row.name, "", "", ""))
        for row in board.removed:
            writer.writerow((board.period, board.board, "removed", row.key, row.name, "", "", ""))
    for record in result.notices.added:
        writer.writerow(("", "", "notice_added", record.slug, record.title, "", "", ""))
    for old, new, fields in result.notices.changed:
        for name in fields:
            writer.writerow(("", "", "notice_changed", new.slug, new.title, name, _notice_value(old, name),
                             _notice_value(new, name)))
    for record in result.notices.withdrawn:
        writer.writerow(("", "", "notice_withdrawn", record.slug, record.title, "", "", ""))
    for frozen in result.frozen:
        for path in frozen.differing:
            writer.writerow((str(frozen.year), "", "frozen_differs", path, "", "", "", ""))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _notice_value(record: Any, name: str) -> str:
    value = getattr(record, name)
    if isinstance(value, tuple):
        return " – ".join(value)
    return "" if value is None else str(value)
