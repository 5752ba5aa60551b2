"""The rules stage: from validated content to every published number. Pure: no I/O.

`compute(content, today)` reads as the whole of SPEC section 3: boards per period (scores, ranks, tiers),
grades per year (with quotas), flags over years, follow-up lists and warnings, and which notices are
issued with their windows. Frozen years come from their archive as they are; open years still see them
(previous ranks, multi-year flags). `memo` may serve a board from a cache: it is called with the board's
inputs, from which the cache key is derived, and must return what `make()` would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any

from ..errors import Message, Problem
from ..fingerprint import digest
from ..memo import Memo, MemoMany, in_turn, no_memo
from ..model.types import MAIN_BOARD, STANDINGS_BOARD, Content, GradeSheet, ResultSheet
from ..outcome import Board, Outcome, PeriodOutcome, UnitBoard, YearGrades, flags_frame
from ..periods import Period
from .boards import Midterm, group_of, score_board, with_previous
from .checks import CheckReport, run_checks
from .flags import compute_flags
from .grades import campaign_grades, year_grades
from .notices import board_windows, issued_notices
from .standings import compute_standings_board
from .streaks import worst_streaks
from .tasks import task_warnings

BoardKey = tuple[str, Period]


def board_title(content: Content, period: Period, board_id: str) -> Message:
    label = period.label_message()
    if board_id == MAIN_BOARD:
        return Message.of("title.main", period=label)
    if board_id == STANDINGS_BOARD:
        custom = content.config.standings.title
        return Message.of("title.custom", period=label, title=custom) if custom else Message.of("title.standings", period=label)
    return Message.of("title.custom", period=label, title=content.config.board_title(board_id) or board_id)


def compute(content: Content, today: date, memo: Memo[Any] = no_memo,
            memo_many: MemoMany[Any] | None = None) -> tuple[Outcome, list[Problem]]:
    """`memo` serves one result from a cache (see the module's docstring); `memo_many` serves many, and may
    make those it does not have in parallel."""
    problems: list[Problem] = []
    # A frozen year's boards are what its bag says: the bag's digest is theirs (so that what shows them is
    # keyed without reading their tables again), with, as an open board's, the units and indicators as
    # units.csv and indicators.csv name them today (the pages name a frozen year's units so).
    named = (content.units_digest, content.indicators_digest)
    archived: dict[BoardKey, Board] = {(b.id, p.period): b if b.digest else replace(b, digest=digest(
        "archived", f.digest, p.period.id, b.id, named)) for f in content.frozen for p in f.snapshot.periods
        for b in p.boards}
    boards = compute_boards(content, problems, archived, memo_many or in_turn(memo))
    years = compute_grades(content, boards, problems, memo)
    years.update({f.year: f.snapshot.grades for f in content.frozen if f.snapshot.grades is not None})
    # The digest of what the flags are computed from is their identity downstream too (a page's key), so
    # that no later stage digests the frame itself (a row per unit, year and flag).
    flags_digest = digest("flags", content.config.flags, content.units_digest, content.frozen_years,
                          [(f.year, f.digest) for f in content.frozen], sorted((y, g.digest) for y, g in years.items()))
    flags = memo("flags", (flags_digest,), lambda: year_flags(content, years))
    boards = apply_grades_and_flags(boards, years, flags)
    boards.update(archived)
    periods = by_period(boards, content)
    notices, notice_problems = issued_notices(content.notices, today, content.config.site.publication_days,
                                              content.calendar)
    windows, window_problems = board_windows([p.period for p in periods], content.notices, today,
                                             content.config.site.publication_days, content.calendar)
    problems += notice_problems + window_problems
    outcome = Outcome(
        today=today, periods=periods, years=years, flags=flags, flags_digest=flags_digest,
        warnings=task_warnings(content.tasks, today),
        worst_streaks=worst_streaks(periods), notices=notices, board_windows=windows,
        rules_by_year=rules_by_year(content, periods, years),
        data_date=content.config.site.data_date or max((p.period.end for p in periods), default=None),
    )
    return outcome, problems


def data_checks(content: Content, outcome: Outcome, strict: bool = False,
                memo: Memo[Any] | None = None, memo_many: MemoMany[Any] | None = None) -> CheckReport:
    """The data checks of SPEC 7.1 on what `compute` gave (`rules.checks`): a report of warnings, errors
    (`[checks]` levels, or every warning when `strict`) and accepted warnings. Pure, like `compute`; `memo`
    and `memo_many` as for `compute`."""
    return run_checks(content, outcome, strict, memo, memo_many)


def compute_boards(content: Content, problems: list[Problem], archived: Mapping[BoardKey, Board],
                   memo_many: MemoMany[Any] | None = None) -> dict[BoardKey, Board]:
    """Every open board: each scored on its own file, rules and (for a year that blends the mid-year result)
    its H1 file, memo-ised on exactly those inputs; then, in period order, given the ranks of the board before
    it."""
    memo_many = memo_many or in_turn(no_memo)
    config = content.config
    indicators = content.indicators_by_id
    units_digest = content.units_digest
    indicators_digest = content.indicators_digest
    sheets = {(s.board, s.period): s for s in content.results}
    computed: dict[BoardKey, Board] = {}
    todo: list[tuple[BoardKey, tuple[Any, ...], Callable[[], UnitBoard]]] = []
    for sheet in sorted(content.results, key=lambda s: (s.period, s.board)):
        rules = config.rules(sheet.period.year, sheet.board)
        board_indicators = content.board_indicators.get(sheet.board)
        midterm = None
        if sheet.period.kind == "year" and rules.scoring.midterm_weight is not None:
            h1 = sheets.get((sheet.board, Period.make(sheet.period.year, "half", 1)))
            if h1 is None:
                problems.append(Problem.at(sheet.source, 0, "", "rules.midterm_missing", year=sheet.period.year))
                continue
            # A unit scored in the year needs an H1 composite: a row of only 不适用 in H1 has none either.
            missing = _scored_units(sheet, board_indicators) - _scored_units(h1, board_indicators)
            # Blending some units and not others would rank them on different footings.
            for unit_id, row in zip(sheet.entries["unit_id"], sheet.entries["row"], strict=True):
                if unit_id in missing:
                    problems.append(Problem.at(sheet.source, int(row), "", "rules.midterm_unit",
                                               unit=content.unit(unit_id).name, source=h1.source))
            if missing:
                continue
            midterm = Midterm(h1, config.rules(h1.period.year, h1.board), board_indicators)
        title = board_title(content, sheet.period, sheet.board)
        inputs = (sheet.digest, title, units_digest, indicators_digest, rules, board_indicators,
                  midterm.sheet.digest if midterm else None, midterm.rules if midterm else None)
        todo.append(((sheet.board, sheet.period), inputs,
                     partial(score_board, sheet, title, content.units, indicators, rules, board_indicators, midterm)))
    scored = memo_many("board", [(inputs, make) for _, inputs, make in todo])
    for (key, inputs, _), board in zip(todo, scored, strict=True):
        previous_key = (key[0], key[1].previous())
        previous = computed.get(previous_key) or archived.get(previous_key)
        prior = previous if isinstance(previous, UnitBoard) else None
        computed[key] = replace(with_previous(board, prior),
                                digest=digest("board", *inputs, prior.digest if prior else None))
    for standings in content.standings:
        tiers = config.standings_tiers(standings.period.year)
        title = board_title(content, standings.period, STANDINGS_BOARD)
        board = compute_standings_board(standings, title, tiers)
        computed[(STANDINGS_BOARD, standings.period)] = replace(board, digest=digest(standings.digest, title, tiers))
    return computed


def _scored_units(sheet: ResultSheet, board_indicators: Sequence[str] | None) -> set[str]:
    """The units of `sheet` that a board scores: those with a value (not 不适用) in an indicator it uses."""
    values = sheet.values
    if board_indicators is not None:
        values = values[values["indicator_id"].isin(list(board_indicators))]
    return set(values.loc[values["value"].notna(), "unit_id"])


def compute_grades(content: Content, boards: Mapping[BoardKey, Board], problems: list[Problem],
                   memo: Memo[Any] = no_memo) -> dict[int, YearGrades]:
    registered = {s.year: s for s in content.grades if s.campaign is None}
    campaigns: dict[int, list[GradeSheet]] = {}
    for sheet in content.grades:
        if sheet.campaign is not None:
            campaigns.setdefault(sheet.year, []).append(sheet)
    mains = {p.year: b for (bid, p), b in boards.items() if bid == MAIN_BOARD and p.kind == "year"}
    years: dict[int, YearGrades] = {}
    for year in sorted(set(registered) | set(mains) | set(campaigns)):
        rules = content.config.rules(year)
        results = []
        for sheet in campaigns.get(year, []):
            campaign, found = campaign_grades(sheet, rules)
            results.append(campaign)
            problems.extend(found)
        main = mains.get(year)
        groups = {u.id: group_of(u, rules.ranking.within) for u in content.units}
        # The groups follow from units.csv and the ranking rule, both in the key already.
        board = main if isinstance(main, UnitBoard) else None
        registered_sheet = registered.get(year)
        inputs = (year, rules, registered_sheet.digest if registered_sheet else None, board.digest if board else None,
                  content.units_digest, tuple(results))
        grades, found = memo("grades", inputs,
                             partial(year_grades, year, rules, registered_sheet, board, groups, tuple(results)))
        problems.extend(found)
        years[year] = grades
    return years


def year_flags(content: Content, years: Mapping[int, YearGrades]) -> Any:
    """Flags of open years over every year's grades; frozen years keep their archived flags."""
    frozen = [f.snapshot.flags for f in content.frozen]
    open_years = [y for y in years if y not in content.frozen_years]
    history: dict[str, dict[int, str | None]] = {}
    for year, grades in years.items():
        for unit_id, grade in zip(grades.outcomes["unit_id"], grades.outcomes["grade"], strict=True):
            history.setdefault(unit_id, {})[year] = grade
    fresh = compute_flags(content.config.flags, {u.id: history.get(u.id, {}) for u in content.units}, open_years)
    import pandas as pd

    parts = [f for f in (*frozen, fresh) if len(f)]
    return pd.concat(parts, ignore_index=True) if parts else flags_frame([])


def apply_grades_and_flags(boards: Mapping[BoardKey, Board], years: Mapping[int, YearGrades],
                           flags: Any) -> dict[BoardKey, Board]:
    """Year rows of the main board carry the unit's grade and flags; other rows have none."""
    result: dict[BoardKey, Board] = {}
    met = flags[flags["met"]]
    for key, board in boards.items():
        board_id, period = key
        if board_id != MAIN_BOARD or period.kind != "year" or not isinstance(board, UnitBoard):
            result[key] = board
            continue
        grades = years.get(period.year)
        rows = board.rows.copy()
        if grades is not None:
            grade_of_unit = dict(zip(grades.outcomes["unit_id"], grades.outcomes["grade"], strict=True))
            # None, not NaN, for a unit without a grade: pages print it as empty.
            rows["grade"] = [grade_of_unit.get(u) for u in rows["unit_id"].tolist()]
        of_year: dict[str, tuple[str, ...]] = {}
        this_year = met[met["year"] == period.year]
        for unit_id, flag_id in zip(this_year["unit_id"].tolist(), this_year["flag_id"].tolist(), strict=True):
            of_year[unit_id] = (*of_year.get(unit_id, ()), flag_id)
        rows["flags"] = [of_year.get(u, ()) for u in rows["unit_id"]]
        # A row's digest covers its grade and flags too.
        grade_of = grades.records if grades is not None else {}
        unit_digests = {u: f"{d}|{grade_of.get(u, (None, None))[1]}|{of_year.get(u, ())}"
                        for u, d in board.unit_digests.items()}
        result[key] = replace(board, rows=rows, unit_digests=unit_digests,
                              digest=digest(board.digest, grades.digest if grades else None, sorted(of_year.items())))
    return result


def by_period(boards: Mapping[BoardKey, Board], content: Content) -> tuple[PeriodOutcome, ...]:
    themed = list(content.config.boards)

    def order(board: Board) -> tuple[int, int, str]:
        if board.id == MAIN_BOARD:
            return (0, 0, "")
        if board.id == STANDINGS_BOARD:
            return (2, 0, "")
        return (1, themed.index(board.id) if board.id in themed else len(themed), board.id)

    periods: dict[Period, list[Board]] = {}
    for (_, period), board in boards.items():
        periods.setdefault(period, []).append(board)
    return tuple(PeriodOutcome(p, tuple(sorted(items, key=order))) for p, items in sorted(periods.items()))


def rules_by_year(content: Content, periods: tuple[PeriodOutcome, ...], years: Mapping[int, YearGrades]) -> dict[int, Any]:
    """The rules each year was computed with: a frozen year's come from its archive."""
    result = {}
    for year in sorted({p.period.year for p in periods} | set(years)):
        result[year] = content.config.rules(year)
        for frozen in content.frozen:
            if frozen.year == year:
                main = next((b for p in frozen.snapshot.periods for b in p.boards
                             if b.id == MAIN_BOARD and isinstance(b, UnitBoard)), None)
                if main is not None:
                    result[year] = main.rules
                elif frozen.snapshot.grades is not None:
                    result[year] = frozen.snapshot.grades.rules
    return result


__all__ = ["Memo", "compute", "data_checks", "no_memo"]
