"""Board against board, row against row: what `diff` (the published site against this build) and `whatif`
(the rules in force against other rules) report. Rows are matched by unit (or, on a standings board, by
indicator); a row changes when one of the compared fields differs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..i18n import Translator
from ..periods import Period, PeriodError
from .states import BoardKey, Boards, BoardState, RowState

UNIT_FIELDS = ("score", "rank", "tier", "grade", "flags")  # what diff compares
MOVE_FIELDS = ("rank", "tier", "grade", "flags")  # what whatif calls a move
STANDINGS_FIELDS = ("rank", "out_of", "tier")


@dataclass(frozen=True)
class RowChange:
    old: RowState
    new: RowState
    fields: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.new.key

    @property
    def name(self) -> str:
        return self.new.name or self.old.name


@dataclass(frozen=True)
class Counts:
    """How a board's rows moved: ranks, tiers (up = towards the best level), and per grade and per flag how
    many units gain or lose it."""

    rank: int = 0
    tier: int = 0
    tier_up: int = 0
    tier_down: int = 0
    grades_gained: tuple[tuple[str, int], ...] = ()
    grades_lost: tuple[tuple[str, int], ...] = ()
    flags_gained: tuple[tuple[str, int], ...] = ()  # (flag label, count)
    flags_lost: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class BoardChange:
    period: str
    board: str
    kind: str
    title: str
    status: str  # "changed" | "added" (not published before) | "removed" (no longer published)
    changes: tuple[RowChange, ...] = ()
    added: tuple[RowState, ...] = ()  # rows new on the board
    removed: tuple[RowState, ...] = ()  # rows gone from it
    old: BoardState | None = field(default=None, repr=False)
    new: BoardState | None = field(default=None, repr=False)

    @property
    def any(self) -> bool:
        return bool(self.status != "changed" or self.changes or self.added or self.removed)

    def counts(self) -> Counts:
        side = self.new or self.old
        positions = side.tiers if side is not None else ()
        order = {level: n for n, (level, _, _) in enumerate(positions)}
        up = down = 0
        gained: Counter[str] = Counter()
        lost: Counter[str] = Counter()
        flags_gained: Counter[str] = Counter()
        flags_lost: Counter[str] = Counter()
        for change in self.changes:
            old, new = change.old, change.new
            if "tier" in change.fields and old.tier in order and new.tier in order:
                up += order[new.tier] < order[old.tier]
                down += order[new.tier] > order[old.tier]
            if "grade" in change.fields:
                if old.grade:
                    lost[old.grade] += 1
                if new.grade:
                    gained[new.grade] += 1
            if "flags" in change.fields:
                labels = dict(zip(old.flags, old.flag_labels, strict=False)) | dict(zip(new.flags, new.flag_labels, strict=False))
                for flag in sorted(set(new.flags) - set(old.flags)):
                    flags_gained[labels.get(flag, flag)] += 1
                for flag in sorted(set(old.flags) - set(new.flags)):
                    flags_lost[labels.get(flag, flag)] += 1
        return Counts(sum("rank" in c.fields for c in self.changes), sum("tier" in c.fields for c in self.changes), up, down,
                      tuple(sorted(gained.items())), tuple(sorted(lost.items())), tuple(sorted(flags_gained.items())),
                      tuple(sorted(flags_lost.items())))


def _period_key(period: str) -> tuple[object, ...]:
    try:
        return (0, Period.parse(period))
    except PeriodError:
        return (1, period)


def board_order(*sides: Mapping[BoardKey, BoardState]) -> list[BoardKey]:
    """Every board of either side, by period, then as the data lists them (main, themed, standings)."""
    seen: dict[BoardKey, int] = {}
    for side in sides:
        for key in side:
            seen.setdefault(key, len(seen))
    return sorted(seen, key=lambda key: (_period_key(key[0]), seen[key]))


def compare_boards(old: Boards, new: Boards, unit_fields: Sequence[str] = UNIT_FIELDS) -> list[BoardChange]:
    """The boards that differ, in order; a board on one side only is added or removed whole."""
    result = []
    for key in board_order(new, old):
        before, after = old.get(key), new.get(key)
        if before is None or after is None:
            board = after or before
            assert board is not None
            status = "added" if before is None else "removed"
            rows = tuple(board.rows.values())
            result.append(BoardChange(board.period, board.board, board.kind, board.title, status,
                                      added=rows if status == "added" else (), removed=rows if status == "removed" else (),
                                      old=before, new=after))
            continue
        fields = STANDINGS_FIELDS if after.kind == "standings" else tuple(unit_fields)
        changes = []
        for row_key, row in after.rows.items():
            previous = before.rows.get(row_key)
            if previous is None:
                continue
            differ = tuple(f for f in fields if getattr(previous, f) != getattr(row, f))
            if differ:
                changes.append(RowChange(previous, row, differ))
        added = tuple(row for row_key, row in after.rows.items() if row_key not in before.rows)
        removed = tuple(row for row_key, row in before.rows.items() if row_key not in after.rows)
        change = BoardChange(after.period, after.board, after.kind, after.title, "changed", tuple(changes), added, removed,
                             before, after)
        if change.any:
            result.append(change)
    return result


def field_names(tr: Translator) -> dict[str, str]:
    """The column headings of the compared fields, as the site's boards say them."""
    return {"score": tr("综合得分"), "rank": tr("名次"), "tier": tr("档次"), "grade": tr("等次"), "flags": tr("结果运用"),
            "out_of": tr("参评数")}


def field_text(row: RowState, name: str, board: BoardState | None, tr: Translator) -> str:
    """A field of a row as a page shows it: the score with the board's decimals, the tier's label, flags by label;
    "—" for nothing."""
    value = getattr(row, name)
    if name == "score":
        return "—" if value is None else f"{value:.{board.decimals if board else 2}f}"
    if name == "tier":
        return row.tier_label or "—"
    if name == "flags":
        return tr("、").join(row.flag_labels) if row.flags else "—"
    return "—" if value is None or value == "" else str(value)
