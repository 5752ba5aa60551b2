"""generator.review.sheet: the review sheet (公开审查单) as HTML and as a real PDF (WeasyPrint), read back with
pypdf and BeautifulSoup: the manifest's sha256 of the site to publish, the changes, the checks passed and
accepted, the files to publish, the reference date and the signature lines."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build import build
from generator.i18n import Translator
from generator.review import sheet as sheet_module
from generator.review.diff import diff_site
from generator.review.sheet import sheet_data, sheet_html, write_sheet
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
    write_sheet(root / "review", result, content, outcome, ZH)
    write_sheet(root / "again" / "review", result, content, outcome, ZH)
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
    listing = (sheet["root"] / "review.sha256").read_bytes()
    rows = [line.split("  ", 1) for line in listing.decode("utf-8").splitlines()]
    assert {path: sha for sha, path in rows} == {**files, "manifest.json": built_sha}
    assert [path for _, path in rows] == sorted(path for _, path in rows)
    # On paper: the files added or changed against the published manifest, with their sha256, and the
    # listing's own sha256, so that the signature covers it.
    published = json.loads((sheet["published"] / "manifest.json").read_text(encoding="utf-8"))["files"]
    added = [p for p in files if p not in published]
    changed = [p for p in files if p in published and published[p] != files[p]]
    assert "data/2025-03.json" in changed and "data/2025.json" not in changed
    page = soup(sheet["root"] / "review.html")
    printed = [line.split("  ", 1) for line in page.select_one("pre.files").get_text().splitlines()]
    assert {path: sha for sha, path in printed} == {p: files[p] for p in added + changed}
    assert page.select("pre.paths") == []  # no file of the published site is left out of the new one
    text = flat("".join(pdf_text(sheet["root"] / "review.pdf")[0]))
    assert flat(f"要发布的网站 {sheet['built']}：共 {len(files) + 1} 个文件（新增 {len(added)}，修改 {len(changed)}，"
                f"不变 {len(files) - len(added) - len(changed)}），删除 0 个；manifest.json 的 SHA-256 为 {built_sha}。") in text
    assert flat(f"全部 {len(files) + 1} 个文件（含 manifest.json）的 SHA-256 列在 review.sha256，格式与 sha256sum 相同："
                "在要复制的网站目录中运行 sha256sum -c review.sha256 可以逐个核对。") in text
    assert flat(f"review.sha256 SHA-256 {hashlib.sha256(listing).hexdigest()}") in text
    assert flat(f"{files['data/2025-03.json']} data/2025-03.json") in text
    assert files["data/2025-02.json"] not in text  # an unchanged file is in the listing only


def test_sha256sum_checks_the_site_with_the_listing(sheet: dict[str, Path], tmp_path: Path) -> None:
    listing = sheet["root"] / "review.sha256"
    checked = subprocess.run(["sha256sum", "--check", "--quiet", listing], cwd=sheet["built"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    copy = shutil.copytree(sheet["built"], tmp_path / "copy", symlinks=True)
    (copy / "index.html").unlink()  # a link into the build's spare copy, perhaps: replaced, not written through
    (copy / "index.html").write_text("altered on the way", encoding="utf-8")
    checked = subprocess.run(["sha256sum", "--check", "--quiet", listing], cwd=copy, capture_output=True, text=True)
    assert checked.returncode == 1 and checked.stdout == "index.html: FAILED\n"


def test_past_the_printed_limit_the_rest_are_left_to_the_listing(sheet: dict[str, Path],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # A first publication (an empty folder published nothing): every file is new. With the limit at 10 instead
    # of 100, the sheet prints 10 of them, sorted by path, and says how many more the listing holds.
    monkeypatch.setattr(sheet_module, "PRINTED_FILES", 10)
    empty = sheet["root"] / "nothing-yet"
    empty.mkdir()
    result, content, outcome = diff_site(sheet["root"] / "new", empty, TODAY, sheet["built"])
    files = json.loads((sheet["built"] / "manifest.json").read_text(encoding="utf-8"))["files"]
    data = sheet_data(result, content, outcome, ZH, "review.sha256")
    assert [path for path, _ in data.changed] == sorted(files)[:10] and data.unprinted == len(files) - 10
    assert data.listed == len(files) + 1
    html = sheet_html(data, content, ZH, "")
    assert f"另有 {len(files) - 10} 个新增或修改的文件，见 review.sha256。" in html
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
    assert (root / "review.pdf").read_bytes() == (root / "again" / "review.pdf").read_bytes()
    assert (root / "review.html").read_bytes() == (root / "again" / "review.html").read_bytes()


def test_the_sheet_in_english(sheet: dict[str, Path]) -> None:
    text = " ".join(" ".join(pdf_text(sheet["root"] / "review-en.pdf")[0]).split())
    assert "Review sheet" in text and "Reviewer (signature)" in text and "Approver (signature)" in text
    assert "Page 1 of 3" in text and "4. Data checks" in text
    assert "is listed in review-en.sha256, in the format of sha256sum: run sha256sum -c review-en.sha256 in the folder" in text
    assert "Units ranked in the previous period and not now dropped passed, 1 accepted" in text
