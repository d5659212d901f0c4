"""Fill the database with a large, made-up organisation for the reports' benchmarks: departments with
sub-departments, courses with modules, learners with managers and cohorts, enrolments (an earlier recertification
cycle for some) and module progress in every state.

    manage.py generate_load_data --learners 1000000 --modules 40

Runs again to top up: `--learners` is the total of generated learners wanted, so a second run with a larger number
adds only the missing ones. People and enrolments go in through one helper (`_insert`: PostgreSQL's COPY, bulk_create
in large batches elsewhere) and module progress in one INSERT … SELECT the database runs, bypassing the services on
purpose: this is test data, made in minutes, never real people. On PostgreSQL as a superuser the load skips triggers
(foreign-key checks and the completion counts') and the counts are then rebuilt with a reconcile, as are the
reporting lines (managers' scopes) on every database. Every address ends
in @load.example."""

from __future__ import annotations

import random
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from courses.models import CourseIndexPage, CoursePage, Enrolment, ModulePage
from people import roles
from people.models import Cohort, CohortMembership, Department, Profile, User

if TYPE_CHECKING:
    from collections.abc import Iterable

DOMAIN = "load.example"
# Ten divisions of ten teams: about a thousand learners a team at 100,000 learners.
TOP_DEPARTMENTS = [
    "Operations",
    "Customer Service",
    "Product & Digital",
    "Brand & Communications",
    "People & HR",
    "Finance",
    "Engineering",
    "Stations",
    "Fleet",
    "Corporate",
]
SUB_DEPARTMENTS = ["North", "South", "East", "West", "Central", "Coast", "Valley", "Depots", "Nights", "Support"]
FIRST_NAMES = [
    "Alex",
    "Sam",
    "Jordan",
    "Priya",
    "Kwame",
    "Mei",
    "Fatima",
    "Tomasz",
    "Aisha",
    "Rafael",
    "Grace",
    "Siobhán",
]
LAST_NAMES = ["Adeyemi", "Moreno", "Zhao", "Okonkwo", "Nowak", "Rahman", "Cohen", "Murphy", "Ellis", "Mensah", "Nair"]
BATCH = 20_000


class Command(BaseCommand):
    help = "Generate a large made-up organisation for the report benchmarks (idempotent top-up)."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=1000, help="Total generated learners wanted.")
        parser.add_argument("--modules", type=int, default=40, help="Modules in all, spread over the courses.")
        parser.add_argument("--courses", type=int, default=0, help="Courses (default: one per 10 modules).")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, learners: int, modules: int, courses: int, seed: int, **options):
        if learners < 0 or modules < 1:
            raise CommandError("Give at least one module and no negative number of learners.")
        started = time.perf_counter()
        course_count = courses or max(1, modules // 10)
        rng = random.Random(seed)  # noqa: S311 - made-up test data, repeatable on purpose
        with transaction.atomic():
            departments = _departments()
            course_modules = _courses(course_count, modules)
            staff = _staff(departments)
        existing = User.objects.filter(email__startswith="learner", email__endswith=f"@{DOMAIN}").count()
        missing = max(0, learners - existing)
        enrolments = progress = 0
        if missing:
            with transaction.atomic():
                fast = _without_triggers()
                made = _learners(existing, missing, departments, staff, rng)
                before = Enrolment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                enrolments = _enrolments(made, course_modules, rng)
                progress = _progress(before, course_modules)
                _cohorts(made, rng)
                if fast:  # back to normal (this may be a savepoint inside a longer transaction)
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL session_replication_role = origin")
            if fast:
                # The rows went in without the counting triggers: the maintained counts are rebuilt from a live scan.
                call_command("reconcile_completion_counts", stdout=self.stdout)
            # The profiles went in around the services: the reporting lines are filled from their managers.
            call_command("reconcile_reporting_lines", stdout=self.stdout)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"{existing + missing} generated learners ({missing} new), {len(course_modules)} courses, "
            f"{sum(len(m) for m in course_modules.values())} modules, {enrolments} new current enrolments, "
            f"{progress} new module progress rows in {time.perf_counter() - started:.0f} s."
        )


# --- Structure -------------------------------------------------------------------------------------------------------
def _departments() -> list[Department]:
    """Ten top-level departments with ten sub-departments each; learners sit in the sub-departments."""
    leaves = []
    for index, name in enumerate(TOP_DEPARTMENTS):
        top, _ = Department.objects.get_or_create(code=f"LOAD{index}", defaults={"name": f"{name} (load)"})
        for sub_index, sub in enumerate(SUB_DEPARTMENTS):
            leaf, _ = Department.objects.get_or_create(
                code=f"LOAD{index}-{sub_index}", defaults={"name": sub, "parent": top}
            )
            leaves.append(leaf)
    return leaves


