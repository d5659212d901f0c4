"""Reads for people's screens: a manager's team with their required courses, department lookups by path. Query
counts depend on the depth of the reporting tree, never on the number of people or courses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

from courses.models import Enrolment
from people.models import PATH_SEPARATOR, Department, Profile, Reminder, UnmatchedDepartment, User

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

# A reporting chain deeper than this is a data error; the walk stops instead of looping.
MAX_DEPTH = 20


def _team_cte() -> str:
    """A recursive CTE `team(user_id, level)`: everyone below the manager given as the first two parameters, level 1
    for direct reports. The walk stops at MAX_DEPTH (the third parameter) and never includes the manager, so a data
    loop cannot make it run forever. Works on PostgreSQL and SQLite."""
    profile = Profile._meta.db_table
    return (
        f"WITH RECURSIVE team(user_id, level) AS ("  # noqa: S608 - the table name is the model's; every value is a parameter
        f"SELECT user_id, 1 FROM {profile} WHERE manager_id = %s AND user_id <> manager_id "
        f"UNION ALL "
        f"SELECT p.user_id, t.level + 1 FROM {profile} p JOIN team t ON p.manager_id = t.user_id "
        f"WHERE t.level < %s AND p.user_id <> %s) "
    )


def team_subquery(*, manager_id: int) -> RawSQL:
    """The ids of everyone who reports to the manager, directly or not, as SQL to filter with
    (`user_id__in=team_subquery(...)`): the management chain is walked by the database, so the statement is the same
    size for a CEO as for a team lead and no list of ids is ever built in Python."""
    sql = f"{_team_cte()}SELECT user_id FROM team"  # noqa: S608 - the table name is the model's; every value is a parameter
    return RawSQL(sql, (manager_id, MAX_DEPTH, manager_id))  # noqa: S611 - parameters only


def report_ids(*, manager: User, direct_only: bool = False) -> dict[int, int]:
    """The people who report to `manager`, directly (level 1) or through others (level 2…), as {user id: level}.
    One query. For small teams and tests: screens and reports filter with `team_subquery` instead."""
    if direct_only:
        return dict.fromkeys(
            Profile.objects.filter(manager_id=manager.pk).exclude(user_id=manager.pk).values_list("user_id", flat=True),
            1,
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"{_team_cte()}SELECT user_id, min(level) FROM team GROUP BY user_id",  # noqa: S608 - the table name is the model's; every value is a parameter
            [manager.pk, MAX_DEPTH, manager.pk],
        )
        return dict(cursor.fetchall())


def team_levels(*, manager: User, user_ids: Iterable[int]) -> dict[int, int]:
    """How far below `manager` each of `user_ids` (one page of a team) reports, as {user id: level}; people outside
    the team are left out. One query that walks up from the given people, so its cost follows the page and the
    depth of the tree, not the size of the team."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    profile = Profile._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"WITH RECURSIVE up(user_id, above, level) AS ("  # noqa: S608 - the table name is the model's; every value is a parameter
        f"SELECT user_id, manager_id, 1 FROM {profile} WHERE user_id IN ({marks}) "
        f"UNION ALL "
        f"SELECT up.user_id, p.manager_id, up.level + 1 FROM up JOIN {profile} p ON p.user_id = up.above "
        f"WHERE up.above <> %s AND up.level < %s) "
        f"SELECT user_id, min(level) FROM up WHERE above = %s AND user_id <> %s GROUP BY user_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, manager.pk, MAX_DEPTH, manager.pk, manager.pk])
        return dict(cursor.fetchall())


def has_reports(*, user: User) -> bool:
    return user.is_authenticated and Profile.objects.filter(manager=user).exists()


def team_level_of(*, manager: User, person_id: int) -> int | None:
    """How far below `manager` the person reports (1 = directly), or None when they are not in the manager's team.
    One query."""
    return team_levels(manager=manager, user_ids=[person_id]).get(person_id)


@dataclass
class CourseStatus:
    enrolment: Enrolment
    today: date
    last_reminder: datetime | None = None

    @property
    def course(self):
        return self.enrolment.course

    @property
    def is_completed(self) -> bool:
        return self.enrolment.completed_at is not None

    @property
    def is_overdue(self) -> bool:
        e = self.enrolment
        return e.completed_at is None and e.due_on is not None and e.due_on < self.today

    @property
    def next_reminder_at(self) -> datetime | None:
        """While the last reminder still holds (one a day per person and course), when the next one may go."""
        from django.utils import timezone

        from people.services import REMINDER_INTERVAL

        if self.last_reminder is None:
            return None
        at = self.last_reminder + REMINDER_INTERVAL
        return at if at > timezone.now() else None

    @property
    def status_label(self) -> str:
        from django.utils.translation import gettext as _

        if self.is_completed:
            return _("Completed")
        if self.is_overdue:
            return _("Overdue")
        if self.enrolment.progress_percent or self.enrolment.started_at:
            return _("In progress")
        return _("Not started")


@dataclass
class TeamMember:
    user: User
    level: int
    job_title: str = ""
    department: str = ""
    manager_name: str = ""
    courses: list[CourseStatus] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for c in self.courses if c.is_overdue)

    @property
    def completed_count(self) -> int:
        return sum(1 for c in self.courses if c.is_completed)

    @property
    def is_direct(self) -> bool:
        return self.level == 1


