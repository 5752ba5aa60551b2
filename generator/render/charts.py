"""Small inline SVG charts: drawn at build time, so pages need no script and print as they show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Point:
    label: str
    x: float  # where in time: days from the chart's start (a period sits at its middle)
    value: float
    text: str  # the point's tooltip, as the page words it
    shape: str  # the tier's shape, drawn at the point so the chart reads in grey
    color: str


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]
    dash: str  # stroke-dasharray: series are told apart without colour


@dataclass(frozen=True)
class Scale:
    """The value axis: from `low` to `high`, gridlines at `ticks`; `inverted` puts `low` at the top (ranks)."""
    low: float
    high: float
    ticks: tuple[float, ...]
    inverted: bool = False


def score_scale(values: Sequence[float]) -> Scale:
    """Scores: 60 (or lower) to 100 (or higher), a gridline every 10."""
    low, high = min(min(values), 60.0), max(max(values), 100.0)
    return Scale(low, high, tuple(_ticks(low, high)))


def rank_scale(size: int) -> Scale:
    """Ranks: 1 at the top, the group's size at the bottom, a few round gridlines between."""
    high = max(size, 2)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9) if high / s <= 5)
    ticks = (1, *range(step, high, step), high) if step > 1 else tuple(range(1, high + 1))
    return Scale(1, high, tuple(sorted(set(ticks))), inverted=True)


MIN_LABEL_GAP = 26  # px (in the chart's own units) between two period labels on the time axis


def line_chart(series: Sequence[Series], ticks: Sequence[tuple[float, str]], span: float, title: str,
               width: int = 720, height: int = 260, scale: Scale | None = None,
               labels: Sequence[tuple[float, str]] = (), tooltips: bool = True, axis_title: str = "") -> str:
    """Values over time (scores by default); one line per period length (月度, 季度, 年度), each point at its
    period's middle, so that the slopes are true to time. `ticks`: (x, label) of the years on the time axis;
    `labels`: (x, label) of the periods under it (those that would crowd their neighbour left out); `span`:
    days shown; `axis_title`: what the value axis measures, above it."""
    values = [p.value for s in series for p in s.points]
    if not values:
        return ""
    scale = scale or score_scale(values)
    low, high = scale.low, scale.high
    left, right, top, bottom = 48, 40, 30 if axis_title else 16, 58 if labels else 44

    def x_at(days: float) -> float:
        return left + days / max(span, 1) * (width - left - right)

    def y(value: float) -> float:
        share = (value - low) / (high - low) if scale.inverted else (high - value) / (high - low)
        return top + share * (height - top - bottom)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    if axis_title:  # at the right end too: a phone shows the chart's recent end first, scrolled
        parts.append(f'<text x="{left - 40}" y="14" class="axis">{escape(axis_title)}</text>'
                     f'<text x="{width - 2}" y="14" class="axis" text-anchor="end">{escape(axis_title)}</text>')
    # Gridlines as one path and labels in groups that carry their class and anchor: a unit page has two charts.
    axis = height - bottom
    year_row = axis + (28 if labels else 14)
    grid = "".join(f"M{left} {y(t):.0f}H{width - right}" for t in scale.ticks)
    grid += "".join(f"M{x_at(days):.0f} {top}V{year_row - 10}" for days, _ in ticks)
    parts.append(f'<path d="{grid}" class="grid"/>')
    values_text = [(int(t) if float(t).is_integer() else t, f"{y(t) + 4:.0f}") for t in scale.ticks]
    parts.append('<g class="axis" text-anchor="end">' + "".join(
        f'<text x="{left - 6}" y="{at}">{label}</text>' for label, at in values_text) + "</g>")
    # The value axis is labelled on both sides: a phone shows the chart's recent (right) end first.
    parts.append('<g class="axis" text-anchor="start">' + "".join(
        f'<text x="{width - right + 6}" y="{at}">{label}</text>' for label, at in values_text) + "</g>")
    shown, last_label = [], -1e9
    for days, label in labels:
        if x_at(days) - last_label >= MIN_LABEL_GAP:
            last_label = x_at(days)
            shown.append(f'<text x="{x_at(days):.0f}" y="{axis + 14}">{escape(label)}</text>')
    if shown:
        parts.append('<g class="axis tick" text-anchor="middle">' + "".join(shown) + "</g>")
    parts.append('<g class="axis year">' + "".join(
        f'<text x="{x_at(days) + 3:.0f}" y="{year_row}">{escape(label)}</text>' for days, label in ticks) + "</g>")
    for item in series:
        coordinates = " ".join(f"{x_at(p.x):.0f},{y(p.value):.0f}" for p in item.points)
        if len(item.points) > 1:
            parts.append(f'<polyline points="{coordinates}" class="line" stroke-dasharray="{item.dash}"/>')
        # The marks share their anchor and class through a group: a unit page has dozens of them.
        parts.append('<g class="mark" text-anchor="middle">')
        for point in item.points:
            tip = f"<title>{escape(point.text)}</title>" if tooltips else ""
            parts.append(f'<text x="{x_at(point.x):.0f}" y="{y(point.value) + 5:.0f}" fill="{point.color}">'
                         f'{escape(point.shape)}{tip}</text>')
        parts.append("</g>")
    # The legend ends at the right edge, in view where a phone starts.
    legend_x = width - right - sum(40 + 14 * len(item.name) + 20 for item in series) + 20
    for item in series:
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{height - 8}" y2="{height - 8}" class="line" '
            f'stroke-dasharray="{item.dash}"/><text x="{legend_x + 30}" y="{height - 4}" class="axis">{escape(item.name)}</text>'
        )
        legend_x += 40 + 14 * len(item.name) + 20
    parts.append("</svg>")
    return "".join(parts)


def _ticks(low: float, high: float) -> list[int]:
    start = int(low // 10 * 10)
    return [v for v in range(start, int(high) + 1, 10) if low <= v <= high]
