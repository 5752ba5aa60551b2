"""The model stage: raw tables in, validated `Content` out, with every problem found in one pass."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from .archive import check_sources, year_of_source
from .config import SLUG, SiteConfig
from .errors import ContentError, Problem
from .i18n import Messages
from .load import RawNotice, RawProject, front_matter_line, load_project
from .load_tables import Column, Row, Table, is_not_applicable, parse_date, parse_number
from .model import (
    MAIN_BOARD,
    Content,
    GradeEntry,
    GradeSheet,
    Indicator,
    Notice,
    ResultSheet,
    StandingEntry,
    StandingsSheet,
    Task,
    Unit,
    UnitEntry,
)
from .periods import Period, PeriodError
from .rules.scoring import category_of

_MSG = Messages(
    {
        "missing_column": ("缺少“{name}”列", "the “{name}” column is missing"),
        "bad_slug": (
            "“{value}”不是合法的 id：只能用小写字母、数字和连字符（-），且以字母或数字开头",
            "“{value}” is not a valid id: use lower-case letters, digits and hyphens, starting with a letter or digit",
        ),
        "duplicate_id": ("id “{value}”重复（第 {first} 行已有）", "duplicate id “{value}” (already on row {first})"),
        "duplicate_name": ("名称“{value}”重复（第 {first} 行已有）", "duplicate name “{value}” (already on row {first})"),
        "empty": ("不能为空", "must not be empty"),
        "not_number": ("“{value}”不是数字", "“{value}” is not a number"),
        "not_integer": ("“{value}”不是整数", "“{value}” is not a whole number"),
        "not_date": ("“{value}”不是日期（应为 YYYY-MM-DD）", "“{value}” is not a date (YYYY-MM-DD)"),
        "weight_positive": ("权重必须大于 0（现为 {value}）", "the weight must be greater than 0 (it is {value})"),
        "direction": (
            "“{value}”不是方向：应为 higher（越高越好）或 lower（越低越好）",
            "“{value}” is not a direction: use higher or lower",
        ),
        "target_floor_equal": (
            "目标值与底线值相等（均为 {value}），无法计算功效系数",
            "the target equals the floor (both {value}): the score cannot be computed",
        ),
        "target_floor_order": (
            "方向为 {direction}，目标值 {target} 应{relation}底线值 {floor}",
            "direction is {direction}: the target {target} must be {relation} the floor {floor}",
        ),
        "above": ("高于", "above"),
        "below": ("低于", "below"),
        "needs_target_floor": (
            "评分方法 {method} 需要填写目标值（target）和底线值（floor）",
            "the {method} method needs a target and a floor",
        ),
        "needs_target": ("评分方法 target 需要填写目标值（target）", "the target method needs a target"),
        "target_positive": ("越高越好的指标，目标值必须大于 0", "a higher-is-better target must be greater than 0"),
        "unknown_category": (
            "类别“{value}”不在 site.toml 的 scoring.categories 中（{known}）",
            "category “{value}” is not in scoring.categories of site.toml ({known})",
        ),
        "unknown_kind": ("单位类别“{value}”在 units.csv 中不存在（有：{known}）", "unit kind “{value}” is not in units.csv ({known})"),
        "unknown_unit": ("找不到单位“{value}”{hint}", "unknown unit “{value}”{hint}"),
        "unknown_indicator": ("找不到指标“{value}”{hint}", "unknown indicator “{value}”{hint}"),
        "unknown_column": ("无法识别的列“{value}”：既不是指标，也不是单位、加分、扣分、备注列{hint}",
                           "unrecognised column “{value}”: not an indicator, nor a unit, bonus, penalty or note column{hint}"),
        "hint": ("。是否指：{names}？", ". Did you mean: {names}?"),
        "duplicate_unit_row": ("单位“{value}”重复出现（第 {first} 行已有）", "unit “{value}” appears twice (already on row {first})"),
        "duplicate_indicator_column": ("指标“{value}”重复（“{first}”列已有）", "indicator “{value}” appears twice (already in column “{first}”)"),
        "empty_value": (
            "“{unit}”的“{indicator}”为空：该指标适用于此单位，请填写数值，不适用的请填“—”或“不适用”",
            "“{indicator}” of “{unit}” is empty: it applies to this unit; enter a value, or “—” / “不适用” when it does not apply",
        ),
        "bad_value": (
            "“{value}”不是数字，也不是 scoring.levels 中的评价词（{levels}）",
            "“{value}” is neither a number nor a rating word of scoring.levels ({levels})",
        ),
        "missing_long_value": ("“{unit}”缺少指标“{indicator}”的数值", "“{unit}” has no value for “{indicator}”"),
        "bad_period": (
            "文件名“{value}”不是期次：应为 2025（年度）、2025-H1（半年）、2025-Q2（季度）或 2025-03（月度），专项通报加 --<id>",
            "file name “{value}” is not a period: use 2025, 2025-H1, 2025-Q2 or 2025-03, with --<id> for a themed board",
        ),
        "bad_year_file": ("文件名“{value}”应为年度，如 2025.csv 或 2025--<id>.csv", "file name “{value}” must be a year: 2025.csv or 2025--<id>.csv"),
        "unknown_board": (
            "专项“{value}”未在 site.toml 中定义：请添加 [boards.{value}] 并写明 title",
            "board “{value}” is not described in site.toml: add [boards.{value}] with a title",
        ),
        "board_indicator_missing": (
            "[boards.{board}] 列出的指标“{value}”不在此文件中",
            "indicator “{value}” listed in [boards.{board}] is not in this file",
        ),
        "board_unknown_indicator": ("[boards.{board}] 中的指标“{value}”不存在", "indicator “{value}” of [boards.{board}] does not exist"),
        "no_indicators": ("文件中没有任何指标列", "the file has no indicator column"),
        "rank_range": ("排名 {rank} 应在 1 到 {out_of} 之间", "rank {rank} must be between 1 and {out_of}"),
        "grade_not_in_scale": ("等次“{value}”不在 grades.scale 中（{scale}）", "grade “{value}” is not in grades.scale ({scale})"),
        "duplicate_grade": ("“{value}”重复登记（第 {first} 行已有）", "“{value}” is registered twice (already on row {first})"),
        "status": ("状态“{value}”应为 未开始、进行中 或 已完成", "status “{value}” must be 未开始, 进行中 or 已完成"),
        "progress": ("进度“{value}”应为 0 到 100 的整数", "progress “{value}” must be a whole number from 0 to 100"),
        "progress_done": ("状态为已完成，进度应为 100（现为 {value}）", "the status is 已完成, so progress must be 100 (it is {value})"),
        "due_before_claim": ("完成时限 {due} 早于认领日期 {claimed}", "the due date {due} is before the claim date {claimed}"),
        "notice_missing": ("缺少“{key}”", "“{key}” is missing"),
        "notice_slug": (
            "文件名不是合法的 slug，请在头信息中写 slug（小写字母、数字和连字符）",
            "the file name is not a slug: give a `slug` in the front matter (lower-case letters, digits, hyphens)",
        ),
        "notice_kind": ("kind “{value}”应为 通报、预警、公示 或 其他", "kind “{value}” must be 通报, 预警, 公示 or 其他"),
        "notice_window": ("公示截止日期 {to} 早于开始日期 {start}", "publish_to {to} is before publish_from {start}"),
        "duplicate_slug": ("slug “{value}”与 {other} 重复", "slug “{value}” is also used by {other}"),
        "personal_id": (
            "疑似身份证号“{value}”：公开信息中不得出现完整身份证号，请遮蔽（如 1501**********1234）",
            "this looks like an ID number “{value}”: mask it before publishing (e.g. 1501**********1234)",
        ),
        "personal_mobile": (
            "疑似手机号“{value}”：公开信息中不得出现完整手机号，请遮蔽（如 138****1234）",
            "this looks like a mobile number “{value}”: mask it before publishing (e.g. 138****1234)",
        ),
        "within_column": (
            "site.toml 中 ranking.within = \"{value}\"，但 units.csv 没有这一列",
            "ranking.within = \"{value}\" in site.toml, but units.csv has no such column",
        ),
        "standings_basis": (
            "晾晒表按名次分档：[standings.tiers] 或 [tiers] 的 basis 须为 rank 或 percentile",
            "standings are tiered on ranks: the basis of [standings.tiers] or [tiers] must be rank or percentile",
        ),
        "empty_row": ("该行没有填写单位", "this row names no unit"),
    }
)

UNIT_HEADERS = ("unit", "单位", "单位名称")
BONUS_HEADERS = ("bonus", "加分")
PENALTY_HEADERS = ("penalty", "扣分")
NOTE_HEADERS = ("note", "备注")
IGNORED_HEADERS = ("序号", "排名", "名次", "rank", "no", "no.")
LONG_HEADERS = (("unit", "indicator", "value"), ("单位", "指标", "数值"))
TASK_STATUSES = ("未开始", "进行中", "已完成")
NOTICE_KINDS = ("通报", "预警", "公示", "其他")
# Also as people write them: 139-1234-5678, 139 1234 5678, 110101 19900307 1234.
_ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{5}[- ]?[0-9]{8}[- ]?[0-9]{3}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])")
_BRACKETED_UNIT = re.compile(r"\s*[（(【\[][^（）()【】\[\]]*[）)】\]]\s*$")


def validate_content(root: Path, lang_hint: str = "zh-CN", thaw: frozenset[int] = frozenset()) -> Content:
    """Load and validate a content project; raise ContentError with every problem found."""
    raw, problems = load_project(root, lang_hint, thaw)
    if raw is None:
        raise ContentError(_sorted(problems))
    checker = _Checker(raw)
    content = checker.build()
    problems.extend(checker.problems)
    if problems:
        raise ContentError(_sorted(problems))
    return content


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.file, p.row, p.column, p.message))


def squash(text: str) -> str:
    """For forgiving matches: NFKC, no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def without_unit(text: str) -> str:
    return _BRACKETED_UNIT.sub("", text)


