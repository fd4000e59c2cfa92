"""Server-rendered bar charts: geometry only (the SVG is in templates/deadlines/_chart.html).

Each chart is drawn from the same rows as its table, with the target drawn as a line, so the
picture and the table view can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pqtracker.deadlines.statistics import Row

WIDTH = 640
HEIGHT = 240
LEFT = 40  # room for the axis labels
BOTTOM = 40
TOP = 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float
    below_target: bool
    show_label: bool

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    bars: list[Bar]
    target_y: float | None  # None: no target line
    ticks: list[tuple[float, str]]
    group_label: str = ""
    unit: str = "% on time"  # after each bar's value in its tooltip
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM


def percent_chart(
    key: str, title: str, rows: Sequence[Row], target: int, group_label: str = ""
) -> Chart:
    """Percentage on time per row, 0-100 on the axis, bars below ``target`` marked."""
    plot_height = HEIGHT - BOTTOM - TOP
    shown = [r for r in rows if r.tally.percent_on_time is not None]
    slot = (WIDTH - LEFT) / max(len(shown), 1)
    # Every label when they fit; otherwise every n-th, so they never overlap.
    every = max(1, round(len(shown) / 12))

    def y_of(percent: float) -> float:
        return TOP + plot_height * (1 - percent / 100)

    bars = []
    for index, row in enumerate(shown):
        value = row.tally.percent_on_time or 0.0
        top = y_of(value)
        bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.15, 1),
                y=round(top, 1),
                width=round(slot * 0.7, 1),
                height=round(TOP + plot_height - top, 1),
                label=row.label,
                value=value,
                below_target=value < target,
                show_label=index % every == 0,
            )
        )
    below = sum(bar.below_target for bar in bars)
    description = (
        f"{len(bars)} bars of the percentage answered on time, with the {target}% target as a "
        f"line; {below} of them fall below it. The table view gives every figure."
    )
    return Chart(
        key=key,
        title=title,
        description=description,
        bars=bars,
        target_y=round(y_of(target), 1),
        ticks=[(round(y_of(p), 1), f"{p}%") for p in (0, 25, 50, 75, 100)],
        group_label=group_label,
    )


def value_chart(
    key: str,
    title: str,
    values: Sequence[tuple[str, float]],
    *,
    unit: str,
    what: str,
    group_label: str = "",
) -> Chart:
    """Bars of plain values (days, counts) from 0 to a round maximum, without a target."""
    plot_height = HEIGHT - BOTTOM - TOP
    top_value = _round_up(max((v for _, v in values), default=0))
    slot = (WIDTH - LEFT) / max(len(values), 1)
    every = max(1, round(len(values) / 12))

    def y_of(value: float) -> float:
        return TOP + plot_height * (1 - value / top_value)

    bars = [
        Bar(
            x=round(LEFT + index * slot + slot * 0.15, 1),
            y=round(y_of(value), 1),
            width=round(slot * 0.7, 1),
            height=round(TOP + plot_height - y_of(value), 1),
            label=label,
            value=value,
            below_target=False,
            show_label=index % every == 0,
        )
        for index, (label, value) in enumerate(values)
    ]
    steps = [top_value * i / 4 for i in range(5)]
    return Chart(
        key=key,
        title=title,
        description=f"{len(bars)} bars of {what}. The table view gives every figure.",
        bars=bars,
        target_y=None,
        ticks=[(round(y_of(v), 1), f"{v:g}") for v in steps],
        group_label=group_label,
        unit=unit,
    )


def _round_up(value: float) -> float:
    """The next of 1, 2, 5, 10, 20, 50... at or above ``value`` (1 for nothing), so the axis's
    quarters are round numbers."""
    step = 1.0
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10
