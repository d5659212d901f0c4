"""Import people from a CSV file: `plan_people_import` reads and checks every row and writes nothing;
`apply_people_import` writes a plan in one transaction with bulk queries, so 50,000 rows take seconds and the query
count depends on the number of batches, never on the number of rows.

Columns (header names are matched without regard to case, spaces or underscores; only `email` is required, and a
column left out leaves that field as it is): email, first_name, last_name, department (a path such as
"Operations/Control room" or a code), job_title, manager_email, cohorts (codes or names separated by "|"), role
(Learner, Manager, Trainer or HR, several separated by "|"), hire_date (YYYY-MM-DD or DD/MM/YYYY), audience
(executive, manager or staff). UTF-8 with or without a byte-order mark; comma or semicolon separated.

People are matched by email, so importing the same file twice changes nothing the second time. An import acts with
the rights of whoever imports (the command with HR's, people/privileges.py): a row that would change the name, roles
or active state of someone holding a role above those rights is an error on that row, and "deactivate people not in
the file" never reaches them."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import IO, TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress

from analytics.csv_import import (
    MAX_FILE_BYTES,  # noqa: F401 (re-exported: the people import's callers name it here)
    ImportFileError,  # noqa: F401 (re-exported)
    clean_cell,
    decode_csv,
    match_columns,
    parse_date,
    read_table,
    refuse_nul,
    rows_with_errors_message,
)
from people import privileges, roles
from people.exceptions import AccountChangeRefused, ImportRefused
from people.models import (
    AssignmentMembership,
    Audience,
    AuditLog,
    Cohort,
    CohortMembership,
    PeopleImport,
    Profile,
    User,
)
from people.models.assignments import date_out_of_range
from people.privileges import Change
from people.selectors import DepartmentResolver, department_parents
from people.services import (
    CHUNK,
    ManagerLoop,
    _active_targets,
    _ancestors,
    _matching_assignments,
    chunked,
    record_audit,
    refresh_reporting_lines,
    sync_assignments_for_users,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

LIST_SEPARATOR = "|"
COLUMN_ALIASES = {
    "email": ["email", "email address", "e mail"],
    "first_name": ["first name", "firstname", "given name"],
    "last_name": ["last name", "lastname", "surname", "family name"],
    "department": ["department", "department path"],
    "job_title": ["job title", "title"],
    "manager_email": ["manager email", "manager"],
    "cohorts": ["cohorts", "cohort"],
    "role": ["role", "roles"],
    "hire_date": ["hire date", "start date"],
    "audience": ["audience"],
    # The People export's last column, so an exported file imports again unchanged. An import never deactivates: "no"
    # on someone active is an error on the row (the People list's Deactivate action or "deactivate people not in the
    # file" do that), and keeps someone already inactive as they are instead of reactivating them.
    "active": ["active", "is active"],
}
ACTIVE_VALUES = {"": None, "true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
ROLE_NAMES = {
    **roles.GRANTABLE_ROLE_NAMES,
    "administrator": roles.ADMINISTRATORS,
    "administrators": roles.ADMINISTRATORS,
}
# The roles an import manages. Administrators is never added or removed by an import.
IMPORT_ROLES = [roles.LEARNERS, roles.MANAGERS, roles.TRAINERS, roles.HR]
MAX_LENGTHS = {"first_name": 150, "last_name": 150, "job_title": 200}
FIELD_LABELS = {
    "first_name": "first name",
    "last_name": "last name",
    "job_title": "job title",
}


@dataclass(frozen=True)
class PlannedEnrolment:
    """One course an import will assign to a person: through which assignment, and when it will be due."""

    course: str
    due_on: date | None
    required: bool


@dataclass
class RowPlan:
    line: int
    email: str
    errors: list[str] = field(default_factory=list)
    action: str = ""  # create, update or unchanged (valid rows only)
    changes: list[str] = field(default_factory=list)
    first_name: str | None = None
    last_name: str | None = None
    department_id: int | None = None
    job_title: str | None = None
    manager_email: str | None = None
    cohort_ids: set[int] | None = None
    roles: set[str] | None = None
    hire_date: date | None = None
    audience: str | None = None
    active: bool | None = None
    refusal: AccountChangeRefused | None = field(default=None, repr=False, compare=False)
    enrolments: list[PlannedEnrolment] = field(default_factory=list)  # what the import will assign (valid rows)

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class ImportPlan:
    columns: list[str]
    rows: list[RowPlan]
    delimiter: str
    missing_ids: list[int] = field(default_factory=list)  # active people not in the file
    missing_labels: list[str] = field(default_factory=list)

    @property
    def refusals(self) -> list[AccountChangeRefused]:
        return [r.refusal for r in self.rows if r.refusal is not None]

    @property
    def error_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.errors]

    @property
    def valid_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if not r.errors]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if not r.errors and r.action == action)


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    deactivated: int = 0
    created_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "deactivated": self.deactivated,
        }

    def summary(self) -> str:
        return (
            _(
                "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(skipped)d skipped, %(deactivated)d deactivated."
            )
            % self.as_dict()
        )


# --- Reading (analytics/csv_import.py) -----------------------------------------------------------------------------
def _split(value: str, delimiter: str) -> list[str]:
    # Inside a semicolon file a comma also separates list items, and the other way round: spreadsheet users type
    # whichever their locale does not use between columns.
    other = "," if delimiter == ";" else ";"
    return [
        item.strip() for item in re.split(rf"[{re.escape(LIST_SEPARATOR)}{re.escape(other)}]", value) if item.strip()
    ]


# --- Planning -------------------------------------------------------------------------------------------------------
@dataclass
class _Existing:
    """Everything the plan compares against, loaded in a fixed number of queries."""

    by_email: dict[str, dict]
    email_of: dict[int, str]
    manager_of: dict[int, int | None]
    cohorts_of: dict[int, set[int]]
    roles_of: dict[int, set[str]]  # the roles, and privileges.OTHER_GROUP for any other group

    def held(self, data: dict) -> frozenset[str]:
        """The person's roles as the privilege model counts them (superuser status included)."""
        extra = {privileges.SUPERUSER} if data["is_superuser"] else set()
        return frozenset(self.roles_of.get(data["pk"], set()) | extra)


