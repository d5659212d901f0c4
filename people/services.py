"""Writes to the organisation: people's profiles, departments, cohorts, assignments and the enrolments they make
(only through `courses.services`), recertification, reminders, invitations and the audit log.

Each public function is one transaction. Assignment targets are expanded into AssignmentMembership rows by one engine,
`sync_assignments_for_users`, which every change of department, cohort, audience, hire date or assignment calls, so
people who join later are enrolled the same way as the first ones."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import services as course_services
from courses.models import CoursePage, Enrolment
from people import privileges
from people.exceptions import NothingToRemind, ReminderTooSoon
from people.models import (
    Assignment,
    AssignmentMembership,
    AssignmentPerson,
    AuditLog,
    Cohort,
    CohortMembership,
    Department,
    Profile,
    Reminder,
    ReportingLine,
    User,
)
from people.privileges import Change
from people.selectors import department_parents, departments_within

if TYPE_CHECKING:
    from people.models import DueRule

REMINDER_INTERVAL = timedelta(hours=24)
CHUNK = 1000
# Up to this many (person, course) enrolment updates are made in the same transaction as the change that caused
# them; more go to background tasks after commit.
INLINE_ENROLMENT_LIMIT = 200
_UNSET: Any = object()
VIA_ADMIN = "people admin"  # how the audit log names the path of a refused change


def chunked(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- Audit log ------------------------------------------------------------------------------------------------------
def record_audit(
    *,
    actor: User | None,
    action: str,
    summary: str,
    subject: User | None = None,
    data: dict | None = None,
) -> AuditLog:
    """Add one audit log entry. Summaries must not name people: the subject link does that, and erasure blanks it."""
    entry = AuditLog(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        subject=subject,
        summary=summary[:500],
        data=data or {},
    )
    # The actor and subject are rows the caller holds: checking that they exist would cost a query per entry.
    entry.full_clean(exclude=[name for name in ("actor", "subject") if getattr(entry, f"{name}_id") is not None])
    entry.save()
    return entry


# --- People ---------------------------------------------------------------------------------------------------------
def ensure_profile(*, user: User) -> Profile:
    """The person's profile, made empty if missing (accounts made outside Socialwise's own flows)."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def update_profile(
    *,
    user: User,
    department: Department | None = _UNSET,
    job_title: str = _UNSET,
    manager: User | None = _UNSET,
    audience: str = _UNSET,
    hire_date: date | None = _UNSET,
    cohorts: Iterable[Cohort] = _UNSET,
) -> Profile:
    """Change what is given of a person's place in the organisation (arguments left out stay as they are), then
    bring their assignments up to date. Refuses a manager loop with a ValidationError."""
    return change_profile(
        user=user,
        profile=Profile.objects.select_for_update().filter(user=user).first(),
        department=department,
        job_title=job_title,
        manager=manager,
        audience=audience,
        hire_date=hire_date,
        cohorts=cohorts,
    )