def _courses(count: int, modules: int) -> dict[int, list[int]]:
    """{course id: [module ids]} of the generated courses, made once, published."""
    index = CourseIndexPage.objects.first()
    if index is None:
        raise CommandError("There is no course catalogue page: run migrate first.")
    result: dict[int, list[int]] = {}
    per_course = [modules // count + (1 if i < modules % count else 0) for i in range(count)]
    for number in range(1, count + 1):
        slug = f"load-course-{number}"
        course = CoursePage.objects.filter(slug=slug).first()
        if course is None:
            course = CoursePage(title=f"Load course {number}", slug=slug, summary="Generated for benchmarks.")
            index.add_child(instance=course)
            course.save_revision().publish()
        existing = list(ModulePage.objects.child_of(course).order_by("path").values_list("pk", flat=True))
        for module_number in range(len(existing) + 1, per_course[number - 1] + 1):
            module = ModulePage(title=f"Module {number}.{module_number}", summary="Generated.", minutes=6)
            course.add_child(instance=module)
            module.save_revision().publish()
            existing.append(module.pk)
        result[course.pk] = existing
    return result


def _staff(departments: list[Department]) -> dict[str, User]:
    """An HR person and a top manager, to look at the reports with."""
    people = {}
    for key, email, role in (("hr", f"hr@{DOMAIN}", roles.HR), ("chief", f"chief@{DOMAIN}", roles.MANAGERS)):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, first_name=key.title(), last_name="Load")
            Profile.objects.get_or_create(user=user, defaults={"department": departments[0]})
        user.groups.add(Group.objects.get(name=role))
        people[key] = user
    return people


# --- People and learning records -------------------------------------------------------------------------------------
def _without_triggers() -> bool:
    """On PostgreSQL as a superuser, the rest of this transaction skips triggers (the foreign-key checks, which the
    generator's own ids satisfy, and the completion counts', which are rebuilt afterwards): a million learners then
    load in minutes. Elsewhere every trigger runs. Returns whether they are skipped."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def _insert(model, fields: list[str], rows: Iterable[tuple]) -> None:
    """Rows into `model`'s table: COPY on PostgreSQL, bulk_create in batches elsewhere."""
    if connection.vendor == "postgresql":
        columns = ", ".join(model._meta.get_field(name).column for name in fields)
        with connection.cursor() as cursor, cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def _learners(
    existing: int, missing: int, departments: list[Department], staff: dict[str, User], rng: random.Random
) -> list[tuple[int, int]]:
    """Make `missing` learners after the `existing` ones; returns [(user id, department id)]. In each department the
    first learner made is its manager and reports to the top manager."""
    now = timezone.now()
    before = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    numbers = range(existing + 1, existing + missing + 1)
    _insert(
        User,
        [
            "password",
            "is_superuser",
            "first_name",
            "last_name",
            "is_staff",
            "is_active",
            "date_joined",
            "email",
            "pronouns",
        ],
        (
            (
                "!",
                False,
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                False,
                rng.random() > 0.02,
                now - timedelta(days=rng.randint(30, 2000)),
                f"learner{n:07d}@{DOMAIN}",
                "",
            )
            for n in numbers
        ),
    )
    made = list(
        User.objects.filter(pk__gt=before, email__endswith=f"@{DOMAIN}").order_by("pk").values_list("pk", flat=True)
    )
    managers: dict[int, int] = dict(
        Profile.objects.filter(
            user__email__endswith=f"@{DOMAIN}", user__groups__name=roles.MANAGERS, department__in=departments
        )
        .exclude(user=staff["chief"])
        .values_list("department_id", "user_id")
    )
    people = []
    profiles = []
    for index, user_id in enumerate(made):
        department = departments[(existing + index) % len(departments)].pk
        manager = managers.get(department)
        if manager is None:
            managers[department] = user_id
            manager = staff["chief"].pk
        people.append((user_id, department))
        profiles.append(
            (
                user_id,
                department,
                "Staff",
                manager,
                "manager" if manager == staff["chief"].pk else "staff",
                (now - timedelta(days=rng.randint(30, 2000))).date(),
                now,
            )
        )
    _insert(
        Profile,
        ["user_id", "department_id", "job_title", "manager_id", "audience", "hire_date", "updated_at"],
        profiles,
    )
    learners_group = Group.objects.get(name=roles.LEARNERS).pk
    managers_group = Group.objects.get(name=roles.MANAGERS).pk
    made_ids = set(made)
    new_managers = {uid for uid in managers.values() if uid in made_ids}
    through = User.groups.through
    _insert(
        through,
        ["user_id", "group_id"],
        [(uid, learners_group) for uid in made] + [(uid, managers_group) for uid in sorted(new_managers)],
    )
    return people