@dataclass
class _Lookup:
    """Finds a unit or an indicator by id or exact name, with suggestions when it fails."""

    by_key: dict[str, str]
    names: list[str]
    # Names of rows that exist but were invalid, or "*" when the whole table was unusable: a
    # reference to them is not reported again, so one mistake gives one message.
    shadow: frozenset[str] = frozenset()

    def silent(self, text: str) -> bool:
        return "*" in self.shadow or text in self.shadow or squash(without_unit(text)) in self.shadow

    @classmethod
    def of(cls, items: Sequence[Unit] | Sequence[Indicator], forgiving: bool = False,
           shadow: frozenset[str] = frozenset()) -> _Lookup:
        by_key: dict[str, str] = {}
        for item in items:
            by_key.setdefault(item.id, item.id)
            by_key.setdefault(item.name, item.id)
            if isinstance(item, Unit) and item.short_name:
                by_key.setdefault(item.short_name, item.id)
        if forgiving:
            for item in items:
                by_key.setdefault(squash(item.name), item.id)
                by_key.setdefault(squash(item.id), item.id)
        return cls(by_key, [item.name for item in items] + [item.id for item in items], shadow)

    def find(self, text: str) -> str | None:
        """By id or exact name, then ignoring full-width/half-width forms and white space."""
        return self.by_key.get(text) or self.by_key.get(text.strip()) or self.by_key.get(squash(text))

    def find_header(self, text: str) -> str | None:
        """Exactly, then after NFKC and removing white space, then without a bracketed unit."""
        for candidate in (text, squash(text), squash(without_unit(text)), squash(without_unit(squash(text)))):
            if candidate in self.by_key:
                return self.by_key[candidate]
        return None

    def suggest(self, text: str) -> list[str]:
        return difflib.get_close_matches(text, self.names, n=3, cutoff=0.4)


