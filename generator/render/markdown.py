"""Notices: Markdown to HTML, then sanitised, since a notice is text from a file nobody reviewed as code. The
parser and what the sanitiser keeps are in generator/markup.py (the data checks read them too)."""

from __future__ import annotations

from functools import lru_cache

import nh3

from ..markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, bounded, parser, relative_only


@lru_cache(maxsize=32)  # a notice's body is rendered for its page, its PDF and the search records: once
def render_markdown(text: str) -> str:
    html = parser().render(bounded(text))
    # Relative links, and in <a href> only http, https and mail links; nothing that loads by itself.
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        attribute_filter=relative_only,
    )
