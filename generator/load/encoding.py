"""Bytes of a text file -> text: the encodings a clerk's files come in (UTF-8 with or without BOM, GB18030/GBK,
UTF-16 with BOM). Kept free of heavy imports: the command line reads site.toml's language with it before
anything else is loaded."""

from __future__ import annotations

from ..errors import ContentError, Message, Problem


def fail(source: str, code: str, row: int = 0, column: str = "", **params: object) -> ContentError:
    return ContentError([Problem(source, row, column, Message.of(code, **params))])


_BOMS = ((b"\xef\xbb\xbf", "utf-8", "UTF-8"), (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"))


def decode_text(data: bytes, source: str) -> str:
    """Bytes -> text: a BOM decides; else strict UTF-8; else GB18030. Raises ContentError."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                return body.decode(codec)
            except UnicodeDecodeError as exc:
                line = body[: exc.start].decode(codec, errors="replace").count("\n") + 1
                raise fail(source, "table.bom_mismatch", encoding=label, line=line) from exc
    failures: list[int] = []
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            if codec == "utf-8" and _utf8_before(data, exc.start):
                # Chinese text in UTF-8, then bytes that are not (a row pasted from a GBK file): read as
                # GB18030, every header would be mojibake; the bytes are the problem, at their line.
                raise fail(source, "table.encoding", where=Message.of(
                    "table.encoding_where", line=data[: exc.start].count(b"\n") + 1)) from exc
            failures.append(exc.start)
            continue
        # NUL characters mean UTF-16 without a BOM or a binary file: not text we can trust.
        if "\x00" not in text:
            return text
        failures.append(len(text[: text.index("\x00")].encode(codec)))
    line = data[: max(failures)].count(b"\n") + 1
    raise fail(source, "table.encoding", where=Message.of("table.encoding_where", line=line))


def _utf8_before(data: bytes, end: int) -> bool:
    """Whether the bytes before `end` are UTF-8 holding at least four CJK characters (three-byte sequences),
    which GBK text almost never forms by chance."""
    head = data[:end].decode("utf-8", errors="ignore")
    return sum(1 for char in head if "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\uffef") >= 4
