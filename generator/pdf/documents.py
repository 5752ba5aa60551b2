"""Which PDFs a site has, and the HTML each one is rendered from (Jinja templates in templates/pdf/).

Everything here runs in the main process and is cheap: the HTML strings are also what the PDF cache is
keyed on. The numbers come from the same view models as the site's pages, so both show the same digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from ..config import PdfSection
from ..fonts import Fonts
from ..model import Content, Notice, Unit
from ..render.markdown import render_markdown
from ..render.pages import SiteBuilder, working_days_after
from ..render.views import BoardView, TierView
from ..rules import Outcome
from .texts import long_date, pdf_translator

# Paper sizes in millimetres, portrait (width, height).
PAPER_MM = {"A2": (420, 594), "A3": (297, 420), "B4": (250, 353), "A4": (210, 297)}
BOARD_MARGIN_MM = 12  # left and right margin of a board page (print.css, @page board)
BOOK_WIDE = ("A4", "landscape")  # the board pages of a year book
MM_TO_PT = 72 / 25.4
FLAG_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"
# A one-page report card: the chart's height (mm) and how many lines of each list it prints, loosest
# first; level n is the <body> class fit-n (its CSS is made by style.card_fit_css), tried in turn when
# the card does not fit one page.
CARD_FITS = (
    {"chart_mm": 60, "recent": 5, "grades": 4, "standings": 5, "tasks": 5},
    {"chart_mm": 44, "recent": 4, "grades": 3, "standings": 4, "tasks": 4},
    {"chart_mm": 34, "recent": 3, "grades": 3, "standings": 3, "tasks": 3},
)
# A board's tighter layout (print.css: smaller type and padding), tried when the loose one leaves a
# nearly empty last page.
BOARD_FALLBACKS = ("compact",)
_DATE_LINE = re.compile(r"^\s*(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2})\s*$")
_LAST_P = re.compile(r"<p>((?:(?!<p>).)*)</p>\s*$", re.DOTALL)
_FIRST_P = re.compile(r"^\s*<p>([^<]{1,80}：)</p>")


@dataclass(frozen=True)
class PdfJob:
    """One PDF: its path in the site and its HTML documents, rendered in turn and joined page after page
    (a board PDF joins one document per board, so that each board counts its own pages).

    `fallbacks`: classes added to a document's <body>, in turn, for tighter layouts (print.css), tried
    when it has more than `max_pages` pages (a report card must stay on one page whatever the unit's
    history) or when its last page holds next to nothing (a board's closing lines alone on a page)."""

    path: str
    parts: tuple[str, ...]
    fallbacks: tuple[str, ...] = ()
    max_pages: int | None = None

    @property
    def weight(self) -> int:
        return sum(len(part) for part in self.parts)


@dataclass(frozen=True)
class BoardMeta:
    """What a printed board says around its table."""

    publisher: str
    published: str  # long date
    window: str  # 公示期
    contact: str
    font_pt: float  # the table's type size, so that every column fits the paper's width
    width_pct: int  # the table's width, % of the line


@dataclass(frozen=True)
class FlagMark:
    mark: str
    label: str


def paper_width_mm(paper: str, orientation: str) -> float:
    width, height = PAPER_MM[paper]
    return float(height if orientation == "landscape" else width)


def board_ems(board: BoardView) -> float:
    """The natural width of a board's table in em of its font: a CJK character is 1 em, a digit about
    0.55 em, plus cell padding."""
    if board.kind == "standings":
        return 12 + 6 + 4.6 + 16 + 8
    ems = 2.8 + unit_column_em(board) + 4.6 + 4.2 + 4.0  # rank, unit, score, tier, change (print.css)
    ems += 3.4 if board.has_grades else 0
    ems += 4.1 * len(board.indicators)
    ems += 7 if any(row.note for row in board.rows) else 0
    return ems


def board_width_pct(board: BoardView, width_mm: float, font_pt: float) -> int:
    """The table's width in % of the line: all of it, unless its columns would be stretched to more than
    1.5 times their natural width (a themed board of two indicators), then narrower and centred."""
    available = (width_mm - 2 * BOARD_MARGIN_MM) * MM_TO_PT
    return max(60, min(100, round(board_ems(board) * font_pt * 1.5 / available * 100)))


def board_font_pt(board: BoardView, width_mm: float, smallest: float = 6.5) -> float:
    """The largest type size (in pt, to 0.1, at most 10 for unit boards, 12 for the short standings) at
    which every column of `board` fits `width_mm` of paper. 10 pt reads from a metre away and keeps
    a 60-unit board to two A3 pages."""
    largest = 12.0 if board.kind == "standings" else 10.0
    available = (width_mm - 2 * BOARD_MARGIN_MM) * MM_TO_PT
    return max(smallest, min(largest, int(available / board_ems(board) * 10) / 10))


def unit_column_em(board: BoardView) -> float:
    """The width of the unit column in em: the longest name (with its flag marks), at most 15 em."""
    longest = max((len(row.unit) + 1.6 * len(row.flags) for row in board.rows), default=6)
    return min(max(longest, 4) + 1.2, 15)


def category_runs(board: BoardView) -> list[tuple[str, int]]:
    """Consecutive indicator columns of the same category, for the board's two-row header."""
    runs: list[tuple[str, int]] = []
    for head in board.indicators:
        if runs and runs[-1][0] == head.category:
            runs[-1] = (head.category, runs[-1][1] + 1)
        else:
            runs.append((head.category, 1))
    return runs


def flag_marks(board: BoardView) -> dict[str, FlagMark]:
    """A circled number for each flag that some row of the board carries, in order of first appearance."""
    marks: dict[str, FlagMark] = {}
    for row in board.rows:
        for flag in row.flags:
            if flag.id not in marks:
                marks[flag.id] = FlagMark(FLAG_MARKS[len(marks) % len(FLAG_MARKS)], flag.label)
    return marks


def tint(color: str, share: float) -> str:
    """`color` mixed with white: `share` of the colour (0–1). Used for the best tier's fill, which must stay
    light enough to be told from the worst tier's solid fill in a greyscale copy."""
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        channels = [int(value[i:i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return "#ffffff"
    mixed = [round(255 - (255 - c) * share) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def tier_class(tier: TierView) -> str:
    return "t-best" if tier.is_best else "t-worst" if tier.is_worst else "t-mid"


def tier_style(tier: TierView) -> str:
    """The tier's colours (site.toml): the worst solid, the best a light tint, the middle an outline."""
    if tier.is_worst:
        return f"background: {tier.color}; color: {tier.text_color}"
    if tier.is_best:
        return f"background: {tint(tier.color, 0.3)}; border-color: {tier.color}"
    return f"border-color: {tier.color}"


def tier_cell(tier: TierView) -> Markup:
    """A table cell that is the tier's badge: shape and label (in Python, not a Jinja macro: a year book
    has thousands of them)."""
    return Markup(f'<td class="tier {tier_class(tier)}" style="{escape(tier_style(tier))}">'
                  f"{escape(tier.shape)} {escape(tier.label)}</td>")


def tier_badge(tier: TierView) -> Markup:
    return Markup(f'<span class="tier {tier_class(tier)}" style="{escape(tier_style(tier))}">'
                  f"{escape(tier.shape)} {escape(tier.label)}</span>")


def value_cells(values: Sequence[str]) -> Markup:
    """A row's indicator scores as table cells ("—" where the indicator does not apply)."""
    return Markup("".join(f'<td class="v">{escape(value) if value else "—"}</td>' for value in values))


def change_text(value: int | None) -> str:
    """Rank change: ↑3, ↓2, ＝, or — (no previous rank)."""
    if value is None:
        return "—"
    return f"↑{value}" if value > 0 else f"↓{-value}" if value < 0 else "＝"


def has_notes(board: BoardView) -> bool:
    return any(row.note for row in board.rows)


def print_chart(svg: str, family: str) -> str:
    """The site's history chart with the styles it takes from site.css written into it (WeasyPrint's SVG
    renderer does not see the page's stylesheet), in black and grey so that it prints in greyscale."""
    if not svg:
        return ""
    family = re.sub(r"[\\'\"<>&;{}]", "", family)
    style = (
        "<style>"
        ".grid{stroke:#c8c8c8;stroke-width:1}"
        f".axis{{font-family:'{family}';font-size:13px;fill:#333}}"
        ".line{fill:none;stroke:#444;stroke-width:2}"
        f".mark{{font-family:'{family}';font-size:17px}}"
        "</style>"
    )
    head_end = svg.index(">") + 1
    return svg[:head_end] + style + svg[head_end:]


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
    """Every PDF of the site as a PdfJob, rendered from templates/pdf/ (overridable in the content's
    templates/pdf/) with the view models of `builder`."""

    def __init__(self, builder: SiteBuilder, env: Environment, settings: PdfSection, fonts: Fonts) -> None:
        self.builder = builder
        self.content: Content = builder.content
        self.outcome: Outcome = builder.outcome
        self.env = env
        self.settings = settings
        self.fonts = fonts
        self.lang = self.content.lang
        self.site = builder.site()
        self.today: date = self.outcome.today
        env.globals.update(
            p=pdf_translator(self.lang),
            long_date=lambda value: long_date(value, self.lang),
            category_runs=category_runs,
            unit_column_em=unit_column_em,
            flag_marks=flag_marks,
            has_notes=has_notes,
            tint=tint,
            tier_class=tier_class,
            tier_cell=tier_cell,
            tier_badge=tier_badge,
            change_text=change_text,
            value_cells=value_cells,
        )

    def jobs(self) -> list[PdfJob]:
        return list(self._jobs())

    def _jobs(self) -> Iterator[PdfJob]:
        for period in self.outcome.periods:
            yield self.board_job(period.period.id)
        for notice in self.builder.notices:
            yield self.notice_job(notice)
        for unit in self.content.units:
            yield self.unit_job(unit)
        for year in self.builder.years():
            yield self.year_job(year)
        for frozen in self.content.frozen:
            if frozen.errata:
                yield self.errata_job(frozen)

    def render(self, template: str, title: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            site=self.site, doc_title=title, html_lang="en" if self.lang == "en" else "zh-CN",
            settings=self.settings, **context,
        )

    # -- boards --------------------------------------------------------------------------
    def window(self, period_id: str) -> tuple[date, date]:
        """The 公示期 of a period's boards: that of a 公示 notice about the period, else `publication_days`
        working days from the reference date."""
        notices = sorted((n for n in self.content.notices if n.kind == "公示" and n.period == period_id),
                         key=lambda n: (n.date, n.slug))
        current = [n for n in notices if n.date <= self.today]
        chosen = (current or notices)[-1] if notices else None
        if chosen is not None:
            window = self.builder.notice_window(chosen)
            if window is not None:
                return window
        return self.today, working_days_after(self.today, self.content.config.site.publication_days)

    def board_meta(self, board: BoardView, width_mm: float) -> BoardMeta:
        p = pdf_translator(self.lang)
        start, end = self.window(board.period_id)
        config = self.content.config.site
        return BoardMeta(
            publisher=config.organization,
            published=long_date(self.today, self.lang),
            window=p("window_range", start=long_date(start, self.lang), end=long_date(end, self.lang)),
            contact=config.contact,
            font_pt=(font_pt := board_font_pt(board, width_mm)),
            width_pct=board_width_pct(board, width_mm, font_pt),
        )

    def period_boards(self, period_id: str) -> list[BoardView]:
        period = self.outcome.period(period_id)
        assert period is not None
        return [self.builder.board_views[(period_id, board.id)] for board in period.boards]

    def board_job(self, period_id: str) -> PdfJob:
        width = paper_width_mm(self.settings.paper, self.settings.orientation)
        parts = tuple(
            self.render("pdf/board.html", board.title, board=board, meta=self.board_meta(board, width))
            for board in self.period_boards(period_id)
        )
        return PdfJob(f"pdf/board-{period_id}.pdf", parts, fallbacks=BOARD_FALLBACKS)

    # -- notices -------------------------------------------------------------------------
    def notice_job(self, notice: Notice) -> PdfJob:
        item = self.builder.notice_item(notice)
        body, signed = notice_body(render_markdown(notice.body_markdown))
        window = None
        if item.window:
            window = pdf_translator(self.lang)("window_range", start=long_date(item.window[0], self.lang),
                                               end=long_date(item.window[1], self.lang))
        html = self.render("pdf/notice.html", notice.title, notice=item, body=body, signed=signed, window=window,
                           gongwen=self.settings.gongwen, title_fallback=self.fonts.title.fallback)
        return PdfJob(f"pdf/notice-{notice.slug}.pdf", (html,))

    # -- units ---------------------------------------------------------------------------
    def unit_job(self, unit: Unit) -> PdfJob:
        """A one-page A4 report card. Lists are cut to what fits, with a line saying how many more the
        unit's web page shows; tighter layouts (CARD_FITS) are tried when the loosest overflows."""
        context = self.builder.unit(unit)
        loosest = CARD_FITS[0]
        recent = [h for h in context.history if h.board_id == "main" and h.row is not None]
        standings: Sequence[Any] = ()
        if context.standings:
            newest = context.standings[0].period_id
            standings = [s for s in context.standings if s.period_id == newest]

        def more(items: Sequence[Any], key: str) -> list[tuple[int, int]]:
            """(fit level, how many items that layout leaves out), for each level that leaves some out."""
            return [(level, len(items) - fit[key]) for level, fit in enumerate(CARD_FITS, 1) if len(items) > fit[key]]

        html = self.render(
            "pdf/unit.html", f"{unit.name}{pdf_translator(self.lang)('card_title')}", ctx=context,
            chart=print_chart(context.chart, self.fonts.sans.family),
            recent=recent[: loosest["recent"]], grades=context.grades[: loosest["grades"]],
            standings=standings[: loosest["standings"]], more_standings=more(standings, "standings"),
            tasks=context.tasks[: loosest["tasks"]], more_tasks=more(context.tasks, "tasks"),
        )
        fallbacks = tuple(f"fit-{level}" for level in range(2, len(CARD_FITS) + 1))
        return PdfJob(f"pdf/unit-{unit.id}.pdf", (html,), fallbacks=fallbacks, max_pages=1)

    # -- years ---------------------------------------------------------------------------
    def year_job(self, year: int) -> PdfJob:
        context = self.builder.year(year)
        periods = sorted((p for p in self.outcome.periods if p.period.year == year),
                         key=lambda p: (p.period.kind != "year", p.period))
        sections = []
        width = paper_width_mm(*BOOK_WIDE)
        for period in periods:
            boards = [self.builder.board_views[(period.period.id, b.id)] for b in period.boards]
            sections.append((period.period.id, period.period.label(self.lang),
                             [(b, self.board_meta(b, width)) for b in boards]))
        html = self.render("pdf/year.html", pdf_translator(self.lang)("book_title", year=year), ctx=context,
                           sections=sections)
        return PdfJob(f"pdf/year-{year}.pdf", (html,))

    def errata_job(self, frozen: Any) -> PdfJob:
        """A frozen year's errata, an appendix to its archived book (which itself never changes)."""
        html = self.render("pdf/errata.html", pdf_translator(self.lang)("errata_title", year=frozen.year),
                           year=frozen.year, frozen_on=frozen.frozen_on, errata=frozen.errata,
                           checksum=frozen.checksum)
        return PdfJob(f"pdf/year-{frozen.year}-errata.pdf", (html,))
