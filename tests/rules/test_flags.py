"""generator.rules.flags: multi-year consequences over unit grades (SPEC 3.6)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.config import Flag
from generator.rules.flags import compute_flags, evaluate_flag

PRIORITY = Flag(id="priority", label="连续三年考核优秀，晋职时优先考虑", rule="consecutive", grades=("优秀",), years=3)
NO_PROMOTION = Flag(id="no-promotion", label="近三年有基本称职及以下，不得提拔", rule="any_in_last",
                    grades=("基本称职", "不称职"), years=3)
ADJUST = Flag(id="adjust", label="单位连续三年一般及以下，组织调整", rule="consecutive", grades=("一般", "较差"), years=3)


def test_consecutive() -> None:
    met = evaluate_flag(PRIORITY, 2025, {2023: "优秀", 2024: "优秀", 2025: "优秀"})
    assert (met.flag_id, met.met, met.years, met.missing_years) == ("priority", True, (2023, 2024, 2025), ())
    # a year without a grade breaks the run, and is reported
    broken = evaluate_flag(PRIORITY, 2025, {2023: "优秀", 2025: "优秀"})
    assert (broken.met, broken.missing_years) == (False, (2024,))
    broken = evaluate_flag(PRIORITY, 2025, {2023: "优秀", 2024: None, 2025: "优秀"})
    assert (broken.met, broken.missing_years) == (False, (2024,))
    # a lower grade breaks it
    assert not evaluate_flag(PRIORITY, 2025, {2023: "优秀", 2024: "良好", 2025: "优秀"}).met
    # only the window counts: 2022–2024 met, then 2025's 良好 breaks it
    history = {2022: "优秀", 2023: "优秀", 2024: "优秀", 2025: "良好"}
    assert evaluate_flag(PRIORITY, 2024, history).met
    assert not evaluate_flag(PRIORITY, 2025, history).met
    # several grades may count: 一般 then 较差 then 一般 → 连续三年一般及以下
    assert evaluate_flag(ADJUST, 2025, {2023: "一般", 2024: "较差", 2025: "一般"}).met


def test_any_in_last() -> None:
    hit = evaluate_flag(NO_PROMOTION, 2025, {2023: "不称职", 2025: "称职"})
    # 2024 has no grade: skipped (reported as missing); 2023 is in the window → met
    assert (hit.met, hit.years, hit.missing_years) == (True, (2023, 2024, 2025), (2024,))
    # 2022 is outside a 3-year window ending 2025
    assert not evaluate_flag(NO_PROMOTION, 2025, {2022: "不称职", 2023: "称职", 2024: "称职", 2025: "优秀"}).met
    # nothing at all in the window → not met, every year missing
    none = evaluate_flag(NO_PROMOTION, 2025, {})
    assert (none.met, none.missing_years) == (False, (2023, 2024, 2025))


def test_a_one_year_window() -> None:
    flag = Flag(id="now", label="本年优秀", rule="consecutive", grades=("优秀",), years=1)
    assert evaluate_flag(flag, 2025, {2025: "优秀"}).years == (2025,)
    assert not evaluate_flag(flag, 2025, {2024: "优秀", 2025: "良好"}).met


def test_compute_flags_for_every_graded_unit_and_year() -> None:
    history = {"a": {2023: "优秀", 2024: "优秀", 2025: "优秀"}, "b": {2024: "不称职", 2025: "优秀"}, "c": {}}
    frame = compute_flags((PRIORITY, NO_PROMOTION), history, [2024, 2025])
    # one row per (graded unit, year, flag): a 2024, a 2025, b 2024, b 2025 → 4 × 2 flags; c has no grade
    assert len(frame) == 8 and set(frame["unit_id"]) == {"a", "b"}
    met = {(u, y, f) for u, y, f, m in zip(frame["unit_id"], frame["year"], frame["flag_id"], frame["met"], strict=True)
           if m}
    # a: 2023–2025 all 优秀 → priority in 2025; 2024's window 2022–2024 lacks 2022 → not met
    # b: 不称职 in 2024 → no-promotion in 2024 and 2025 (window 2023–2025 holds 2024)
    assert met == {("a", 2025, "priority"), ("b", 2024, "no-promotion"), ("b", 2025, "no-promotion")}
    row = frame[(frame["unit_id"] == "a") & (frame["year"] == 2024) & (frame["flag_id"] == "priority")].iloc[0]
    assert row["window"] == (2022, 2023, 2024) and row["missing"] == (2022,)
    assert str(frame["year"].dtype) == "int64" and frame["met"].dtype == bool
    # no flags configured, or no years: an empty frame with the columns
    empty = compute_flags((), history, [2025])
    assert empty.empty and list(empty.columns) == ["unit_id", "year", "flag_id", "met", "window", "missing"]


grades = st.sampled_from([None, "优秀", "良好", "一般", "基本称职", "不称职"])


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.integers(2015, 2025), grades), st.integers(1, 6), st.integers(2018, 2025))
def test_consecutive_implies_any_in_last(history: dict[int, str | None], years: int, year: int) -> None:
    chosen = ("优秀", "良好")
    consecutive = evaluate_flag(Flag(id="c", label="c", rule="consecutive", grades=chosen, years=years), year, history)
    any_in = evaluate_flag(Flag(id="a", label="a", rule="any_in_last", grades=chosen, years=years), year, history)
    window = range(year - years + 1, year + 1)
    assert consecutive.met == all(history.get(y) in chosen for y in window)
    assert any_in.met == any(history.get(y) in chosen for y in window)
    assert not consecutive.met or any_in.met
    assert consecutive.missing_years == any_in.missing_years == tuple(y for y in window if history.get(y) is None)
