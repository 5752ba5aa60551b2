"""generator/pdf/book_fonts.py: the subsets of one font in a book's parts merged into one program that holds
each part's glyphs under their ids (CFF for the CJK fonts: tests/pdf/test_book.py, on the boards of a real
build; TrueType here), and merges kept between builds."""

from __future__ import annotations

import io
from pathlib import Path

from generator.pdf import book_fonts
from tests.pdf.helpers import font_programs


def test_merged_truetype_subsets_hold_each_ones_glyphs(tmp_path: Path) -> None:
    """A TrueType font (pdf.font may name one): two documents in DejaVu Sans, each with letters the other lacks.
    The first reaches the highest glyph id (Ж): the base, into which the second's glyphs are copied, among them
    the composites Ä and ñ (A and ¨, n and ˜), whose components the first lacks."""
    from fontTools.ttLib import TTFont
    from weasyprint import HTML

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    style = f"<style>@font-face {{ font-family: T; src: url({font.as_uri()}); }} body {{ font-family: T; }}</style>"
    pdfs = [HTML(string=f"{style}<p>{text}</p>").write_pdf() for text in ("abc Ж", "xyz Äñ")]
    (first, first_used), (second, second_used) = (next(iter(font_programs(pdf).values())) for pdf in pdfs)
    assert max(first_used) > max(second_used) and second_used - first_used
    merged = TTFont(io.BytesIO(book_fonts.merge_programs([first, second], [first_used, second_used]) or b""))
    order = merged.getGlyphOrder()
    for gid in first_used | second_used:
        if gid != 3:  # the space has no outline
            assert merged["glyf"][order[gid]].numberOfContours != 0, gid
    composites = [merged["glyf"][order[gid]] for gid in second_used if merged["glyf"][order[gid]].isComposite()]
    assert len(composites) == 2
    for glyph in composites:
        assert all(merged["glyf"][c.glyphName].numberOfContours > 0 for c in glyph.components)
    source = TTFont(io.BytesIO(second))
    for gid in second_used:  # the same outline, point for point
        assert merged["glyf"][order[gid]].getCoordinates(merged["glyf"])[0] == \
            source["glyf"][source.getGlyphOrder()[gid]].getCoordinates(source["glyf"])[0]
    # Kept between builds: the same subsets give the kept merge, under one key; a damaged entry is merged again.
    # The store is given the font files as stream objects (keyed as stored, compressed).
    store = book_fonts.FontStore(str(tmp_path), "salt")
    keys: list[str] = []
    files = [book_fonts.stream(first), book_fonts.stream(second)]
    made = store.merged(files, [first_used, second_used], keys)
    assert made == book_fonts.merge_programs([first, second], [first_used, second_used]) and len(keys) == 1
    assert (tmp_path / f"{keys[0]}.font").read_bytes() == made
    assert store.merged(files, [first_used, second_used], keys) == made and keys == [keys[0]] * 2
    assert book_fonts.FontStore(str(tmp_path), "other code").merged(files, [first_used, second_used], []) == made
    assert len(list(tmp_path.glob("*.font"))) == 2  # another salt, another key
    (tmp_path / f"{keys[0]}.font").write_bytes(b"<html>")
    assert store.merged(files, [first_used, second_used], []) == made
    none: list[str] = []
    assert store.merged(files[:1] * 2, [first_used, first_used], none) == first and none == []  # nothing merged