class _Checker:
    """Builds the model and collects problems; each method reads one kind of file."""

    def __init__(self, raw: RawProject) -> None:
        self.raw = raw
        self.config: SiteConfig = raw.config
        self.lang = raw.config.lang
        self.problems: list[Problem] = []
        self.shadow: dict[str, set[str]] = {"units.csv": set(), "indicators.csv": set()}

    # -- helpers ---------------------------------------------------------------------------
    def add(self, source: str, row: int, column: str, key: str, **values: object) -> None:
        self.problems.append(Problem(source, row, column, _MSG(self.lang, key, **values)))

    def hint(self, names: list[str]) -> str:
        return _MSG(self.lang, "hint", names="、".join(f"“{n}”" for n in names)) if names else ""

    def required_columns(self, table: Table, names: Sequence[str]) -> bool:
        ok = True
        for name in names:
            if table.column(name) is None:
                self.add(table.source, 1, name, "missing_column", name=name)
                ok = False
        return ok

    @staticmethod
    def cell(table: Table, row: Row, *names: str) -> tuple[str, Column | None]:
        for name in names:
            column = table.column(name)
            if column is not None:
                return row.cells[column.index], column
        return "", None

    def number(self, table: Table, row: Row, column: Column, text: str) -> Decimal | None:
        try:
            return parse_number(text)
        except ValueError:
            self.add(table.source, row.number, column.label, "not_number", value=text)
            return None

    def date_cell(self, table: Table, row: Row, column: Column | None, text: str) -> date | None:
        if column is None or not text:
            if column is not None:
                self.add(table.source, row.number, column.label, "empty")
            return None
        try:
            return parse_date(text)
        except ValueError:
            self.add(table.source, row.number, column.label, "not_date", value=text)
            return None

    def check_personal_data(self, source: str, row: int, column: str, text: str) -> None:
        for match in _ID_NUMBER.finditer(text):
            self.add(source, row, column, "personal_id", value=match.group(0))
        for match in _MOBILE.finditer(text):
            self.add(source, row, column, "personal_mobile", value=match.group(0))

    def scan_table_for_personal_data(self, table: Table) -> None:
        for row in table.rows:
            for column, text in zip(table.columns, row.cells, strict=False):
                if sum(c.isdigit() for c in text) >= 11:
                    self.check_personal_data(table.source, row.number, column.label, text)

    # -- the whole project -----------------------------------------------------------------
    def build(self) -> Content | None:
        raw = self.raw
        tables = [raw.units, raw.indicators, raw.tasks, *raw.results, *raw.standings, *raw.grades]
        for table in tables:
            if table is not None:
                self.scan_table_for_personal_data(table)
        units = self.units(raw.units) if raw.units else ()
        indicators = self.indicators(raw.indicators, units) if raw.indicators else ()
        self.check_config_against(units, indicators)
        unit_lookup = _Lookup.of(units, forgiving=True, shadow=self.shadow_of("units.csv"))
        indicator_lookup = _Lookup.of(indicators, forgiving=True,
                                      shadow=self.shadow_of("indicators.csv"))
        for frozen in raw.frozen:
            self.problems.extend(check_sources(raw.root, frozen, self.lang))
        frozen_years = {frozen.year for frozen in raw.frozen}

        def is_open(table: Table) -> bool:
            # A frozen year is drawn from its archive: its files are checked against it, not read again.
            return year_of_source(table.source) not in frozen_years

        results = tuple(
            sheet for table in raw.results if is_open(table)
            if (sheet := self.result_sheet(table, units, indicators, unit_lookup, indicator_lookup)) is not None
        )
        standings = tuple(
            s for table in raw.standings if is_open(table)
            if (s := self.standings_sheet(table, unit_lookup, indicator_lookup)) is not None
        )
        grades = tuple(g for table in raw.grades if is_open(table)
                       if (g := self.grade_sheet(table, unit_lookup)) is not None)
        tasks = self.tasks(raw.tasks, unit_lookup) if raw.tasks else ()
        notices = self.notices(raw.notices)
        return Content(
            root=raw.root, config=self.config, units=units, indicators=indicators, results=results,
            standings=standings, grades=grades, notices=notices, tasks=tasks, frozen=raw.frozen,
            notes=raw.files.skipped,
        )

    def shadow_of(self, name: str) -> frozenset[str]:
        """Ids and names of the rows of `name` that were invalid ("*": the whole table was)."""
        return frozenset(self.shadow[name] | {squash(w) for w in self.shadow[name]})

    def unknown(self, lookup: _Lookup, source: str, row: int, column: str, key: str, text: str) -> None:
        if not lookup.silent(text):
            self.add(source, row, column, key, value=text, hint=self.hint(lookup.suggest(text)))

    # -- units.csv --------------------------------------------------------------------------
    def units(self, table: Table) -> tuple[Unit, ...]:
        if not self.required_columns(table, ("id", "name", "kind")):
            self.shadow["units.csv"].add("*")
            return ()
        units: list[Unit] = []
        seen_ids: dict[str, int] = {}
        seen_names: dict[str, int] = {}
        id_column = table.column("id")
        for position, row in enumerate(table.rows):
            unit_id, _ = self.cell(table, row, "id")
            name, name_column = self.cell(table, row, "name")
            kind, kind_column = self.cell(table, row, "kind")
            if not self.slug_ok(table, row, id_column, unit_id, seen_ids):
                self.shadow["units.csv"].update({unit_id, name} - {""})
                continue
            if not name:
                self.add(table.source, row.number, name_column.label if name_column else "name", "empty")
                continue
            if name in seen_names:
                self.add(table.source, row.number, name_column.label if name_column else "name", "duplicate_name",
                         value=name, first=seen_names[name])
            seen_names.setdefault(name, row.number)
            if not kind:
                self.add(table.source, row.number, kind_column.label if kind_column else "kind", "empty")
            order_text, order_column = self.cell(table, row, "order")
            order = position + 1
            if order_text and order_column is not None:
                number = self.number(table, row, order_column, order_text)
                order = int(number) if number is not None else order
            short, _ = self.cell(table, row, "short_name")
            columns = {c.name: row.cells[c.index] for c in table.columns}
            units.append(Unit(unit_id, name, kind, short, order, columns))
        if self.config.ranking.within and table.column(self.config.ranking.within) is None:
            self.problems.append(Problem("site.toml", 0, "ranking.within",
                                         _MSG(self.lang, "within_column", value=self.config.ranking.within)))
        return tuple(units)

    def slug_ok(self, table: Table, row: Row, column: Column | None, value: str, seen: dict[str, int]) -> bool:
        label = column.label if column else "id"
        if not value:
            self.add(table.source, row.number, label, "empty")
            return False
        if not SLUG.match(value):
            self.add(table.source, row.number, label, "bad_slug", value=value)
            return False
        if value in seen:
            self.add(table.source, row.number, label, "duplicate_id", value=value, first=seen[value])
            return False
        seen[value] = row.number
        return True

    # -- indicators.csv ----------------------------------------------------------------------
    def indicators(self, table: Table, units: Sequence[Unit]) -> tuple[Indicator, ...]:
        if not self.required_columns(table, ("id", "name", "category", "weight", "direction")):
            self.shadow["indicators.csv"].add("*")
            return ()
        kinds = sorted({u.kind for u in units})
        unit_lookup = _Lookup.of(units)
        seen_ids: dict[str, int] = {}
        seen_names: dict[str, int] = {}
        indicators = []
        for row in table.rows:
            indicator = self.indicator(table, row, kinds, unit_lookup, seen_ids, seen_names)
            if indicator is not None:
                indicators.append(indicator)
            else:
                self.shadow["indicators.csv"].update({self.cell(table, row, n)[0] for n in ("id", "name")} - {""})
        return tuple(indicators)

    def indicator(self, table: Table, row: Row, kinds: list[str], unit_lookup: _Lookup,
                  seen_ids: dict[str, int], seen_names: dict[str, int]) -> Indicator | None:
        source = table.source
        indicator_id, id_column = self.cell(table, row, "id")
        if not self.slug_ok(table, row, id_column, indicator_id, seen_ids):
            return None
        name, name_column = self.cell(table, row, "name")
        if not name:
            self.add(source, row.number, name_column.label if name_column else "name", "empty")
            return None
        if name in seen_names:
            self.add(source, row.number, name_column.label if name_column else "name", "duplicate_name",
                     value=name, first=seen_names[name])
        seen_names.setdefault(name, row.number)
        category, category_column = self.cell(table, row, "category")
        if not category:
            self.add(source, row.number, category_column.label if category_column else "category", "empty")
        weight_text, weight_column = self.cell(table, row, "weight")
        weight = self.number(table, row, weight_column, weight_text) if weight_column else None
        if weight_column is not None and weight is not None and weight <= 0:
            self.add(source, row.number, weight_column.label, "weight_positive", value=weight_text)
            weight = None
        elif weight_column is not None and weight is None and not weight_text:
            self.add(source, row.number, weight_column.label, "empty")
        direction_text, direction_column = self.cell(table, row, "direction")
        direction = {"higher": "higher", "lower": "lower", "正向": "higher", "逆向": "lower",
                     "越高越好": "higher", "越低越好": "lower"}.get(direction_text.lower())
        if direction is None and direction_column is not None:
            self.add(source, row.number, direction_column.label, "direction", value=direction_text)
        target = self.optional_number(table, row, "target")
        floor = self.optional_number(table, row, "floor")
        self.check_target_floor(table, row, direction, target, floor)
        applies_text, applies_column = self.cell(table, row, "applies_to")
        applies = frozenset(k.strip() for k in re.split(r"[;；、,，]", applies_text) if k.strip())
        for kind in sorted(applies):
            if kind not in kinds:
                self.add(source, row.number, applies_column.label if applies_column else "applies_to",
                         "unknown_kind", value=kind, known="、".join(kinds))
        responsible_text, responsible_column = self.cell(table, row, "responsible")
        responsible = self.unit_list(table, row, responsible_column, responsible_text, unit_lookup)
        unit_text, _ = self.cell(table, row, "unit")
        if weight is None or direction is None or not category:
            return None
        return Indicator(indicator_id, name, category, weight, direction, unit_text, target, floor, responsible, applies)

    def optional_number(self, table: Table, row: Row, name: str) -> Decimal | None:
        text, column = self.cell(table, row, name)
        if column is None or not text:
            return None
        return self.number(table, row, column, text)

    def check_target_floor(self, table: Table, row: Row, direction: str | None,
                           target: Decimal | None, floor: Decimal | None) -> None:
        column = (table.column("target") or table.column("floor"))
        label = column.label if column else "target"
        if target is not None and floor is not None:
            if target == floor:
                self.add(table.source, row.number, label, "target_floor_equal", value=target)
            elif direction == "higher" and target < floor:
                self.add(table.source, row.number, label, "target_floor_order", direction=direction,
                         target=target, floor=floor, relation=_MSG(self.lang, "above"))
            elif direction == "lower" and target > floor:
                self.add(table.source, row.number, label, "target_floor_order", direction=direction,
                         target=target, floor=floor, relation=_MSG(self.lang, "below"))

    def unit_list(self, table: Table, row: Row, column: Column | None, text: str, lookup: _Lookup) -> tuple[str, ...]:
        ids = []
        for part in re.split(r"[;；、,，]", text):
            part = part.strip()
            if not part:
                continue
            unit_id = lookup.find(part)
            if unit_id is None:
                self.unknown(lookup, table.source, row.number, column.label if column else "", "unknown_unit", part)
            else:
                ids.append(unit_id)
        return tuple(ids)

    def check_config_against(self, units: Sequence[Unit], indicators: Sequence[Indicator]) -> None:
        """Rules that depend on the data: categories exist, target/floor present for the method."""
        years = [None, *sorted(int(y) for y in self.config.years if y.isdigit())]
        for year in years:
            rules = self.config.rules(year)
            prefix = f"years.{year}.scoring" if year else "scoring"
            for indicator in indicators:
                row = self.indicator_row(indicator.id)
                try:
                    category_of(indicator, rules.scoring.categories)
                except KeyError:
                    known = "、".join(c.name for c in rules.scoring.categories or ())
                    self.add("indicators.csv", row, "category", "unknown_category", value=indicator.category, known=known)
                method = rules.scoring.normalize
                if method == "efficacy" and (indicator.target is None or indicator.floor is None):
                    self.add("indicators.csv", row, "target", "needs_target_floor", method=f"{prefix}.normalize = efficacy")
                if method == "target":
                    if indicator.target is None:
                        self.add("indicators.csv", row, "target", "needs_target")
                    elif indicator.direction == "higher" and indicator.target <= 0:
                        self.add("indicators.csv", row, "target", "target_positive")
        standings_tiers = self.config.standings.tiers or self.config.tiers
        if self.raw.standings and standings_tiers.basis == "score":
            self.problems.append(Problem("site.toml", 0, "standings.tiers", _MSG(self.lang, "standings_basis")))
        for board_id, board in self.config.boards.items():
            known = {i.id for i in indicators} | {i.name for i in indicators}
            for name in board.indicators or ():
                if name not in known:
                    self.problems.append(Problem("site.toml", 0, f"boards.{board_id}.indicators",
                                                 _MSG(self.lang, "board_unknown_indicator", board=board_id, value=name)))

    def indicator_row(self, indicator_id: str) -> int:
        table = self.raw.indicators
        column = table.column("id") if table else None
        if table is None or column is None:
            return 0
        return next((r.number for r in table.rows if r.cells[column.index] == indicator_id), 0)

    # -- results/<period>[--<board>] --------------------------------------------------------
    def period_of(self, table: Table, years_only: bool = False) -> tuple[Period, str] | None:
        stem = Path(table.source).stem
        period_text, _, board = stem.partition("--")
        try:
            period = Period.parse(period_text)
        except PeriodError:
            period = None
        if period is None or (years_only and period.kind != "year"):
            self.add(table.source, 0, "", "bad_year_file" if years_only else "bad_period", value=stem)
            return None
        if board and not SLUG.match(board):
            self.add(table.source, 0, "", "bad_slug", value=board)
            return None
        return period, board

    def result_sheet(self, table: Table, units: Sequence[Unit], indicators: Sequence[Indicator],
                     unit_lookup: _Lookup, indicator_lookup: _Lookup) -> ResultSheet | None:
        parsed = self.period_of(table)
        if parsed is None:
            return None
        period, board = parsed
        board = board or MAIN_BOARD
        if board != MAIN_BOARD and board not in self.config.boards:
            self.add(table.source, 0, "", "unknown_board", value=board)
            return None
        levels = self.config.rules(period.year, board).scoring.levels or {}
        names = {c.name.lower() for c in table.columns}
        if any(set(h) <= names for h in LONG_HEADERS):
            reader = _LongReader(self, table, levels)
        else:
            reader = _WideReader(self, table, levels)
        entries, indicator_ids = reader.read(units, indicators, unit_lookup, indicator_lookup)
        board_section = self.config.boards.get(board)
        if board_section and board_section.indicators:
            wanted = [indicator_lookup.find_header(name) or name for name in board_section.indicators]
            for name in wanted:
                if name not in indicator_ids:
                    self.add(table.source, 1, "", "board_indicator_missing", board=board, value=name)
        return ResultSheet(period, board, table.source, tuple(indicator_ids), tuple(entries))

    def value(self, table: Table, row: Row, column_label: str, text: str, unit: Unit, indicator: Indicator,
              levels: dict[str, Decimal]) -> tuple[bool, Decimal | None]:
        """(ok, value): None = 不适用. An empty cell for an applicable indicator is an error."""
        if is_not_applicable(text):
            return True, None
        if not text:
            if indicator.applies(unit):
                self.add(table.source, row.number, column_label, "empty_value", unit=unit.name, indicator=indicator.name)
                return False, None
            return True, None
        try:
            number = parse_number(text)
        except ValueError:
            number = None
        if number is None and text in levels:
            number = levels[text]
        if number is None:
            if not indicator.applies(unit):
                return True, None
            if levels:
                self.add(table.source, row.number, column_label, "bad_value", value=text, levels="、".join(levels))
            else:
                self.add(table.source, row.number, column_label, "not_number", value=text)
            return False, None
        return True, number

    # -- standings ---------------------------------------------------------------------------
    def standings_sheet(self, table: Table, unit_lookup: _Lookup, indicator_lookup: _Lookup) -> StandingsSheet | None:
        parsed = self.period_of(table)
        if parsed is None:
            return None
        period, _ = parsed
        aliases = {"indicator": ("indicator", "指标"), "rank": ("rank", "排名", "名次"),
                   "out_of": ("out_of", "总数", "参评数", "参与排名数")}
        missing = [key for key, names in aliases.items() if not any(table.column(n) for n in names)]
        if missing:
            for key in missing:
                self.add(table.source, 1, key, "missing_column", name=key)
            return None
        entries = []
        for row in table.rows:
            name, column = self.cell(table, row, *aliases["indicator"])
            indicator_id = indicator_lookup.find_header(name) if name else None
            if indicator_id is None:
                self.unknown(indicator_lookup, table.source, row.number, column.label if column else "",
                             "unknown_indicator", name)
                continue
            rank = self.integer(table, row, *aliases["rank"])
            out_of = self.integer(table, row, *aliases["out_of"])
            if rank is None or out_of is None:
                continue
            if not 1 <= rank <= out_of:
                _, rank_column = self.cell(table, row, *aliases["rank"])
                self.add(table.source, row.number, rank_column.label if rank_column else "rank", "rank_range",
                         rank=rank, out_of=out_of)
                continue
            responsible_text, responsible_column = self.cell(table, row, "responsible", "责任单位")
            responsible = self.unit_list(table, row, responsible_column, responsible_text, unit_lookup)
            note, _ = self.cell(table, row, "note", "备注")
            entries.append(StandingEntry(indicator_id, rank, out_of, responsible, note, row.number))
        return StandingsSheet(period, table.source, tuple(entries))

    def integer(self, table: Table, row: Row, *names: str) -> int | None:
        text, column = self.cell(table, row, *names)
        assert column is not None
        if not text:
            self.add(table.source, row.number, column.label, "empty")
            return None
        try:
            number = parse_number(text)
        except ValueError:
            number = None
        if number is None or number != number.to_integral_value():
            self.add(table.source, row.number, column.label, "not_integer", value=text)
            return None
        return int(number)

    # -- grades ------------------------------------------------------------------------------
    def grade_sheet(self, table: Table, unit_lookup: _Lookup) -> GradeSheet | None:
        parsed = self.period_of(table, years_only=True)
        if parsed is None:
            return None
        period, campaign = parsed
        scale = self.config.rules(period.year).grades.scale
        unit_names = ("unit", "单位")
        grade_names = ("grade", "等次")
        if not any(table.column(n) for n in unit_names) or not any(table.column(n) for n in grade_names):
            for key, names in (("unit", unit_names), ("grade", grade_names)):
                if not any(table.column(n) for n in names):
                    self.add(table.source, 1, key, "missing_column", name=key)
            return None
        entries = []
        seen: dict[str, int] = {}
        for row in table.rows:
            unit_text, unit_column = self.cell(table, row, *unit_names)
            unit_id = unit_lookup.find(unit_text) if unit_text else None
            if unit_id is None:
                self.unknown(unit_lookup, table.source, row.number, unit_column.label if unit_column else "unit", "unknown_unit", unit_text)
                continue
            grade, grade_column = self.cell(table, row, *grade_names)
            if grade not in scale:
                self.add(table.source, row.number, grade_column.label if grade_column else "grade",
                         "grade_not_in_scale", value=grade, scale="、".join(scale))
                continue
            person, _ = self.cell(table, row, "person", "姓名")
            post, _ = self.cell(table, row, "post", "职务")
            key = person or unit_id
            if key in seen and (person or not campaign):
                self.add(table.source, row.number, unit_column.label if unit_column else "unit", "duplicate_grade",
                         value=person or unit_text, first=seen[key])
                continue
            seen[key] = row.number
            entries.append(GradeEntry(unit_id, person, post, grade, row.number))
        return GradeSheet(period.year, campaign or None, table.source, tuple(entries))

    # -- tasks.csv ---------------------------------------------------------------------------
    def tasks(self, table: Table, unit_lookup: _Lookup) -> tuple[Task, ...]:
        needed = ("id", "title", "claimant", "level", "unit", "claimed_on", "due", "status", "progress")
        if not self.required_columns(table, needed):
            return ()
        tasks = []
        seen: dict[str, int] = {}
        for row in table.rows:
            task = self.task(table, row, unit_lookup, seen)
            if task is not None:
                tasks.append(task)
        return tuple(tasks)

    def task(self, table: Table, row: Row, unit_lookup: _Lookup, seen: dict[str, int]) -> Task | None:
        text = {c.name: row.cells[c.index] for c in table.columns}
        column = {c.name: c for c in table.columns}
        ok = self.slug_ok(table, row, column["id"], text["id"], seen)
        for key in ("title", "claimant", "level"):
            if not text[key]:
                self.add(table.source, row.number, column[key].label, "empty")
                ok = False
        unit_id = unit_lookup.find(text["unit"]) if text["unit"] else None
        if unit_id is None:
            self.unknown(unit_lookup, table.source, row.number, column["unit"].label, "unknown_unit", text["unit"])
            ok = False
        claimed = self.date_cell(table, row, column["claimed_on"], text["claimed_on"])
        due = self.date_cell(table, row, column["due"], text["due"])
        status = text["status"]
        if status not in TASK_STATUSES:
            self.add(table.source, row.number, column["status"].label, "status", value=status)
            ok = False
        progress = self.progress(table, row, column["progress"], text["progress"])
        if progress is not None and status == "已完成" and progress != 100:
            self.add(table.source, row.number, column["progress"].label, "progress_done", value=progress)
        if claimed and due and due < claimed:
            self.add(table.source, row.number, column["due"].label, "due_before_claim", due=due, claimed=claimed)
            ok = False
        if not ok or claimed is None or due is None or progress is None or unit_id is None:
            return None
        return Task(text["id"], text["title"], text["claimant"], text["level"], unit_id, claimed, due, status,
                    progress, text.get("note", ""))

    def progress(self, table: Table, row: Row, column: Column, text: str) -> int | None:
        try:
            number = parse_number(text)
        except ValueError:
            number = None
        if number is None or number != number.to_integral_value() or not 0 <= number <= 100:
            self.add(table.source, row.number, column.label, "progress", value=text)
            return None
        return int(number)

    # -- notices -----------------------------------------------------------------------------
    def notices(self, raws: Sequence[RawNotice]) -> tuple[Notice, ...]:
        notices = []
        slugs: dict[str, str] = {}
        for raw in raws:
            notice = self.notice(raw)
            if notice is None:
                continue
            if notice.slug in slugs:
                self.add(raw.source, front_matter_line(raw, "slug"), "slug", "duplicate_slug",
                         value=notice.slug, other=slugs[notice.slug])
                continue
            slugs[notice.slug] = raw.source
            notices.append(notice)
        return tuple(sorted(notices, key=lambda n: (n.date, n.slug), reverse=True))

    def notice(self, raw: RawNotice) -> Notice | None:
        front = raw.front
        source = raw.source
        ok = True

        def line(key: str) -> int:
            return front_matter_line(raw, key)

        stem = raw.path.stem
        slug = str(front.get("slug") or stem)
        if not SLUG.match(slug):
            self.add(source, line("slug"), "slug", "notice_slug" if "slug" not in front else "bad_slug", value=slug)
            ok = False
        for key in ("title", "date", "kind"):
            if not front.get(key):
                self.add(source, 1, key, "notice_missing", key=key)
                ok = False
        kind = str(front.get("kind") or "")
        if kind and kind not in NOTICE_KINDS:
            self.add(source, line("kind"), "kind", "notice_kind", value=kind)
            ok = False
        dates: dict[str, date | None] = {}
        for key in ("date", "publish_from", "publish_to"):
            dates[key] = self.front_date(raw, key, line)
        period = front.get("period")
        if period is not None:
            try:
                Period.parse(str(period))
            except PeriodError:
                self.add(source, line("period"), "period", "bad_period", value=period)
                ok = False
        if dates["publish_from"] and dates["publish_to"] and dates["publish_to"] < dates["publish_from"]:
            self.add(source, line("publish_to"), "publish_to", "notice_window", to=dates["publish_to"],
                     start=dates["publish_from"])
            ok = False
        for number, text in enumerate(raw.body.splitlines(), start=raw.body_line):
            self.check_personal_data(source, number, "", text)
        if not ok or dates["date"] is None:
            return None
        return Notice(slug, str(front["title"]), dates["date"], kind, str(period) if period is not None else None,
                      dates["publish_from"], dates["publish_to"], raw.body, source)

    def front_date(self, raw: RawNotice, key: str, line: Callable[[str], int]) -> date | None:
        value = raw.front.get(key)
        if value in (None, ""):
            return None
        try:
            return parse_date(str(value))
        except ValueError:
            self.add(raw.source, line(key), key, "not_date", value=value)
            return None


