"""Notices: Markdown to HTML, then sanitised, since a notice is text from a file nobody reviewed as code."""

from __future__ import annotations

import markdown as markdown_lib
import nh3

_ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup",
    "ul", "ol", "li", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "a", "span", "div",
    "dl", "dt", "dd", "abbr", "mark", "small",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align", "colspan", "rowspan"}, "td": {"align", "colspan", "rowspan"},
                       "abbr": {"title"}}


def _relative_only(tag: str, attribute: str, value: str) -> str | None:
    """A link without a scheme may still leave the site: `//host/…` goes to another host, `/…` to the
    server's root (wrong under a sub-path and from file://). Both are dropped."""
    if attribute == "href" and value.strip().startswith(("/", "\\")):
        return None
    return value


def render_markdown(text: str) -> str:
    html = markdown_lib.markdown(text, extensions=["tables", "sane_lists", "attr_list"], output_format="html")
    # Only relative links and mail links: the site must work on an intranet with no way out.
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=_relative_only,
    )
