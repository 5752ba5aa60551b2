"""WeasyPrint, as run in each worker process (workers.py): one FontConfiguration and one parsed stylesheet per
process (set up by `start_worker` on the first job with a stylesheet it has not seen), then `render_pdf` per job;
`laid_out` and `joined_book` are what the workers run for a book made in sections.

Output is deterministic: no creation time (the documents carry the reference date as dcterms.created),
the PDF /ID is the job's cache key, and nothing is fetched from the network.
"""

from __future__ import annotations

import atexit
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from .cache import Layout

# Every PDF option is fixed here, and part of the cache key.
OPTIONS: dict[str, Any] = {
    "uncompressed_pdf": False,
    "full_fonts": False,  # subset: only the glyphs used are embedded
    "hinting": False,
    "optimize_images": False,
    "pdf_version": None,
    "pdf_variant": None,
}

ARCHIVAL = "pdf/a-2u"  # PDF/A-2 with Unicode text: the variant of frozen years' PDFs (spec section 6)

_STATE: dict[str, Any] = {}


def start_worker(css_text: str) -> None:
    """Create this process's FontConfiguration and parse the stylesheet once."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = URLFetcher(allowed_protocols={"file", "data"})  # offline: never the network
    font_config = FontConfiguration()
    if not _STATE:
        atexit.register(_STATE.clear)  # free fonts before the interpreter tears WeasyPrint's modules down
    _STATE.update(
        css_text=css_text,
        font_config=font_config,
        fetcher=fetcher,
        stylesheets=[CSS(string=css_text, font_config=font_config, url_fetcher=fetcher)],
        extra={},  # further stylesheets (render_pdf's extra_css), parsed once each
    )


MIN_FILL = 0.15  # a last page filled less than this is worth trying a tighter layout for
# In the first document of a book's front (render_front): the number of a page after the first document
# (C+n: the n-th page after it) or after the whole front (F+n), written as text once their lengths are known.
PAGE_TOKEN = re.compile(r"@@page:([CF])\+(\d+)@@")
SETTLE_TRIES = 4


def render_pdf(parts: tuple[str, ...], identifier: str, css_text: str | None = None,
               variant: str | None = None, max_pages: int | None = None, fallbacks: tuple[str, ...] = (),
               extra_css: str = "") -> bytes:
    """Render HTML documents and join their pages into one PDF. A document that has more than
    `max_pages` pages, or a nearly empty last page, is tried again with each class of `fallbacks` added
    to its <body> (tighter layouts); the first that fits is kept, else the one with the fewest pages.
    `css_text` (re)starts the worker state when this process has none yet or another stylesheet
    (rendering in-process). `variant`: e.g. ARCHIVAL for the PDFs of a frozen year. `extra_css`: a
    stylesheet after the print stylesheet (style.UNNUMBERED for the sections of a book)."""
    sheets = _stylesheets(css_text, extra_css)
    return _write([_best_layout(part, fallbacks, max_pages, sheets) for part in parts], identifier, variant)


def render_front(parts: tuple[str, ...], identifier: str, css_text: str | None = None, extra_css: str = "",
                 guess: int = 1) -> bytes:
    """The front of a book rendered in sections: its first document (cover and contents) carries PAGE_TOKENs,
    which depend on its own length. Assumed to be `guess` pages, it is rendered again with its real length
    until the numbers it prints agree with it (a different number of digits could move a line)."""
    sheets = _stylesheets(css_text, extra_css)
    rest = [_best_layout(part, (), None, sheets) for part in parts[1:]]
    after = sum(len(document.pages) for document in rest)
    own = guess
    for _ in range(SETTLE_TRIES):
        first = _best_layout(_numbered(parts[0], own, after), (), None, sheets)
        if len(first.pages) == own:
            return _write([first, *rest], identifier, None)
        own = len(first.pages)
    raise RuntimeError(f"the contents do not settle on a number of pages (last {own})")


def _numbered(html: str, own: int, after: int) -> str:
    """`html` with its PAGE_TOKENs as numbers, for a first document of `own` pages followed by `after` more."""
    return PAGE_TOKEN.sub(lambda m: str(own + (after if m.group(1) == "F" else 0) + int(m.group(2))), html)


def _stylesheets(css_text: str | None, extra_css: str) -> list[Any]:
    """The print stylesheet (the worker state (re)started for `css_text` when it has another) and `extra_css`."""
    if css_text is not None and _STATE.get("css_text") != css_text:
        start_worker(css_text)
    sheets: list[Any] = _STATE["stylesheets"]
    if not extra_css:
        return sheets
    extra: dict[str, Any] = _STATE["extra"]
    if extra_css not in extra:
        from weasyprint import CSS

        extra[extra_css] = CSS(string=extra_css, font_config=_STATE["font_config"], url_fetcher=_STATE["fetcher"])
    return [*sheets, extra[extra_css]]


def _write(documents: list[Any], identifier: str, variant: str | None) -> bytes:
    document = documents[0]
    if len(documents) > 1:
        document = document.copy([page for doc in documents for page in doc.pages])
    options = dict(OPTIONS, pdf_variant=variant) if variant else OPTIONS
    data: bytes = document.write_pdf(pdf_identifier=identifier.encode("ascii"), **options)
    return data


def _best_layout(html: str, fallbacks: tuple[str, ...], max_pages: int | None, stylesheets: list[Any] | None = None) -> Any:
    from weasyprint import HTML

    best = None
    for extra in ("", *fallbacks):
        source = html.replace('<body class="', f'<body class="{extra} ', 1) if extra else html
        document = HTML(string=source, base_url="file:///", url_fetcher=_STATE["fetcher"]).render(
            font_config=_STATE["font_config"], stylesheets=stylesheets or _STATE["stylesheets"])
        pages = len(document.pages)
        if (max_pages is None or pages <= max_pages) and (pages == 1 or _last_page_fill(document) >= MIN_FILL):
            return document
        if best is None or pages < len(best.pages):
            best = document
    return best


def _last_page_fill(document: Any) -> float:
    """How much of the last page's content area the document's content takes (0–1)."""
    page_box = document.pages[-1]._page_box
    root = next((box for box in page_box.children if box.element_tag == "html"), None)
    if root is None or not page_box.height:
        return 1.0
    return float(root.margin_height() / page_box.height)


def laid_out(render: Callable[..., bytes], *args: Any) -> tuple[bytes, Layout]:
    """`render(*args)` (render_pdf or render_front) and the layout of what it made, its pages and named
    destinations as a book's join reads them: read here, in the worker, not by the process waiting for it."""
    from .join import anchor_pages

    data = render(*args)
    return data, anchor_pages(data)


def joined_book(parts: Sequence[bytes], levels: Sequence[int], numbers: bytes,
                fonts: tuple[str, str] | None) -> tuple[bytes, list[str]]:
    """join.join_book in a worker, with its merged fonts kept in `fonts` (the PDF cache's folder and the salt
    of their keys): pypdf and fontTools are loaded there, never in the process that schedules the PDFs."""
    from .book_fonts import FontStore
    from .join import join_book

    return join_book(parts, levels, numbers, FontStore(*fonts) if fonts else None)
