"""Tarnwick Transit's organisation (CONTENT.md §5) through people's services: departments, profiles with managers,
cohorts, and the three assignments. Dates are offsets from today (T). Runs after the progress loader: the assignments
find the enrolments it made (`enrol_user` is idempotent), so the expected HR figures hold."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from courses.models import CoursePage
from demo.loaders.base import Report, content
from people import services
from people.models import Assignment, Cohort, CohortMembership, Department, DueRule, Profile, User


def load_organisation(report: Report, *, users: dict[str, User], courses: dict[str, CoursePage]) -> None:
    """Create what is missing; people, cohorts and assignments already there are left exactly as they are."""
    org = content("organisation")
    today = timezone.localdate()

    departments: dict[str, Department] = {}
    for data in org["DEPARTMENTS"]:
        department = Department.objects.filter(code=data["code"]).first()
        if department is None:
            department = services.create_department(
                name=data["name"], code=data["code"], parent=departments.get(data["parent"]) if data["parent"] else None
            )
            report.add("departments")
        departments[data["code"]] = department

    # Managers are set in a second pass, once everyone above them has a profile.
    fresh = []
    for person in org["PEOPLE"]:
        user = users[person["username"]]
        profile = services.ensure_profile(user=user)
        if profile.department_id is None and not profile.job_title:
            services.update_profile(
                user=user,
                department=departments[person["department"]],
                job_title=person["job_title"],
                audience=person["audience"],
                hire_date=today + timedelta(days=person["hire_offset_days"]),
            )
            fresh.append(person)
            report.add("profiles")
    for person in fresh:
        if (
            person["manager"]
            and not Profile.objects.filter(user=users[person["username"]]).exclude(manager=None).exists()
        ):
            services.update_profile(user=users[person["username"]], manager=users[person["manager"]])

    cohorts: dict[str, Cohort] = {}
    for data in org["COHORTS"]:
        cohort = Cohort.objects.filter(code=data["code"]).first()
        if cohort is None:
            cohort = Cohort(
                code=data["code"],
                name=data["name"],
                description=data["description"],
                facilitator=users[data["facilitator"]],
            )
            cohort.memberships = [CohortMembership(user=users[username]) for username in data["members"]]
            services.save_cohort(cohort=cohort)
            report.add("cohorts")
        cohorts[data["code"]] = cohort

    actor = users.get("fatima.haddad")
    for data in org["ASSIGNMENTS"]:
        course = courses[data["course"]]
        if Assignment.objects.filter(course=course).exists():
            continue
        relative = data["relative_due_days"]
        services.create_assignment(
            course=course,
            actor=actor,
            departments=[departments[code] for code in data["departments"]],
            cohorts=[cohorts[code] for code in data["cohorts"]],
            due_rule=DueRule.AFTER_ASSIGNMENT if relative else DueRule.FIXED,
            due_on=None if relative else today + timedelta(days=data["due_offset"]),
            due_days=relative,
            assigned_on=today + timedelta(days=data["assigned_offset"]),
        )
        report.add("assignments")