def department_parents() -> dict[int, int | None]:
    """Every department's parent, by id. One query."""
    return dict(Department.objects.values_list("pk", "parent_id"))


def departments_within(ids: Iterable[int], parents: dict[int, int | None] | None = None) -> set[int]:
    """The departments `ids` and every department below them. One query, none when `parents` (from
    `department_parents`) is given."""
    parents = department_parents() if parents is None else parents
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in parents.items():
        children[parent].append(pk)
    found, frontier = set(ids), list(ids)
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def department_paths() -> Callable[[int | None], str]:
    """A function giving a department's full path ("Operations / Depot"), or "" for None. One query."""
    rows = {pk: (name, parent) for pk, name, parent in Department.objects.values_list("pk", "name", "parent_id")}

    def path(pk: int | None) -> str:
        names, seen = [], set()
        while pk is not None and pk in rows and pk not in seen:
            seen.add(pk)
            names.append(rows[pk][0])
            pk = rows[pk][1]
        return " / ".join(reversed(names))

    return path


def team_progress(
    *, manager: User, today: date, user_ids: Iterable[int], levels: dict[int, int] | None = None
) -> list[TeamMember]:
    """The given people of the manager's team (one page of it) with their current required courses: progress, due
    date, overdue or not, and when each was last reminded. Five queries (four when `levels` is given), whatever the
    size of the team; people outside it are left out."""
    user_ids = list(user_ids)
    levels = team_levels(manager=manager, user_ids=user_ids) if levels is None else levels
    levels = {uid: levels[uid] for uid in user_ids if uid in levels}
    if not levels:
        return []
    ids = list(levels)
    profiles = {
        p.user_id: p
        for p in Profile.objects.filter(user_id__in=ids)
        .select_related("user", "manager")
        .order_by("user__last_name", "user__first_name", "user__email")
    }
    courses: dict[int, list[Enrolment]] = defaultdict(list)
    for enrolment in (
        Enrolment.objects.filter(user_id__in=ids, is_current=True, required=True)
        .select_related("course")
        .order_by("due_on", "course__title")
    ):
        courses[enrolment.user_id].append(enrolment)
    reminders = {
        (row["person_id"], row["course_id"]): row["last"]
        for row in Reminder.objects.filter(person_id__in=ids)
        .values("person_id", "course_id")
        .annotate(last=Max("created_at"))
    }
    path = department_paths()
    members = []
    for uid, profile in profiles.items():
        if not profile.user.is_active:
            continue
        members.append(
            TeamMember(
                user=profile.user,
                level=levels[uid],
                job_title=profile.job_title,
                department=path(profile.department_id),
                manager_name=str(profile.manager) if profile.manager else "",
                courses=[
                    CourseStatus(enrolment=e, today=today, last_reminder=reminders.get((uid, e.course_id)))
                    for e in courses[uid]
                ],
            )
        )
    members.sort(key=lambda m: (m.level, m.user.last_name.lower(), m.user.first_name.lower(), m.user.email))
    return members


