"""How the stages ask for their results to be remembered between builds, without knowing where.

A stage that derives a value from its inputs calls `memo(stage, inputs, make)`; a cache returns what `make()`
returned the last time for equal inputs, or calls it. `memo_many(stage, items)` does the same for many
(`(inputs, make)` pairs) and may make the ones it lacks in parallel (see cache.StageCache). Without a cache,
everything is simply made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
Memo = Callable[[str, tuple[Any, ...], Callable[[], T]], T]
MemoMany = Callable[[str, Sequence[tuple[tuple[Any, ...], Callable[[], T]]]], list[T]]


def no_memo(stage: str, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
    return make()


def in_turn(memo: Memo[Any]) -> MemoMany[Any]:
    """`memo_many` by `memo`, one item after another."""

    def many(stage: str, items: Sequence[tuple[tuple[Any, ...], Callable[[], Any]]]) -> list[Any]:
        return [memo(stage, inputs, make) for inputs, make in items]

    return many
