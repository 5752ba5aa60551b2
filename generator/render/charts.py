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


def line_chart(series: Sequence[Series], ticks: Sequence[tuple[float, str]], span: float, title: str,
               width: int = 720, height: int = 260) -> str:
    """Scores over time; one line per period length (月度, 季度, 年度), each point at its period's middle,
    so that the slopes are true to time. `ticks`: (x, label) on the time axis; `span`: days shown."""
    values = [p.value for s in series for p in s.points]
    if not values:
        return ""
    low = min(min(values), 60.0)
    high = max(max(values), 100.0)
    left, right, top, bottom = 48, 16, 16, 44

    def x_at(days: float) -> float:
        return left + days / max(span, 1) * (width - left - right)

    def y(value: float) -> float:
        return top + (high - value) / (high - low) * (height - top - bottom)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in _ticks(low, high):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.0f}" y2="{y(tick):.0f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.0f}" class="axis" text-anchor="end">{tick}</text>')
    for days, label in ticks:
        parts.append(f'<line x1="{x_at(days):.0f}" x2="{x_at(days):.0f}" y1="{top}" y2="{height - bottom}" class="grid"/>')
        parts.append(f'<text x="{x_at(days) + 3:.0f}" y="{height - bottom + 14}" class="axis">{escape(label)}</text>')
    for item in series:
        coordinates = " ".join(f"{x_at(p.x):.0f},{y(p.value):.0f}" for p in item.points)
        if len(item.points) > 1:
            parts.append(f'<polyline points="{coordinates}" class="line" stroke-dasharray="{item.dash}"/>')
        # The marks share their anchor and class through a group: a unit page has dozens of them.
        parts.append('<g class="mark" text-anchor="middle">')
        for point in item.points:
            parts.append(f'<text x="{x_at(point.x):.0f}" y="{y(point.value) + 5:.0f}" fill="{point.color}">'
                         f'{escape(point.shape)}<title>{escape(point.text)}</title></text>')
        parts.append("</g>")
    legend_x = left
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
