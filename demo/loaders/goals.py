"""Goals and return in the demo (issue 23): one objective per team with a year of plausible values, HR's hourly cost
per department and Jordan's personal goal, all through goals' services. The values are noisy (±8 % week to week, a
dip at Christmas); the improvement starts when the team's relying courses passed 50 % completion in the seeded
progress and stops short of the target. Idempotent: objectives are found by title, a period that has a value keeps
it, and the noise of a period depends only on the objective and the period, so a later run adds only new weeks."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from courses.models import CoursePage
from demo.loaders.base import Report, content
from goals import selectors, services
from goals.models import GoalReview, HourlyCost, MetricValue, Objective, PersonalGoal, period_start
from people.models import Cohort, Department, User

WEEKS = 52
BASELINE_PERIODS = 12
IMPROVEMENT_SHARE = 0.6  # of the way to the target, reached 10 weeks after the 50 % week
IMPROVEMENT_WEEKS = 10


def load_goals(report: Report, *, users: dict[str, User], courses: dict[str, CoursePage]) -> None:
    data = content("objectives")
    today = timezone.localdate()
    hr = users["grace.okonkwo"]
    objectives = {}
    for spec in data["OBJECTIVES"]:
        objectives[spec["title"]] = _objective(spec, today=today, hr=hr, courses=courses, report=report)
    for code, amount in data["HOURLY_COSTS"].items():
        department = Department.objects.filter(code=code).first()
        if department is not None and not HourlyCost.objects.filter(department=department).exists():
            cost = HourlyCost(department=department, amount=Decimal(amount))
            cost.full_clean()
            cost.save()
            report.add("hourly costs")
    for spec in data["PERSONAL_GOALS"]:
        user, objective = users[spec["user"]], objectives[spec["objective"]]
        goal = PersonalGoal.objects.filter(user=user, objective=objective).first()
        if goal is None:
            goal = services.save_personal_goal(
                user=user, objective=objective, text=spec["text"], shared_with_manager=spec["shared_with_manager"]
            )
            report.add("personal goals")
        if not GoalReview.objects.filter(goal=goal).exists():
            services.record_goal_review(
                manager=users[spec["reviewed_by"]],
                goal=goal,
                reviewed_on=today - timedelta(days=spec["reviewed_days_ago"]),
            )


def _objective(spec: dict, *, today: date, hr: User, courses: dict[str, CoursePage], report: Report) -> Objective:
    frequency = spec["frequency"]
    first = period_start(today - timedelta(weeks=WEEKS - 1), frequency)
    objective = Objective.objects.filter(title=spec["title"]).first()
    if objective is None:
        kind, code = spec["team"]
        team = (
            {"department": Department.objects.get(code=code)}
            if kind == "department"
            else {"cohort": Cohort.objects.get(code=code)}
        )
        baseline_to = first + timedelta(weeks=BASELINE_PERIODS) - timedelta(days=1)
        if frequency == "month":
            baseline_to = period_start(first + timedelta(days=31 * 3), "month") - timedelta(days=1)
        objective = services.save_objective(
            objective=Objective(
                title=spec["title"],
                metric=spec["metric"],
                unit=spec["unit"],
                direction=spec["direction"],
                frequency=frequency,
                baseline_value=Decimal(spec["baseline"]),
                baseline_from=first,
                baseline_to=baseline_to,
                target_value=Decimal(spec["target"]),
                review_on=today + timedelta(days=spec["review_in_days"]),
                **team,
            ),
            actor=hr,
            courses=[courses[code] for code in spec["courses"]],
        )
        report.add("objectives")
    marks = selectors.objective_reports(objectives=[objective])[0].marks
    pivot = marks.get(50)
    have = set(MetricValue.objects.filter(objective=objective).values_list("period_start", flat=True))
    added = 0
    start = first
    while start <= today:
        if start not in have:
            services.record_metric_value(
                objective=objective,
                period=start,
                value=_value(spec, start, pivot=pivot),
                source="Demo data",
                actor=hr,
            )
            added += 1
        start = (start + timedelta(days=32)).replace(day=1) if frequency == "month" else start + timedelta(weeks=1)
    if added:
        report.add("metric values", added)
    return objective


def _value(spec: dict, start: date, *, pivot: date | None) -> Decimal:
    baseline, target = float(spec["baseline"]), float(spec["target"])
    rng = random.Random(f"{spec['title']}|{start.isoformat()}")  # noqa: S311 (demo noise, not a secret)
    level = baseline
    if pivot is not None and start >= pivot:
        weeks = (start - pivot).days / 7
        level = baseline + (target - baseline) * IMPROVEMENT_SHARE * min(1.0, (weeks + 1) / IMPROVEMENT_WEEKS)
    # ±8 % week to week; a metric of a few a week moves by whole ones instead
    value = level * (1 + rng.uniform(-0.08, 0.08)) if baseline >= 10 else level + rng.uniform(-0.9, 0.9)
    if start.month == 12 and start.day >= 18 or start.month == 1 and start.day <= 1:
        value *= 0.8  # the Christmas dip: fewer calls, incidents, vacancies and posts alike
    if baseline < 10:
        return Decimal(max(0, round(value)))
    return Decimal(round(value))