class _WideReader:
    """A unit column, then one column per indicator, with optional bonus/penalty/note columns."""

    def __init__(self, checker: _Checker, table: Table, levels: dict[str, Decimal]) -> None:
        self.checker = checker
        self.table = table
        self.levels = levels

    def read(self, units: Sequence[Unit], indicators: Sequence[Indicator], unit_lookup: _Lookup,
             indicator_lookup: _Lookup) -> tuple[list[UnitEntry], list[str]]:
        checker, table = self.checker, self.table
        columns = list(table.columns)
        unit_column = next((c for c in columns if c.name.lower() in UNIT_HEADERS), None)
        if unit_column is None:
            unit_column = next((c for c in columns if c.name not in IGNORED_HEADERS), columns[0])
        indicator_columns: dict[str, Column] = {}
        special: dict[str, Column] = {}
        for column in columns:
            name = column.name
            lowered = name.lower()
            if column is unit_column or lowered in IGNORED_HEADERS:
                continue
            for key, headers in (("bonus", BONUS_HEADERS), ("penalty", PENALTY_HEADERS), ("note", NOTE_HEADERS)):
                if lowered in headers:
                    special[key] = column
                    break
            else:
                indicator_id = indicator_lookup.find_header(name)
                if indicator_id is None and indicator_lookup.silent(name):
                    continue
                if indicator_id is None:
                    checker.add(table.source, 1, column.label, "unknown_column", value=name,
                                hint=checker.hint(indicator_lookup.suggest(without_unit(name))))
                elif indicator_id in indicator_columns:
                    checker.add(table.source, 1, column.label, "duplicate_indicator_column", value=name,
                                first=indicator_columns[indicator_id].name)
                else:
                    indicator_columns[indicator_id] = column
        if not indicator_columns:
            checker.add(table.source, 1, "", "no_indicators")
        units_by_id = {u.id: u for u in units}
        indicators_by_id = {i.id: i for i in indicators}
        entries = []
        seen: dict[str, int] = {}
        for row in table.rows:
            unit_text = row.cells[unit_column.index]
            if not unit_text:
                if any(row.cells):
                    checker.add(table.source, row.number, unit_column.label, "empty_row")
                continue
            unit_id = unit_lookup.find(unit_text)
            if unit_id is None:
                checker.unknown(unit_lookup, table.source, row.number, unit_column.label, "unknown_unit", unit_text)
                continue
            if unit_id in seen:
                checker.add(table.source, row.number, unit_column.label, "duplicate_unit_row", value=unit_text,
                            first=seen[unit_id])
                continue
            seen[unit_id] = row.number
            unit = units_by_id[unit_id]
            values: dict[str, Decimal | None] = {}
            for indicator_id, column in indicator_columns.items():
                ok, value = checker.value(table, row, column.label, row.cells[column.index], unit,
                                          indicators_by_id[indicator_id], self.levels)
                if ok:
                    values[indicator_id] = value
            bonus = self.extra(row, special.get("bonus"))
            penalty = self.extra(row, special.get("penalty"))
            note = row.cells[special["note"].index] if "note" in special else ""
            entries.append(UnitEntry(unit_id, values, bonus, penalty, note, row.number))
        return entries, list(indicator_columns)

    def extra(self, row: Row, column: Column | None) -> Decimal:
        if column is None or not row.cells[column.index]:
            return Decimal(0)
        value = self.checker.number(self.table, row, column, row.cells[column.index])
        return value if value is not None else Decimal(0)