def change_profile(
    *,
    user: User,
    profile: Profile | None,
    department: Department | None = _UNSET,
    job_title: str = _UNSET,
    manager: User | None = _UNSET,
    audience: str = _UNSET,
    hire_date: date | None = _UNSET,
    cohorts: Iterable[Cohort] = _UNSET,
) -> Profile:
    """`update_profile` inside the caller's transaction, on the person's profile the caller already read locked
    (SELECT … FOR UPDATE) in it, or None when they have none yet (one is made): no savepoint, no second read of the
    row. people.provisioning locks the account and its profile in one query and calls this."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("change_profile runs inside the caller's transaction.")
    profile = profile or ensure_profile(user=user)
    changes = {
        "department": department,
        "job_title": job_title,
        "manager": manager,
        "audience": audience,
        "hire_date": hire_date,
    }
    changed = []
    for name, value in changes.items():
        if value is _UNSET:
            continue
        current = getattr(profile, f"{name}_id" if name in ("department", "manager") else name)
        new = value.pk if name in ("department", "manager") and value is not None else value
        if current != new:
            setattr(profile, name, value)
            changed.append(name)
    if changed:
        # Only what changed is validated again (the rest was valid when saved): a new job title does not look up the
        # department and the manager. clean() still checks a manager loop.
        profile.full_clean(exclude=[f.name for f in Profile._meta.fields if f.name not in changed])
        profile.save(update_fields=[*changed, "updated_at"])
        if "manager" in changed:
            refresh_reporting_lines(user_ids=[user.pk])
    cohorts_changed = False
    if cohorts is not _UNSET:
        cohorts_changed = _set_cohorts_of(user=user, cohort_ids={c.pk for c in cohorts})
    if cohorts_changed or {"department", "audience", "hire_date"} & set(changed):
        sync_assignments_for_users(user_ids=[user.pk])
    return profile


# --- Reporting lines (the closure table of Profile.manager) ---------------------------------------------------------
# Above this many people moved at once (a first import), one rebuild of the whole table is cheaper than the walks.
REBUILD_ABOVE = 5000
# A lock every change of the reporting tree takes (PostgreSQL advisory lock, per transaction): two concurrent moves
# then neither miss each other's rows nor together make a loop that each alone would not.
REPORTING_LOCK = 7_310_021
# No real chain is this deep; the walk stops there whatever the data, so a loop written around the services (raw SQL)
# cannot make it run forever.
MAX_CHAIN = 500


class ManagerLoop(ValidationError):
    """A change of manager would make someone report (directly or not) to themselves."""


def _reporting_sql() -> dict[str, str]:
    return {"profile": Profile._meta.db_table, "line": ReportingLine._meta.db_table}


def _lock_reporting_tree(cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REPORTING_LOCK])


# Everyone in the tree walked up from the people in `start` (a SELECT of user ids): (person, someone above, depth).
_WALK_UP = """up(descendant, ancestor, depth) AS (
    SELECT p.user_id, p.manager_id, 1 FROM {profile} p WHERE p.user_id IN ({start}) AND p.manager_id IS NOT NULL
    UNION ALL
    SELECT up.descendant, p.manager_id, up.depth + 1 FROM up JOIN {profile} p ON p.user_id = up.ancestor
    WHERE p.manager_id IS NOT NULL AND up.depth < {max_chain})"""


@transaction.atomic
def refresh_reporting_lines(*, user_ids: Iterable[int]) -> int:
    """Bring the reporting lines up to date after the managers of `user_ids` changed (already written, in this
    transaction): the rows of those people and of everyone below them are recomputed from `Profile.manager`. Every
    path that changes a manager calls this (admin, CSV import, SCIM, single sign-on, erasure). Refuses, with a
    ManagerLoop and nothing written, a change that makes a loop, including one two concurrent changes make together.
    Returns how many rows were written. The cost follows the people moved and their teams, not the organisation."""
    moved = sorted({int(pk) for pk in user_ids})
    if not moved:
        return 0
    names = _reporting_sql()
    with connection.cursor() as cursor:
        _lock_reporting_tree(cursor)
        for batch in chunked(moved):
            marks = ", ".join(["%s"] * len(batch))
            # A new loop passes through someone moved: walking up from them meets them again.
            cursor.execute(
                f"WITH RECURSIVE up(start, above) AS ("  # noqa: S608 - table names are the models'; values are parameters
                f"SELECT user_id, manager_id FROM {names['profile']} WHERE user_id IN ({marks})"
                f" AND manager_id IS NOT NULL UNION "
                f"SELECT up.start, p.manager_id FROM up JOIN {names['profile']} p ON p.user_id = up.above"
                f" WHERE p.manager_id IS NOT NULL) "
                f"SELECT start FROM up WHERE above = start LIMIT 1",
                batch,
            )
            if looped := cursor.fetchone():
                message = _("This change makes a management loop: person #%(pk)d would report to themselves.")
                raise ManagerLoop({"manager": message % {"pk": looped[0]}})
        if len(moved) > REBUILD_ABOVE:
            return reconcile_reporting_lines().missing
        written = 0
        for batch in chunked(moved):
            marks = ", ".join(["%s"] * len(batch))
            below = (
                f"below(user_id) AS (SELECT id FROM {User._meta.db_table} WHERE id IN ({marks}) UNION "  # noqa: S608 - table names are the models'; values are parameters
                f"SELECT p.user_id FROM {names['profile']} p JOIN below b ON p.manager_id = b.user_id)"
            )
            cursor.execute(
                f"WITH RECURSIVE {below} DELETE FROM {names['line']} WHERE descendant_id IN (SELECT user_id FROM below)",  # noqa: S608 - table names are the models'; values are parameters
                batch,
            )
            walk = _WALK_UP.format(start="SELECT user_id FROM below", max_chain=MAX_CHAIN, **names)
            cursor.execute(
                f"INSERT INTO {names['line']} (ancestor_id, descendant_id, depth) WITH RECURSIVE {below}, {walk} "  # noqa: S608 - table names are the models'; values are parameters
                f"SELECT ancestor, descendant, min(depth) FROM up GROUP BY ancestor, descendant",
                batch,
            )
            written += max(cursor.rowcount, 0)
    return written


@transaction.atomic
def detach_reports(*, manager: User) -> int:
    """The people who report directly to `manager` no longer do (no manager), and the reporting lines follow: for an
    account about to be deleted or erased. Returns how many people were detached."""
    reports = list(Profile.objects.filter(manager=manager).values_list("user_id", flat=True))
    if reports:
        Profile.objects.filter(user_id__in=reports).update(manager=None)
        refresh_reporting_lines(user_ids=reports)
    return len(reports)


@dataclass(frozen=True)
class ReportingDrift:
    rows: int  # rows the reporting tree has now
    missing: int  # rows added (or depths corrected)
    extra: int  # rows removed


@transaction.atomic
def reconcile_reporting_lines() -> ReportingDrift:
    """Compare every reporting line with the tree `Profile.manager` describes and repair the difference: the nightly
    check, the data migration's fill, and the rebuild after a bulk load. Returns what was repaired."""
    names = _reporting_sql()
    everyone = "SELECT user_id FROM {profile} WHERE manager_id IS NOT NULL".format(**names)  # noqa: S608 - the table name is the model's
    walk = _WALK_UP.format(start=everyone, max_chain=MAX_CHAIN, **names)
    with connection.cursor() as cursor:
        _lock_reporting_tree(cursor)
        cursor.execute("DROP TABLE IF EXISTS reporting_expected")
        cursor.execute(
            f"CREATE TEMPORARY TABLE reporting_expected AS WITH RECURSIVE {walk} "  # noqa: S608 - table names are the models'; values are parameters
            f"SELECT ancestor, descendant, min(depth) AS depth FROM up WHERE ancestor <> descendant"
            f" GROUP BY ancestor, descendant"
        )
        cursor.execute(
            f"DELETE FROM {names['line']} WHERE NOT EXISTS (SELECT 1 FROM reporting_expected e WHERE"  # noqa: S608 - table names are the models'
            f" e.ancestor = {names['line']}.ancestor_id AND e.descendant = {names['line']}.descendant_id"
            f" AND e.depth = {names['line']}.depth)"
        )
        extra = max(cursor.rowcount, 0)
        cursor.execute(
            f"INSERT INTO {names['line']} (ancestor_id, descendant_id, depth) SELECT e.ancestor, e.descendant, e.depth"  # noqa: S608 - table names are the models'
            f" FROM reporting_expected e WHERE NOT EXISTS (SELECT 1 FROM {names['line']} r"
            f" WHERE r.ancestor_id = e.ancestor AND r.descendant_id = e.descendant)"
        )
        missing = max(cursor.rowcount, 0)
        cursor.execute("SELECT count(*) FROM reporting_expected")
        rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE reporting_expected")
    return ReportingDrift(rows=rows, missing=missing, extra=extra)


