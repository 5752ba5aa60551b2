"""Text files as they are: site.toml (with where each key is written), notices (YAML front matter and a
Markdown body) and calendar files. Nothing is interpreted here beyond the file formats."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import ContentError, Message, Problem
from .encoding import decode_text
from .files import SourceFile

MAX_FRONT_MATTER = 64 * 1024


@dataclass(frozen=True)
class TomlText:
    """A parsed TOML file and a way to find the line of a key, for messages."""

    source: str
    data: dict[str, Any]
    lines: tuple[str, ...] = field(repr=False)

    def line(self, path: tuple[Any, ...]) -> int:
        """The line where the key at `path` is written: the deepest table header (`[a.b]`, `[[a]]`, with
        list positions counted for arrays of tables) that is a prefix of the path, then the key below it;
        else a dotted or inline key anywhere. 0 when it cannot be found."""
        keys = [str(part) for part in path if not isinstance(part, int)]
        for depth in range(len(keys), 0, -1):
            header = ".".join(keys[:depth])
            index = next((p for p in path[depth:depth + 1] if isinstance(p, int)), None)
            seen = 0
            for number, text in enumerate(self.lines, start=1):
                stripped = _canonical_header(text.split("#", 1)[0].strip().replace(" ", ""))
                if stripped == f"[{header}]" or stripped == f"[[{header}]]":
                    if index is not None and stripped.startswith("[[") and seen != index:
                        seen += 1
                        continue
                    found = self._key_below(number, keys[depth:])
                    if found and depth < len(keys):
                        found = self._element(found, path, depth)
                    return found or number
        for number, text in enumerate(self.lines, start=1):  # a table only written as part of a deeper header
            if text.strip().replace(" ", "").startswith((f"[{'.'.join(keys)}.", f"[[{'.'.join(keys)}.")) and keys:
                return number
        return self._key_below(0, keys[-1:]) if keys else 0

    def _element(self, found: int, path: tuple[Any, ...], depth: int) -> int:
        """`found` is the line of the path's key after `depth` headers; when the path goes on into an element
        of that key's inline array (`categories.1.weight`), the line of that element or of its key."""
        at = [i for i, part in enumerate(path) if not isinstance(part, int)][depth]
        key = str(path[at])
        if at + 1 >= len(path) or not isinstance(path[at + 1], int) \
                or not re.match(rf"\s*{re.escape(key)}\s*=", self.lines[found - 1]):
            return found
        inner = str(path[at + 2]) if at + 2 < len(path) and not isinstance(path[at + 2], int) else None
        return self._element_line(found, path[at + 1], inner)

    def _element_line(self, line: int, index: int, key: str | None) -> int:
        """The line of the `index`-th inline table of the array that starts on `line` (or of `key` in it);
        `line` when there is no such element."""
        text = "\n".join(self.lines[line - 1:])
        depth, seen, quote, start = 0, 0, "", -1
        position = text.find("=")
        while 0 <= position < len(text) - 1:
            position += 1
            char = text[position]
            if quote:
                if char == "\\" and quote == '"':
                    position += 1
                elif char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char == "#":
                position = text.find("\n", position) - 1
                if position < 0:
                    break
            elif char in "[{":
                depth += 1
                if char == "{" and depth == 2:
                    start = position if seen == index else start
                    seen += 1
            elif char in "]}":
                depth -= 1
                if start >= 0 and depth == 1:
                    inside = re.search(rf"[{{,\s]{re.escape(key)}\s*=", text[start:position]) if key else None
                    return line + text[:start + (inside.start() + 1 if inside else 0)].count("\n")
                if depth <= 0:
                    break
        return line

    def _key_below(self, start: int, keys: list[str]) -> int:
        if not keys:
            return start
        own = re.compile(rf"^\s*{re.escape(keys[0])}\s*=")
        inline = re.compile(rf"[{{,]\s*{re.escape(keys[-1])}\s*=")
        for number in range(start, len(self.lines)):
            line = self.lines[number]
            if number > start and start and line.strip().startswith("["):
                break
            if own.match(line) or inline.search(line):
                return number + 1
        return start


