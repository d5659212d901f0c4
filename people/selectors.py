"""Reads for people's screens: a manager's team with their required courses, department lookups by path. Query
counts never depend on the number of people or courses; a manager's team is read from the reporting lines
(`ReportingLine`, a closure table of the managers)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from courses.models import Enrolment
from people import hooks
from people.models import PATH_SEPARATOR, Department, Profile, Reminder, ReportingLine, UnmatchedDepartment, User

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


def team_subquery(*, manager_id: int) -> QuerySet:
    """The ids of everyone who reports to the manager, directly or not, as a subquery to filter with
    (`user_id__in=team_subquery(...)`): one indexed lookup in the reporting lines (`ReportingLine`, kept in step with
    every change of a manager), so the statement is the same for a CEO as for a team lead, no list of ids is ever
    built in Python, and the planner sizes the team from the table's statistics."""
    return ReportingLine.objects.filter(ancestor_id=manager_id).values("descendant_id")


def report_ids(*, manager: User, direct_only: bool = False) -> dict[int, int]:
    """The people who report to `manager`, directly (level 1) or through others (level 2…), as {user id: level}.
    One query. For small teams and tests: screens and reports filter with `team_subquery` instead."""
    lines = ReportingLine.objects.filter(ancestor_id=manager.pk)
    if direct_only:
        lines = lines.filter(depth=1)
    return dict(lines.values_list("descendant_id", "depth"))


def team_levels(*, manager: User, user_ids: Iterable[int]) -> dict[int, int]:
    """How far below `manager` each of `user_ids` (one page of a team) reports, as {user id: level}; people outside
    the team are left out. One query, whose cost follows the page, not the size of the team."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    return dict(
        ReportingLine.objects.filter(ancestor_id=manager.pk, descendant_id__in=ids).values_list(
            "descendant_id", "depth"
        )
    )


GROUP_NAMES = "group_names_held"  # the annotation `with_group_names` adds


def with_group_names(people: QuerySet) -> QuerySet:
    """`people` (a queryset of User) with the names of each one's groups read in the same statement, for
    `group_names_of`: on PostgreSQL an ARRAY(subquery) beside the row, which a SELECT … FOR UPDATE may carry too (one
    query fewer for every person SCIM reads or provisions); elsewhere unchanged, and `group_names_of` asks."""
    if connection.vendor != "postgresql":
        return people
    from django.contrib.postgres.expressions import ArraySubquery

    names = User.groups.through.objects.filter(user_id=OuterRef("pk")).values("group__name")
    return people.annotate(**{GROUP_NAMES: ArraySubquery(names)})


ROW_VERSION = "row_version_read"  # the annotation `with_row_version` adds


def with_row_version(people: QuerySet) -> QuerySet:
    """`people` (a queryset of User) with the version of each one's account and profile rows as read: on PostgreSQL
    each row's `xmin` (the transaction that wrote the row as it now is) and `ctid` (where that version is stored, new
    on every update, within one transaction too), as "account/profile" ("account/-" without a profile); elsewhere
    unchanged. people.provisioning compares it when it locks the rows, so a person read by SCIM
    and then changed is not read a second time when nothing changed between the two."""
    if connection.vendor != "postgresql":
        return people
    from django.db.models.expressions import RawSQL

    quote = connection.ops.quote_name
    user, profile = quote(User._meta.db_table), quote(Profile._meta.db_table)
    sql = (
        f"{user}.xmin::text || ':' || {user}.ctid::text || '/' || coalesce("  # noqa: S608 - table names are the models'
        f"(SELECT p.xmin::text || ':' || p.ctid::text FROM {profile} p WHERE p.user_id = {user}.id), '-')"
    )
    return people.annotate(**{ROW_VERSION: RawSQL(sql, [])})  # noqa: S611 - table names are the models'; no input


def group_names_of(person: User) -> set[str]:
    """The names of the groups `person` is in: read with the person by `with_group_names`, or one query."""
    names = getattr(person, GROUP_NAMES, None)
    if names is None:
        return group_names(user_ids=[person.pk])[person.pk]
    return set(names)


def group_names(*, user_ids: Iterable[int]) -> dict[int, set[str]]:
    """{user id: the names of the groups they are in} (a set, empty for none) in one query: the roles and other groups
    that provisioning diffs and SCIM answers with."""
    names: dict[int, set[str]] = defaultdict(set)
    for user_id, name in User.groups.through.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "group__name"
    ):
        names[user_id].add(name)
    return names


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

    @property
    def tag(self) -> str:
        """The status tag's kind for `status_label` (templates/includes/tag.html)."""
        if self.is_completed:
            return "done"
        if self.is_overdue:
            return "overdue"
        return "progress" if self.enrolment.progress_percent or self.enrolment.started_at else "todo"


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
# What the departments are, in one value computed by PostgreSQL: every id, parent, name and code, so that any
# addition, removal, rename, recode or move gives another value (JSON keeps the fields apart; md5 keeps it short).
_DEPARTMENTS_FINGERPRINT = (
    "SELECT md5(coalesce(json_agg(json_build_array(id, parent_id, name, code) ORDER BY id)::text, '')) FROM {table}"
)