def _load_existing() -> _Existing:
    by_email: dict[str, dict] = {}
    email_of: dict[int, str] = {}
    for row in User.objects.values(
        "pk",
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_superuser",
        "profile__department_id",
        "profile__job_title",
        "profile__manager_id",
        "profile__audience",
        "profile__hire_date",
    ):
        by_email[row["email"].lower()] = row
        email_of[row["pk"]] = row["email"].lower()
    manager_of = {row["pk"]: row["profile__manager_id"] for row in by_email.values()}
    cohorts_of: dict[int, set[int]] = defaultdict(set)
    for uid, cid in CohortMembership.objects.values_list("user_id", "cohort_id"):
        cohorts_of[uid].add(cid)
    roles_of: dict[int, set[str]] = defaultdict(set)
    for uid, name in User.groups.through.objects.values_list("user_id", "group__name"):
        roles_of[uid].add(privileges.counted_as(name))
    return _Existing(by_email, email_of, manager_of, cohorts_of, roles_of)


def plan_people_import(
    file: bytes | str | IO, *, exclude_from_missing: Iterable[int] = (), actor=privileges.IMPORT_COMMAND
) -> ImportPlan:
    """Read and check every row; write nothing. Raises ImportFileError when the file as a whole is unusable (not
    UTF-8, empty, no email column, unknown columns); otherwise every problem is listed on its row, those of the
    privilege model for `actor` (the person importing; by default the command's HR rights) included."""
    if hasattr(file, "read"):
        file = file.read()
    text = decode_csv(file) if isinstance(file, bytes) else file.lstrip("\ufeff")
    refuse_nul(text)
    raw_columns, records, delimiter = read_table(text)
    columns = match_columns(raw_columns, COLUMN_ALIASES, required=["email"])
    present = set(columns)

    existing = _load_existing()
    departments = DepartmentResolver()
    cohorts_by_key: dict[str, int] = {}
    for pk, code, name in Cohort.objects.values_list("pk", "code", "name"):
        cohorts_by_key[name.lower()] = pk
        cohorts_by_key[code.lower()] = pk

    plans: list[RowPlan] = []
    for line, record in records:
        values = {column: clean_cell(record[i] if i < len(record) else "") for i, column in enumerate(columns)}
        row = RowPlan(line=line, email=values.get("email", "").lower())
        _check_row(row, values, present, delimiter, departments, cohorts_by_key)
        plans.append(row)

    _check_duplicates(plans)
    _check_managers(plans, present, existing)
    powers = privileges.powers_of(actor)
    for row in plans:
        if not row.errors:
            _diff(row, present, existing)
            _check_privileges(row, existing, actor, powers)

    _plan_enrolments(plans, present, existing, today=timezone.localdate())

    in_file = {row.email for row in plans}
    excluded = set(exclude_from_missing)
    administrators = {uid for uid, names in existing.roles_of.items() if roles.ADMINISTRATORS in names}
    missing = [
        data
        for email, data in existing.by_email.items()
        if email not in in_file
        and data["is_active"]
        and not data["is_superuser"]
        and data["pk"] not in administrators
        and data["pk"] not in excluded
        and privileges.covers(actor, None, target_roles=existing.held(data), actor_powers=powers)
    ]
    missing.sort(key=lambda d: (d["last_name"].lower(), d["first_name"].lower(), d["email"]))
    return ImportPlan(
        columns=[c for c in columns if c],
        rows=plans,
        delimiter=delimiter,
        missing_ids=[d["pk"] for d in missing],
        missing_labels=[f"{d['first_name']} {d['last_name']} <{d['email']}>".strip() for d in missing[:50]],
    )


