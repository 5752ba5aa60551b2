"""The rules stage: from validated content to every published number. Pure: no I/O.

`compute(content, today)` reads as the whole of section 3: boards per period (scores, ranks, tiers),
then grades per year (with quotas), then flags over years, then follow-up lists and warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from ..config import RuleSet, SiteConfig
from ..errors import Problem
from ..i18n import Messages
from ..model import MAIN_BOARD, Content, GradeSheet
from ..periods import Period
from .boards import UnitBoard, UnitRow, compute_unit_board, group_of
from .flags import FlagResult, flags_for
from .grades import GradeOutcome, QuotaCheck, check_registered, derive_grades, quota_limit
from .standings import StandingsBoard, compute_standings_board
from .tasks import TaskWarning, task_warnings
from .tiers import is_worst

Board = UnitBoard | StandingsBoard

_MSG = Messages(
    {
        "main_title": ("{period}综合考核晾晒表", "{period} overall assessment"),
        "standings_title": ("{period}全市高质量发展指标晾晒表", "{period} city standings of indicators"),
        "quota_registered": (
            "“{grade}”等次超出比例：{group}共 {size} 个，登记 {count} 个，上限 {limit} 个（{share}，{rounding}）",
            "too many “{grade}”: {group} has {size} units, {count} registered, at most {limit} allowed ({share}, {rounding})",
        ),
        "quota_derived": (
            "按分档得出的“{grade}”等次超出比例：{group}共 {size} 个，得出 {count} 个，上限 {limit} 个（{share}，{rounding}）；"
            "可在 site.toml 的 grades.quota 中设 over_quota = \"demote\" 按分数降档，或在 grades/{year}.csv 中登记等次",
            "the bands give too many “{grade}”: {group} has {size} units, {count} derived, at most {limit} allowed ({share}, {rounding}); "
            "set over_quota = \"demote\" in grades.quota of site.toml, or register the grades in grades/{year}.csv",
        ),
        "quota_persons": (
            "“{grade}”等次超出比例：本文件共 {size} 人，登记 {count} 人，上限 {limit} 人（{share}，{rounding}）",
            "too many “{grade}”: this file has {size} persons, {count} registered, at most {limit} allowed ({share}, {rounding})",
        ),
        "all_units": ("全部单位", "all units"),
        "midterm_unit": (
            "设置了 scoring.midterm_weight，但“{unit}”在期中考结果 {source} 中没有成绩",
            "scoring.midterm_weight is set, but “{unit}” has no result in the mid-year file {source}",
        ),
        "midterm_missing": (
            "设置了 scoring.midterm_weight，但缺少期中考结果文件 results/{year}-H1.csv",
            "scoring.midterm_weight is set but the mid-year results file results/{year}-H1.csv is missing",
        ),
    }
)


@dataclass(frozen=True)
class PeriodOutcome:
    period: Period
    boards: tuple[Board, ...]  # main first, then themed boards, then standings

    def board(self, board_id: str) -> Board | None:
        return next((b for b in self.boards if b.id == board_id), None)

    @property
    def main(self) -> UnitBoard | None:
        board = self.board(MAIN_BOARD)
        return board if isinstance(board, UnitBoard) else None


@dataclass(frozen=True)
class CampaignGrades:
    sheet: GradeSheet
    check: QuotaCheck | None


@dataclass(frozen=True)
class YearGrades:
    year: int
    source: str | None  # "registered" | "bands" | None (no grades this year)
    rules: RuleSet
    outcomes: Mapping[str, GradeOutcome]
    checks: tuple[QuotaCheck, ...]
    campaigns: tuple[CampaignGrades, ...] = ()
    registered_source: str | None = None


@dataclass(frozen=True)
class Outcome:
    today: date
    periods: tuple[PeriodOutcome, ...]  # oldest first
    years: Mapping[int, YearGrades]
    flags: Mapping[tuple[str, int], tuple[FlagResult, ...]]  # (unit id, year) -> every flag's result
    warnings: tuple[TaskWarning, ...]
    worst_streaks: Mapping[str, tuple[Period, ...]] = field(default_factory=dict)  # unit -> 3 periods running

    def period(self, period_id: str) -> PeriodOutcome | None:
        return next((p for p in self.periods if p.period.id == period_id), None)


def board_title(config: SiteConfig, period: Period, board_id: str, lang: str) -> str:
    label = period.label(lang)
    if board_id == MAIN_BOARD:
        return _MSG(lang, "main_title", period=label)
    if board_id == "standings":
        custom = config.standings.title
        return f"{label}{custom}" if custom else _MSG(lang, "standings_title", period=label)
    custom = config.board_title(board_id) or board_id
    return f"{label}{custom}" if lang != "en" else f"{label} {custom}"


def compute(content: Content, today: date) -> tuple[Outcome, list[Problem]]:
    """Frozen years come from their archive as they are; only open years are computed. Open years
    still see frozen ones: previous ranks and multi-year flags read them from the archive."""
    problems: list[Problem] = []
    archived = archived_boards(content)
    boards = compute_boards(content, problems, archived)
    years = compute_grades(content, boards, problems)
    for frozen in content.frozen:
        if frozen.snapshot.grades is not None:
            years[frozen.year] = frozen.snapshot.grades
    flags = compute_flags(content, years)
    boards = apply_grades_and_flags(boards, years, flags)
    boards.update(archived)
    periods = _by_period(boards, content)
    outcome = Outcome(
        today=today,
        periods=periods,
        years=years,
        flags=flags,
        warnings=task_warnings(content.tasks, today),
        worst_streaks=worst_streaks(periods),
    )
    return outcome, problems


def archived_boards(content: Content) -> dict[tuple[str, Period], Board]:
    return {(board.id, period.period): board
            for frozen in content.frozen for period in frozen.snapshot.periods for board in period.boards}


def compute_boards(content: Content, problems: list[Problem],
                   archived: Mapping[tuple[str, Period], Board] | None = None) -> dict[tuple[str, Period], Board]:
    config, lang = content.config, content.lang
    indicators = {i.id: i for i in content.indicators}
    computed: dict[tuple[str, Period], Board] = {}
    for sheet in sorted(content.results, key=lambda s: (s.period, s.board)):
        rules = config.rules(sheet.period.year, sheet.board)
        section = config.boards.get(sheet.board)
        key = (sheet.board, sheet.period.previous())
        previous = computed.get(key) or (archived or {}).get(key)
        midterm = None
        if sheet.period.kind == "year" and rules.scoring.midterm_weight is not None:
            h1 = computed.get((sheet.board, Period.make(sheet.period.year, "half", 1)))
            if not isinstance(h1, UnitBoard):
                problems.append(Problem(sheet.source, 0, "", _MSG(lang, "midterm_missing", year=sheet.period.year)))
            else:
                midterm = {row.unit_id: row.explain.composite for row in h1.rows}
                for entry in sheet.entries:
                    if entry.unit_id not in midterm:
                        # Blending some units and not others would rank them on different footings.
                        problems.append(Problem(sheet.source, entry.row, "", _MSG(
                            lang, "midterm_unit", unit=content.unit(entry.unit_id).name, source=h1.source)))
        computed[(sheet.board, sheet.period)] = compute_unit_board(
            sheet,
            board_title(config, sheet.period, sheet.board, lang),
            content.units,
            indicators,
            rules,
            board_indicators=section.indicators if section and section.indicators else None,
            previous=previous if isinstance(previous, UnitBoard) else None,
            midterm=midterm,
        )
    for standings in content.standings:
        tiers = config.standings_tiers(standings.period.year)
        title = board_title(config, standings.period, "standings", lang)
        computed[("standings", standings.period)] = compute_standings_board(standings, title, tiers)
    return computed


def compute_grades(
    content: Content, boards: Mapping[tuple[str, Period], Board], problems: list[Problem]
) -> dict[int, YearGrades]:
    lang = content.lang
    registered = {s.year: s for s in content.grades if s.campaign is None}
    campaigns: dict[int, list[GradeSheet]] = {}
    for sheet in content.grades:
        if sheet.campaign is not None:
            campaigns.setdefault(sheet.year, []).append(sheet)
    year_boards = {p.year: b for (bid, p), b in boards.items() if bid == MAIN_BOARD and p.kind == "year"}
    years: dict[int, YearGrades] = {}
    for year in sorted(set(registered) | set(year_boards) | set(campaigns)):
        rules = content.config.rules(year)
        campaign_results = tuple(_check_campaign(s, rules, lang, problems) for s in campaigns.get(year, []))
        if year in registered:
            years[year] = _registered_year(content, registered[year], rules, problems, campaign_results)
            continue
        board = year_boards.get(year)
        if board is None or not rules.grades.bands or not isinstance(board, UnitBoard):
            years[year] = YearGrades(year, None, rules, {}, (), campaign_results)
            continue
        scores = {row.unit_id: row.score for row in board.rows}
        groups = {row.unit_id: row.group for row in board.rows}
        outcomes, checks = derive_grades(scores, groups, rules.grades)
        for check in checks:
            if check.exceeded:
                problems.append(Problem(board.source, 0, "", _quota_message("quota_derived", check, rules, lang, year)))
        years[year] = YearGrades(year, "bands", rules, outcomes, tuple(checks), campaign_results)
    return years


def _registered_year(content: Content, sheet: GradeSheet, rules: RuleSet, problems: list[Problem],
                     campaigns: tuple[CampaignGrades, ...]) -> YearGrades:
    grades = {entry.unit_id: entry.grade for entry in sheet.entries}
    groups = {u.id: group_of(u, rules.ranking.within) for u in content.units if u.id in grades}
    checks = check_registered(grades, groups, rules.grades)
    for check in checks:
        if check.exceeded:
            problems.append(Problem(sheet.source, 0, "", _quota_message("quota_registered", check, rules, content.lang, sheet.year)))
    outcomes = {u: GradeOutcome(u, g, None, False, "registered", None) for u, g in grades.items()}
    return YearGrades(sheet.year, "registered", rules, outcomes, tuple(checks), campaigns, sheet.source)


def _check_campaign(sheet: GradeSheet, rules: RuleSet, lang: str, problems: list[Problem]) -> CampaignGrades:
    """Person grades are limited per file, unit grades of a campaign per file too."""
    quota = rules.grades.quota
    if quota is None:
        return CampaignGrades(sheet, None)
    size = len(sheet.entries)
    count = sum(entry.grade == quota.grade for entry in sheet.entries)
    check = QuotaCheck(None, quota.grade, size, quota_limit(quota, size), count, count, ())
    if check.exceeded:
        problems.append(Problem(sheet.source, 0, "", _quota_message("quota_persons", check, rules, lang, sheet.year)))
    return CampaignGrades(sheet, check)


def _quota_message(key: str, check: QuotaCheck, rules: RuleSet, lang: str, year: int) -> str:
    quota = rules.grades.quota
    assert quota is not None
    share = f"{(quota.max_share * 100).normalize():f}%"
    group = check.group if check.group is not None else _MSG(lang, "all_units")
    return _MSG(lang, key, grade=check.grade, group=group, size=check.size, count=check.count,
                limit=check.limit, share=share, rounding=quota.rounding, year=year)


def unit_grade_history(years: Mapping[int, YearGrades], unit_id: str) -> dict[int, str | None]:
    return {year: (g.outcomes[unit_id].grade if unit_id in g.outcomes else None) for year, g in years.items()}


def compute_flags(content: Content, years: Mapping[int, YearGrades]) -> dict[tuple[str, int], tuple[FlagResult, ...]]:
    """Flags of open years, computed over every year's grades; frozen years keep their archived flags."""
    flags: dict[tuple[str, int], tuple[FlagResult, ...]] = {
        (unit_id, frozen.year): results
        for frozen in content.frozen for unit_id, results in frozen.snapshot.flags.items()
    }
    if not content.config.flags:
        return flags
    frozen_years = content.frozen_years
    for unit in content.units:
        history = unit_grade_history(years, unit.id)
        for year, grades in years.items():
            if unit.id in grades.outcomes and year not in frozen_years:
                flags[(unit.id, year)] = flags_for(content.config.flags, year, history)
    return flags


