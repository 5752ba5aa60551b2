"""Grades and quota (SPEC 3.5): registered grades are checked, never changed; derived grades come from score
bands on the year's main board, with the quota per ranking group (demoting the lowest scores when asked)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import pandas as pd

from ..errors import Message, Problem
from ..model.config import Grades, Quota, RuleSet
from ..model.types import GradeSheet
from ..outcome import CampaignGrades, QuotaCheck, UnitBoard, YearGrades, outcomes_frame
from .numbers import share_count


def quota_limit(quota: Quota, size: int) -> int:
    return share_count(quota.max_share, size, quota.rounding)


def band_grade(score: Decimal, grades: Grades) -> tuple[str, Decimal | None]:
    assert grades.bands
    for band in grades.bands:
        if band.min is None or score >= band.min:
            return band.grade, band.min
    raise AssertionError("the last band has no min")  # guaranteed by config validation


def excess_by_score(holders: Sequence[str], scores: Mapping[str, Decimal], limit: int) -> list[str]:
    """The lowest-scored holders beyond `limit` (holders sorted best first); units tied at the cut-off all
    drop, so a tie straddling the cut-off never leaves the grade over its limit."""
    if len(holders) <= limit:
        return []
    cut = scores[holders[limit]]
    return [u for u in holders if scores[u] <= cut]


def _groups_in_order(groups: Mapping[str, str | None]) -> list[str | None]:
    return list(dict.fromkeys(groups.values()))


def derive_grades(scores: Mapping[str, Decimal], groups: Mapping[str, str | None],
                  grades: Grades) -> tuple[pd.DataFrame, list[QuotaCheck]]:
    """Grades from bands, then the quota per ranking group (demoting when `over_quota = "demote"`)."""
    records: dict[str, list[object]] = {}
    for unit_id, score in scores.items():
        grade, minimum = band_grade(score, grades)
        records[unit_id] = [unit_id, grade, grade, False, "bands", minimum]
    checks: list[QuotaCheck] = []
    quota = grades.quota
    if quota is not None:
        lower = grades.scale[min(grades.scale.index(quota.grade) + 1, len(grades.scale) - 1)]
        for group in _groups_in_order(groups):
            members = [u for u in scores if groups[u] == group]
            holders = sorted((u for u in members if records[u][1] == quota.grade), key=lambda u: -scores[u])
            limit = quota_limit(quota, len(members))
            demoted: tuple[str, ...] = ()
            if len(holders) > limit and quota.over_quota == "demote":
                demoted = tuple(excess_by_score(holders, scores, limit))
                for unit_id in demoted:
                    records[unit_id][1] = lower
                    records[unit_id][3] = True
            checks.append(QuotaCheck(group, quota.grade, len(members), limit, len(holders),
                                     len(holders) - len(demoted), demoted))
    return outcomes_frame([tuple(r) for r in records.values()]), checks


def check_registered(registered: Mapping[str, str], groups: Mapping[str, str | None], grades: Grades) -> list[QuotaCheck]:
    if grades.quota is None:
        return []
    quota = grades.quota
    checks = []
    for group in _groups_in_order(groups):
        members = [u for u in registered if groups.get(u) == group]
        count = sum(registered[u] == quota.grade for u in members)
        checks.append(QuotaCheck(group, quota.grade, len(members), quota_limit(quota, len(members)), count, count, ()))
    return checks


def _quota_problem(source: str, code: str, check: QuotaCheck, rules: RuleSet, year: int) -> Problem:
    quota = rules.grades.quota
    assert quota is not None
    share = f"{(quota.max_share * 100).normalize():f}%"
    group = check.group if check.group is not None else Message.of("rules.all_units")
    return Problem.at(source, 0, "", code, grade=check.grade, group=group, size=check.size, count=check.count,
                      limit=check.limit, share=share, rounding=quota.rounding, year=year)


def campaign_grades(sheet: GradeSheet, rules: RuleSet) -> tuple[CampaignGrades, list[Problem]]:
    """A campaign's registration (疫情防控一线鉴定): shown and checked per file, never the year's grade."""
    tally = sheet.entries["grade"].value_counts()
    counts = tuple((g, int(tally.get(g, 0))) for g in rules.grades.scale)
    persons = tuple(zip(sheet.entries["unit_id"], sheet.entries["person"], sheet.entries["post"], sheet.entries["grade"],
                        strict=True))
    quota = rules.grades.quota
    check = None
    problems = []
    if quota is not None:
        size = len(sheet.entries)
        count = int((sheet.entries["grade"] == quota.grade).sum())
        check = QuotaCheck(None, quota.grade, size, quota_limit(quota, size), count, count, ())
        if check.exceeded:
            problems.append(_quota_problem(sheet.source, "rules.quota_persons", check, rules, sheet.year))
    return CampaignGrades(sheet.year, sheet.campaign or "", sheet.source, counts, persons, check), problems


def year_grades(year: int, rules: RuleSet, registered: GradeSheet | None, main: UnitBoard | None,
                groups: Mapping[str, str | None], campaigns: tuple[CampaignGrades, ...]) -> tuple[YearGrades, list[Problem]]:
    """A year's unit grades: registered ones when the year has a grades file, else from the bands."""
    problems: list[Problem] = []
    if registered is not None:
        grades = dict(zip(registered.entries["unit_id"], registered.entries["grade"], strict=True))
        checks = check_registered(grades, {u: groups.get(u) for u in grades}, rules.grades)
        problems.extend(_quota_problem(registered.source, "rules.quota_registered", c, rules, year)
                        for c in checks if c.exceeded)
        frame = outcomes_frame([(u, g, None, False, "registered", None) for u, g in grades.items()])
        return YearGrades(year, "registered", rules, frame, tuple(checks), campaigns, registered.source), problems
    if main is None or not rules.grades.bands:
        return YearGrades(year, None, rules, outcomes_frame([]), (), campaigns), problems
    decimals = main.decimals
    scores = {u: Decimal(f"{s:.{decimals}f}") for u, s in zip(main.rows["unit_id"], main.rows["score"], strict=True)}
    frame, checks = derive_grades(scores, dict(zip(main.rows["unit_id"], main.rows["group"], strict=True)), rules.grades)
    problems.extend(_quota_problem(main.source, "rules.quota_derived", c, rules, year) for c in checks if c.exceeded)
    return YearGrades(year, "bands", rules, frame, tuple(checks), campaigns), problems
