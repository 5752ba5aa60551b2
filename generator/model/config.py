"""site.toml: settings and rules, as pydantic models with every number bounded.

Rules can change per year (`[years.<year>.<section>]`) and per board (`[boards.<board>]`): base, then
the year, then the board. The resolved rules of one year and board are a `RuleSet`; `config_check`
resolves and validates every layer once, and `SiteConfig.rules(year, board)` returns them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, PrivateAttr, field_validator, model_validator

from .check_settings import ChecksSection
from .config_types import Bounded, Color, Slug, Strict, Text, check_date

RULE_SECTIONS = ("scoring", "ranking", "tiers", "grades")


class SiteSection(Strict):
    title: Text = "考核结果公示"
    organization: Text = ""
    lang: str = "zh-CN"
    contact: Text = ""
    publication_days: int = Field(default=5, ge=0, le=60)
    # 统计截至, when the data's own date is not the end of the latest period (e.g. figures as of the 25th).
    data_date: Annotated[dt.date | None, AfterValidator(check_date)] = None

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str) -> str:
        from ..i18n import available_langs

        if value not in available_langs():
            raise ValueError(f"lang:{value}")
        return value


class Category(Strict):
    id: Slug
    name: Text
    weight: Decimal = Field(gt=0, le=10**6, allow_inf_nan=False)


class Scoring(Strict):
    normalize: Literal["raw", "minmax", "efficacy", "target"] = "efficacy"
    decimals: int = Field(default=2, ge=0, le=4)
    categories: tuple[Category, ...] | None = None
    levels: dict[str, Bounded] | None = None
    midterm_weight: Decimal | None = Field(default=None, allow_inf_nan=False)

    @field_validator("midterm_weight")
    @classmethod
    def _midterm(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and not (0 <= value < 1):
            raise ValueError("midterm")
        return value

    @model_validator(mode="after")
    def _unique_categories(self) -> Scoring:
        seen: set[str] = set()
        for category in self.categories or ():
            if category.id in seen:
                raise ValueError(f"duplicate_id:{category.id}")
            seen.add(category.id)
        return self


class Ranking(Strict):
    ties: Literal["min", "dense"] = "min"
    within: str = Field(default="kind", max_length=100)


CONDITIONS_BY_BASIS = {"rank": ("top", "bottom"), "percentile": ("top_pct", "bottom_pct"), "score": ("min_score",)}
ALL_CONDITIONS = ("top", "bottom", "top_pct", "bottom_pct", "min_score")
TOP_CONDITIONS = ("top", "top_pct", "min_score")


class TierLevel(Strict):
    id: Slug
    label: Text
    color: Color | None = None
    shape: str | None = Field(default=None, min_length=1, max_length=2)
    meaning: Text | None = None
    top: int | None = Field(default=None, gt=0, le=10**6)
    bottom: int | None = Field(default=None, gt=0, le=10**6)
    top_pct: Decimal | None = Field(default=None, gt=0, le=100, allow_inf_nan=False)
    bottom_pct: Decimal | None = Field(default=None, gt=0, le=100, allow_inf_nan=False)
    min_score: Bounded | None = None

    @property
    def condition(self) -> tuple[str, Decimal | int] | None:
        for name in ALL_CONDITIONS:
            value = getattr(self, name)
            if value is not None:
                return name, value
        return None

    @property
    def from_top(self) -> bool:
        return self.condition is not None and self.condition[0] in TOP_CONDITIONS

    @model_validator(mode="after")
    def _one_condition(self) -> TierLevel:
        if sum(getattr(self, name) is not None for name in ALL_CONDITIONS) > 1:
            raise ValueError("one_condition")
        return self


DEFAULT_SHAPES = ("●", "▲", "■", "◆", "★", "▼")
DEFAULT_COLORS = ("#1a7f37", "#9a6700", "#cf222e", "#0550ae", "#8250df", "#57606a")


class Tiers(Strict):
    basis: Literal["rank", "percentile", "score"] = "percentile"
    levels: tuple[TierLevel, ...] = (
        TierLevel(id="green", label="绿", top_pct=Decimal(30)),
        TierLevel(id="yellow", label="黄"),
        TierLevel(id="red", label="红", bottom_pct=Decimal(30)),
    )

    @model_validator(mode="after")
    def _coherent(self) -> Tiers:
        seen: set[str] = set()
        for level in self.levels:
            if level.id in seen:
                raise ValueError(f"duplicate_id:{level.id}")
            seen.add(level.id)
            condition = level.condition
            if condition and condition[0] not in CONDITIONS_BY_BASIS[self.basis]:
                raise ValueError(f"condition_basis:{level.id}:{condition[0]}:{self.basis}")
        rest = sum(level.condition is None for level in self.levels)
        if rest != 1:
            raise ValueError(f"one_rest_level:{rest}")
        return self

    def position(self, level_id: str) -> int:
        return next(index for index, level in enumerate(self.levels) if level.id == level_id)

    def shape_of(self, level: TierLevel) -> str:
        return level.shape or DEFAULT_SHAPES[self.levels.index(level) % len(DEFAULT_SHAPES)]

    def color_of(self, level: TierLevel) -> str:
        return level.color or DEFAULT_COLORS[self.levels.index(level) % len(DEFAULT_COLORS)]

    def level(self, level_id: str) -> TierLevel:
        return next(level for level in self.levels if level.id == level_id)


class GradeBand(Strict):
    grade: Text
    min: Bounded | None = None


class Quota(Strict):
    grade: Text
    max_share: Decimal = Field(allow_inf_nan=False)
    rounding: Literal["floor", "round", "ceil"] = "floor"
    over_quota: Literal["error", "demote"] = "error"

    @field_validator("max_share")
    @classmethod
    def _share(cls, value: Decimal) -> Decimal:
        if not (0 <= value <= 1):
            raise ValueError("share")
        return value


class Grades(Strict):
    scale: tuple[Text, ...] = ("优秀", "良好", "一般", "较差")
    bands: tuple[GradeBand, ...] | None = None
    quota: Quota | None = None
    publish_persons: bool = False

    @model_validator(mode="after")
    def _coherent(self) -> Grades:
        scale = "、".join(self.scale)
        named = [band.grade for band in self.bands or ()] + ([self.quota.grade] if self.quota else [])
        for grade in named:
            if grade not in self.scale:
                raise ValueError(f"grade_not_in_scale:{grade}:{scale}")
        if self.bands:
            rest = [band for band in self.bands if band.min is None]
            if len(rest) != 1 or self.bands[-1].min is not None:
                raise ValueError("one_rest_band")
            mins = [band.min for band in self.bands if band.min is not None]
            if mins != sorted(mins, reverse=True):
                raise ValueError("bands_order")
        if self.quota and self.quota.over_quota == "demote" and self.quota.grade == self.scale[-1]:
            raise ValueError("quota_last")
        return self


class Flag(Strict):
    id: Slug
    label: Text
    rule: Literal["consecutive", "any_in_last"]
    grades: tuple[Text, ...]
    years: int = Field(gt=0, le=50)


class StandingsSection(Strict):
    title: Text | None = None
    tiers: Tiers | None = None


Show = Literal["raw", "score", "both"]


class DisplaySection(Strict):
    """What a board's indicator cell shows: the raw value as reported, the 0–100 score it was converted to, or
    both (the raw value above its score). `[boards.<id>] show` overrides it for one board."""

    show: Show = "both"


class BoardSection(Strict):
    title: Text
    show: Show | None = None
    indicators: tuple[str, ...] | None = None
    scoring: dict[str, Any] | None = None
    ranking: dict[str, Any] | None = None
    tiers: dict[str, Any] | None = None
    grades: dict[str, Any] | None = None


class PdfSection(Strict):
    paper: Literal["A3", "A4", "B4", "A2"] = "A3"
    orientation: Literal["landscape", "portrait"] = "landscape"
    font: str | None = Field(default=None, max_length=500)
    gongwen: bool = False


class InputSection(Strict):
    sheet: Text | None = None


class PrivacySection(Strict):
    """`never_publish`: column headers (e.g. 身份证号, 联系电话) that no input table may hold at all, since
    what a table holds can reach a page: a table with one is refused at that column, and the build stops.
    Headers match as the results' do: exactly, else after NFKC, without white space, ignoring case."""

    never_publish: tuple[Annotated[str, Field(min_length=1, max_length=100)], ...] = Field(default=(), max_length=200)


