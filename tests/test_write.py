"""generator/write.py: the site goes into a fresh folder and takes the old one's place at once; only an empty
folder or a site gongshi built is ever replaced; nothing lands outside the site."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from datetime import date
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import UnsafeOutput
from generator.i18n import Translator
from generator.outputs import Output
from generator.state import MANIFEST, read_manifest
from generator.write import UnsafePath, check_target, foreign_files, safe_relative, write_site
from tests.support import make_content, tree_bytes

ZH = Translator("zh-CN")
TODAY = date(2026, 1, 6)


def text(error: UnsafeOutput) -> str:
    return error.message.text(ZH)


def outputs(files: dict[str, str]) -> list[Output]:
    """Outputs whose key is their content: a changed file is a changed key."""
    return [Output.ready(path, hashlib.sha256(data.encode()).hexdigest(), data.encode()) for path, data in files.items()]


def write(target: Path, made: list[Output], previous: object = None) -> object:
    manifest = read_manifest(target)
    stats = getattr(previous, "stats", {}) if previous is not None else {}
    return write_site(made, target, "inputs", manifest, stats)


def leftovers(parent: Path) -> list[str]:
    """Staging or retired folders of a site left in its parent (the retired one is removed in the background)."""
    deadline = time.monotonic() + 5
    while True:
        found = sorted(p.name for p in parent.iterdir() if p.name.startswith(".site-"))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


# ---- where a site may go ---------------------------------------------------------------------------------

def test_the_content_folder_is_refused_as_the_site(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    before = tree_bytes(content)
    with pytest.raises(UnsafeOutput) as raised:
        build(content, content, TODAY, pdf=False)
    assert text(raised.value) == f"输出目录 {content} 就是内容目录，或包含内容目录：请换一个输出目录（默认 ./site）"
    assert raised.value.message.text(Translator("en")) == \
        f"The output folder {content} is the content folder or contains it: choose another output folder (default ./site)"
    assert raised.value.exit_code == 2
    # A folder that holds the content is refused the same way, and nothing is changed.
    with pytest.raises(UnsafeOutput) as raised:
        check_target(content, tmp_path)
    assert text(raised.value) == f"输出目录 {tmp_path} 就是内容目录，或包含内容目录：请换一个输出目录（默认 ./site）"
    assert tree_bytes(content) == before


def test_a_link_to_the_content_folder_is_refused_too(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    link = tmp_path / "site"
    link.symlink_to(content, target_is_directory=True)
    with pytest.raises(UnsafeOutput) as raised:
        build(content, link, TODAY, pdf=False)
    assert raised.value.message.code == "usage.output_is_content"


def test_a_file_is_refused_as_the_site(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site.html"
    site.write_text("不是文件夹", encoding="utf-8")
    with pytest.raises(UnsafeOutput) as raised:
        build(content, site, TODAY, pdf=False)
    assert text(raised.value) == f"输出位置 {site} 是一个文件，不是文件夹：请换一个输出目录"
    assert raised.value.message.text(Translator("en")) == \
        f"The output location {site} is a file, not a folder: choose another output folder"
    assert site.read_text(encoding="utf-8") == "不是文件夹"


def test_a_folder_gongshi_did_not_build_is_left_alone(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "报告.docx").write_bytes(b"PK\x03\x04 important")
    (site / "index.html").write_text("<p>旧网站</p>", encoding="utf-8")
    before = tree_bytes(site)
    with pytest.raises(UnsafeOutput) as raised:
        build(content, site, TODAY, pdf=False, cache_dir=tmp_path / "cache")
    assert text(raised.value) == (f"输出目录 {site} 不是空的，也不是 gongshi 生成的网站：为免误删，未作任何改动。"
                                  "请换一个空目录或删除其中的内容")
    assert raised.value.message.text(Translator("en")) == (
        f"The output folder {site} is not empty and is not a site built by gongshi: nothing was changed, so that "
        "nothing is deleted by mistake. Choose an empty folder, or delete what is in this one")
    assert tree_bytes(site) == before
    assert leftovers(tmp_path) == []


def test_a_manifest_of_another_program_does_not_make_a_folder_ours(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    site.mkdir()
    (site / MANIFEST).write_text(json.dumps({"generator": "hugo", "files": {}}), encoding="utf-8")
    with pytest.raises(UnsafeOutput) as raised:
        check_target(content, site)
    assert raised.value.message.code == "usage.output_not_ours"
    (site / MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(UnsafeOutput):
        check_target(content, site)


def test_a_file_someone_added_to_a_built_site_is_never_deleted(tmp_path: Path) -> None:
    # Building replaces the whole folder: a file the manifest does not list would be lost with the old site.
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    build(content, site, TODAY, pdf=False, cache_dir=tmp_path / "cache")
    (site / "units" / "a" / "照片.jpg").write_bytes(b"\xff\xd8 photo")
    (site / ".htaccess").write_text("Options -Indexes\n", encoding="utf-8")
    before = tree_bytes(site)
    assert foreign_files(site, read_manifest(site) or {}) == [".htaccess", "units/a/照片.jpg"]
    with pytest.raises(UnsafeOutput) as raised:
        build(content, site, TODAY, pdf=False, cache_dir=tmp_path / "cache")
    assert raised.value.message.code == "usage.output_not_ours"
    assert tree_bytes(site) == before
    # Once they are moved away, the site builds again.
    (site / ".htaccess").unlink()
    (site / "units" / "a" / "照片.jpg").unlink()
    assert build(content, site, TODAY, pdf=False, cache_dir=tmp_path / "cache").pages > 0


def test_empty_and_missing_folders_are_fine(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    (tmp_path / "empty").mkdir()
    check_target(content, tmp_path / "empty")
    check_target(content, tmp_path / "missing" / "site")


def test_a_site_inside_the_content_folder_is_allowed_and_not_read_as_content(tmp_path: Path) -> None:
    # check_target allows it (a clerk's `content/site`); the loader skips it, and a rebuild sees no change.
    content = make_content(tmp_path / "content")
    site = content / "site"
    first = build(content, site, TODAY, pdf=False)
    assert first.written and (site / "index.html").is_file()
    assert build(content, site, TODAY, pdf=False).written is False


def test_siblings_of_the_site_survive_a_build(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    (tmp_path / "notes.txt").write_text("别删", encoding="utf-8")
    (tmp_path / "site-backup").mkdir()
    (tmp_path / "site-backup" / "index.html").write_text("备份", encoding="utf-8")
    for _ in range(2):
        build(content, tmp_path / "site", TODAY, pdf=False, cache_dir=tmp_path / "cache")
        (tmp_path / "site" / "index.html").write_text("edited", encoding="utf-8")  # forces a real rebuild
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "别删"
    assert (tmp_path / "site-backup" / "index.html").read_text(encoding="utf-8") == "备份"
    assert leftovers(tmp_path) == []


# ---- paths -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["../evil.html", "/etc/passwd", "units/../../x", "a\\b.html", "", "a\x00b", "."])
def test_paths_that_would_leave_the_site_are_refused(path: str) -> None:
    with pytest.raises(UnsafePath) as raised:
        safe_relative(path)
    assert text(raised.value).startswith(f"输出目录 {path} 不是空的")


def test_ordinary_paths_are_accepted() -> None:
    assert safe_relative("units/a-1/index.html").parts == ("units", "a-1", "index.html")


def test_an_unsafe_output_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "site"
    write(target, outputs({"index.html": "<p>1</p>"}))
    before = tree_bytes(target)
    with pytest.raises(UnsafePath):
        write(target, [*outputs({"index.html": "<p>2</p>"}), Output.ready("../escaped.html", "k", b"x")])
    assert not (tmp_path / "escaped.html").exists()
    assert tree_bytes(target) == before
    assert leftovers(tmp_path) == []


# ---- writing --------------------------------------------------------------------------------------------------

def test_the_manifest_lists_every_file_with_its_sha256(tmp_path: Path) -> None:
    target = tmp_path / "site"
    write(target, outputs({"index.html": "<p>首页</p>", "units/a/index.html": "<p>甲</p>", "data/x.json": "{}"}))
    manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["generator"] == "gongshi" and manifest["algorithm"] == "sha256" and manifest["inputs"] == "inputs"
    on_disk = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} - {MANIFEST}
    assert set(manifest["files"]) == on_disk == {"index.html", "units/a/index.html", "data/x.json"}
    for path, sha in manifest["files"].items():
        assert hashlib.sha256((target / path).read_bytes()).hexdigest() == sha
    assert set(manifest["keys"]) == on_disk


def test_files_and_folders_are_readable_by_a_web_server(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        write(tmp_path / "site", outputs({"index.html": "x", "units/a/index.html": "y"}))
    finally:
        os.umask(old)
    for path in [tmp_path / "site", *(tmp_path / "site").rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


def test_unchanged_outputs_are_linked_changed_and_touched_ones_made(tmp_path: Path) -> None:
    target = tmp_path / "site"
    first = write(target, outputs({"a.html": "A", "b.html": "B", "c.html": "C"}))
    inode = {name: (target / name).stat().st_ino for name in ("a.html", "b.html", "c.html")}
    (target / "c.html").write_text("C by hand", encoding="utf-8")  # touched on disk since it was written
    second = write(target, outputs({"a.html": "A", "b.html": "B2", "c.html": "C"}), first)
    assert second.made == 2  # type: ignore[attr-defined]
    assert (target / "a.html").stat().st_ino == inode["a.html"]  # the same file, linked into the new site
    assert (target / "b.html").read_text(encoding="utf-8") == "B2"
    assert (target / "c.html").read_text(encoding="utf-8") == "C"  # restored
    assert leftovers(tmp_path) == []


def test_outputs_that_are_gone_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "site"
    first = write(target, outputs({"a.html": "A", "old/page.html": "old"}))
    write(target, outputs({"a.html": "A"}), first)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == ["a.html", MANIFEST]


def test_a_failed_write_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    target = tmp_path / "site"
    first = write(target, outputs({"a.html": "A", "b.html": "B"}))
    before = tree_bytes(target)

    def broken() -> bytes:
        raise RuntimeError("模板出错")

    with pytest.raises(RuntimeError, match="模板出错"):
        write(target, [*outputs({"a.html": "A2"}), Output("b.html", "new", broken)], first)
    assert tree_bytes(target) == before
    assert leftovers(tmp_path) == []


def test_an_interrupt_remembered_past_the_writing_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    """The checkpoint runs once every file is staged, the manifest too: what it raises keeps the old site."""
    target = tmp_path / "site"
    first = write_site(outputs({"a.html": "A"}), target, "inputs", None, {})
    before = tree_bytes(target)
    staged: list[str] = []

    def interrupted() -> None:
        staged.extend(sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_site(outputs({"a.html": "A2", "b.html": "B"}), target, "inputs", read_manifest(target),
                   first.stats, checkpoint=interrupted)
    assert len(staged) == 1  # it ran while the new site stood staged beside the old one
    assert tree_bytes(target) == before
    assert leftovers(tmp_path) == []


def test_parallel_making_gives_the_same_site(tmp_path: Path) -> None:
    many = outputs({f"p{n:03d}/index.html": f"<p>{n}</p>" * 50 for n in range(120)})
    one = write_site(many, tmp_path / "one", "i", None, {}, jobs=1)
    two = write_site(many, tmp_path / "two", "i", None, {}, jobs=2)
    assert one.files == two.files
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_a_failure_in_a_worker_process_fails_the_write(tmp_path: Path) -> None:
    def broken() -> bytes:
        raise ValueError("第 77 页出错")

    many = outputs({f"p{n:03d}.html": str(n) for n in range(120)})
    many[77] = Output("p077.html", "k", broken)
    with pytest.raises(ValueError, match="第 77 页出错"):
        write_site(many, tmp_path / "site", "i", None, {}, jobs=2)
    assert not (tmp_path / "site").exists()
    assert leftovers(tmp_path) == []


def test_a_site_behind_a_link_is_updated_where_it_is(tmp_path: Path) -> None:
    # site -> /srv/www/gongshi: the build updates the folder the link points to, and the link stays a link.
    real = tmp_path / "www" / "gongshi"
    first = write(real, outputs({"a.html": "A"}))
    link = tmp_path / "site"
    link.symlink_to(real, target_is_directory=True)
    write(link, outputs({"a.html": "A2"}), first)
    assert link.is_symlink()
    assert (real / "a.html").read_text(encoding="utf-8") == "A2"
