"""`gongshi whatif --rules FILE` (SPEC 7.3): every rank, tier, grade and flag that other rules would move.

FILE is a site.toml fragment. Each of its sections replaces the same section of site.toml, whole: a base
section (`[scoring]`, `[tiers]`, `[[flags]]` …) the base one, a `[years.<Y>.<section>]` that year's, a
`[boards.<id>]` that board's; every other section stays. The content is then checked and computed by the
model and rules stages exactly as a build does (no second implementation), and its boards compared with those
of the rules in force: the open years, or one year (`year`), frozen or not — a frozen year is recomputed from
its files, read-only. Nothing is written into the site or the archive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ..archive.bag import frozen_years
from ..cache import StageCache
from ..errors import ContentError, GongshiError, Message, Problem
from ..i18n import Translator
from ..load.files import SourceFile
from ..load.project import load_project
from ..load.texts import TomlText, parse_toml
from ..model.build import build_model
from ..model.config import RULE_SECTIONS
from ..model.types import Content
from ..outcome import Outcome
from ..rules import compute
from .compare import MOVE_FIELDS, BoardChange, compare_boards
from .states import content_boards, sha256

SECTIONS = (*RULE_SECTIONS, "flags", "standings", "years", "boards")
T = TypeVar("T")


@dataclass(frozen=True)
class WhatIf:
    rules: str  # the rules file, as given
    years: tuple[int, ...]  # the years compared
    boards: tuple[BoardChange, ...]  # the boards on which something moves
    compared: int  # boards compared
    notes: tuple[Message, ...] = ()
    today: date | None = None


def read_rules(path: Path) -> TomlText:
    try:
        data = path.read_bytes()
    except OSError:
        raise GongshiError("review.rules_missing", path=str(path)) from None
    fragment = parse_toml(SourceFile(path.name, data, sha256(data)))
    problems = [Problem(fragment.source, fragment.line((section,)), section,
                        Message.of("review.rules_section", section=section, allowed="、".join(SECTIONS)))
                for section in fragment.data if section not in SECTIONS]
    if problems:
        raise ContentError(problems)
    return fragment


def replaced(site: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    """site.toml's data with each section of `fragment` in place of the same section."""
    merged = dict(site)
    for section, value in fragment.items():
        if section in ("years", "boards") and isinstance(value, dict) and isinstance(site.get(section), dict):
            layers = {key: dict(item) if isinstance(item, dict) else item for key, item in site[section].items()}
            for key, item in value.items():
                if section == "years" and isinstance(item, dict) and isinstance(layers.get(str(key)), dict):
                    layers[str(key)].update(item)  # [years.Y.S]: that year's section S, whole
                else:
                    layers[str(key)] = item  # [boards.B]: that board, whole
            merged[section] = layers
        else:
            merged[section] = value
    return merged


def _shadowed(site: dict[str, Any], fragment: dict[str, Any], years: tuple[int, ...]) -> tuple[Message, ...]:
    """Keys that a year of site.toml still overrides under a base section the fragment replaces."""
    notes = []
    site_years = site.get("years") if isinstance(site.get("years"), dict) else {}
    fragment_years = fragment.get("years") if isinstance(fragment.get("years"), dict) else {}
    for year in years:
        layer = site_years.get(str(year)) if isinstance(site_years, dict) else None
        own = fragment_years.get(str(year)) if isinstance(fragment_years, dict) else None
        for section in RULE_SECTIONS:
            if section in fragment and isinstance(layer, dict) and isinstance(layer.get(section), dict) \
                    and not (isinstance(own, dict) and section in own):
                notes.append(Message.of("review.shadowed", year=year, section=section,
                                        keys=tuple(sorted(str(k) for k in layer[section]))))
    return tuple(notes)


class SharedStages(StageCache):
    """The stages' results kept in memory for this run only: the rules in force and the other rules share
    every result whose inputs are the same (tables, checked sheets, boards the other rules do not touch);
    nothing is written to disk."""

    def __init__(self, jobs: int = 1) -> None:
        super().__init__(None, "", jobs)
        self.kept: dict[str, Any] = {}

    def memo_many(self, stage: str, items: Sequence[tuple[tuple[Any, ...], Callable[[], T]]]) -> list[T]:
        from ..cache import PARALLEL_FROM
        from ..fingerprint import digest
        from ..parallel import fork_map

        keys = [digest(stage, inputs) for inputs, _ in items]
        missing = {key: make for key, (_, make) in zip(keys, items, strict=True) if key not in self.kept}
        self.hits += len(items) - len(missing)
        self.misses += len(missing)
        made = fork_map(_made, list(missing.values()), self.jobs, PARALLEL_FROM)
        self.kept.update(zip(missing, made, strict=True))
        return [self.kept[key] for key in keys]