def _set_cohorts_of(*, user: User, cohort_ids: set[int]) -> bool:
    current = set(CohortMembership.objects.filter(user=user).values_list("cohort_id", flat=True))
    if current == cohort_ids:
        return False
    CohortMembership.objects.filter(user=user, cohort_id__in=current - cohort_ids).delete()
    CohortMembership.objects.bulk_create(
        [CohortMembership(user=user, cohort_id=pk) for pk in cohort_ids - current], ignore_conflicts=True
    )
    return True


@transaction.atomic
def set_people_active(*, users: Iterable[User], active: bool, actor: User | None = None) -> int:
    """Deactivate (no sign-in, assignments stop applying) or reactivate people. Returns how many changed. Nobody can
    deactivate their own account (left out silently); anyone else the privilege model refuses raises
    AccountChangeRefused with nothing written (check first with `privileges.find_refusal` to leave them out)."""
    users = [u for u in users if actor is None or u.pk != actor.pk]
    ids = [u.pk for u in users]
    changed_ids = list(User.objects.filter(pk__in=ids).exclude(is_active=active).values_list("pk", flat=True))
    held = privileges.roles_by_user(changed_ids)
    for user in users:
        if user.pk in held:
            privileges.check_account_change(
                actor=actor, target=user, changes={Change.ACTIVE}, target_roles=held[user.pk], via="bulk action"
            )
    User.objects.filter(pk__in=changed_ids).update(is_active=active)
    if changed_ids:
        sync_assignments_for_users(user_ids=changed_ids)
        record_audit(
            actor=actor,
            action=AuditLog.Action.PERSON_CHANGED,
            summary=(_("Reactivated %(n)d people.") if active else _("Deactivated %(n)d people."))
            % {"n": len(changed_ids)},
            data={"user_ids": changed_ids[:1000], "active": active},
        )
    return len(changed_ids)


@transaction.atomic
def move_people_to_department(*, users: Iterable[User], department: Department, actor: User | None = None) -> int:
    """Put people in `department` (their assignments follow). Returns how many moved. The organisation carries no
    privilege, so anyone who may manage people moves anyone (people/privileges.py)."""
    ids = [u.pk for u in users]
    for uid in ids:
        Profile.objects.get_or_create(user_id=uid)
    moved = list(
        Profile.objects.filter(user_id__in=ids).exclude(department=department).values_list("user_id", flat=True)
    )
    Profile.objects.filter(user_id__in=moved).update(department=department, updated_at=timezone.now())
    if moved:
        sync_assignments_for_users(user_ids=moved)
        record_audit(
            actor=actor,
            action=AuditLog.Action.PERSON_CHANGED,
            summary=_("Moved %(n)d people to %(department)s.") % {"n": len(moved), "department": department.path},
            data={"user_ids": moved[:1000], "department": department.pk},
        )
    return len(moved)


