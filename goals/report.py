"""The goals and return report as people read it: words for the comparison, the chart (analytics/charts.py, drawn on
the server, with every number also in a table) and the rows of its CSV/XLSX export (analytics/exports.py). Pure:
no queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from analytics.charts import Chart, line_chart
from analytics.exports import cell
from goals.models import Direction
from goals.selectors import ObjectiveReport

X_LABELS = 6  # date labels on a chart's axis (analytics.charts.line_chart puts one every len // 6 points)
VERDICT_WORDS = {
    "better": gettext_lazy("better"),
    "worse": gettext_lazy("worse"),
    "same": gettext_lazy("about the same"),
}


def number(value: float | None, unit: str = "") -> str:
    """1,150 calls; 47.5 min: grouped thousands, one decimal below 100 when the value has one."""
    if value is None:
        return "—"
    places = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    return f"{value:,.{places}f} {unit}".strip()


def day(value) -> str:
    return f"{value.day} {value:%b %Y}"


def periods(n: int, frequency: str) -> str:
    if frequency == "month":
        return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}
    return ngettext("%(n)d week", "%(n)d weeks", n) % {"n": n}


@dataclass
class PresentedReport:
    data: ObjectiveReport
    chart: Chart
    comparison_text: str
    marks_text: str

    def __getattr__(self, name):
        return getattr(self.data, name)


def present(data: ObjectiveReport) -> PresentedReport:
    objective = data.objective
    unit = objective.unit
    index = {point.start: i for i, point in enumerate(data.points)}
    markers = [
        (index[start], _("%(n)d %% done") % {"n": threshold})
        for threshold, start in sorted(data.marks.items())
        if start in index
    ]
    chart = line_chart(
        chart_id=f"objective-{objective.pk}",
        title=_("%(metric)s, %(from)s to %(to)s")
        % {
            "metric": objective.metric,
            "from": day(data.points[0].start) if data.points else "",
            "to": day(data.points[-1].start) if data.points else "",
        },
        points=_labelled(data.points),
        references=[(_("Baseline"), data.baseline, "baseline"), (_("Target"), data.target, "target")],
        markers=markers,
        summary=_("Baseline %(baseline)s, target %(target)s, latest %(latest)s.")
        % {
            "baseline": number(data.baseline, unit),
            "target": number(data.target, unit),
            "latest": number(data.latest.value if data.latest else None, unit),
        },
    )
    comparison = data.comparison
    if comparison is None:
        comparison_text = _(
            "No before and after yet: the courses it relies on have not reached 50 % completion among its people, "
            "or there are no values on one side of that week."
        )
    else:
        comparison_text = _(
            "Over %(n)s each, the mean went from %(before)s (%(b_from)s to %(b_to)s) to %(after)s "
            "(%(a_from)s to %(a_to)s): a change of %(change)s%(percent)s, %(verdict)s for this metric (%(direction)s)."
        ) % {
            "n": periods(comparison.periods, objective.frequency),
            "before": number(comparison.before.mean, unit),
            "after": number(comparison.after.mean, unit),
            "b_from": day(comparison.before.first),
            "b_to": day(comparison.before.last),
            "a_from": day(comparison.after.first),
            "a_to": day(comparison.after.last),
            "change": ("+" if comparison.change > 0 else "") + number(comparison.change, unit),
            "percent": f" ({comparison.percent:+.0f} %)" if comparison.percent is not None else "",
            "verdict": VERDICT_WORDS[comparison.verdict],
            "direction": Direction(objective.direction).label.lower(),
        }
    marks = [
        _("%(n)d %% of the relying courses done in the week of %(day)s") % {"n": t, "day": day(start)}
        for t, start in sorted(data.marks.items())
    ]
    marks_text = "; ".join(marks) if marks else _("The relying courses have not reached 50 % completion yet.")
    return PresentedReport(data=data, chart=chart, comparison_text=comparison_text, marks_text=marks_text)


def _labelled(points) -> list[tuple[str, float]]:
    """(label, value) for the chart, with a date label only where the axis shows one (about six): formatting every
    date of 50 objectives × 3 years would cost more than drawing them."""
    every = max(1, len(points) // X_LABELS)
    return [(point.start.strftime("%d %b %y") if i % every == 0 else "", point.value) for i, point in enumerate(points)]


def value_table(data: ObjectiveReport) -> list[tuple[str, str]]:
    """Every value as (period, value) text: the table that goes with the chart, on the objective's own page."""
    unit = data.objective.unit
    return [(day(point.start), number(point.value, unit)) for point in data.points]


EXPORT_HEADINGS = [
    gettext_lazy("Objective"),
    gettext_lazy("Team"),
    gettext_lazy("Metric"),
    gettext_lazy("Unit"),
    gettext_lazy("Direction"),
    gettext_lazy("Baseline"),
    gettext_lazy("Target"),
    gettext_lazy("Review date"),
    gettext_lazy("Period starts"),
    gettext_lazy("Value"),
    gettext_lazy("Courses 50 % done (week)"),
    gettext_lazy("Courses 90 % done (week)"),
    gettext_lazy("Mean before"),
    gettext_lazy("Mean after"),
    gettext_lazy("Change"),
    gettext_lazy("Verdict"),
    gettext_lazy("Learning hours"),
    gettext_lazy("Learning cost (£)"),
]


def export_rows(reports: list[ObjectiveReport]):
    """One row per objective and period (an objective with no values has one row with the period empty)."""
    for data in reports:
        objective = data.objective
        comparison = data.comparison
        common = [
            objective.title,
            objective.team_label,
            objective.metric,
            objective.unit,
            Direction(objective.direction).label,
            data.baseline,
            data.target,
            objective.review_on,
        ]
        summary = [
            data.marks.get(50),
            data.marks.get(90),
            round(comparison.before.mean, 2) if comparison else None,
            round(comparison.after.mean, 2) if comparison else None,
            round(comparison.change, 2) if comparison else None,
            str(VERDICT_WORDS[comparison.verdict]) if comparison else None,
            data.investment.hours if data.investment else None,
            data.investment.cost if data.investment else None,
        ]
        for point in data.points or [None]:
            row = [*common, point.start if point else None, point.value if point else None, *summary]
            yield tuple(cell(_plain(value)) for value in row)


def _plain(value):
    """A date as a plain `datetime.date`: openpyxl picks a cell's format by exact type, and a date subclass (a test
    clock's, say) would have none."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.date(value.year, value.month, value.day)
    return value


def digest_line(data: ObjectiveReport) -> str:
    """One line of the weekly digest about an objective: the latest value against baseline and target, and the
    before/after change when there is one."""
    objective, unit = data.objective, data.objective.unit
    line = _("%(title)s: latest %(latest)s (baseline %(baseline)s, target %(target)s)") % {
        "title": objective.title,
        "latest": number(data.latest.value if data.latest else None, unit),
        "baseline": number(data.baseline, unit),
        "target": number(data.target, unit),
    }
    if data.comparison is not None and data.comparison.verdict == "same":
        line += _("; about the same since its courses passed 50 %")
    elif data.comparison is not None and data.comparison.percent is not None:
        line += _("; %(percent)s %% %(verdict)s since its courses passed 50 %%") % {
            "percent": f"{abs(data.comparison.percent):.0f}",
            "verdict": VERDICT_WORDS[data.comparison.verdict],
        }
    return line + "."
