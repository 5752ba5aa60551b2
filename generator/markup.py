"""What a notice's Markdown becomes, shared by the pages (render/markdown.py renders it) and the data checks
(rules/checks_notices.py warns of what the pages will not show): the parser, and what the sanitiser keeps.

The parser is markdown-it (CommonMark with tables and strikethrough): it works in time linear in its input
whatever the text (a notice of 100,000 brackets, `<![CDATA[` or setext lines renders in a blink, where a
backtracking parser takes minutes) and bounds nesting itself. CommonMark's emphasis rules are made
CJK-friendly, as the markdown-cjk-friendly amendment proposes: a delimiter run beside punctuation may open
or close when a CJK character stands on its other side, so `**优秀等次单位：**区财政局` is bold as a clerk
means it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline.state_inline import Scanned, StateInline

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup",
    "ul", "ol", "li", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "a", "span", "div",
    "dl", "dt", "dd", "abbr", "mark", "small",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align", "colspan", "rowspan"}, "td": {"align", "colspan", "rowspan"},
                       "abbr": {"title"}, "ol": {"start"}}
IGNORED_BY_BROWSERS = "".join(map(chr, range(0x21)))  # C0 controls and space, stripped from a URL's start
# Blocks and inline spans: twelve levels of lists (the most model.notices lets through) take 24 and must
# render whole; more only costs time (bracket-dense text takes time in proportion to this bound).
MAX_NESTING = 32

# Han, kana, Hangul, CJK punctuation and full-width forms.
_CJK = re.compile("[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u9fff\uac00-\ud7af"
                  "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")


def relative_only(tag: str, attribute: str, value: str) -> str | None:
    """A link without a scheme may still leave the site: `//host/…` (and `\\\\host`, which browsers read the
    same) goes to another host, `/…` to the server's root (wrong under a sub-path and from file://). Both are
    dropped; nh3 has already dropped every scheme but http, https and mailto."""
    if attribute == "href" and value.lstrip(IGNORED_BY_BROWSERS).startswith(("/", "\\")):
        return None
    return value


class _CjkState(StateInline):
    def scanDelims(self, start: int, can_split: bool) -> Scanned:  # noqa: N802 - markdown-it's name
        """CommonMark's flanking rules, with a CJK character on the outer side counting as white space does."""
        pos, maximum, marker = start, self.posMax, self.src[start]
        last = self.src[start - 1] if start > 0 else " "
        while pos < maximum and self.src[pos] == marker:
            pos += 1
        following = self.src[pos] if pos < maximum else " "
        last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
        next_punct = isMdAsciiPunct(ord(following)) or isPunctChar(following)
        last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(following))
        last_cjk, next_cjk = bool(_CJK.match(last)), bool(_CJK.match(following))
        left = not (next_space or (next_punct and not (last_space or last_punct or last_cjk)))
        right = not (last_space or (last_punct and not (next_space or next_punct or next_cjk)))
        can_open = left and (can_split or not right or last_punct)
        can_close = right and (can_split or not left or next_punct)
        return Scanned(can_open, can_close, pos - start)


class _CjkInline(ParserInline):
    def parse(self, src: str, md: MarkdownIt, env: Any, tokens: list[Any]) -> list[Any]:
        state = _CjkState(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


@cache
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    inline = _CjkInline()
    inline.ruler, inline.ruler2 = md.inline.ruler, md.inline.ruler2
    md.inline = inline
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # the sanitiser below decides, and keeps the text
    return md


# Link and image syntax is where the parser spends its time: some 30 µs a character for text dense with "[".
# Beyond this many brackets (a real notice has a few dozen links) every "[" is taken as the character it is:
# the page shows the same text, without links, in a fraction of a second.
MAX_BRACKETS = 10_000


def bounded(text: str) -> str:
    """`text`, its every "[" escaped when it has more than MAX_BRACKETS of them (see above)."""
    if text.count("[") > MAX_BRACKETS:
        return text.replace("\\", "\\\\").replace("[", "\\[")
    return text


URL_SCHEMES = frozenset({"http", "https", "mailto"})  # what a link may use; relative links are kept too
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9-]*)")


def kept_link(href: str) -> bool:
    """Whether the sanitiser keeps a link's address: http, https, mailto, or relative within the site."""
    value = href.lstrip(IGNORED_BY_BROWSERS)
    scheme = _SCHEME.match(value)
    if scheme is not None:
        return scheme.group(1).lower() in URL_SCHEMES
    return relative_only("a", "href", value) is not None


@dataclass(frozen=True)
class Dropped:
    """Something of a notice's text that its page and PDF will not show."""

    line: int  # from 0, within the text
    kind: str  # image | link | html
    what: str  # the image's description or address, the link's text, the tag's name
    address: str = ""  # the image's or link's address


def dropped(text: str) -> list[Dropped]:
    """What the sanitiser takes out of `text`: images (no page loads a file), links to addresses other than
    http, https, mailto or the site's own pages (their text stays), HTML tags other than the basic ones."""
    found: list[Dropped] = []
    for token in parser().parse(bounded(text)):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            found.extend(Dropped(line, "html", tag) for tag in _unkept_tags(token.content))
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):  # the next line of the paragraph
                line += 1
            elif child.type == "image":
                source = unquote(str(child.attrGet("src") or ""))
                found.append(Dropped(line, "image", child.content or source, source))
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")  # as the parser normalised it: what the sanitiser sees
                if not kept_link(href):
                    found.append(Dropped(line, "link", _link_text(token.children or [], child), unquote(href)))
            elif child.type == "html_inline":
                found.extend(Dropped(line, "html", tag) for tag in _unkept_tags(child.content))
    return found


def _unkept_tags(html: str) -> list[str]:
    return [tag for tag in dict.fromkeys(m.group(1).lower() for m in _TAG.finditer(html)) if tag not in ALLOWED_TAGS]


def _link_text(children: list[Any], opening: Any) -> str:
    at = children.index(opening)
    words = []
    for child in children[at + 1:]:
        if child.type == "link_close":
            break
        words.append(child.content)
    return "".join(words)
