"""The engagement chart, drawn on the server as SVG (no script, no internet). Pure functions: no queries. The numbers
it shows are always in the table next to it."""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 640
HEIGHT = 200
TOP = 20
BOTTOM = 40


@dataclass
class Column:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    text_x: float


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    columns: list[Column] = field(default_factory=list)
    total: int = 0


def weekly_columns(rows: list[dict]) -> Chart:
    """One column per week: the active learners of every group shown (held-back groups add nothing)."""
    weeks: dict[str, int] = {}
    for row in rows:
        weeks[row["item"]] = weeks.get(row["item"], 0) + (row["value"] or 0)
    chart = Chart(total=sum(weeks.values()))
    if not weeks:
        return chart
    highest = max(max(weeks.values()), 1)
    slot = WIDTH / len(weeks)
    plot = HEIGHT - TOP - BOTTOM
    for i, (label, value) in enumerate(weeks.items()):
        height = plot * value / highest
        chart.columns.append(
            Column(
                label=label,
                value=value,
                x=i * slot + slot * 0.15,
                y=TOP + plot - height,
                width=slot * 0.7,
                height=height,
                text_x=i * slot + slot / 2,
            )
        )
    return chart
