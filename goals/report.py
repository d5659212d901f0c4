"""The goals and return report as people read it: words for the comparison, the chart (analytics/charts.py, drawn on
the server, with every number also in a table) and the rows of its CSV/XLSX export (analytics/exports.py). Pure:
no queries."""

from __future__ import annotations

import datetime
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.template.defaultfilters import floatformat as _floatformat
from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy, gettext_noop, ngettext

from analytics.charts import Chart, line_chart, line_figure
from analytics.exports import cell
from goals.models import Direction
from goals.selectors import ObjectiveReport, start_of

X_LABELS = 6  # date labels on a chart's axis (analytics.charts.line_chart puts one every len // 6 points)
VERDICT_WORDS = {  # message ids: translated where they are used
    "better": gettext_noop("better"),
    "worse": gettext_noop("worse"),
    "same": gettext_noop("about the same"),
}

HEADINGS = {  # the section's fixed words (message ids: translated where they are used)
    "baseline": gettext_noop("Baseline"),
    "target": gettext_noop("Target"),
    "courses": gettext_noop("Courses it relies on"),
    "before_after": gettext_noop("Before and after"),
    "period": gettext_noop("Period starts"),
    "value": gettext_noop("Value"),
    "no_values": gettext_noop("No values yet."),
    "invested": gettext_noop("Learning invested"),
    "month": gettext_noop("Month"),
    "hours": gettext_noop("Hours"),
    "cost": gettext_noop("Cost (£)"),
}
TABLE_CAPTION = gettext_noop("%(metric)s: every value")


def _(message: str) -> str:
    return _localised(gettext, message, language=get_language())


def _date(value: datetime.date, date_format_name: str) -> str:
    """`value` as the `date` template filter writes it with this format."""
    return _localised(date_format, value, date_format_name, language=get_language())


def _direction(direction: str) -> str:
    """The objective's direction as words within a sentence: "lower is better"."""
    return _localised(_direction_label, direction, language=get_language())


def _direction_label(direction: str) -> str:
    return str(Direction(direction).label).lower()


@lru_cache(maxsize=2048)
def _localised(function, *args, language: str | None) -> str:
    """Words and dates remembered per language: the report asks for the same few for each of its objectives, and
    each gettext walks Django's chain of catalogues (a fifth of the page's time with fifty objectives)."""
    return function(*args)


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
        return _localised(ngettext, "%(n)d month", "%(n)d months", n, language=get_language()) % {"n": n}
    return _localised(ngettext, "%(n)d week", "%(n)d weeks", n, language=get_language()) % {"n": n}


@dataclass
class PresentedReport:
    data: ObjectiveReport
    chart: Chart
    comparison_text: str
    marks_text: str
    facts: dict[str, str]  # the section's other sentences: subtitle, baseline, target, courses, values, investment
    investment_rows: SafeString = SafeString("")  # the month-by-month table's rows: month, hours, cost (£)

    def __getattr__(self, name):
        return getattr(self.data, name)

    @property
    def section(self) -> SafeString:
        return section_html(self)


def present_all(reports: list[ObjectiveReport]) -> list[PresentedReport]:
    """Every report of a page, sharing the month names and month tables they have in common (a team's objectives
    share one investment)."""
    shared: dict = {}
    return [present(data, shared=shared) for data in reports]


def present(data: ObjectiveReport, *, shared: dict | None = None) -> PresentedReport:
    shared = {} if shared is None else shared
    objective = data.objective
    unit = objective.unit
    markers = []
    for threshold, start in sorted(data.marks.items()):
        i = bisect_left(data.points, start, key=start_of)
        if i < len(data.points) and data.points[i].start == start:
            markers.append((i, _("%(n)d %% done") % {"n": threshold}))
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
            "verdict": _(VERDICT_WORDS[comparison.verdict]),
            "direction": _direction(objective.direction),
        }
    marks = [
        _("%(n)d %% of the relying courses done in the week of %(day)s") % {"n": t, "day": day(start)}
        for t, start in sorted(data.marks.items())
    ]
    marks_text = "; ".join(marks) if marks else _("The relying courses have not reached 50 % completion yet.")
    return PresentedReport(
        data=data,
        chart=chart,
        comparison_text=comparison_text,
        marks_text=marks_text,
        facts=_facts(data, marks_text, shared),
        investment_rows=_investment_rows(data.investment, shared) if data.investment else SafeString(""),
    )


