"""The PDFs, read back as a reader would: real WeasyPrint output, text extracted with pdftotext and pypdf,
fonts listed with pdffonts. The demo is built once for the module (2 worker processes)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdf
import pytest

from generator.build import build, check
from generator.errors import EnvironmentProblem
from generator.fonts import find_fonts
from generator.pdf import engine
from generator.pdf.documents import PdfDocuments
from generator.pdf.render import archival_pdfs, cache_folder
from generator.pdf.style import stylesheet
from generator.render.html import environment
from generator.render.pages import SiteBuilder
from tests.support import DEMO, REPO

TODAY = date(2025, 11, 30)
MM = 72 / 25.4


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    site = tmp_path_factory.mktemp("pdf") / "site"
    result = build(DEMO, site, TODAY, jobs=2)
    return site, result


@pytest.fixture(scope="module")
def site(demo: tuple[Path, object]) -> Path:
    return demo[0]


def text_of(pdf: Path, page: int | None = None) -> str:
    """pdftotext's text of a PDF (or one page, 1-based), without any white space: CJK words are not
    separated by spaces, and table cells may be split across lines."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def pages_of(pdf: Path) -> int:
    return len(pypdf.PdfReader(str(pdf)).pages)


def board_data(site: Path, period: str) -> dict:
    return json.loads((site / "data" / f"{period}.json").read_text(encoding="utf-8"))


def test_every_pdf_is_in_the_site_and_its_manifest(site: Path, demo: tuple[Path, object]) -> None:
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["files"]
    periods = [p.name for p in (site / "data").glob("*.json")]
    expected = {f"pdf/board-{Path(p).stem}.pdf" for p in periods}
    expected |= {f"pdf/unit-{line.split(',')[0]}.pdf"
                 for line in (DEMO / "units.csv").read_text(encoding="utf-8").splitlines()[1:] if line}
    # Every notice issued by the reference date (the 公示 of 2026-01-05 is not yet, on 2025-11-30).
    expected |= {f"pdf/notice-{p.stem}.pdf" for p in (DEMO / "notices").glob("*.md") if p.stem != "2026-01-gongshi"}
    expected |= {"pdf/year-2023.pdf", "pdf/year-2024.pdf", "pdf/year-2025.pdf"}
    written = {p.relative_to(site).as_posix() for p in (site / "pdf").iterdir()}
    assert written == expected
    for path in expected:
        assert manifest[path] == hashlib.sha256((site / path).read_bytes()).hexdigest()
    assert demo[1].pdfs == len(expected)


def test_a_board_names_its_title_period_publisher_window_and_every_unit(site: Path) -> None:
    data = board_data(site, "2025-10")
    text = text_of(site / "pdf" / "board-2025-10.pdf")
    main = next(b for b in data["boards"] if b["id"] == "main")
    assert main["title"] in text
    assert "2025年10月" in text
    assert "中共示例区委组织部" in text
    assert "公示期" in text and "2025年11月30日至2025年12月5日" in text  # 5 working days from the reference date
    assert "区委组织部干部监督科，电话0000-1234567" in text
    assert "发布日期" in text and "2025年11月30日" in text
    for row in main["rows"]:
        assert row["unit"] in text, row["unit"]


def test_the_window_of_a_period_comes_from_its_gongshi_notice(site: Path) -> None:
    text = text_of(site / "pdf" / "board-2025.pdf")
    assert "2026年1月5日至2026年1月9日" in text


def test_every_row_prints_its_tier_shape_and_label(site: Path) -> None:
    data = board_data(site, "2025-10")
    main = next(b for b in data["boards"] if b["id"] == "main")
    text = text_of(site / "pdf" / "board-2025-10.pdf")
    marks = {"green": "●绿", "yellow": "▲黄", "red": "■红"}
    for tier, mark in marks.items():
        rows = sum(1 for row in main["rows"] if row["tier"] == tier)
        assert text.count(mark) == rows + 1, tier  # each row, and once in the legend