class RuleSet(Strict):
    """The rules in force for one year and board, after overrides."""

    scoring: Scoring = Scoring()
    ranking: Ranking = Ranking()
    tiers: Tiers = Tiers()
    grades: Grades = Grades()


class SiteConfig(Strict):
    site: SiteSection = SiteSection()
    scoring: Scoring = Scoring()
    ranking: Ranking = Ranking()
    tiers: Tiers = Tiers()
    grades: Grades = Grades()
    flags: tuple[Flag, ...] = ()
    standings: StandingsSection = StandingsSection()
    boards: dict[Slug, BoardSection] = Field(default_factory=dict)
    years: dict[str, dict[str, dict[str, Any]]] = Field(default_factory=dict)
    pdf: PdfSection = PdfSection()
    display: DisplaySection = DisplaySection()
    input: InputSection = InputSection()
    privacy: PrivacySection = PrivacySection()
    checks: ChecksSection = ChecksSection()
    raw: dict[str, Any] = Field(default_factory=dict, exclude=True)
    # The resolved rules of every year and board that site.toml names: (year or None, board) -> RuleSet.
    _resolved: dict[tuple[int | None, str], RuleSet] = PrivateAttr(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.site.lang

    def rules(self, year: int | None, board: str = "main") -> RuleSet:
        """The rules for `year` and `board`: base, then the year's overrides, then the board's."""
        key = (year if str(year) in self.years else None, board if board in self.boards else "main")
        found = self._resolved.get(key)
        return found if found is not None else RuleSet.model_validate(merged_rules(self.raw, key[0], key[1]))

    def with_resolved(self, resolved: dict[tuple[int | None, str], RuleSet]) -> SiteConfig:
        """This config holding every layer's rules, resolved once at validation."""
        copy = self.model_copy()
        copy._resolved = dict(resolved)
        return copy

    def standings_tiers(self, year: int | None) -> Tiers:
        return self.standings.tiers if self.standings.tiers is not None else self.rules(year).tiers

    def show(self, board: str) -> str:
        """What `board`'s indicator cells show: its own `show`, else `[display] show`."""
        section = self.boards.get(board)
        return section.show if section is not None and section.show is not None else self.display.show

    @property
    def shows(self) -> tuple[tuple[str, str], ...]:
        """(board id, what its cells show) of the main board and every board site.toml names."""
        return (("main", self.show("main")), *((board, self.show(board)) for board in sorted(self.boards)))

    def board_title(self, board: str) -> str | None:
        section = self.boards.get(board)
        return section.title if section else None


def merged_rules(raw: dict[str, Any], year: int | None, board: str) -> dict[str, Any]:
    """The rule sections of `year` and `board` as one dict: each key's value is replaced whole."""
    merged: dict[str, dict[str, Any]] = {section: dict(raw.get(section) or {}) for section in RULE_SECTIONS}
    layers = []
    years, boards = raw.get("years"), raw.get("boards")
    if year is not None and isinstance(years, dict):
        layers.append(years.get(str(year)) or {})
    if board != "main" and isinstance(boards, dict):
        layers.append(boards.get(board) or {})
    for layer in layers:
        if not isinstance(layer, dict):
            continue  # `[boards] x = 3`: reported by the validation of SiteConfig
        for section in RULE_SECTIONS:
            if isinstance(layer.get(section), dict):
                merged[section].update(layer[section])
    return merged
