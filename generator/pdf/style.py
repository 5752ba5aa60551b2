"""The print stylesheet: fonts and paper from site.toml, then templates/pdf/print.css."""

from __future__ import annotations

from jinja2 import Environment

from ..config import PdfSection
from ..fonts import Fonts
from .texts import pdf_translator

# Named pages (print.css) that print "第 X 页 共 Y 页" at the foot.
NUMBERED_PAGES = ("board", "card", "notice", "book", "wide")


def page_of_content(lang: str) -> str:
    """The CSS `content` value of the page footer, in the site's language."""
    words = pdf_translator(lang)("page_of", page="\x00page\x00", pages="\x00pages\x00")
    pieces = []
    for index, piece in enumerate(words.split("\x00")):
        if index % 2:
            pieces.append(f"counter({piece})")
        elif piece:
            pieces.append('"' + piece.replace('"', '\\"') + '"')
    return " ".join(pieces)


def settings_css(settings: PdfSection, fonts: Fonts, lang: str) -> str:
    lines = [fonts.css()]
    lines.append(f"@page board {{ size: {settings.paper} {settings.orientation}; }}")
    footer = page_of_content(lang)
    for name in NUMBERED_PAGES:
        lines.append(f"@page {name} {{ @bottom-center {{ content: {footer}; }} }}")
    return "\n".join(lines) + "\n"


def stylesheet(env: Environment, settings: PdfSection, fonts: Fonts, lang: str) -> str:
    """The whole print stylesheet as one string (parsed once per worker; part of every PDF's cache key)."""
    assert env.loader is not None
    print_css, _, _ = env.loader.get_source(env, "pdf/print.css")
    return settings_css(settings, fonts, lang) + print_css
