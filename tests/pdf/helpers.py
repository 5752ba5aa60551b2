"""Reading PDFs back (poppler's pdftotext and pdffonts, pypdf), and rendering one PDF of a project alone."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pypdf

from generator.build import check
from generator.i18n import Translator
from generator.pdf import book_fonts
from generator.pdf.render import _Renderer

MM = 72 / 25.4


def pdftotext(pdf: Path, page: int | None = None, *extra: str) -> str:
    args = ["pdftotext", "-enc", "UTF-8", *extra]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def text_of(pdf: Path, page: int | None = None) -> str:
    """The text of a PDF (or of one page, 1-based) without any white space: CJK words are not separated
    by spaces, and table cells may break across lines."""
    return re.sub(r"\s+", "", pdftotext(pdf, page))


def layout_text_of(pdf: Path, page: int | None = None) -> str:
    """Like text_of, from pdftotext's -layout mode: a table row's cells in reading order."""
    return re.sub(r"\s+", "", pdftotext(pdf, page, "-layout"))


def fonts_of(pdf: Path) -> list[list[str]]:
    """pdffonts' rows, split into columns (name … emb sub uni object ID)."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def size_mm(pdf: Path | bytes, page: int = 0) -> tuple[int, int]:
    reader = pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    box = reader.pages[page].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


def render_one(content_dir: Path, path: str, today: date) -> bytes:
    """The PDF at `path` (e.g. "pdf/board-2025.pdf") of a project, rendered alone in this process, uncached."""
    content, outcome = check(content_dir, today)
    renderer = _Renderer(content, outcome, Translator(content.lang), "test")
    spec = next(spec for spec in renderer.documents.specs() if spec.path == path)
    files, _, rendered, _ = renderer.render([spec], None, 1, None)
    assert rendered == 1
    return files[path]


def font_programs(pdf: bytes) -> dict[str, tuple[bytes, set[int]]]:
    """BaseFont -> (embedded program, glyph ids it is used for) of a WeasyPrint PDF."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = {}
    for reference in reader.pages[0]["/Resources"]["/Font"].values():
        font = reference.get_object()
        cid = font["/DescendantFonts"][0].get_object()
        descriptor = cid["/FontDescriptor"].get_object()
        program = (descriptor.get("/FontFile3") or descriptor["/FontFile2"]).get_object().get_data()
        found[str(font["/BaseFont"])] = (program, set(book_fonts._widths(cid["/W"])))
    return found