def _check_row(row, values, present, delimiter, departments, cohorts_by_key) -> None:
    raw_email = values.get("email", "")
    if not raw_email:
        row.errors.append(_("The email address is missing."))
    else:
        try:
            validate_email(raw_email)
        except ValidationError:
            row.errors.append(_("“%(value)s” is not a valid email address.") % {"value": raw_email})
    for name, limit in MAX_LENGTHS.items():
        if name in present:
            value = values.get(name, "")
            if len(value) > limit:
                row.errors.append(
                    _("The %(field)s is longer than %(limit)d characters.")
                    % {"field": FIELD_LABELS[name], "limit": limit}
                )
            setattr(row, name, value)
    if "department" in present:
        value = values.get("department", "")
        if value:
            department = departments.resolve(value)
            if department is None:
                row.errors.append(_("Unknown department “%(value)s”.") % {"value": value})
            else:
                row.department_id = department.pk
    if "manager_email" in present:
        value = values.get("manager_email", "").lower()
        row.manager_email = value or ""
        if value:
            try:
                validate_email(value)
            except ValidationError:
                row.errors.append(_("“%(value)s” is not a valid manager email address.") % {"value": value})
                row.manager_email = None
            else:
                if value == row.email:
                    row.errors.append(_("A person cannot be their own manager."))
    if "cohorts" in present:
        row.cohort_ids = set()
        for item in _split(values.get("cohorts", ""), delimiter):
            pk = cohorts_by_key.get(item.lower())
            if pk is None:
                row.errors.append(_("Unknown cohort “%(value)s”.") % {"value": item})
            else:
                row.cohort_ids.add(pk)
    if "role" in present:
        row.roles = {roles.LEARNERS}
        for item in _split(values.get("role", ""), delimiter):
            group = ROLE_NAMES.get(item.lower())
            if group is None:
                row.errors.append(_("Unknown role “%(value)s”. Use Learner, Manager, Trainer or HR.") % {"value": item})
            elif group == roles.ADMINISTRATORS:
                row.errors.append(_("The Administrator role cannot be given by an import; use the Users admin."))
            else:
                row.roles.add(group)
    if "hire_date" in present:
        value = values.get("hire_date", "")
        if value:
            parsed = parse_date(value)
            if parsed is None:
                row.errors.append(
                    _("“%(value)s” is not a valid hire date. Use YYYY-MM-DD, e.g. 2024-03-31.") % {"value": value}
                )
            elif problem := date_out_of_range(parsed, field="hire_date"):
                row.errors.append(_("Hire date “%(value)s”: %(problem)s") % {"value": value, "problem": problem})
                parsed = None
            row.hire_date = parsed
    if "audience" in present:
        value = values.get("audience", "").lower()
        if value and value not in Audience.values:
            row.errors.append(_("Unknown audience “%(value)s”. Use executive, manager or staff.") % {"value": value})
        row.audience = value if value in Audience.values else None
    if "active" in present:
        value = values.get("active", "").lower()
        if value not in ACTIVE_VALUES:
            row.errors.append(_("“%(value)s” is not a valid active value. Use yes or no.") % {"value": value})
        row.active = ACTIVE_VALUES.get(value)