class _LongReader:
    """`unit, indicator, value` (or 单位, 指标, 数值): one row per unit and indicator."""

    def __init__(self, checker: _Checker, table: Table, levels: dict[str, Decimal]) -> None:
        self.checker = checker
        self.table = table
        self.levels = levels

    def read(self, units: Sequence[Unit], indicators: Sequence[Indicator], unit_lookup: _Lookup,
             indicator_lookup: _Lookup) -> tuple[list[UnitEntry], list[str]]:
        checker, table = self.checker, self.table
        names = {c.name.lower(): c for c in table.columns}
        unit_c, indicator_c, value_c = next(
            (names[a], names[b], names[c]) for a, b, c in LONG_HEADERS if {a, b, c} <= set(names)
        )
        units_by_id = {u.id: u for u in units}
        indicators_by_id = {i.id: i for i in indicators}
        cells: dict[str, dict[str, tuple[Row, str]]] = {}
        extras: dict[str, dict[str, str]] = {}
        first_row: dict[str, int] = {}
        indicator_ids: list[str] = []
        for row in table.rows:
            unit_text = row.cells[unit_c.index]
            unit_id = unit_lookup.find(unit_text)
            if unit_id is None:
                checker.unknown(unit_lookup, table.source, row.number, unit_c.label, "unknown_unit", unit_text)
                continue
            first_row.setdefault(unit_id, row.number)
            indicator_text = row.cells[indicator_c.index]
            lowered = indicator_text.lower()
            if lowered in BONUS_HEADERS + PENALTY_HEADERS + NOTE_HEADERS:
                key = "bonus" if lowered in BONUS_HEADERS else "penalty" if lowered in PENALTY_HEADERS else "note"
                extras.setdefault(unit_id, {})[key] = row.cells[value_c.index]
                continue
            indicator_id = indicator_lookup.find_header(indicator_text)
            if indicator_id is None:
                checker.unknown(indicator_lookup, table.source, row.number, indicator_c.label, "unknown_indicator",
                                indicator_text)
                continue
            if indicator_id not in indicator_ids:
                indicator_ids.append(indicator_id)
            cells.setdefault(unit_id, {})[indicator_id] = (row, row.cells[value_c.index])
        entries = []
        for unit_id, row_number in first_row.items():
            unit = units_by_id[unit_id]
            values: dict[str, Decimal | None] = {}
            for indicator_id in indicator_ids:
                indicator = indicators_by_id[indicator_id]
                found = cells.get(unit_id, {}).get(indicator_id)
                if found is None:
                    if indicator.applies(unit):
                        checker.add(table.source, row_number, unit_c.label, "missing_long_value",
                                    unit=unit.name, indicator=indicator.name)
                    continue
                row, text = found
                ok, value = checker.value(table, row, value_c.label, text, unit, indicator, self.levels)
                if ok:
                    values[indicator_id] = value
            extra = extras.get(unit_id, {})
            entries.append(UnitEntry(unit_id, values, self.number(extra.get("bonus")),
                                     self.number(extra.get("penalty")), extra.get("note", ""), row_number))
        return entries, indicator_ids

    @staticmethod
    def number(text: str | None) -> Decimal:
        try:
            return parse_number(text or "") or Decimal(0)
        except ValueError:
            return Decimal(0)
