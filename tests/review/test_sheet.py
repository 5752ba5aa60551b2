"""generator.review.sheet: the review sheet (公开审查单) as HTML and as a real PDF (WeasyPrint), read back with
pypdf and BeautifulSoup: the manifest's sha256 of the site to publish, the changes, the checks passed and
accepted, the files to publish, the reference date and the signature lines."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build import build
from generator.i18n import Translator
from generator.review.diff import diff_site
from generator.review.sheet import write_sheet
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


def test_every_file_to_publish_is_listed_with_its_sha256(sheet: dict[str, Path]) -> None:
    files = json.loads((sheet["built"] / "manifest.json").read_text(encoding="utf-8"))["files"]
    page = soup(sheet["root"] / "review.html")
    listed = [line.split("  ", 1) for line in page.select_one("pre.files").get_text().splitlines()]
    assert {path: sha for sha, path in listed} == files
    assert page.select("pre.paths") == []  # no file of the published site is left out of the new one
    # The counts, from the two manifests: manifest.json itself is the one more file.
    published = json.loads((sheet["published"] / "manifest.json").read_text(encoding="utf-8"))["files"]
    added = [p for p in files if p not in published]
    changed = [p for p in files if p in published and published[p] != files[p]]
    assert "data/2025-03.json" in changed and "data/2025.json" not in changed
    built_sha = hashlib.sha256((sheet["built"] / "manifest.json").read_bytes()).hexdigest()
    text = flat("".join(pdf_text(sheet["root"] / "review.pdf")[0]))
    assert flat(f"要发布的网站 {sheet['built']}：共 {len(files) + 1} 个文件（新增 {len(added)}，修改 {len(changed)}，"
                f"不变 {len(files) - len(added) - len(changed)}），删除 0 个；manifest.json 的 SHA-256 为 {built_sha}。") in text
    assert flat(f"{files['data/2025-03.json']} data/2025-03.json") in text


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
    assert "Page 1 of 4" in text and "4. Data checks" in text
    assert "Units ranked in the previous period and not now dropped passed, 1 accepted" in text
