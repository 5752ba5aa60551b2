"""Which PDFs a site has, what each is made from, and the HTML it is rendered from (templates/pdf/).

A PDF is a `PdfSpec`: its path, the data it is drawn from (the cache key derives from it) and how to make
its HTML — which is only done when the cache does not hold it; a year book's also says how to make it in
sections (`BookPlan`). The numbers come from the same views as the site's pages, so both show the same digits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from ..fonts import Fonts
from ..i18n import Translator
from ..model.config import PdfSection
from ..model.types import Content
from ..outcome import Outcome, PeriodOutcome
from ..render.format import change_text, long_date
from ..render.indexes import Indexes
from ..render.markdown import render_markdown
from ..render.page_boards import YearData, year_context, year_data
from ..render.page_home import notice_items
from ..render.page_unit import unit_page_builder
from ..render.site import SiteView
from ..render.unit_data import UnitData, gather_unit_data
from ..render.views import BoardView, TierView, Views, value_cells
from .style import UNNUMBERED, css_text

PAPER_MM = {"A2": (420, 594), "A3": (297, 420), "B4": (250, 353), "A4": (210, 297)}
BOARD_MARGIN_MM = 12  # left and right margin of a board page (print.css, @page board)
BOOK_WIDE = ("A4", "landscape")  # the board pages of a year book
MM_TO_PT = 72 / 25.4
FLAG_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"
# A one-page report card: the chart's height (mm) and how many lines of each list it prints, loosest first;
# level n is the <body> class fit-n (style.card_fit_css), tried in turn when the card does not fit a page.
CARD_FITS = (
    {"chart_mm": 60, "recent": 5, "grades": 4, "standings": 5, "tasks": 5},
    {"chart_mm": 44, "recent": 4, "grades": 3, "standings": 4, "tasks": 4},
    {"chart_mm": 34, "recent": 3, "grades": 3, "standings": 3, "tasks": 3},
)
CONTENTS_PER_PAGE = 34  # lines of a book's contents on an A4 page (print.css .contents), for a first guess
BOARD_FALLBACKS = ("compact",)  # print.css: the tighter layout, when the last page would be nearly empty
_DATE_LINE = re.compile(r"^\s*(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2})\s*$")
_LAST_P = re.compile(r"<p>((?:(?!<p>).)*)</p>\s*$", re.DOTALL)
_FIRST_P = re.compile(r"^\s*<p>([^<]{1,80}：)</p>")


@dataclass(frozen=True)
class PdfJob:
    """One PDF's HTML documents, rendered in turn and joined page after page (a board PDF joins one document
    per board, so that each counts its own pages). `fallbacks`: <body> classes tried in turn for tighter
    layouts when a document has more than `max_pages` pages or a nearly empty last page. `extra_css`: a
    stylesheet after the print stylesheet. `front_pages`: the job is a book's front (engine.render_front),
    whose first document is assumed to have that many pages until rendered."""

    path: str
    parts: tuple[str, ...]
    fallbacks: tuple[str, ...] = ()
    max_pages: int | None = None
    extra_css: str = ""
    front_pages: int | None = None

    @property
    def weight(self) -> int:
        return sum(len(part) for part in self.parts)


@dataclass(frozen=True)
class PdfSpec:
    path: str
    data: Any  # everything the PDF is drawn from: its cache key derives from it
    make: Callable[[], PdfJob]  # the PDF as one job
    plan: Callable[[], BookPlan] | None = None  # a year book: how to make it in sections instead


@dataclass(frozen=True)
class BookSection:
    """The boards of one period of a year book, as a PDF of their own (no page footer: style.UNNUMBERED)."""

    spec: PdfSpec
    level: int  # the outline level of its first bookmark: 1 when it opens 各期晾晒, else 2 (its period)
    anchors: tuple[str, ...]  # where each of its boards starts (an id, a named destination of its PDF)


@dataclass(frozen=True)
class BookPlan:
    """A year book made in sections, each cached on its own and rendered in parallel (render.py), then joined
    (join.py): the period sections; the front (cover, contents, grades), made once the page of every board
    is known (`front`: given each anchor's page counted from the first section's first page, 1-based); the
    page numbers, one empty page with a footer per page of the book (`stamp`: given each page's name)."""

    path: str
    sections: tuple[BookSection, ...]
    front: Callable[[Mapping[str, int]], PdfJob]
    stamp: Callable[[Sequence[str]], PdfJob]

    @staticmethod
    def page_names(front: int, sections: int) -> list[str]:
        """The named page (print.css) of each page of a book whose front has `front` pages: the cover, the
        front's others, then the boards' (A4 landscape)."""
        return ["cover"] + ["book"] * (front - 1) + ["wide"] * sections


@dataclass(frozen=True)
class BoardMeta:
    """What a printed board says around its table."""

    publisher: str
    published: str
    window: str  # 公示期
    contact: str
    font_pt: float
    width_pct: int


@dataclass(frozen=True)
class FlagMark:
    mark: str
    label: str


def paper_width_mm(paper: str, orientation: str) -> float:
    width, height = PAPER_MM[paper]
    return float(height if orientation == "landscape" else width)


def unit_column_em(board: BoardView) -> float:
    """The width of the unit column in em: the longest name (with its flag marks), at most 15 em."""
    longest = max((len(row.unit) + 1.6 * len(row.flags) for row in board.rows), default=6)
    return min(max(longest, 4) + 1.2, 15)


def board_ems(board: BoardView) -> float:
    """The natural width of a board's table in em: a CJK character is 1 em, a digit about 0.55 em."""
    if board.kind == "standings":
        return 12 + 6 + 4.6 + 16 + 8
    ems = 2.8 + unit_column_em(board) + 4.6 + 4.2 + 4.0  # rank, unit, score, tier, change (print.css)
    ems += 3.4 if board.has_grades else 0
    ems += 4.1 * len(board.indicators)
    ems += 3.4 * (board.has_bonus + board.has_penalty)
    ems += 7 if board.has_notes else 0
    return ems


def board_font_pt(board: BoardView, width_mm: float, smallest: float = 6.5) -> float:
    """The largest type size (pt, to 0.1; at most 10 for unit boards, 12 for standings) at which every column
    fits `width_mm` of paper."""
    largest = 12.0 if board.kind == "standings" else 10.0
    available = (width_mm - 2 * BOARD_MARGIN_MM) * MM_TO_PT
    return max(smallest, min(largest, int(available / board_ems(board) * 10) / 10))


def board_width_pct(board: BoardView, width_mm: float, font_pt: float) -> int:
    """The table's width in % of the line: all of it, unless its columns would stretch to more than 1.5
    times their natural width (a themed board of two indicators), then narrower and centred."""
    available = (width_mm - 2 * BOARD_MARGIN_MM) * MM_TO_PT
    return max(60, min(100, round(board_ems(board) * font_pt * 1.5 / available * 100)))


def flag_marks(board: BoardView) -> dict[str, FlagMark]:
    marks: dict[str, FlagMark] = {}
    for row in board.rows:
        for flag in row.flags:
            if flag.id not in marks:
                marks[flag.id] = FlagMark(FLAG_MARKS[len(marks) % len(FLAG_MARKS)], flag.label)
    return marks


def tint(color: str, share: float) -> str:
    """`color` mixed with white (`share` of the colour): the best tier's fill, light enough to be told from
    the worst tier's solid fill in a greyscale copy."""
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in channels)


