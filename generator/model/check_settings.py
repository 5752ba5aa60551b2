"""site.toml's [checks]: the level and thresholds of each data check (SPEC 7.1, rules/checks.py) and the
warnings the office accepts, with why."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .config_types import Slug, Strict, Text

CHECK_IDS = ("range", "score_move", "rank_move", "copied", "dropped", "file_rank", "weights", "constant", "markup")
CheckLevel = Literal["warn", "error", "off"]
CheckId = Literal["range", "score_move", "rank_move", "copied", "dropped", "file_rank", "weights", "constant", "markup"]


class Check(Strict):
    """One data check (SPEC 7.1): `warn` (the default), `error` (stops a build, as --strict does) or `off`."""

    level: CheckLevel = "warn"


class ScoreMoveCheck(Check):
    max_points: Decimal = Field(default=Decimal(30), gt=0, le=1000, allow_inf_nan=False)


class RankMoveCheck(Check):
    max_share: Decimal = Field(default=Decimal("0.5"), gt=0, le=1, allow_inf_nan=False)  # of the group's size
    max_places: int | None = Field(default=None, gt=0, le=10**6)  # when set, instead of max_share


class CopiedCheck(Check):
    min_share: Decimal = Field(default=Decimal("0.9"), gt=0, le=1, allow_inf_nan=False)  # of the values in common
    min_values: int = Field(default=10, gt=0, le=10**6)


class WeightsCheck(Check):
    tolerance: Decimal = Field(default=Decimal(0), ge=0, le=1, allow_inf_nan=False)


class ConstantCheck(Check):
    min_units: int = Field(default=3, ge=2, le=10**6)


def _check_period(value: str | None) -> str | None:
    from ..periods import Period, PeriodError

    if value is not None:
        try:
            Period.parse(value)
        except PeriodError:
            raise ValueError(f"period:{value}") from None
    return value


def _check_reason(value: str) -> str:
    if not value.strip():
        raise ValueError("reason")
    return value


class Accept(Strict):
    """A warning the office has looked at and accepts, with why: it matches the warnings of `check` whose
    unit (id or name), period, board and indicator are those given (a field left out matches any)."""

    check: CheckId
    reason: Annotated[Text, AfterValidator(_check_reason)]
    unit: Text | None = None
    period: Annotated[str | None, Field(max_length=20), AfterValidator(_check_period)] = None
    board: Slug | None = None
    indicator: Text | None = None
    notice: Slug | None = None  # a notice's slug (its file name without .md, or its `slug`)


class ChecksSection(Strict):
    strict: bool = False  # every warning an error, as --strict
    range: Check = Check()
    score_move: ScoreMoveCheck = ScoreMoveCheck()
    rank_move: RankMoveCheck = RankMoveCheck()
    copied: CopiedCheck = CopiedCheck()
    dropped: Check = Check()
    file_rank: Check = Check()
    weights: WeightsCheck = WeightsCheck()
    constant: ConstantCheck = ConstantCheck()
    markup: Check = Check()  # what of a notice's Markdown its page will not show
    accept: tuple[Accept, ...] = Field(default=(), max_length=10_000)

    def level(self, check: str) -> str:
        found: Check = getattr(self, check)
        return found.level
