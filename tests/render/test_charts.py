"""generator/render/charts.py: the inline SVG score chart of a unit page."""

from __future__ import annotations

from bs4 import BeautifulSoup

from generator.render.charts import Point, Series, line_chart, rank_scale


def svg(series: list[Series], span: float = 365, ticks: list[tuple[float, str]] | None = None) -> BeautifulSoup:
    return BeautifulSoup(line_chart(series, ticks or [(0, "2025")], span, "得分走势"), "html.parser")


def point(x: float, value: float, text: str = "t", shape: str = "●") -> Point:
    return Point(f"p{x}", x, value, text, shape, "#1a7f37")


def test_no_points_no_chart() -> None:
    assert line_chart([], [(0, "2025")], 365, "得分走势") == ""
    assert line_chart([Series("月度", (), "none")], [(0, "2025")], 365, "得分走势") == ""


def test_points_sit_at_their_time_and_score() -> None:
    # width 720, left 48, right 40: x = 48 + days / span × 632; height 260, top 16, bottom 44: the y axis runs
    # from max(values, 100) at y = 16 down to min(values, 60) at y = 216.
    chart = svg([Series("年度", (point(0, 100), point(182.5, 80), point(365, 60)), "12 4 2 4")])
    # Whole pixels: a unit page has dozens of marks, and a pixel is finer than the eye reads a score.
    marks = chart.select("g.mark text")
    assert [(float(m["x"]), float(m["y"])) for m in marks] == [(48.0, 16 + 5.0), (364.0, 116 + 5.0), (680.0, 216 + 5.0)]
    assert chart.select_one("polyline")["points"] == "48,16 364,116 680,216"
    assert chart.select_one("polyline")["stroke-dasharray"] == "12 4 2 4"


def test_the_scale_widens_for_scores_outside_60_to_100() -> None:
    chart = svg([Series("月度", (point(0, 40), point(365, 110)), "none")])
    labels = [t.get_text() for t in chart.select('g.axis[text-anchor="end"] text')]
    assert labels == ["40", "50", "60", "70", "80", "90", "100", "110"]
    # The same labels on the right: a phone shows the chart's right (recent) end first.
    assert [t.get_text() for t in chart.select('g.axis[text-anchor="start"] text')] == labels


def test_a_single_point_has_no_line_and_every_mark_its_tooltip() -> None:
    chart = svg([Series("季度", (point(100, 85.5, "2025年第二季度：85.50（第 3 名 / 共 52 个）", "▲"),), "6 3")])
    assert chart.select("polyline") == []
    mark = chart.select_one("g.mark text")
    assert mark.contents[0] == "▲" and mark["fill"] == "#1a7f37"
    assert mark.select_one("title").get_text() == "2025年第二季度：85.50（第 3 名 / 共 52 个）"


def test_series_are_told_apart_without_colour_and_text_is_escaped() -> None:
    chart = BeautifulSoup(line_chart([Series("月度<", (point(0, 80), point(30, 82)), "none"),
                                      Series("年度", (point(0, 90), point(365, 91)), "12 4 2 4")],
                                     [(0, "2025"), (365, "2026")], 730, "<script>"), "html.parser")
    root = chart.select_one("svg")
    assert root["role"] == "img" and root["aria-label"] == "<script>" and chart.find("script") is None
    legend = [line["stroke-dasharray"] for line in chart.select("line.line")]
    assert legend == ["none", "12 4 2 4"]
    assert "月度<" in [t.get_text() for t in chart.select("text.axis")]
    assert [t.get_text() for t in chart.select("g.year text")] == ["2025", "2026"]


def test_ranks_run_from_first_at_the_top_with_round_gridlines() -> None:
    # 52 units: a gridline step of 20 gives at most 5 bands (52 / 20 = 2.6); 1 and 52 are labelled too.
    scale = rank_scale(52)
    assert (scale.low, scale.high, scale.ticks, scale.inverted) == (1, 52, (1, 20, 40, 52), True)
    assert rank_scale(8).ticks == (1, 2, 4, 6, 8)  # 8 / 2 = 4 ≤ 5
    assert rank_scale(3).ticks == (1, 2, 3)
    # Height 200, top 16, bottom 44: rank 1 at y = 16, rank 52 at y = 156, rank 20 at 16 + 19/51 × 140 = 68.2.
    chart = BeautifulSoup(line_chart([Series("月度", (point(0, 1), point(30, 20), point(60, 52)), "none")], [(0, "2025")],
                                     365, "名次走势", height=200, scale=scale, tooltips=False), "html.parser")
    assert [float(m["y"]) - 5 for m in chart.select("g.mark text")] == [16, 68, 156]
    assert chart.select("g.mark title") == []  # the score chart carries the tooltips


def test_periods_are_labelled_under_the_axis_unless_they_crowd() -> None:
    # span 365 over 632 px: 30 days are 51.9 px (kept), 15 days 25.97 px and 7 days 12.1 px (under the 26 px gap:
    # left out, measured from the last label kept).
    labels = [(15, "1月"), (30, "x"), (45, "2月"), (52, "y"), (75, "3月")]
    chart = BeautifulSoup(line_chart([Series("月度", (point(15, 80), point(45, 82)), "none")], [(0, "2025")], 365, "t",
                                     labels=labels, axis_title="综合得分"), "html.parser")
    assert [t.get_text() for t in chart.select("g.tick text")] == ["1月", "2月", "3月"]
    # Period labels on the first row under the axis, years on the second (bottom 58: axis at 260 − 58 = 202).
    assert {t["y"] for t in chart.select("g.tick text")} == {"216"} and chart.select_one("g.year text")["y"] == "230"
    assert chart.select_one("svg > text.axis").get_text() == "综合得分"