def tier_class(tier: TierView) -> str:
    return "t-best" if tier.is_best else "t-worst" if tier.is_worst else "t-mid"


def tier_style(tier: TierView) -> str:
    if tier.is_worst:
        return f"background: {tier.color}; color: {tier.text_color}"
    if tier.is_best:
        return f"background: {tint(tier.color, 0.3)}; border-color: {tier.color}"
    return f"border-color: {tier.color}"


def tier_cell(tier: TierView) -> Markup:
    return Markup(f'<td class="tier {tier_class(tier)}" style="{escape(tier_style(tier))}">'
                  f"{escape(tier.shape)} {escape(tier.label)}</td>")


def tier_badge(tier: TierView) -> Markup:
    return Markup(f'<span class="tier {tier_class(tier)}" style="{escape(tier_style(tier))}">'
                  f"{escape(tier.shape)} {escape(tier.label)}</span>")


def print_chart(svg: str, family: str) -> Markup:
    """The site's history chart with the styles it takes from site.css written into it (WeasyPrint's SVG
    renderer does not see the page's stylesheet), in black and grey for greyscale printing."""
    if not svg:
        return Markup("")
    family = re.sub(r"[\\'\"<>&;{}]", "", family)
    style = ("<style>.grid{stroke:#c8c8c8;stroke-width:1}"
             f".axis{{font-family:'{family}';font-size:13px;fill:#333}}.line{{fill:none;stroke:#444;stroke-width:2}}"
             f".mark{{font-family:'{family}';font-size:17px}}</style>")
    head_end = svg.index(">") + 1
    return Markup(svg[:head_end] + style + svg[head_end:])


