"""generator/cache.py: stage results kept between builds by the digest of what the stage read; a damaged entry
is a miss, never an error; entries a build did not use are removed."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cache import StageCache, code_digest, write_atomic


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def make(self, value: object) -> object:
        self.calls += 1
        return value


def entries(folder: Path) -> list[Path]:
    return sorted((folder / "stages").rglob("*.pkl"))


def test_a_result_is_made_once_and_read_back_by_the_next_build(tmp_path: Path) -> None:
    counter = Counter()
    first = StageCache(tmp_path, "code-1")
    assert first.memo("load", ("results/2025.csv", 123), lambda: counter.make({"rows": [1, 2]})) == {"rows": [1, 2]}
    assert (first.hits, first.misses) == (0, 1)
    second = StageCache(tmp_path, "code-1")  # a later build: a new process, the same folder
    assert second.memo("load", ("results/2025.csv", 123), lambda: counter.make("not used")) == {"rows": [1, 2]}
    assert (second.hits, second.misses, counter.calls) == (1, 0, 1)


def test_other_inputs_stage_or_code_miss(tmp_path: Path) -> None:
    counter = Counter()
    StageCache(tmp_path, "code-1").memo("load", (1,), lambda: counter.make("a"))
    assert StageCache(tmp_path, "code-1").memo("load", (2,), lambda: counter.make("b")) == "b"
    assert StageCache(tmp_path, "code-1").memo("model", (1,), lambda: counter.make("c")) == "c"
    assert StageCache(tmp_path, "code-2").memo("load", (1,), lambda: counter.make("d")) == "d"  # a new program
    assert counter.calls == 4


def test_memo_many_keeps_the_order_of_its_items(tmp_path: Path) -> None:
    cache = StageCache(tmp_path, "code")
    cache.memo("boards", (2,), lambda: "two")
    got = cache.memo_many("boards", [((n,), lambda n=n: f"made {n}") for n in range(1, 4)])
    assert got == ["made 1", "two", "made 3"]
    assert (cache.hits, cache.misses) == (1, 3)


def test_prune_removes_what_the_build_did_not_use(tmp_path: Path) -> None:
    old = StageCache(tmp_path, "code")
    for n in range(3):
        old.memo("load", (n,), lambda n=n: n)
    assert len(entries(tmp_path)) == 3
    new = StageCache(tmp_path, "code")
    new.memo("load", (1,), lambda: "not used")
    new.prune()
    assert len(entries(tmp_path)) == 1
    assert StageCache(tmp_path, "code").memo("load", (1,), lambda: "missed") == 1


def test_without_a_folder_nothing_is_kept(tmp_path: Path) -> None:
    counter = Counter()
    cache = StageCache(None, "code")
    cache.memo("load", (1,), lambda: counter.make(1))
    cache.memo("load", (1,), lambda: counter.make(1))
    cache.prune()
    assert counter.calls == 2


# Garbage, and pickles that load as something (b"M\x00\x00." is the number 0): a file put in an entry's place.
GARBAGE = st.binary(max_size=64) | st.sampled_from([pickle.dumps({"x": 1})[:-1], b"\x80\x05\x95", b"\x80\x04N",
                                                    b"M\x00\x00.", pickle.dumps("good")])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(garbage=GARBAGE)
def test_a_damaged_entry_is_a_miss_and_is_replaced(tmp_path: Path, garbage: bytes) -> None:
    folder = tmp_path / "cache"
    StageCache(folder, "code").memo("load", (1,), lambda: "good")
    (entry,) = entries(folder)
    entry.write_bytes(garbage)
    assert StageCache(folder, "code").memo("load", (1,), lambda: "made again") == "made again"
    assert StageCache(folder, "code").memo("load", (1,), lambda: "third") == "made again"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_entry_with_a_flipped_bit_or_cut_short_is_a_miss(tmp_path: Path, data: st.DataObject) -> None:
    # Damage that leaves a pickle that still loads (a digit of a number changed) is found by the entry's CRC.
    folder = tmp_path / "cache"
    StageCache(folder, "code").memo("load", (1,), lambda: list(range(100)))
    (entry,) = entries(folder)
    good = entry.read_bytes()
    if data.draw(st.booleans()):
        position = data.draw(st.integers(0, len(good) - 1))
        damaged = good[:position] + bytes([good[position] ^ (1 << data.draw(st.integers(0, 7)))]) + good[position + 1:]
    else:
        damaged = good[:data.draw(st.integers(0, len(good) - 1))]
    entry.write_bytes(damaged)
    assert StageCache(folder, "code").memo("load", (1,), lambda: "made again") == "made again"
    entry.write_bytes(good)
    assert StageCache(folder, "code").memo("load", (1,), lambda: "not made") == list(range(100))


def test_write_atomic_replaces_whole_files_and_never_raises(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.pkl"
    write_atomic(path, b"one")
    write_atomic(path, b"two")
    assert path.read_bytes() == b"two"
    assert sorted(p.name for p in path.parent.iterdir()) == ["b.pkl"]  # no temporary file left
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    write_atomic(blocker / "x.pkl", b"data")  # cannot be written (a file where a folder should be): no error
    assert blocker.read_bytes() == b""


def test_code_digest_is_stable_and_covers_the_program() -> None:
    assert code_digest() == code_digest()
    assert len(code_digest()) == 64


@pytest.mark.parametrize("value", [{"a": (1, 2.5, None)}, [b"\x00", "中文"], frozenset({1, 2})])
def test_values_come_back_equal(tmp_path: Path, value: object) -> None:
    StageCache(tmp_path, "c").memo("s", ("k",), lambda: value)
    assert StageCache(tmp_path, "c").memo("s", ("k",), lambda: None) == value