def test_fonts_are_embedded_subset_and_chinese(site: Path) -> None:
    fonts = find_fonts(None, DEMO)
    cjk_name = fonts.sans.family.replace(" ", "-")
    for name in ("board-2025-10.pdf", "unit-fgw.pdf", "notice-2025-10-yuedu.pdf", "year-2024.pdf"):
        listing = subprocess.run(["pdffonts", str(site / "pdf" / name)], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]
        assert listing, name
        for line in listing:
            columns = line.split()
            emb, sub = columns[-5], columns[-4]
            assert (emb, sub) == ("yes", "yes"), line
        assert any(cjk_name in line for line in listing), listing


def test_a_long_board_repeats_its_header_on_page_two(site: Path) -> None:
    pdf = site / "pdf" / "board-2025-10.pdf"
    assert pages_of(pdf) == 2
    second = text_of(pdf, 2)
    for heading in ("名次", "单位", "综合得分", "档次", "较上期", "招商引资到位资金"):
        assert heading in second, heading
    assert "2025年10月综合考核晾晒表（续）" in second  # the running title of continuation pages
    assert "第2页共2页" in second


def test_each_board_starts_a_page_and_counts_its_own_pages(site: Path) -> None:
    pdf = site / "pdf" / "board-2025-03.pdf"  # the main board and the themed 招商引资 board
    reader = pypdf.PdfReader(str(pdf))
    titles = [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]
    starts = [i for i, text in enumerate(titles) if "第1页" in text]
    assert len(starts) == 2 and starts[0] == 0
    assert "招商引资专项通报" in titles[starts[1]]
    assert "招商引资专项通报" not in "".join(titles[: starts[1]])
    main_pages = starts[1]
    assert f"共{main_pages}页" in titles[0]


def test_page_counts_are_what_the_content_needs(site: Path) -> None:
    assert pages_of(site / "pdf" / "board-2025-H1.pdf") == 1  # 15 indicators of the standings: one page
    units = [p for p in (site / "pdf").glob("unit-*.pdf")]
    assert len(units) == 60
    assert all(pages_of(p) == 1 for p in units), [p.name for p in units if pages_of(p) != 1]
    # No page of a board is blank or holds only what overflowed: every page shows rows of the table.
    data = board_data(site, "2025-10")
    names = [row["unit"] for b in data["boards"] for row in b.get("rows", [])]
    pdf = site / "pdf" / "board-2025-10.pdf"
    for page in range(1, pages_of(pdf) + 1):
        text = text_of(pdf, page)
        assert sum(name in text for name in names) >= 8, page


def test_wide_boards_fit_the_paper(site: Path) -> None:
    """The 15 indicator columns of the annual board stay inside A3 landscape, and legible (≥ 9 pt)."""
    pdf = site / "pdf" / "board-2025.pdf"
    page = pypdf.PdfReader(str(pdf)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width / MM), round(height / MM)) == (420, 297)
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox))
    assert right <= width - 10 * MM
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">区委办公室<', bbox)
    assert words and float(words[0][1]) - float(words[0][0]) >= 9


def test_unit_report_card_has_the_latest_result_chart_grades_and_tasks(site: Path) -> None:
    pdf = site / "pdf" / "unit-fgw.pdf"
    page = pypdf.PdfReader(str(pdf)).pages[0]
    assert (round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)) == (210, 297)
    text = text_of(pdf)
    for words in ("区发展和改革委员会考核结果报告单", "最新结果", "得分走势", "年度考核等次", "揭榜领题", "连续三年考核优秀"):
        assert words in text, words


