"""notices/*.md → Notice: front matter (title, date, kind, period, publish_from, publish_to, slug) and body."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import date

from ..errors import Message, Problem
from ..load.cells import DateRangeError, parse_date
from ..load.texts import RawNotice
from ..periods import Period, PeriodError
from . import privacy
from .common import Checks
from .config_types import SLUG
from .types import NOTICE_KINDS, Notice

FRONT_KEYS = ("title", "date", "kind", "period", "publish_from", "publish_to", "slug")
MAX_DEPTH = 12  # nested lists and quotes in a body: deeper is refused (the Markdown parser recurses)
MAX_TITLE = 200
# A list marker needs a space after it; a quote marker does not (">>> x" is three quotes deep).
_MARKER = r"(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]*)"
_NESTING = re.compile(rf"^((?:[ \t]*{_MARKER})+)", re.M)


def body_depth(body: str) -> int:
    """How deeply lists and block quotes nest: by indentation and markers at the start of each line."""
    deepest = 0
    for match in _NESTING.finditer(body):
        prefix = match.group(1)
        markers = len(re.findall(_MARKER, prefix))
        indent = len(prefix) - len(prefix.lstrip(" \t"))
        deepest = max(deepest, markers + indent // 2)
    return deepest


def check_notice(raw: RawNotice, stem: str) -> tuple[Notice | None, list[Problem]]:
    checks = Checks(raw.source)
    front = raw.front

    def line(key: str) -> int:
        return raw.front_lines.get(key, 1)

    ok = True
    for key in front:
        if key not in FRONT_KEYS:  # a typo (publish_form) would silently publish at once
            close = difflib.get_close_matches(key, FRONT_KEYS, n=1, cutoff=0.6)
            checks.add(line(key), key, "notices.unknown_key", key=key, known="、".join(FRONT_KEYS),
                       hint=Message.of("hint", names=tuple(close)) if close else "")
            ok = False
    for key, first, again in raw.repeated:
        checks.add(again, key, "notices.duplicate_key", key=key, first=first)
        ok = False
    texts: dict[str, str] = {}
    for key in ("title", "kind", "slug", "period"):
        value = front.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, (dict, list)):
            checks.add(line(key), key, "notices.not_text", key=key)
            ok = False
            continue
        texts[key] = str(value).strip() if key != "title" else str(value)
    slug = texts.get("slug") or stem
    if not SLUG.match(slug) or len(slug) > 64:
        checks.add(line("slug"), "slug", "notices.slug" if "slug" not in texts else "cell.bad_slug", value=slug)
        ok = False
    for key in ("title", "date", "kind"):
        if front.get(key) in (None, ""):
            checks.add(1, key, "notices.missing", key=key)
            ok = False
    title = texts.get("title", "")
    if len(title) > MAX_TITLE:
        checks.add(line("title"), "title", "cell.too_long", length=len(title), limit=MAX_TITLE)
        ok = False
    if "\n" in title.strip():
        title = " ".join(title.split())
    kind = texts.get("kind", "")
    if kind and kind not in NOTICE_KINDS:
        checks.add(line("kind"), "kind", "notices.kind", value=kind)
        ok = False
    dates: dict[str, date | None] = {}
    for key in ("date", "publish_from", "publish_to"):
        dates[key] = _front_date(checks, front.get(key), key, line(key))
        if front.get(key) not in (None, "") and dates[key] is None:
            ok = False
    period = texts.get("period")
    if period is not None:
        try:
            Period.parse(period)
        except PeriodError:
            checks.add(line("period"), "period", "results.bad_period", value=period)
            ok = False
    start, end = dates["publish_from"], dates["publish_to"]
    if start and end and end < start:
        checks.add(line("publish_to"), "publish_to", "notices.window", to=end, start=start)
        ok = False
    for problem in privacy.scan_values(raw.source, front, line=lambda path: line(path[0]) if path else 1):
        checks.problems.append(problem)
    if "slug" not in texts:  # the file's name is the notice's address, published as any text is
        checks.problems.extend(privacy.scan(raw.source, 1, "slug", stem))
    for number, text in enumerate(raw.body.splitlines(), start=raw.body_line):
        checks.problems.extend(privacy.scan(raw.source, number, "", text))
    depth = body_depth(raw.body)
    if depth > MAX_DEPTH:
        checks.add(raw.body_line, "", "notices.too_deep", depth=depth, limit=MAX_DEPTH)
        ok = False
    if not ok or dates["date"] is None or checks.problems:
        return None, checks.problems
    return Notice(slug, title, dates["date"], kind, period, start, end, raw.body, raw.source, raw.body_line), []


def _front_date(checks: Checks, value: object, key: str, row: int) -> date | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(str(value))
    except DateRangeError:
        checks.add(row, key, "cell.date_range", value=value, first="1900-01-01", last="2999-12-31")
    except ValueError:
        checks.add(row, key, "cell.not_date", value=value)
    return None


def check_notices(raws: Sequence[tuple[RawNotice, str]]) -> tuple[tuple[Notice, ...], list[Problem]]:
    """Each notice, then slugs unique across them; newest first."""
    notices: list[Notice] = []
    problems: list[Problem] = []
    slugs: dict[str, str] = {}
    for raw, stem in raws:
        notice, found = check_notice(raw, stem)
        problems.extend(found)
        if notice is None:
            continue
        if notice.slug in slugs:
            problems.append(Problem.at(raw.source, raw.front_lines.get("slug", 1), "slug", "notices.duplicate_slug",
                                       value=notice.slug, other=slugs[notice.slug]))
            continue
        slugs[notice.slug] = raw.source
        notices.append(notice)
    return tuple(sorted(notices, key=lambda n: (n.date, n.slug), reverse=True)), problems
