"""Assessment periods (generator/periods.py): parsing file names, order, previous period, dates, labels."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.i18n import Translator
from generator.periods import Period, PeriodError

ZH = Translator("zh-CN")


@pytest.mark.parametrize(("text", "kind", "index"), [("2025", "year", 1), ("2025-H2", "half", 2), ("2025-Q3", "quarter", 3),
                                                     ("2025-03", "month", 3), ("2025-12", "month", 12)])
def test_parse(text: str, kind: str, index: int) -> None:
    period = Period.parse(text)
    assert (period.year, period.kind, period.index, period.id, str(period)) == (2025, kind, index, text, text)


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025-3", "2025-Q5", "2025-H3", "2025-q1", "25", "1899", "3000",
                                  " 2025", "2025年", "2025\n", "2025-Q1\n"])
def test_not_periods(text: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_previous_period_of_the_same_length() -> None:
    texts = ("2025", "2025-01", "2025-03", "2025-Q1", "2025-Q3", "2025-H1", "2025-H2")
    assert [Period.parse(t).previous().id for t in texts] == [
        "2024", "2024-12", "2025-02", "2024-Q4", "2025-Q2", "2024-H2", "2025-H1"]


def test_start_and_end_dates() -> None:
    assert (Period.parse("2024-02").start, Period.parse("2024-02").end) == (date(2024, 2, 1), date(2024, 2, 29))  # leap year
    assert Period.parse("2025-02").end == date(2025, 2, 28)
    assert (Period.parse("2025-Q2").start, Period.parse("2025-Q2").end) == (date(2025, 4, 1), date(2025, 6, 30))
    assert (Period.parse("2025-H2").start, Period.parse("2025-H2").end) == (date(2025, 7, 1), date(2025, 12, 31))
    assert (Period.parse("2025").start, Period.parse("2025").end) == (date(2025, 1, 1), date(2025, 12, 31))


def test_order_by_end_then_shorter_first() -> None:
    # 2025-03, 2025-Q1 end together (March 31): the month first. 2025-06, Q2 and H1 end on June 30.
    texts = ["2025", "2025-H1", "2025-Q2", "2025-06", "2025-Q1", "2025-03", "2024"]
    assert [p.id for p in sorted(Period.parse(t) for t in texts)] == [
        "2024", "2025-03", "2025-Q1", "2025-06", "2025-Q2", "2025-H1", "2025"]


def test_labels() -> None:
    labels = [Period.parse(t).label_message().text(ZH) for t in ("2025", "2025-H1", "2025-H2", "2025-Q4", "2025-03")]
    assert labels == ["2025年度", "2025年上半年", "2025年下半年", "2025年第四季度", "2025年3月"]
    assert [Period.parse(f"2025-Q{n}").label_message().text(ZH) for n in (1, 2, 3)] == [
        "2025年第一季度", "2025年第二季度", "2025年第三季度"]
    months = [Period.make(2025, "month", m).label_message().text(ZH) for m in range(1, 13)]
    assert months == [f"2025年{m}月" for m in range(1, 13)]


PERIODS = st.builds(lambda year, kind, index: Period.make(year, kind, index % {"year": 1, "half": 2, "quarter": 4,
                                                                                  "month": 12}[kind] + 1),
                    st.integers(1901, 2999), st.sampled_from(["year", "half", "quarter", "month"]), st.integers(0, 11))


@settings(max_examples=200, deadline=None)
@given(PERIODS)
def test_every_period_round_trips_and_its_previous_ends_the_day_before_it_starts(period: Period) -> None:
    assert Period.parse(period.id) == period
    previous = period.previous()
    assert (previous.kind, previous < period) == (period.kind, True)
    assert date.fromordinal(previous.end.toordinal() + 1) == period.start
