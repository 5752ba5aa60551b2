"""What the search index holds for a page: its title and the few words people search it by (names, short
names, titles, a notice's text, task titles), never its tables of numbers. Records are small pages written
only for the indexer, at the same paths as the site's pages, so results link to the real pages."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

KIND_WEIGHT = {"unit": 10, "indicator": 10, "notice": 8, "home": 2, "period": 3, "year": 3, "tasks": 4, "method": 3}
MAX_BODY = 20_000  # characters of a notice's text that are indexed


@dataclass(frozen=True)
class SearchRecord:
    kind: str  # unit | indicator | notice | period | year | tasks | method | home
    title: str
    words: tuple[str, ...]  # short texts: a short name, a kind, a notice's text, task titles


def record_for(kind: str, title: str, words: tuple[str, ...]) -> SearchRecord:
    return SearchRecord(kind, title, tuple(w for w in words if w))


def record_html(record: SearchRecord, lang: str) -> str:
    """The page Pagefind indexes: the title as the page's own heading (weighted by kind), then the words."""
    weight = KIND_WEIGHT.get(record.kind, 1)
    body = []
    for text in record.words:
        clipped = text[:MAX_BODY]
        body.append(f"<p>{escape(clipped)}</p>")
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(record.title)}</title></head>'
            f'<body><main data-pagefind-body><h1 data-pagefind-weight="{weight}" data-pagefind-meta="title">'
            f'{escape(record.title)}</h1><span data-pagefind-filter="kind" hidden>{record.kind}</span>'
            f'{"".join(body)}</main></body></html>')
