"""Charts drawn on the server as SVG: no script and no internet needed. Each chart is an image with a title for
assistive technology; the numbers it shows are always in a table next to it. Pure functions: no queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from html import escape  # as django.utils.html.escape, without its check for lazy strings on every call

from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH = 300  # room for the bar labels of a bar chart, in SVG units
BAR_HEIGHT = 22
BAR_GAP = 8
PLOT_WIDTH = 420
COLUMN_PLOT_HEIGHT = 180
MAX_LABEL_CHARACTERS = 38


def _short(label: str, limit: int = MAX_LABEL_CHARACTERS) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= limit else f"{label[: limit - 1]}…"


@dataclass
class Bar:
    label: str
    short_label: str
    value: float
    display: str
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    label_x: float = 0
    label_y: float = 0


@dataclass
class Tick:
    """A grid line from (x1, y1) to (x2, y2) and its label at (text_x, text_y)."""

    label: str
    x1: float
    y1: float
    x2: float
    y2: float
    text_x: float
    text_y: float


@dataclass
class Dot:
    x: float
    y: float


@dataclass
class Guide:
    """A labelled reference line across the plot (horizontal) or a marker line from top to bottom (vertical)."""

    label: str
    x1: float
    y1: float
    x2: float
    y2: float
    text_x: float
    text_y: float
    style: str = ""  # a modifier class: baseline, target, mark


@dataclass
class Chart:
    """Geometry for `templates/analytics/chart.html`. `kind` is "bars" (horizontal) or "columns"."""

    kind: str
    chart_id: str
    title: str
    summary: str
    width: float
    height: float
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    plot_left: float = 0
    plot_top: float = 0
    plot_width: float = 0
    plot_height: float = 0
    rotate_labels: bool = False
    # A line chart ("line"): the series as one polyline, its points for the dots, horizontal reference lines
    # (baseline, target) and vertical markers (a date when something happened).
    path: str = ""
    dots: list[Dot] = field(default_factory=list)
    references: list[Guide] = field(default_factory=list)
    markers: list[Guide] = field(default_factory=list)
    x_labels: list[Tick] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.bars and not self.path

    @property
    def line_svg(self) -> SafeString:
        return line_svg(self)


def _nice_maximum(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 5, 10, 20, 50 …)."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(
    *, chart_id: str, title: str, items: list[tuple[str, float, str]], maximum: float | None = None, unit: str = ""
) -> Chart:
    """Horizontal bars, one per (label, value, display) item; `maximum` fixes the axis (100 for percentages)."""
    top = _nice_maximum(maximum if maximum is not None else max((v for _, v, _ in items), default=0))
    plot_top = 24.0
    height = plot_top + len(items) * (BAR_HEIGHT + BAR_GAP) + 24
    chart = Chart(
        kind="bars",
        chart_id=chart_id,
        title=title,
        summary="; ".join(f"{label}: {display}" for label, _, display in items),
        width=LABEL_WIDTH + PLOT_WIDTH + 70,
        height=height,
        plot_left=LABEL_WIDTH,
        plot_top=plot_top,
        plot_width=PLOT_WIDTH,
        plot_height=height - plot_top - 24,
    )
    for index, (label, value, display) in enumerate(items):
        y = plot_top + index * (BAR_HEIGHT + BAR_GAP)
        width = PLOT_WIDTH * max(0.0, min(value, top)) / top
        chart.bars.append(
            Bar(
                label=label,
                short_label=_short(label),
                value=value,
                display=display,
                x=LABEL_WIDTH,
                y=y,
                width=round(width, 1),
                height=BAR_HEIGHT,
                text_x=round(LABEL_WIDTH + width + 6, 1),
                text_y=y + BAR_HEIGHT / 2,
                label_x=LABEL_WIDTH - 8,
                label_y=y + BAR_HEIGHT / 2,
            )
        )
    bottom = chart.plot_top + chart.plot_height
    for i in range(5):
        x = round(LABEL_WIDTH + PLOT_WIDTH * i / 4, 1)
        chart.ticks.append(
            Tick(
                label=f"{_format(top * i / 4)}{unit}", x1=x, y1=plot_top, x2=x, y2=bottom, text_x=x, text_y=bottom + 16
            )
        )
    return chart


def column_chart(*, chart_id: str, title: str, items: list[tuple[str, float, str]], unit: str = "") -> Chart:
    """Vertical columns, one per (label, value, display) item, e.g. completions per week."""
    top = _nice_maximum(max((v for _, v, _ in items), default=0))
    left, plot_top, bottom_room = 48.0, 24.0, 64.0
    slot = max(14.0, min(56.0, 720.0 / max(1, len(items))))
    plot_width = slot * len(items)
    chart = Chart(
        kind="columns",
        chart_id=chart_id,
        title=title,
        summary="; ".join(f"{label}: {display}" for label, _, display in items),
        width=left + plot_width + 16,
        height=plot_top + COLUMN_PLOT_HEIGHT + bottom_room,
        plot_left=left,
        plot_top=plot_top,
        plot_width=plot_width,
        plot_height=COLUMN_PLOT_HEIGHT,
        rotate_labels=slot < 44,
    )
    for index, (label, value, display) in enumerate(items):
        height = COLUMN_PLOT_HEIGHT * max(0.0, min(value, top)) / top
        x = left + index * slot + slot * 0.15
        y = plot_top + COLUMN_PLOT_HEIGHT - height
        chart.bars.append(
            Bar(
                label=label,
                short_label=_short(label, 12),
                value=value,
                display=display,
                x=round(x, 1),
                y=round(y, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                text_x=round(x + slot * 0.35, 1),
                text_y=round(y - 4, 1),
                label_x=round(x + slot * 0.35, 1),
                label_y=plot_top + COLUMN_PLOT_HEIGHT + 16,
            )
        )
    for i in range(5):
        y = round(plot_top + COLUMN_PLOT_HEIGHT * (1 - i / 4), 1)
        chart.ticks.append(
            Tick(
                label=f"{_format(top * i / 4)}{unit}",
                x1=left,
                y1=y,
                x2=left + plot_width,
                y2=y,
                text_x=left - 6,
                text_y=y,
            )
        )
    return chart


def _format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


LINE_PLOT_WIDTH = 640
LINE_PLOT_HEIGHT = 200
MAX_DOTS = 60  # beyond this many points the line carries no dots (they would merge)


def line_chart(
    *,
    chart_id: str,
    title: str,
    points: list[tuple[str, float]],
    references: list[tuple[str, float, str]] = (),
    markers: list[tuple[int, str]] = (),
    summary: str = "",
    unit: str = "",
) -> Chart:
    """One series as a line over time: `points` are (x label, value) in order; `references` (label, value, style)
    draw horizontal lines such as a baseline and a target; `markers` (point index, label) draw vertical lines at a
    point. The axis starts at 0 unless a value is negative. Pure and linear in the number of points."""
    values = [v for _, v in points] + [v for _, v, _ in references]
    if not points:
        return Chart(kind="line", chart_id=chart_id, title=title, summary=summary, width=0, height=0)
    low = min(0.0, min(values))
    high = _nice_maximum(max(values)) if max(values) > 0 else 1.0
    if low < 0:
        low = -_nice_maximum(-low)
    left, top = 56.0, 28.0
    width, height = LINE_PLOT_WIDTH, LINE_PLOT_HEIGHT
    chart = Chart(
        kind="line",
        chart_id=chart_id,
        title=title,
        summary=summary,
        width=left + width + 120,
        height=top + height + 40,
        plot_left=left,
        plot_top=top,
        plot_width=width,
        plot_height=height,
    )
    span = high - low
    step = width / max(1, len(points) - 1)

    def x_of(index: int) -> float:
        return round(left + index * step, 1)

    def y_of(value: float) -> float:
        return round(top + height * (1 - (value - low) / span), 1)

    # The polyline in one pass, with y_of's sum written out (":.1f" rounds as round(…, 1) does) and the x positions,
    # the same for every chart of as many points, written once: a report draws thousands of points.
    chart.path = " ".join(
        [
            f"{x},{top + height * (1 - (v - low) / span):.1f}"
            for x, (_, v) in zip(_x_positions(left, step, len(points)), points, strict=True)
        ]
    )
    if len(points) <= MAX_DOTS:
        chart.dots = [Dot(x_of(i), y_of(v)) for i, (_, v) in enumerate(points)]
    for i in range(5):
        value = low + span * i / 4
        y = y_of(value)
        chart.ticks.append(
            Tick(label=f"{_format(value)}{unit}", x1=left, y1=y, x2=left + width, y2=y, text_x=left - 6, text_y=y)
        )
    every = max(1, len(points) // 6)
    for i in range(0, len(points), every):
        x = x_of(i)
        chart.x_labels.append(
            Tick(
                label=points[i][0], x1=x, y1=top + height, x2=x, y2=top + height + 4, text_x=x, text_y=top + height + 18
            )
        )
    for label, value, style in references:
        y = y_of(value)
        chart.references.append(
            Guide(
                label=_short(label, 18),
                x1=left,
                y1=y,
                x2=left + width,
                y2=y,
                text_x=left + width + 6,
                text_y=y,
                style=style,
            )
        )
    for index, label in markers:
        if 0 <= index < len(points):
            x = x_of(index)
            chart.markers.append(
                Guide(
                    label=_short(label, 18), x1=x, y1=top, x2=x, y2=top + height, text_x=x, text_y=top - 8, style="mark"
                )
            )
    return chart


@lru_cache(maxsize=64)
def _x_positions(left: float, step: float, count: int) -> tuple[str, ...]:
    """The x of each of `count` points as the polyline writes it (`left + i * step` to one decimal): a pure function
    of its arguments, kept for the charts of a page that have as many points (a report's objectives share a span)."""
    return tuple(f"{left + i * step:.1f}" for i in range(count))


def line_svg(chart: Chart) -> SafeString:
    """A line chart's SVG, element for element what templates/analytics/chart.html writes for the other kinds, but
    built here in one pass: the goals report draws fifty line charts, and the template engine's cost per element was
    a large part of that page's time. Every text is escaped."""
    chart_id = escape(chart.chart_id)
    parts = [
        f'<svg class="sw-chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width} {chart.height}"'
        f' style="max-width: {chart.width}px" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        ' focusable="false">',
        f'<title id="{chart_id}-title">{escape(chart.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(chart.summary)}</desc>',
    ]
    for tick in chart.ticks:
        parts.append(
            f'<line class="sw-chart__grid" x1="{tick.x1}" y1="{tick.y1}" x2="{tick.x2}" y2="{tick.y2}"/>'
            f'<text class="sw-chart__tick" x="{tick.text_x}" y="{tick.text_y}" text-anchor="end"'
            f' dominant-baseline="middle">{escape(tick.label)}</text>'
        )
    for tick in chart.x_labels:
        parts.append(
            f'<line class="sw-chart__grid" x1="{tick.x1}" y1="{tick.y1}" x2="{tick.x2}" y2="{tick.y2}"/>'
            f'<text class="sw-chart__tick" x="{tick.text_x}" y="{tick.text_y}" text-anchor="middle">'
            f"{escape(tick.label)}</text>"
        )
    for guide in chart.references:
        parts.append(
            f'<line class="sw-chart__guide sw-chart__guide--{escape(guide.style)}" x1="{guide.x1}" y1="{guide.y1}"'
            f' x2="{guide.x2}" y2="{guide.y2}"/>'
            f'<text class="sw-chart__label" x="{guide.text_x}" y="{guide.text_y}" dominant-baseline="middle">'
            f"{escape(guide.label)}</text>"
        )
    for guide in chart.markers:
        parts.append(
            f'<line class="sw-chart__guide sw-chart__guide--mark" x1="{guide.x1}" y1="{guide.y1}" x2="{guide.x2}"'
            f' y2="{guide.y2}"/>'
            f'<text class="sw-chart__label" x="{guide.text_x}" y="{guide.text_y}" text-anchor="middle">'
            f"{escape(guide.label)}</text>"
        )
    parts.append(f'<polyline class="sw-chart__line" points="{chart.path}"/>')
    parts.extend(f'<circle class="sw-chart__dot" cx="{dot.x}" cy="{dot.y}" r="2.5"/>' for dot in chart.dots)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers we computed, and texts escaped above


def line_figure(chart: Chart) -> SafeString:
    """A line chart as templates/analytics/chart.html writes it (without a caption): `line_svg` in its figure, for
    pages that write their sections in Python (the goals report draws fifty); empty for an empty chart."""
    if chart.is_empty:
        return SafeString("")
    return mark_safe(f'<figure class="sw-chart">{line_svg(chart)}</figure>')  # noqa: S308 - line_svg escapes
