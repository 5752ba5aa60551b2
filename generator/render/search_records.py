"""What the search index holds for a page: its title and the few words people search it by (names, short
names, titles, a notice's text, task titles), never its tables of numbers. Records are small pages written
only for the indexer, at the same paths as the site's pages, so results link to the real pages."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..i18n import Translator
from ..model.types import Content
from ..outcome import Outcome
from .site import Urls

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
    """The page Pagefind indexes: the title as the page's own heading (weighted by kind), then the words. No
    `data-pagefind-filter`: Pagefind (1.5) writes its filter index in a different order on each run, and the
    site must be the same bytes for the same content."""
    weight = KIND_WEIGHT.get(record.kind, 1)
    body = []
    for text in record.words:
        clipped = text[:MAX_BODY]
        body.append(f"<p>{escape(clipped)}</p>")
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(record.title)}</title></head>'
            f'<body><main data-pagefind-body><h1 data-pagefind-weight="{weight}" data-pagefind-meta="title">'
            f'{escape(record.title)}</h1>{"".join(body)}</main></body></html>')


def search_records(content: Content, outcome: Outcome, tr: Translator) -> list[tuple[str, SearchRecord]]:
    """The record of every page people search for, from the content and the outcome alone (so the indexer can
    start before any page is rendered)."""
    from .views import board_title

    records = [(Urls.home(), record_for("home", content.config.site.title, ()))]
    for period in outcome.periods:
        titles = tuple(board_title(b.title, tr) for b in period.boards)
        records.append((Urls.period(period.period.id), record_for("period", period.period.label_message().text(tr), titles)))
    for unit in content.units:
        records.append((Urls.unit(unit.id), record_for("unit", unit.name, (unit.short_name, unit.kind))))
    for indicator in content.indicators:
        records.append((Urls.indicator(indicator.id), record_for("indicator", indicator.name, (indicator.definition,))))
    for year in sorted({p.period.year for p in outcome.periods} | set(outcome.years), reverse=True):
        records.append((Urls.year(year), record_for("year", tr("{year} 年度考核结果", year=year), ())))
    issued = {state.slug for state in outcome.notices}
    for notice in content.notices:
        if notice.slug in issued:
            records.append((Urls.notice(notice.slug), record_for("notice", notice.title, (notice.body_markdown,))))
    records.append((Urls.tasks(), record_for("tasks", tr("揭榜领题"), tuple(str(t) for t in content.tasks["title"]))))
    records.append((Urls.method(), record_for("method", tr("考核办法"), ())))
    return records
