"""Reads for people's screens: a manager's team with their required courses, department lookups by path. Query
counts depend on the depth of the reporting tree, never on the number of people or courses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Max, QuerySet

from courses.models import Enrolment
from people.models import PATH_SEPARATOR, Department, Profile, Reminder, User

if TYPE_CHECKING:
    from collections.abc import Callable

# A reporting chain deeper than this is a data error; the walk stops instead of looping.
MAX_DEPTH = 20


def report_ids(*, manager: User, direct_only: bool = False) -> dict[int, int]:
    """The people who report to `manager`, directly (level 1) or through others (level 2…), as {user id: level}.
    One query per level of the tree."""
    found: dict[int, int] = {}
    frontier = [manager.pk]
    level = 1
    while frontier and level <= MAX_DEPTH:
        below = [
            uid
            for uid in Profile.objects.filter(manager_id__in=frontier).order_by().values_list("user_id", flat=True)
            if uid not in found and uid != manager.pk
        ]
        for uid in below:
            found[uid] = level
        if direct_only:
            break
        frontier = below
        level += 1
    return found


def has_reports(*, user: User) -> bool:
    return user.is_authenticated and Profile.objects.filter(manager=user).exists()


def team_level_of(*, manager: User, person_id: int) -> int | None:
    """How far below `manager` the person reports (1 = directly), or None when they are not in the manager's team.
    Walks up from the person: one query per level."""
    current, seen = person_id, set()
    for level in range(1, MAX_DEPTH + 1):
        above = Profile.objects.filter(user_id=current).order_by().values_list("manager_id", flat=True).first()
        if above is None or above in seen:
            return None
        if above == manager.pk:
            return level
        seen.add(above)
        current = above
    return None


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


def _department_paths() -> Callable[[int | None], str]:
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
    *, manager: User, today: date, user_ids: list[int] | None = None, levels: dict[int, int] | None = None
) -> list[TeamMember]:
    """The manager's reports (or the given subset of them) with their current required courses: progress, due date,
    overdue or not, and when each was last reminded. Four queries, plus one per level of the tree unless `levels`
    (from `report_ids`) is given."""
    levels = report_ids(manager=manager) if levels is None else levels
    if user_ids is not None:
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
    path = _department_paths()
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


def team_member_ids(
    *, levels: dict[int, int], today: date, direct_only: bool = False, overdue_only: bool = False
) -> list[int]:
    """Ids of the active people in `levels` (from `report_ids`), in name order, optionally only direct reports or
    only those with an overdue required course. One query."""
    if direct_only:
        levels = {uid: level for uid, level in levels.items() if level == 1}
    if not levels:
        return []
    people = Profile.objects.filter(user_id__in=list(levels), user__is_active=True)
    if overdue_only:
        people = people.filter(
            user__enrolments__is_current=True,
            user__enrolments__required=True,
            user__enrolments__completed_at=None,
            user__enrolments__due_on__lt=today,
        ).distinct()
    return list(people.order_by("user__last_name", "user__first_name", "user__email").values_list("user_id", flat=True))


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
