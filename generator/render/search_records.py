"""What the search index holds for a page: its title, a sentence or two that say what it is (shown as the
result's excerpt), and the few words people search it by (names, short names, titles, a notice's text, task
titles), never its tables of numbers. Records are small pages written only for the indexer, at the paths of
the site's pages (a task's record, at a path of its own, links to its row on the tasks board).

Chinese text is spaced character by character (zero-width spaces) for the index: the browser cuts a query
into words with its own segmenter (ICU), which disagrees with the indexer's (jieba) — 区委统战部 is 区|委|统战|部
to one and 区委|统战部 to the other, and a term that matches no indexed word finds nothing. The search page cuts
the query into characters too, so every substring of a name is found, and short records rank first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape, unescape

from ..i18n import Translator
from ..model.types import Content
from ..outcome import Outcome
from .site import Urls

KIND_WEIGHT = {"unit": 10, "indicator": 10, "notice": 8, "task": 8, "home": 2, "period": 3, "year": 3, "tasks": 4,
               "method": 3}
SEARCH_BUNDLE = "pagefind"  # the primary bundle of the index: the search page loads its pagefind.js
# Record kinds indexed in a bundle of their own (many records that change on their own: a notice edited does
# not re-index a thousand units); the search page merges them into the primary (Pagefind's mergeIndex).
BUNDLES = {"notice": "pagefind-notices", "task": "pagefind-tasks"}
MAX_TASK_RECORDS = 5_000
MAX_BODY = 20_000  # characters of a notice's text that are indexed
SPLIT = "\u200b"  # a zero-width space: a word boundary for the indexer, invisible in an excerpt
# Han ideographs (with the extensions), kana, Hangul: each its own indexed word.
_IDEOGRAPH = re.compile("([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff])")
_TAG = re.compile(r"<[^>]+>")


def spaced(text: str) -> str:
    """`text` with a zero-width space after each CJK character (the index's words; see the module's doc)."""
    return _IDEOGRAPH.sub(lambda m: m.group(1) + SPLIT, text)


@dataclass(frozen=True)
class SearchRecord:
    kind: str  # unit | indicator | notice | task | period | year | tasks | method | home
    title: str
    words: tuple[str, ...]  # short texts: a short name, a kind, a notice's text, task titles
    summary: str = ""  # what the page is, in a sentence: the result's excerpt
    link: str = ""  # the page (with an anchor) when the record's own path is not a page of the site


def record_for(kind: str, title: str, words: tuple[str, ...], summary: str = "", link: str = "") -> SearchRecord:
    return SearchRecord(kind, title, tuple(w for w in words if w), summary, link)


def record_html(record: SearchRecord, lang: str) -> str:
    """The page Pagefind indexes: the title as the page's own heading (weighted by kind), the summary, then the
    words, all spaced for the index; the title, summary and link as they read, as metadata. No
    `data-pagefind-filter`: Pagefind (1.5) writes its filter index in a different order on each run, and the
    site must be the same bytes for the same content."""
    weight = KIND_WEIGHT.get(record.kind, 1)
    meta = [f'<meta data-pagefind-meta="title[content]" content="{escape(record.title)}">']
    if record.summary:
        meta.append(f'<meta data-pagefind-meta="summary[content]" content="{escape(record.summary)}">')
    if record.link:
        meta.append(f'<meta data-pagefind-meta="link[content]" content="{escape(record.link)}">')
    body = [f"<p>{escape(spaced(text[:MAX_BODY]))}</p>" for text in (record.summary, *record.words) if text]
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(record.title)}</title>'
            f'{"".join(meta)}</head><body><main data-pagefind-body><h1 data-pagefind-weight="{weight}">'
            f'{escape(spaced(record.title))}</h1>{"".join(body)}</main></body></html>')


def plain_text(markdown_text: str, comma: str = "，", stop: str = "。") -> str:
    """A notice's text without its markup, as a reader sees it (the excerpt shows it)."""
    from .markdown import render_markdown

    html = re.sub(r"<table.*?</table>", lambda m: re.sub(r">\s+<", "><", m.group(0)), render_markdown(markdown_text),
                  flags=re.S)
    html = re.sub(r"</t[dh]>(?=</tr>)", "", html)  # a table's row: its cells with "，" between, and "。"
    html = re.sub(r"</t[dh]>", comma, html)
    html = re.sub(r"</tr>", stop + "\n", html)
    html = re.sub(r"</(p|h\d|li|blockquote|pre|div)>", "\n", html)
    return re.sub(r"[ \t]*\n\s*", "\n", unescape(_TAG.sub("", html))).strip()


def latest_standings(outcome: Outcome, tr: Translator) -> dict[str, str]:
    """unit id -> its newest place on a main board, in a sentence (the unit's result excerpt)."""
    from ..model.types import MAIN_BOARD

    found: dict[str, str] = {}
    for period in reversed(outcome.periods):
        board = next((b for b in period.boards if b.id == MAIN_BOARD), None)
        rows = getattr(board, "rows", None)
        if rows is None or not hasattr(rows, "columns"):
            continue
        label = period.period.label_message().text(tr)
        tiers = board.rules.tiers  # type: ignore[union-attr]
        labels = {level.id: level.label for level in tiers.levels}
        for unit_id, rank, size, tier in zip(rows["unit_id"].tolist(), rows["rank"].tolist(), rows["group_size"].tolist(),
                                             rows["tier"].tolist(), strict=True):
            if unit_id not in found:
                found[unit_id] = tr("{period}综合考核第 {rank} 名（共 {size} 个），{tier}档。", period=label, rank=int(rank),
                                    size=int(size), tier=labels.get(tier, tier))
    return found


