"""Issue 10, "folders destroyed": `-o` may not be the content folder, contain it, or be a file; only an empty
folder or a site gongshi built is ever replaced; gongshi writes nothing outside the site but its cache; the
site is world-readable (folders 0755, files 0644) whatever the umask; a failed build leaves the previous
site as it was. Every case compares the folders byte for byte before and after."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.hostile.common import TODAY, Cli, failed, listing, project
from tests.support import RESULTS_2025

IS_CONTENT = "就是内容目录，或包含内容目录：请换一个输出目录（默认 ./site）"
NOT_OURS = "不是空的，也不是 gongshi 生成的网站：为免误删，未作任何改动。请换一个空目录或删除其中的内容"


def build(cli: Cli, content: Path, site: Path | str) -> tuple[int, list[str]]:
    result = cli("build", content, "-o", site, "--no-pdf", "--today", TODAY)
    return result.code, result.errors


def test_the_content_folder_itself_is_refused(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    before = listing(tmp_path)
    assert build(cli, content, content) == (2, [f"输出目录 {content} {IS_CONTENT}"])
    assert listing(tmp_path) == before


@pytest.mark.parametrize("levels", [1, 2])
def test_a_parent_of_the_content_folder_is_refused(cli: Cli, tmp_path: Path, levels: int) -> None:
    # The old build replaced the parent with the site: the content was deleted.
    content = project(tmp_path / "work" / "projects" / "content")
    parent = content.parents[levels - 1]
    before = listing(tmp_path)
    assert build(cli, content, parent) == (2, [f"输出目录 {parent} {IS_CONTENT}"])
    assert listing(tmp_path) == before


def test_the_content_folder_by_a_link_or_a_relative_path_is_refused(cli: Cli, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    content = project(tmp_path / "content")
    (tmp_path / "alias").symlink_to(content)
    before = listing(tmp_path)
    assert build(cli, content, tmp_path / "alias") == (2, [f"输出目录 {tmp_path / 'alias'} {IS_CONTENT}"])
    monkeypatch.chdir(content / "results")
    assert build(cli, content, "../..") == (2, [f"输出目录 ../.. {IS_CONTENT}"])
    assert listing(tmp_path) == before


def test_a_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    report = tmp_path / "报告.docx"
    report.write_bytes(b"PK\x03\x04 a document")
    before = listing(tmp_path)
    assert build(cli, content, report) == (2, [f"输出位置 {report} 是一个文件，不是文件夹：请换一个输出目录"])
    assert build(cli, content, content / "units.csv") == (2, [
        f"输出位置 {content / 'units.csv'} 是一个文件，不是文件夹：请换一个输出目录"])
    assert listing(tmp_path) == before


def test_a_folder_gongshi_did_not_build_is_never_replaced(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "年终总结.docx").write_bytes(b"important")
    before = listing(tmp_path)
    assert build(cli, content, documents) == (2, [f"输出目录 {documents} {NOT_OURS}"])
    # An input folder of the content is no site either.
    assert build(cli, content, content / "results") == (2, [f"输出目录 {content / 'results'} {NOT_OURS}"])
    assert listing(tmp_path) == before


def test_a_built_site_with_files_added_by_someone_else_is_kept(cli: Cli, tmp_path: Path) -> None:
    # Someone put their own file into the published site: the manifest does not list it, the next build
    # would lose it; refused, and the site is left as it is.
    content = project(tmp_path / "content")
    site = tmp_path / "site"
    assert build(cli, content, site)[0] == 0
    (site / "附件.pdf").write_bytes(b"%PDF-1.7 theirs")
    before = listing(tmp_path)
    (content / "results" / "2025.csv").write_text(RESULTS_2025.replace("甲局,90", "甲局,91"), encoding="utf-8")
    assert build(cli, content, site) == (2, [f"输出目录 {site} {NOT_OURS}"])
    assert {k: v for k, v in listing(tmp_path).items() if k.startswith("site/")} == \
        {k: v for k, v in before.items() if k.startswith("site/")}


def test_a_site_inside_the_content_folder_is_allowed_and_never_read(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    site = content / "site"
    assert build(cli, content, site)[0] == 0
    assert build(cli, content, site)[0] == 0  # again: its data/*.csv and pages are not inputs
    result = cli("validate", content, "--today", TODAY)
    assert (result.code, result.errors) == (0, [])


def test_only_the_site_and_the_cache_are_written(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    before = listing(tmp_path)
    assert build(cli, content, tmp_path / "out" / "site")[0] == 0
    after = listing(tmp_path)
    changed = {name.split("/")[0] + ("/" + name.split("/")[1] if name.startswith("out/") else "")
               for name in set(after) ^ set(before) | {n for n in before if before[n] != after.get(n)}}
    assert changed == {"out/site", "out/.gongshi-cache"}


def test_the_site_is_world_readable_whatever_the_umask(cli: Cli, tmp_path: Path) -> None:
    # Built under umask 077 (a careful admin's), the site must still be readable by the web server's user.
    content = project(tmp_path / "content")
    site = tmp_path / "site"
    old = os.umask(0o077)
    try:
        assert build(cli, content, site)[0] == 0
        (content / "results" / "2025.csv").write_text(RESULTS_2025.replace("甲局,90", "甲局,91"), encoding="utf-8")
        assert build(cli, content, site)[0] == 0  # a rebuild swaps in a new folder: the same modes
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(path.stat().st_mode) for path in [site, *site.rglob("*")] if path.is_dir()}
    assert modes == {0o755}
    modes = {stat.S_IMODE(path.stat().st_mode) for path in site.rglob("*") if path.is_file()}
    assert modes == {0o644}


def test_a_failed_build_leaves_the_previous_site_whole(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    site = tmp_path / "site"
    assert build(cli, content, site)[0] == 0
    before = listing(site)
    (content / "results" / "2025.csv").write_text(RESULTS_2025.replace("甲局,90", "甲局,九十"), encoding="utf-8")
    assert build(cli, content, site) == (1, ["results/2025.csv:2:党建工作: “九十”不是数字", failed(1)])
    assert listing(site) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")]  # no staging left behind


def test_a_site_given_as_a_link_is_updated_where_it_points(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    served = tmp_path / "srv" / "www"
    served.mkdir(parents=True)
    (tmp_path / "site").symlink_to(served)
    assert build(cli, content, tmp_path / "site")[0] == 0
    assert (tmp_path / "site").is_symlink() and (served / "index.html").is_file()
    manifest = json.loads((served / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["generator"].startswith("gongshi")
