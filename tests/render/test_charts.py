"""generator/render/charts.py: the inline SVG score chart of a unit page."""

from __future__ import annotations

from bs4 import BeautifulSoup

from generator.render.charts import Point, Series, line_chart


def svg(series: list[Series], span: float = 365, ticks: list[tuple[float, str]] | None = None) -> BeautifulSoup:
    return BeautifulSoup(line_chart(series, ticks or [(0, "2025")], span, "得分走势"), "html.parser")


def point(x: float, value: float, text: str = "t", shape: str = "●") -> Point:
    return Point(f"p{x}", x, value, text, shape, "#1a7f37")


def test_no_points_no_chart() -> None:
    assert line_chart([], [(0, "2025")], 365, "得分走势") == ""
    assert line_chart([Series("月度", (), "none")], [(0, "2025")], 365, "得分走势") == ""


def test_points_sit_at_their_time_and_score() -> None:
    # width 720, left 48, right 16: x = 48 + days / span × 656; height 260, top 16, bottom 44: the y axis runs
    # from max(values, 100) at y = 16 down to min(values, 60) at y = 216.
    chart = svg([Series("年度", (point(0, 100), point(182.5, 80), point(365, 60)), "12 4 2 4")])
    # Whole pixels: a unit page has dozens of marks, and a pixel is finer than the eye reads a score.
    marks = chart.select("g.mark text")
    assert [(float(m["x"]), float(m["y"])) for m in marks] == [(48.0, 16 + 5.0), (376.0, 116 + 5.0), (704.0, 216 + 5.0)]
    assert chart.select_one("polyline")["points"] == "48,16 376,116 704,216"
    assert chart.select_one("polyline")["stroke-dasharray"] == "12 4 2 4"


def test_the_scale_widens_for_scores_outside_60_to_100() -> None:
    chart = svg([Series("月度", (point(0, 40), point(365, 110)), "none")])
    labels = [t.get_text() for t in chart.select("text.axis") if t.get("text-anchor") == "end"]
    assert labels == ["40", "50", "60", "70", "80", "90", "100", "110"]


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
    ticks = [t.get_text() for t in chart.select("text.axis") if not t.get("text-anchor")]
    assert ticks[:2] == ["2025", "2026"]
