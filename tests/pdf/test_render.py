"""The PDFs of a real build, read back as a reader would: WeasyPrint output, text extracted with pdftotext,
fonts listed with pdffonts, pages measured with pypdf. A small project (tests.support) is built once for the
module; a long board is rendered on its own, so the slice stays fast."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from contextlib import suppress
from datetime import date
from pathlib import Path

import pypdf
import pytest

from generator.build import BuildResult, build, check
from generator.errors import EnvironmentProblem
from generator.fonts import find_fonts
from generator.i18n import Translator
from generator.pdf.render import archival_pdfs
from tests.pdf import helpers
from tests.pdf.helpers import MM, fonts_of, layout_text_of, pdftotext, size_mm, text_of
from tests.support import REPO, RESULTS_2025, SITE_TOML, make_content, tree_bytes

TODAY = date(2025, 11, 30)  # a Sunday
# The checkout's own code in a new interpreter (run from the checkout), as the in-process builds use: an
# installed copy older than the checkout would have another code digest, so other cache keys.
GONGSHI = [sys.executable, "-m", "generator"]
ZH = Translator("zh-CN")

THEMED = SITE_TOML + """
[boards.zhaoshang]
title = "招商引资专项通报"
indicators = ["zs"]
"""
ZHAOSHANG = "单位,招商引资\n甲局,800\n乙局,600\n丙局,400\n东镇,1000\n西镇,500\n"
NOTICE = """---
title: 关于2025年度考核结果的通报
date: 2025-11-20
kind: 通报
period: "2025"
---

各部门、各乡镇：

现将考核结果通报如下。