def test_year_book_has_cover_contents_grades_boards_and_bookmarks(site: Path) -> None:
    pdf = site / "pdf" / "year-2025.pdf"
    reader = pypdf.PdfReader(str(pdf))
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == ["年度考核等次", "各期晾晒"]
    periods = [item.title for item in outline[-1] if not isinstance(item, list)]
    assert periods[0] == "2025年度" and "2025年10月" in periods and "2025年第三季度" in periods
    boards = [item.title for group in outline[-1] if isinstance(group, list) for item in group
              if not isinstance(item, list)]
    assert "2025年10月综合考核晾晒表" in boards and any("招商引资专项通报" in title for title in boards)
    cover, contents = text_of(pdf, 1), text_of(pdf, 2)
    assert "2025年度考核结果汇编" in cover
    assert "目录" in contents and "年度考核等次" in contents
    grades = text_of(pdf, 3)
    assert "区发展和改革委员会" in grades and "优秀" in grades
    assert reader.metadata["/Title"] == "2025年度考核结果汇编"


def test_metadata_carries_the_reference_date_not_the_clock(site: Path) -> None:
    meta = pypdf.PdfReader(str(site / "pdf" / "board-2025-10.pdf")).metadata
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20251130"
    assert meta["/Author"] == "中共示例区委组织部"


def test_a_second_build_renders_no_pdf(site: Path) -> None:
    before = {p.name: p.read_bytes() for p in (site / "pdf").iterdir()}
    result = build(DEMO, site, TODAY, jobs=2)
    assert result.pdfs == len(before) and result.pdfs_rendered == 0
    assert not result.written
    assert {p.name: p.read_bytes() for p in (site / "pdf").iterdir()} == before


def test_frozen_years_pdfs_are_their_archived_pdf_a_byte_for_byte(site: Path) -> None:
    for year in (2023, 2024):
        for name in (f"board-{year}.pdf", f"year-{year}.pdf"):
            archived = (DEMO / "archive" / str(year) / "data" / "pdf" / name).read_bytes()
            assert (site / "pdf" / name).read_bytes() == archived, name
            metadata = pypdf.PdfReader(io.BytesIO(archived)).trailer["/Root"]["/Metadata"].get_object().get_data()
            assert b'pdfaid:part="2"' in metadata and b'pdfaid:conformance="U"' in metadata


def test_pdfs_are_byte_identical_from_a_fresh_process(site: Path) -> None:
    """Delete the cached copies of four PDFs and rebuild in a new interpreter (another hash seed, new
    worker processes): the four are rendered again, byte for byte the same."""
    names = ["board-2025-H1.pdf", "unit-xcjd.pdf", "notice-2025-11-yujing.pdf", "board-2025-Q1.pdf"]
    first = {name: (site / "pdf" / name).read_bytes() for name in names}
    cache = cache_folder(site)
    removed = 0
    for entry in cache.glob("*.pdf"):
        if entry.read_bytes() in first.values():
            entry.unlink()
            removed += 1
    assert removed == len(names)
    again = site.parent / "site-again"
    env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(DEMO), "-o", str(again), "--today", TODAY.isoformat(),
         "--jobs", "2"], capture_output=True, text=True, env=env, cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr
    assert f"本次生成 {len(names)} 个" in result.stdout
    for name in names:
        assert hashlib.sha256((again / "pdf" / name).read_bytes()).hexdigest() == \
            hashlib.sha256(first[name]).hexdigest(), name
    shutil.rmtree(again)


# -- without the demo build: options, fonts, errors ------------------------------------------------

@pytest.fixture(scope="module")
def documents() -> tuple[PdfDocuments, object]:
    content, outcome = check(DEMO, date(2026, 1, 6))  # the day after the 公示 notice is issued
    fonts = find_fonts(None, DEMO)
    builder = SiteBuilder(content, outcome)
    return builder, fonts


def render_one(documents: tuple, path: str, **settings: object) -> bytes:
    builder, fonts = documents
    content = builder.content
    env = environment(content.root, content.lang)
    pdf_settings = content.config.pdf.model_copy(update=settings)
    jobs = {job.path: job for job in PdfDocuments(builder, env, pdf_settings, fonts).jobs()}
    css = stylesheet(env, pdf_settings, fonts, content.lang)
    job = jobs[path]
    return engine.render_pdf(job.parts, "0" * 32, css, None, job.max_pages, job.fallbacks)