def apply_grades_and_flags(
    boards: Mapping[tuple[str, Period], Board],
    years: Mapping[int, YearGrades],
    flags: Mapping[tuple[str, int], tuple[FlagResult, ...]],
) -> dict[tuple[str, Period], Board]:
    """Year rows of the main board carry the unit's grade and flags; other rows have none."""
    result: dict[tuple[str, Period], Board] = {}
    for key, board in boards.items():
        board_id, period = key
        if board_id != MAIN_BOARD or period.kind != "year" or not isinstance(board, UnitBoard):
            result[key] = board
            continue
        grades = years.get(period.year)
        rows = tuple(_graded_row(row, grades, flags.get((row.unit_id, period.year), ())) for row in board.rows)
        result[key] = replace(board, rows=rows)
    return result


def _graded_row(row: UnitRow, grades: YearGrades | None, flags: tuple[FlagResult, ...]) -> UnitRow:
    outcome = grades.outcomes.get(row.unit_id) if grades else None
    return replace(
        row,
        grade=outcome.grade if outcome else None,
        flags=tuple(result.flag_id for result in flags if result.met),
    )


def _by_period(boards: Mapping[tuple[str, Period], Board], content: Content) -> tuple[PeriodOutcome, ...]:
    themed_order = list(content.config.boards)

    def board_order(board: Board) -> tuple[int, int, str]:
        if board.id == MAIN_BOARD:
            return (0, 0, "")
        if board.id == "standings":
            return (2, 0, "")
        return (1, themed_order.index(board.id) if board.id in themed_order else len(themed_order), board.id)

    periods: dict[Period, list[Board]] = {}
    for (_, period), board in boards.items():
        periods.setdefault(period, []).append(board)
    return tuple(
        PeriodOutcome(period, tuple(sorted(items, key=board_order))) for period, items in sorted(periods.items())
    )


def worst_streaks(periods: tuple[PeriodOutcome, ...]) -> dict[str, tuple[Period, ...]]:
    """Units in the worst tier of the main board in the latest three periods of one length running."""
    mains = {p.period: p.main for p in periods if p.main is not None}
    streaks: dict[str, tuple[Period, ...]] = {}
    for kind in ("month", "quarter", "half", "year"):
        latest = max((p for p in mains if p.kind == kind), default=None)
        if latest is None:
            continue
        window = (latest.previous().previous(), latest.previous(), latest)
        if not all(p in mains for p in window):
            continue
        for row in mains[latest].rows:
            if all(_in_worst(mains[p], row.unit_id) for p in window):
                streaks.setdefault(row.unit_id, window)
    return streaks


def _in_worst(board: UnitBoard | None, unit_id: str) -> bool:
    row = board.row(unit_id) if board else None
    return row is not None and is_worst(board.rules.tiers, row.tier.level.id)


__all__ = ["Board", "Outcome", "PeriodOutcome", "StandingsBoard", "UnitBoard", "YearGrades", "compute"]
