"""The print stylesheet: fonts and paper from site.toml, then templates/pdf/print.css."""

from __future__ import annotations

import re

from jinja2 import Environment

from ..fonts import Fonts
from ..i18n import Translator
from ..model.config import PdfSection

# Named pages (print.css) that print "第 X 页 共 Y 页" at the foot.
NUMBERED_PAGES = ("board", "card", "notice", "book", "wide")
# The numbered pages of a year book. Rendered in sections, a book has its numbers stamped on after the join
# (join.py): its sections are rendered with UNNUMBERED, a stylesheet after the print stylesheet that takes
# their footer away, so that no section depends on the page it starts on.
BOOK_PAGES = ("book", "wide")
UNNUMBERED = "".join(f"@page {name} {{ @bottom-center {{ content: none; }} }}\n" for name in BOOK_PAGES)


def page_of_content(tr: Translator) -> str:
    """The CSS `content` value of the page footer, in the site's language."""
    words = tr("第 {page} 页 共 {pages} 页", page="\x00page\x00", pages="\x00pages\x00")
    pieces = []
    for index, piece in enumerate(words.split("\x00")):
        if index % 2:
            pieces.append(f"counter({piece})")
        elif piece:
            pieces.append('"' + piece.replace('"', '\\"') + '"')
    return " ".join(pieces)


def card_fit_css() -> str:
    """The report card's tighter layouts (documents.CARD_FITS): body class fit-n shows the first k rows of
    each list (rows carry classes n1, n2, …), its own "n more" line, and a lower chart."""
    from .documents import CARD_FITS

    lines = []
    for level, fit in enumerate(CARD_FITS, 1):
        scope = f".fit-{level}" if level > 1 else ".doc-card"
        lines.append(f"{scope} .chart-box {{ height: {fit['chart_mm']}mm; }}")
        loosest = CARD_FITS[0]
        for key, shown in fit.items():
            if key == "chart_mm":
                continue
            hidden = [f"{scope} .list-{key} .n{n}" for n in range(shown + 1, loosest[key] + 1)]
            if hidden:
                lines.append(", ".join(hidden) + " { display: none; }")
        others = [f"{scope} .more-{other}" for other in range(1, len(CARD_FITS) + 1) if other != level]
        lines.append(", ".join(others) + " { display: none; }")
        lines.append(f"{scope} .more-{level} {{ display: block; }}")
    return "\n".join(lines) + "\n"


def css_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_css(settings: PdfSection, fonts: Fonts, tr: Translator) -> str:
    lines = [fonts.css(), card_fit_css()]
    lines.append(f"@page board {{ size: {settings.paper} {settings.orientation}; }}")
    # The running title of a board's later pages says that the table continues.
    lines.append(f".sheet-title {{ string-set: title content(text) {css_text(tr('（续）'))}; }}")
    footer = page_of_content(tr)
    for name in NUMBERED_PAGES:
        lines.append(f"@page {name} {{ @bottom-center {{ content: {footer}; }} }}")
    return "\n".join(lines) + "\n"


_ROOT_BLOCK = re.compile(r":root\s*\{([^}]*)\}")
_CUSTOM = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*\)")


def inline_custom_properties(css: str) -> str:
    """Replace `var(--x)` by the value `:root` gives `--x`. The stylesheet stays readable, and WeasyPrint
    need not resolve variables for each of the thousands of table cells of a year book."""
    values: dict[str, str] = {}
    for block in _ROOT_BLOCK.findall(css):
        for name, value in _CUSTOM.findall(block):
            values[name] = value.strip()
    for _ in range(3):  # values may refer to other variables
        css = _VAR.sub(lambda m: values.get(m.group(1), m.group(0)), css)
    return css


def stylesheet(env: Environment, settings: PdfSection, fonts: Fonts, tr: Translator) -> str:
    """The whole print stylesheet as one string (parsed once per worker; part of every PDF's cache key)."""
    assert env.loader is not None
    print_css, _, _ = env.loader.get_source(env, "pdf/print.css")
    return inline_custom_properties(print_css + settings_css(settings, fonts, tr))