def notice_body(html: str) -> tuple[str, bool]:
    """The notice's HTML for print: the addressee line (主送机关) unindented, and a closing signature block
    (organisation lines and a date) set right as 公文 do. Returns (html, has its own signature)."""
    html = _FIRST_P.sub(r'<p class="addressee">\1</p>', html, count=1)
    match = _LAST_P.search(html)
    if match:
        lines = [line.strip() for line in match.group(1).strip().split("\n") if line.strip()]
        if 1 <= len(lines) <= 5 and _DATE_LINE.match(lines[-1]) and all(len(line) <= 40 for line in lines):
            block = "<br>".join(f'<span class="sign-line">{line}</span>' for line in lines)
            return html[: match.start()] + f'<p class="sign">{block}</p>\n', True
    return html, False


class PdfDocuments:
    """Every PDF of the site as a PdfSpec, rendered from templates/pdf/ with the site's views."""

    def __init__(self, content: Content, outcome: Outcome, tr: Translator, env: Environment, settings: PdfSection,
                 fonts: Fonts, site: SiteView) -> None:
        self.content, self.outcome, self.tr = content, outcome, tr
        self.env, self.settings, self.fonts, self.site = env, settings, fonts, site
        self.views = Views(content, tr)
        env.globals.update(
            long_date=lambda value: long_date(value, tr), unit_column_em=unit_column_em, flag_marks=flag_marks,
            tint=tint, tier_class=tier_class, tier_cell=tier_cell, tier_badge=tier_badge, change_text=change_text,
            value_cells=value_cells, css_text=css_text, na=tr("不适用"))

    def specs(self, years: Sequence[int] | None = None) -> list[PdfSpec]:
        return list(self._specs(years))

    def _specs(self, only_years: Sequence[int] | None) -> Iterator[PdfSpec]:
        outcome, content = self.outcome, self.content
        wanted = set(only_years) if only_years is not None else None
        for period in outcome.periods:
            if wanted is None or period.period.year in wanted:
                window = outcome.board_windows.get(period.period.id)
                yield PdfSpec(f"pdf/board-{period.period.id}.pdf", ("board", period, window),
                              partial(self.board_job, period))
        if wanted is None:
            items = {item.slug: item for item in notice_items(content.notices, outcome.notices)}
            for notice in content.notices:
                if notice.slug in items:
                    item = items[notice.slug]
                    yield PdfSpec(f"pdf/notice-{notice.slug}.pdf", ("notice", item, notice.body_markdown),
                                  partial(self.notice_job, item, notice.body_markdown))
            builder = unit_page_builder(content, outcome, self.tr)
            for unit_id, unit_data in gather_unit_data(content, outcome, Indexes(outcome)).items():
                yield PdfSpec(f"pdf/unit-{unit_id}.pdf", ("unit", unit_data), partial(self.unit_job, unit_data, builder))
        frozen = {f.year: f for f in content.frozen}
        for year in sorted({p.period.year for p in outcome.periods} | set(outcome.years), reverse=True):
            if wanted is not None and year not in wanted:
                continue
            archive = frozen.get(year)
            data = year_data(content, outcome, year, tuple(p for p in outcome.periods if p.period.year == year))
            windows = tuple(outcome.board_windows.get(p.period.id) for p in data.periods)
            yield PdfSpec(f"pdf/year-{year}.pdf", ("year", data, windows), partial(self.year_job, data),
                          partial(self.book_plan, data))
            if archive is not None and archive.errata and wanted is None:
                yield PdfSpec(f"pdf/year-{year}-errata.pdf", ("errata", year, archive.errata, archive.checksum),
                              partial(self.errata_job, archive))

    def render(self, template: str, title: str, **context: Any) -> str:
        return self.env.get_template(template).render(site=self.site, doc_title=title, html_lang=self.site.html_lang,
                                                      settings=self.settings, **context)

    def board_meta(self, board: BoardView, width_mm: float) -> BoardMeta:
        tr = self.tr
        window = self.outcome.board_windows.get(board.period_id)
        config = self.content.config.site
        font_pt = board_font_pt(board, width_mm)
        return BoardMeta(config.organization, long_date(self.outcome.today, tr),
                         tr("{start}至{end}", start=long_date(window[0], tr), end=long_date(window[1], tr)) if window else "",
                         config.contact, font_pt, board_width_pct(board, width_mm, font_pt))

    def board_job(self, period: PeriodOutcome) -> PdfJob:
        width = paper_width_mm(self.settings.paper, self.settings.orientation)
        parts = []
        for board in period.boards:
            view = self.views.board(board)
            parts.append(self.render("pdf/board.html", view.title, board=view, meta=self.board_meta(view, width)))
        return PdfJob(f"pdf/board-{period.period.id}.pdf", tuple(parts), fallbacks=BOARD_FALLBACKS)

    def notice_job(self, item: Any, markdown: str) -> PdfJob:
        tr = self.tr
        body, signed = notice_body(render_markdown(markdown))
        window = tr("{start}至{end}", start=long_date(item.window[0], tr), end=long_date(item.window[1], tr)) \
            if item.window else None
        html = self.render("pdf/notice.html", item.title, notice=item, body=Markup(body), signed=signed, window=window,
                           gongwen=self.settings.gongwen, title_fallback=self.fonts.title.fallback)
        return PdfJob(f"pdf/notice-{item.slug}.pdf", (html,))

    def unit_job(self, data: UnitData, builder: Any) -> PdfJob:
        """A one-page A4 report card; lists are cut to what fits, with a line saying how many more the web
        page shows; tighter layouts (CARD_FITS) are tried when the loosest overflows."""
        context = builder.context(data)
        loosest = CARD_FITS[0]
        recent = [h for h in context.history if h.board_id == "main" and h.ranked]
        standings: Sequence[Any] = ()
        if context.standings:
            newest = context.standings[0].period_id
            standings = [s for s in context.standings if s.period_id == newest]

        def more(items: Sequence[Any], key: str) -> list[tuple[int, int]]:
            return [(level, len(items) - fit[key]) for level, fit in enumerate(CARD_FITS, 1) if len(items) > fit[key]]

        html = self.render(
            "pdf/unit.html", self.tr("{unit}考核结果报告单", unit=data.unit.name), ctx=context,
            chart=print_chart(str(context.chart), self.fonts.sans.family), recent=recent[: loosest["recent"]],
            grades=context.grades[: loosest["grades"]], standings=standings[: loosest["standings"]],
            more_standings=more(standings, "standings"), tasks=context.tasks[: loosest["tasks"]],
            more_tasks=more(context.tasks, "tasks"))
        fallbacks = tuple(f"fit-{level}" for level in range(2, len(CARD_FITS) + 1))
        return PdfJob(f"pdf/unit-{data.unit.id}.pdf", (html,), fallbacks=fallbacks, max_pages=1)

    def book_periods(self, data: YearData) -> list[PeriodOutcome]:
        """The periods of a year's book in its order: the year itself, then the others by date."""
        return sorted(data.periods, key=lambda p: (p.period.kind != "year", p.period))

    def book_section(self, period: PeriodOutcome) -> tuple[str, str, list[tuple[BoardView, BoardMeta]]]:
        """(period id, label, its boards with what a book page prints around them) of one period of a book."""
        width = paper_width_mm(*BOOK_WIDE)
        boards = [self.views.board(b) for b in period.boards]
        return period.period.id, period.period.label_message().text(self.tr), [(b, self.board_meta(b, width)) for b in boards]

    def book_title(self, year: int) -> str:
        return self.tr("{year}年度考核结果汇编", year=year)

    def year_job(self, data: YearData) -> PdfJob:
        """The whole book as one document, numbered by WeasyPrint itself: the archival PDF of a frozen year (a
        book joined from sections would not be PDF/A without more work, and freezing is rare)."""
        context = year_context(data, self.content, self.views, self.tr)
        sections = [self.book_section(period) for period in self.book_periods(data)]
        html = self.render("pdf/year.html", self.book_title(data.year), part="book", ctx=context, sections=sections)
        return PdfJob(f"pdf/year-{data.year}.pdf", (html,))

    def book_plan(self, data: YearData) -> BookPlan:
        """The book as render.py makes it for the site: a section per period with boards, each keyed by that
        period's data only (not by the page it starts on: sections print no page numbers), so that an edit to one
        period renders one section again; the front and the page numbers once the sections' lengths are known."""
        path = f"pdf/year-{data.year}.pdf"
        sections = []
        for number, period in enumerate(self.book_periods(data)):
            if not period.boards:
                continue
            opens = number == 0  # the book's first period opens 各期晾晒, as in year_job
            pid = period.period.id
            spec = PdfSpec(f"{path}#{pid}", ("book-section", data.year, period, self.outcome.board_windows.get(pid), opens),
                           partial(self.section_job, data.year, period, opens))
            sections.append(BookSection(spec, 1 if opens else 2, tuple(f"b-{pid}-{b.id}" for b in period.boards)))
        return BookPlan(path, tuple(sections), partial(self.front_job, data), partial(self.stamp_job, path))

    def section_job(self, year: int, period: PeriodOutcome, opens: bool) -> PdfJob:
        html = self.render("pdf/year.html", self.book_title(year), part="section", ctx=None,
                           sections=[self.book_section(period)], opens_boards=opens)
        return PdfJob(f"pdf/year-{year}.pdf#{period.period.id}", (html,), extra_css=UNNUMBERED)

    def front_job(self, data: YearData, starts: Mapping[str, int]) -> PdfJob:
        """Cover and contents, then the grades: the contents' numbers are engine.PAGE_TOKENs, a board's the
        page it starts on counted from the first after the front (F), the grades' from the first after the
        contents (C)."""
        context = year_context(data, self.content, self.views, self.tr)
        sections = [self.book_section(period) for period in self.book_periods(data)]
        pages = {anchor: f"@@page:F+{page}@@" for anchor, page in starts.items()}
        pages["grades"] = "@@page:C+1@@"
        title = self.book_title(data.year)
        parts = [self.render("pdf/year.html", title, part="front", ctx=context, sections=sections, pages=pages)]
        if context.grades:
            parts.append(self.render("pdf/year.html", title, part="grades", ctx=context, sections=sections))
        entries = bool(context.grades) + sum(len(boards) for _, _, boards in sections) + 1
        guess = 1 + math.ceil(entries / CONTENTS_PER_PAGE)  # the cover, then the contents
        return PdfJob(f"pdf/year-{data.year}.pdf#front", tuple(parts), extra_css=UNNUMBERED, front_pages=guess)

    def stamp_job(self, path: str, names: Sequence[str]) -> PdfJob:
        """The page numbers of a book of `names` pages (pdf/stamp.html): only their count and names matter."""
        return PdfJob(f"{path}#numbers", (self.render("pdf/stamp.html", "", pages=list(names)),))

    def errata_job(self, frozen: Any) -> PdfJob:
        """A frozen year's errata, an appendix to its archived book (which itself never changes)."""
        html = self.render("pdf/errata.html", self.tr("{year}年度考核结果汇编勘误表", year=frozen.year), year=frozen.year,
                           frozen_on=frozen.frozen_on, errata=frozen.errata, checksum=frozen.checksum)
        return PdfJob(f"pdf/year-{frozen.year}-errata.pdf", (html,))