def _check_duplicates(plans: list[RowPlan]) -> None:
    lines: dict[str, list[int]] = defaultdict(list)
    for row in plans:
        if row.email:
            lines[row.email].append(row.line)
    for row in plans:
        seen = lines.get(row.email, [])
        if len(seen) > 1:
            row.errors.append(
                _("%(email)s appears more than once in the file (lines %(lines)s).")
                % {"email": row.email, "lines": ", ".join(map(str, seen))}
            )


def _check_managers(plans: list[RowPlan], present: set[str], existing: _Existing) -> None:
    """A manager must be an existing person or a valid row of the file, and the chain above nobody may loop.
    Repeated until stable, because a row failing can make the rows under it fail."""
    if "manager_email" not in present:
        return
    line_of: dict[str, int] = {}
    for row in plans:
        line_of.setdefault(row.email, row.line)
    while True:
        rows = {row.email: row for row in plans if not row.errors}
        failed = False
        for row in rows.values():
            email = row.manager_email
            if not email or email in rows:
                continue
            if email in existing.by_email:
                continue
            if email in line_of:
                row.errors.append(
                    _("The manager %(email)s is on line %(line)d, which has errors.")
                    % {"email": email, "line": line_of[email]}
                )
            else:
                row.errors.append(
                    _("Unknown manager %(email)s: not in the file and not an existing person.") % {"email": email}
                )
            failed = True
        if failed:
            continue
        failed = _check_loops(rows, existing)
        if not failed:
            return


def _check_loops(rows: dict[str, RowPlan], existing: _Existing) -> bool:
    def manager_of(email: str) -> str | None:
        row = rows.get(email)
        if row is not None:
            return row.manager_email or None
        data = existing.by_email.get(email)
        if data is None:
            return None
        manager_id = existing.manager_of.get(data["pk"])
        return existing.email_of.get(manager_id) if manager_id else None

    failed = False
    for email, row in rows.items():
        if not row.manager_email:
            continue
        chain = [email]
        current = row.manager_email
        while current is not None and current not in chain and len(chain) < 10_000:
            chain.append(current)
            current = manager_of(current)
        if current == email:
            row.errors.append(_("Manager loop: %(chain)s.") % {"chain": " → ".join([*chain, email])})
            failed = True
    return failed


