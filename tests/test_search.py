"""generator/search.py: the search records are kept in the cache and indexed by the real Pagefind binary; the
bundle lands in the staged site, or the last one is reused."""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import pytest

from generator.errors import EnvironmentProblem
from generator.i18n import Translator
from generator.render.search_records import SearchRecord, record_html
from generator.search import SEARCH_BUNDLE, SearchIndex, pagefind_executable, reuse_bundle, sync_records
from generator.staging import Staging

ZH = Translator("zh-CN")
RECORDS = [("units/qwb/index.html", SearchRecord("unit", "区委办公室", ("区委办", "区直部门"))),
           ("units/yjj/index.html", SearchRecord("unit", "区应急管理局", ("应急局", "区直部门"))),
           ("notices/n1/index.html", SearchRecord("notice", "关于安全生产的通报", ("全区安全生产形势总体平稳。",)))]


def fragments(bundle: Path) -> list[dict[str, object]]:
    """Pagefind's page fragments: gzip, then `pagefind_dcd` and the JSON of one page."""
    pages = []
    for path in sorted((bundle / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        pages.append(json.loads(data[len(b"pagefind_dcd"):]))
    return pages


def test_sync_records_rewrites_only_what_changed(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    sync_records(folder, RECORDS, "zh-CN")
    files = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*.html")}
    assert set(files) == {path for path, _ in RECORDS}
    assert files["units/qwb/index.html"].read_text(encoding="utf-8") == record_html(RECORDS[0][1], "zh-CN")
    os.utime(files["units/qwb/index.html"], ns=(1, 1))  # an old time: rewriting would change it
    renamed = [RECORDS[0], ("units/yjj/index.html", SearchRecord("unit", "区应急管理局（新）", ("应急局",)))]
    sync_records(folder, renamed, "zh-CN")
    assert files["units/qwb/index.html"].stat().st_mtime_ns == 1  # same bytes: left alone
    assert files["units/yjj/index.html"].read_text(encoding="utf-8") == record_html(renamed[1][1], "zh-CN")
    assert not (folder / "notices" / "n1" / "index.html").exists()  # the page is gone: so is its record


@pytest.mark.skipif(pagefind_executable() is None, reason="pagefind[extended] is not installed")
def test_the_index_holds_the_records_and_no_numbers(tmp_path: Path) -> None:
    staging = fresh_staging(tmp_path / "staging")
    index = SearchIndex(RECORDS, "zh-CN", tmp_path, tmp_path / "records")
    placed = index.finish(staging)
    bundle = staging.folder / SEARCH_BUNDLE
    assert placed == sorted(p.relative_to(staging.folder).as_posix() for p in bundle.rglob("*") if p.is_file())
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["zh-cn"]["page_count"] == 3
    pages = {p["url"]: p for p in fragments(bundle)}  # type: ignore[misc]
    assert set(pages) == {"/units/qwb/index.html", "/units/yjj/index.html", "/notices/n1/index.html"}
    qwb = pages["/units/qwb/index.html"]
    assert qwb["meta"] == {"title": "区委办公室"}
    # Chinese is segmented into words (zero-width spaces between them); the unit's short name is searchable.
    assert "区委办" in str(qwb["content"]).replace("\u200b", "")
    assert not any(p["filters"] for p in pages.values())
    assert (bundle / "pagefind-ui.js").is_file() and (bundle / "pagefind.js").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".gongshi-search-")]  # scratch removed


@pytest.mark.skipif(pagefind_executable() is None, reason="pagefind[extended] is not installed")
def test_the_index_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    # A site must be byte-identical for the same content: Pagefind's output included.
    bundles = []
    for run in ("one", "two"):
        staging = fresh_staging(tmp_path / run)
        SearchIndex(RECORDS, "zh-CN", tmp_path, tmp_path / f"records-{run}").finish(staging)
        bundles.append({p.relative_to(staging.folder).as_posix(): p.read_bytes() for p in staging.folder.rglob("*")
                        if p.is_file()})
    assert bundles[0] == bundles[1]


@pytest.mark.skipif(pagefind_executable() is None, reason="pagefind[extended] is not installed")
def test_an_indexer_failure_is_reported_with_its_words(tmp_path: Path) -> None:
    index = SearchIndex([], "zh-CN", tmp_path, tmp_path / "records")  # nothing to index: Pagefind refuses
    with pytest.raises(EnvironmentProblem) as raised:
        index.finish(fresh_staging(tmp_path / "staging"))
    words = raised.value.message.text(ZH)
    assert words.startswith("Pagefind 建立搜索索引失败：Error: Pagefind was not able to build an index.")
    assert "did not contain any html files" in words and len(words) <= len("Pagefind 建立搜索索引失败：") + 500
    assert raised.value.message.code == "env.pagefind_failed"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".gongshi-search-")]


def test_a_missing_indexer_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As on a machine where pagefind[extended] was never installed: its module cannot be imported.
    monkeypatch.setitem(sys.modules, "pagefind_bin_extended", None)
    assert pagefind_executable() is None
    with pytest.raises(EnvironmentProblem) as raised:
        SearchIndex(RECORDS, "zh-CN", tmp_path, tmp_path / "records")
    assert raised.value.message.text(ZH) == \
        "找不到 Pagefind 搜索索引程序：请安装 pagefind[extended]（pip install 'pagefind[extended]'）"
    assert raised.value.message.text(Translator("en")) == \
        "The Pagefind search indexer cannot be found: install pagefind[extended] (pip install 'pagefind[extended]')"


def test_close_stops_a_running_indexer(tmp_path: Path) -> None:
    if pagefind_executable() is None:
        pytest.skip("pagefind[extended] is not installed")
    index = SearchIndex(RECORDS, "zh-CN", tmp_path, tmp_path / "records")
    index.close()  # a build that failed while the indexer ran
    assert index.process.poll() is not None
    assert not index.scratch.exists()


def test_reuse_bundle_links_the_previous_files(tmp_path: Path) -> None:
    previous = tmp_path / "site"
    (previous / SEARCH_BUNDLE / "fragment").mkdir(parents=True)
    (previous / SEARCH_BUNDLE / "pagefind.js").write_text("js", encoding="utf-8")
    (previous / SEARCH_BUNDLE / "fragment" / "a.pf_fragment").write_bytes(b"\x1f\x8b")
    staging = fresh_staging(tmp_path / "staging")
    files = [f"{SEARCH_BUNDLE}/pagefind.js", f"{SEARCH_BUNDLE}/fragment/a.pf_fragment"]
    assert reuse_bundle(previous, staging, files) == files
    for name in files:
        assert (staging.folder / name).read_bytes() == (previous / name).read_bytes()
        assert (staging.folder / name).stat().st_ino == (previous / name).stat().st_ino


def fresh_staging(folder: Path) -> Staging:
    """A new, empty staging folder, as a clean build has (the site would be beside it)."""
    folder.mkdir()
    return Staging(folder, folder.parent / "site", None, False, {folder})
