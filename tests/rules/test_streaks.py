"""generator.rules.streaks: units in the worst tier of the main board in the latest three periods of one length
running (SPEC 3.3: "worst three periods running" refers to the last level, whatever its colour)."""

from __future__ import annotations

from collections.abc import Mapping

from generator.model.config import TierLevel, Tiers
from generator.outcome import PeriodOutcome
from generator.periods import Period
from generator.rules.streaks import worst_streaks
from tests.rules.builders import rank_tiers, rules, score_board, unit

UNITS = [unit("a", order=1), unit("b", order=2), unit("c", order=3)]


def outcome(boards: Mapping[str, Mapping[str, str]], tiers: Tiers | None = None) -> tuple[PeriodOutcome, ...]:
    """period id -> unit scores; each a main board with top 1 / bottom 1 (unless `tiers`)."""
    the_rules = rules(within="", tiers=tiers or rank_tiers(1, 1))
    periods = [PeriodOutcome(Period.parse(p), (score_board(scores, UNITS, the_rules, period=p),))
               for p, scores in boards.items()]
    return tuple(sorted(periods, key=lambda p: p.period))


def test_three_months_at_the_bottom() -> None:
    # c is last (red) in Jan, Feb and Mar; b is last in Jan and Feb only
    periods = outcome({"2025-01": {"a": "90", "b": "70", "c": "60"}, "2025-02": {"a": "90", "b": "60", "c": "50"},
                       "2025-03": {"a": "90", "b": "80", "c": "50"}})
    months = tuple(Period.parse(p) for p in ("2025-01", "2025-02", "2025-03"))
    assert worst_streaks(periods) == {"c": months}


def test_the_window_is_the_latest_three_of_one_length_across_a_year_end() -> None:
    # 2024-Q4, 2025-Q1, 2025-Q2: b last in all three; an older streak (2024-Q1–Q3, c) no longer counts
    periods = outcome({"2024-Q1": {"a": "9", "b": "8", "c": "1"}, "2024-Q2": {"a": "9", "b": "8", "c": "1"},
                       "2024-Q3": {"a": "9", "b": "8", "c": "1"}, "2024-Q4": {"a": "9", "b": "1", "c": "8"},
                       "2025-Q1": {"a": "9", "b": "1", "c": "8"}, "2025-Q2": {"a": "9", "b": "1", "c": "8"}})
    assert worst_streaks(periods) == {"b": tuple(Period.parse(p) for p in ("2024-Q4", "2025-Q1", "2025-Q2"))}


def test_a_missing_period_or_an_absent_unit_breaks_the_run() -> None:
    # no February board: no window of three months
    assert worst_streaks(outcome({"2025-01": {"a": "9", "c": "1"}, "2025-03": {"a": "9", "c": "1"},
                                  "2025-04": {"a": "9", "c": "1"}})) == {}
    # c absent from (未参评 in) February: not in the worst tier there
    assert worst_streaks(outcome({"2025-01": {"a": "9", "b": "5", "c": "1"}, "2025-02": {"a": "9", "b": "5"},
                                  "2025-03": {"a": "9", "b": "5", "c": "1"}})) == {}
    # only two months so far
    assert worst_streaks(outcome({"2025-01": {"a": "9", "c": "1"}, "2025-02": {"a": "9", "c": "1"}})) == {}


def test_the_worst_level_is_the_last_listed_whatever_its_colour() -> None:
    # 红榜/黑榜: the last level ("black", bottom 1) is the worst
    tiers = Tiers(basis="rank", levels=(TierLevel(id="red", label="红榜", top=1), TierLevel(id="rest", label="其余"),
                                        TierLevel(id="black", label="黑榜", bottom=1)))
    periods = outcome({f"2025-0{m}": {"a": "9", "b": "5", "c": "1"} for m in (1, 2, 3)}, tiers)
    assert list(worst_streaks(periods)) == ["c"]
    # two tied last (competition rank 2 of 3 > 3 − 1 = 2? no): nobody in the worst tier, no streak
    periods = outcome({f"2025-0{m}": {"a": "9", "b": "1", "c": "1"} for m in (1, 2, 3)}, tiers)
    assert worst_streaks(periods) == {}


def test_streaks_of_several_lengths() -> None:
    # months and years: c at the bottom of three months (Oct–Dec 2025) and of three years (2023–2025); the
    # months come first
    boards = {p: {"a": "9", "b": "5", "c": "1"} for p in ("2025-10", "2025-11", "2025-12", "2023", "2024", "2025")}
    streaks = worst_streaks(outcome(boards))
    assert streaks == {"c": tuple(Period.parse(p) for p in ("2025-10", "2025-11", "2025-12"))}
