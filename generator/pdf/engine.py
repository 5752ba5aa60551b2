"""WeasyPrint, as run in each worker process: one FontConfiguration and one parsed stylesheet per
process (set up by `start_worker`, the pool's initializer), then `render_pdf` per job.

Output is deterministic: no creation time (the documents carry the reference date as dcterms.created),
the PDF /ID is the job's cache key, and nothing is fetched from the network.
"""

from __future__ import annotations

import atexit
import logging
from typing import Any

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
    )


MIN_FILL = 0.15  # a last page filled less than this is worth trying a tighter layout for


def render_pdf(parts: tuple[str, ...], identifier: str, css_text: str | None = None,
               variant: str | None = None, max_pages: int | None = None, fallbacks: tuple[str, ...] = ()) -> bytes:
    """Render HTML documents and join their pages into one PDF. A document that has more than
    `max_pages` pages, or a nearly empty last page, is tried again with each class of `fallbacks` added
    to its <body> (tighter layouts); the first that fits is kept, else the one with the fewest pages.
    `css_text` (re)starts the worker state when this process has none yet or another stylesheet
    (rendering in-process). `variant`: e.g. ARCHIVAL for the PDFs of a frozen year."""
    if css_text is not None and _STATE.get("css_text") != css_text:
        start_worker(css_text)
    documents = [_best_layout(part, fallbacks, max_pages) for part in parts]
    document = documents[0]
    if len(documents) > 1:
        document = document.copy([page for doc in documents for page in doc.pages])
    options = dict(OPTIONS, pdf_variant=variant) if variant else OPTIONS
    data: bytes = document.write_pdf(pdf_identifier=identifier.encode("ascii"), **options)
    return data


def _best_layout(html: str, fallbacks: tuple[str, ...], max_pages: int | None) -> Any:
    from weasyprint import HTML

    best = None
    for extra in ("", *fallbacks):
        source = html.replace('<body class="', f'<body class="{extra} ', 1) if extra else html
        document = HTML(string=source, base_url="file:///", url_fetcher=_STATE["fetcher"]).render(
            font_config=_STATE["font_config"], stylesheets=_STATE["stylesheets"])
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