_TOML_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), code) for pattern, code in (
    (r"Invalid value", "toml.invalid_value"),
    (r"Cannot overwrite a value", "toml.overwrite"),
    (r"Cannot declare (?P<key>.+) twice", "toml.declare_twice"),
    (r"Cannot mutate immutable namespace (?P<key>.+)", "toml.mutate"),
    (r"Cannot redefine namespace (?P<key>.+)", "toml.redefine"),
    (r"Duplicate inline table key (?P<key>.+)", "toml.duplicate_inline_key"),
    (r"Expected '=' after a key in a key/value pair", "toml.expect_equals"),
    (r"Expected '\]' at the end of a table declaration", "toml.expect_bracket"),
    (r"Expected '\]\]' at the end of an array declaration", "toml.expect_double_bracket"),
    (r"Expected newline or end of document after a statement", "toml.expect_newline"),
    (r"Expected (?P<expected>.+)", "toml.expected"),
    (r"Found invalid character (?P<char>.+)", "toml.invalid_character"),
    (r"Illegal character (?P<char>.+)", "toml.illegal_character"),
    (r"Invalid date or datetime", "toml.invalid_date"),
    (r"Invalid initial character for a key part", "toml.invalid_key"),
    (r"Invalid statement", "toml.invalid_statement"),
    (r"Unclosed array", "toml.unclosed_array"),
    (r"Unclosed inline table", "toml.unclosed_inline_table"),
    (r"Unescaped '\\' in a string", "toml.backslash"),
    (r"Unterminated string", "toml.unterminated"),
    (r"Invalid hex value|Escaped character is not a Unicode scalar value", "toml.escape"),
))


def toml_words(detail: str) -> Message | str:
    """tomllib's English complaint as a message in the site's language (its text when it is none we know)."""
    for pattern, code in _TOML_WORDS:
        match = pattern.fullmatch(detail)
        if match:
            params = {name: _toml_key(value) for name, value in match.groupdict().items()}
            return Message.of(code, **params)
    return detail


def _toml_key(text: str) -> str:
    """("scoring", "levels") or 'x' as tomllib quotes them -> scoring.levels, x."""
    import ast

    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    if isinstance(value, tuple):
        return ".".join(str(part) for part in value)
    return str(value)


def _canonical_header(stripped: str) -> str:
    """A table header with quoted keys (`[boards."zs"]`) as the plain dotted path the keys make (`[boards.zs]`)."""
    if not stripped.startswith("[") or not any(quote in stripped for quote in "\"'"):
        return stripped
    try:
        node: Any = tomllib.loads(stripped + "\n")
    except tomllib.TOMLDecodeError:
        return stripped
    keys = []
    while isinstance(node, (dict, list)):
        if isinstance(node, list):
            node = node[0] if node else {}
            continue
        if len(node) != 1:
            break
        key, node = next(iter(node.items()))
        keys.append(key)
    array = stripped.startswith("[[")
    return ("[[" if array else "[") + ".".join(keys) + ("]]" if array else "]")


