"""generator.rules.notices: which notices are issued at the reference date (a notice dated later is held back),
their 公示期 windows, and the window each period's boards print."""

from __future__ import annotations

from datetime import date

from generator.i18n import Translator
from generator.model.types import Calendar, Notice
from generator.periods import Period
from generator.rules.notices import board_windows, issued_notices, notice_window, status_at

ZH = Translator("zh-CN")
NONE = Calendar()


def notice(slug: str, day: date, kind: str = "公示", period: str | None = None, start: date | None = None,
           end: date | None = None) -> Notice:
    return Notice(slug, f"{slug}标题", day, kind, period, start, end, "正文", f"notices/{slug}.md")


def test_notice_windows() -> None:
    # publish_from and publish_to given: that window, whatever the kind
    assert notice_window(notice("a", date(2025, 3, 3), "通报", start=date(2025, 3, 4), end=date(2025, 3, 20)), 5, NONE) \
        == (date(2025, 3, 4), date(2025, 3, 20))
    # a 公示 without them: `days` working days from its date: Mon 3 Mar 2025 + 5 → Fri 7 Mar
    assert notice_window(notice("b", date(2025, 3, 3)), 5, NONE) == (date(2025, 3, 3), date(2025, 3, 7))
    # with publish_from only: from that day (Tue 30 Sep 2025 + 5 working days over National Day → 13 Oct)
    assert notice_window(notice("c", date(2025, 9, 26), start=date(2025, 9, 30)), 5, NONE) == \
        (date(2025, 9, 30), date(2025, 10, 13))
    # other kinds have no window unless given one
    assert notice_window(notice("d", date(2025, 3, 3), "通报"), 5, NONE) is None
    assert notice_window(notice("e", date(2025, 3, 3), "预警", end=date(2025, 3, 9)), 5, NONE) is None


def test_status_at() -> None:
    window = (date(2025, 3, 3), date(2025, 3, 7))
    # before the window, within it (both ends included), after it; no window, no status
    assert status_at(window, date(2025, 3, 2)) == "window_future"
    assert status_at(window, date(2025, 3, 3)) == "in_window" and status_at(window, date(2025, 3, 7)) == "in_window"
    assert status_at(window, date(2025, 3, 8)) == "window_over"
    assert status_at(None, date(2025, 3, 8)) is None


def test_notices_dated_after_the_reference_date_are_held_back() -> None:
    notices = [notice("old", date(2025, 1, 6), "通报"), notice("now", date(2025, 3, 3)),
               notice("draft", date(2025, 3, 10)), notice("later", date(2025, 3, 4), start=date(2025, 3, 10),
                                                          end=date(2025, 3, 14))]
    states, problems = issued_notices(notices, date(2025, 3, 5), 5, NONE)
    # "draft" (拟定名单, dated 10 Mar) is not issued on 5 Mar: it is nowhere in the outcome; "later" is issued
    # (dated 4 Mar) though its window opens on the 10th
    assert [(s.slug, s.window, s.status) for s in states] == [
        ("old", None, None),
        ("now", (date(2025, 3, 3), date(2025, 3, 7)), "in_window"),
        ("later", (date(2025, 3, 10), date(2025, 3, 14)), "window_future"),
    ]
    assert problems == []
    # on its own date a notice is issued
    states, _ = issued_notices(notices, date(2025, 3, 10), 5, NONE)
    assert "draft" in [s.slug for s in states]


def test_a_window_into_an_unknown_year_is_reported_with_the_file() -> None:
    # 公示 on Mon 28 Dec 2026 for 5 working days: 28, 29, 30, 31 Dec (4), then 2027, which no calendar knows
    states, problems = issued_notices([notice("nianzhong", date(2026, 12, 28)), notice("ok", date(2026, 3, 2))],
                                      date(2026, 12, 29), 5, NONE)
    assert [s.slug for s in states] == ["ok"]
    assert [p.text(ZH) for p in problems] == [
        "notices/nianzhong.md: 公示期到了 2027 年，但没有这一年的节假日安排："
        "请添加 calendar/2027.toml（holidays = [...]、workdays = [...]）",
    ]
    # with calendar/2027.toml (1 Jan off): 31 Dec (4), Fri 1 Jan off, the weekend off, Mon 4 Jan (5)
    known = Calendar(holidays=frozenset({date(2027, 1, 1)}), years=frozenset({2027}))
    states, problems = issued_notices([notice("nianzhong", date(2026, 12, 28))], date(2026, 12, 29), 5, known)
    assert problems == [] and states[0].window == (date(2026, 12, 28), date(2027, 1, 4))
    # a window that stays in 2026 needs no 2027 calendar: Thu 24 Dec + 5 → 24, 25, 28, 29, 30 Dec
    states, problems = issued_notices([notice("early", date(2026, 12, 24))], date(2026, 12, 29), 5, NONE)
    assert problems == [] and states[0].window == (date(2026, 12, 24), date(2026, 12, 30))


def periods(*ids: str) -> list[Period]:
    return [Period.parse(text) for text in ids]


def test_board_windows() -> None:
    notices = [
        notice("q1-first", date(2025, 4, 7), period="2025-Q1"),  # Mon: 7–11 Apr
        notice("q1-again", date(2025, 4, 14), period="2025-Q1"),  # a re-issue, Mon: 14–18 Apr
        notice("q1-report", date(2025, 4, 20), "通报", period="2025-Q1"),  # not a 公示: never a window
        notice("q2-a", date(2025, 7, 7), period="2025-Q2"),  # both in the future on 15 Apr
        notice("q2-b", date(2025, 8, 4), period="2025-Q2"),
    ]
    windows, problems = board_windows(periods("2025-Q1", "2025-Q2", "2025-02", "2025-03"), notices, date(2025, 4, 15), 5, NONE)
    assert problems == []
    # 2025-Q1: the latest 公示 issued by 15 Apr is q1-again
    assert windows["2025-Q1"] == (date(2025, 4, 14), date(2025, 4, 18))
    # 2025-Q2: nothing issued yet: the next one announced, q2-a (7–11 Jul)
    assert windows["2025-Q2"] == (date(2025, 7, 7), date(2025, 7, 11))
    # 2025-03: no 公示 at all, the latest month: 5 working days from the reference date, Tue 15 Apr → Mon 21 Apr
    assert windows["2025-03"] == (date(2025, 4, 15), date(2025, 4, 21))
    # 2025-02: no 公示 either, and not the latest month: no window (printed again, it is not open for objections)
    assert "2025-02" not in windows


def test_board_window_into_an_unknown_year() -> None:
    # no 公示 about the period and the reference date's window runs into 2027: the problem names site.toml,
    # where publication_days is set
    windows, problems = board_windows(periods("2026"), [], date(2026, 12, 28), 5, NONE)
    assert windows == {}
    assert [p.text(ZH) for p in problems] == [
        "site.toml: 公示期到了 2027 年，但没有这一年的节假日安排：请添加 calendar/2027.toml（holidays = [...]、"
        "workdays = [...]）",
    ]
    # from a 公示 about the period: its file
    _, problems = board_windows(periods("2026"), [notice("n", date(2026, 12, 28), period="2026")], date(2026, 12, 29), 5, NONE)
    assert [p.file for p in problems] == ["notices/n.md"]