def _made(make: Callable[[], T]) -> T:
    return make()


def _compute(raw: Any, today: date, stages: StageCache) -> tuple[Content, Outcome]:
    content, problems = build_model(raw, stages.memo)
    if content is None:
        raise ContentError(problems)
    outcome, problems = compute(content, today, stages.memo, stages.memo_many)
    if problems:
        raise ContentError(problems)
    return content, outcome


def what_if(content_dir: Path, rules: Path, today: date, year: int | None = None,
            stages: StageCache | None = None) -> tuple[WhatIf, tuple[Content, Outcome], tuple[Content, Outcome]]:
    """The moves, and (content, outcome) under the rules in force and under the other rules."""
    stages = stages if stages is not None else SharedStages()
    fragment = read_rules(rules)
    raw = load_project(content_dir, frozenset(), stages.memo)
    base = _compute(raw, today, stages)
    thaw = frozenset({year}) if year is not None and year in frozen_years(content_dir) else frozenset()
    other_raw = load_project(content_dir, thaw, stages.memo) if thaw else raw
    assert other_raw.toml is not None
    toml = TomlText(fragment.source, replaced(other_raw.toml.data, fragment.data), fragment.lines)
    other = _compute(replace(other_raw, toml=toml), today, stages)
    known = {p.period.year for p in other[1].periods} | set(other[1].years)
    if year is not None:
        if year not in known:
            raise GongshiError("review.no_year", year=year)
        years: tuple[int, ...] = (year,)
    else:
        years = tuple(sorted(known - base[0].frozen_years))
    tr = Translator(base[0].lang)
    old, _ = content_boards(*base, tr, years)
    new, _ = content_boards(*other, tr, years)
    changes = compare_boards(old, new, MOVE_FIELDS)
    notes = _shadowed(other_raw.toml.data, fragment.data, years)
    return WhatIf(str(rules), years, tuple(changes), len(set(old) | set(new)), notes, today), base, other


# -- the report ----------------------------------------------------------------------------------------
def board_fields(change: BoardChange) -> tuple[str, ...]:
    """score, rank and tier; grade and flags too where the board has them (year rows of the main board)."""
    rows = [row for side in (change.old, change.new) if side is not None for row in side.rows.values()]
    extra = tuple(name for name in ("grade", "flags") if any(getattr(row, name) for row in rows))
    return ("score", "rank", "tier", *extra)


def whatif_lines(result: WhatIf, tr: Translator) -> list[str]:
    from .views import counts_text

    lines = [tr("{title}：{counts}", title=board.title, counts=counts_text(board.counts(), tr)) for board in result.boards]
    lines.append(tr("共比较 {years} 年度的 {compared} 张晾晒表，其中 {changed} 张有名次、档次、等次或结果运用的变化。",
                    years=tr("、").join(str(y) for y in result.years), compared=result.compared, changed=len(result.boards)))
    lines += [note.text(tr) for note in result.notes]
    return lines


def whatif_html(result: WhatIf, content: Content, tr: Translator) -> str:
    """The side-by-side report (`--html`), with the site's stylesheet: every row of each board on which
    something moves, under the rules in force and under the other rules."""
    from .. import __version__
    from ..render.html import environment
    from .views import board_view, counts_text

    env = environment(content.root, tr)
    assert env.loader is not None
    css, _, _ = env.loader.get_source(env, "static/site.css")
    boards = [board_view(b, board_fields(b), tr, every_row=True, summary=counts_text(b.counts(), tr)) for b in result.boards]
    report = {
        "title": tr("规则试算：{rules}", rules=Path(result.rules).name), "site_title": content.config.site.title,
        "organization": content.config.site.organization, "version": __version__,
        "today": result.today.isoformat() if result.today else "",
        "lead": tr("左为现行规则（site.toml），右为用 {rules} 替换相应部分后的结果；加框的是会变化的名次、档次、等次和结果运用。",
                   rules=Path(result.rules).name),
        "lines": whatif_lines(result, tr), "boards": boards,
    }
    return env.get_template("review/whatif.html").render(report=report, css=css, html_lang="en" if tr.english else "zh-CN")