@transaction.atomic
def save_person(
    *,
    actor: User | None,
    profile: Profile,
    email: str,
    first_name: str,
    last_name: str,
    pronouns: str,
    is_active: bool,
    role_names: Iterable[str],
    cohorts: Iterable[Cohort],
) -> Profile:
    """Create or change one person from the people admin: account, roles, profile and cohorts, then their
    assignments. A new person gets an invitation email after commit. The privilege model (people/privileges.py)
    decides whose account the actor may change and which roles they may give: a refusal raises AccountChangeRefused
    with nothing written. A new email address goes through `change_account_email`. Raises ValidationError (a manager
    loop, deactivating oneself) with nothing written."""
    from django.contrib.auth.models import Group

    from allauth.account.models import EmailAddress

    from people import roles
    from people.tasks import send_invitations as send_invitations_task

    creating = profile.user_id is None
    email = email.strip().lower()
    wanted = {*role_names} | {roles.LEARNERS}
    if creating:
        privileges.check_account_change(
            actor=actor, target=None, changes={Change.ROLES}, roles_after=wanted, via=VIA_ADMIN
        )
        user = User(email=email, first_name=first_name, last_name=last_name, pronouns=pronouns, is_active=is_active)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        # The account's post_save made an empty profile; the form's values go onto it.
        made = Profile.objects.get(user=user)
        for name in ("department", "job_title", "manager", "audience", "hire_date"):
            setattr(made, name, getattr(profile, name))
        profile = made
        transaction.on_commit(lambda: send_invitations_task.delay(user_ids=[user.pk]))
        current: set[str] = set()
    else:
        user = User.objects.select_for_update().get(pk=profile.user_id)
        if actor is not None and actor.pk == user.pk and not is_active:
            raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
        current = set(user.groups.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True))
        changes = {Change.ORGANISATION}
        if user.email != email:
            changes.add(Change.EMAIL)
        if (user.first_name, user.last_name, user.pronouns) != (first_name, last_name, pronouns):
            changes.add(Change.NAME)
        if user.is_active != is_active:
            changes.add(Change.ACTIVE)
        if wanted - {roles.LEARNERS} != current - {roles.LEARNERS}:
            changes.add(Change.ROLES)  # everyone is a learner: adding that role alone changes no privilege
        privileges.check_account_change(
            actor=actor,
            target=user,
            changes=changes,
            roles_after=wanted if Change.ROLES in changes else None,
            via=VIA_ADMIN,
        )
        user.first_name, user.last_name, user.pronouns = first_name, last_name, pronouns
        user.is_active = is_active
        user.full_clean(exclude=["password", "email"])
        if Change.EMAIL in changes:
            change_account_email(user=user, email=email, actor=actor)  # saves the account with its new stamp
        else:
            user.save()
    if wanted != current:
        user.groups.remove(*Group.objects.filter(name__in=current - wanted))
        user.groups.add(*Group.objects.filter(name__in=wanted - current))
    manager_before = Profile.objects.filter(pk=profile.pk).values_list("manager_id", flat=True).first()
    profile.full_clean()
    profile.save()
    if profile.manager_id != manager_before:
        refresh_reporting_lines(user_ids=[user.pk])
    _set_cohorts_of(user=user, cohort_ids={c.pk for c in cohorts})
    sync_assignments_for_users(user_ids=[user.pk])
    record_audit(
        actor=actor,
        action=AuditLog.Action.PERSON_CHANGED,
        subject=user,
        summary=_("Person added.") if creating else _("Person's details changed."),
    )
    return profile


@transaction.atomic
def change_account_email(*, user: User, email: str, actor: User | None) -> User:
    """Give `user` a new sign-in address on someone else's say-so (HR, an Administrator) and save the account, then
    `end_old_email_address`. The caller has already asked the privilege model."""
    email = email.strip().lower()
    old = User.objects.filter(pk=user.pk).values_list("email", flat=True).get()
    if old == email:
        return user
    user.email = email
    user.full_clean(exclude=["password"])
    user.save()
    end_old_email_address(user=user, old_email=old, actor=actor)
    return user


@transaction.atomic
def end_old_email_address(*, user: User, old_email: str, actor: User | None) -> None:
    """What follows a change of `user`'s saved address away from `old_email` made by someone else: the account is
    signed out everywhere and every password-reset link sent before stops working (a new security stamp), only the new
    address remains, unverified until a link sent to it is used, and the old address is told after commit."""
    from allauth.account.models import EmailAddress

    from people.tasks import tell_old_email_address as tell_old_email_address_task

    user.rotate_security_stamp()
    user.save(update_fields=["security_stamp"])
    # The old address (and any other) can no longer ask for a reset link.
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": False, "primary": True})
    entry = record_audit(
        actor=actor,
        action=AuditLog.Action.EMAIL_CHANGED,
        subject=user,
        summary=_("Sign-in email address changed: every session and earlier reset link of the account ended."),
    )
    transaction.on_commit(lambda: tell_old_email_address_task.delay(entry_id=entry.pk, old_email=old_email))


@transaction.atomic
def tell_old_email_address(*, entry: AuditLog, old_email: str) -> bool:
    """Email the previous address of an account whose address someone else changed. Sent once: the audit entry of
    the change is locked and marked in the same transaction as the send, so a redelivered task sends nothing."""
    entry = AuditLog.objects.select_for_update(of=("self",)).select_related("actor", "subject").get(pk=entry.pk)
    if entry.data.get("old_address_told") or entry.subject is None:
        return False
    send_mail(
        subject=_("Your Socialwise sign-in address was changed"),
        message=render_to_string(
            "people/email/email_changed.txt",
            {
                "person": entry.subject,
                "changed_by": entry.actor,
                "changed_at": timezone.localtime(entry.created_at),
                "site_url": _absolute("/"),
            },
        ),
        from_email=None,
        recipient_list=[old_email],
    )
    entry.data = {**entry.data, "old_address_told": True}
    entry.save(update_fields=["data"])
    return True


# --- Departments and cohorts ----------------------------------------------------------------------------------------
@transaction.atomic
def save_department(*, department: Department) -> Department:
    """Create or change a department. Moving it under another parent re-checks the assignments of everyone inside."""
    previous_parent = (
        Department.objects.filter(pk=department.pk).values_list("parent_id", flat=True).first()
        if department.pk
        else None
    )
    moved = department.pk is not None and previous_parent != department.parent_id
    department.full_clean()
    department.save()
    if moved:
        inside = departments_within({department.pk})
        sync_assignments_for_users(
            user_ids=list(Profile.objects.filter(department_id__in=inside).values_list("user_id", flat=True))
        )
    return department


@transaction.atomic
def create_department(*, name: str, code: str, parent: Department | None = None) -> Department:
    return save_department(department=Department(name=name, code=code, parent=parent))