def _plan_enrolments(plans: list[RowPlan], present: set[str], existing: _Existing, *, today: date) -> None:
    """Fill `enrolments` on each valid row with the assignments the import will newly bring the person under, and
    each one's due date, by the same matching and due rule as `sync_assignments_for_users` (the import enrols through
    it after writing). A few queries whatever the number of rows; nothing is written."""
    targets = _active_targets()
    if not targets:
        return
    parents = department_parents()
    valid = [row for row in plans if not row.errors]
    uids = [existing.by_email[row.email]["pk"] for row in valid if row.email in existing.by_email]
    already: set[tuple[int, int]] = set()
    for batch in chunked(uids):
        already.update(
            AssignmentMembership.objects.filter(user_id__in=batch, ended_at=None).values_list(
                "user_id", "assignment_id"
            )
        )
    for row in valid:
        data = existing.by_email.get(row.email, {})
        uid = data.get("pk")
        department_id = row.department_id if "department" in present else data.get("profile__department_id")
        cohort_ids = row.cohort_ids if row.cohort_ids is not None else existing.cohorts_of.get(uid, set())
        audience = row.audience or data.get("profile__audience") or Audience.STAFF
        hire_date = row.hire_date if "hire_date" in present else data.get("profile__hire_date")
        matched = _matching_assignments(
            targets, uid=uid, ancestors=_ancestors(department_id, parents), cohort_ids=cohort_ids, audience=audience
        )
        planned = []
        for aid in sorted(matched):
            if (uid, aid) in already:
                continue
            assignment = targets[aid].assignment
            due = assignment.due_date_for(assigned_on=today, hire_date=hire_date)
            planned.append(PlannedEnrolment(course=assignment.course.title, due_on=due, required=assignment.required))
        row.enrolments = sorted(planned, key=lambda p: (p.due_on or date.max, p.course))


def _diff(row: RowPlan, present: set[str], existing: _Existing) -> None:
    data = existing.by_email.get(row.email)
    if row.active is False and (data is None or data["is_active"]):
        row.errors.append(
            _("An import does not deactivate anyone: use the People list's Deactivate action, or leave “active” empty.")
        )
        return
    if data is None:
        row.action = "create"
        return
    uid = data["pk"]
    compare = {
        "first_name": (row.first_name, data["first_name"]),
        "last_name": (row.last_name, data["last_name"]),
        "department": (row.department_id, data["profile__department_id"]),
        "job_title": (row.job_title, data["profile__job_title"] or ""),
        "manager_email": (row.manager_email or None, existing.email_of.get(data["profile__manager_id"])),
        "hire_date": (row.hire_date, data["profile__hire_date"]),
        "audience": (row.audience, data["profile__audience"]),
        "cohorts": (row.cohort_ids, existing.cohorts_of.get(uid, set())),
        "role": (row.roles, existing.roles_of.get(uid, set()) & set(IMPORT_ROLES)),
    }
    for name, (new, old) in compare.items():
        if name not in present:
            continue
        if name == "audience" and new is None:
            continue
        if new != old:
            row.changes.append(name)
    if not data["is_active"] and row.active is not False:
        row.changes.append("active")
    row.action = "update" if row.changes else "unchanged"


IMPORT_CHANGES = {"first_name": Change.NAME, "last_name": Change.NAME, "role": Change.ROLES, "active": Change.ACTIVE}


def _check_privileges(row: RowPlan, existing: _Existing, actor, powers: frozenset[str]) -> None:
    """An error on the row when the privilege model refuses what it would change (names, roles, reactivation) or the
    roles it would give. Department, title, manager, cohorts and the rest carry no privilege."""
    data = existing.by_email.get(row.email)
    if data is None:
        changes, target, held = {Change.ROLES}, None, frozenset()
        roles_after = row.roles if row.roles is not None else {roles.LEARNERS}
    else:
        changes = {IMPORT_CHANGES[name] for name in row.changes if name in IMPORT_CHANGES}
        if not changes:
            return
        held = existing.held(data)
        # The import never adds or removes Administrators: the person keeps the roles outside IMPORT_ROLES.
        roles_after = (row.roles | (held & {roles.ADMINISTRATORS})) if Change.ROLES in changes else None
        target = User(pk=data["pk"], email=data["email"], first_name=data["first_name"], last_name=data["last_name"])
    refusal = privileges.find_refusal(
        actor=actor,
        target=target,
        changes=changes,
        roles_after=roles_after,
        target_roles=held,
        actor_powers=powers,
        via=_("CSV import"),
    )
    if refusal is not None:
        row.errors.append(str(refusal))
        row.refusal = refusal
        row.action = ""


