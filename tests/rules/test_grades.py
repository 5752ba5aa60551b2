"""generator.rules.grades: grades from score bands, quotas per ranking group (exact shares), demotion of the
lowest-scored excess, registered and campaign grades checked, never changed (SPEC 3.5)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.i18n import Translator
from generator.model.config import GradeBand, Grades, Quota, RuleSet
from generator.model.types import GradeSheet
from generator.outcome import YearGrades
from generator.rules.grades import (
    band_grade,
    campaign_grades,
    check_registered,
    derive_grades,
    excess_by_score,
    quota_limit,
    year_grades,
)
from generator.rules.numbers import share_count
from tests.rules.builders import rules, score_board, unit

D = Decimal
ZH = Translator("zh-CN")
BANDS = (GradeBand(grade="优秀", min=D(90)), GradeBand(grade="良好", min=D(80)), GradeBand(grade="一般", min=D(60)),
         GradeBand(grade="较差"))


def grades_config(max_share: str = "0.30", rounding: str = "floor", over_quota: str = "demote") -> Grades:
    return Grades(bands=BANDS, quota=Quota(grade="优秀", max_share=D(max_share), rounding=rounding,  # type: ignore[arg-type]
                                           over_quota=over_quota))  # type: ignore[arg-type]


def grade_of(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["unit_id"], frame["grade"], strict=True))


def record(frame: pd.DataFrame, unit_id: str) -> dict[str, object]:
    return frame.set_index("unit_id").loc[unit_id].to_dict()


def grade_sheet(year: int, grades: Mapping[str, str], campaign: str | None = None,
                persons: Mapping[str, str] | None = None) -> GradeSheet:
    """A grades file; with `persons` (row key -> person) a person file whose keys are `unit:n`."""
    keys = list(grades)
    entries = pd.DataFrame({
        "unit_id": pd.Series([k.split(":")[0] for k in keys], dtype=object),
        "person": pd.Series([(persons or {}).get(k, "") for k in keys], dtype=object),
        "post": pd.Series(["" for _ in keys], dtype=object),
        "grade": pd.Series([grades[k] for k in keys], dtype=object),
        "row": pd.Series(range(2, len(keys) + 2), dtype="int64"),
    })
    name = f"{year}--{campaign}" if campaign else f"{year}"
    return GradeSheet(year, campaign, f"grades/{name}.csv", entries)


def with_grades(grades: Grades) -> RuleSet:
    return rules(within="").model_copy(update={"grades": grades})


# ----------------------------------------------------------------------------------------- bands


def test_bands() -> None:
    scores = {"a": D(95), "b": D("90.00"), "c": D("89.99"), "d": D(80), "e": D(60), "f": D("59.99"), "g": D(-3)}
    frame, checks = derive_grades(scores, {u: None for u in scores}, Grades(bands=BANDS))
    # min is inclusive: 90 → 优秀, 89.99 → 良好, 80 → 良好, 60 → 一般, 59.99 and −3 → 较差 (the band without min)
    assert grade_of(frame) == {"a": "优秀", "b": "优秀", "c": "良好", "d": "良好", "e": "一般", "f": "较差", "g": "较差"}
    assert record(frame, "c")["band_min"] == 80 and record(frame, "f")["band_min"] is None
    assert record(frame, "c")["source"] == "bands" and record(frame, "c")["band_grade"] == "良好"
    assert checks == []  # no quota
    assert band_grade(D("90"), Grades(bands=BANDS)) == ("优秀", D(90))


def test_quota_limit() -> None:
    # group of 7 with 30%: 2.1 → floor 2, round 2, ceil 3; 28% of 25 is 7 with every rounding
    assert [quota_limit(Quota(grade="优秀", max_share=D("0.30"), rounding=r), 7) for r in ("floor", "round", "ceil")] \
        == [2, 2, 3]
    assert {quota_limit(Quota(grade="优秀", max_share=D("0.28"), rounding=r), 25) for r in ("floor", "round", "ceil")} \
        == {7}
    # 50% of 5 = 2.5: round → 3 (half away from zero)
    assert quota_limit(Quota(grade="优秀", max_share=D("0.5"), rounding="round"), 5) == 3


def test_excess_by_score() -> None:
    scores = {"a": D(95), "b": D(93), "c": D(91), "d": D(91)}
    # holders best first; limit 3 → the cut is at d's 91 → c and d (tied at the cut-off) both drop
    assert excess_by_score(["a", "b", "c", "d"], scores, 3) == ["c", "d"]
    assert excess_by_score(["a", "b", "c", "d"], scores, 4) == []
    # limit 0 → everyone drops; limit 1 with a tie at the top (95, 95) → both drop
    assert excess_by_score(["a", "b", "c", "d"], scores, 0) == ["a", "b", "c", "d"]
    assert excess_by_score(["a", "b"], {"a": D(95), "b": D(95)}, 1) == ["a", "b"]


def test_demote_drops_every_unit_tied_at_the_cut_off() -> None:
    # 10 units, 30% floor → limit 3; four 优秀: 95, 93, 91, 91 → the fourth (91) is excess, and the other 91
    # is tied with it at the cut-off: both drop to 良好, leaving 2 优秀
    scores = {"a": D(95), "b": D(93), "c": D(91), "d": D(91), "e": D(85), "f": D(80), "g": D(75), "h": D(70),
              "i": D(65), "j": D(50)}
    frame, checks = derive_grades(scores, {u: None for u in scores}, grades_config())
    assert {u: grade_of(frame)[u] for u in "abcd"} == {"a": "优秀", "b": "优秀", "c": "良好", "d": "良好"}
    assert record(frame, "c")["demoted"] and record(frame, "c")["band_grade"] == "优秀"
    assert not record(frame, "b")["demoted"] and not record(frame, "e")["demoted"]
    [check] = checks
    assert (check.group, check.size, check.limit, check.count_before, check.count, set(check.demoted)) == \
        (None, 10, 3, 4, 2, {"c", "d"})
    assert not check.exceeded


def test_demote_without_a_tie_drops_only_the_excess() -> None:
    # 95, 93, 91, 90 with limit 3 → only 90 drops, to the next grade of the scale (良好)
    scores = {"a": D(95), "b": D(93), "c": D(91), "d": D(90), **{f"x{n}": D(70) for n in range(6)}}
    frame, checks = derive_grades(scores, {u: None for u in scores}, grades_config())
    assert [u for u in "abcd" if grade_of(frame)[u] == "优秀"] == ["a", "b", "c"]
    assert grade_of(frame)["d"] == "良好"
    assert checks[0].count == 3 and checks[0].demoted == ("d",)


def test_over_quota_error_changes_nothing_and_reports() -> None:
    scores = {"a": D(95), "b": D(93), "c": D(91), "d": D(91), **{f"x{n}": D(70) for n in range(6)}}
    frame, checks = derive_grades(scores, {u: None for u in scores}, grades_config(over_quota="error"))
    assert list(frame["grade"]).count("优秀") == 4
    [check] = checks
    assert (check.count, check.limit, check.demoted, check.exceeded) == (4, 3, (), True)


def test_quota_per_ranking_group() -> None:
    # dept: 7 units, 30% floor → 2; town: 4 units → floor(1.2) = 1
    dept = {"d1": D(99), "d2": D(98), "d3": D(97), "d4": D(60), "d5": D(60), "d6": D(60), "d7": D(60)}
    town = {"t1": D(92), "t2": D(91), "t3": D(70), "t4": D(70)}
    scores = {**dept, **town}
    groups = {u: ("dept" if u.startswith("d") else "town") for u in scores}
    frame, checks = derive_grades(scores, groups, grades_config())
    # dept: 3 优秀 over a limit of 2 → d3 (97) drops; town: 2 over 1 → t2 (91) drops
    assert sorted(u for u, g in grade_of(frame).items() if g == "优秀") == ["d1", "d2", "t1"]
    assert [(c.group, c.size, c.limit, c.count_before, c.count, c.demoted) for c in checks] == [
        ("dept", 7, 2, 3, 2, ("d3",)), ("town", 4, 1, 2, 1, ("t2",)),
    ]


def test_registered_grades_are_only_checked() -> None:
    registered = {"a": "优秀", "b": "优秀", "c": "优秀", "d": "优秀", "e": "良好", "f": "良好", "g": "一般"}
    grades = grades_config(over_quota="demote")  # even with demote: registered grades are never changed
    [check] = check_registered(registered, {u: "dept" for u in registered}, grades)
    # 7 units, 30% floor → limit 2; 4 registered → exceeded, nothing demoted
    assert (check.group, check.size, check.limit, check.count, check.demoted, check.exceeded) == \
        ("dept", 7, 2, 4, (), True)
    # within the limit: 2 of 7
    [ok] = check_registered({**registered, "c": "良好", "d": "良好"}, {u: "dept" for u in registered}, grades)
    assert (ok.count, ok.exceeded) == (2, False)
    # no quota, no checks
    assert check_registered(registered, {u: None for u in registered}, Grades()) == []


# ------------------------------------------------------------------------------- year_grades


def test_year_grades_from_bands_on_the_main_board_with_the_derived_quota_message() -> None:
    # scores 95, 93, 91, 91, 85, 80, 75, 70, 65, 50 → 4 优秀 by bands, limit floor(30% × 10) = 3
    units = [unit(u, order=n) for n, u in enumerate("abcdefghij")]
    scores = dict(zip("abcdefghij", ["95", "93", "91", "91", "85", "80", "75", "70", "65", "50"], strict=True))
    main = score_board(scores, units, rules(within=""))
    grades, problems = year_grades(2025, with_grades(grades_config(over_quota="error")), None, main,
                                   {u.id: None for u in units}, ())
    assert grades.source == "bands" and grades.year == 2025
    assert list(grades.outcomes["grade"]).count("优秀") == 4
    [problem] = problems
    assert problem.code == "rules.quota_derived"
    assert problem.text(ZH) == (
        "results/2025.csv: 按分档得出的“优秀”等次超出比例：全部单位共 10 个，得出 4 个，上限 3 个（30%，floor）；"
        "可在 site.toml 的 grades.quota 中设 over_quota = \"demote\" 按分数降档，或在 grades/2025.csv 中登记等次")
    # with demote: c and d (91, tied at the cut-off) drop, no problem
    demoted, problems = year_grades(2025, with_grades(grades_config()), None, main, {u.id: None for u in units}, ())
    assert problems == [] and demoted.grade_of("c") == "良好" and demoted.grade_of("a") == "优秀"
    assert demoted.checks[0].demoted == ("c", "d")


def test_year_grades_use_the_published_score() -> None:
    # 89.995 is published as 90.00: the band 优秀 (min 90) is decided on the published score
    main = score_board({"a": "89.995", "b": "89.994"}, [unit("a"), unit("b")], rules(within=""))
    grades, _ = year_grades(2025, with_grades(Grades(bands=BANDS)), None, main, {"a": None, "b": None}, ())
    assert (grades.grade_of("a"), grades.grade_of("b")) == ("优秀", "良好")


def test_registered_grades_win_over_bands_and_the_registered_quota_message() -> None:
    main = score_board({"a": "50", "b": "50"}, [unit("a"), unit("b")], rules(within=""))
    sheet = grade_sheet(2025, {"a": "优秀", "b": "优秀", "c": "优秀", "d": "优秀", "e": "良好", "f": "良好", "g": "一般"})
    groups = {u: ("部门" if u != "g" else "乡镇") for u in "abcdefg"}
    grades, problems = year_grades(2025, with_grades(grades_config()), sheet, main, groups, ())
    # the board's scores (50) would give 较差; the registered grades stand, unchanged even with demote
    assert grades.source == "registered" and grades.grade_of("a") == "优秀"
    assert grades.registered_source == "grades/2025.csv"
    assert record(grades.outcomes, "a")["source"] == "registered"
    # 部门: 6 units, floor(1.8) = 1 allowed, 4 registered; 乡镇: 1 unit, limit 0, no 优秀 → fine
    [problem] = problems
    assert problem.text(ZH) == "grades/2025.csv: “优秀”等次超出比例：部门共 6 个，登记 4 个，上限 1 个（30%，floor）"
    assert [(c.group, c.size, c.limit, c.count) for c in grades.checks] == [("部门", 6, 1, 4), ("乡镇", 1, 0, 0)]


def test_no_grades_without_a_file_or_bands() -> None:
    main = score_board({"a": "95"}, [unit("a")], rules(within=""))
    grades, problems = year_grades(2025, with_grades(Grades()), None, main, {"a": None}, ())
    assert grades.source is None and grades.outcomes.empty and problems == []
    assert grades.grade_of("a") is None
    nothing, _ = year_grades(2025, with_grades(Grades(bands=BANDS)), None, None, {}, ())
    assert isinstance(nothing, YearGrades) and nothing.source is None


def test_campaign_grades_are_counted_and_checked_per_file() -> None:
    # 疫情防控一线鉴定: 5 persons, 2 优秀; 30% of 5 = 1.5 → floor 1 → exceeded
    sheet = grade_sheet(2025, {"a:1": "优秀", "a:2": "优秀", "b:1": "良好", "b:2": "一般", "b:3": "良好"}, campaign="yiqing",
                        persons={"a:1": "张三", "a:2": "李四", "b:1": "王五", "b:2": "赵六", "b:3": "孙七"})
    campaign, problems = campaign_grades(sheet, with_grades(grades_config()))
    assert campaign.counts == (("优秀", 2), ("良好", 2), ("一般", 1), ("较差", 0))
    assert campaign.persons[0] == ("a", "张三", "", "优秀") and len(campaign.persons) == 5
    assert campaign.check is not None and (campaign.check.size, campaign.check.limit, campaign.check.count) == (5, 1, 2)
    [problem] = problems
    assert problem.text(ZH) == "grades/2025--yiqing.csv: “优秀”等次超出比例：本文件共 5 人，登记 2 人，上限 1 人（30%，floor）"
    # a campaign never becomes the year's grade: year_grades only carries it along
    grades, _ = year_grades(2025, with_grades(grades_config()), None, None, {}, (campaign,))
    assert grades.campaigns == (campaign,) and grades.source is None
    # with a 40% ceil quota: ceil(2) = 2 → not exceeded, no problem
    _, problems = campaign_grades(sheet, with_grades(grades_config("0.4", "ceil")))
    assert problems == []


def test_quota_share_is_printed_as_written() -> None:
    # 0.125 → "12.5%"; 5 units, round(0.625) = 1, 2 registered
    sheet = grade_sheet(2024, {u: "优秀" if u in "ab" else "良好" for u in "abcde"})
    _, problems = year_grades(2024, with_grades(grades_config("0.125", "round")), sheet, None, {u: None for u in "abcde"},
                              ())
    assert [p.text(ZH) for p in problems] == \
        ["grades/2024.csv: “优秀”等次超出比例：全部单位共 5 个，登记 2 个，上限 1 个（12.5%，round）"]


# ----------------------------------------------------------------------------------- properties

high_scores = st.one_of(st.integers(170, 200).map(lambda n: D(n) / 2),
                        st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(high_scores, st.sampled_from(["dept", "town", "street"])), min_size=1, max_size=30),
       st.integers(0, 100), st.sampled_from(["floor", "round", "ceil"]))
def test_quota_is_never_exceeded_after_demotion(rows: list[tuple[Decimal, str]], percent: int, rounding: str) -> None:
    scores = {f"u{n}": score for n, (score, _) in enumerate(rows)}
    groups = {f"u{n}": group for n, (_, group) in enumerate(rows)}
    frame, checks = derive_grades(scores, groups, grades_config(str(D(percent) / 100), rounding))
    outcome = frame.set_index("unit_id")
    assert {check.group for check in checks} == set(groups.values())
    for check in checks:
        members = [u for u in scores if groups[u] == check.group]
        holders = [u for u in members if outcome.at[u, "grade"] == "优秀"]
        banded = [u for u in members if scores[u] >= 90]
        assert check.size == len(members)
        assert check.limit == share_count(D(percent) / 100, len(members), rounding)
        assert len(holders) == check.count <= check.limit and not check.exceeded
        assert check.count_before == len(banded)
        # the demoted are exactly the band's 优秀 that are not kept, each one grade down, to 良好
        assert set(check.demoted) == set(banded) - set(holders)
        for u in check.demoted:
            assert outcome.at[u, "demoted"] and outcome.at[u, "band_grade"] == "优秀" and outcome.at[u, "grade"] == "良好"
        if check.demoted:
            # every kept unit scores strictly above every demoted one (ties at the cut-off all drop), and no
            # more are dropped than needed: the kept are those above the (limit + 1)-th best score
            assert all(scores[k] > scores[d] for k in holders for d in check.demoted)
            cut = sorted((scores[u] for u in banded), reverse=True)[check.limit]
            assert set(holders) == {u for u in banded if scores[u] > cut}
        else:
            assert len(banded) <= check.limit
    # units outside the quota grade are never touched
    for u in scores:
        if scores[u] < 90:
            assert not outcome.at[u, "demoted"] and outcome.at[u, "grade"] == outcome.at[u, "band_grade"]
