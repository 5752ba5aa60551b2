"""A year book joined from the PDFs of its parts (documents.BookPlan): their pages in order, each with its page
number laid over it, one copy of each font, the outline, named destinations and metadata of one document.

Run in a worker process (render.py); pypdf reads and writes, fontTools merges fonts. WeasyPrint subsets a font
keeping each glyph's id (HarfBuzz's retain-gids) and addresses glyphs by that id (Identity-H, CIDToGIDMap
Identity), so the subsets of one font in several parts differ only in which glyphs they hold: one font with
all of them serves every page, and the book is not a font copy per part larger (a part is mostly fonts).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    Fit,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from .cache import PdfCache

NUMBER = NameObject("/GongshiPageNumber")  # the Form XObject of a page's number, in that page's resources
_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


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
    merged = _share_fonts(writer, [*readers, stamp], fonts)

    opening = writer._add_object(_stream(b"q\n"))
    closing = writer._add_object(_stream(f"\nQ q {NUMBER} Do Q\n".encode()))
    for page, over in zip(pages, stamp.pages, strict=True):
        added = writer.add_page(page)
        resources = DictionaryObject(_get(added["/Resources"]))
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
    lang = _get(readers[0].trailer["/Root"]).get("/Lang")
    if lang is not None:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    identifier = hashlib.sha256(b"".join(hashlib.sha256(data).digest() for data in [*parts, numbers])).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), merged


def _get(value: Any) -> Any:
    """The object a value refers to (pypdf types a reference's target loosely)."""
    return value.get_object()


def _size(page: Any) -> tuple[float, float]:
    return float(page.mediabox.width), float(page.mediabox.height)


def _stream(data: bytes, entries: dict[str, PdfObject] | None = None) -> Any:
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in (entries or {}).items():
        stream[NameObject(key)] = value
    return stream.flate_encode()


def _form(writer: PdfWriter, page: Any) -> IndirectObject:
    """A page as a Form XObject: its content and resources, drawn in the page's own space."""
    box = page.mediabox
    return writer._add_object(_stream(page.get_contents().get_data(), {
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


# -- fonts -----------------------------------------------------------------------------------------------

class FontStore:
    """Merged font programs kept in the PDF cache (`<key>.font`), by a digest of what they are merged from and
    of `salt` (what merges them: the renderer's common key): merging a CJK font costs a second or so, and
    after an edit the parts' subsets are mostly the same as before."""

    def __init__(self, folder: str, salt: str) -> None:
        self.cache, self.salt = PdfCache(Path(folder)), salt

    def merged(self, programs: Sequence[bytes], used: Sequence[set[int]], keys: list[str]) -> bytes | None:
        """merge_programs(programs, used), kept from an earlier build if there is one; the key of the entry it
        took or put (none when nothing had to be merged) is appended to `keys`."""
        hasher = hashlib.sha256(self.salt.encode())
        for subset, own in zip(programs, used, strict=True):
            hasher.update(hashlib.sha256(subset).digest() + ",".join(map(str, sorted(own))).encode() + b";")
        key = hasher.hexdigest()
        kept = self.cache.read(key, ".font")
        if kept is not None and kept[:4] in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
            keys.append(key)
            return kept
        program = merge_programs(programs, used)
        if program is not None and program not in programs:  # a merge, not one of them as it was
            self.cache.put(key, program, ".font")
            keys.append(key)
        return program


def _share_fonts(writer: PdfWriter, readers: Sequence[PdfReader], store: FontStore | None) -> list[str]:
    """Point every part's resources at one merged copy of each font they share (by /BaseFont: WeasyPrint
    names a font by a hash of its description). A font that cannot be merged stays each part's own."""
    groups: dict[str, list[tuple[int, int, Any]]] = {}
    resources: dict[int, tuple[int, Any]] = {}  # by id(): the pages of a part share theirs
    fonts_seen: set[tuple[int, int]] = set()
    for index, reader in enumerate(readers):
        for page in reader.pages:
            held = _get(page["/Resources"]) if "/Resources" in page else None
            if held is None or id(held) in resources:
                continue
            resources[id(held)] = (index, held)
            fonts = held.get("/Font")
            for reference in (fonts.get_object().values() if fonts is not None else ()):
                if isinstance(reference, IndirectObject) and (index, reference.idnum) not in fonts_seen:
                    fonts_seen.add((index, reference.idnum))
                    font = _get(reference)
                    groups.setdefault(str(font.get("/BaseFont")), []).append((index, reference.idnum, font))
    merged: dict[tuple[int, int], IndirectObject] = {}
    keys: list[str] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        one = _merge_fonts(writer, [font for _, _, font in members], store, keys)
        if one is not None:
            merged.update({(index, idnum): one for index, idnum, _ in members})
    for index, held in resources.values():
        fonts = held.get("/Font")
        if fonts is None:
            continue
        held[NameObject("/Font")] = DictionaryObject({
            NameObject(name): merged.get((index, ref.idnum), ref) if isinstance(ref, IndirectObject) else ref
            for name, ref in fonts.get_object().items()})
    return keys


def _merge_fonts(writer: PdfWriter, fonts: list[DictionaryObject], store: FontStore | None,
                 keys: list[str]) -> IndirectObject | None:
    """One Type 0 font for several subsets of it (as WeasyPrint writes them), or None when they are not such."""
    if any(font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H" or "/ToUnicode" not in font
           for font in fonts):
        return None
    cids = [_get(_get(font["/DescendantFonts"])[0]) for font in fonts]
    if any(cid.get("/CIDToGIDMap") != "/Identity" for cid in cids):
        return None
    descriptors = [_get(cid["/FontDescriptor"]) for cid in cids]
    kind = "/FontFile3" if "/FontFile3" in descriptors[0] else "/FontFile2"
    if any(kind not in descriptor for descriptor in descriptors):
        return None
    widths: dict[int, float] = {}
    texts: dict[int, bytes] = {}
    used: list[set[int]] = []
    try:
        for font, cid in zip(fonts, cids, strict=True):
            own_widths = _widths(cid.get("/W", ArrayObject()))
            own_texts = _to_unicode(_get(font["/ToUnicode"]).get_data())
            used.append(set(own_widths) | set(own_texts))
            for gid, width in own_widths.items():
                widths.setdefault(gid, width)
            for gid, text in own_texts.items():
                texts.setdefault(gid, text)
        programs = [_get(descriptor[kind]).get_data() for descriptor in descriptors]
        program = store.merged(programs, used, keys) if store else merge_programs(programs, used)
    except Exception:  # whatever pypdf or fontTools finds wrong: the fonts stay apart, the book right and larger
        program = None
    if program is None:
        return None

    first_file = _get(descriptors[0][kind])
    entries: dict[str, PdfObject] = {key: value.clone(writer) for key, value in first_file.items()
                                     if key not in ("/Length", "/Filter", "/DecodeParms", "/Length1")}
    if kind == "/FontFile2":
        entries["/Length1"] = NumberObject(len(program))
    font_file = writer._add_object(_stream(program, entries))
    descriptor = DictionaryObject({NameObject(key): value.clone(writer) for key, value in descriptors[0].items()
                                   if key not in (kind, "/CIDSet", "/FontBBox", "/Flags")})
    box = [float(v) for v in descriptors[0]["/FontBBox"]]
    box[2] = max(float(d["/FontBBox"][2]) for d in descriptors)
    descriptor[NameObject("/FontBBox")] = ArrayObject(FloatObject(v) for v in box)
    flags = int(descriptors[0]["/Flags"]) & ~1  # FixedPitch, as WeasyPrint sets it: every width the same
    descriptor[NameObject("/Flags")] = NumberObject(flags | (len(widths) > 1 and len(set(widths.values())) == 1))
    descriptor[NameObject(kind)] = font_file
    cid = DictionaryObject({NameObject(key): value.clone(writer) for key, value in cids[0].items()
                            if key not in ("/W", "/FontDescriptor")})
    cid[NameObject("/W")] = _width_array(widths)
    cid[NameObject("/FontDescriptor")] = writer._add_object(descriptor)
    font = DictionaryObject({NameObject(key): value.clone(writer) for key, value in fonts[0].items()
                             if key not in ("/DescendantFonts", "/ToUnicode")})
    font[NameObject("/DescendantFonts")] = ArrayObject([writer._add_object(cid)])
    font[NameObject("/ToUnicode")] = writer._add_object(_stream(_cmap(texts)))
    return writer._add_object(font)


def _widths(array: Any) -> dict[int, float]:
    """A CIDFont's /W: `first [w1 w2 …]` and `first last w` runs."""
    items = list(array.get_object()) if array is not None else []
    widths: dict[int, float] = {}
    index = 0
    while index < len(items):
        first = int(items[index])
        following = items[index + 1].get_object()
        if isinstance(following, ArrayObject):
            widths.update({first + n: float(w) for n, w in enumerate(following)})
            index += 2
        else:
            widths.update({gid: float(items[index + 2]) for gid in range(first, int(following) + 1)})
            index += 3
    return widths


def _width_array(widths: dict[int, float]) -> ArrayObject:
    array = ArrayObject()
    run: ArrayObject | None = None
    for gid in sorted(widths):
        if run is None or gid - 1 not in widths:
            run = ArrayObject()
            array.extend([NumberObject(gid), run])
        width = widths[gid]
        run.append(NumberObject(int(width)) if width == int(width) else FloatObject(width))
    return array


def _to_unicode(data: bytes) -> dict[int, bytes]:
    """glyph id -> UTF-16BE text of a ToUnicode CMap's bfchar entries (WeasyPrint writes no bfrange)."""
    if b"beginbfrange" in data:
        raise ValueError("bfrange")
    return {int(gid, 16): bytes.fromhex(text.decode()) for gid, text in _BFCHAR.findall(data.split(b"endcodespacerange", 1)[-1])}


def _cmap(texts: dict[int, bytes]) -> bytes:
    """A ToUnicode CMap as WeasyPrint writes one."""
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"/CIDSystemInfo",
             b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def", b"/CMapName /Adobe-Identity-UCS def",
             b"/CMapType 2 def", b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    items = sorted(texts.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines.extend(f"<{gid:04x}> <{text.hex()}>".encode() for gid, text in batch)
        lines.append(b"endbfchar")
    lines.extend([b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"])
    return b"\n".join(lines)


def merge_programs(programs: Sequence[bytes], used: Sequence[set[int]]) -> bytes | None:
    """One font program holding the glyphs `used[i]` of each subset `programs[i]` (OpenType CFF or TrueType, glyph
    ids retained; glyph names need not agree): the subset reaching the highest id (a retain-gids subset ends at
    its last glyph), with the glyphs it lacks copied from the others by id; a subset that adds none is not even
    read. None when they do not line up (a CFF font dict the base lacks). Only outlines are copied: a PDF takes
    a CID font's widths from /W, not from the font's own metrics."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    def load(index: int) -> Any:
        # No recalculation: the fonts' boxes stay (reading every glyph would be slow), and so does the timestamp.
        return TTFont(io.BytesIO(programs[index]), recalcBBoxes=False, recalcTimestamp=False)

    base_index = max(range(len(programs)), key=lambda i: (max(used[i], default=-1), len(used[i]), -i))
    held = set(used[base_index])
    if all(own <= held for own in used):
        return programs[base_index]
    base = load(base_index)
    for index in range(len(programs)):
        missing = sorted(used[index] - held)
        if not missing:
            continue
        font = load(index)
        if max(missing) >= min(len(base.getGlyphOrder()), len(font.getGlyphOrder())) or any(
                getattr(base["head"], field) != getattr(font["head"], field) for field in ("unitsPerEm", "fontRevision")):
            return None  # not subsets of one font
        if "CFF " in base and "CFF " in font:
            if not _copy_charstrings(base, font, missing):
                return None
        elif "glyf" in base and "glyf" in font:
            _copy_glyphs(base, font, missing)
        else:
            return None
        held |= used[index]
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()


def _copy_charstrings(base: Any, font: Any, gids: list[int]) -> bool:
    """CFF: the charstrings (the subsetter inlined subroutines), each with its font dict, matched by name."""
    top, other = base["CFF "].cff.topDictIndex[0], font["CFF "].cff.topDictIndex[0]
    cid_keyed = hasattr(top, "FDArray")
    if cid_keyed != hasattr(other, "FDArray"):
        return False
    dicts = [getattr(fd, "FontName", None) for fd in top.FDArray] if cid_keyed else []
    mine, theirs = base.getGlyphOrder(), font.getGlyphOrder()
    for gid in gids:
        charstring, selector = other.CharStrings.getItemAndSelector(theirs[gid])
        if cid_keyed:
            wanted = getattr(other.FDArray[selector], "FontName", None)
            if wanted is None or wanted not in dicts:
                return False
            top.FDSelect[gid] = dicts.index(wanted)
        top.CharStrings[mine[gid]] = charstring
    return True


def _copy_glyphs(base: Any, font: Any, gids: list[int]) -> None:
    """TrueType: the glyphs, and the components of a composite one that the base lacks (renamed: a subset names
    only the glyphs it holds)."""
    mine, theirs = base["glyf"], font["glyf"]
    my_order, their_order = base.getGlyphOrder(), font.getGlyphOrder()
    todo = list(gids)
    done: set[int] = set()
    while todo:
        gid = todo.pop()
        if gid in done:
            continue
        done.add(gid)
        glyph = theirs[their_order[gid]]
        glyph.expand(theirs)
        if glyph.isComposite():
            for component in glyph.components:
                part = font.getGlyphID(component.glyphName)
                component.glyphName = my_order[part]
                if mine[my_order[part]].numberOfContours == 0:
                    todo.append(part)
        mine[my_order[gid]] = glyph
