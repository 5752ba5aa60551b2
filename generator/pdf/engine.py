"""WeasyPrint, as run in each worker process: one FontConfiguration and one parsed stylesheet per
process (set up by `start_worker`, the pool's initializer), then `render_pdf` per job.

Output is deterministic: no creation time (the documents carry the reference date as dcterms.created),
the PDF /ID is the job's cache key, and nothing is fetched from the network.
"""

from __future__ import annotations

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
    _STATE.update(
        css_text=css_text,
        font_config=font_config,
        fetcher=fetcher,
        stylesheets=[CSS(string=css_text, font_config=font_config, url_fetcher=fetcher)],
    )


def render_pdf(parts: tuple[str, ...], identifier: str, css_text: str | None = None) -> bytes:
    """Render HTML documents and join their pages into one PDF. `css_text` (re)starts the worker state
    when this process has none yet, or a different stylesheet (in-process rendering)."""
    if css_text is not None and _STATE.get("css_text") != css_text:
        start_worker(css_text)
    from weasyprint import HTML

    font_config = _STATE["font_config"]
    documents = [
        HTML(string=part, base_url="file:///", url_fetcher=_STATE["fetcher"]).render(
            font_config=font_config, stylesheets=_STATE["stylesheets"])
        for part in parts
    ]
    document = documents[0]
    if len(documents) > 1:
        document = document.copy([page for doc in documents for page in doc.pages])
    return document.write_pdf(pdf_identifier=identifier.encode("ascii"), **OPTIONS)