@transaction.atomic
def save_cohort(*, cohort: Cohort) -> Cohort:
    """Create or change a cohort with its members (as edited in memory); people who joined or left get their
    assignments brought up to date."""
    before = (
        set(CohortMembership.objects.filter(cohort_id=cohort.pk).values_list("user_id", flat=True))
        if cohort.pk
        else set()
    )
    cohort.full_clean(exclude=["memberships"])
    cohort.save()
    after = set(CohortMembership.objects.filter(cohort_id=cohort.pk).values_list("user_id", flat=True))
    if before ^ after:
        sync_assignments_for_users(user_ids=sorted(before ^ after))
    return cohort


@transaction.atomic
def add_people_to_cohort(*, users: Iterable[User], cohort: Cohort, actor: User | None = None) -> int:
    """Add people to a cohort (people already in it are left alone). Returns how many joined."""
    ids = {u.pk for u in users}
    present = set(CohortMembership.objects.filter(cohort=cohort, user_id__in=ids).values_list("user_id", flat=True))
    joined = sorted(ids - present)
    CohortMembership.objects.bulk_create([CohortMembership(cohort=cohort, user_id=uid) for uid in joined])
    if joined:
        sync_assignments_for_users(user_ids=joined)
        record_audit(
            actor=actor,
            action=AuditLog.Action.PERSON_CHANGED,
            summary=_("Added %(n)d people to the cohort %(cohort)s.") % {"n": len(joined), "cohort": cohort.name},
            data={"user_ids": joined[:1000], "cohort": cohort.pk},
        )
    return len(joined)


# --- Assignments ----------------------------------------------------------------------------------------------------
@transaction.atomic
def save_assignment(*, assignment: Assignment, actor: User | None) -> Assignment:
    """Create or change an assignment (its targets as edited in memory) and enrol everyone it reaches through
    `courses.services.enrol_user`; people it no longer reaches keep their enrolment and progress, no longer required.
    """
    creating = assignment.pk is None
    if assignment.withdrawn_at is not None:
        raise ValidationError(_("This assignment was withdrawn and can no longer be changed."))
    has_targets = (
        assignment.departments.all()
        or assignment.cohorts.all()
        or assignment.audiences
        or assignment.direct_people.all()
    )
    if not has_targets:
        raise ValidationError(_("Choose at least one department, cohort, audience or person."))
    if assignment.assigned_on and assignment.assigned_on > timezone.localdate():
        raise ValidationError({"assigned_on": _("The assignment date cannot be in the future.")})
    before = set()
    if not creating:
        before = set(
            AssignmentMembership.objects.filter(assignment=assignment, ended_at=None).values_list("user_id", flat=True)
        )
    if creating and actor is not None and actor.pk:
        assignment.created_by = actor
    assignment.full_clean(exclude=["departments", "cohorts", "direct_people"])
    if assignment.due_rule != "after_hire":
        # Paced courses: nobody may be due before the last module opens for people starting on the assignment date.
        try:
            course_services.check_due_date(
                course=assignment.course,
                release_starts_on=assignment.assigned_on,
                due_on=assignment.due_date_for(assigned_on=assignment.assigned_on, hire_date=None),
            )
        except ValidationError as error:
            raise ValidationError(
                {"due_on" if assignment.due_rule == "fixed" else "due_days": error.messages}
            ) from error
    assignment.save()
    reached = _users_targeted_by(assignment)
    sync_assignments_for_users(user_ids=sorted(before | reached), initial={assignment.pk} if creating else set())
    reached_now = AssignmentMembership.objects.filter(assignment=assignment, ended_at=None).count()
    record_audit(
        actor=actor,
        action=AuditLog.Action.ASSIGNMENT_CREATED if creating else AuditLog.Action.ASSIGNMENT_CHANGED,
        summary=_("“%(course)s” assigned to %(targets)s (%(n)d people, %(due)s).")
        % {
            "course": assignment.course.title,
            "targets": assignment.targets_label,
            "n": reached_now,
            "due": assignment.due_label,
        },
        data={"assignment": assignment.pk, "people": reached_now},
    )
    return assignment


@transaction.atomic
def create_assignment(
    *,
    course: CoursePage,
    actor: User | None = None,
    departments: Iterable[Department] = (),
    cohorts: Iterable[Cohort] = (),
    audiences: Iterable[str] = (),
    people: Iterable[User] = (),
    required: bool = True,
    due_rule: DueRule | str = "none",
    due_on: date | None = None,
    due_days: int | None = None,
    assigned_on: date | None = None,
    grace_days: int = 14,
) -> Assignment:
    """Assign `course` to the given targets; see `save_assignment`."""
    assignment = Assignment(
        course=course,
        required=required,
        audiences=list(audiences),
        due_rule=due_rule,
        due_on=due_on,
        due_days=due_days,
        grace_days=grace_days,
        assigned_on=assigned_on or timezone.localdate(),
    )
    assignment.departments = list(departments)
    assignment.cohorts = list(cohorts)
    assignment.direct_people = [AssignmentPerson(user=user) for user in people]
    return save_assignment(assignment=assignment, actor=actor)