中共测试区委组织部
2025年11月20日
"""
# The city's ranks of three indicators among 10 districts; [tiers] (top = 1, bottom = 1) colours them.
STANDINGS = "indicator,rank,out_of,responsible,note\ndj,1,10,a,\nzs,10,10,b、x,较上期后移\naq,5,10,c,\n"
FILES = {"site.toml": THEMED, "results/2025--zhaoshang.csv": ZHAOSHANG, "notices/2025-11-tongbao.md": NOTICE,
         "standings/2025-H1.csv": STANDINGS}
EXPECTED_PDFS = {"board-2025.pdf", "board-2025-H1.pdf", "notice-2025-11-tongbao.pdf", "year-2025.pdf",
                 *(f"unit-{u}.pdf" for u in "abcxy")}
UNITS = ("甲局", "乙局", "丙局", "东镇", "西镇")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, BuildResult]:
    """(content, site, result) of the small project with a themed board and a bulletin, built with PDFs."""
    root = tmp_path_factory.mktemp("pdf")
    content = make_content(root / "content", FILES)
    site = root / "site"
    result = build(content, site, TODAY, jobs=1, cache_dir=root / "cache")
    return content, site, result


@pytest.fixture(scope="module")
def site(project: tuple[Path, Path, BuildResult]) -> Path:
    return project[1]


def test_the_build_writes_every_pdf_and_lists_them_in_the_manifest(project: tuple[Path, Path, BuildResult]) -> None:
    _, site, result = project
    # One board PDF per period (2025 holds the main and the themed board; 2025-H1 the standings), one
    # bulletin, one report card per unit (5), one year book: 9.
    assert {p.name for p in (site / "pdf").iterdir()} == EXPECTED_PDFS
    assert (result.pdfs, result.pdfs_rendered) == (9, 9)
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["files"]
    for name in EXPECTED_PDFS:
        assert manifest[f"pdf/{name}"] == hashlib.sha256((site / "pdf" / name).read_bytes()).hexdigest()


def test_boards_are_a3_landscape_and_cards_a4_portrait(site: Path) -> None:
    board = site / "pdf" / "board-2025.pdf"
    assert len(pypdf.PdfReader(str(board)).pages) == 2  # the main board, then the themed board on its own page
    assert size_mm(board, 0) == size_mm(board, 1) == (420, 297)  # A3 landscape (site.toml has no [pdf]: the default)
    for unit in "abcxy":  # a report card is one A4 page
        assert size_mm(site / "pdf" / f"unit-{unit}.pdf") == (210, 297)
        assert len(pypdf.PdfReader(str(site / "pdf" / f"unit-{unit}.pdf")).pages) == 1


def test_cjk_fonts_are_embedded_as_subsets(site: Path) -> None:
    family = find_fonts(None, site).sans.family.replace(" ", "-")  # pdffonts writes "Noto-Sans-CJK-SC"
    for name in ("board-2025.pdf", "unit-a.pdf", "notice-2025-11-tongbao.pdf", "year-2025.pdf"):
        rows = fonts_of(site / "pdf" / name)
        assert rows, name
        for row in rows:
            emb, sub = row[-5], row[-4]
            assert (emb, sub) == ("yes", "yes"), (name, row)
            assert re.fullmatch(r"[A-Z]{6}\+.+", row[0]), row  # a subset's name starts with a 6-letter tag
        assert any(row[0].split("+", 1)[1].startswith(family) for row in rows), (name, rows)


def test_the_main_board_prints_title_rows_tiers_and_footer(site: Path) -> None:
    pdf = site / "pdf" / "board-2025.pdf"
    page = text_of(pdf, 1)
    assert "2025年度综合考核晾晒表" in page  # title.main: "{period}综合考核晾晒表" with period 2025年度
    assert "中共测试区委组织部" in page and "发布日期2025年11月30日" in page
    # 公示期: 5 working days (publication_days, default 5) from Sunday 30 Nov: Mon 1 Dec … Fri 5 Dec.
    assert "公示期2025年11月30日至2025年12月5日" in page
    assert "异议反映区委组织部干部监督科" in page
    assert "公示期内对结果有异议的，请向区委组织部干部监督科反映。" in page
    # Scores by hand (efficacy: 60 + 40 × (x − floor) / (target − floor); work = (2 × zs + 1 × aq) / 3):
    # 甲局 dj 90 → 90, zs 800 → 90, aq 1 → 60 + 40 × 3/4 = 90: 0.5 × 90 + 0.5 × 90 = 90.00
    # 乙局 80 · 80 · 100 → 0.5 × 80 + 0.5 × 86.667 = 83.333, + bonus 1 = 84.33
    # 丙局 70 · 70 · 80 → 0.5 × 70 + 0.5 × 73.333 = 71.67
    # 东镇 95 · 100 · 100 → 97.50;  西镇 85 · 75 · 70 → 0.5 × 85 + 0.5 × 73.333 = 79.17
    # Ranked within kind; green top = 1, red bottom = 1: the rank, the name, the score, the tier's shape + label.
    for row in ("1甲局90.00●绿", "2乙局84.33▲黄", "3丙局71.67■红", "1东镇97.50●绿", "2西镇79.17■红"):
        assert row in page, row
    assert "部门（共3个单位）" in page and "乡镇（共2个单位）" in page
    assert "数据来源：results/2025.csv" in page
    # The foot: publisher and publication date at the left, the page count, the period at the right.
    assert page.endswith("中共测试区委组织部2025年11月30日第1页共1页2025年度"), page[-60:]


def test_the_footer_sits_in_the_bottom_margin_and_the_table_within_the_sides(site: Path) -> None:
    bbox = pdftotext(site / "pdf" / "board-2025.pdf", 1, "-bbox")
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', bbox)
    assert page is not None
    width, height = float(page.group(1)), float(page.group(2))
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(第|共|页)<', bbox)
    assert len(words) == 4  # 第 · 页 · 共 · 页
    assert all(float(y) > height - 15 * MM for y, _ in words)  # @page board: bottom margin 15 mm
    # Every word inside the 12 mm side margins (less a hair for glyph side bearings).
    assert min(float(x) for x in re.findall(r'xMin="([\d.]+)"', bbox)) >= 11.5 * MM
    assert max(float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)) <= width - 11.5 * MM


def test_the_standings_board_lists_ranks_tiers_and_follow_ups(site: Path) -> None:
    pdf = site / "pdf" / "board-2025-H1.pdf"
    assert len(pypdf.PdfReader(str(pdf)).pages) == 1 and size_mm(pdf) == (420, 297)
    text = layout_text_of(pdf)
    assert "2025年上半年全市高质量发展指标晾晒表" in text  # title.standings with the period 2025年上半年
    # Ranks among 10 districts with [tiers] top = 1, bottom = 1: 1 → 绿, 10 → 红 (rank > 10 − 1), 5 → 黄.
    for row in ("党建工作1/10●绿甲局", "招商引资10/10■红乙局、东镇较上期后移", "安全事故5/10▲黄丙局"):
        assert row in text, row
    # The best level feeds 经验推广, the worst 约谈督促 (with the units responsible).
    assert "经验推广（1）" in text and "党建工作（1/10）" in text
    assert "约谈督促（1）" in text and "招商引资（10/10）：乙局、东镇" in text


def test_the_themed_board_starts_its_own_page_and_counts_its_own_pages(site: Path) -> None:
    second = text_of(site / "pdf" / "board-2025.pdf", 2)
    assert "2025年度招商引资专项通报" in second and "综合考核晾晒表" not in second
    # Only 招商引资 counts: 甲局 800 → 90, so its score is 90.00; 丙局 400 → 70.
    assert "1甲局90.00●绿" in second and "3丙局70.00■红" in second
    assert "第1页共1页" in second


def test_bulletin_and_report_card_print_their_text(site: Path) -> None:
    notice = text_of(site / "pdf" / "notice-2025-11-tongbao.pdf")
    assert "关于2025年度考核结果的通报" in notice and "各部门、各乡镇：" in notice
    assert notice.endswith("中共测试区委组织部2025年11月20日第1页共1页")  # the signature block, then the foot
    card = text_of(site / "pdf" / "unit-a.pdf")
    assert "甲局考核结果报告单" in card and "第1名/共3个" in card and "90.00" in card
    for heading in ("最新结果", "得分走势", "近期结果", "年度考核等次"):
        assert heading in card, heading
    # 甲局 is responsible for 党建工作, first of 10 districts in 2025-H1: its card lists it.
    assert "党建工作" in card and "1/10" in card


def test_a_report_card_without_grades_prints_no_nan(site: Path) -> None:
    """The project has no [grades]: the card's 等次 must stay empty, never show pandas' "nan"."""
    card = text_of(site / "pdf" / "unit-a.pdf")
    assert "nan" not in card


def test_metadata_carries_the_reference_date_not_the_clock(site: Path) -> None:
    meta = pypdf.PdfReader(str(site / "pdf" / "board-2025.pdf")).metadata
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20251130"
    assert meta["/Author"] == "中共测试区委组织部"
    assert meta["/Title"] == "2025年度综合考核晾晒表"


def test_year_book_has_bookmarks_for_each_board(site: Path) -> None:
    reader = pypdf.PdfReader(str(site / "pdf" / "year-2025.pdf"))
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)  # type: ignore[attr-defined]

    walk(reader.outline)
    assert "2025年度综合考核晾晒表" in titles and "2025年度招商引资专项通报" in titles
    assert "2025年度考核结果汇编" in text_of(site / "pdf" / "year-2025.pdf", 1)
    contents = text_of(site / "pdf" / "year-2025.pdf", 2)
    assert "目录" in contents
    assert "2025年度综合考核晾晒表" in contents and "2025年上半年全市高质量发展指标晾晒表" in contents


def test_a_second_build_takes_every_pdf_from_the_cache(project: tuple[Path, Path, BuildResult], tmp_path: Path) -> None:
    content, site, _ = project
    again = tmp_path / "site"
    result = build(content, again, TODAY, jobs=1, cache_dir=site.parent / "cache")  # a new site, the same cache
    assert (result.pdfs, result.pdfs_rendered) == (9, 0)
    assert {n: (again / "pdf" / n).read_bytes() for n in EXPECTED_PDFS} == \
        {n: (site / "pdf" / n).read_bytes() for n in EXPECTED_PDFS}


def test_a_changed_score_rerenders_only_the_pdfs_that_show_it(project: tuple[Path, Path, BuildResult],
                                                             tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "cache"
    shutil.copytree(project[0], content)
    shutil.copytree(project[1].parent / "cache", cache)  # warm: the module's PDFs
    before = {p.name: p.read_bytes() for p in (project[1] / "pdf").iterdir()}
    site = tmp_path / "site"
    # 甲局's 党建工作 90 → 94: its score becomes 0.5 × 94 + 0.5 × 90 = 92.00, still first of 部门. It is on the
    # main board (board-2025), in the year book and on its own card; the themed board's PDF is the same file
    # as the main board's; the other cards and the bulletin do not show it.
    make_content(content, {**FILES, "results/2025.csv": RESULTS_2025.replace("甲局,90,", "甲局,94,")})
    progress: list[tuple[int, int]] = []
    result = build(content, site, TODAY, jobs=1, cache_dir=cache, progress=lambda done, total: progress.append((done, total)))
    after = {p.name: p.read_bytes() for p in (site / "pdf").iterdir()}
    assert result.pdfs_rendered == 3
    # Told before the first and after each: the board, the card, the book's section of the period 2025 (its
    # only one) and the book joined again (test_book.py looks closer).
    assert progress == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert sorted(name for name in after if after[name] != before[name]) == ["board-2025.pdf", "unit-a.pdf", "year-2025.pdf"]
    assert "1甲局92.00●绿" in text_of(site / "pdf" / "board-2025.pdf", 1)


def test_the_same_input_gives_the_same_bytes_from_a_fresh_process(project: tuple[Path, Path, BuildResult],
                                                                   tmp_path: Path) -> None:
    """Another interpreter (another hash seed) with two worker processes renders again the three PDFs whose
    cached copies are gone: byte for byte the same as the in-process build."""
    content, site, _ = project
    cache = tmp_path / "cache"
    shutil.copytree(site.parent / "cache", cache)
    again = {"board-2025.pdf", "notice-2025-11-tongbao.pdf", "unit-a.pdf"}
    removed = [entry for entry in (cache / "pdf").glob("*.pdf")
               if entry.read_bytes() in {(site / "pdf" / name).read_bytes() for name in again}]
    for entry in removed:
        entry.unlink()
    assert len(removed) == 3
    env = {**os.environ, "PYTHONHASHSEED": "12345", "LANG": "C.UTF-8", "COLUMNS": "100"}
    env.pop("SOURCE_DATE_EPOCH", None)
    command = [*GONGSHI, "build", str(content), "-o", str(tmp_path / "site"), "--cache", str(cache),
               "--today", TODAY.isoformat(), "--jobs", "2"]
    try:
        # stderr is a terminal: the progress bar is drawn while the workers (forked) render.
        leader, follower = pty.openpty()
    except OSError:  # a machine without pseudo-terminals (a bare chroot): the same build with stderr a pipe
        out = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=120, cwd=REPO)
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    else:
        try:
            out = subprocess.run(command, stdout=subprocess.PIPE, stderr=follower, text=True, env=env, check=False,
                                 timeout=120, cwd=REPO)
            os.close(follower)
            terminal = b""
            with suppress(OSError):
                while chunk := os.read(leader, 65536):
                    terminal += chunk
        finally:
            os.close(leader)
        assert out.returncode == 0, terminal.decode(errors="replace")
        assert "正在生成 PDF" in terminal.decode() and "Traceback" not in terminal.decode()
    assert out.stdout.splitlines()[-1] == "PDF 9 个：本次生成 3 个，6 个未变（取自缓存）。"
    for name in EXPECTED_PDFS:
        assert (tmp_path / "site" / "pdf" / name).read_bytes() == (site / "pdf" / name).read_bytes(), name


def test_no_pdf_builds_none(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    result = build(content, tmp_path / "site", TODAY, pdf=False)
    assert (result.pdfs, result.pdfs_rendered) == (0, 0)
    assert not (tmp_path / "site" / "pdf").exists()
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    assert pages and not any("pdf/" in page for page in pages)  # no link to a PDF that is not there


def test_a_broken_pdf_template_is_a_clear_error_and_the_site_stays(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    build(content, site, TODAY, pdf=False)
    before = tree_bytes(site)
    make_content(content, {"templates/pdf/board.html":
                           '{% extends "pdf/base.html" %}{% block body %}{{ nope.attr }}{% endblock %}'})
    with pytest.raises(EnvironmentProblem) as caught:
        build(content, site, TODAY, jobs=1, cache_dir=tmp_path / "cache")
    assert caught.value.lines(ZH) == ["生成 PDF 失败：pdf/board-2025.pdf：'nope' is undefined"]
    make_content(content, {"templates/pdf/board.html": '{% extends "pdf/base.html" %}{% block body %}{% if %}{% endblock %}'})
    with pytest.raises(EnvironmentProblem) as caught:
        build(content, site, TODAY, jobs=1, cache_dir=tmp_path / "cache")
    where = content / "templates" / "pdf" / "board.html"
    assert caught.value.lines(ZH) == [
        f"生成 PDF 失败：pdf/board-2025.pdf：{where}:1: Expected an expression, got 'end of statement block'"]
    assert tree_bytes(site) == before


# -- one PDF rendered on its own ---------------------------------------------------------------------

def render_one(content_dir: Path, path: str, today: date = TODAY) -> bytes:
    return helpers.render_one(content_dir, path, today)


LONG_UNITS = 40


def long_project(root: Path) -> Path:
    """40 departments on one board: more rows than an A3 page holds."""
    units = "id,name,kind,order\n" + "".join(f"u{n:02},测试第{n:02}局,部门,{n}\n" for n in range(1, LONG_UNITS + 1))
    rows = "".join(f"测试第{n:02}局,{60 + n % 40},{200 + 20 * n},{n % 5}\n" for n in range(1, LONG_UNITS + 1))
    return make_content(root, {"units.csv": units, "results/2025.csv": "单位,党建工作,招商引资,安全事故\n" + rows})


def test_a_long_board_continues_with_its_header_and_a_running_title(tmp_path: Path) -> None:
    pdf = tmp_path / "board.pdf"
    pdf.write_bytes(render_one(long_project(tmp_path / "content"), "pdf/board-2025.pdf"))
    pages = len(pypdf.PdfReader(str(pdf)).pages)
    assert pages >= 2
    texts = [text_of(pdf, n) for n in range(1, pages + 1)]
    assert "（续）" not in texts[0]  # the first page has the title itself, no running title
    for number, text in enumerate(texts, 1):
        if number > 1:
            assert text.startswith("2025年度综合考核晾晒表（续）"), text[:40]
        for heading in ("名次", "单位", "综合得分", "档次", "较上期", "党建工作"):
            assert heading in text, (number, heading)  # the table's header repeats on every page
        assert f"第{number}页共{pages}页" in text
    names = [f"测试第{n:02}局" for n in range(1, LONG_UNITS + 1)]
    assert all(sum(text.count(name) for text in texts) == 1 for name in names)  # every row once, none lost


def test_paper_and_orientation_come_from_site_toml(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"site.toml": SITE_TOML + '\n[pdf]\npaper = "A4"\norientation = "portrait"\n'})
    assert size_mm(render_one(content, "pdf/board-2025.pdf")) == (210, 297)


GONGSHI_NOTICE = """---
title: 测试区2025年度考核优秀等次拟定名单公示
date: 2026-01-05
kind: 公示
period: "2025"
publish_from: 2026-01-05
publish_to: 2026-01-09
---

