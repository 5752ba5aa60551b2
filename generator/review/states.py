"""What a site publishes of each board, as `diff` and `whatif` compare it: per row the score, rank, tier,
grade and flags, read from a built site's data/<period>.json or made from computed content exactly as a build
would write that file (render.data.period_data; a frozen year's file is its archive's, byte for byte)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GongshiError
from ..i18n import Translator
from ..model.types import Content
from ..outcome import Outcome, PeriodOutcome, StandingsBoard, UnitBoard
from ..render.data import period_data, period_json
from ..render.views import tier_style
from .notices import NOTICES, NoticeRecord, records_of

NOTICE_PAGE = re.compile(r"notices/([a-z0-9][a-z0-9-]*)/index\.html")
DATA_FILE = re.compile(r"data/([0-9]{4}(?:-(?:H[12]|Q[1-4]|0[1-9]|1[0-2]))?)\.json")
BoardKey = tuple[str, str]  # (period id, board id)


@dataclass(frozen=True)
class RowState:
    """One published row: a unit (`key` its id) or, on a standings board, an indicator."""

    key: str
    name: str
    score: float | None
    rank: int | None
    tier: str | None
    tier_label: str
    grade: str | None = None
    flags: tuple[str, ...] = ()
    flag_labels: tuple[str, ...] = ()
    out_of: int | None = None  # standings: the size of the city's field


@dataclass(frozen=True)
class BoardState:
    period: str
    board: str
    kind: str  # "units" | "standings"
    title: str
    rows: Mapping[str, RowState] = field(repr=False)  # by key, in display order
    tiers: tuple[tuple[str, str, str], ...] = ()  # (level id, label, shape), best first, when known
    style: str = ""  # the tiers' colours as CSS custom properties (site.css: --t0 …), when known
    decimals: int = 2  # of the scores

    def position(self, tier: str | None) -> int | None:
        return next((n for n, (level, _, _) in enumerate(self.tiers) if level == tier), None)

    def shape(self, tier: str | None) -> str:
        return next((shape for level, _, shape in self.tiers if level == tier), "")


Boards = dict[BoardKey, BoardState]


def _row(data: Mapping[str, Any], kind: str) -> RowState:
    if kind == "standings":
        return RowState(str(data["indicator_id"]), str(data.get("indicator", "")), None, data.get("rank"), data.get("tier"),
                        str(data.get("tier_label", data.get("tier", ""))), out_of=data.get("out_of"))
    score = data.get("score")
    return RowState(str(data["unit_id"]), str(data.get("unit", "")), None if score is None else float(score), data.get("rank"),
                    data.get("tier"), str(data.get("tier_label", data.get("tier", ""))), data.get("grade"),
                    tuple(data.get("flags") or ()), tuple(data.get("flag_labels") or data.get("flags") or ()))


def boards_of(data: Mapping[str, Any], tiers: Mapping[str, Any] | None = None) -> Boards:
    """The boards of one data/<period>.json document. `tiers`: board id -> its Tiers, when known."""
    period = str(data["period"])
    found: Boards = {}
    for board in data.get("boards", []):
        kind = str(board.get("kind", "units"))
        rows = {}
        for item in board.get("rows", []):
            row = _row(item, kind)
            rows[row.key] = row
        levels = (tiers or {}).get(board["id"])
        explain: Mapping[str, Any] = next((item["explain"] for item in board.get("rows", [])
                                           if isinstance(item.get("explain"), dict)), {})
        found[(period, str(board["id"]))] = BoardState(
            period, str(board["id"]), kind, str(board.get("title", board["id"])), rows,
            tuple((level.id, level.label, levels.shape_of(level)) for level in levels.levels) if levels else (),
            tier_style(levels) if levels else "", int(explain.get("decimals", 2)))
    return found


def published_data(content: Content, outcome: Outcome, period: PeriodOutcome, tr: Translator) -> bytes:
    """The bytes of data/<period>.json as a build of this content writes them."""
    archived = _archived(content).get(f"data/{period.period.id}.json")
    return archived if archived is not None else period_json(period_data(content, outcome, period, tr))


def _archived(content: Content) -> dict[str, bytes]:
    return {path: data for frozen in content.frozen for path, data in frozen.files.items() if path.startswith("data/")}


def content_boards(content: Content, outcome: Outcome, tr: Translator,
                   years: Iterable[int] | None = None) -> tuple[Boards, dict[str, bytes]]:
    """The boards a build of this content publishes (of `years` only, when given), and each data file's bytes."""
    wanted = set(years) if years is not None else None
    boards: Boards = {}
    files: dict[str, bytes] = {}
    for period in outcome.periods:
        if wanted is not None and period.period.year not in wanted:
            continue
        data = published_data(content, outcome, period, tr)
        files[f"data/{period.period.id}.json"] = data
        tiers = {b.id: (b.rules.tiers if isinstance(b, UnitBoard) else b.tiers) for b in period.boards
                 if isinstance(b, UnitBoard | StandingsBoard)}
        boards.update(boards_of(json.loads(data), tiers))
    return boards, files


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class SiteFiles:
    """A built site as diff reads it: its manifest, the sha256 of manifest.json, its boards, and the data files
    whose bytes differ from what the manifest says (altered on the server?)."""

    path: Path
    manifest: Mapping[str, Any] | None  # None: nothing was published there yet
    manifest_sha256: str
    boards: Boards
    altered: tuple[str, ...]
    notices: tuple[NoticeRecord, ...] | None = None  # None: the site has no data/notices.json
    notice_slugs: tuple[str, ...] = ()  # of its notices/<slug>/ pages

    @property
    def files(self) -> Mapping[str, str]:
        return self.manifest["files"] if self.manifest is not None else {}

    def read(self, relative: str) -> bytes | None:
        try:
            return (self.path / relative).read_bytes()
        except OSError:
            return None


def read_site(path: Path) -> SiteFiles:
    """The site at `path` (a folder that does not exist, or is empty, has published nothing yet); a folder
    with files but no manifest of this program is refused (exit 2)."""
    from ..errors import UsageError
    from ..state import MANIFEST, read_manifest

    if not path.exists() or (path.is_dir() and not any(path.iterdir())):
        return SiteFiles(path, None, "", {}, ())
    manifest = read_manifest(path) if path.is_dir() else None
    if manifest is None:
        raise UsageError("review.not_a_site", path=str(path))
    manifest_bytes = (path / MANIFEST).read_bytes()
    boards: Boards = {}
    altered: list[str] = []
    notices: tuple[NoticeRecord, ...] | None = None
    for relative in sorted(manifest["files"]):
        if not (DATA_FILE.fullmatch(relative) or relative == NOTICES):
            continue
        data = (path / relative).read_bytes() if (path / relative).is_file() else None
        if data is None:
            altered.append(relative)
            continue
        if sha256(data) != manifest["files"][relative]:
            altered.append(relative)
        try:
            if relative == NOTICES:
                notices = records_of(json.loads(data))
            else:
                boards.update(boards_of(json.loads(data)))
        except (ValueError, KeyError, TypeError, IndexError) as error:
            raise GongshiError("review.unreadable", path=str(path / relative), error=str(error)) from error
    slugs = tuple(sorted(m.group(1) for f in manifest["files"] if (m := NOTICE_PAGE.fullmatch(f))))
    return SiteFiles(path, manifest, sha256(manifest_bytes), boards, tuple(altered), notices, slugs)
