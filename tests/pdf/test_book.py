"""The year book made in sections (documents.BookPlan, render._Book, join.py): each period's boards a PDF of their
own, cached on its own; the front (cover, contents, grades) once every board's page is known; the page numbers
stamped over the joined pages. Read back with pdftotext, pdftoppm, pdffonts and pypdf, and held against the same
book rendered whole, as one WeasyPrint document (as a frozen year's is). One small project with four periods is
built once for the module; the edits start from copies of its cache."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypdf
import pytest

from generator.build import BuildResult, build, check
from generator.i18n import Translator
from generator.pdf import book_fonts, engine, join
from generator.pdf.documents import BookPlan
from generator.pdf.render import _Renderer, document_id
from tests.pdf.helpers import font_programs, fonts_of, size_mm, text_of
from tests.support import REPO, RESULTS_2025, SITE_TOML, make_content

TODAY = date(2025, 11, 30)
ZH = Translator("zh-CN")
BOOK = "year-2025.pdf"

TOML = SITE_TOML + """
[grades]
scale = ["优秀", "良好", "一般"]
bands = [{ grade = "优秀", min = 90 }, { grade = "良好", min = 80 }, { grade = "一般" }]

[boards.zhaoshang]
title = "招商引资专项通报"
indicators = ["zs"]
"""
ZHAOSHANG = "单位,招商引资\n甲局,800\n乙局,600\n丙局,400\n东镇,1000\n西镇,500\n"
STANDINGS = "indicator,rank,out_of,responsible,note\ndj,1,10,a,\nzs,10,10,b、x,较上期后移\naq,5,10,c,\n"
FEBRUARY = RESULTS_2025.replace("丙局,70,400,2,,", "丙局,75,450,1,,")
FILES: dict[str, str | bytes] = {
    "site.toml": TOML, "results/2025--zhaoshang.csv": ZHAOSHANG, "results/2025-01.csv": RESULTS_2025,
    "results/2025-02.csv": FEBRUARY, "standings/2025-H1.csv": STANDINGS}

# The book, page by page (1-based), worked out from the files: the cover, the contents (12 lines fit one A4
# page), the grades (5 units: one page); then one page per board, each period's boards in a section of their
# own: the year 2025 first (its main board, then the themed one), then the periods in order.
PAGES = 8
OUTLINE = [  # (depth, title, page)
    (0, "年度考核等次", 3),
    (0, "各期晾晒", 4),
    (1, "2025年度", 4),
    (2, "2025年度综合考核晾晒表", 4),
    (2, "2025年度招商引资专项通报", 5),
    (1, "2025年1月", 6),
    (2, "2025年1月综合考核晾晒表", 6),
    (1, "2025年2月", 7),
    (2, "2025年2月综合考核晾晒表", 7),
    (1, "2025年上半年", 8),
    (2, "2025年上半年全市高质量发展指标晾晒表", 8),
]


@dataclass(frozen=True)
class Built:
    content: Path
    site: Path
    cache: Path
    result: BuildResult


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("book")
    content = make_content(root / "content", FILES)
    result = build(content, root / "site", TODAY, jobs=1, cache_dir=root / "cache")
    return Built(content, root / "site", root / "cache", result)


@pytest.fixture(scope="module")
def whole(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same book rendered whole, as one document, numbered by WeasyPrint itself (documents.year_job)."""
    content, outcome = check(built.content, TODAY)
    renderer = _Renderer(content, outcome, ZH, "test")
    job = next(spec for spec in renderer.documents.specs() if spec.path == f"pdf/{BOOK}").make()
    path = tmp_path_factory.mktemp("whole") / BOOK
    path.write_bytes(engine.render_pdf(job.parts, document_id(job, renderer.css), renderer.css))
    return path