def _text(value) -> str:
    """`value` as a template variable writes it (escaped unless already safe)."""
    return value if isinstance(value, SafeData) else escape(str(value))


def _headings() -> dict[str, str]:
    """The section's fixed words, translated and escaped as `{% translate %}` writes them."""
    return {key: escape(gettext(message)) for key, message in HEADINGS.items()}


def section_html(report: PresentedReport, *, table: list[tuple[str, str]] | None = None) -> SafeString:
    """An objective's section of the report (heading, facts, chart, values link or table, investment) in one pass:
    the page writes fifty, and a template's `translate` tags, lookups and includes per section cost more than all
    their numbers together. `table` (period, value) rows replace the link on the objective's own page. Every text
    is escaped as the template engine escapes it (html.escape, as django.utils.html.escape)."""
    objective, facts = report.objective, report.facts
    h = _localised(_headings, language=get_language())
    pk = objective.pk
    title = _text(objective.title)
    parts = [
        f'<section class="sw-goal" aria-labelledby="objective-{pk}-report">',
        f'<h2 id="objective-{pk}-report">{title}</h2>',
        f"<p>{_text(facts['subtitle'])}</p>",
        '<dl class="sw-goal__facts">',
        f"<dt>{h['baseline']}</dt><dd>{_text(facts['baseline'])}</dd>",
        f"<dt>{h['target']}</dt><dd>{_text(facts['target'])}</dd>",
        f"<dt>{h['courses']}</dt><dd>{_text(facts['courses'])}</dd>",
        f"<dt>{h['before_after']}</dt><dd>{_text(report.comparison_text)}</dd>",
        "</dl>",
    ]
    if report.points:
        parts.append(line_figure(report.chart))
        if table:
            caption = _(TABLE_CAPTION) % {"metric": _text(objective.metric)}
            rows = "".join(f"<tr><td>{_text(day)}</td><td>{_text(value)}</td></tr>" for day, value in table)
            parts.append(
                f'<table class="listing"><caption>{caption}</caption><thead><tr><th scope="col">'
                f'{h["period"]}</th><th scope="col">{h["value"]}</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>"
            )
        else:
            url = _text(reverse("goals_report_objective", args=[pk]))
            parts.append(
                f'<p><a href="{url}">{_text(facts["values_link"])}<span class="visually-hidden"> ({title})</span>'
                "</a></p>"
            )
    else:
        parts.append(f"<p>{h['no_values']}</p>")
    parts.append(f'<h3 id="objective-{pk}-investment">{h["invested"]}</h3>')
    if report.investment:
        parts.append(f"<p>{_text(facts['investment'])}</p>")
        if report.investment.months:
            parts.append(
                f'<table class="listing" aria-labelledby="objective-{pk}-investment"><thead><tr>'
                f'<th scope="col">{h["month"]}</th><th scope="col">{h["hours"]}</th>'
                f'<th scope="col">{h["cost"]}</th></tr></thead><tbody>{report.investment_rows}</tbody></table>'
            )
    else:
        parts.append(f"<p>{_text(report.small_group_notice)}</p>")
    parts.append("</section>")
    return mark_safe("".join(parts))  # noqa: S308 - every text escaped above, the chart by analytics.charts


