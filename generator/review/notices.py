"""data/notices.json: the notices a site has issued, as open data and for `gongshi diff` to read back.

One record per notice issued by the reference date, newest first: what its page says (title, kind, date,
period, 公示期) and the sha256 of its Markdown body. Nothing that depends on the day of the build (the
status of a window, the publication date printed on pages) is in it, so that a rebuild on another day does
not show every notice as changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from ..model.types import Content
from ..outcome import Outcome

NOTICES = "data/notices.json"
FIELDS = ("title", "kind", "date", "period", "window", "body_sha256")


@dataclass(frozen=True)
class NoticeRecord:
    slug: str
    title: str
    kind: str
    date: str
    period: str | None
    window: tuple[str, str] | None
    body_sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {"slug": self.slug, "title": self.title, "kind": self.kind, "date": self.date, "period": self.period,
                "window": list(self.window) if self.window else None, "body_sha256": self.body_sha256,
                "url": f"notices/{self.slug}/index.html"}


def notice_records(content: Content, outcome: Outcome) -> tuple[NoticeRecord, ...]:
    by_slug = {notice.slug: notice for notice in content.notices}
    records = []
    for state in outcome.notices:
        notice = by_slug[state.slug]
        window = (state.window[0].isoformat(), state.window[1].isoformat()) if state.window else None
        records.append(NoticeRecord(notice.slug, notice.title, notice.kind, notice.date.isoformat(), notice.period, window,
                                    hashlib.sha256(notice.body_markdown.encode("utf-8")).hexdigest()))
    return tuple(records)


def notices_json(content: Content, outcome: Outcome) -> bytes:
    return orjson.dumps({"notices": [record.as_dict() for record in notice_records(content, outcome)]}) + b"\n"


def records_of(data: Mapping[str, Any]) -> tuple[NoticeRecord, ...]:
    """The records of a data/notices.json document (KeyError, TypeError or ValueError when it is not one)."""
    records = []
    for item in data["notices"]:
        window = item.get("window")
        records.append(NoticeRecord(str(item["slug"]), str(item["title"]), str(item["kind"]), str(item["date"]),
                                    item.get("period"), (str(window[0]), str(window[1])) if window else None,
                                    str(item["body_sha256"])))
    return tuple(records)


@dataclass(frozen=True)
class NoticeChanges:
    added: tuple[NoticeRecord, ...] = ()
    changed: tuple[tuple[NoticeRecord, NoticeRecord, tuple[str, ...]], ...] = ()  # (old, new, fields that differ)
    withdrawn: tuple[NoticeRecord, ...] = ()
    known: bool = True  # False: the published site has no data/notices.json, so changes could not be seen

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.withdrawn)


def compare_notices(old: Sequence[NoticeRecord] | None, new: Sequence[NoticeRecord],
                    old_slugs: Sequence[str] = ()) -> NoticeChanges:
    """Added, changed (by any of FIELDS) and withdrawn notices. Without the old records (a site built before
    data/notices.json existed), only the slugs of its notice pages are known: added and withdrawn, by slug."""
    if old is None:
        slugs = set(old_slugs)
        return NoticeChanges(tuple(n for n in new if n.slug not in slugs), (), tuple(
            NoticeRecord(slug, slug, "", "", None, None, "") for slug in sorted(slugs - {n.slug for n in new})), known=False)
    before = {record.slug: record for record in old}
    after = {record.slug: record for record in new}
    changed = []
    for record in new:
        previous = before.get(record.slug)
        if previous is not None:
            fields = tuple(f for f in FIELDS if getattr(previous, f) != getattr(record, f))
            if fields:
                changed.append((previous, record, fields))
    return NoticeChanges(tuple(r for r in new if r.slug not in before), tuple(changed),
                         tuple(r for r in old if r.slug not in after))