def words(pdf: Path, page: int) -> list[tuple[str, tuple[float, ...]]]:
    """Every word pdftotext finds on a page (1-based) with its box (xMin, yMin, xMax, yMax; top-left origin)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)
    return [(text, tuple(round(float(v), 2) for v in box)) for *box, text in found]


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    reader = pypdf.PdfReader(str(pdf))
    items: list[tuple[int, str, int]] = []

    def walk(entries: list[object], depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                page = reader.get_destination_page_number(entry)  # type: ignore[arg-type]
                items.append((depth, entry.title, page + 1))  # type: ignore[attr-defined]

    walk(reader.outline, 0)
    return items


def contents_links(pdf: Path) -> list[tuple[str, int, int]]:
    """(the words under each link of the contents page, the number they end with, the page the link leads to).
    WeasyPrint writes a link as one annotation per piece of its line (the title, the leader, the number)."""
    reader = pypdf.PdfReader(str(pdf))
    height = float(reader.pages[1].mediabox.height)
    boxes: dict[tuple[str, float], list[float]] = {}
    for annotation in reader.pages[1].get("/Annots", []):
        link = annotation.get_object()
        x0, y0, x1, y1 = (float(v) for v in link["/Rect"])
        top, bottom = height - max(y0, y1), height - min(y0, y1)  # pdftotext's origin is the top left
        box = boxes.setdefault((str(link["/Dest"]), round(top, 1)), [min(x0, x1), top, max(x0, x1), bottom])
        box[0], box[2] = min(box[0], x0, x1), max(box[2], x0, x1)
    page_words = words(pdf, 2)
    found = []
    for (name, _), (left, top, right, bottom) in sorted(boxes.items(), key=lambda item: item[0][1]):
        inside = "".join(text for text, (x0, y0, x1, y1) in page_words
                         if left <= (x0 + x1) / 2 <= right and top <= (y0 + y1) / 2 <= bottom)
        match = re.fullmatch(r"(.+?)·+(\d+)", inside)
        assert match, inside
        target = reader.get_destination_page_number(reader.named_destinations[name]) + 1
        found.append((match.group(1), int(match.group(2)), target))
    return found


def test_the_book_has_the_pages_worked_out_by_hand(built: Built) -> None:
    pdf = built.site / "pdf" / BOOK
    assert len(pypdf.PdfReader(str(pdf)).pages) == PAGES
    # The cover, contents and grades A4 portrait (print.css @page cover, book); the boards A4 landscape (wide).
    assert [size_mm(pdf, n) for n in range(PAGES)] == [(210, 297)] * 3 + [(297, 210)] * 5
    assert outline(pdf) == OUTLINE
    # Every page but the cover carries its number, as one document's footer would.
    assert "页共" not in text_of(pdf, 1)
    for number in range(2, PAGES + 1):
        text = text_of(pdf, number)
        assert f"第{number}页共{PAGES}页" in text and text.count("页共") == 1, number


def test_the_joined_book_is_the_whole_book_word_for_word_and_pixel_for_pixel(built: Built, whole: Path,
                                                                           tmp_path: Path) -> None:
    joined = built.site / "pdf" / BOOK
    assert len(pypdf.PdfReader(str(whole)).pages) == PAGES
    for page in range(1, PAGES + 1):
        # The same words in the same places: the stamped numbers sit where WeasyPrint put its footer.
        assert words(joined, page) == words(whole, page), page
        assert size_mm(joined, page - 1) == size_mm(whole, page - 1)
    for name, pdf in (("joined", joined), ("whole", whole)):
        subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(tmp_path / name)], check=True)
    images = sorted(tmp_path.glob("joined-*.pgm"))
    assert len(images) == PAGES
    for image in images:  # the same glyphs: every font merged from the sections' subsets draws what it should
        assert image.read_bytes() == (tmp_path / image.name.replace("joined", "whole")).read_bytes(), image.name
    assert outline(joined) == outline(whole)
    ours, theirs = pypdf.PdfReader(str(joined)), pypdf.PdfReader(str(whole))
    assert ours.metadata == theirs.metadata
    assert ours.metadata["/CreationDate"] == "D:20251130"  # the reference date, not the clock
    assert ours.trailer["/Root"]["/Lang"] == theirs.trailer["/Root"]["/Lang"] == "zh-CN"


def test_every_contents_line_links_to_the_page_it_prints(built: Built, whole: Path) -> None:
    links = contents_links(built.site / "pdf" / BOOK)
    titles = [title for _, title, _ in OUTLINE]
    # One line per outline entry except the period labels (2025年度, 2025年1月 … are no lines of the contents).
    assert [title for title, _, _ in links] == [t for t in titles if not re.fullmatch(r"2025年(度|\d+月|上半年)", t)]
    for title, printed, target in links:
        assert printed == target, title
        assert printed == dict((t, p) for _, t, p in OUTLINE)[title]
    assert links == contents_links(whole)


def test_each_font_is_embedded_once_and_the_book_is_not_much_larger(built: Built, whole: Path) -> None:
    ours, theirs = fonts_of(built.site / "pdf" / BOOK), fonts_of(whole)
    assert sorted(row[0] for row in ours) == sorted(row[0] for row in theirs)
    assert len({row[0] for row in ours}) == len(ours)  # no font twice (a section's subset, the numbers')
    # The joined file has no object streams, and one content stream more per page: a little larger.
    assert (built.site / "pdf" / BOOK).stat().st_size < 1.2 * whole.stat().st_size


def test_the_cache_holds_each_section_and_the_books_list_of_them(built: Built) -> None:
    cache = built.cache / "pdf"
    book_key = next(p.stem for p in cache.glob("*.parts"))
    assert (cache / f"{book_key}.pdf").read_bytes() == (built.site / "pdf" / BOOK).read_bytes()
    parts = (cache / f"{book_key}.parts").read_text(encoding="ascii").split()
    # Four sections (2025, 2025-01, 2025-02, 2025-H1), the front and the page numbers; then the fonts merged
    # from their subsets (book_fonts.FontStore), at most one per font (3: sans, sans bold, the titles' serif bold).
    assert all((cache / f"{key}.pdf").is_file() for key in parts[:6])
    fonts = [cache / f"{key}.font" for key in parts[6:]]
    assert 1 <= len(fonts) <= 3 and all(font.read_bytes().startswith(b"OTTO") for font in fonts)
    sections = [pypdf.PdfReader(str(cache / f"{key}.pdf")) for key in parts[:4]]
    assert [len(reader.pages) for reader in sections] == [2, 1, 1, 1]
    # Beside each section and the front its layout, as the join reads it (join.anchor_pages): what the book's
    # contents and page numbers are worked out from, without this process reading a PDF; the page numbers,
    # whose layout nothing reads, have none.
    for key in parts[:5]:
        kept = json.loads((cache / f"{key}.layout").read_text(encoding="utf-8"))
        assert (kept["pages"], kept["anchors"]) == join.anchor_pages((cache / f"{key}.pdf").read_bytes())
    assert not (cache / f"{parts[5]}.layout").exists()
    assert json.loads((cache / f"{parts[1]}.layout").read_text(encoding="utf-8"))["anchors"] == {"b-2025-01-main": 0}
    first = cache / f"{parts[0]}.pdf"
    assert "第1页" not in text_of(first)  # a section has no footer: its pages do not know their numbers
    assert text_of(first, 1).startswith("2025年度考核结果汇编2025年度各期晾晒2025年度")  # running title, kicker
    # 10 PDFs of the site (4 boards: 2025, 2025-01, 2025-02, 2025-H1; 5 cards; the book) and the 6 parts.
    assert len(list(cache.glob("*.pdf"))) == 10 + 6
    assert (built.result.pdfs, built.result.pdfs_rendered) == (10, 10)


# -- edits ------------------------------------------------------------------------------------------------

def cache_copy(built: Built, root: Path) -> tuple[Path, Path]:
    content, cache = root / "content", root / "cache"
    shutil.copytree(built.content, content)
    shutil.copytree(built.cache, cache)
    return content, cache


def entries(cache: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (cache / "pdf").iterdir()}


@dataclass(frozen=True)
class Edited:
    content: Path
    site: Path
    made: dict[str, bytes]  # cache entries the edit build wrote
    progress: list[tuple[int, int]]
    result: BuildResult


@pytest.fixture(scope="module")
def edited(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Edited:
    """One value of February (the last month: a month's board shows the change from the one before, so an edit
    to an earlier month changes the next one's too) changed, built from a copy of the module's cache, after a
    build that changed nothing (which keeps the book's sections in the cache, through the book's list)."""
    root = tmp_path_factory.mktemp("edited")
    content, cache = cache_copy(built, root)
    same = build(content, root / "same", TODAY, jobs=1, cache_dir=cache)
    assert same.pdfs_rendered == 0
    before = entries(cache)
    assert before == entries(built.cache)
    # 甲局's 党建工作 in February 90 → 94: 60 + 40 × 34/40 = 94 (efficacy), its 业务工作 stays (2 × 90 + 90) / 3
    # = 90, so 0.5 × 94 + 0.5 × 90 = 92.00, first of 部门 still.
    make_content(content, {**FILES, "results/2025-02.csv": FEBRUARY.replace("甲局,90,", "甲局,94,")})
    progress: list[tuple[int, int]] = []
    site = root / "site"
    result = build(content, site, TODAY, jobs=1, cache_dir=cache, progress=lambda done, total: progress.append((done, total)))
    after = entries(cache)
    return Edited(content, site, {name: data for name, data in after.items() if name not in before}, progress, result)


def test_an_edit_to_one_month_renders_that_months_section_and_no_other(edited: Edited) -> None:
    pdf = edited.site / "pdf"
    made = dict(edited.made)
    # February's board, 甲局's card and the book (joined again, with its list of parts) are new files of the
    # site; besides them exactly one PDF was rendered: February's section of the book. Not the other three
    # sections, not the front (its grades come from the year's board, and no page moved), not the numbers; and
    # no font was merged anew (92.00 brings no new glyph: the subsets are those of before, book_fonts.FontStore).
    for name in ("board-2025-02.pdf", "unit-a.pdf", BOOK):
        key = next(key for key, data in made.items() if data == (pdf / name).read_bytes())
        del made[key]
        if name == BOOK:
            assert made.pop(key.replace(".pdf", ".parts"))
    # The section is kept with its layout, read by the worker that rendered it: one page, February's main
    # board on it (the anchor of the contents' line).
    layout = next(name for name in made if name.endswith(".layout"))
    assert json.loads(made.pop(layout)) == {"anchors": {"b-2025-02-main": 0}, "pages": 1}
    assert list(made) == [layout.replace(".layout", ".pdf")]
    section = next(iter(made.values()))
    assert len(pypdf.PdfReader(io.BytesIO(section)).pages) == 1 and size_mm(section) == (297, 210)
    path = edited.site.parent / "section.pdf"
    path.write_bytes(section)
    text = text_of(path)
    assert "2025年2月综合考核晾晒表" in text and "1甲局92.00●绿" in text and "页共" not in text
    assert "1甲局92.00●绿" in text_of(pdf / BOOK, 7) and "第7页共8页" in text_of(pdf / BOOK, 7)
    # Told before the first and after each: the board, the card, the section, then the book once joined.
    assert edited.progress == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert edited.result.pdfs_rendered == 3


def test_a_clean_build_in_another_process_gives_the_same_bytes(edited: Edited, tmp_path: Path) -> None:
    """The edited project built from nothing, in a new interpreter (another hash seed) with two worker
    processes: every PDF byte for byte the incremental build's, the book included."""
    env = {**os.environ, "PYTHONHASHSEED": "4321", "LANG": "C.UTF-8"}
    env.pop("SOURCE_DATE_EPOCH", None)
    out = subprocess.run([sys.executable, "-m", "generator", "build", str(edited.content), "-o", str(tmp_path / "site"),
                          "--cache", str(tmp_path / "cache"), "--today", TODAY.isoformat(), "--jobs", "2"],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "PDF 10 个：本次生成 10 个，0 个未变（取自缓存）。"
    ours = {p.name: p.read_bytes() for p in (edited.site / "pdf").iterdir()}
    theirs = {p.name: p.read_bytes() for p in (tmp_path / "site" / "pdf").iterdir()}
    assert ours.keys() == theirs.keys() and BOOK in ours
    for name in ours:
        assert ours[name] == theirs[name], name


def test_a_second_clean_build_gives_the_same_book(built: Built, tmp_path: Path) -> None:
    again = build(built.content, tmp_path / "site", TODAY, jobs=2, cache_dir=tmp_path / "cache")  # workers, this time
    assert again.pdfs_rendered == 10
    assert (tmp_path / "site" / "pdf" / BOOK).read_bytes() == (built.site / "pdf" / BOOK).read_bytes()


def test_parts_kept_without_their_layout_are_read_again(built: Built, tmp_path: Path) -> None:
    # A cache written before layouts were kept (or with one damaged): the parts are served from it as they are,
    # their layouts read from the PDFs here and kept, and the book is the same; nothing is rendered but the
    # join, whose result was removed to force it.
    content, cache = cache_copy(built, tmp_path)
    folder = cache / "pdf"
    layouts = sorted(folder.glob("*.layout"))
    assert len(layouts) == 5  # the sections' and the front's
    for path in layouts[:3]:
        path.unlink()
    layouts[3].write_text('{"pages": 1, "anchors": {"b-x": 5}}', encoding="utf-8")  # a page it does not have
    book_key = next(p.stem for p in folder.glob("*.parts"))
    (folder / f"{book_key}.pdf").unlink()
    again = build(content, tmp_path / "site", TODAY, jobs=1, cache_dir=cache)
    assert again.pdfs_rendered == 1
    assert (tmp_path / "site" / "pdf" / BOOK).read_bytes() == (built.site / "pdf" / BOOK).read_bytes()
    assert sorted(folder.glob("*.layout")) == layouts
    assert json.loads(layouts[3].read_text(encoding="utf-8"))["anchors"] != {"b-x": 5}


def test_a_section_that_grows_moves_the_numbers_of_the_later_pages(built: Built, tmp_path: Path) -> None:
    """February gains a themed board: its section has two pages, the book nine. The front is made again (its
    numbers move), and so are the page numbers; the other sections come from the cache."""
    content, cache = cache_copy(built, tmp_path)
    before = entries(cache)
    make_content(content, {**FILES, "results/2025-02--zhaoshang.csv": ZHAOSHANG})
    site = tmp_path / "site"
    build(content, site, TODAY, jobs=1, cache_dir=cache)
    in_site = {path.read_bytes() for path in (site / "pdf").iterdir()}
    made = [data for name, data in entries(cache).items() if name not in before and name.endswith(".pdf")]
    # Besides the site's new files (February's board, the book, and the cards, which list the themed board's
    # results too), three PDFs: February's section, the front and the numbers; no other section.
    steps = sorted((len(pypdf.PdfReader(io.BytesIO(data)).pages), size_mm(data)) for data in made if data not in in_site)
    assert steps == [(2, (297, 210)), (3, (210, 297)), (PAGES + 1, (210, 297))]
    pdf = site / "pdf" / BOOK
    assert len(pypdf.PdfReader(str(pdf)).pages) == PAGES + 1
    links = {title: (printed, target) for title, printed, target in contents_links(pdf)}
    assert links["2025年2月招商引资专项通报"] == (8, 8)
    assert links["2025年上半年全市高质量发展指标晾晒表"] == (9, 9)  # was page 8
    assert "第9页共9页" in text_of(pdf, 9) and "第2页共9页" in text_of(pdf, 2)


# -- the steps on their own -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def renderer(built: Built) -> _Renderer:
    content, outcome = check(built.content, TODAY)
    return _Renderer(content, outcome, ZH, "test")


def plan_of(renderer: _Renderer) -> BookPlan:
    spec = next(spec for spec in renderer.documents.specs() if spec.path == f"pdf/{BOOK}")
    assert spec.plan is not None
    return spec.plan()


def test_the_front_is_rendered_again_until_its_numbers_agree_with_its_length(renderer: _Renderer, tmp_path: Path) -> None:
    plan = plan_of(renderer)
    starts = {anchor: 1 + n for n, anchor in enumerate(a for section in plan.sections for a in section.anchors)}
    job = plan.front(starts)
    assert job.front_pages == 2  # a first guess: the cover and 1 + 5 + 1 contents lines on one page
    # Wrong guesses (1 or 3 pages of cover and contents) are rendered again: the same bytes as the right one.
    made = {guess: engine.render_front(job.parts, "0" * 32, renderer.css, job.extra_css, guess) for guess in (1, 2, 3)}
    assert made[1] == made[2] == made[3]
    path = tmp_path / "front.pdf"
    path.write_bytes(made[2])
    # Cover and contents 2 pages, the grades 1: the grades on page 3, the first board on page 3 + 1 = 4.
    assert len(pypdf.PdfReader(str(path)).pages) == 3
    assert "年度考核等次·" in text_of(path, 2) and re.search(r"年度考核等次·+3各期晾晒·+4", text_of(path, 2))


def test_the_join_refuses_page_numbers_of_another_book(built: Built, renderer: _Renderer) -> None:
    cache = built.cache / "pdf"
    parts = (cache / f"{next(p.stem for p in cache.glob('*.parts'))}.parts").read_text(encoding="ascii").split()
    sections = [(cache / f"{key}.pdf").read_bytes() for key in parts[:4]]
    front = (cache / f"{parts[4]}.pdf").read_bytes()
    plan = plan_of(renderer)

    def numbers(names: list[str]) -> bytes:
        job = plan.stamp(names)
        return engine.render_pdf(job.parts, document_id(job, renderer.css), renderer.css)

    levels = (1, 1, 2, 2, 2)
    with pytest.raises(ValueError, match=r"^7 page numbers for 8 pages$"):
        join.join_book([front, *sections], levels, numbers(BookPlan.page_names(3, 4)))
    # Numbers laid out for portrait pages where the boards are landscape would not sit in their footer.
    with pytest.raises(ValueError, match=r"^page 4 is \(841\.\d+, 595\.\d+\), its number was laid out for \(595"):
        join.join_book([front, *sections], levels, numbers(BookPlan.page_names(8, 0)))
    right, merged = join.join_book([front, *sections], levels, numbers(BookPlan.page_names(3, 5)))
    assert right == (built.site / "pdf" / BOOK).read_bytes()
    assert merged == []  # no store given: every font merged anew, none kept


def test_merged_cff_subsets_hold_each_ones_glyphs(built: Built) -> None:
    from fontTools.ttLib import TTFont

    january, half = (built.site / "pdf" / name for name in ("board-2025-01.pdf", "board-2025-H1.pdf"))
    one, two = font_programs(january.read_bytes()), font_programs(half.read_bytes())
    name = next(n for n in one if n.endswith("Noto-Sans-CJK-SC"))
    (first, first_used), (second, second_used) = one[name], two[name]
    assert first_used - second_used and second_used - first_used  # each has glyphs the other lacks
    merged = TTFont(io.BytesIO(book_fonts.merge_programs([first, second], [first_used, second_used]) or b""))
    order = merged.getGlyphOrder()
    for program, used in ((first, first_used), (second, second_used)):
        source = TTFont(io.BytesIO(program))
        for gid in used:
            assert merged["CFF "].cff[0].CharStrings[order[gid]].bytecode == \
                source["CFF "].cff[0].CharStrings[order[gid]].bytecode, gid
    # A subset that adds nothing is not even read: the other is the merge, byte for byte.
    assert book_fonts.merge_programs([first, first], [first_used, set(list(first_used)[:3])]) == first


def test_a_build_with_no_pdf_to_render_stops_its_warm_workers_unused(built: Built, tmp_path: Path) -> None:
    # A page's template changed, no PDF: the workers started before the content was read (they were loading
    # WeasyPrint) are stopped, not waited for, and none is left behind.
    import multiprocessing

    content, cache = cache_copy(built, tmp_path)
    site = tmp_path / "site"
    shutil.copytree(built.site, site)
    (content / "templates").mkdir(exist_ok=True)
    (content / "templates" / "notices.html").write_text(
        (REPO / "templates" / "notices.html").read_text(encoding="utf-8") + "{# edited #}\n", encoding="utf-8")
    start = time.perf_counter()
    result = build(content, site, TODAY, jobs=2, cache_dir=cache)
    assert (result.written, result.pdfs, result.pdfs_rendered) == (True, 10, 0)
    assert time.perf_counter() - start < 8  # a worker waited for would take its 10 s to be given up on
    assert multiprocessing.active_children() == []
