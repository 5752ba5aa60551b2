"""Every page of the site as (path, template, typed context). No file is written here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .. import __version__
from ..config import RuleSet
from ..model import MAIN_BOARD, Content, Notice, Task, Unit
from ..periods import Period
from ..rules import Outcome, PeriodOutcome, UnitBoard, YearGrades
from ..rules.grades import GradeOutcome
from ..rules.standings import StandingsBoard
from ..rules.tasks import TaskWarning
from .charts import Point, Series, line_chart
from .markdown import render_markdown
from .texts import translator
from .views import BoardView, FlagView, RowView, TierView, ViewBuilder, condition_text, fmt, fmt_plain, tier_view


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    path: str


@dataclass(frozen=True)
class SiteView:
    title: str
    organization: str
    contact: str
    lang: str
    today: date
    version: str
    nav: tuple[NavItem, ...]
    years: tuple[int, ...]


@dataclass(frozen=True)
class Page:
    path: str  # e.g. "units/fgw/index.html"
    template: str
    title: str
    nav: str  # which navigation item is current
    context: Any
    search: bool = True  # indexed by the search


@dataclass(frozen=True)
class NoticeItem:
    slug: str
    title: str
    kind: str
    date: date
    period: str | None
    window: tuple[date, date] | None
    status: str | None  # "in_window" | "window_over" | "window_future" | None


@dataclass(frozen=True)
class LatestBoard:
    period_id: str
    period_label: str
    title: str
    board_id: str
    kind: str
    counts: tuple[tuple[TierView, int], ...]


@dataclass(frozen=True)
class UnitSummary:
    id: str
    name: str
    kind: str
    period_label: str | None
    row: RowView | None
    streak: bool
    warnings: int


@dataclass(frozen=True)
class WarningView:
    task_id: str
    title: str
    unit_id: str
    unit: str
    text: str


@dataclass(frozen=True)
class IndexContext:
    notices: tuple[NoticeItem, ...]
    latest: tuple[LatestBoard, ...]
    units: tuple[UnitSummary, ...]
    streaks: tuple[tuple[str, str, str], ...]  # (unit id, name, periods)
    warnings: tuple[WarningView, ...]
    periods: tuple[tuple[str, str], ...]
    latest_main: BoardView | None
    years: tuple[tuple[int, str | None, int, bool], ...] = ()


@dataclass(frozen=True)
class PeriodContext:
    period_id: str
    period_label: str
    boards: tuple[BoardView, ...]
    notices: tuple[NoticeItem, ...]
    has_pdf: bool


@dataclass(frozen=True)
class HistoryRow:
    period_id: str
    period_label: str
    board_title: str
    board_id: str
    row: RowView | None  # None: 未参评


@dataclass(frozen=True)
class GradeYear:
    year: int
    grade: str | None
    rule: str | None
    flags: tuple[tuple[str, bool, str], ...]  # (label, met, missing years text)


@dataclass(frozen=True)
class StandingLine:
    period_label: str
    period_id: str
    indicator: str
    rank: int
    out_of: int
    tier: TierView


@dataclass(frozen=True)
class TaskView:
    id: str
    title: str
    claimant: str
    level: str
    unit_id: str
    unit: str
    claimed_on: date
    due: date
    status: str
    progress: int
    note: str
    warning: str | None
    warning_kind: str | None


@dataclass(frozen=True)
class UnitContext:
    unit: Unit
    latest: RowView | None
    latest_title: str | None
    latest_period: str | None
    history: tuple[HistoryRow, ...]
    chart: str
    grades: tuple[GradeYear, ...]
    active_flags: tuple[FlagView, ...]
    standings: tuple[StandingLine, ...]
    tasks: tuple[TaskView, ...]
    streak: str | None
    errata: tuple[Any, ...] = ()  # archive.Erratum recorded for this unit in frozen years


@dataclass(frozen=True)
class GradeLine:
    unit_id: str
    unit: str
    group: str | None
    score: str | None
    grade: str
    detail: str


@dataclass(frozen=True)
class CampaignView:
    title: str
    source: str
    counts: tuple[tuple[str, int], ...]
    persons: tuple[tuple[str, str, str, str], ...]  # unit, person, post, grade (only when published)
    quota: str | None


@dataclass(frozen=True)
class YearContext:
    year: int
    periods: tuple[tuple[str, str, int], ...]  # (id, label, number of boards)
    boards: tuple[BoardView, ...]
    grade_source: str | None
    grades: tuple[GradeLine, ...]
    grade_counts: tuple[tuple[str, int], ...]
    quota: tuple[str, ...]
    campaigns: tuple[CampaignView, ...]
    frozen_on: date | None = None  # when the year was archived (None: the year is open)
    checksum: str | None = None
    errata: tuple[Any, ...] = ()  # archive.Erratum, in the order recorded


@dataclass(frozen=True)
class NoticeContext:
    notice: NoticeItem
    html: str


@dataclass(frozen=True)
class TasksContext:
    tasks: tuple[TaskView, ...]
    claimants_by_level: tuple[tuple[str, int], ...]
    by_status: tuple[tuple[str, int], ...]
    overdue: int
    today: date


@dataclass(frozen=True)
class RuleCell:
    text: str
    changed: bool


@dataclass(frozen=True)
class MethodContext:
    years: tuple[str, ...]
    rows: tuple[tuple[str, tuple[RuleCell, ...]], ...]
    indicators: tuple[tuple[str, str, str, str, str, str, str, str], ...]
    tiers: tuple[TierView, ...]
    standings_tiers: tuple[TierView, ...] | None
    flags: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ListContext:
    items: tuple[Any, ...]


def working_days_after(start: date, days: int) -> date:
    """The date `days` working days after `start` counting `start` (weekends skipped; holidays are not known)."""
    current = start
    counted = 1 if start.weekday() < 5 else 0
    while counted < days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            counted += 1
    return current


class SiteBuilder:
    """Builds every page's context from the content and the computed outcome."""

    def __init__(self, content: Content, outcome: Outcome) -> None:
        self.content = content
        self.outcome = outcome
        self.lang = content.lang
        self.t = translator(self.lang)
        self.flag_labels = {flag.id: flag.label for flag in content.config.flags}
        self.views = ViewBuilder(content, self.grade_rule_text)
        self.board_views = {
            (p.period.id, b.id): self.views.board(b) for p in outcome.periods for b in p.boards
        }
        self.warnings = {w.task_id: w for w in outcome.warnings}
        self.latest_boards: dict[str, tuple[PeriodOutcome, UnitBoard]] = {}
        for period in outcome.periods:  # oldest first: newer boards overwrite older ones
            if period.main is not None:
                for row in period.main.rows:
                    self.latest_boards[row.unit_id] = (period, period.main)
        # A notice dated after the reference date is not yet issued: a 拟定名单 must not go out early.
        self.notices = tuple(n for n in content.notices if n.date <= outcome.today)

    # -- shared --------------------------------------------------------------------------
    def site(self) -> SiteView:
        config = self.content.config
        t = self.t
        nav = (
            NavItem("home", t("home"), "index.html"),
            NavItem("periods", t("periods"), "periods/index.html"),
            NavItem("years", t("years"), "years/index.html"),
            NavItem("notices", t("notices"), "notices/index.html"),
            NavItem("tasks", t("tasks"), "tasks/index.html"),
            NavItem("method", t("method"), "method/index.html"),
        )
        return SiteView(config.site.title, config.site.organization, config.site.contact, self.lang,
                        self.outcome.today, __version__, nav, tuple(sorted(self.outcome.years, reverse=True)))

    def pages(self) -> list[Page]:
        t = self.t
        pages = [Page("index.html", "index.html", self.content.config.site.title, "home", self.index())]
        pages.append(Page("periods/index.html", "periods.html", t("all_periods"), "periods",
                          ListContext(self.period_list())))
        for period in self.outcome.periods:
            pages.append(Page(f"periods/{period.period.id}/index.html", "period.html",
                              period.period.label(self.lang), "periods", self.period(period)))
        for unit in self.content.units:
            pages.append(Page(f"units/{unit.id}/index.html", "unit.html", unit.name, "home", self.unit(unit)))
        pages.append(Page("years/index.html", "years.html", t("years"), "years", ListContext(self.year_list())))
        for year in self.years():
            pages.append(Page(f"years/{year}/index.html", "year.html", f"{year}", "years", self.year(year)))
        pages.append(Page("notices/index.html", "notices.html", t("notices"), "notices",
                          ListContext(tuple(self.notice_item(n) for n in self.notices))))
        for notice in self.notices:
            pages.append(Page(f"notices/{notice.slug}/index.html", "notice.html", notice.title, "notices",
                              NoticeContext(self.notice_item(notice), render_markdown(notice.body_markdown))))
        pages.append(Page("tasks/index.html", "tasks.html", t("tasks"), "tasks", self.tasks()))
        pages.append(Page("method/index.html", "method.html", t("method"), "method", self.method()))
        pages.append(Page("search/index.html", "search.html", t("search"), "", ListContext(()), search=False))
        return pages

    def years(self) -> list[int]:
        years = {p.period.year for p in self.outcome.periods} | set(self.outcome.years)
        return sorted(years, reverse=True)

    # -- notices -------------------------------------------------------------------------
    def notice_window(self, notice: Notice) -> tuple[date, date] | None:
        if notice.publish_from and notice.publish_to:
            return notice.publish_from, notice.publish_to
        if notice.kind == "公示":
            start = notice.publish_from or notice.date
            return start, working_days_after(start, self.content.config.site.publication_days)
        return None

    def notice_item(self, notice: Notice) -> NoticeItem:
        window = self.notice_window(notice)
        status = None
        if window:
            today = self.outcome.today
            status = "window_future" if today < window[0] else "window_over" if today > window[1] else "in_window"
        return NoticeItem(notice.slug, notice.title, notice.kind, notice.date, notice.period, window, status)

    def current_notices(self) -> tuple[NoticeItem, ...]:
        items = [self.notice_item(n) for n in self.notices]
        open_ones = [i for i in items if i.status == "in_window"]
        rest = [i for i in items if i.status != "in_window"]
        return tuple(open_ones + rest[: max(0, 5 - len(open_ones))])

    # -- index ---------------------------------------------------------------------------
    def index(self) -> IndexContext:
        latest = []
        seen: set[tuple[str, str]] = set()
        for period in reversed(self.outcome.periods):
            for board in period.boards:
                key = (period.period.kind if board.id != "standings" else "standings", board.id)
                if key in seen:
                    continue
                seen.add(key)
                view = self.board_views[(period.period.id, board.id)]
                latest.append(LatestBoard(period.period.id, view.period_label, view.title, board.id, view.kind,
                                          self.tier_counts(view)))
        latest_main_period = self.latest_main_period()
        return IndexContext(
            notices=self.current_notices(),
            latest=tuple(latest),
            units=tuple(self.unit_summary(u) for u in sorted(self.content.units, key=lambda u: (u.order, u.id))),
            streaks=tuple(
                (u, self.content.unit(u).name, "、".join(p.label(self.lang) for p in periods))
                for u, periods in self.outcome.worst_streaks.items()
            ),
            warnings=tuple(self.warning_view(w) for w in sorted(
                self.outcome.warnings, key=lambda w: (w.kind != "overdue", -w.days_overdue, -w.expected_progress, w.task_id))),
            periods=self.period_list(),
            latest_main=self.board_views[(latest_main_period.period.id, MAIN_BOARD)] if latest_main_period else None,
            years=self.year_list(),
        )

    def tier_counts(self, view: BoardView) -> tuple[tuple[TierView, int], ...]:
        tiers = [r.tier.id for r in view.rows] if view.kind == "units" else [r.tier.id for r in view.standings]
        counts = Counter(tiers)
        return tuple((level, counts.get(level.id, 0)) for level in view.legend)

    def latest_main_period(self) -> PeriodOutcome | None:
        """The period whose main board the front page shows: the newest by end date."""
        with_main = [p for p in self.outcome.periods if p.main is not None]
        return max(with_main, key=lambda p: p.period) if with_main else None

    def latest_row(self, unit_id: str) -> tuple[PeriodOutcome, UnitBoard] | None:
        """The newest period whose main board ranks the unit, and that board."""
        return self.latest_boards.get(unit_id)

    def unit_summary(self, unit: Unit) -> UnitSummary:
        latest = self.latest_row(unit.id)
        row = self.row_view(latest[0].period.id, MAIN_BOARD, unit.id) if latest else None
        warnings = sum(1 for w in self.outcome.warnings if w.unit_id == unit.id)
        return UnitSummary(unit.id, unit.name, unit.kind, latest[0].period.label(self.lang) if latest else None, row,
                           unit.id in self.outcome.worst_streaks, warnings)

    def row_view(self, period_id: str, board_id: str, unit_id: str) -> RowView | None:
        view = self.board_views.get((period_id, board_id))
        if view is None:
            return None
        return next((r for r in view.rows if r.unit_id == unit_id), None)

    def warning_view(self, warning: TaskWarning) -> WarningView:
        task = next(t for t in self.content.tasks if t.id == warning.task_id)
        return WarningView(task.id, task.title, task.unit_id, self.content.unit(task.unit_id).name,
                           self.warning_text(warning))

    def warning_text(self, warning: TaskWarning) -> str:
        if warning.kind == "overdue":
            return self.t("overdue", days=warning.days_overdue)
        return self.t("behind", expected=warning.expected_progress)

    # -- periods -------------------------------------------------------------------------
    def period_list(self) -> tuple[tuple[str, str], ...]:
        return tuple((p.period.id, p.period.label(self.lang))
                     for p in reversed(self.outcome.periods))

    def period(self, period: PeriodOutcome) -> PeriodContext:
        boards = tuple(self.board_views[(period.period.id, b.id)] for b in period.boards)
        notices = tuple(self.notice_item(n) for n in self.notices if n.period == period.period.id)
        return PeriodContext(period.period.id, period.period.label(self.lang), boards, notices, True)

    # -- units ---------------------------------------------------------------------------
    def unit(self, unit: Unit) -> UnitContext:
        latest = self.latest_row(unit.id)
        latest_view = self.row_view(latest[0].period.id, MAIN_BOARD, unit.id) if latest else None
        history = []
        for period in self.outcome.periods:
            for board in period.boards:
                if not isinstance(board, UnitBoard):
                    continue
                row = self.row_view(period.period.id, board.id, unit.id)
                if row is None and board.id != MAIN_BOARD:
                    continue
                history.append(HistoryRow(period.period.id, period.period.label(self.lang), board.title, board.id, row))
        streak = self.outcome.worst_streaks.get(unit.id)
        return UnitContext(
            unit=unit,
            latest=latest_view,
            latest_title=latest[1].title if latest else None,
            latest_period=latest[0].period.id if latest else None,
            history=tuple(reversed(history)),
            chart=self.unit_chart(unit),
            grades=self.unit_grades(unit),
            active_flags=self.active_flags(unit),
            standings=self.unit_standings(unit),
            tasks=tuple(self.task_view(t) for t in self.content.tasks if t.unit_id == unit.id),
            streak="、".join(p.label(self.lang) for p in streak) if streak else None,
            errata=tuple(e for f in self.content.frozen for e in f.errata if e.unit == unit.id),
        )

    def unit_chart(self, unit: Unit) -> str:
        names = {"month": "月度", "quarter": "季度", "half": "半年", "year": "年度"} if self.lang != "en" else \
            {"month": "monthly", "quarter": "quarterly", "half": "half-yearly", "year": "annual"}
        dashes = {"month": "none", "quarter": "6 3", "half": "2 3", "year": "12 4 2 4"}
        rows = [(period.period, period.main, period.main.row(unit.id)) for period in self.outcome.periods
                if period.main is not None and period.main.row(unit.id) is not None]
        if not rows:
            return ""
        first = date(min(p.year for p, _, _ in rows), 1, 1)
        last = date(max(p.year for p, _, _ in rows) + 1, 1, 1)

        def middle(period: Period) -> float:
            return ((period.start - first).days + (period.end - first).days + 1) / 2

        series = []
        for kind in ("month", "quarter", "half", "year"):
            points = tuple(
                Point(period.id, middle(period), row.score, main.rules.tiers.shape_of(row.tier.level),
                      main.rules.tiers.color_of(row.tier.level))
                for period, main, row in rows if period.kind == kind and row is not None
            )
            if points:
                series.append(Series(names[kind], points, dashes[kind]))
        ticks = [((date(year, 1, 1) - first).days, str(year)) for year in range(first.year, last.year)]
        return line_chart(series, ticks, (last - first).days, self.t("history_chart"))

    def unit_grades(self, unit: Unit) -> tuple[GradeYear, ...]:
        lines = []
        for year in sorted(self.outcome.years, reverse=True):
            grades = self.outcome.years[year]
            outcome = grades.outcomes.get(unit.id)
            flags = []
            for result in self.outcome.flags.get((unit.id, year), ()):
                missing = self.t("flag_missing_years", years="、".join(str(y) for y in result.missing_years)) \
                    if result.missing_years else ""
                flags.append((self.flag_labels[result.flag_id], result.met, missing))
            lines.append(GradeYear(year, outcome.grade if outcome else None,
                                   self.grade_rule_text(unit.id, year) if outcome else None, tuple(flags)))
        return tuple(lines)

    def active_flags(self, unit: Unit) -> tuple[FlagView, ...]:
        if not self.outcome.years:
            return ()
        latest_year = max(self.outcome.years)
        return tuple(self.views.flag_view(r.flag_id) for r in self.outcome.flags.get((unit.id, latest_year), ()) if r.met)

    def grade_rule_text(self, unit_id: str, year: int) -> str | None:
        grades = self.outcome.years.get(year)
        outcome = grades.outcomes.get(unit_id) if grades else None
        if grades is None or outcome is None:
            return None
        return self.describe_grade(outcome, grades)

    def describe_grade(self, outcome: GradeOutcome, grades: YearGrades) -> str:
        t = self.t
        if outcome.source == "registered":
            return t("grade_registered", source=grades.registered_source or "")
        band = outcome.band_grade or outcome.grade
        text = t("grade_band", min=fmt_plain(outcome.band_min), grade=band) if outcome.band_min is not None \
            else t("grade_band_rest", grade=band)
        if outcome.demoted:
            check = next((c for c in grades.checks if outcome.unit_id in c.demoted), None)
            group = check.group if check and check.group else ""
            text += "；" + t("grade_demoted", from_grade=band, group=group, limit=check.limit if check else "",
                             grade=outcome.grade)
        return text

    def unit_standings(self, unit: Unit) -> tuple[StandingLine, ...]:
        lines = []
        for period in reversed(self.outcome.periods):
            board = period.board("standings")
            if not isinstance(board, StandingsBoard):
                continue
            for row in board.rows_for_unit(unit.id):
                lines.append(StandingLine(period.period.label(self.lang), period.period.id,
                                          self.content.indicator(row.indicator_id).name, row.rank, row.out_of,
                                          tier_view(board.tiers, row.tier.level, self.lang)))
        return tuple(lines)

    # -- tasks ---------------------------------------------------------------------------
    def task_view(self, task: Task) -> TaskView:
        warning = self.warnings.get(task.id)
        return TaskView(task.id, task.title, task.claimant, task.level, task.unit_id,
                        self.content.unit(task.unit_id).name, task.claimed_on, task.due, task.status, task.progress,
                        task.note, self.warning_text(warning) if warning else None,
                        warning.kind if warning else None)

    def tasks(self) -> TasksContext:
        tasks = self.content.tasks
        claimants: dict[str, set[str]] = {}
        for task in tasks:
            claimants.setdefault(task.level, set()).add(task.claimant)
        statuses = Counter(task.status for task in tasks)
        return TasksContext(
            tasks=tuple(self.task_view(t) for t in tasks),
            claimants_by_level=tuple((level, len(names)) for level, names in claimants.items()),
            by_status=tuple((s, statuses.get(s, 0)) for s in ("未开始", "进行中", "已完成")),
            overdue=sum(1 for w in self.outcome.warnings if w.kind == "overdue"),
            today=self.outcome.today,
        )

    # -- years ---------------------------------------------------------------------------
    def year_list(self) -> tuple[tuple[int, str | None, int, bool], ...]:
        frozen = self.content.frozen_years
        return tuple((year, self.outcome.years[year].source if year in self.outcome.years else None,
                      sum(1 for p in self.outcome.periods if p.period.year == year), year in frozen)
                     for year in self.years())

    def year(self, year: int) -> YearContext:
        periods = tuple((p.period.id, p.period.label(self.lang), len(p.boards))
                        for p in self.outcome.periods if p.period.year == year)
        annual = self.outcome.period(str(year))
        boards = tuple(self.board_views[(str(year), b.id)] for b in annual.boards) if annual else ()
        grades = self.outcome.years.get(year)
        lines: list[GradeLine] = []
        quota: list[str] = []
        counts: list[tuple[str, int]] = []
        campaigns: list[CampaignView] = []
        if grades is not None:
            main = annual.main if annual else None
            for unit in sorted(self.content.units, key=lambda u: (u.order, u.id)):
                outcome = grades.outcomes.get(unit.id)
                if outcome is None:
                    continue
                row = main.row(unit.id) if main else None
                lines.append(GradeLine(unit.id, unit.name, row.group if row else unit.kind,
                                       fmt(row.score, grades.rules.scoring.decimals) if row else None,
                                       outcome.grade, self.describe_grade(outcome, grades)))
            tally = Counter(line.grade for line in lines)
            counts = [(g, tally.get(g, 0)) for g in grades.rules.grades.scale]
            quota = [self.quota_text(c, grades.rules) for c in grades.checks]
            campaigns = [self.campaign_view(c.sheet, c.check, grades.rules) for c in grades.campaigns]
        frozen = next((f for f in self.content.frozen if f.year == year), None)
        return YearContext(year, periods, boards, grades.source if grades else None, tuple(lines), tuple(counts),
                           tuple(quota), tuple(campaigns),
                           frozen.frozen_on if frozen else None, frozen.checksum if frozen else None,
                           frozen.errata if frozen else ())

    def quota_text(self, check: Any, rules: RuleSet) -> str:
        t = self.t
        quota = rules.grades.quota
        assert quota is not None
        share = f"{fmt_plain(quota.max_share * 100)}%"
        text = t("quota_line", group=check.group or t("all_kinds"), grade=check.grade, count=check.count,
                 limit=check.limit, size=check.size, share=share, rounding=t(f"rounding_{quota.rounding}"))
        if check.demoted:
            text += "；" + t("quota_demoted", names="、".join(self.content.unit(u).name for u in check.demoted))
        return text

    def campaign_view(self, sheet: Any, check: Any, rules: RuleSet) -> CampaignView:
        tally = Counter(e.grade for e in sheet.entries)
        counts = tuple((g, tally.get(g, 0)) for g in rules.grades.scale)
        persons = ()
        if rules.grades.publish_persons:
            persons = tuple((self.content.unit(e.unit_id).name, e.person, e.post, e.grade) for e in sheet.entries)
        return CampaignView(sheet.campaign or "", sheet.source, counts, persons,
                            self.quota_text(check, rules) if check else None)

    # -- method --------------------------------------------------------------------------
    def method(self) -> MethodContext:
        config = self.content.config
        years = sorted({p.period.year for p in self.outcome.periods} | set(self.outcome.years))
        columns = [str(y) for y in years] or ["—"]
        rule_sets = [self.rules_of_year(y) for y in years] or [config.rules(None)]
        t = self.t
        extractors = [
            (t("explain_method"), lambda r: t(f"method_{r.scoring.normalize}")),
            (t("category_weights"), lambda r: self.category_weights_text(r)),
            (t("decimals"), lambda r: str(r.scoring.decimals)),
            (t("explain_midterm"), lambda r: fmt_plain(r.scoring.midterm_weight) if r.scoring.midterm_weight else "—"),
            (t("within_group"), lambda r: (t("within_kind") if r.ranking.within == "kind" else r.ranking.within)
             if r.ranking.within else t("within_none")),
            (t("ranking"), lambda r: t(f"ties_{r.ranking.ties}")),
            (t("tiers"), lambda r: t(f"basis_{r.tiers.basis}") + "：" + "；".join(
                f"{lv.label} {condition_text(lv, self.lang)}" for lv in r.tiers.levels)),
            (t("grading"), lambda r: "；".join(
                f"{b.grade} {('≥ ' + fmt_plain(b.min)) if b.min is not None else t('cond_rest')}"
                for b in r.grades.bands or ()) or "—"),
            (t("quota"), lambda r: (f"{r.grades.quota.grade} ≤ {fmt_plain(r.grades.quota.max_share * 100)}%"
                                    f"（{t('rounding_' + r.grades.quota.rounding)}）") if r.grades.quota else "—"),
        ]
        rows = []
        for label, extract in extractors:
            texts = [extract(r) for r in rule_sets]
            cells = tuple(RuleCell(text, index > 0 and text != texts[index - 1]) for index, text in enumerate(texts))
            rows.append((label, cells))
        base = config.rules(None)
        indicators = tuple(
            (i.id, i.name, i.category, fmt_plain(i.weight), t(i.direction), i.unit,
             f"{fmt_plain(i.target)} / {fmt_plain(i.floor)}" if i.target is not None else "—",
             "、".join(sorted(i.applies_to)) or t("all_kinds"))
            for i in self.content.indicators
        )
        standings_tiers = config.standings.tiers
        return MethodContext(
            years=tuple(columns),
            rows=tuple(rows),
            indicators=indicators,
            tiers=tuple(tier_view(base.tiers, lv, self.lang) for lv in base.tiers.levels),
            standings_tiers=tuple(tier_view(standings_tiers, lv, self.lang) for lv in standings_tiers.levels)
            if standings_tiers else None,
            flags=tuple((f.label, self.flag_rule_text(f)) for f in config.flags),
        )

    def category_weights_text(self, rules: RuleSet) -> str:
        """Category weights as shares of 100% (site.toml may give them in any scale, e.g. 3/3/3)."""
        categories = rules.scoring.categories or ()
        if not categories:
            return self.t("all_kinds")
        total = sum(c.weight for c in categories)
        return "；".join(f"{c.name} {fmt(c.weight / total * 100, 2).rstrip('0').rstrip('.')}%" for c in categories)

    def rules_of_year(self, year: int) -> RuleSet:
        """The rules a year was computed with: a frozen year's come from its archive."""
        for frozen in self.content.frozen:
            if frozen.year == year:
                main = next((b for p in frozen.snapshot.periods for b in p.boards
                             if b.id == MAIN_BOARD and isinstance(b, UnitBoard)), None)
                if main is not None:
                    return main.rules
                if frozen.snapshot.grades is not None:
                    return frozen.snapshot.grades.rules
        return self.content.config.rules(year)

    def flag_rule_text(self, flag: Any) -> str:
        grades = "、".join(flag.grades)
        if self.lang == "en":
            return f"{'every one' if flag.rule == 'consecutive' else 'any'} of the last {flag.years} years: {grades}"
        if flag.rule == "consecutive":
            return f"连续 {flag.years} 年等次为{grades}"
        return f"近 {flag.years} 年中有{grades}等次"


__all__ = ["Page", "SiteBuilder", "SiteView"]