def test_paper_and_orientation_come_from_site_toml(documents: tuple, tmp_path: Path) -> None:
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(render_one(documents, "pdf/board-2025-H1.pdf", paper="A4", orientation="portrait"))
    page = pypdf.PdfReader(str(pdf)).pages[0]
    assert (round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)) == (210, 297)


def test_gongwen_notice_follows_gb_t_9704(documents: tuple, tmp_path: Path) -> None:
    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(render_one(documents, "pdf/notice-2026-01-gongshi.pdf", gongwen=True))
    reader = pypdf.PdfReader(str(pdf))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)) == (210, 297)
    text = text_of(pdf)
    assert "示例区2025年度考核优秀等次拟定名单公示" in text
    assert "—1—" in text  # 公文 page numbers
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    left = min(float(x) for x in re.findall(r'xMin="([\d.]+)"', bbox))
    assert abs(left - 28 * MM) < 1.5 * MM  # 订口 28 mm
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Serif" in fonts  # 仿宋 / 小标宋 fall back to Noto Serif CJK SC when not installed


def test_a_font_file_named_in_site_toml_is_embedded(documents: tuple, tmp_path: Path) -> None:
    builder, fonts = documents
    sans_file = next(f for f in fonts.sans.files if "Regular" in f or "Bold" not in f)
    custom = find_fonts(sans_file, DEMO)
    assert custom.custom_file == str(Path(sans_file).resolve())
    pdf = tmp_path / "u.pdf"
    pdf.write_bytes(render_one((builder, custom), "pdf/unit-qwb.pdf"))
    assert "区委办公室" in text_of(pdf)
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in listing.splitlines()[2:])


def test_a_missing_font_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(EnvironmentProblem) as error:
        find_fonts("fonts/nope.ttf", tmp_path)
    assert "pdf.font" in str(error.value) and "fonts-noto-cjk" in str(error.value)
    import generator.fonts as fonts_module

    monkeypatch.setattr(fonts_module, "_fc_list", lambda pattern: [])  # a machine without any CJK font
    with pytest.raises(EnvironmentProblem) as error:
        find_fonts(None, tmp_path)
    assert "fonts-noto-cjk" in str(error.value) and "pdf.font" in str(error.value)


def test_build_stops_on_a_missing_font_file_and_writes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    toml = content / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'font = "fonts/missing.otf"\n', encoding="utf-8")
    site = tmp_path / "site"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(content), "-o", str(site),
                             "--today", "2025-11-30"], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1
    assert "pdf.font" in result.stderr and "fonts-noto-cjk" in result.stderr
    assert not site.exists()


def test_no_pdf_builds_none_and_links_none(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build(DEMO, site, TODAY, pdf=False)
    assert result.pdfs == 0
    assert not (site / "pdf").exists()
    assert "pdf/" not in (site / "periods" / "2025-10" / "index.html").read_text(encoding="utf-8")
    assert not cache_folder(site).exists()


def test_doctor_reports_fonts_engine_and_subsetting() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-m", "generator", "doctor", str(DEMO)], capture_output=True,
                            text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for words in ("WeasyPrint", "HarfBuzz", "Noto Sans CJK SC", "Pagefind", "Python"):
        assert words in result.stdout, words


def test_a_frozen_years_pdfs_can_be_made_archival(documents: tuple) -> None:
    builder, fonts = documents
    files = archival_pdfs(builder, fonts, 2023, workers=2)
    assert set(files) == {"pdf/board-2023.pdf", "pdf/year-2023.pdf"}
    for data in files.values():
        assert b'pdfaid:part="2"' in pypdf.PdfReader(io.BytesIO(data)).xmp_metadata.stream.get_data()