def earlier_cycles(*, user: User) -> QuerySet[Enrolment]:
    """The person's earlier, finished cycles (recertified courses), newest first."""
    return (
        Enrolment.objects.filter(user=user, is_current=False)
        .select_related("course")
        .order_by("-completed_at", "-cycle")
    )


# --- Department lookup by path --------------------------------------------------------------------------------------
class DepartmentResolver:
    """Finds departments by path ("Operations/Control room", "OPS/CTRL") or by a code alone ("CTRL"), matching each
    level's name or code without regard to case. Loads every department once."""

    def __init__(self) -> None:
        self.departments = {d.pk: d for d in Department.objects.all()}
        self.by_code = {d.code.lower(): d for d in self.departments.values()}
        self.children: dict[int | None, dict[str, Department]] = defaultdict(dict)
        for d in self.departments.values():
            self.children[d.parent_id][d.name.lower()] = d
            self.children[d.parent_id][d.code.lower()] = d

    def resolve(self, value: str) -> Department | None:
        segments = [s.strip().lower() for s in value.split(PATH_SEPARATOR) if s.strip()]
        if not segments:
            return None
        if len(segments) == 1 and segments[0] in self.by_code:
            return self.by_code[segments[0]]
        parent_id = None
        found = None
        for segment in segments:
            found = self.children.get(parent_id, {}).get(segment)
            if found is None:
                return None
            parent_id = found.pk
        return found


def team_members(*, manager: User, today: date, direct_only: bool = False, overdue_only: bool = False) -> QuerySet:
    """The user ids of the active people who report to `manager` (all levels, or only directly), optionally only
    those with an overdue required course, in name order: a lazy query to paginate (a count and one page), the chain
    walked in SQL."""
    people = Profile.objects.filter(user__is_active=True)
    if direct_only:
        people = people.filter(manager_id=manager.pk).exclude(user_id=manager.pk)
    else:
        people = people.filter(user_id__in=team_subquery(manager_id=manager.pk))
    if overdue_only:
        people = people.filter(
            Exists(
                Enrolment.objects.filter(
                    user_id=OuterRef("user_id"), is_current=True, required=True, completed_at=None, due_on__lt=today
                )
            )
        )
    return people.order_by("user__last_name", "user__first_name", "user__email").values_list("user_id", flat=True)


def works_in_admin(*, user: User) -> bool:
    """Whether the person has something to do in Wagtail's admin beyond the reports they reach from "My team": a
    superuser, a Trainer, HR or Administrator, or anyone who may add, change or publish a page (a course reviewer).
    One or two queries."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from people import roles

    if not getattr(user, "is_authenticated", False) or not user.has_perm("wagtailadmin.access_admin"):
        return False
    if user.is_superuser or user.groups.filter(name__in=roles.ADMIN_ROLES).exists():
        return True
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


@dataclass(frozen=True)
class UnmatchedDepartmentRow:
    value: str
    people: int


def unmatched_sso_departments(*, limit: int = 20) -> list[UnmatchedDepartmentRow]:
    """Departments the identity provider named at active people's last single sign-on that match no department here,
    most people first: HR creates them (or fixes the directory). Values that match a department created since are
    left out. Two queries."""
    rows = (
        UnmatchedDepartment.objects.filter(user__is_active=True)
        .values("value")
        .annotate(people=Count("user"))
        .order_by("-people", "value")
    )
    resolver = DepartmentResolver()
    found = [
        UnmatchedDepartmentRow(value=r["value"], people=r["people"])
        for r in rows
        if resolver.resolve(r["value"]) is None
    ]
    return found[:limit]