def parse_toml(file: SourceFile) -> TomlText:
    """ContentError on a syntax error, with the line, and a hint when Chinese quotes are the likely cause."""
    text = _decode(file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        detail = str(error)
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", detail)) else 0
        if not line and "end of document" in detail:
            line = len(text.splitlines())
        bad_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        code = "config.toml_quotes" if re.search("[“”‘’]", bad_line) else "config.toml_syntax"
        detail = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", detail)
        raise ContentError([Problem(file.relative, line, "", Message.of(code, error=toml_words(detail)))]) from error
    except RecursionError as error:  # tomllib recurses into nested arrays: "x = [[[[…" a few thousand deep
        raise ContentError([Problem(file.relative, 0, "", Message.of("config.toml_too_deep"))]) from error
    return TomlText(file.relative, data, tuple(text.splitlines()))


def _decode(file: SourceFile) -> str:
    """A TOML or Markdown file's text (a BOM, else UTF-8, else GB18030), with advice for a text editor."""
    try:
        return decode_text(file.data, file.relative)
    except ContentError as error:
        raise ContentError([Problem(file.relative, 0, "", Message.of("text.encoding"))]) from error


@dataclass(frozen=True)
class RawNotice:
    source: str
    front: dict[str, Any]
    front_lines: dict[str, int]  # key -> line of the file
    body: str
    body_line: int  # the line of the file where the Markdown body starts
    repeated: tuple[tuple[str, int, int], ...] = ()  # (key, first line, line) of a key written twice


class _NoDatesLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as the text written (they are checked, with their line, in the model)."""


_NO_DATES = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_NoDatesLoader.yaml_implicit_resolvers = _NO_DATES
# The same loader on libyaml (about ten times faster: a hundred notices' front matter is read in every build).
# Only a front matter it reads without a word is taken from it; anything else is read again by the Python
# loader, whose messages are the ones users see (libyaml words its errors differently).
_FastLoader: type[Any] | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _CNoDatesLoader(yaml.CSafeLoader):
        pass

    _CNoDatesLoader.yaml_implicit_resolvers = _NO_DATES
    _FastLoader = _CNoDatesLoader

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


_UNREAD = object()


def _front(front_text: str, loader: type[Any], source: str) -> Any:
    # Anchors and aliases are refused before anything is built: an alias bomb never expands.
    for token in yaml.scan(front_text, Loader=loader):
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            line = token.start_mark.line + 2
            raise ContentError([Problem(source, line, "", Message.of("notices.yaml_alias"))])
    return yaml.load(front_text, Loader=loader)


def _fast_front(front_text: str) -> Any:
    """The front matter read by libyaml, or _UNREAD when it is not there or has anything to say about it."""
    if _FastLoader is None:
        return _UNREAD
    try:
        front = _front(front_text, _FastLoader, "")
    except (yaml.YAMLError, ContentError, RecursionError):
        return _UNREAD
    # libyaml nests deeper than the Python loader can: what it would refuse stays its to refuse.
    return front if _shallow(front, FAST_DEPTH) else _UNREAD


FAST_DEPTH = 32  # front matter is a flat map; nothing real nests this deep


def _shallow(value: Any, depth: int) -> bool:
    if isinstance(value, dict):
        return depth > 0 and all(_shallow(v, depth - 1) for v in value.values())
    if isinstance(value, list):
        return depth > 0 and all(_shallow(v, depth - 1) for v in value)
    return True


def parse_notice(file: SourceFile) -> RawNotice:
    """A notice's front matter and body; ContentError when the front matter is missing or not YAML."""
    source = file.relative
    text = _decode(file)
    match = _FRONT.match(text)
    if not match:
        raise ContentError([Problem(source, 1, "", Message.of("notices.front_matter"))])
    front_text = match.group(1)
    if len(front_text) > MAX_FRONT_MATTER:
        raise ContentError([Problem(source, 2, "", Message.of("notices.yaml", error="> 64 KB"))])
    front = _fast_front(front_text)
    try:
        if front is _UNREAD:
            front = _front(front_text, _NoDatesLoader, source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise ContentError([Problem(source, line, "", Message.of(
            "notices.yaml", error=str(getattr(error, "problem", None) or error)))]) from error
    except RecursionError as error:
        raise ContentError([Problem(source, 2, "", Message.of("notices.yaml", error="nesting"))]) from error
    front = front or {}
    if not isinstance(front, dict):
        raise ContentError([Problem(source, 2, "", Message.of("notices.yaml_not_map"))])
    lines: dict[str, int] = {}
    repeated: list[tuple[str, int, int]] = []
    for number, line in enumerate(front_text.splitlines(), start=2):
        key = line.split(":", 1)[0].strip().strip("\"'")
        if ":" in line and not line.startswith((" ", "\t", "-", "#")):
            if key in lines:  # YAML keeps the last silently: the first would be lost without a word
                repeated.append((key, lines[key], number))
            lines.setdefault(key, number)
    body_line = text[: match.end()].count("\n") + 1
    return RawNotice(source, {str(k): v for k, v in front.items()}, lines, text[match.end():], body_line, tuple(repeated))
