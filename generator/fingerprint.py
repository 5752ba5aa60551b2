"""Digests of values, for the caches: equal inputs give equal digests in any process (no dependence on hash
randomisation or memory layout), and a value that carries its own digest (a board, a sheet) is not read
again. A DataFrame is digested from its columns, dtypes and pandas' own row hashes."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel


def digest(*values: object) -> str:
    """sha256 (hex) of `values`, canonically."""
    hasher = hashlib.sha256()
    for value in values:
        _feed(hasher, value, None)
    return hasher.hexdigest()


class Memo:
    """Digests of the same (immutable) objects met again and again — the units, the config — computed once.
    Holds the objects it has seen, so that their ids stay theirs for as long as it lives (one build)."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[object, bytes]] = {}

    def digest(self, *values: object) -> str:
        hasher = hashlib.sha256()
        for value in values:
            _feed(hasher, value, self)
        return hasher.hexdigest()

    def of(self, value: object) -> bytes:
        found = self._seen.get(id(value))
        if found is None:
            hasher = hashlib.sha256()
            _feed(hasher, value, None, memo_inner=self)
            found = (value, hasher.digest())
            self._seen[id(value)] = found
        return found[1]


def _memoised(value: object) -> bool:
    return isinstance(value, BaseModel) or (dataclasses.is_dataclass(value) and not isinstance(value, type)) or (
        isinstance(value, (tuple, list)) and len(value) > 8)


def frame_digest(frame: pd.DataFrame) -> str:
    hasher = hashlib.sha256()
    _feed_frame(hasher, frame)
    return hasher.hexdigest()


def _feed_frame(hasher: Any, frame: pd.DataFrame) -> None:
    hasher.update(b"F")
    hasher.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    hasher.update(str(len(frame)).encode())
    if len(frame):
        safe = frame.copy()
        for column in safe.columns:
            if safe[column].dtype == object:
                safe[column] = safe[column].map(repr)
        hasher.update(pd.util.hash_pandas_object(safe, index=True).to_numpy().tobytes())


def _feed(hasher: Any, value: object, memo: Memo | None, memo_inner: Memo | None = None) -> None:
    if memo is not None and _memoised(value):
        hasher.update(b"#" + memo.of(value))
        return
    memo = memo or memo_inner
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or value is pd.NaT:
        value = None
    if value is None or isinstance(value, (bool, int, float, str, Decimal, Fraction, date, PurePath)):
        hasher.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, bytes):
        hasher.update(b"b" + hashlib.sha256(value).digest())
    elif isinstance(value, Enum):
        hasher.update(f"E:{value!r};".encode())
    elif isinstance(value, pd.DataFrame):
        _feed_frame(hasher, value)
    elif isinstance(value, (pd.Series, pd.Index)):
        _feed_frame(hasher, pd.DataFrame({"v": list(value)}))
    elif isinstance(value, np.ndarray):
        hasher.update(f"A{value.dtype}{value.shape}".encode())
        hasher.update(value.tobytes() if value.dtype != object else repr(value.tolist()).encode())
    elif isinstance(value, BaseModel):
        hasher.update(f"M{type(value).__name__}:".encode())
        hasher.update(value.model_dump_json().encode())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        own = getattr(value, "digest", "")
        if isinstance(own, str) and own:
            hasher.update(f"D{type(value).__name__}:{own};".encode())
            return
        hasher.update(f"D{type(value).__name__}(".encode())
        for field in dataclasses.fields(value):
            hasher.update(field.name.encode())
            _feed(hasher, getattr(value, field.name), memo)
        hasher.update(b")")
    elif isinstance(value, Mapping):
        hasher.update(b"{")
        for key, item in sorted(value.items(), key=lambda pair: repr(pair[0])):
            _feed(hasher, key, memo)
            _feed(hasher, item, memo)
        hasher.update(b"}")
    elif isinstance(value, (frozenset, set)):
        hasher.update(b"<")
        for item in sorted(value, key=repr):
            _feed(hasher, item, memo)
        hasher.update(b">")
    elif isinstance(value, (tuple, list)):
        hasher.update(b"[")
        for item in value:
            _feed(hasher, item, memo)
        hasher.update(b"]")
    else:
        raise TypeError(f"cannot digest {type(value).__name__}")


def row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """pandas' 64-bit hash of every row (object cells by their repr, so tuples and None hash too)."""
    if frame.empty:
        return np.zeros(0, dtype="uint64")
    safe = frame
    for column in frame.columns:
        values = frame[column]
        # Plain text hashes as it is; tuples, Decimals and the like by their repr.
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
            if safe is frame:
                safe = frame.copy()
            safe[column] = values.map(repr)
    return pd.util.hash_pandas_object(safe, index=False).to_numpy()


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _group_hashes(frame: pd.DataFrame, key: str, ordered: bool = True) -> dict[str, int]:
    """value of `key` -> a 64-bit hash of the rows that have it (vectorised: a board has twenty thousand
    cells). `ordered`: each row's hash is weighted by its place in its group, so that rows moved between places
    change the result; else the rows count whatever their order."""
    if frame.empty:
        return {}
    codes, uniques = pd.factorize(frame[key], sort=False)
    order = np.argsort(codes, kind="stable")
    grouped = codes[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    place = np.arange(len(grouped), dtype=np.uint64) - np.repeat(starts, np.diff(np.r_[starts, len(grouped)])).astype(np.uint64)
    with np.errstate(over="ignore"):
        weights = (place + np.uint64(1)) * _GOLDEN if ordered else np.full(len(place), _GOLDEN, dtype=np.uint64)
        weighted = row_hashes(frame)[order] * weights
        sums = np.add.reduceat(weighted, starts)
    return {str(uniques[code]): int(total) for code, total in zip(grouped[starts].tolist(), sums.tolist(), strict=True)}


def per_key_digests(frame: pd.DataFrame, key: str) -> dict[str, str]:
    """value of `key` -> a digest of the rows of `frame` that have it."""
    return {value: f"{total:016x}" for value, total in _group_hashes(frame, key).items()}


def indicator_cell_digests(parts: pd.DataFrame) -> dict[str, str]:
    """indicator id -> a digest of its cells of a board (UnitBoard.parts) whatever their order: an indicator's
    page lists them by its own score, so a change of the composite's order leaves it be."""
    return {value: f"{total:016x}" for value, total in _group_hashes(parts, "indicator_id", ordered=False).items()}


def per_unit_digests(*frames: pd.DataFrame) -> dict[str, str]:
    """unit id -> a digest of that unit's rows in `frames` (each with a unit_id column)."""
    parts = [_group_hashes(frame, "unit_id") for frame in frames]
    units = dict.fromkeys(unit for part in parts for unit in part)
    return {unit: ".".join(f"{part.get(unit, 0):016x}" for part in parts) for unit in units}