# --- Applying -------------------------------------------------------------------------------------------------------
def refuse_plan_with_errors(plan: ImportPlan, *, only_valid: bool) -> None:
    """Raise ImportRefused when the plan has errors and only the valid rows were not asked for. The rows the privilege
    model refused are recorded in the audit log first, outside any transaction the refusal rolls back."""
    if plan.error_rows and not only_valid:
        for refusal in plan.refusals:
            privileges.record_refusal(refusal)
        raise ImportRefused(rows_with_errors_message(len(plan.error_rows)))


def apply_people_import(
    plan: ImportPlan,
    *,
    only_valid: bool = False,
    deactivate_missing: bool = False,
    actor: User | None = None,
    file_name: str = "",
    send_invitations: bool = True,
) -> ImportOutcome:
    """Write the plan's valid rows in one transaction: create, update or leave people as they are (matched by
    email), reactivate people listed again, and with `deactivate_missing` deactivate active people the file leaves
    out (never superusers, Administrators, people above the importer's rights or the person importing). Refuses a
    plan with errors unless `only_valid`; rows the privilege model refused go to the audit log either way. New people
    get an invitation email after commit. Bulk queries in batches of 1,000."""
    refuse_plan_with_errors(plan, only_valid=only_valid)
    return _apply_people_import(
        plan,
        only_valid=only_valid,
        deactivate_missing=deactivate_missing,
        actor=actor,
        file_name=file_name,
        send_invitations=send_invitations,
    )


