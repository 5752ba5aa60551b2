"""Every file of the site as an `Output`: its path, a key (a digest of everything it is made from) and how
to make it. Nothing is rendered here: the write stage makes only the outputs whose key changed.

Each page is made by a builder from one data object; the key is derived from that object (with the
templates, the program and the site's identity), so what a page reads and what its key covers are the
same thing by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..fingerprint import Memo, digest
from ..i18n import Translator
from ..memo import Memo as StageMemo
from ..memo import no_memo
from ..model.types import MAIN_BOARD, Content
from ..outcome import Outcome, StandingsBoard, UnitBoard
from ..outputs import Output
from .data import period_csv, period_data, period_json
from .downloads import download_outputs
from .html import TemplateClosures, environment, render_page
from .indexes import Indexes
from .markdown import render_markdown
from .page_boards import NoticeLink, PeriodData, YearItem, period_context, period_items, year_context, year_data
from .page_home import HomeData, home_context, notice_items
from .page_misc import IndicatorData, MethodData, NoticeContext, TasksData, indicator_context, method_context, tasks_context
from .page_unit import unit_page_builder
from .search_records import SearchRecord, merged_bundles, search_words
from .site import SiteView, site_view
from .unit_data import UnitData, gather_unit_data, labels_digest
from .views import Views


@dataclass(frozen=True)
class PageMeta:
    path: str
    title: str
    nav: str


@dataclass(frozen=True)
class ListData:
    items: tuple[Any, ...]


@dataclass(frozen=True)
class SearchPageData:
    words: tuple[tuple[str, ...], ...]  # search_records.search_words: what it looks names up in
    bundles: tuple[str, ...]  # the index bundles merged into the primary one


@dataclass(frozen=True)
class UnitRef:
    """A unit's page data by reference: the unit, and the digest of its UnitData (the page's key)."""

    unit_id: str
    digest: str


@dataclass(frozen=True)
class Options:
    pdf_links: bool
    version: str
    code: str  # digest of this program: every output depends on it
    cache: Path | None = None  # the build cache (compiled templates are kept there)
    memo: StageMemo[Any] = no_memo  # the build's stage cache, for what planning derives from whole stages


class Planner:
    def __init__(self, content: Content, outcome: Outcome, options: Options, tr: Translator,
                 records: Sequence[tuple[str, SearchRecord]]) -> None:
        self.content = content
        self.records = records
        self.outcome = outcome
        self.options = options
        self.tr = tr
        self.env = environment(content.root, tr, options.cache)
        config = content.config.site
        self.site: SiteView = site_view(config.title, config.organization, config.contact, content.lang, outcome.today,
                                        outcome.data_date, options.version, options.pdf_links, tr)
        self.common = digest(options.code, self.site, content.lang, content.config.shows)
        self.template_digest = TemplateClosures(self.env)
        errata = {}
        for frozen in content.frozen:
            for erratum in frozen.errata:
                if erratum.unit:
                    key = (erratum.unit, erratum.period or str(frozen.year))
                    errata[key] = tr("勘误（{date}）：{what} 原公布 {old}，更正为 {new}", date=erratum.date.isoformat(),
                                     what=erratum.what, old=erratum.old, new=erratum.new)
        self.views = Views(content, tr, errata)
        self.errata = errata
        self.indexes = Indexes(outcome)
        self.outputs: list[Output] = []
        self.memo = Memo()
        self._unit_data: dict[str, UnitData] | None = None

    def page(self, path: str, template: str, title: str, nav: str, builder: Callable[[Any], Any], data: Any) -> None:
        key = self.memo.digest("page", path, template, self.template_digest(template), title, nav, self.common, data)
        env, site, meta = self.env, self.site, PageMeta(path, title, nav)

        def make() -> bytes:
            return render_page(env, template, path, site=site, page=meta, ctx=builder(data)).encode("utf-8")

        self.outputs.append(Output(path, key, make))

    def plan(self) -> list[Output]:
        tr = self.tr
        content, outcome = self.content, self.outcome
        notices = notice_items(content.notices, outcome.notices)
        issued = {n.slug for n in notices}
        warnings = outcome.warnings.merge(content.tasks[["id", "title"]], how="left", left_on="task_id", right_on="id") \
            .drop(columns=["id"])
        years = sorted({p.period.year for p in outcome.periods} | set(outcome.years), reverse=True)
        frozen = {f.year: f for f in content.frozen}
        home = HomeData(content.units, outcome.periods, notices, tuple(outcome.worst_streaks.items()), warnings,
                        tuple((y, y in frozen) for y in years))
        self.page("index.html", "index.html", content.config.site.title, "home",
                  lambda d: home_context(d, self.views, tr, self.indexes), home)
        self.page("periods/index.html", "periods.html", tr("全部期次"), "periods",
                  lambda d: ListData(period_items(d.items, tr)), ListData(outcome.periods))
        shows = content.config.shows  # what each board's indicator cells show ([display] show, per board)
        for period in outcome.periods:
            about = tuple(NoticeLink(n.slug, n.title, n.kind) for n in content.notices
                          if n.period == period.period.id and n.slug in issued)
            label = period.period.label_message().text(tr)
            self.page(f"periods/{period.period.id}/index.html", "period.html", label, "periods",
                      lambda d: period_context(d, self.views, tr),
                      PeriodData(period, about, shows, tuple(sorted((u, text) for (u, p), text in self.errata.items()
                                                                    if p == period.period.id))))
        self.unit_pages()
        self.indicator_pages()
        items = tuple(YearItem(y, outcome.years[y].source if y in outcome.years else None,
                               sum(len(p.boards) for p in outcome.periods if p.period.year == y), y in frozen) for y in years)
        self.page("years/index.html", "years.html", tr("年度档案"), "years", lambda d: d, ListData(items))
        for year in years:
            # The page shows the year's annual boards and names its other periods: that is its data, so that an
            # edit to a month does not make it again.
            shown = tuple(p if p.period.kind == "year" else replace(p, boards=()) for p in outcome.periods
                          if p.period.year == year)
            self.page(f"years/{year}/index.html", "year.html", tr("{year} 年度考核结果", year=year), "years",
                      lambda d: year_context(d, content, self.views, tr), year_data(content, outcome, year, shown))
        self.page("notices/index.html", "notices.html", tr("通报公告"), "notices", lambda d: d, ListData(notices))
        bodies = {n.slug: n for n in content.notices}
        for item in notices:
            notice = bodies[item.slug]
            self.page(f"notices/{item.slug}/index.html", "notice.html", item.title, "notices",
                      lambda d: NoticeContext(d[0], Markup(render_markdown(d[1]))), (item, notice.body_markdown))
        tasks = TasksData(content.tasks, outcome.warnings, content.units, outcome.today)
        self.page("tasks/index.html", "tasks.html", tr("揭榜领题"), "tasks", lambda d: tasks_context(d, tr), tasks)
        method = MethodData(tuple(outcome.rules_by_year.items()), content.config, content.indicators)
        self.page("method/index.html", "method.html", tr("考核办法"), "method", lambda d: method_context(d, tr), method)
        # The search page lists the names for its offline filter, and the index bundles it merges: they are
        # its data (and so its key).
        self.page("search/index.html", "search.html", tr("搜索"), "", lambda d: d,
                  SearchPageData(tuple(tuple(words) for words in search_words(self.records)),
                                 tuple(merged_bundles(self.records))))
        self.data_files()
        return self.outputs

    def unit_pages(self) -> None:
        content, tr = self.content, self.tr
        builder = unit_page_builder(content, self.outcome, tr)
        digests = self.unit_digests()
        for unit in content.units:
            self.page(f"units/{unit.id}/index.html", "unit.html", unit.name, "home",
                      lambda ref: builder.context(self.unit_data()[ref.unit_id]), UnitRef(unit.id, digests[unit.id]))

    def unit_data(self) -> dict[str, UnitData]:
        """Every unit's page data, gathered when a unit page is first made (or before the workers fork)."""
        if self._unit_data is None:
            self._unit_data = gather_unit_data(self.content, self.outcome, self.indexes)
        return self._unit_data

    def unit_digests(self) -> dict[str, str]:
        """unit id -> the digest of its UnitData, remembered between builds under a digest of everything
        gather_unit_data reads: a build that changes none of it (a notice edited) digests no unit."""
        content, outcome = self.content, self.outcome
        read = digest("unit-data", labels_digest(content), content.units_digest, outcome.periods,
                      sorted((y, g.digest) for y, g in outcome.years.items()), outcome.flags_digest or outcome.flags,
                      content.tasks, outcome.warnings, tuple(outcome.worst_streaks.items()),
                      tuple((f.year, f.errata) for f in content.frozen))
        digests: dict[str, str] = self.options.memo(
            "unit-page-digests", (read,), lambda: {unit_id: data.digest for unit_id, data in self.unit_data().items()})
        return digests

    def indicator_pages(self) -> None:
        content, outcome, tr = self.content, self.outcome, self.tr
        rows = tuple((i.id, i.name, i.category, str(i.weight), tr("越高越好") if i.direction == "higher" else tr("越低越好"),
                      i.unit) for i in content.indicators)
        self.page("indicators/index.html", "indicators.html", tr("考核指标"), "indicators", lambda d: d, ListData(rows))
        for indicator in content.indicators:
            boards = tuple((p.period, self.indexes.boards[(p.period.id, b.id)]) for p in outcome.periods
                           for b in p.boards if isinstance(b, UnitBoard) and indicator.id in b.indicator_ids)
            standings = tuple((p.period, b) for p in outcome.periods for b in p.boards
                              if isinstance(b, StandingsBoard) and any(r.indicator_id == indicator.id for r in b.rows))
            data = IndicatorData(indicator, boards, standings, content.units, content.config)
            self.page(f"indicators/{indicator.id}/index.html", "indicator.html", indicator.name, "indicators",
                      lambda d: indicator_context(d, tr), data)

    def data_files(self) -> None:
        content, outcome, tr = self.content, self.outcome, self.tr
        from ..review.notices import NOTICES, notices_json  # the notices issued, for open data and `gongshi diff`

        notices_data = notices_json(content, outcome)
        self.outputs.append(Output.ready(NOTICES, digest("notices", notices_data), notices_data))
        archived = {path: data for frozen in content.frozen for path, data in frozen.files.items()
                    if path.startswith("data/")}
        names = digest([(u.id, u.name) for u in content.units_by_id.values()],
                       [(i.id, i.name) for i in content.indicators_by_id.values()],
                       [(f.id, f.label) for f in content.config.flags])
        for period in outcome.periods:
            path = f"data/{period.period.id}.json"
            if path in archived:
                frozen_json = archived[path]
                self.outputs.append(Output.ready(path, digest("archived", frozen_json), frozen_json))
                self.outputs.append(Output(f"data/{period.period.id}.csv", digest("archived-csv", self.common, frozen_json),
                                           partial(_archived_csv, frozen_json)))
                continue
            key = digest("data", self.options.code, names, period, outcome.years.get(period.period.year), content.lang)
            made: dict[str, Any] = {}

            def data_of(period: Any = period, made: dict[str, Any] = made) -> Any:
                # The JSON and the CSV of a period are made from the same data, made once.
                if "data" not in made:
                    made["data"] = period_data(content, outcome, period, tr, self.indexes.boards)
                return made["data"]

            def make_csv(data_of: Any = data_of, made: dict[str, Any] = made) -> bytes:
                data = data_of()
                made.pop("data", None)  # the JSON came first: what they share is not kept after
                return period_csv(data)

            self.outputs.append(Output(path, key, partial(_made_json, data_of)))
            self.outputs.append(Output(f"data/{period.period.id}.csv", digest("csv", key), make_csv))
        # The workbooks (every period's, a frozen one's from its archived boards), years, tasks, units' history.
        self.outputs += download_outputs(content, outcome, tr, self.common, self.indexes, dict(content.config.shows))


def _archived_csv(frozen_json: bytes) -> bytes:
    return period_csv(_json(frozen_json))


def _made_json(data_of: Callable[[], Any]) -> bytes:
    return period_json(data_of())


def _json(data: bytes) -> Any:
    import json

    return json.loads(data)


def plan_site(content: Content, outcome: Outcome, options: Options, tr: Translator,
              records: Sequence[tuple[str, SearchRecord]]) -> tuple[list[Output], Callable[[], None]]:
    """The outputs, and what to run before making many of them in worker processes (the shared lookups and
    the compiled templates, made once)."""
    planner = Planner(content, outcome, options, tr, records)
    outputs = planner.plan()

    def prepare() -> None:
        planner.indexes.warm()
        planner.unit_data()
        planner.template_digest.compile_used()

    return outputs, prepare


__all__ = ["MAIN_BOARD", "Options", "Output", "plan_site"]