def search_records(content: Content, outcome: Outcome, tr: Translator) -> list[tuple[str, SearchRecord]]:
    """The record of every page people search for (and of every task), from the content and the outcome alone
    (so the indexer can start before any page is rendered): (record path, record)."""
    from .views import board_title

    names = {u.id: u.name for u in content.units}
    indicator_names = {i.id: i.name for i in content.indicators}
    records = [(Urls.home(), record_for("home", content.config.site.title, (),
                                        tr("本站首页：正在公示的通报、最新晾晒和各单位最新结果。")))]
    for period in outcome.periods:
        titles = tuple(board_title(b.title, tr) for b in period.boards)
        label = period.period.label_message().text(tr)
        # The indicators its boards show: a search for an indicator finds the boards that rank by it.
        shown = dict.fromkeys(i for b in period.boards for i in getattr(b, "indicator_ids", ()))
        indicators = tr("、").join(indicator_names.get(i, i) for i in shown)
        records.append((Urls.period(period.period.id), record_for(
            "period", label, (*titles, indicators),
            tr("{period}的晾晒表：{boards}。", period=label, boards=tr("、").join(titles)))))
    standings = latest_standings(outcome, tr)
    for unit in content.units:
        about = tr("{name}，简称{short}，{kind}。", name=unit.name, short=unit.short_name, kind=unit.kind) \
            if unit.short_name and unit.short_name != unit.name else tr("{name}，{kind}。", name=unit.name, kind=unit.kind)
        records.append((Urls.unit(unit.id), record_for("unit", unit.name, (unit.short_name, unit.kind),
                                                       about + standings.get(unit.id, ""))))
    for indicator in content.indicators:
        responsible = tr("、").join(names.get(u, u) for u in indicator.responsible)
        about = tr("{category}类考核指标。", category=indicator.category)
        if responsible:
            about += tr("责任单位：{units}。", units=responsible)
        records.append((Urls.indicator(indicator.id), record_for("indicator", indicator.name, (indicator.definition,),
                                                                 about)))
    for year in sorted({p.period.year for p in outcome.periods} | set(outcome.years), reverse=True):
        title = tr("{year} 年度考核结果", year=year)
        records.append((Urls.year(year), record_for("year", title, (), tr("{year} 年度的晾晒表和年度考核等次。", year=year))))
    issued = {state.slug for state in outcome.notices}
    for notice in content.notices:
        if notice.slug in issued:
            # The summary is its kind and date (its text is searched, and the sentence found is shown).
            records.append((Urls.notice(notice.slug), record_for(
                "notice", notice.title, (plain_text(notice.body_markdown, tr("，"), tr("。")),),
                tr("{kind} · {date}", kind=tr(notice.kind), date=notice.date.isoformat()))))
    tasks = content.tasks
    records.append((Urls.tasks(), record_for("tasks", tr("揭榜领题"), (),
                                             plural_tasks(len(tasks), tr))))
    # A record (a Pagefind fragment, and a line of the search page's name list) per task: a county has a few
    # hundred. Beyond MAX_TASK_RECORDS the rest are on the tasks board only, so that a 200,000-row tasks.csv
    # does not become 200,000 files of search index.
    listed = tasks[["id", "title", "claimant", "unit_id", "status"]].head(MAX_TASK_RECORDS)
    for task_id, title, claimant, unit_id, status in listed.itertuples(index=False, name=None):
        records.append((f"tasks/{task_id}/index.html", record_for(
            "task", str(title), (), tr("揭榜领题：{unit}，{claimant}，{status}。", unit=names.get(unit_id, unit_id),
                                       claimant=claimant, status=tr(status)), Urls.tasks(str(task_id)))))
    records.append((Urls.method(), record_for("method", tr("考核办法"), (),
                                              tr("考核办法：计分方法、权重、排名和分档规则，按年度列出。"))))
    return records


def plural_tasks(n: int, tr: Translator) -> str:
    return tr.plural("揭榜领题：共 {n} 项任务的领题人、进度和预警。", "揭榜领题：共 {n} 项任务的领题人、进度和预警。", n)


NAMED_KINDS = ("unit", "indicator", "notice", "task", "period", "year")


def search_words(records: Sequence[tuple[str, SearchRecord]]) -> list[list[str]]:
    """What the search page looks names up in (from file:// too): per unit, indicator, notice, task, period and
    year, [title, its other names joined by "|", its link from the site's root, kind, summary]."""
    words = []
    for path, record in records:
        if record.kind in NAMED_KINDS:
            others = "|".join(record.words[:1]) if record.kind == "unit" else ""  # a unit's short name
            words.append([record.title, others, record.link or path, record.kind, record.summary])
    return words


def bundle_of(kind: str) -> str:
    return BUNDLES.get(kind, SEARCH_BUNDLE)


def by_bundle(records: Sequence[tuple[str, SearchRecord]]) -> dict[str, list[tuple[str, SearchRecord]]]:
    """The records of each bundle that has any, in their order."""
    grouped: dict[str, list[tuple[str, SearchRecord]]] = {}
    for path, record in records:
        grouped.setdefault(bundle_of(record.kind), []).append((path, record))
    return grouped


def merged_bundles(records: Sequence[tuple[str, SearchRecord]]) -> list[str]:
    """The bundles the search page merges into the primary: those that hold a record."""
    kinds = {record.kind for _, record in records}
    return [bundle for kind, bundle in BUNDLES.items() if kind in kinds]
