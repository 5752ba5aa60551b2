"""Grades and quota (3.5): registered grades are checked; derived grades come from score bands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ..config import Grades, Quota
from .numbers import share_count


@dataclass(frozen=True)
class GradeOutcome:
    unit_id: str
    grade: str
    band_grade: str | None  # the grade the bands gave before any demotion (derived grades only)
    demoted: bool
    source: str  # "registered" | "bands"
    band_min: Decimal | None  # the band's `min` that applied (derived grades only)


@dataclass(frozen=True)
class QuotaCheck:
    group: str | None
    grade: str
    size: int
    limit: int
    count_before: int  # with the bands' grades, before demotion
    count: int  # after demotion (equal to count_before for registered grades)
    demoted: tuple[str, ...]  # unit ids dropped one grade

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit


def band_grade(score: Decimal, grades: Grades) -> tuple[str, Decimal | None]:
    assert grades.bands
    for band in grades.bands:
        if band.min is None or score >= band.min:
            return band.grade, band.min
    raise AssertionError("the last band has no min")  # guaranteed by config validation


def quota_limit(quota: Quota, size: int) -> int:
    return share_count(quota.max_share, size, quota.rounding)


def derive_grades(
    scores: Mapping[str, Decimal], groups: Mapping[str, str | None], grades: Grades
) -> tuple[dict[str, GradeOutcome], list[QuotaCheck]]:
    """Grades from bands, then the quota per ranking group (demoting when `over_quota = "demote"`)."""
    outcomes = {}
    for unit_id, score in scores.items():
        grade, band_min = band_grade(score, grades)
        outcomes[unit_id] = GradeOutcome(unit_id, grade, grade, False, "bands", band_min)
    checks: list[QuotaCheck] = []
    if grades.quota is None:
        return outcomes, checks
    quota = grades.quota
    for group in _groups_in_order(groups):
        members = [u for u in scores if groups[u] == group]
        holders = sorted((u for u in members if outcomes[u].grade == quota.grade), key=lambda u: -scores[u])
        limit = quota_limit(quota, len(members))
        demoted: tuple[str, ...] = ()
        if len(holders) > limit and quota.over_quota == "demote":
            demoted = tuple(excess_by_score(holders, scores, limit))
            lower = _next_grade(grades.scale, quota.grade)
            for unit_id in demoted:
                outcomes[unit_id] = replace(outcomes[unit_id], grade=lower, demoted=True)
        checks.append(QuotaCheck(group, quota.grade, len(members), limit, len(holders), len(holders) - len(demoted), demoted))
    return outcomes, checks


def excess_by_score(holders: Sequence[str], scores: Mapping[str, Decimal], limit: int) -> list[str]:
    """The lowest-scored holders beyond `limit`; units tied at the cut-off all drop.

    `holders` is sorted best first. The kept units are those scoring strictly above the first
    excess unit, so a tie straddling the cut-off takes every tied unit out, never leaving the
    grade over its limit.
    """
    if len(holders) <= limit:
        return []
    cut = scores[holders[limit]]
    return [u for u in holders if scores[u] <= cut]


def check_registered(
    registered: Mapping[str, str], groups: Mapping[str, str | None], grades: Grades
) -> list[QuotaCheck]:
    if grades.quota is None:
        return []
    quota = grades.quota
    checks = []
    for group in _groups_in_order(groups):
        members = [u for u in registered if groups.get(u) == group]
        count = sum(registered[u] == quota.grade for u in members)
        checks.append(QuotaCheck(group, quota.grade, len(members), quota_limit(quota, len(members)), count, count, ()))
    return checks


def _next_grade(scale: Sequence[str], grade: str) -> str:
    index = scale.index(grade)
    return scale[min(index + 1, len(scale) - 1)]


def _groups_in_order(groups: Mapping[str, str | None]) -> list[str | None]:
    seen: list[str | None] = []
    for group in groups.values():
        if group not in seen:
            seen.append(group)
    return seen