@transaction.atomic
def _apply_people_import(
    plan: ImportPlan, *, only_valid: bool, deactivate_missing: bool, actor, file_name: str, send_invitations: bool
) -> ImportOutcome:
    for refusal in plan.refusals:
        privileges.record_refusal(refusal)
    present = set(plan.columns)
    rows = plan.valid_rows
    outcome = ImportOutcome(skipped=len(plan.error_rows))
    existing = {
        data["email"].lower(): data
        for batch in chunked([r.email for r in rows])
        for data in User.objects.filter(email__in=batch).values("pk", "email", "is_active")
    }
    now = timezone.now()

    # 1. New accounts, with an unusable password until the invitation is used, and their email address.
    new_rows = [r for r in rows if r.email not in existing]
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(
                email=r.email,
                first_name=r.first_name or "",
                last_name=r.last_name or "",
                password=unusable,
                is_active=True,
                date_joined=now,
            )
            for r in new_rows
        ],
        batch_size=CHUNK,
    )
    ids = {
        email.lower(): pk
        for batch in chunked([r.email for r in rows])
        for pk, email in User.objects.filter(email__in=batch).values_list("pk", "email")
    }
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=ids[r.email], email=r.email, verified=False, primary=True) for r in new_rows],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )
    outcome.created = len(new_rows)
    outcome.created_ids = [ids[r.email] for r in new_rows]

    # 2. Names and reactivation of existing accounts.
    changed_rows = [r for r in rows if r.action == "update"]
    name_fields = [f for f in ("first_name", "last_name") if f in present]
    user_updates = []
    for r in changed_rows:
        if {"first_name", "last_name", "active"} & set(r.changes):
            user = User(pk=ids[r.email], email=r.email, is_active=True)
            for name in name_fields:
                setattr(user, name, getattr(r, name) or "")
            user_updates.append(user)
    User.objects.bulk_update(user_updates, [*name_fields, "is_active"], batch_size=CHUNK)

    # 3. Profiles: made whole for new people, changed fields only for the others. Managers are looked up by email
    # once every account exists, so a manager can be a new person further down the file.
    manager_ids: dict[str, int] = dict(ids)
    if "manager_email" in present:
        wanted = {r.manager_email for r in rows if r.manager_email} - set(ids)
        for batch in chunked(sorted(wanted)):
            manager_ids.update(
                {e.lower(): pk for pk, e in User.objects.filter(email__in=batch).values_list("pk", "email")}
            )

    def fill(profile: Profile, r: RowPlan) -> Profile:
        if "department" in present:
            profile.department_id = r.department_id
        if "job_title" in present:
            profile.job_title = r.job_title or ""
        if "manager_email" in present:
            profile.manager_id = manager_ids.get(r.manager_email) if r.manager_email else None
        if "hire_date" in present:
            profile.hire_date = r.hire_date
        if "audience" in present and r.audience:
            profile.audience = r.audience
        profile.updated_at = now
        return profile

    Profile.objects.bulk_create(
        [fill(Profile(user_id=ids[r.email]), r) for r in new_rows], batch_size=CHUNK, ignore_conflicts=True
    )
    profile_columns = {
        "department": "department_id",
        "job_title": "job_title",
        "manager_email": "manager_id",
        "hire_date": "hire_date",
        "audience": "audience",
    }
    touched = [r for r in changed_rows if set(r.changes) & set(profile_columns)]
    if touched:
        missing_profiles = [ids[r.email] for r in touched]
        Profile.objects.bulk_create([Profile(user_id=uid) for uid in missing_profiles], ignore_conflicts=True)
        profiles = {
            p.user_id: p for batch in chunked(missing_profiles) for p in Profile.objects.filter(user_id__in=batch)
        }
        Profile.objects.bulk_update(
            [fill(profiles[ids[r.email]], r) for r in touched],
            [attr for column, attr in profile_columns.items() if column in present] + ["updated_at"],
            batch_size=CHUNK,
        )

    if "manager_email" in present:
        # The reporting lines of everyone whose manager the file set or changed, and of their teams. The plan checked
        # for loops; one made since (another change of a manager meanwhile) refuses the whole file.
        try:
            refresh_reporting_lines(
                user_ids=[ids[r.email] for r in new_rows if r.manager_email]
                + [ids[r.email] for r in touched if "manager_email" in r.changes]
            )
        except ManagerLoop as loop:
            raise ImportRefused(" ".join(loop.messages)) from loop

    # 4. Cohorts and roles: the file's list replaces the person's list (roles: Administrators excepted).
    if "cohorts" in present:
        _replace_memberships(
            rows=[r for r in rows if r.action == "create" or "cohorts" in r.changes],
            ids=ids,
            wanted=lambda r: r.cohort_ids or set(),
            keys=set(Cohort.objects.values_list("pk", flat=True)),
            through=CohortMembership,
            key_field="cohort_id",
        )
    role_rows = [r for r in rows if r.action == "create" or "role" in r.changes]
    group_ids = dict(Group.objects.filter(name__in=IMPORT_ROLES).values_list("name", "pk"))
    _replace_memberships(
        rows=role_rows,
        ids=ids,
        wanted=lambda r: {group_ids[name] for name in (r.roles if r.roles is not None else {roles.LEARNERS})},
        keys=set(group_ids.values()),
        through=User.groups.through,
        key_field="group_id",
        only_for=None if "role" in present else {r.email for r in new_rows},
    )

    # 5. People the file leaves out, only when asked.
    deactivated: list[int] = []
    if deactivate_missing and plan.missing_ids:
        exclude = {actor.pk} if actor is not None and actor.pk else set()
        deactivated = [pk for pk in plan.missing_ids if pk not in exclude]
        for batch in chunked(deactivated):
            User.objects.filter(pk__in=batch, is_active=True).update(is_active=False)
    outcome.deactivated = len(deactivated)
    outcome.updated = len(changed_rows)
    outcome.unchanged = sum(1 for r in rows if r.action == "unchanged")

    # 6. Assignments follow departments, cohorts, audiences and active state.
    resync = [ids[r.email] for r in rows if r.action == "create" or r.action == "update"] + deactivated
    sync_assignments_for_users(user_ids=resync)

    record_audit(
        actor=actor,
        action=AuditLog.Action.PEOPLE_IMPORTED,
        summary=_("Imported %(file)s: %(summary)s")
        % {"file": file_name or _("a CSV file"), "summary": outcome.summary()},
        data={
            **outcome.as_dict(),
            "file": file_name,
            "only_valid": only_valid,
            "deactivate_missing": deactivate_missing,
        },
    )
    if send_invitations and outcome.created_ids:
        from people.tasks import send_invitations as send_invitations_task

        for batch in chunked(outcome.created_ids, 500):
            transaction.on_commit(lambda batch=batch: send_invitations_task.delay(user_ids=batch))
    return outcome


