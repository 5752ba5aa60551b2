"""Printing the built pages from Chromium (A4, the page's own @page size, as a reader's "Print" does):
wide boards turn landscape and fit, nothing is cut or scrolls, headings stay with what follows, and no page
holds only the footer. The PDFs are read back with pypdf."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pypdf import PdfReader

from tests.render.chromium import chromium, needs_chromium
from tests.render.conftest import Demo

pytestmark = needs_chromium

A4 = (595, 842)  # points, portrait
PAGES = ("index.html", "periods/2025/index.html", "periods/2025-Q3/index.html", "units/qwb/index.html",
         "indicators/zsyz/index.html", "indicators/index.html", "years/index.html", "years/2024/index.html",
         "notices/index.html", "notices/2025-11-yujing/index.html", "tasks/index.html", "method/index.html",
         "search/index.html")
WIDE = {"periods/2025/index.html", "periods/2025-Q3/index.html", "units/qwb/index.html", "years/2024/index.html",
        "tasks/index.html"}


def text_of(page: Any) -> str:
    """A PDF page's text as a reader sees it: Chromium's fonts map some characters to look-alikes (⽣ for 生,
    Kangxi radicals), which NFKC folds back."""
    return unicodedata.normalize("NFKC", page.extract_text())


LAYOUT = """() => ({
  overflowing: [...document.querySelectorAll('.scroll, .chart-box')]
    .filter(b => getComputedStyle(b).overflowX !== 'visible').length,
  headings: [...document.querySelectorAll('h1, h2, h3')].map(h => getComputedStyle(h).breakAfter),
  sticky: [...document.querySelectorAll('.board td, .board th')]
    .filter(c => getComputedStyle(c).position === 'sticky').length,
})"""


@dataclass(frozen=True)
class Printed:
    pdf: PdfReader
    layout: dict[str, Any]  # what the print layout measures (LAYOUT)
    texts: list[str]  # each PDF page's text


@pytest.fixture(scope="module")
def printed(demo: Demo) -> Iterator[dict[str, Printed]]:
    """Each page as Chromium prints it: the PDF, what its print layout measures, the text of each PDF page."""
    with chromium() as browser:
        page = browser.new_page()
        found = {}
        for path in PAGES:
            page.goto((demo.site / path).as_uri())
            page.emulate_media(media="print")
            layout = page.evaluate(LAYOUT)
            pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
            found[path] = Printed(pdf, layout, [text_of(p) for p in pdf.pages])
            page.emulate_media(media=None)
        yield found


def test_pages_print_on_a4_wide_ones_landscape(printed: dict[str, Printed]) -> None:
    for path, found in printed.items():
        wanted = A4[::-1] if path in WIDE else A4
        for page in found.pdf.pages:  # Chromium rounds 210 × 297 mm to whole points either way
            assert abs(float(page.mediabox.width) - wanted[0]) < 2 and abs(float(page.mediabox.height) - wanted[1]) < 2, path


def test_nothing_scrolls_or_sticks_and_headings_keep_with_what_follows(printed: dict[str, Printed]) -> None:
    for path, found in printed.items():
        assert found.layout["overflowing"] == 0, path  # no scroll box: a printed scrollbar hides the columns behind it
        assert found.layout["sticky"] == 0, path
        assert found.layout["headings"] and set(found.layout["headings"]) == {"avoid"}, path


def test_a_wide_board_prints_whole(printed: dict[str, Printed]) -> None:
    # The 2025 annual board: 15 indicators, bonus, penalty and notes. Every column's header is on its first
    # page, and the notes of the last column are printed: the table is not cut at the page's right edge (as it
    # was from 安全生产事故数 on, in portrait).
    texts = printed["periods/2025/index.html"].texts
    first = texts[0].replace("\n", "")
    for head in ("名次", "综合得分", "档次", "安全生产", "依法行政", "乡村振兴", "加分", "扣分", "备注"):
        assert head in first, head
    text = "".join(texts).replace("\n", "")
    # results/2025.csv: jtj's note and yjj's bonus note are in the last columns.
    assert "发生一般生产安全责任事故" in text and "安全生产工作获市级表彰" in text
    assert len(texts) >= 2  # 60 rows do not fit one page: the header repeats (checked above on page 1 only)
    assert all("综合得分" in t for t in texts), [t[:200] for t in texts if "综合得分" not in t]


def test_no_page_holds_only_the_footer(printed: dict[str, Printed]) -> None:
    for path, found in printed.items():
        for number, text in enumerate(found.texts, 1):
            lines = [line for line in text.splitlines() if line.strip()]
            footer_only = all("gongshi" in line or "异议反映" in line or "统计截" in line for line in lines)
            assert lines and not footer_only, (path, number, lines)


def test_tiers_print_with_their_label_and_shape(printed: dict[str, Printed]) -> None:
    # Background colours may not print: each tier cell still says its shape and label.
    text = printed["periods/2025/index.html"].texts[0]
    assert "● 绿" in text or "●绿" in text
