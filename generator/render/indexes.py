"""Per-unit lookups into the boards, built once per build: where each unit's row and cells are, and a digest
of them, so that a unit's page is rendered again only when something it shows changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..fingerprint import digest, indicator_cell_digests, per_unit_digests
from ..outcome import Outcome, UnitBoard
from .format import fine_text, percent, raw_html_of


def _positions(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    if frame.empty:
        return {}
    # A board's parts are in row order, each unit's together: runs, found without grouping.
    ids = frame["unit_id"].to_numpy(dtype=object)
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    keys = ids[starts].tolist()
    if len(set(keys)) != len(keys):
        return {str(u): np.asarray(i) for u, i in frame.groupby("unit_id", sort=False).indices.items()}
    ends = np.r_[starts[1:], len(ids)]
    return {str(u): np.arange(s, e) for u, s, e in zip(keys, starts.tolist(), ends.tolist(), strict=True)}


@dataclass(frozen=True)
class BoardIndex:
    """Lookups into one board, each made when first asked for (a build that renders none of the board's
    pages makes none); the board alone is what they derive from, and so what a digest of the index reads."""

    board: UnitBoard

    @classmethod
    def of(cls, board: UnitBoard) -> BoardIndex:
        return cls(board)

    @cached_property
    def rows(self) -> dict[str, int]:
        """unit id -> position in board.rows"""
        return {u: n for n, u in enumerate(self.board.rows["unit_id"])}

    @cached_property
    def parts(self) -> dict[str, np.ndarray]:
        """unit id -> positions of its rows in board.parts"""
        return _positions(self.board.parts)

    @cached_property
    def categories(self) -> dict[str, np.ndarray]:
        return _positions(self.board.categories)

    @cached_property
    def records(self) -> list[dict[str, Any]]:
        """The board's rows as dicts, in display order (position = `rows[unit_id]`)."""
        names = list(self._row_columns)
        return [dict(zip(names, values, strict=True)) for values in zip(*self._row_columns.values(), strict=True)]

    @cached_property
    def _row_columns(self) -> dict[str, list[Any]]:
        rows = self.board.rows
        return {str(name): rows[name].tolist() for name in rows.columns}

    @cached_property
    def part_columns(self) -> dict[str, np.ndarray]:
        return {str(name): self.board.parts[name].to_numpy() for name in self.board.parts.columns}

    @cached_property
    def category_columns(self) -> dict[str, np.ndarray]:
        return {str(name): self.board.categories[name].to_numpy() for name in self.board.categories.columns}

    def matrix_cells(self, unit_id: str) -> dict[str, tuple[str, str, str, str] | None]:
        """A unit's parts as the texts of its explanation matrix's cells, by indicator id: (raw value as HTML,
        score, weight, contribution), None where the indicator does not apply."""
        from ..outcome import WEIGHT_DECIMALS, col, shown

        found = self.parts.get(unit_id)
        if found is None:
            return {}
        at_least = self.board.decimals
        d = shown(at_least)
        columns = self.part_columns
        number, share, raw_html = self._number_texts(d), self._share_texts, self._raw_texts
        cells: dict[str, tuple[str, str, str, str] | None] = {}
        for indicator_id, raw, value, weight, contribution, ok in zip(
                columns["indicator_id"][found].tolist(), columns["raw_text"][found].tolist(),
                columns[col("normalised", d)][found].tolist(), columns[col("weight", WEIGHT_DECIMALS)][found].tolist(),
                columns[col("contribution", d)][found].tolist(), columns["applicable"][found].tolist(), strict=True):
            if not ok:
                cells[indicator_id] = None
                continue
            # Scores and weights repeat across units (100.00, the same weights): each is formatted once.
            text = raw_html.get(raw) or raw_html.setdefault(raw, raw_html_of(raw))
            value_text = number.get(value) or number.setdefault(value, fine_text(value, d, at_least))
            weight_text = share.get(weight) or share.setdefault(weight, percent(weight))
            contribution_text = number.get(contribution) or number.setdefault(contribution,
                                                                              fine_text(contribution, d, at_least))
            cells[indicator_id] = (text, value_text, weight_text, contribution_text)
        return cells

    def _number_texts(self, decimals: int) -> dict[float, str]:
        return self._formatted.setdefault(decimals, {})

    @cached_property
    def _formatted(self) -> dict[int, dict[float, str]]:
        return {}

    @cached_property
    def _share_texts(self) -> dict[float, str]:
        return {}

    @cached_property
    def _raw_texts(self) -> dict[str, str]:
        return {}

    @cached_property
    def by_indicator(self) -> dict[str, np.ndarray]:
        """indicator id -> positions of its applicable parts."""
        parts = self.board.parts
        if parts.empty:
            return {}
        mask = parts["applicable"].to_numpy(dtype=bool)
        applicable = parts[mask]
        # Positions in `parts` (groupby on the filtered frame counts in the filtered frame).
        where = np.flatnonzero(mask)
        return {str(i): where[np.asarray(p)] for i, p in applicable.groupby("indicator_id", sort=False).indices.items()} \
            if len(applicable) else {}

    def record(self, unit_id: str) -> dict[str, Any] | None:
        """One unit's row as a dict (as in `records`): taken from there once every row is wanted (a board page,
        the data files), else read alone (a unit's page in a build that makes few: 22 boards of 1,000 rows)."""
        position = self.rows.get(unit_id)
        if position is None:
            return None
        if "records" in self.__dict__:
            return self.records[position]
        return {name: values[position] for name, values in self._row_columns.items()}

    @cached_property
    def meta(self) -> str:
        """What every row of the board shows besides its own numbers: title, rules, indicators, period."""
        board = self.board
        return digest(board.period.id, board.id, board.title, board.rules, board.indicator_ids, board.source)

    @cached_property
    def membership(self) -> str:
        """Which ranking group each unit is in, and the groups' order."""
        rows = self.board.rows
        # One repr of plain strings, not a thousand pairs fed one by one (every board, every build).
        pairs = sorted(zip(rows["unit_id"].tolist(), rows["group"].fillna("").tolist(), strict=True))
        return digest(self.board.groups, repr(pairs))

    def indicator_digest(self, indicator_id: str) -> str:
        """A digest of the board's cells of one indicator ("" when the board has none)."""
        return self._indicator_digests.get(indicator_id, "")

    @cached_property
    def _indicator_digests(self) -> Mapping[str, str]:
        # Boards computed now carry them; a frozen year's are digested here.
        return self.board.indicator_digests or indicator_cell_digests(self.board.parts)

    def unit_digest(self, unit_id: str) -> str | None:
        """A digest of one unit's row, cells and weights on this board (None when it is not ranked there);
        what the board shows besides is in `meta`."""
        return self._unit_digests.get(unit_id)

    @cached_property
    def _unit_digests(self) -> Mapping[str, str]:
        # Boards computed now carry them; a frozen year's, read from its archive, are digested here.
        board = self.board
        return board.unit_digests or per_unit_digests(board.rows, board.parts, board.categories)


class Indexes:
    """A BoardIndex per unit board of the outcome, keyed by (period id, board id)."""

    def __init__(self, outcome: Outcome) -> None:
        self.boards = {(p.period.id, b.id): BoardIndex.of(b) for p in outcome.periods for b in p.boards
                       if isinstance(b, UnitBoard)}

    def of(self, period_id: str, board_id: str) -> BoardIndex | None:
        return self.boards.get((period_id, board_id))

    def warm(self) -> None:
        """Make every lookup now, once: worker processes forked afterwards share them instead of each making
        its own."""
        for index in self.boards.values():
            index.rows, index.parts, index.categories  # noqa: B018
            index.records, index.part_columns, index.category_columns, index.by_indicator  # noqa: B018
