"""site.toml: settings and rules, validated with pydantic; every error is collected before aborting.

Rules can change per year (`[years.<year>.<section>]`) and per board (`[boards.<board>]`). The
resolved rules of one year and board are a `RuleSet`; `SiteConfig.rules(year, board)` gives it.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import Problem
from .i18n import Messages

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RULE_SECTIONS = ("scoring", "ranking", "tiers", "grades")
BOARD_KEYS = ("title", "indicators", *RULE_SECTIONS)

_MSG = Messages(
    {
        "toml_syntax": ("TOML 语法错误：{error}", "TOML syntax error: {error}"),
        "missing_file": ("找不到 site.toml", "site.toml is missing"),
        "missing": ("缺少必填项", "this key is required"),
        "extra": ("未知的设置项（请检查拼写）", "unknown key (check the spelling)"),
        "literal": ("取值只能是 {expected}", "must be one of {expected}"),
        "positive": ("必须大于 0", "must be greater than 0"),
        "type": ("类型不对：{detail}", "wrong type: {detail}"),
        "slug": (
            "“{value}”不是合法的 id：只能用小写字母、数字和连字符，且以字母或数字开头",
            "“{value}” is not a valid id: use lower-case letters, digits and hyphens, starting with a letter or digit",
        ),
        "one_condition": (
            "一个档次最多只能有一个条件（top、bottom、top_pct、bottom_pct、min_score 之一）",
            "a level takes at most one condition (one of top, bottom, top_pct, bottom_pct, min_score)",
        ),
        "condition_basis": (
            "档次“{level}”的条件 {condition} 与 basis = \"{basis}\" 不符（rank 用 top/bottom，percentile 用 top_pct/bottom_pct，score 用 min_score）",
            "level “{level}”: condition {condition} does not fit basis = \"{basis}\" (rank: top/bottom, percentile: top_pct/bottom_pct, score: min_score)",
        ),
        "one_rest_level": (
            "必须恰好有一个不设条件的档次，承接其余各行；现有 {count} 个",
            "exactly one level must have no condition (it takes the remaining rows); found {count}",
        ),
        "duplicate_id": ("id “{id}”重复", "duplicate id “{id}”"),
        "grade_not_in_scale": (
            "等次“{grade}”不在 grades.scale 中（{scale}）",
            "grade “{grade}” is not in grades.scale ({scale})",
        ),
        "one_rest_band": (
            "grades.bands 必须恰好有一个不设 min 的分档（承接其余）且放在最后",
            "grades.bands needs exactly one band without min (it takes the rest), listed last",
        ),
        "quota_last": (
            "over_quota = \"demote\" 无法用于等次表中最低的等次（没有更低的等次可降）",
            "over_quota = \"demote\" cannot apply to the lowest grade of the scale (there is none below it)",
        ),
        "bands_order": ("grades.bands 的 min 必须从高到低排列", "grades.bands must list min from high to low"),
        "weights_sum": ("权重之和必须大于 0", "the weights must sum to more than 0"),
        "midterm": ("midterm_weight 必须在 0 到 1 之间（不含 1）", "midterm_weight must be in [0, 1)"),
        "share": ("max_share 必须在 0 到 1 之间", "max_share must be between 0 and 1"),
        "at_most": ("不能大于 {limit}", "must be at most {limit}"),
        "pct": ("百分比必须在 0 到 100 之间", "a percentage must be between 0 and 100"),
        "unknown_section": (
            "未知的规则部分“{section}”：[years.<年度>] 下只能覆盖 {allowed}",
            "unknown rule section “{section}”: [years.<year>] may override only {allowed}",
        ),
        "bad_year": ("“{value}”不是年度（应为四位数字，如 2025）", "“{value}” is not a year (four digits, e.g. 2025)"),
        "not_a_table": ("应为一个表（[section]）", "must be a table ([section])"),
    }
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"slug:{value}")
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]


class SiteSection(_Strict):
    title: str = "考核结果公示"
    organization: str = ""
    lang: Literal["zh-CN", "en"] = "zh-CN"
    contact: str = ""
    publication_days: int = Field(default=5, ge=0)


class Category(_Strict):
    id: Slug
    name: str
    weight: Decimal = Field(gt=0)



class Scoring(_Strict):
    normalize: Literal["raw", "minmax", "efficacy", "target"] = "efficacy"
    decimals: int = Field(default=2, ge=0, le=6)
    categories: tuple[Category, ...] | None = None
    levels: dict[str, Decimal] | None = None
    midterm_weight: Decimal | None = None

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


class Ranking(_Strict):
    ties: Literal["min", "dense"] = "min"
    within: str = "kind"


CONDITIONS_BY_BASIS = {
    "rank": ("top", "bottom"),
    "percentile": ("top_pct", "bottom_pct"),
    "score": ("min_score",),
}
ALL_CONDITIONS = ("top", "bottom", "top_pct", "bottom_pct", "min_score")


class TierLevel(_Strict):
    id: Slug
    label: str
    color: str | None = None
    shape: str | None = None
    meaning: str | None = None
    top: int | None = Field(default=None, gt=0)
    bottom: int | None = Field(default=None, gt=0)
    top_pct: Decimal | None = Field(default=None, gt=0, le=100)
    bottom_pct: Decimal | None = Field(default=None, gt=0, le=100)
    min_score: Decimal | None = None


    @property
    def condition(self) -> tuple[str, Decimal | int] | None:
        for name in ALL_CONDITIONS:
            value = getattr(self, name)
            if value is not None:
                return name, value
        return None

    @model_validator(mode="after")
    def _one_condition(self) -> TierLevel:
        if sum(getattr(self, name) is not None for name in ALL_CONDITIONS) > 1:
            raise ValueError("one_condition")
        return self


DEFAULT_SHAPES = ("●", "▲", "■", "◆", "★", "▼")
DEFAULT_COLORS = ("#1a7f37", "#9a6700", "#cf222e", "#0550ae", "#8250df", "#57606a")


class Tiers(_Strict):
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

    def shape_of(self, level: TierLevel) -> str:
        return level.shape or DEFAULT_SHAPES[self.levels.index(level) % len(DEFAULT_SHAPES)]

    def color_of(self, level: TierLevel) -> str:
        return level.color or DEFAULT_COLORS[self.levels.index(level) % len(DEFAULT_COLORS)]

    def level(self, level_id: str) -> TierLevel:
        return next(level for level in self.levels if level.id == level_id)


class GradeBand(_Strict):
    grade: str
    min: Decimal | None = None


class Quota(_Strict):
    grade: str
    max_share: Decimal
    rounding: Literal["floor", "round", "ceil"] = "floor"
    over_quota: Literal["error", "demote"] = "error"

    @field_validator("max_share")
    @classmethod
    def _share(cls, value: Decimal) -> Decimal:
        if not (0 <= value <= 1):
            raise ValueError("share")
        return value


class Grades(_Strict):
    scale: tuple[str, ...] = ("优秀", "良好", "一般", "较差")
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


class Flag(_Strict):
    id: Slug
    label: str
    rule: Literal["consecutive", "any_in_last"]
    grades: tuple[str, ...]
    years: int = Field(gt=0)



class StandingsSection(_Strict):
    title: str | None = None
    tiers: Tiers | None = None


class BoardSection(_Strict):
    title: str
    indicators: tuple[str, ...] | None = None
    scoring: dict[str, Any] | None = None
    ranking: dict[str, Any] | None = None
    tiers: dict[str, Any] | None = None
    grades: dict[str, Any] | None = None


class PdfSection(_Strict):
    paper: Literal["A3", "A4", "B4", "A2"] = "A3"
    orientation: Literal["landscape", "portrait"] = "landscape"
    font: str | None = None
    gongwen: bool = False


class InputSection(_Strict):
    sheet: str | None = None


class RuleSet(_Strict):
    """The rules in force for one year and board, after overrides."""

    scoring: Scoring = Scoring()
    ranking: Ranking = Ranking()
    tiers: Tiers = Tiers()
    grades: Grades = Grades()


class SiteConfig(_Strict):
    site: SiteSection = SiteSection()
    scoring: Scoring = Scoring()
    ranking: Ranking = Ranking()
    tiers: Tiers = Tiers()
    grades: Grades = Grades()
    flags: tuple[Flag, ...] = ()
    standings: StandingsSection = StandingsSection()
    boards: dict[str, BoardSection] = {}
    years: dict[str, dict[str, dict[str, Any]]] = {}
    pdf: PdfSection = PdfSection()
    input: InputSection = InputSection()
    raw: dict[str, Any] = Field(default_factory=dict, exclude=True)

    @property
    def lang(self) -> str:
        return self.site.lang

    def rules(self, year: int | None, board: str = "main") -> RuleSet:
        """The rules for `year` and `board`: base, then the year's overrides, then the board's."""
        return RuleSet.model_validate(_merged_rules(self.raw, year, board))

    def standings_tiers(self, year: int | None) -> Tiers:
        if self.standings.tiers is not None:
            return self.standings.tiers
        return self.rules(year).tiers

    def board_title(self, board: str) -> str | None:
        section = self.boards.get(board)
        return section.title if section else None


def _merged_rules(raw: dict[str, Any], year: int | None, board: str) -> dict[str, Any]:
    merged: dict[str, dict[str, Any]] = {
        section: dict(raw.get(section) or {}) for section in RULE_SECTIONS
    }
    layers = []
    if year is not None:
        layers.append(raw.get("years", {}).get(str(year), {}))
    layers.append(raw.get("boards", {}).get(board, {}) if board != "main" else {})
    for layer in layers:
        for section in RULE_SECTIONS:
            # Each key's value is replaced whole: lists such as `categories` are never merged.
            merged[section].update(layer.get(section) or {})
    return merged


def load_config(path: Path, lang_hint: str = "zh-CN") -> tuple[SiteConfig | None, list[Problem]]:
    """Read and validate site.toml. Returns the config (None when invalid) and every problem found."""
    source = path.name
    if not path.exists():
        return None, [Problem(source, 0, "", _MSG(lang_hint, "missing_file"))]
    text = path.read_text(encoding="utf-8-sig")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(error))) else 0
        return None, [Problem(source, line, "", _MSG(lang_hint, "toml_syntax", error=error))]
    lang = raw.get("site", {}).get("lang", lang_hint) if isinstance(raw.get("site"), dict) else lang_hint
    locator = _TomlLocator(text)
    problems: list[Problem] = []
    config: SiteConfig | None = None
    try:
        config = SiteConfig.model_validate({**raw, "raw": raw})
    except ValidationError as error:
        problems.extend(_problems_from(error, (), source, locator, lang))
    problems.extend(_check_overrides(raw, source, locator, lang))
    if problems:
        return None, problems
    return config, []


def _check_overrides(raw: dict[str, Any], source: str, locator: _TomlLocator, lang: str) -> list[Problem]:
    """Resolve every year's and board's rules once so that their errors surface at validation."""
    problems: list[Problem] = []
    years = raw.get("years", {})
    if not isinstance(years, dict):
        return problems
    for year, sections in years.items():
        if not re.fullmatch(r"\d{4}", str(year)):
            problems.append(Problem(source, locator.line(("years", year)), f"years.{year}", _MSG(lang, "bad_year", value=year)))
            continue
        if not isinstance(sections, dict):
            problems.append(Problem(source, locator.line(("years", year)), f"years.{year}", _MSG(lang, "not_a_table")))
            continue
        for section in sections:
            if section not in RULE_SECTIONS:
                allowed = "、".join(RULE_SECTIONS)
                problems.append(
                    Problem(source, locator.line(("years", year, section)), f"years.{year}.{section}",
                            _MSG(lang, "unknown_section", section=section, allowed=allowed))
                )
        layered = {**raw, "years": {year: {s: v for s, v in sections.items() if s in RULE_SECTIONS}}}
        problems.extend(_validate_rules(layered, int(year), "main", ("years", year), source, locator, lang))
    for board in (raw.get("boards") or {}):
        problems.extend(_validate_rules(raw, None, board, ("boards", board), source, locator, lang))
    return problems


def _validate_rules(raw: dict[str, Any], year: int | None, board: str, prefix: tuple[str, ...],
                    source: str, locator: _TomlLocator, lang: str) -> list[Problem]:
    try:
        RuleSet.model_validate(_merged_rules(raw, year, board))
    except ValidationError as error:
        layer = _layer(raw, prefix)
        # Report only what this layer overrides: errors of the base are reported once, at the base.
        own = [item for item in error.errors() if _overridden(layer, item["loc"])]
        return _problems_from_items(own, prefix, source, locator, lang)
    return []


def _layer(raw: dict[str, Any], prefix: tuple[str, ...]) -> dict[str, Any]:
    node: Any = raw
    for part in prefix:
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def _overridden(layer: dict[str, Any], loc: tuple[Any, ...]) -> bool:
    section = layer.get(loc[0]) if loc else None
    if not isinstance(section, dict):
        return False
    return len(loc) < 2 or loc[1] in section


def _problems_from(error: ValidationError, prefix: tuple[str, ...], source: str,
                   locator: _TomlLocator, lang: str) -> list[Problem]:
    return _problems_from_items(error.errors(), prefix, source, locator, lang)


def _problems_from_items(items: list[Any], prefix: tuple[str, ...], source: str,
                         locator: _TomlLocator, lang: str) -> list[Problem]:
    problems = []
    for item in items:
        loc = prefix + tuple(part for part in item["loc"] if part != "raw")
        key = ".".join(str(part) for part in loc)
        problems.append(Problem(source, locator.line(loc), key, _translate(item, lang)))
    return problems


def _translate(item: dict[str, Any], lang: str) -> str:
    kind = item["type"]
    if kind == "missing":
        return _MSG(lang, "missing")
    if kind == "extra_forbidden":
        return _MSG(lang, "extra")
    if kind in ("literal_error", "enum"):
        expected = str(item.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
        return _MSG(lang, "literal", expected=expected)
    if kind in ("greater_than", "greater_than_equal"):
        return _MSG(lang, "positive")
    if kind in ("less_than_equal", "less_than") and "pct" in str(item["loc"][-1]):
        return _MSG(lang, "pct")
    if kind in ("less_than_equal", "less_than"):
        return _MSG(lang, "at_most", limit=item.get("ctx", {}).get("le", item.get("ctx", {}).get("lt", "")))
    if kind == "value_error":
        original = str(item.get("ctx", {}).get("error", ""))
        key, _, rest = original.partition(":")
        args = rest.split(":") if rest else []
        if key == "slug":
            return _MSG(lang, "slug", value=rest)
        if key == "duplicate_id":
            return _MSG(lang, "duplicate_id", id=rest)
        if key == "condition_basis":
            return _MSG(lang, "condition_basis", level=args[0], condition=args[1], basis=args[2])
        if key == "one_rest_level":
            return _MSG(lang, "one_rest_level", count=rest)
        if key == "grade_not_in_scale":
            return _MSG(lang, "grade_not_in_scale", grade=args[0], scale=args[1])
        if key in ("one_condition", "one_rest_band", "bands_order", "midterm", "share", "quota_last"):
            return _MSG(lang, key)
    return _MSG(lang, "type", detail=item.get("msg", kind))


class _TomlLocator:
    """Finds the line of a key path in the TOML text, for messages (TOML parsers give no positions)."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()

    def line(self, path: tuple[Any, ...]) -> int:
        """The deepest table header that is a prefix of the path, then the key below it."""
        keys = [part for part in path if isinstance(part, str)]  # list positions have no line of their own
        for depth in range(len(keys), 0, -1):
            header = ".".join(keys[:depth])
            for number, text in enumerate(self._lines, start=1):
                if text.strip() in (f"[{header}]", f"[[{header}]]"):
                    return self._key_below(number, keys[depth:]) or number
        return self._key_below(0, keys[-1:]) if keys else 0

    def _key_below(self, start: int, keys: list[str]) -> int:
        if not keys:
            return start
        pattern = re.compile(rf"^\s*{re.escape(keys[0])}\s*=")
        for number in range(start, len(self._lines)):
            line = self._lines[number]
            if number > start and line.strip().startswith("[") and start:
                break
            if pattern.match(line) or re.search(rf"[{{,]\s*{re.escape(keys[-1])}\s*=", line):
                return number + 1
        return start