def _replace_memberships(*, rows, ids, wanted, keys, through, key_field, only_for=None) -> None:
    """Make each row's person belong to exactly `wanted(row)` among `keys`: one delete and one insert per key."""
    if only_for is not None:
        rows = [r for r in rows if r.email in only_for]
    if not rows:
        return
    user_ids = [ids[r.email] for r in rows]
    current: dict[int, set[int]] = defaultdict(set)
    for batch in chunked(user_ids):
        for uid, key in through.objects.filter(user_id__in=batch, **{f"{key_field}__in": keys}).values_list(
            "user_id", key_field
        ):
            current[uid].add(key)
    to_remove: dict[int, list[int]] = defaultdict(list)
    to_add = []
    for r in rows:
        uid = ids[r.email]
        want = wanted(r) & keys
        for key in current[uid] - want:
            to_remove[key].append(uid)
        for key in want - current[uid]:
            to_add.append(through(user_id=uid, **{key_field: key}))
    for key, uids in to_remove.items():
        for batch in chunked(uids):
            through.objects.filter(user_id__in=batch, **{key_field: key}).delete()
    through.objects.bulk_create(to_add, batch_size=CHUNK, ignore_conflicts=True)


# --- The admin's upload → preview → confirm flow ----------------------------------------------------------------------
PENDING_UPLOAD_LIFETIME_HOURS = 24


@transaction.atomic
def store_people_upload(*, actor: User, file_name: str, text: str) -> PeopleImport:
    """Keep an uploaded file's text until it is confirmed or discarded (it holds personal data, so uploads left
    pending for a day are deleted whenever someone uploads)."""
    stale = timezone.now() - timedelta(hours=PENDING_UPLOAD_LIFETIME_HOURS)
    PeopleImport.objects.filter(applied_at=None, created_at__lt=stale).delete()
    upload = PeopleImport(uploaded_by=actor, file_name=file_name[:255], content=text)
    upload.full_clean()
    upload.save()
    return upload


def confirm_people_import(
    *, upload: PeopleImport, plan: ImportPlan, actor: User, only_valid: bool, deactivate_missing: bool
) -> ImportOutcome:
    """Apply a previewed upload and keep only its outcome: the uploaded rows are deleted in the same transaction."""
    refuse_plan_with_errors(plan, only_valid=only_valid)
    with transaction.atomic():
        upload = PeopleImport.objects.select_for_update().get(pk=upload.pk)
        if upload.applied_at is not None:
            raise ImportRefused(_("This file was already imported."))
        outcome = apply_people_import(
            plan, only_valid=only_valid, deactivate_missing=deactivate_missing, actor=actor, file_name=upload.file_name
        )
        upload.applied_at = timezone.now()
        upload.content = ""
        upload.outcome = outcome.as_dict()
        upload.save(update_fields=["applied_at", "content", "outcome"])
    return outcome


@transaction.atomic
def discard_people_upload(*, upload: PeopleImport) -> None:
    PeopleImport.objects.filter(pk=upload.pk, applied_at=None).delete()
