"""A line chart of one series as server-rendered SVG geometry (pure; the template draws it)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 280, 90, 20, 20, 40


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list[Point]
    path: str
    y_ticks: list[tuple[float, str]]
    baseline: float


def line_chart(series: list[tuple[str, float, str]]) -> Chart | None:
    """``series``: (period, value, value as shown), in order. None with fewer than two points."""
    if len(series) < 2:
        return None
    values = [v for _p, v, _s in series]
    low, high = min(0.0, min(values)), max(values)
    span = (high - low) or 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return round(TOP + inner_h - (value - low) / span * inner_h, 1)

    step = inner_w / (len(series) - 1)
    points = [
        Point(round(LEFT + i * step, 1), y_of(v), period, shown)
        for i, (period, v, shown) in enumerate(series)
    ]
    path = "M" + " L".join(f"{p.x},{p.y}" for p in points)
    ticks = [(y_of(low + span * i / 4), f"{low + span * i / 4:,.0f}") for i in range(5)]
    return Chart(WIDTH, HEIGHT, points, path, ticks, y_of(low))