class DepartmentResolver:
    """Finds departments by path ("Operations/Control room", "OPS/CTRL") or by a code alone ("CTRL"), matching each
    level's name or code without regard to case. Loads every department once."""

    _latest: tuple[str, DepartmentResolver] | None = None  # this process's last (fingerprint, resolver), see current()

    @classmethod
    def current(cls) -> DepartmentResolver:
        """A resolver of the departments as they are now. On PostgreSQL one short query (the departments'
        fingerprint) answers whether this process's last resolver still holds exactly these departments, and that
        one (with its paths) is reused; otherwise, and on other databases, every department is loaded again. A full
        SCIM sync asks once per person. Treat the departments it holds as read-only: they are shared."""
        if connection.vendor != "postgresql":
            return cls()
        with connection.cursor() as cursor:
            cursor.execute(_DEPARTMENTS_FINGERPRINT.format(table=Department._meta.db_table))
            fingerprint = cursor.fetchone()[0]
        latest = cls._latest
        if latest is not None and latest[0] == fingerprint:
            return latest[1]
        resolver = cls()
        cls._latest = (fingerprint, resolver)
        return resolver

    def __init__(self) -> None:
        self.departments = {d.pk: d for d in Department.objects.all()}
        self._paths: dict[int, str] | None = None
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

    @property
    def paths(self) -> dict[int, str]:
        """Each department's path ("Operations/Control room") by id, worked out once per resolver."""
        if self._paths is None:
            self._paths = paths_by_department(self.departments)
        return self._paths


def paths_by_department(departments: dict[int, Department]) -> dict[int, str]:
    """Each of `departments`' path by id (the names from the top down, joined by "/"); a loop stops where it closes."""

    def path(d):
        names, seen = [], set()
        while d is not None and d.pk not in seen:
            seen.add(d.pk)
            names.append(d.name)
            d = departments.get(d.parent_id)
        return PATH_SEPARATOR.join(reversed(names))

    return {pk: path(d) for pk, d in departments.items()}


def team_members(*, manager: User, today: date, direct_only: bool = False, overdue_only: bool = False) -> QuerySet:
    """The user ids of the active people who report to `manager` (all levels, or only directly), optionally only
    those with an overdue required course, in name order: a lazy query to paginate (a count and one page), the team
    joined from the reporting lines."""
    people = Profile.objects.filter(user__is_active=True)
    lines = ReportingLine.objects.filter(ancestor_id=manager.pk)
    people = people.filter(user_id__in=(lines.filter(depth=1) if direct_only else lines).values("descendant_id"))
    if overdue_only:
        people = people.filter(
            Exists(
                Enrolment.objects.filter(
                    user_id=OuterRef("user_id"), is_current=True, required=True, completed_at=None, due_on__lt=today
                )
            )
        )
    return people.order_by("user__last_name", "user__first_name", "user__email").values_list("user_id", flat=True)


@dataclass(frozen=True)
class TeamSummary:
    """My team's figures: the active people in scope, their current required courses, how many of those are
    completed and how many are overdue (not completed, due before today)."""

    people: int
    required: int
    completed: int
    overdue: int

    @property
    def completion_percent(self) -> int | None:
        """Completed required courses as a whole percentage of all of them; None when nobody has one."""
        return round(100 * self.completed / self.required) if self.required else None


def team_summary(*, manager: User, today: date, direct_only: bool = False) -> TeamSummary:
    """The summary band over the whole scope of the manager's team (everyone below them in the reporting lines, or
    only their direct reports), whatever page or filter the list shows: from a registered source
    (`people.hooks`: reports' maintained team counts, a few rows for any manager) or else counted live."""
    for source in hooks.team_summary_sources():
        summary = source(manager_id=manager.pk, today=today, direct_only=direct_only)
        if summary is not None:
            return summary
    return live_team_summary(manager=manager, today=today, direct_only=direct_only)


def live_team_summary(*, manager: User, today: date, direct_only: bool = False) -> TeamSummary:
    """`team_summary` from a scan of the scope's current required enrolments: two queries whose cost grows with the
    team (the chief executive's scans every enrolment). The reference the maintained counts are checked against."""
    lines = ReportingLine.objects.filter(ancestor_id=manager.pk)
    if direct_only:
        lines = lines.filter(depth=1)
    people = User.objects.filter(is_active=True, profile__isnull=False, pk__in=lines.values("descendant_id"))
    figures = Enrolment.objects.filter(is_current=True, required=True, user__in=people).aggregate(
        required=Count("pk"),
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
        overdue=Count("pk", filter=Q(completed_at=None, due_on__lt=today)),
    )
    return TeamSummary(people=people.count(), **figures)


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
