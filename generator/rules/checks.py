"""The data checks (SPEC 7.1): the mistakes that pass every format rule, found on what `compute` gave.

Each check is a pure function of the content and the computed boards that returns `Finding`s: a `Problem`
(`file:row:column: message`, a message code of generator/messages.py) with the check's id and what the
warning is about (unit, period, board, indicator), so that `[checks] accept` in site.toml can accept one
known warning. `run_checks` runs the checks `[checks]` leaves on and sorts what they find into warnings,
errors (`level = "error"`, or every warning under --strict / `checks.strict`) and accepted warnings.
Only open years are checked: a frozen year was checked before it was published, and cannot change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..errors import Problem
from ..i18n import Translator
from ..memo import Memo, MemoMany, in_turn, no_memo
from ..model.check_settings import CHECK_IDS, Accept, ChecksSection
from ..model.types import Content, ResultSheet
from ..outcome import Outcome, UnitBoard
from .checks_moves import dropped_units, rank_moves, score_moves
from .checks_notices import notice_markup
from .checks_ranks import file_ranks, weight_sums
from .checks_values import Finding, constant_values, copied_values, out_of_range, share_text


@dataclass(frozen=True)
class SheetCase:
    """What a check of one results file reads: the file, its board, and the board before it (same length)."""

    content: Content
    sheet: ResultSheet
    board: UnitBoard
    previous: UnitBoard | None
    settings: ChecksSection


SheetCheck = Callable[[SheetCase], list[Finding]]

SHEET_CHECKS: dict[str, SheetCheck] = {
    "range": lambda case: out_of_range(case.content, case.sheet),
    "score_move": lambda case: score_moves(case.content, case.sheet, case.board, case.previous,
                                           case.settings.score_move.max_points),
    "rank_move": lambda case: rank_moves(case.content, case.sheet, case.board, case.previous, case.settings.rank_move),
    "copied": lambda case: copied_values(case.sheet, case.board, case.previous, case.settings.copied),
    "dropped": lambda case: dropped_units(case.content, case.sheet, case.board, case.previous),
    "file_rank": lambda case: file_ranks(case.content, case.sheet, case.board),
    "constant": lambda case: constant_values(case.content, case.sheet, case.settings.constant.min_units),
}


@dataclass(frozen=True)
class CheckReport:
    """What the data checks found, sorted: `warnings` (shown, the build goes on), `errors` (the build stops),
    `accepted` (each with the reason site.toml gives), and the level each check ran at ("off": not run)."""

    warnings: tuple[Finding, ...] = ()
    errors: tuple[Finding, ...] = ()
    accepted: tuple[tuple[Finding, str], ...] = ()
    levels: tuple[tuple[str, str], ...] = tuple((check, "warn") for check in CHECK_IDS)
    strict: bool = False

    @property
    def findings(self) -> tuple[Finding, ...]:
        return (*self.warnings, *self.errors, *(finding for finding, _ in self.accepted))

    def summary(self) -> list[tuple[str, str, int, int, int]]:
        """Per check: (id, level, warnings, errors, accepted)."""
        return [(check, level, sum(f.check == check for f in self.warnings), sum(f.check == check for f in self.errors),
                 sum(f.check == check for f, _ in self.accepted)) for check, level in self.levels]

    def lines(self, tr: Translator) -> list[str]:
        """The warnings as `file:row:column: message [check]`, for stderr."""
        return [finding.text(tr) for finding in self.warnings]


def _sheet_findings(case: SheetCase, levels: dict[str, str]) -> list[Finding]:
    return [finding for check, run in SHEET_CHECKS.items() if levels[check] != "off" for finding in run(case)]


def run_checks(content: Content, outcome: Outcome, strict: bool = False, memo: Memo[Any] | None = None,
               memo_many: MemoMany[Any] | None = None) -> CheckReport:
    """`memo` may serve a file's findings from a cache: they follow from exactly the inputs it is given;
    `memo_many` serves the files' findings together (and may check those it lacks in parallel)."""
    settings = content.config.checks
    strict = strict or settings.strict
    levels = {check: settings.level(check) for check in CHECK_IDS}
    boards = {(b.id, p.period): b for p in outcome.periods for b in p.boards}
    frozen = content.frozen_years
    memo = memo or no_memo
    found: list[Finding] = []
    cases: list[tuple[tuple[Any, ...], Callable[[], list[Finding]]]] = []
    for sheet in sorted(content.results, key=lambda s: (s.period, s.board)):
        board = boards.get((sheet.board, sheet.period))
        if not isinstance(board, UnitBoard) or sheet.period.year in frozen:
            continue
        previous = boards.get((sheet.board, sheet.period.previous()))
        prior = previous if isinstance(previous, UnitBoard) else None
        case = SheetCase(content, sheet, board, prior, settings)
        # Accepting is decided after (classify): the findings do not depend on `accept`.
        inputs = (sheet.digest, board.digest, prior.digest if prior else None, content.units_digest,
                  content.indicators_digest, settings.model_copy(update={"accept": ()}), sorted(levels.items()))
        cases.append((inputs, partial(_sheet_findings, case, levels)))
    for findings in (memo_many or in_turn(memo))("checks", cases):
        found += findings
    if levels["weights"] != "off":
        found += weight_sums(content.config, frozen, settings.weights.tolerance)
    if levels["markup"] != "off":
        # Parsing every notice again is the cost of this check: its findings follow from the notices alone.
        notices = tuple((n.source, n.body_line, n.slug, n.period, n.body_markdown) for n in content.notices)
        found += memo("markup", notices, partial(notice_markup, content.notices))
    return classify(found, content, settings, levels, strict)


def classify(found: Iterable[Finding], content: Content, settings: ChecksSection, levels: dict[str, str],
             strict: bool) -> CheckReport:
    warnings: list[Finding] = []
    errors: list[Finding] = []
    accepted: list[tuple[Finding, str]] = []
    for finding in sorted(set(found), key=lambda f: (f.problem.file, f.problem.row, f.problem.column, f.problem.message,
                                                     f.check)):
        entry = accepting(finding, settings.accept, content)
        if entry is not None:
            accepted.append((finding, entry.reason))
        elif strict or levels[finding.check] == "error":
            errors.append(finding)
        else:
            warnings.append(finding)
    return CheckReport(tuple(warnings), tuple(errors), tuple(accepted), tuple(levels.items()), strict)


def accepting(finding: Finding, entries: Sequence[Accept], content: Content) -> Accept | None:
    """The first `[checks] accept` entry that matches `finding`: same check, and each field it gives equal to
    the finding's (a unit by its id or its name)."""
    for entry in entries:
        if entry.check != finding.check:
            continue
        if entry.unit is not None:
            unit = content.units_by_id.get(finding.unit or "")
            if finding.unit is None or entry.unit not in (finding.unit, unit.name if unit else None):
                continue
        if entry.period is not None and entry.period != finding.period:
            continue
        if entry.board is not None and entry.board != finding.board:
            continue
        if entry.notice is not None and entry.notice != finding.notice:
            continue
        if entry.indicator is not None:
            indicator = content.indicators_by_id.get(finding.indicator or "")
            if finding.indicator is None or entry.indicator not in (finding.indicator, indicator.name if indicator else None):
                continue
        return entry
    return None


def problems_of(findings: Iterable[Finding]) -> list[Problem]:
    return [finding.problem for finding in findings]


__all__ = ["CheckReport", "Finding", "problems_of", "run_checks", "share_text"]
