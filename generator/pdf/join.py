"""A year book joined from the PDFs of its parts (documents.BookPlan): their pages in order, each with its page
number laid over it, one copy of each font (book_fonts.py), the outline, named destinations and metadata of one
document. Run in a worker process (render.py); pypdf reads and writes.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    Fit,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .book_fonts import FontStore, resolved, share_fonts, stream

NUMBER = NameObject("/GongshiPageNumber")  # the Form XObject of a page's number, in that page's resources


def anchor_pages(data: bytes) -> tuple[int, dict[str, int]]:
    """(number of pages, the page index of each named destination) of a PDF."""
    reader = PdfReader(io.BytesIO(data))
    pages = {}
    for name, destination in reader.named_destinations.items():
        page = reader.get_destination_page_number(destination)
        if page is not None:
            pages[str(name)] = page
    return len(reader.pages), pages


def join_book(parts: Sequence[bytes], levels: Sequence[int], numbers: bytes,
              fonts: FontStore | None = None) -> tuple[bytes, list[str]]:
    """The pages of `parts` (the front first: its metadata is the book's) as one PDF. `levels`: the outline level
    of each part's first bookmarks (its outline is nested under the previous parts' as one document's would be).
    `numbers`: a PDF of as many pages as the parts together, each laid over the page of the same number (a
    different page size is an error: the numbers would not sit where the book's footer does). The named
    destinations of a later part replace an earlier one's of the same name (the front's stand-ins). `fonts`:
    where merged fonts are kept between builds (an edit seldom brings a new glyph). Returns the PDF and the keys
    of the merged fonts it took from `fonts` or put there."""
    readers = [PdfReader(io.BytesIO(data)) for data in parts]
    stamp = PdfReader(io.BytesIO(numbers))
    pages = [page for reader in readers for page in reader.pages]
    if len(stamp.pages) != len(pages):
        raise ValueError(f"{len(stamp.pages)} page numbers for {len(pages)} pages")
    for number, (page, over) in enumerate(zip(pages, stamp.pages, strict=True), 1):
        size, over_size = _size(page), _size(over)
        if max(abs(a - b) for a, b in zip(size, over_size, strict=True)) > 0.01:
            raise ValueError(f"page {number} is {size}, its number was laid out for {over_size}")
    writer = PdfWriter()
    writer.pdf_header = readers[0].pdf_header
    merged = share_fonts(writer, [*readers, stamp], fonts)

    opening = writer._add_object(stream(b"q\n"))
    closing = writer._add_object(stream(f"\nQ q {NUMBER} Do Q\n".encode()))
    for page, over in zip(pages, stamp.pages, strict=True):
        added = writer.add_page(page)
        resources = DictionaryObject(resolved(added["/Resources"]))
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[NUMBER] = _form(writer, over)
        resources[NameObject("/XObject")] = xobjects
        added[NameObject("/Resources")] = resources
        contents = added.raw_get("/Contents")  # the reference: the stream is not to be copied into the page
        inner = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        added[NameObject("/Contents")] = ArrayObject([opening, *inner, closing])

    _outline(writer, readers, levels)
    _destinations(writer, readers)
    info: dict[str, Any] = dict(readers[0].metadata or {})
    writer.add_metadata(info)
    lang = resolved(readers[0].trailer["/Root"]).get("/Lang")
    if lang is not None:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    identifier = hashlib.sha256(b"".join(hashlib.sha256(data).digest() for data in [*parts, numbers])).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), merged


def _size(page: Any) -> tuple[float, float]:
    return float(page.mediabox.width), float(page.mediabox.height)


def _form(writer: PdfWriter, page: Any) -> IndirectObject:
    """A page as a Form XObject: its content and resources, drawn in the page's own space."""
    box = page.mediabox
    return writer._add_object(stream(page.get_contents().get_data(), {
        "/Type": NameObject("/XObject"), "/Subtype": NameObject("/Form"),
        "/BBox": ArrayObject(FloatObject(v) for v in (box.left, box.bottom, box.right, box.top)),
        "/Resources": page["/Resources"].clone(writer)}))


# -- outline and destinations ----------------------------------------------------------------------------

def _outline(writer: PdfWriter, readers: Sequence[PdfReader], levels: Sequence[int]) -> None:
    """Each part's bookmarks at their level, nested as WeasyPrint nests one document's: under the last bookmark
    of a lower level."""
    flat: list[tuple[int, int, Any]] = []
    offset = 0
    for reader, level in zip(readers, levels, strict=True):
        _flatten(reader, reader.outline, level, offset, flat)
        offset += len(reader.pages)
    parents: list[tuple[int, IndirectObject]] = []
    for level, page, item in flat:
        while parents and parents[-1][0] >= level:
            parents.pop()
        fit = Fit.xyz(_number(item.left), _number(item.top), _number(item.zoom))
        added = writer.add_outline_item(title=str(item.title), page_number=page,
                                        parent=parents[-1][1] if parents else None, fit=fit)
        parents.append((level, added))


def _flatten(reader: PdfReader, items: list[Any], level: int, offset: int, flat: list[tuple[int, int, Any]]) -> None:
    for item in items:
        if isinstance(item, list):
            _flatten(reader, item, level + 1, offset, flat)
        else:
            page = reader.get_destination_page_number(item)
            if page is not None:
                flat.append((level, offset + page, item))


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _destinations(writer: PdfWriter, readers: Sequence[PdfReader]) -> None:
    """The parts' named destinations on the joined pages; a later part's replace an earlier one's."""
    targets: dict[str, ArrayObject] = {}
    offset = 0
    for reader in readers:
        for name, destination in reader.named_destinations.items():
            page = reader.get_destination_page_number(destination)
            if page is None:
                continue
            targets[str(name)] = ArrayObject([writer.pages[offset + page].indirect_reference, NameObject("/XYZ"),
                                              *(FloatObject(_number(v) or 0) for v in (destination.left, destination.top)),
                                              NumberObject(0)])
        offset += len(reader.pages)
    if not targets:
        return
    names = ArrayObject()
    for name in sorted(targets, key=lambda n: n.encode("utf-16-be")):
        names.extend([TextStringObject(name), targets[name]])
    dests = writer._add_object(DictionaryObject({NameObject("/Names"): names}))
    writer.root_object[NameObject("/Names")] = DictionaryObject({NameObject("/Dests"): dests})
