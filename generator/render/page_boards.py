"""The pages of boards: one period's boards, the list of periods, one year's archive, the list of years."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..archive.snapshot import Erratum
from ..i18n import N_, Translator
from ..model.types import Content
from ..outcome import Outcome, PeriodOutcome, QuotaCheck, UnitBoard, YearGrades
from .format import fixed, names, plain
from .page_unit import grade_rule
from .views import BoardView, Views


@dataclass(frozen=True)
class NoticeLink:
    slug: str
    title: str
    kind: str


@dataclass(frozen=True)
class PeriodData:
    period: PeriodOutcome
    notices: tuple[NoticeLink, ...]  # issued notices about the period
    show: tuple[tuple[str, str], ...]  # board id -> what indicator cells show
    errata: tuple[tuple[str, str], ...] = ()  # (unit id, correction) shown beside the period's rows


@dataclass(frozen=True)
class PeriodContext:
    period_id: str
    period_label: str
    boards: tuple[BoardView, ...]
    notices: tuple[NoticeLink, ...]
    downloads: tuple[tuple[str, str], ...]  # (label, site path)
    data_date: date | None = None  # 统计截至: the period's last day


def period_context(data: PeriodData, views: Views, tr: Translator) -> PeriodContext:
    shows = dict(data.show)
    boards = tuple(views.board(b, shows.get(b.id)) for b in data.period.boards)
    period_id = data.period.period.id
    downloads = ((tr("XLSX 表格"), f"data/{period_id}.xlsx"), (tr("CSV 表格"), f"data/{period_id}.csv"),
                 (tr("JSON 数据"), f"data/{period_id}.json"))
    return PeriodContext(period_id, data.period.period.label_message().text(tr), boards, data.notices, downloads,
                         data.period.period.end)


@dataclass(frozen=True)
class PeriodItem:
    id: str
    label: str
    boards: tuple[tuple[str, str], ...]  # (board id, title)


def period_items(periods: tuple[PeriodOutcome, ...], tr: Translator) -> tuple[PeriodItem, ...]:
    from .views import board_title

    return tuple(PeriodItem(p.period.id, p.period.label_message().text(tr),
                            tuple((b.id, board_title(b.title, tr)) for b in p.boards)) for p in reversed(periods))


@dataclass(frozen=True)
class GradeLine:
    unit_id: str
    unit: str
    group: str | None
    score: str
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
class YearData:
    year: int
    periods: tuple[PeriodOutcome, ...]  # the year's periods
    grades: YearGrades | None
    frozen_on: date | None
    checksum: str | None
    errata: tuple[Erratum, ...]
    publish_persons: bool
    units_digest: str  # the page and the book name and order the units as units.csv does today (a frozen year's too)


def year_data(content: Content, outcome: Outcome, year: int, periods: tuple[PeriodOutcome, ...]) -> YearData:
    """What a year's page or book reads of the year, with `periods` of it (the page: its annual boards only)."""
    archive = next((f for f in content.frozen if f.year == year), None)
    return YearData(year, periods, outcome.years.get(year), archive.frozen_on if archive else None,
                    archive.checksum if archive else None, archive.errata if archive else (),
                    content.config.rules(year).grades.publish_persons, content.units_digest)


@dataclass(frozen=True)
class YearContext:
    year: int
    periods: tuple[tuple[str, str], ...]  # (id, label)
    boards: tuple[BoardView, ...]  # the year's own boards (the annual period)
    grade_source: str | None
    grades: tuple[GradeLine, ...]
    grade_counts: tuple[tuple[str, int], ...]
    quota: tuple[str, ...]
    campaigns: tuple[CampaignView, ...]
    frozen_on: date | None
    checksum: str | None
    errata: tuple[Erratum, ...]


def quota_text(check: QuotaCheck, share: str, rounding: str, unit_names: dict[str, str], tr: Translator) -> str:
    text = tr("{group}：{grade} {count} 个 / 上限 {limit} 个（共 {size} 个，{share}，{rounding}）",
              group=check.group or tr("全部"), grade=check.grade, count=check.count, limit=check.limit, size=check.size,
              share=share, rounding=rounding)
    if check.demoted:
        text += tr("；") + tr("按分数降档：{names}", names=names((unit_names.get(u, u) for u in check.demoted), tr))
    return text


ROUNDING_WORDS = {"floor": N_("向下取整"), "round": N_("四舍五入"), "ceil": N_("向上取整")}


def year_context(data: YearData, content: Content, views: Views, tr: Translator) -> YearContext:
    annual = next((p for p in data.periods if p.period.kind == "year"), None)
    boards = tuple(views.board(b) for b in annual.boards) if annual else ()
    grades = data.grades
    lines: list[GradeLine] = []
    quota: list[str] = []
    counts: list[tuple[str, int]] = []
    campaigns: list[CampaignView] = []
    unit_names = {u.id: u.name for u in content.units_by_id.values()}
    if grades is not None:
        main = annual.main if annual else None
        scores = dict(zip(main.rows["unit_id"], main.rows["score"], strict=True)) if isinstance(main, UnitBoard) else {}
        groups = dict(zip(main.rows["unit_id"], main.rows["group"], strict=True)) if isinstance(main, UnitBoard) else {}
        decimals = main.decimals if isinstance(main, UnitBoard) else 2
        order = {u.id: (u.order, u.id) for u in content.units_by_id.values()}
        for unit_id, grade in sorted(zip(grades.outcomes["unit_id"], grades.outcomes["grade"], strict=True),
                                     key=lambda item: order.get(item[0], (0, item[0]))):
            unit = content.units_by_id.get(unit_id)
            lines.append(GradeLine(unit_id, unit.name if unit else unit_id, groups.get(unit_id, unit.kind if unit else None),
                                   fixed(scores.get(unit_id), decimals), grade, grade_rule(grades, unit_id, tr) or ""))
        tally = Counter(line.grade for line in lines)
        counts = [(g, tally.get(g, 0)) for g in grades.rules.grades.scale]
        rule = grades.rules.grades.quota
        if rule is not None:
            share = f"{plain(rule.max_share * 100)}%"
            quota = [quota_text(c, share, tr(ROUNDING_WORDS[rule.rounding]), unit_names, tr) for c in grades.checks]
        for campaign in grades.campaigns:
            persons = tuple((unit_names.get(u, u), person, post, grade) for u, person, post, grade in campaign.persons) \
                if data.publish_persons else ()
            text = quota_text(campaign.check, f"{plain(rule.max_share * 100)}%", tr(ROUNDING_WORDS[rule.rounding]),
                              unit_names, tr) if campaign.check and rule else None
            campaigns.append(CampaignView(campaign.campaign, campaign.source, campaign.counts, persons, text))
    return YearContext(data.year, tuple((p.period.id, p.period.label_message().text(tr)) for p in data.periods), boards,
                       grades.source if grades else None, tuple(lines), tuple(counts), tuple(quota), tuple(campaigns),
                       data.frozen_on, data.checksum, data.errata)


@dataclass(frozen=True)
class YearItem:
    year: int
    grade_source: str | None
    boards: int
    frozen: bool