def _enrolments(people: list[tuple[int, int]], course_modules: dict[int, list[int]], rng: random.Random) -> int:
    """Every learner in every course: 45 % completed, 25 % in progress, 30 % not started; one in ten recertifying in
    the first course (an earlier, completed cycle before the current one). Returns how many current cycles."""
    now = timezone.now()
    today = timezone.localdate()
    first_course = min(course_modules)
    made = 0

    def row(user_id, course_id, cycle, current, enrolled, due, percent, completed):
        started = enrolled + timedelta(hours=1) if percent else None
        return (user_id, course_id, cycle, current, "assigned", True, enrolled, due, percent, started, completed, None)

    def rows():
        nonlocal made
        for user_id, _department in people:
            for course_id, module_ids in course_modules.items():
                roll = rng.random()
                enrolled = now - timedelta(days=rng.randint(1, 120), minutes=rng.randint(0, 1440))
                due = (enrolled + timedelta(days=60)).date()
                cycle = 1
                if course_id == first_course and rng.random() < 0.1:
                    done = now - timedelta(days=400)
                    yield row(
                        user_id,
                        course_id,
                        1,
                        False,
                        done - timedelta(days=20),
                        (done - timedelta(days=5)).date(),
                        100,
                        done,
                    )
                    cycle = 2
                made += 1
                if roll < 0.45:  # completed
                    yield row(
                        user_id,
                        course_id,
                        cycle,
                        True,
                        enrolled,
                        due,
                        100,
                        min(now, enrolled + timedelta(days=rng.randint(1, 70))),
                    )
                elif roll < 0.70:  # in progress: some modules done
                    modules = len(module_ids)
                    percent = min(99, round(100 * rng.randint(1, max(1, modules - 1)) / modules))
                    yield row(user_id, course_id, cycle, True, enrolled, due, percent, None)
                else:  # not started; some due a month from today
                    yield row(
                        user_id,
                        course_id,
                        cycle,
                        True,
                        enrolled,
                        due if rng.random() < 0.8 else today + timedelta(days=30),
                        0,
                        None,
                    )

    _insert(
        Enrolment,
        [
            "user_id",
            "course_id",
            "cycle",
            "is_current",
            "source",
            "required",
            "enrolled_at",
            "due_on",
            "progress_percent",
            "started_at",
            "completed_at",
            "expires_at",
        ],
        rows(),
    )
    return made


# Module progress matching each current enrolment made after `after`, written by the database in one statement:
# every module of a completed course, the modules the percentage covers of one in progress plus the next one started,
# none of one not started.
PROGRESS_SQL = """
WITH modules (course_id, module_id, position) AS (VALUES {modules}),
totals AS (SELECT course_id, count(*) AS total FROM modules GROUP BY course_id)
INSERT INTO courses_moduleprogress
    (enrolment_id, module_id, state, started_at, completed_at, time_spent_seconds, updated_at)
SELECT e.id, m.module_id, CASE WHEN m.position < e.done THEN 2 ELSE 1 END, e.started_at,
       CASE WHEN m.position < e.done THEN COALESCE(e.completed_at, e.started_at) END,
       CASE WHEN m.position < e.done THEN 480 ELSE 120 END, %s
FROM (SELECT e.id, e.course_id, e.started_at, e.completed_at, e.progress_percent,
             CASE WHEN e.completed_at IS NOT NULL THEN t.total ELSE (e.progress_percent * t.total + 50) / 100 END AS done
      FROM courses_enrolment e JOIN totals t ON t.course_id = e.course_id
      WHERE e.id > %s AND e.is_current) e
JOIN modules m ON m.course_id = e.course_id
WHERE m.position < e.done OR (m.position = e.done AND e.completed_at IS NULL AND e.progress_percent > 0)
"""


def _progress(after: int, course_modules: dict[int, list[int]]) -> int:
    """Module progress for the current enrolments with an id above `after`; returns how many rows."""
    values = ", ".join(
        f"({course_id}, {module_id}, {position})"
        for course_id, module_ids in course_modules.items()
        for position, module_id in enumerate(module_ids)
    )
    with connection.cursor() as cursor:
        cursor.execute(PROGRESS_SQL.format(modules=values), [timezone.now(), after])
        if cursor.rowcount >= 0:
            return cursor.rowcount
        cursor.execute("SELECT changes()")  # SQLite does not count the rows of an INSERT with a WITH clause
        return cursor.fetchone()[0]


def _cohorts(people: list[tuple[int, int]], rng: random.Random) -> None:
    """Three cross-functional cohorts of about 2 % of the learners each."""
    cohorts = []
    for number in range(1, 4):
        cohort, _ = Cohort.objects.get_or_create(code=f"LOAD-C{number}", defaults={"name": f"Load cohort {number}"})
        cohorts.append(cohort)
    _insert(
        CohortMembership,
        ["cohort_id", "user_id", "joined_at"],
        [(rng.choice(cohorts).pk, user_id, timezone.now()) for user_id, _ in people if rng.random() < 0.06],
    )
