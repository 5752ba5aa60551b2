"""What crosses from the render stage to the write stage: each file of the site as a path, the key it is
made from (a digest of everything it depends on) and how to make its bytes when the key is new."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial


@dataclass(frozen=True)
class Output:
    path: str  # relative to the site, with "/"
    key: str
    make: Callable[[], bytes] = field(repr=False)

    @classmethod
    def ready(cls, path: str, key: str, data: bytes) -> Output:
        """An output whose bytes are already known."""
        return cls(path, key, partial(_given, data))


def _given(data: bytes) -> bytes:
    return data
