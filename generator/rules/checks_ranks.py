"""Data checks of ranks and weights (SPEC 7.1): a file's own 排名/名次 column that disagrees with the computed
rank (saying which rule makes the difference), category weights that do not add up to 1."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set
from decimal import Decimal

import numpy as np
import pandas as pd

from ..errors import Message, Problem
from ..model.config import Category, SiteConfig
from ..model.types import Content, ResultSheet
from ..outcome import UnitBoard, col, fine
from .checks_values import Finding, plain
from .ranking import group_ranks, score_keys

_RANK_TEXT = re.compile(r"(?:第|并列)?(\d{1,7})(?:\.0+)?名?")


def written_rank(text: str) -> int | None:
    """The rank a 排名 cell holds: 3, ３, 第3名, 并列3, 3.0; None for anything else (blank, 未参评)."""
    found = _RANK_TEXT.fullmatch("".join(unicodedata.normalize("NFKC", text).split()))
    return int(found.group(1)) if found else None


def file_ranks(content: Content, sheet: ResultSheet, board: UnitBoard) -> list[Finding]:
    """Each row whose 排名/名次 differs from the rank computed, with the rule that explains the difference when
    one does: how ties are ranked, rounding before ranking, or ranking within groups."""
    if not sheet.rank_column:
        return []
    written = dict(zip(sheet.entries["unit_id"], sheet.entries["file_rank"], strict=True))
    rows = board.rows
    ranking = board.rules.ranking
    d = board.decimals
    groups = rows["group"].reset_index(drop=True)
    keys = score_keys(rows["score"].to_numpy(dtype="float64"), d)
    competition, dense, _ = group_ranks(keys, groups)
    tied = pd.DataFrame({"g": groups.fillna("\0"), "k": keys}).groupby(["g", "k"])["k"].transform("size").to_numpy()
    other_ties = dense if ranking.ties == "min" else competition
    unrounded = score_keys(rows[col("unrounded", fine(d))].to_numpy(dtype="float64"), fine(d))
    by_unrounded = group_ranks(unrounded, groups)[0 if ranking.ties == "min" else 1]
    together = group_ranks(keys, pd.Series([None] * len(rows), dtype=object))[0 if ranking.ties == "min" else 1]
    found: list[Finding] = []
    for i, (unit_id, rank, row) in enumerate(zip(rows["unit_id"], rows["rank"], rows["row"], strict=True)):
        number = written_rank(str(written.get(unit_id, "")))
        if number is None or number == int(rank):
            continue
        reason: Message | str = ""
        if number == other_ties[i]:
            reason = Message.of("checks.reason_ties_method", ties=ranking.ties,
                                other="dense" if ranking.ties == "min" else "min")
        elif number == by_unrounded[i]:  # before ties: a tie that rounding made is explained by the rounding
            reason = Message.of("checks.reason_rounding", decimals=d)
        elif tied[i] > 1 and competition[i] <= number <= competition[i] + tied[i] - 1:
            reason = Message.of("checks.reason_ties", ties=ranking.ties)
        elif ranking.within and number == together[i] and not np.all(groups.isna()):
            reason = Message.of("checks.reason_within", within=ranking.within)
        problem = Problem.at(sheet.source, int(row), sheet.rank_column, "checks.file_rank", unit=content.unit(unit_id).name,
                             file_rank=number, rank=int(rank), reason=reason)
        found.append(Finding("file_rank", problem, unit_id, sheet.period.id, sheet.board))
    return found


def weight_sums(config: SiteConfig, frozen: Set[int], tolerance: Decimal) -> list[Finding]:
    """Each `categories` list of site.toml (the base, an open year's, a board's) whose weights do not add up to
    1 within `tolerance`: the rules normalise them, but the office most likely meant them to."""
    layers: list[tuple[str, str | None, str | None, tuple[Category, ...]]] = []
    if config.scoring.categories is not None:
        layers.append(("scoring.categories", None, None, config.scoring.categories))
    for year, sections in config.years.items():
        scoring = sections.get("scoring")
        if int(year) not in frozen and isinstance(scoring, dict) and "categories" in scoring:
            categories = config.rules(int(year)).scoring.categories
            layers.append((f"years.{year}.scoring.categories", year, None, categories or ()))
    for board_id, section in config.boards.items():
        if section.scoring and "categories" in section.scoring:
            categories = config.rules(None, board_id).scoring.categories
            layers.append((f"boards.{board_id}.scoring.categories", None, board_id, categories or ()))
    found = []
    for key, period, board, categories in layers:
        total = sum((category.weight for category in categories), Decimal(0))
        if categories and abs(total - 1) > tolerance:
            problem = Problem.at("site.toml", 0, key, "checks.weights", total=plain(total))
            found.append(Finding("weights", problem, None, period, board))
    return found