@transaction.atomic
def withdraw_assignment(*, assignment: Assignment, actor: User | None) -> Assignment:
    """Withdraw an assignment. Its history stays: the assignment, every membership row (now ended) and every
    enrolment with its progress; unfinished enrolments stop being required unless another assignment requires them.
    Withdrawing twice changes nothing."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.withdrawn_at is not None:
        return assignment
    assignment.withdrawn_at = timezone.now()
    assignment.withdrawn_by = actor if actor is not None and actor.pk else None
    assignment.save(update_fields=["withdrawn_at", "withdrawn_by"])
    reached = list(
        AssignmentMembership.objects.filter(assignment=assignment, ended_at=None).values_list("user_id", flat=True)
    )
    sync_assignments_for_users(user_ids=reached)
    record_audit(
        actor=actor,
        action=AuditLog.Action.ASSIGNMENT_WITHDRAWN,
        summary=_("“%(course)s” withdrawn from %(targets)s (%(n)d people).")
        % {"course": assignment.course.title, "targets": assignment.targets_label, "n": len(reached)},
        data={"assignment": assignment.pk, "people": len(reached)},
    )
    return assignment


def _ancestors(department_id: int | None, parents: dict[int, int | None]) -> set[int]:
    found: set[int] = set()
    while department_id is not None and department_id not in found:
        found.add(department_id)
        department_id = parents.get(department_id)
    return found


def _users_targeted_by(assignment: Assignment) -> set[int]:
    """Active people an assignment reaches now. A few queries whatever the headcount."""
    department_ids = departments_within({d.pk for d in assignment.departments.all()})
    cohort_ids = [c.pk for c in assignment.cohorts.all()]
    active = Profile.objects.filter(user__is_active=True)
    ids: set[int] = set()
    if department_ids:
        ids |= set(active.filter(department_id__in=department_ids).values_list("user_id", flat=True))
    if assignment.audiences:
        ids |= set(active.filter(audience__in=assignment.audiences).values_list("user_id", flat=True))
    if cohort_ids:
        ids |= set(
            CohortMembership.objects.filter(cohort_id__in=cohort_ids, user__is_active=True).values_list(
                "user_id", flat=True
            )
        )
    direct = [p.user_id for p in assignment.direct_people.all()]
    if direct:
        ids |= set(User.objects.filter(pk__in=direct, is_active=True).values_list("pk", flat=True))
    return ids


@dataclass
class _Targets:
    assignment: Assignment
    departments: set[int] = field(default_factory=set)
    cohorts: set[int] = field(default_factory=set)
    audiences: set[str] = field(default_factory=set)
    people: set[int] = field(default_factory=set)


def _active_targets() -> dict[int, _Targets]:
    """Every active assignment with its targets: four queries."""
    targets = {
        a.pk: _Targets(assignment=a, audiences=set(a.audiences or []))
        for a in Assignment.objects.filter(withdrawn_at=None).select_related("course")
    }
    if not targets:
        return targets
    through = Assignment.departments.through
    for aid, did in through.objects.filter(assignment_id__in=targets).values_list("assignment_id", "department_id"):
        targets[aid].departments.add(did)
    through = Assignment.cohorts.through
    for aid, cid in through.objects.filter(assignment_id__in=targets).values_list("assignment_id", "cohort_id"):
        targets[aid].cohorts.add(cid)
    for aid, uid in AssignmentPerson.objects.filter(assignment_id__in=targets).values_list("assignment_id", "user_id"):
        targets[aid].people.add(uid)
    return targets


def _matching_assignments(
    targets: dict[int, _Targets], *, uid: int | None, ancestors: set[int], cohort_ids: set[int], audience: str | None
) -> set[int]:
    """The active assignments that reach one active person (their department's ancestors included)."""
    return {
        aid
        for aid, t in targets.items()
        if t.departments & ancestors
        or t.cohorts & cohort_ids
        or (audience and audience in t.audiences)
        or (uid is not None and uid in t.people)
    }


@dataclass
class SyncResult:
    started: int = 0
    ended: int = 0
    changed: int = 0
    enrolments: int = 0
    deferred: bool = False


@transaction.atomic
def sync_assignments_for_users(
    *, user_ids: Iterable[int], today: date | None = None, initial: set[int] | frozenset = frozenset()
) -> SyncResult:
    """Bring the assignment memberships of these people in line with their department (and its parents), cohorts,
    audience and active state, then their enrolments: new memberships enrol through `enrol_user`, ended ones release
    the requirement. Idempotent. Queries grow with the changes made, not with the people checked.

    `initial` names assignments being created: their first members count as assigned on the assignment's date; anyone
    else reached today (a later joiner) is assigned today."""
    today = today or timezone.localdate()
    now = timezone.now()
    user_ids = list(dict.fromkeys(user_ids))
    result = SyncResult()
    if not user_ids:
        return result
    targets = _active_targets()
    parents = department_parents() if targets else {}
    affected: set[tuple[int, int]] = set()
    for batch in chunked(user_ids):
        open_rows: dict[int, list[AssignmentMembership]] = defaultdict(list)
        for row in AssignmentMembership.objects.filter(user_id__in=batch, ended_at=None).select_related("assignment"):
            open_rows[row.user_id].append(row)
        if not targets and not open_rows:
            continue
        people = {
            pk: (active, department_id, audience, hire_date)
            for pk, active, department_id, audience, hire_date in User.objects.filter(pk__in=batch).values_list(
                "pk", "is_active", "profile__department_id", "profile__audience", "profile__hire_date"
            )
        }
        cohorts: dict[int, set[int]] = defaultdict(set)
        for uid, cid in CohortMembership.objects.filter(user_id__in=batch).values_list("user_id", "cohort_id"):
            cohorts[uid].add(cid)
        new_rows, ended_rows, due_rows = [], [], []
        for uid in batch:
            if uid not in people:
                continue
            active, department_id, audience, hire_date = people[uid]
            matched: set[int] = set()
            if active:
                matched = _matching_assignments(
                    targets,
                    uid=uid,
                    ancestors=_ancestors(department_id, parents),
                    cohort_ids=cohorts[uid],
                    audience=audience,
                )
            current = {row.assignment_id: row for row in open_rows[uid]}
            for aid in sorted(matched - current.keys()):
                assignment = targets[aid].assignment
                assigned_on = assignment.assigned_on if aid in initial else today
                new_rows.append(
                    AssignmentMembership(
                        assignment_id=aid,
                        user_id=uid,
                        assigned_on=assigned_on,
                        due_on=assignment.due_date_for(assigned_on=assigned_on, hire_date=hire_date),
                    )
                )
                affected.add((uid, assignment.course_id))
            for aid, row in current.items():
                if aid not in matched:
                    row.ended_at = now
                    ended_rows.append(row)
                    affected.add((uid, row.assignment.course_id))
                    continue
                due = targets[aid].assignment.due_date_for(assigned_on=row.assigned_on, hire_date=hire_date)
                if due != row.due_on:
                    row.due_on = due
                    due_rows.append(row)
                    affected.add((uid, row.assignment.course_id))
        AssignmentMembership.objects.bulk_create(new_rows, batch_size=CHUNK)
        AssignmentMembership.objects.bulk_update(ended_rows, ["ended_at"], batch_size=CHUNK)
        AssignmentMembership.objects.bulk_update(due_rows, ["due_on"], batch_size=CHUNK)
        result.started += len(new_rows)
        result.ended += len(ended_rows)
        result.changed += len(due_rows)
    result.enrolments = len(affected)
    if len(affected) <= INLINE_ENROLMENT_LIMIT:
        apply_assignment_requirements(pairs=affected)
    else:
        # Thousands of enrolments (a big import, an assignment to everyone) are made by tasks after commit, so the
        # request or command that changed the organisation stays fast; each task recomputes, so repeats are safe.
        from people.tasks import apply_assignment_requirements as apply_assignment_requirements_task

        result.deferred = True
        for batch in chunked(sorted(affected), CHUNK):
            pairs = [list(pair) for pair in batch]
            transaction.on_commit(lambda pairs=pairs: apply_assignment_requirements_task.delay(pairs=pairs))
    return result


@transaction.atomic
def apply_assignment_requirements(*, pairs: Iterable[tuple[int, int]]) -> None:
    """For each (person id, course id) whose memberships changed, make the current enrolment say what the open
    memberships say (through `enrol_user` and `set_enrolment_requirement`): required if any requires it, due on the
    earliest due date that speaks for this cycle. Recomputes from the rows, so running it again changes nothing."""
    pairs = {(int(uid), int(cid)) for uid, cid in pairs}
    if not pairs:
        return
    users = User.objects.in_bulk({uid for uid, _c in pairs})
    courses = CoursePage.objects.in_bulk({cid for _u, cid in pairs})
    open_rows: dict[tuple[int, int], list[AssignmentMembership]] = defaultdict(list)
    currents: dict[tuple[int, int], Enrolment] = {}
    for batch in chunked(sorted({uid for uid, _c in pairs})):
        for row in AssignmentMembership.objects.filter(
            user_id__in=batch, ended_at=None, assignment__withdrawn_at=None
        ).select_related("assignment"):
            open_rows[(row.user_id, row.assignment.course_id)].append(row)
        for enrolment in Enrolment.objects.filter(user_id__in=batch, is_current=True):
            currents[(enrolment.user_id, enrolment.course_id)] = enrolment
    links: list[AssignmentMembership] = []
    for uid, cid in sorted(pairs):
        if uid not in users or cid not in courses:
            continue  # removed since the task was queued
        user, course = users[uid], courses[cid]
        rows = open_rows.get((uid, cid), [])
        current = currents.get((uid, cid))
        if not rows:
            if current is not None and current.completed_at is None and (current.required or current.due_on):
                course_services.set_enrolment_requirement(user=user, course=course, required=False, due_on=None)
            continue
        required = any(row.assignment.required for row in rows)
        # Memberships that reached an earlier cycle do not set the due date of a recertification cycle.
        speaking = [row for row in rows if row.enrolment_id is None or (current and row.enrolment_id == current.pk)]
        dues = [row.due_on for row in speaking if row.due_on]
        due = min(dues) if dues else None
        enrolment = course_services.enrol_user(
            user=user, course=course, due_on=due, required=required, source=Enrolment.Source.ASSIGNED
        )
        if enrolment.completed_at is None:
            wanted_due = due if speaking else enrolment.due_on
            if enrolment.required != required or enrolment.due_on != wanted_due:
                course_services.set_enrolment_requirement(
                    user=user, course=course, required=required, due_on=wanted_due
                )
        for row in rows:
            if row.enrolment_id is None:
                row.enrolment = enrolment
                links.append(row)
    AssignmentMembership.objects.bulk_update(links, ["enrolment"], batch_size=CHUNK)


# --- Recertification ------------------------------------------------------------------------------------------------
@transaction.atomic
def start_due_recertifications(*, today: date | None = None) -> int:
    """Start a new cycle for every current completion whose validity lapsed by the end of `today`. The earlier
    cycle, completion included, stays on record. The new cycle is required, due `RECERTIFICATION_DUE_DAYS` after the
    lapse, when an assignment still reaches the person; otherwise it is optional. Idempotent: the lapsed cycle is no
    longer current after the first run."""
    today = today or timezone.localdate()
    cutoff = timezone.make_aware(datetime.combine(today + timedelta(days=1), datetime.min.time()))
    lapsed = list(
        Enrolment.objects.filter(is_current=True, completed_at__isnull=False, expires_at__lt=cutoff)
        .select_related("user", "course")
        .order_by("pk")
    )
    open_rows: dict[tuple[int, int], list[AssignmentMembership]] = defaultdict(list)
    for row in AssignmentMembership.objects.filter(
        user_id__in={e.user_id for e in lapsed}, ended_at=None, assignment__withdrawn_at=None
    ).select_related("assignment"):
        open_rows[(row.user_id, row.assignment.course_id)].append(row)
    for enrolment in lapsed:
        rows = open_rows.get((enrolment.user_id, enrolment.course_id), [])
        due = None
        if rows:
            lapse_day = timezone.localtime(enrolment.expires_at).date()
            due = lapse_day + timedelta(days=settings.RECERTIFICATION_DUE_DAYS)
        course_services.start_new_cycle(
            user=enrolment.user,
            course=enrolment.course,
            due_on=due,
            required=any(row.assignment.required for row in rows),
        )
    return len(lapsed)


# --- Reminders ------------------------------------------------------------------------------------------------------
@transaction.atomic
def send_course_reminder(*, sent_by: User, person: User, course: CoursePage) -> Reminder:
    """Remind `person` about their unfinished required `course`. At most one reminder per person and course in 24
    hours, whoever sends it (the person's profile row is locked so two managers clicking at once send one). The email
    goes out after commit, through a task."""
    from people.tasks import deliver_reminder as deliver_reminder_task

    Profile.objects.select_for_update().filter(user=person).first()
    enrolment = Enrolment.objects.filter(user=person, course=course, is_current=True, required=True).first()
    name = person.get_full_name() or person.email
    if enrolment is None:
        raise NothingToRemind(_("“%(course)s” is not required for %(name)s.") % {"course": course.title, "name": name})
    if enrolment.completed_at is not None:
        raise NothingToRemind(
            _("%(name)s has already completed “%(course)s”.") % {"course": course.title, "name": name}
        )
    last = Reminder.objects.filter(
        person=person, course=course, created_at__gt=timezone.now() - REMINDER_INTERVAL
    ).first()
    if last is not None:
        again = timezone.localtime(last.created_at + REMINDER_INTERVAL)
        raise ReminderTooSoon(
            _(
                "%(name)s was reminded about “%(course)s” less than 24 hours ago. You can remind them again after %(when)s."
            )
            % {"name": name, "course": course.title, "when": again.strftime("%d %b %Y, %H:%M")}
        )
    reminder = Reminder(person=person, course=course, sent_by=sent_by)
    reminder.full_clean()
    reminder.save()
    transaction.on_commit(lambda: deliver_reminder_task.delay(reminder_id=reminder.pk))
    return reminder


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@transaction.atomic
def deliver_reminder(*, reminder: Reminder) -> bool:
    """Send a reminder's email once. The row is locked and marked delivered in the same transaction as the send, so
    a redelivered task sends nothing more; a failed send leaves it undelivered for the retry."""
    # Lock the row alone: PostgreSQL cannot lock the nullable side of the join to `sent_by`.
    reminder = Reminder.objects.select_for_update().get(pk=reminder.pk)
    if reminder.delivered_at is not None:
        return False
    enrolment = Enrolment.objects.filter(user=reminder.person, course=reminder.course, is_current=True).first()
    context = {
        "person": reminder.person,
        "course": reminder.course,
        "sent_by": reminder.sent_by,
        "due_on": enrolment.due_on if enrolment else None,
        "course_url": _absolute(reminder.course.url or "/"),
    }
    send_mail(
        subject=_("Reminder: “%(course)s”") % {"course": reminder.course.title},
        message=render_to_string("people/email/reminder.txt", context),
        from_email=None,
        recipient_list=[reminder.person.email],
    )
    reminder.delivered_at = timezone.now()
    reminder.save(update_fields=["delivered_at"])
    return True


# --- Invitations ----------------------------------------------------------------------------------------------------
def invitation_url(*, user: User) -> str:
    """A link that lets a new person choose their password (allauth's reset-from-key view). Opening it proves they
    own the address, so their email counts as verified once the password is set (see people/signals.py)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return _absolute(path)


def send_invitations(*, user_ids: Iterable[int]) -> int:
    """Email each new, not yet invited person a link to choose their password. Idempotent: each batch of profiles is
    locked and marked invited in the transaction that sends their mail, so redelivery sends nothing twice."""
    from django.core import mail

    sent = 0
    with mail.get_connection() as connection:
        for batch in chunked(user_ids, 500):
            with transaction.atomic():
                sent += _send_invitation_batch(batch, connection)
    return sent


def _send_invitation_batch(batch: list[int], connection) -> int:
    from django.core import mail

    profiles = list(
        Profile.objects.select_for_update()
        .filter(user_id__in=batch, invited_at=None, user__is_active=True)
        .select_related("user")
    )
    messages = [
        mail.EmailMessage(
            subject=_("You are invited to Socialwise"),
            body=render_to_string(
                "people/email/invitation.txt", {"person": profile.user, "url": invitation_url(user=profile.user)}
            ),
            to=[profile.user.email],
            connection=connection,
        )
        for profile in profiles
    ]
    connection.send_messages(messages)
    Profile.objects.filter(pk__in=[p.pk for p in profiles]).update(invited_at=timezone.now())
    return len(messages)
