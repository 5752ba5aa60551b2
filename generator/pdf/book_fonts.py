"""The fonts of a year book joined from parts (join.py): one copy of each font for every part, merged from
their subsets with fontTools, and kept between builds (FontStore).

WeasyPrint subsets a font keeping each glyph's id (HarfBuzz's retain-gids) and addresses glyphs by that id
(Identity-H, CIDToGIDMap Identity), so the subsets of one font in several parts differ only in which glyphs
they hold: one font with all of them serves every page.
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
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
)

from .cache import PdfCache

_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def resolved(value: Any) -> Any:
    """The object a value refers to (pypdf types a reference's target loosely)."""
    return value.get_object()


def stream(data: bytes, entries: dict[str, PdfObject] | None = None) -> Any:
    """A compressed stream object of `data` with `entries` in its dictionary."""
    made = DecodedStreamObject()
    made.set_data(data)
    for key, value in (entries or {}).items():
        made[NameObject(key)] = value
    return made.flate_encode()


class FontStore:
    """Merged font programs kept in the PDF cache (`<key>.font`), by a digest of what they are merged from and
    of `salt` (what merges them: the renderer's common key): merging a CJK font costs a second or so, and
    after an edit the parts' subsets are mostly the same as before."""

    def __init__(self, folder: str, salt: str) -> None:
        self.cache, self.salt = PdfCache(Path(folder)), salt

    def merged(self, files: Sequence[Any], used: Sequence[set[int]], keys: list[str]) -> bytes | None:
        """merge_programs of the font `files` (their stream objects) and `used`, kept from an earlier build if
        there is one; the key of the entry it took or put (none when nothing had to be merged) is appended to
        `keys`. The key is made from the streams as they are stored (compressed): a hit decompresses nothing."""
        hasher = hashlib.sha256(self.salt.encode())
        for file, own in zip(files, used, strict=True):
            hasher.update(hashlib.sha256(_stored(file)).digest() + ",".join(map(str, sorted(own))).encode() + b";")
        key = hasher.hexdigest()
        kept = self.cache.read(key, ".font")
        if kept is not None and kept[:4] in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
            keys.append(key)
            return kept
        programs = [file.get_data() for file in files]
        program = merge_programs(programs, used)
        if program is not None and program not in programs:  # a merge, not one of them as it was
            self.cache.put(key, program, ".font")
            keys.append(key)
        return program


def _stored(file: Any) -> bytes:
    """A stream's bytes as stored in its PDF, with the filters (and their parameters) that decode them."""
    data = file._data if isinstance(file, EncodedStreamObject) else file.get_data()
    decoding = [None if value is None else resolved(value) for value in (file.get("/Filter"), file.get("/DecodeParms"))]
    return repr(decoding).encode() + b"\n" + data


def share_fonts(writer: PdfWriter, readers: Sequence[PdfReader], store: FontStore | None) -> list[str]:
    """Point every part's resources at one merged copy of each font they share (by /BaseFont: WeasyPrint
    names a font by a hash of its description). A font that cannot be merged stays each part's own."""
    groups: dict[str, list[tuple[int, int, Any]]] = {}
    resources: dict[int, tuple[int, Any]] = {}  # by id(): the pages of a part share theirs
    fonts_seen: set[tuple[int, int]] = set()
    for index, reader in enumerate(readers):
        for page in reader.pages:
            held = resolved(page["/Resources"]) if "/Resources" in page else None
            if held is None or id(held) in resources:
                continue
            resources[id(held)] = (index, held)
            fonts = held.get("/Font")
            for reference in (fonts.get_object().values() if fonts is not None else ()):
                if isinstance(reference, IndirectObject) and (index, reference.idnum) not in fonts_seen:
                    fonts_seen.add((index, reference.idnum))
                    font = resolved(reference)
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
    cids = [resolved(resolved(font["/DescendantFonts"])[0]) for font in fonts]
    if any(cid.get("/CIDToGIDMap") != "/Identity" for cid in cids):
        return None
    descriptors = [resolved(cid["/FontDescriptor"]) for cid in cids]
    kind = "/FontFile3" if "/FontFile3" in descriptors[0] else "/FontFile2"
    if any(kind not in descriptor for descriptor in descriptors):
        return None
    widths: dict[int, float] = {}
    texts: dict[int, bytes] = {}
    used: list[set[int]] = []
    try:
        for font, cid in zip(fonts, cids, strict=True):
            own_widths = _widths(cid.get("/W", ArrayObject()))
            own_texts = _to_unicode(resolved(font["/ToUnicode"]).get_data())
            used.append(set(own_widths) | set(own_texts))
            for gid, width in own_widths.items():
                widths.setdefault(gid, width)
            for gid, text in own_texts.items():
                texts.setdefault(gid, text)
        files = [resolved(descriptor[kind]) for descriptor in descriptors]
        program = store.merged(files, used, keys) if store else merge_programs([f.get_data() for f in files], used)
    except Exception:  # whatever pypdf or fontTools finds wrong: the fonts stay apart, the book right and larger
        program = None
    if program is None:
        return None

    first_file = resolved(descriptors[0][kind])
    entries: dict[str, PdfObject] = {key: value.clone(writer) for key, value in first_file.items()
                                     if key not in ("/Length", "/Filter", "/DecodeParms", "/Length1")}
    if kind == "/FontFile2":
        entries["/Length1"] = NumberObject(len(program))
    font_file = writer._add_object(stream(program, entries))
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
    font[NameObject("/ToUnicode")] = writer._add_object(stream(_cmap(texts)))
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