def _facts(data: ObjectiveReport, marks_text: str, shared: dict) -> dict[str, str]:
    """The section's sentences, written here rather than in its template (as the `date:"j M Y"` and `floatformat`
    filters write their numbers): fifty objectives' worth of `blocktranslate`s with filters cost more than the rest
    of the page's words together. A page's objectives share most numbers (baseline, target, a team's hours), so
    each is written once per page."""
    written = shared.setdefault("numbers", {})

    def floatformat(value, arg: str) -> str:  # the filter, remembered for this page only
        key = (type(value), value, arg)
        if key not in written:
            written[key] = _floatformat(value, arg)
        return written[key]

    objective, unit = data.objective, data.objective.unit
    baseline = _("%(value)s %(unit)s (%(from)s – %(to)s)") % {
        "value": floatformat(data.baseline, "-1g"),
        "unit": unit,
        "from": _date(objective.baseline_from, "j M Y"),
        "to": _date(objective.baseline_to, "j M Y"),
    }
    if data.baseline_observed is not None:
        baseline += "; " + _("the values recorded then average %(mean)s") % {
            "mean": floatformat(data.baseline_observed, "0g")
        }
    target = f"{floatformat(data.target, '-1g')} {unit}"
    if data.progress is not None:
        target += "; " + _("%(progress)s %% of the way from the baseline") % {
            "progress": floatformat(data.progress, "0")
        }
    facts = {
        "subtitle": _("%(team)s · %(metric)s (%(unit)s, %(direction)s) · review on %(review)s")
        % {
            "team": objective.team_label,
            "metric": objective.metric,
            "unit": unit,
            "direction": _direction(objective.direction),
            "review": _date(objective.review_on, "j M Y"),
        },
        "baseline": baseline,
        "target": target,
        "courses": f"{', '.join(data.course_titles) if data.course_titles else _('None chosen')}. {marks_text}",
        "values_link": _localised(
            ngettext,
            "The %(counter)s value as a table",
            "The %(counter)s values as a table",
            len(data.points),
            language=get_language(),
        )
        % {"counter": len(data.points)},
    }
    if data.investment is not None:
        facts["investment"] = _("%(people)s people, %(hours)s hours in all, £%(cost)s.") % {
            "people": data.people,
            "hours": floatformat(data.investment.hours, "1g"),
            "cost": floatformat(data.investment.cost, "0g"),
        }
        if data.investment.sessions_without_register:
            n = data.investment.sessions_without_register
            facts["investment"] += " " + ngettext(
                "%(n)s cohort session held without a register taken is not counted: mark who attended in the "
                "session's register.",
                "%(n)s cohort sessions held without a register taken are not counted: mark who attended in each "
                "session's register.",
                n,
            ) % {"n": n}
        if data.investment.uncosted_hours:
            facts["investment"] += " " + _(
                "%(hours)s hours are not costed: HR has set no hourly cost for those people's departments."
            ) % {"hours": floatformat(data.investment.uncosted_hours, "1g")}
    return facts


def _investment_rows(investment, shared: dict) -> SafeString:
    """The month table's rows (`F Y`, hours with one decimal, whole pounds, thousands grouped as the `date` and
    `floatformat:"1g"`/`"0g"` filters write them), made once per investment and month name once per page: fifty
    objectives × three years of months through the template engine cost more than the rest of the page."""
    key = ("rows", id(investment))
    if key not in shared:
        if "separators" not in shared:
            shared["separators"] = str.maketrans(
                {",": str(get_format("THOUSAND_SEPARATOR")), ".": str(get_format("DECIMAL_SEPARATOR"))}
            )
        separators, names = shared["separators"], shared.setdefault("months", {})
        for entry in investment.months:
            if entry.month not in names:
                names[entry.month] = _date(entry.month, "F Y")
        rows = "".join(
            f"<tr><td>{escape(names[entry.month])}</td><td>{f'{entry.hours:,.1f}'.translate(separators)}</td>"
            f"<td>{f'{entry.cost:,.0f}'.translate(separators)}</td></tr>"
            for entry in investment.months
        )
        shared[key] = (investment, mark_safe(rows))  # noqa: S308 - numbers, and month names escaped
    return shared[key][1]


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
            _(VERDICT_WORDS[comparison.verdict]) if comparison else None,
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
            "verdict": _(VERDICT_WORDS[data.comparison.verdict]),
        }
    return line + "."
