"""The PDF cache (cache.py): files named by a content key; a broken entry is a miss, never a failed build."""

from __future__ import annotations

import os
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pdf.cache import PdfCache, cache_key

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
DAY = 86400


def age(path: Path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then))


def test_cache_key_is_the_sha256_of_canonical_json() -> None:
    import hashlib

    # Keys of dicts are sorted, so the order they were written in does not matter.
    assert cache_key({"b": 1, "a": "甲"}) == cache_key({"a": "甲", "b": 1}) == \
        hashlib.sha256('[{"a":"甲","b":1}]'.encode()).hexdigest()
    assert cache_key("x", 1) != cache_key("x", 2)


@settings(max_examples=40, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=10))
def test_cache_key_is_stable_and_hex(value: object) -> None:
    key = cache_key(value)
    assert key == cache_key(value) and len(key) == 64 and int(key, 16) >= 0


def test_put_then_get_returns_the_bytes(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path / "pdf")
    assert cache.get("k") is None  # the folder does not exist yet: a miss
    cache.put("k", PDF)
    assert cache.get("k") == PDF
    assert [p.name for p in (tmp_path / "pdf").iterdir()] == ["k.pdf"]  # no temporary file left


def test_a_truncated_or_foreign_entry_is_a_miss(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path)
    cache.put("cut", PDF[:-8])  # killed while writing: no %%EOF at the end
    cache.put("html", b"<html></html>")
    assert cache.get("cut") is None and cache.get("html") is None


def test_get_marks_an_entry_as_used(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path)
    cache.put("k", PDF)
    age(cache.path("k"), 40)
    cache.get("k")
    assert time.time() - cache.path("k").stat().st_mtime < 60


def test_a_cache_that_cannot_be_written_does_not_fail(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    cache = PdfCache(tmp_path / "file" / "pdf")
    cache.put("k", PDF)  # OSError inside: swallowed
    assert cache.get("k") is None


def test_prune_removes_old_unused_entries_and_stale_temporaries(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path)
    for key in ("kept-old", "unused-old", "unused-new"):
        cache.put(key, PDF)
    age(cache.path("kept-old"), 90)
    age(cache.path("unused-old"), 31)  # unused for more than MAX_AGE_DAYS = 30
    stale, fresh = tmp_path / ".tmp-abc.pdf", tmp_path / ".tmp-def.pdf"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    age(stale, 2 / 24)  # two hours: left by a killed build
    (tmp_path / "notes.txt").write_text("not ours", encoding="utf-8")
    age(tmp_path / "notes.txt", 90)
    assert cache.prune({"kept-old"}) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".tmp-def.pdf", "kept-old.pdf", "notes.txt", "unused-new.pdf"]
    # A build prunes with max_age_days=0: only what it used stays (and fresh temporaries of a build running now).
    assert cache.prune({"kept-old"}, max_age_days=0) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".tmp-def.pdf", "kept-old.pdf", "notes.txt"]


def test_prune_of_a_missing_folder_removes_nothing(tmp_path: Path) -> None:
    assert PdfCache(tmp_path / "none").prune(set()) == 0


def test_an_entry_lists_the_entries_it_was_made_from_and_they_go_with_it(tmp_path: Path) -> None:
    """A year book's list of its sections' keys (render._Book): read back on a cache hit, so that a build that
    finds the book keeps its sections too; pruned with the book."""
    cache = PdfCache(tmp_path)
    assert cache.parts("book") == []  # none recorded: nothing to keep
    for key in ("book", "s1", "s2", "old-book"):
        cache.put(key, PDF)
    cache.put_parts("book", ["s1", "s2"])
    cache.put_parts("old-book", ["s1"])
    assert cache.parts("book") == ["s1", "s2"]
    assert cache.prune({"book", *cache.parts("book")}, max_age_days=0) == 2  # old-book.pdf and old-book.parts
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.parts", "book.pdf", "s1.pdf", "s2.pdf"]
    (tmp_path / "bad.parts").write_bytes(b"\xff\xfe")
    assert cache.parts("bad") == []  # unreadable: nothing to keep, never an error


def test_a_layout_is_kept_beside_its_entry_and_a_damaged_one_is_a_miss(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path)
    cache.put("k", PDF)
    assert cache.layout("k") is None  # none kept
    cache.put_layout("k", (2, {"b-2025-main": 0, "b-2025-zs": 1}))
    assert cache.layout("k") == (2, {"b-2025-main": 0, "b-2025-zs": 1})
    assert (tmp_path / "k.layout").read_text(encoding="utf-8") == '{"anchors": {"b-2025-main": 0, "b-2025-zs": 1}, "pages": 2}'
    for damaged in (b"{", b"[]", b'{"pages": 1}', b'{"pages": "1", "anchors": {}}', b'{"pages": 1, "anchors": {"a": 1}}',
                    b'{"pages": 1, "anchors": {"a": -1}}', b'{"pages": 1, "anchors": []}', b"\xff"):
        (tmp_path / "k.layout").write_bytes(damaged)
        assert cache.layout("k") is None, damaged
    # Pruned with its entry: unused, both go.
    cache.put_layout("k", (1, {}))
    for path in tmp_path.iterdir():
        age(path, 40)
    assert cache.prune(set()) == 2 and not list(tmp_path.iterdir())
