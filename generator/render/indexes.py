"""Per-unit lookups into the boards, built once per build: where each unit's row and cells are, and a digest
of them, so that a unit's page is rendered again only when something it shows changed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ..fingerprint import digest
from ..outcome import Outcome, UnitBoard


def _positions(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    if frame.empty:
        return {}
    return {u: np.asarray(i) for u, i in frame.groupby("unit_id", sort=False).indices.items()}


@dataclass(frozen=True)
class BoardIndex:
    board: UnitBoard
    rows: dict[str, int] = field(repr=False)  # unit id -> position in board.rows
    parts: dict[str, np.ndarray] = field(repr=False)
    categories: dict[str, np.ndarray] = field(repr=False)

    @classmethod
    def of(cls, board: UnitBoard) -> BoardIndex:
        return cls(board, {u: n for n, u in enumerate(board.rows["unit_id"])}, _positions(board.parts),
                   _positions(board.categories))

    @cached_property
    def _hashes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        def hashes(frame: pd.DataFrame) -> np.ndarray:
            if frame.empty:
                return np.zeros(0, dtype="uint64")
            safe = frame.copy()
            for column in safe.columns:
                if safe[column].dtype == object:
                    safe[column] = safe[column].map(repr)
            return pd.util.hash_pandas_object(safe, index=False).to_numpy()

        return hashes(self.board.rows), hashes(self.board.parts), hashes(self.board.categories)

    @cached_property
    def meta(self) -> str:
        """What every row of the board shows besides its own numbers: title, rules, indicators, period."""
        board = self.board
        return digest(board.period.id, board.id, board.title, board.rules, board.indicator_ids, board.source)

    def unit_digest(self, unit_id: str) -> str | None:
        """A digest of one unit's row, cells and weights on this board (None when it is not ranked there)."""
        position = self.rows.get(unit_id)
        if position is None:
            return None
        rows, parts, categories = self._hashes
        hasher = hashlib.sha256(self.meta.encode())
        hasher.update(rows[position].tobytes())
        for hashes, where in ((parts, self.parts), (categories, self.categories)):
            found = where.get(unit_id)
            if found is not None:
                hasher.update(hashes[found].tobytes())
        return hasher.hexdigest()


class Indexes:
    """A BoardIndex per unit board of the outcome, keyed by (period id, board id)."""

    def __init__(self, outcome: Outcome) -> None:
        self.boards = {(p.period.id, b.id): BoardIndex.of(b) for p in outcome.periods for b in p.boards
                       if isinstance(b, UnitBoard)}

    def of(self, period_id: str, board_id: str) -> BoardIndex | None:
        return self.boards.get((period_id, board_id))
