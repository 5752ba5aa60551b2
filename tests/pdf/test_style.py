"""The print stylesheet assembled from site.toml and templates/pdf/print.css (style.py)."""

from __future__ import annotations

from pathlib import Path

from generator.fonts import find_fonts
from generator.i18n import Translator
from generator.model.config import PdfSection
from generator.pdf.style import (
    NUMBERED_PAGES,
    card_fit_css,
    css_text,
    inline_custom_properties,
    page_of_content,
    settings_css,
    stylesheet,
)
from generator.render.html import environment

ZH = Translator("zh-CN")


def test_the_page_footer_counts_pages_in_the_sites_language() -> None:
    # "第 {page} 页 共 {pages} 页": the text pieces quoted, the placeholders CSS counters.
    assert page_of_content(ZH) == '"第 " counter(page) " 页 共 " counter(pages) " 页"'


def test_css_text_escapes_quotes_and_backslashes() -> None:
    assert css_text('（续）') == '"（续）"'
    assert css_text('a"b\\c') == '"a\\"b\\\\c"'


def test_settings_css_sets_paper_continuation_title_and_footers(tmp_path: Path) -> None:
    fonts = find_fonts(None, tmp_path)
    css = settings_css(PdfSection(paper="B4", orientation="portrait"), fonts, ZH)
    assert "@page board { size: B4 portrait; }" in css.splitlines()
    # A board's later pages carry its title and "（续）" as their running title (print.css: string(title, first-except)).
    assert '.sheet-title { string-set: title content(text) "（续）"; }' in css.splitlines()
    footer = '"第 " counter(page) " 页 共 " counter(pages) " 页"'
    for name in NUMBERED_PAGES:
        assert f"@page {name} {{ @bottom-center {{ content: {footer}; }} }}" in css.splitlines()
    assert f'  --font-sans: "{fonts.sans.family}";' in css.splitlines()


def test_the_report_cards_tighter_layouts_hide_rows_level_by_level() -> None:
    lines = card_fit_css().splitlines()
    # documents.CARD_FITS: level 1 (the loosest) shows 5 recent results, level 3 shows 3: rows 4 and 5 hidden.
    assert ".doc-card .chart-box { height: 60mm; }" in lines
    assert ".fit-3 .chart-box { height: 34mm; }" in lines
    assert ".fit-3 .list-recent .n4, .fit-3 .list-recent .n5 { display: none; }" in lines
    assert ".fit-2 .list-grades .n4 { display: none; }" in lines  # 4 grades loosest, 3 at level 2
    assert ".fit-2 .more-1, .fit-2 .more-3 { display: none; }" in lines and ".fit-2 .more-2 { display: block; }" in lines


def test_custom_properties_are_inlined_through_chains() -> None:
    css = ":root { --red: #c00; --head: var(--red); --ink: #111; }\nh1 { color: var(--head); border: 1px solid var(--nope); }"
    out = inline_custom_properties(css)
    assert "h1 { color: #c00; border: 1px solid var(--nope); }" in out  # an unknown variable is left as it is


def test_the_whole_stylesheet_has_no_variable_left(tmp_path: Path) -> None:
    env = environment(tmp_path, ZH)
    css = stylesheet(env, PdfSection(), find_fonts(None, tmp_path), ZH)
    body = css.split("}", 1)[1]  # after the :root block that defines them
    assert "var(--" not in body
    assert "@page board { size: A3 landscape; }" in css
