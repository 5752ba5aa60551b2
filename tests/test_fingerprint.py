"""generator/fingerprint.py: digests for the caches — equal inputs, equal digests, in any process; different
inputs, different digests."""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys
from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from pathlib import PurePosixPath

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fingerprint import Memo, digest, frame_digest, per_unit_digests, row_hashes
from tests.support import REPO


class Colour(Enum):
    RED = "red"


@dataclasses.dataclass(frozen=True)
class Plain:
    a: int
    b: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Own:
    rows: object
    digest: str


def test_types_are_told_apart() -> None:
    values = [1, 1.0, "1", True, None, Decimal("1"), Fraction(1), date(2025, 1, 1), PurePosixPath("1"), b"1",
              Colour.RED, "red", (1,), {1: 1}, frozenset({1}), np.int64(2), 2]
    digests = [digest(v) for v in values]
    assert len(set(digests)) == len(values) - 1  # np.int64(2) is the number 2
    assert digest(np.int64(2)) == digest(2) and digest(np.float64(0.5)) == digest(0.5)
    assert digest(pd.NA) == digest(None) == digest(pd.NaT)


def test_order_matters_in_sequences_not_in_mappings_or_sets() -> None:
    assert digest([1, 2]) != digest([2, 1])
    assert digest({"a": 1, "b": 2}) == digest({"b": 2, "a": 1})
    assert digest({3, 1, 2}) == digest({1, 2, 3})
    assert digest("ab", "c") != digest("a", "bc")
    assert digest(["ab"], "c") != digest(["ab", "c"])


def test_dataclasses_by_fields_or_by_their_own_digest() -> None:
    assert digest(Plain(1, ("x",))) == digest(Plain(1, ("x",))) != digest(Plain(2, ("x",)))
    # A value that carries its own digest (a board) is not read again: its rows do not matter, its digest does.
    assert digest(Own([1, 2], "d1")) == digest(Own(["other"], "d1")) != digest(Own([1, 2], "d2"))


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError, match="cannot digest object"):
        digest(object())


def test_frames_by_columns_types_and_values() -> None:
    frame = pd.DataFrame({"unit_id": ["a", "b"], "score": [90.0, 84.33], "flags": [("x",), ()]})
    assert frame_digest(frame) == frame_digest(frame.copy()) == digest(frame)
    assert frame_digest(frame) != frame_digest(frame.assign(score=[90.0, 84.34]))
    assert frame_digest(frame) != frame_digest(frame.astype({"score": "float32"}))
    assert frame_digest(frame) != frame_digest(frame.rename(columns={"score": "total"}))
    assert frame_digest(frame) != frame_digest(frame.iloc[::-1])
    assert frame_digest(frame.iloc[:0]) != frame_digest(frame)


def test_digests_are_the_same_in_another_process() -> None:
    # Python randomises str hashes per process: a digest must not depend on them.
    code = ("from generator.fingerprint import digest; import pandas as pd; from datetime import date; "
            "print(digest({'b': {2, 1}, 'a': ('中文', 1.5, date(2025, 1, 1))}, pd.DataFrame({'x': ['p', 'q']})))")
    runs = {subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout.strip() for seed in ("1", "2")}
    here = digest({"b": {2, 1}, "a": ("中文", 1.5, date(2025, 1, 1))}, pd.DataFrame({"x": ["p", "q"]}))
    assert runs == {here}


def test_memo_digests_agree_with_themselves_and_tell_values_apart() -> None:
    memo = Memo()
    big = tuple(range(20))  # long sequences and dataclasses are digested once and remembered
    assert memo.digest(big, Plain(1, ("x",))) == memo.digest(tuple(range(20)), Plain(1, ("x",)))
    assert Memo().digest(big) == memo.digest(big)
    assert memo.digest(big) != memo.digest(tuple(range(21)))
    assert memo.digest(Plain(1, ("x",))) != memo.digest(Plain(1, ("y",)))


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False).filter(lambda f: f != 0 or str(f) == "0.0")
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=12)


def strict(value: object) -> object:
    """The value with its types made part of it (Python says 1 == 1.0 == True; digests do not)."""
    if isinstance(value, list):
        return ("list", [strict(v) for v in value])
    if isinstance(value, dict):
        return ("dict", sorted((k, strict(v)) for k, v in value.items()))
    return (type(value).__name__, value)


@settings(max_examples=150, deadline=None)
@given(json_like, json_like)
def test_equal_digests_only_for_equal_values(a: object, b: object) -> None:
    assert digest(a) == digest(copy.deepcopy(a))
    if digest(a) == digest(b):
        assert strict(a) == strict(b)


def test_row_hashes_and_per_unit_digests() -> None:
    rows = pd.DataFrame({"unit_id": ["a", "b", "c"], "score": [90.0, 84.3, 71.7], "flags": [(), ("x",), ()]})
    parts = pd.DataFrame({"unit_id": ["a", "a", "b", "c"], "indicator_id": ["dj", "zs", "dj", "dj"],
                          "value": [90.0, 90.0, 80.0, 70.0]})
    assert row_hashes(rows).dtype == np.uint64 and len(row_hashes(rows)) == 3
    assert len(row_hashes(rows.iloc[:0])) == 0
    before = per_unit_digests(rows, parts)
    assert set(before) == {"a", "b", "c"}
    changed = parts.copy()
    changed.loc[3, "value"] = 69.0  # only c's part
    after = per_unit_digests(rows, changed)
    assert {u for u in before if before[u] != after[u]} == {"c"}
    # The same rows in another frame are another thing: which frame a row is in counts.
    assert per_unit_digests(rows, parts.iloc[:0]) != per_unit_digests(rows.iloc[:0], parts)
