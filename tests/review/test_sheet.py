"""generator.review.sheet: the review sheet (公开审查单) as HTML and as a real PDF (WeasyPrint), read back with
pypdf and BeautifulSoup: the manifest's sha256 of the site to publish, the changes, the checks passed and
accepted, the files to publish, the reference date and the signature lines."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build import build
from generator.errors import GongshiError
from generator.i18n import Translator
from generator.review import sheet as sheet_module
from generator.review.diff import diff_site
from generator.review.sheet import file_listing, sheet_data, sheet_html, write_file, write_sheet
from tests.support import RESULTS_2025, SITE_TOML, make_content, soup

ZH, EN = Translator("zh-CN"), Translator("en")
TODAY = date(2025, 11, 30)
# The published March file repeats February; the new one changes 丙局's 党建 (70 → 100) and drops 西镇, which the
# office accepts. By hand (see test_diff): 丙 71.67 → 86.67, 3 → 2, 红 → 黄; 乙 2 → 3, 黄 → 红; 西镇 leaves the
# March board. The new March file still shares 11 of its 12 values in common with February (4 units × 3; only
# 丙's 党建 differs): 11 ≥ 0.9 × 12 = 10.8, so the copied check warns (11 × 100 // 12 = 91%).
MARCH = "\n".join(line for line in RESULTS_2025.replace("丙局,70,", "丙局,100,").splitlines()
                  if not line.startswith("西镇")) + "\n"
ACCEPT = ('\n[checks]\naccept = [{ check = "dropped", unit = "西镇", period = "2025-03", '
          'reason = "西镇3月并入东镇，不再单独考核" }]\n')


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sheet")
    old = make_content(root / "old", {"results/2025-02.csv": RESULTS_2025, "results/2025-03.csv": RESULTS_2025})
    new = make_content(root / "new", {"results/2025-02.csv": RESULTS_2025, "results/2025-03.csv": MARCH,
                                      "site.toml": SITE_TOML + ACCEPT})
    build(old, root / "published", TODAY, pdf=False, cache_dir=root / "cache-old")
    build(new, root / "built", TODAY, pdf=False, cache_dir=root / "cache-new")
    result, content, outcome = diff_site(new, root / "published", TODAY, root / "built")
    written = write_sheet(root / "review", result, content, outcome, ZH)
    (root / "first").mkdir()
    for path in written:  # kept aside, then written again in the same place: the same bytes
        shutil.copy(path, root / "first" / path.name)
    assert write_sheet(root / "review", result, content, outcome, ZH) == written
    write_sheet(root / "review-en", result, content, outcome, EN)
    return {"root": root, "published": root / "published", "built": root / "built"}


def pdf_text(path: Path) -> tuple[list[str], int]:
    reader = PdfReader(path)
    return [page.extract_text() for page in reader.pages], len(reader.pages)


def test_the_pdf_names_the_manifest_of_the_site_to_publish(sheet: dict[str, Path]) -> None:
    pages, count = pdf_text(sheet["root"] / "review.pdf")
    text = flat("".join(pages))
    built_sha = hashlib.sha256((sheet["built"] / "manifest.json").read_bytes()).hexdigest()
    published_sha = hashlib.sha256((sheet["published"] / "manifest.json").read_bytes()).hexdigest()
    assert f"manifest.jsonSHA-256{built_sha}" in text and f"manifest.jsonSHA-256{published_sha}" in text
    assert flat("测试区考核结果公示 公开审查单") in text and "发布日期（参考日期）2025-11-30" in text
    for page, number in zip(pages, range(1, count + 1), strict=True):
        assert f"第 {number} 页 共 {count} 页" in page


def test_the_pdf_lists_the_changes(sheet: dict[str, Path]) -> None:
    text = flat("".join(pdf_text(sheet["root"] / "review.pdf")[0]))
    assert flat("晾晒表：1 张有变化，其中 2 行的得分、名次、档次、等次或结果运用变化，新发布 0 张，不再发布 0 张。") in text
    assert flat("2025年3月综合考核晾晒表 有变化") in text and flat("2 行有变化，移出 1 个单位") in text
    assert flat("丙局 71.67 → 86.67 3 → 2 红 → 黄") in text
    assert flat("乙局 84.33 2 → 3 黄 → 红") in text
    assert flat("西镇 79.17 2 红") in text  # the row that leaves, as it was published
    assert flat("通报公告：没有变化（页面上印的发布日期不算变化）。") in text


def test_the_pdf_lists_the_checks_passed_and_accepted(sheet: dict[str, Path]) -> None:
    text = flat("".join(pdf_text(sheet["root"] / "review.pdf")[0]))
    assert flat("本期数值与上一期重复（疑似复制了文件） copied 1 条警告") in text
    assert flat("上一期参加排名、本期未参评的单位 dropped 通过，1 条已确认") in text
    assert flat("原始值超出指标的合理范围（indicators.csv 的 min/max） range 通过") in text
    assert flat("results/2025-03.csv: 与上一期（2025年2月，results/2025-02.csv）共有的 12 个数值中，11 个完全相同（91%）："
                "是否复制了上一期的文件而没有更新？ [copied]") in text
    assert flat("results/2025-03.csv: “西镇”在上一期（2025年2月）参加了排名，本期文件中没有这个单位（未参评） [dropped]"
                "（已确认：西镇3月并入东镇，不再单独考核）") in text
    assert flat("审核人（签字）") in text and flat("批准人（签字）") in text


def test_every_file_to_publish_is_in_the_listing_and_the_changed_ones_are_printed(sheet: dict[str, Path]) -> None:
    files = json.loads((sheet["built"] / "manifest.json").read_text(encoding="utf-8"))["files"]
    built_sha = hashlib.sha256((sheet["built"] / "manifest.json").read_bytes()).hexdigest()
    # review.sha256: every file to publish and manifest.json itself, in sha256sum's format, sorted by path.
    listing_path = sheet["root"] / "review.sha256"
    listing = listing_path.read_bytes()
    rows = [line.split("  ", 1) for line in listing.decode("utf-8").splitlines()]
    assert {path: sha for sha, path in rows} == {**files, "manifest.json": built_sha}
    assert [path for _, path in rows] == sorted(path for _, path in rows)
    # On paper: the files added or changed against the published manifest, with their sha256, and the
    # listing's own sha256, so that the signature covers every file; how to check them from the site's folder.
    published = json.loads((sheet["published"] / "manifest.json").read_text(encoding="utf-8"))["files"]
    added = [p for p in files if p not in published]
    changed = [p for p in files if p in published and published[p] != files[p]]
    assert "data/2025-03.json" in changed and "data/2025.json" not in changed
    text = flat("".join(pdf_text(sheet["root"] / "review.pdf")[0]))
    assert flat(f"要发布的网站 {sheet['built']}：共 {len(files) + 1} 个文件（新增 {len(added)}，修改 {len(changed)}，"
                f"不变 {len(files) - len(added) - len(changed)}），删除 0 个；manifest.json 的 SHA-256 为 {built_sha}。") in text
    assert flat(f"全部 {len(files) + 1} 个文件（含 manifest.json）的 SHA-256 列在 {listing_path}，格式与 sha256sum 相同。"
                "复制到服务器之前和之后，都可以在网站目录中逐个核对：") in text
    assert flat(f"cd {sheet['built']} && sha256sum -c {listing_path}") in text
    assert flat(f"{listing_path} SHA-256 {hashlib.sha256(listing).hexdigest()}") in text
    assert flat(f"{files['data/2025-03.json']} data/2025-03.json") in text
    assert files["data/2025-02.json"] not in text  # an unchanged file is named by the listing only
    # The HTML sheet lists the same changed files, and every file of the listing besides.
    page = soup(sheet["root"] / "review.html")
    printed = [line.split("  ", 1) for line in page.select_one("pre.files").get_text().splitlines()]
    assert {path: sha for sha, path in printed} == {p: files[p] for p in added + changed}
    assert [line.split("  ", 1) for line in page.select_one("pre.all").get_text().splitlines()] == rows
    assert page.select("pre.paths") == []  # no file of the published site is left out of the new one


def test_sha256sum_checks_the_site_with_the_listing(sheet: dict[str, Path], tmp_path: Path) -> None:
    listing = sheet["root"] / "review.sha256"
    checked = subprocess.run(["sha256sum", "--check", "--quiet", listing], cwd=sheet["built"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    copy = shutil.copytree(sheet["built"], tmp_path / "copy", symlinks=True)
    (copy / "index.html").unlink()  # a link into the build's spare copy, perhaps: replaced, not written through
    (copy / "index.html").write_text("altered on the way", encoding="utf-8")
    checked = subprocess.run(["sha256sum", "--check", "--quiet", listing], cwd=copy, capture_output=True, text=True)
    assert checked.returncode == 1 and checked.stdout == "index.html: FAILED\n"


def test_a_name_sha256sum_would_escape_is_escaped_as_it_does(sheet: dict[str, Path], tmp_path: Path) -> None:
    # A file of content/templates/static may have any name. sha256sum writes a name with a newline or a
    # backslash as "\<sha>  <name with \\ and \n>"; the listing must too, or `sha256sum -c` misreads it.
    result, _, _ = diff_site(sheet["root"] / "new", sheet["published"], TODAY, sheet["built"])
    names = {"static/a\nb.txt": b"one", "static/c\\d.txt": b"two", "static/plain.txt": b"three"}
    assert result.files is not None
    files = tuple((name, hashlib.sha256(data).hexdigest(), "added") for name, data in names.items())
    listing = file_listing(replace(result, files=replace(result.files, files=files, manifest_sha256="0" * 64)),
                           tmp_path / "review.sha256")
    assert listing is not None
    (tmp_path / "static").mkdir()
    for name, data in names.items():
        (tmp_path / name).write_bytes(data)
    lines = listing.data.decode("utf-8").splitlines()
    assert lines[0] == "0" * 64 + "  manifest.json"
    own = subprocess.run(["sha256sum", "static/a\nb.txt", "static/c\\d.txt", "static/plain.txt"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert own.stdout.splitlines() == lines[1:]  # as sha256sum itself prints them
    assert lines[1] == "\\" + hashlib.sha256(b"one").hexdigest() + "  static/a\\nb.txt"
    (tmp_path / "check.sha256").write_bytes("\n".join(lines[1:]).encode("utf-8") + b"\n")
    checked = subprocess.run(["sha256sum", "--check", "check.sha256"], cwd=tmp_path, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_without_a_site_to_publish_there_is_no_listing(sheet: dict[str, Path], tmp_path: Path) -> None:
    result, content, outcome = diff_site(sheet["root"] / "new", sheet["published"], TODAY)
    written = write_sheet(tmp_path / "review", result, content, outcome, ZH)
    assert written == (tmp_path / "review.html", tmp_path / "review.pdf")
    assert not (tmp_path / "review.sha256").exists()
    assert flat("未指定要发布的网站（--built）。") in flat("".join(pdf_text(tmp_path / "review.pdf")[0]))


def test_the_files_a_new_site_deletes_are_printed(sheet: dict[str, Path], tmp_path: Path) -> None:
    # The published site has a notice that the new content no longer has: its page is deleted on the server.
    notice = "---\ntitle: 一则旧通报\ndate: 2025-11-01\nkind: 通报\n---\n\n正文。\n"
    old = make_content(tmp_path / "old", {"results/2025-02.csv": RESULTS_2025, "results/2025-03.csv": MARCH,
                                          "site.toml": SITE_TOML + ACCEPT, "notices/2025-11-old.md": notice})
    build(old, tmp_path / "published", TODAY, pdf=False, cache_dir=tmp_path / "cache")
    result, content, outcome = diff_site(sheet["root"] / "new", tmp_path / "published", TODAY, sheet["built"])
    assert result.files is not None and "notices/2025-11-old/index.html" in result.files.removed
    write_sheet(tmp_path / "review", result, content, outcome, ZH)
    page = soup(tmp_path / "review.html")
    assert "notices/2025-11-old/index.html" in page.select_one("pre.paths").get_text().splitlines()
    text = flat("".join(pdf_text(tmp_path / "review.pdf")[0]))
    assert "删除的文件notices/2025-11-old/index.html" in text
    listed = (tmp_path / "review.sha256").read_text(encoding="utf-8")
    assert "notices/2025-11-old/index.html" not in listed  # the listing names what is published, not what goes


def test_past_the_printed_limit_the_rest_are_left_to_the_listing(sheet: dict[str, Path],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # A first publication (an empty folder published nothing): every file is new. With the limit at 10 instead
    # of 100, the sheet prints 10 of them, sorted by path, and says how many more the listing holds.
    monkeypatch.setattr(sheet_module, "PRINTED_FILES", 10)
    empty = sheet["root"] / "nothing-yet"
    empty.mkdir()
    result, content, outcome = diff_site(sheet["root"] / "new", empty, TODAY, sheet["built"])
    files = json.loads((sheet["built"] / "manifest.json").read_text(encoding="utf-8"))["files"]
    listing = file_listing(result, empty / "review.sha256")
    data = sheet_data(result, content, outcome, ZH, listing)
    assert [path for path, _ in data.changed] == sorted(files)[:10] and data.unprinted == len(files) - 10
    assert listing is not None and len(listing.lines) == len(files) + 1
    html = sheet_html(data, content, ZH, "")
    assert f"另有 {len(files) - 10} 个新增或修改的文件，见 {empty / 'review.sha256'}。" in html
    assert sorted(files)[9] in html and sorted(files)[10] not in html


def test_the_html_says_the_same(sheet: dict[str, Path]) -> None:
    page = soup(sheet["root"] / "review.html")
    assert page.title is not None and page.title.get_text() == "公开审查单 · 测试区考核结果公示"
    rows = [[td.get_text() for td in tr.select("td")] for tr in page.select("table.changes tbody tr")]
    assert rows == [["丙局", "71.67 → 86.67", "3 → 2", "红 → 黄", "—", "—", ""],
                    ["乙局", "84.33", "2 → 3", "黄 → 红", "—", "—", ""],
                    ["西镇", "79.17", "2", "红", "—", "—", "移出"]]
    assert page.select_one("style") is not None  # a standalone file: its stylesheet inline


def test_the_sheet_is_deterministic(sheet: dict[str, Path]) -> None:
    root = sheet["root"]
    for name in ("review.pdf", "review.html", "review.sha256"):
        assert (root / name).read_bytes() == (root / "first" / name).read_bytes()


def test_the_sheet_in_english(sheet: dict[str, Path]) -> None:
    text = " ".join(" ".join(pdf_text(sheet["root"] / "review-en.pdf")[0]).split())
    assert "Review sheet" in text and "Reviewer (signature)" in text and "Approver (signature)" in text
    assert "Page 1 of 3" in text and "4. Data checks" in text
    assert (f"is listed in {sheet['root'] / 'review-en.sha256'}, in the format of sha256sum. Before and after copying to "
            "the server, check every one from the site's folder:") in text
    assert "Units ranked in the previous period and not now dropped passed, 1 accepted" in text


def test_a_report_is_written_whole_with_the_usual_permissions(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_file(tmp_path / "review.html", b"new")
    finally:
        os.umask(previous)
    assert (tmp_path / "review.html").read_bytes() == b"new"
    assert stat.S_IMODE((tmp_path / "review.html").stat().st_mode) == 0o644  # as a plain write under umask 022
    # A write that fails once its bytes are down (the name is a folder's: the rename fails) leaves what was
    # there and no temporary file.
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "inside.txt").write_bytes(b"old")
    with pytest.raises(GongshiError) as raised:
        write_file(tmp_path / "taken", b"new")
    assert raised.value.lines(ZH) == [f"无法写入 {tmp_path / 'taken'}：Is a directory"]
    assert (tmp_path / "taken" / "inside.txt").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.html", "taken"]