各部门、各乡镇：

拟确定甲局、东镇为2025年度考核优秀等次，现予以公示。

中共测试区委组织部
2026年1月5日
"""


def test_the_window_of_a_period_comes_from_its_gongshi_notice(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"notices/2026-01-gongshi.md": GONGSHI_NOTICE})
    pdf = tmp_path / "board.pdf"
    pdf.write_bytes(render_one(content, "pdf/board-2025.pdf"))
    assert "公示期2026年1月5日至2026年1月9日" in text_of(pdf)  # publish_from … publish_to, not 5 working days


def test_an_older_board_without_a_gongshi_prints_no_window(tmp_path: Path) -> None:
    # Two months and no 公示 about either: the latest (2025-12) is the board published now, open for 5 working
    # days from the reference date (Sun 30 Nov → Fri 5 Dec); 2025-11 printed again is not open for objections.
    content = make_content(tmp_path / "content", {"results/2025-11.csv": RESULTS_2025, "results/2025-12.csv": RESULTS_2025})
    older, newer = tmp_path / "older.pdf", tmp_path / "newer.pdf"
    older.write_bytes(render_one(content, "pdf/board-2025-11.pdf"))
    newer.write_bytes(render_one(content, "pdf/board-2025-12.pdf"))
    assert "公示期—" in text_of(older) and "公示期2025年11月30日" not in text_of(older)
    assert "公示期2025年11月30日至2025年12月5日" in text_of(newer)


def test_a_gongwen_notice_follows_gb_t_9704(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"site.toml": SITE_TOML + "\n[pdf]\ngongwen = true\n",
                                                  "notices/2026-01-gongshi.md": GONGSHI_NOTICE})
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(render_one(content, "pdf/notice-2026-01-gongshi.pdf", date(2026, 1, 6)))
    assert size_mm(pdf) == (210, 297)  # A4
    text = text_of(pdf)
    assert "测试区2025年度考核优秀等次拟定名单公示" in text
    # The signature, the 公示 window and where objections go, then the page number "— 1 —".
    assert text.endswith("中共测试区委组织部2026年1月5日"
                         "（公示期：2026年1月5日至2026年1月9日；异议反映：区委组织部干部监督科）—1—")
    bbox = pdftotext(pdf, 1, "-bbox")
    left = min(float(x) for x in re.findall(r'xMin="([\d.]+)"', bbox))
    assert abs(left - 28 * MM) < 1.5 * MM  # 订口 (binding margin) 28 mm
    top = min(float(y) for y in re.findall(r'yMin="([\d.]+)"', bbox))
    assert top >= 37 * MM - 1.5 * MM  # 天头 (top margin) 37 mm
    # 小标宋 and 仿宋_GB2312 are not installed here: their serif stand-in is embedded.
    assert any("Serif" in row[0] for row in fonts_of(pdf))


def test_a_frozen_years_pdfs_are_pdf_a(tmp_path: Path) -> None:
    content_dir = make_content(tmp_path / "content")
    content, outcome = check(content_dir, TODAY)
    files = archival_pdfs(content, outcome, ZH, 2025, workers=1)
    assert set(files) == {"pdf/board-2025.pdf", "pdf/year-2025.pdf"}  # the year's boards and book, no cards
    for data in files.values():
        xmp = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]["/Metadata"].get_object().get_data()
        assert b'pdfaid:part="2"' in xmp and b'pdfaid:conformance="U"' in xmp
