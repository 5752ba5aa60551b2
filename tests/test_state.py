"""generator/state.py: the state of the last build, for the quick no-op check (stat only, no heavy imports)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from generator.build import build
from generator.resources import templates_dir
from generator.state import (
    CACHE_FOLDER,
    MANIFEST,
    default_cache,
    quick_stamp,
    read_manifest,
    read_state,
    stat_tree,
    state_path,
    unchanged,
    write_state,
)
from tests.support import REPO, make_content

TODAY = date(2026, 1, 6)
CODE = REPO / "generator"


def test_stat_tree_sizes_and_times_of_every_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.csv").write_bytes(b"12345")
    (tmp_path / "b.toml").write_bytes(b"")
    os.utime(tmp_path / "b.toml", ns=(1_700_000_000_123_456_789, 1_700_000_000_123_456_789))
    (tmp_path / "link").symlink_to(tmp_path / "a" / "x.csv")
    for skipped in ("__pycache__", CACHE_FOLDER, ".gongshi-search-1"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "f").write_bytes(b"x")
    stats = stat_tree(tmp_path)
    assert set(stats) == {"a/x.csv", "b.toml", "link"}
    assert stats["a/x.csv"][0] == 5 and stats["b.toml"] == [0, 1_700_000_000_123_456_789]
    assert stats["link"][0] == len(str(tmp_path / "a" / "x.csv"))  # the link itself, not what it points to
    assert set(stat_tree(tmp_path, skip=(tmp_path / "a").absolute())) == {"b.toml", "link"}
    assert stat_tree(tmp_path / "missing") == {}


def test_read_manifest_only_of_a_gongshi_site(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) is None
    (tmp_path / MANIFEST).write_text(json.dumps({"generator": "gongshi", "files": {"index.html": "ab"}}), encoding="utf-8")
    assert read_manifest(tmp_path) == {"generator": "gongshi", "files": {"index.html": "ab"}}
    for other in ({"generator": "other", "files": {}}, {"generator": "gongshi"}, {"generator": "gongshi", "files": []}, []):
        (tmp_path / MANIFEST).write_text(json.dumps(other), encoding="utf-8")
        assert read_manifest(tmp_path) is None, other
    (tmp_path / MANIFEST).write_bytes(b"\xff\xfe not utf-8")
    assert read_manifest(tmp_path) is None


def test_state_is_kept_per_site_in_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    one, two = tmp_path / "one", tmp_path / "two"
    assert read_state(cache, one) is None
    write_state(cache, one, {"stamp": {"today": "2026-01-06"}, "outputs": {"index.html": [1, 2]}})
    assert read_state(cache, one) == {"stamp": {"today": "2026-01-06"}, "outputs": {"index.html": [1, 2]}}
    assert read_state(cache, two) is None and state_path(cache, one) != state_path(cache, two)
    assert default_cache(one) == tmp_path / CACHE_FOLDER
    state_path(cache, one).write_text("[1, 2", encoding="utf-8")  # damaged: as if there were none
    assert read_state(cache, one) is None
    state_path(cache, one).write_text("[1, 2]", encoding="utf-8")  # not a mapping
    assert read_state(cache, one) is None


def test_the_stamp_changes_with_every_input(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    stamp = quick_stamp(content, site, "2026-01-06", False, templates_dir(), CODE)
    assert stamp == quick_stamp(content, site, "2026-01-06", False, templates_dir(), CODE)
    assert stamp != quick_stamp(content, site, "2026-01-07", False, templates_dir(), CODE)
    assert stamp != quick_stamp(content, site, "2026-01-06", True, templates_dir(), CODE)
    results = content / "results" / "2025.csv"
    info = results.stat()
    os.utime(results, ns=(info.st_atime_ns, info.st_mtime_ns + 1000))  # touched: same bytes, a new time
    assert stamp != quick_stamp(content, site, "2026-01-06", False, templates_dir(), CODE)
    # The site, when it lies inside the content folder, is not an input.
    inside = content / "site"
    base = quick_stamp(content, inside, "2026-01-06", False, templates_dir(), CODE)
    inside.mkdir()
    (inside / "index.html").write_text("x", encoding="utf-8")
    assert quick_stamp(content, inside, "2026-01-06", False, templates_dir(), CODE) == base


def test_unchanged_says_when_a_build_would_do_nothing(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    assert unchanged(content, site, "2026-01-06", False) is None  # never built
    build(content, site, TODAY, pdf=False)
    manifest = unchanged(content, site, "2026-01-06", False)
    assert manifest is not None and manifest == read_manifest(site)
    assert unchanged(content, site, "2026-01-07", False) is None
    (site / "index.html").write_text("edited by hand", encoding="utf-8")
    assert unchanged(content, site, "2026-01-06", False) is None


def test_state_imports_nothing_heavy() -> None:
    # The command line consults the state before loading anything else: no pandas, no jinja2.
    code = ("import sys; import generator.state; "
            "print(sorted(m for m in ('pandas', 'numpy', 'jinja2', 'pydantic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
