"""People and cohorts kept in step by a provisioning client (SCIM, scim/): the company's identity provider or HR
system creates, changes and deactivates people, and fills cohorts.

The same rules as every other way in: a new person is made as the CSV import makes one (unusable password until the
invitation is used, an unverified email address, a profile, the Learners role), their assignments come from
`sync_assignments_for_users` like everyone's (assigned on the day they arrive, due after the assignment's grace
period when its fixed date has passed), a department or manager change goes through `update_profile`, a new sign-in
address through `change_account_email`, and every change is first asked of the privilege model
(people/privileges.py) for the client's Authority (`privileges.provisioning_client`). Deactivating ends every session
of the person (a new security stamp) and deletes nothing: enrolments, progress and certificates stay.

Each public function is one transaction and writes the audit log with the client's name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils.translation import gettext as _

from people import privileges, roles, selectors
from people.models import AuditLog, Cohort, CohortMembership, Profile, User
from people.privileges import Authority, Change
from people.selectors import DepartmentResolver
from people.services import (
    change_account_email,
    change_profile,
    record_audit,
    sync_assignments_for_users,
    update_profile,
)

UNSET: Any = object()
AUDIT_VIA = "SCIM"
# The role names a client may send (case does not matter). Administrators is never among them.
ROLE_NAMES = roles.GRANTABLE_ROLE_NAMES
ROLE_VALUES = {
    roles.MANAGERS: "manager",
    roles.TRAINERS: "trainer",
    roles.HR: "hr",
    roles.ADMINISTRATORS: "administrator",
}
PROVISIONED_ROLES = {roles.LEARNERS, roles.MANAGERS, roles.TRAINERS, roles.HR}
MAX_LENGTHS = {"first_name": 150, "last_name": 150, "job_title": 200}


class PersonExists(Exception):
    """Another account already has this email address (SCIM answers 409 uniqueness)."""


@dataclass
class PersonValues:
    """What a client says about one person. UNSET leaves a field as it is (a PATCH names only what it changes);
    None or "" clears it."""

    email: str = UNSET
    first_name: str = UNSET
    last_name: str = UNSET
    job_title: str = UNSET
    active: bool = UNSET
    department: str | None = UNSET  # a path ("Operations/Control room"), a name or a code
    manager_id: int | None = UNSET
    roles: Iterable[str] | None = UNSET  # names from ROLE_NAMES; Learner is always held
    changed: list[str] = field(default_factory=list)


@dataclass
class Client:
    """The provisioning client acting: its name for the audit log and its rights."""

    name: str
    may_grant_hr: bool = False
    send_invitations: bool = False

    @property
    def authority(self) -> Authority:
        return privileges.provisioning_client(self.name, may_grant_hr=self.may_grant_hr)


def _text(name: str, value: str | None) -> str:
    value = " ".join((value or "").split())
    if len(value) > MAX_LENGTHS[name]:
        raise ValidationError({name: _("Longer than %(n)d characters.") % {"n": MAX_LENGTHS[name]}})
    return value


def _email(value) -> str:
    email = (value or "").strip().lower() if isinstance(value, str) else ""
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("“%(value)s” is not an email address.") % {"value": value}}) from error
    return email


def _roles(values: Iterable[str]) -> set[str]:
    wanted = {roles.LEARNERS}
    for value in values:
        key = str(value).strip().lower()
        if key in ("administrator", "administrators", "admin"):
            raise ValidationError({"roles": _("A provisioning client cannot give the Administrator role.")})
        if key not in ROLE_NAMES:
            raise ValidationError(
                {"roles": _("Unknown role “%(value)s”. Use learner, manager, trainer or hr.") % {"value": value}}
            )
        wanted.add(ROLE_NAMES[key])
    return wanted


def _department(value, resolver: DepartmentResolver):
    if value is None or not str(value).strip():
        return None
    department = resolver.resolve(str(value).strip()[:500])
    if department is None:
        raise ValidationError(
            {
                "department": _(
                    "Unknown department “%(value)s”: create it in People → Departments, or send its path or code."
                )
                % {"value": str(value)[:200]}
            }
        )
    return department


def _manager(manager_id, user: User | None):
    if manager_id is None:
        return None
    if user is not None and manager_id == user.pk:
        raise ValidationError({"manager": _("A person cannot be their own manager.")})
    manager = User.objects.filter(pk=manager_id).first()
    if manager is None:
        raise ValidationError({"manager": _("No person has the id “%(value)s”.") % {"value": manager_id}})
    return manager


@dataclass
class _Wanted:
    """PersonValues checked and resolved (UNSET where the client said nothing). The manager stays an id: it is looked
    up only when it changes."""

    email: str
    first_name: str
    last_name: str
    job_title: str
    department: Any
    manager_id: int | None
    roles: set[str]
    active: bool


def _wanted(values: PersonValues, resolver: DepartmentResolver | None) -> _Wanted:
    """Raises ValidationError for a value no person may have. Queries nothing but the resolver's departments."""
    department = UNSET
    if values.department is not UNSET:
        department = _department(values.department, resolver or DepartmentResolver.current())
    return _Wanted(
        email=_email(values.email) if values.email is not UNSET else UNSET,
        first_name=_text("first_name", values.first_name) if values.first_name is not UNSET else UNSET,
        last_name=_text("last_name", values.last_name) if values.last_name is not UNSET else UNSET,
        job_title=_text("job_title", values.job_title) if values.job_title is not UNSET else UNSET,
        department=department,
        manager_id=values.manager_id,
        roles=_roles(values.roles or []) if values.roles is not UNSET else UNSET,
        active=values.active,
    )


@dataclass
class _Diff:
    changed: list[str] = field(default_factory=list)  # field names, for the audit log
    changes: set[Change] = field(default_factory=set)  # what the privilege model is asked about
    organisation: dict = field(default_factory=dict)  # for update_profile; the manager as an id until looked up
    roles_after: set[str] | None = None


def _diff(*, user: User, profile: Profile | None, current_roles: set[str], wanted: _Wanted) -> _Diff:
    """What `wanted` changes on the person as given (account, profile or None, role names held). No query."""
    diff = _Diff()
    if wanted.email is not UNSET and wanted.email != user.email:
        diff.changes.add(Change.EMAIL)
        diff.changed.append("email")
    if wanted.first_name is not UNSET and wanted.first_name != user.first_name:
        diff.changes.add(Change.NAME)
        diff.changed.append("first_name")
    if wanted.last_name is not UNSET and wanted.last_name != user.last_name:
        diff.changes.add(Change.NAME)
        diff.changed.append("last_name")
    if wanted.active is not UNSET and bool(wanted.active) != user.is_active:
        diff.changes.add(Change.ACTIVE)
        diff.changed.append("active")
    if wanted.roles is not UNSET:
        # Roles a client cannot give (Administrators) stay as they are.
        diff.roles_after = wanted.roles | (current_roles - PROVISIONED_ROLES)
        if diff.roles_after != current_roles | {roles.LEARNERS}:
            diff.changes.add(Change.ROLES)
            diff.changed.append("roles")
    organisation = diff.organisation
    if wanted.job_title is not UNSET and wanted.job_title != ((profile.job_title if profile else "") or ""):
        organisation["job_title"] = wanted.job_title
    if wanted.department is not UNSET and getattr(wanted.department, "pk", None) != (
        profile.department_id if profile else None
    ):
        organisation["department"] = wanted.department
    if wanted.manager_id is not UNSET and wanted.manager_id != (profile.manager_id if profile else None):
        organisation["manager"] = wanted.manager_id
    if organisation:
        diff.changes.add(Change.ORGANISATION)
        diff.changed.extend(sorted(organisation))
    return diff


def pending_changes(
    *, user: User, group_names: set[str], values: PersonValues, resolver: DepartmentResolver | None = None
) -> list[str]:
    """What `provision_person` would change on `user` as the caller loaded it (its profile already fetched, and the
    names of its groups, as scim.views does), without a lock and without a query beyond the resolver's. Empty: a
    client restating the person as they are (most of a full sync) can be answered at once, nothing written. Raises
    ValidationError for a bad value, as `provision_person` does."""
    wanted = _wanted(values, resolver)
    current_roles = set(group_names) & set(roles.ALL_ROLES)
    diff = _diff(user=user, profile=getattr(user, "profile", None), current_roles=current_roles, wanted=wanted)
    return diff.changed


@dataclass
class Provisioned:
    """What `provision_person` did: the account as it now stands (its profile loaded), what changed (empty when
    nothing did) and the names of the groups the person is now in, so that the caller answers without reading the
    person again."""

    user: User
    changed: list[str]
    group_names: set[str]


def _locked(pk: int) -> User:
    """The account with its profile, both rows locked (FOR UPDATE) in one query, so two calls about one person take
    turns and the profile `update_profile` then writes is the one read here; the names of the person's groups come
    with it (`selectors.group_names_of`; in the same query on PostgreSQL). An account without a profile (one made
    outside Socialwise's own flows) is locked alone; its profile is made when the organisation changes."""
    people = selectors.with_group_names(User.objects.select_related("profile"))
    try:
        return people.select_for_update(of=("self", "profile")).get(pk=pk, profile__isnull=False)
    except User.DoesNotExist:
        return people.select_for_update(of=("self",)).get(pk=pk)


def _lock_as_read(user: User) -> bool:
    """Lock the account and its profile (FOR UPDATE) in one short statement and say whether both rows and the
    person's groups are still as `user` was read (`selectors.with_row_version` and `with_group_names`, on PostgreSQL):
    then that read is the locked one, and the person is not read again. False (nothing learnt, maybe locked) for a
    person read without them, without a profile, or changed since; `_locked` then reads them afresh."""
    version = getattr(user, selectors.ROW_VERSION, None)
    names = getattr(user, selectors.GROUP_NAMES, None)
    if version is None or names is None or version.endswith("/-"):
        return False
    quote = connection.ops.quote_name
    tables = {
        "user": quote(User._meta.db_table),
        "profile": quote(Profile._meta.db_table),
        "member": quote(User.groups.through._meta.db_table),
        "group": quote(Group._meta.db_table),
    }
    # The version as selectors.with_row_version reads it; the groups as with_group_names does.
    sql = (  # noqa: S608 - the models' tables; the id is a parameter
        "SELECT u.xmin::text || ':' || u.ctid::text || '/' || p.xmin::text || ':' || p.ctid::text,"
        " ARRAY(SELECT g.name FROM {member} m JOIN {group} g ON g.id = m.group_id WHERE m.user_id = u.id)"
        " FROM {user} u JOIN {profile} p ON p.user_id = u.id WHERE u.id = %s FOR UPDATE OF u, p"
    ).format(**tables)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        row = cursor.fetchone()
    return row is not None and row[0] == version and set(row[1]) == set(names)


@transaction.atomic
def provision_person(
    *,
    client: Client,
    user: User | None,
    values: PersonValues,
    resolver: DepartmentResolver | None = None,
    also: Callable[[User], None] | None = None,
) -> Provisioned:
    """Create (`user` None) or change one person as the client says. Returns the account, what changed (empty when
    nothing did) and the person's groups. Raises ValidationError (a bad value, a manager loop), PersonExists (creating
    an address another account has) or AccountChangeRefused (the privilege model), each with nothing written.
    `resolver`: departments already loaded by the caller (one query fewer). `also`: what the caller records about the
    person in the same transaction, changed or not (SCIM: the client's externalId), called with the account last.
    A `user` read with `selectors.with_row_version` and `with_group_names` and unchanged when locked is the object
    changed and returned; otherwise the person is read again under the lock."""
    actor = client.authority
    creating = user is None
    wanted = _wanted(values, resolver)
    email = wanted.email
    if creating and email is UNSET:
        raise ValidationError({"email": _("The email address (userName) is missing.")})
    if (
        email is not UNSET
        and (user is None or email != user.email)
        and User.objects.filter(email__iexact=email).exclude(pk=getattr(user, "pk", None)).exists()
    ):
        raise PersonExists(email)

    if creating:
        roles_after = wanted.roles if wanted.roles is not UNSET else {roles.LEARNERS}
        manager = _manager(wanted.manager_id, None) if wanted.manager_id is not UNSET else None
        privileges.check_account_change(
            actor=actor, target=None, changes={Change.ROLES}, roles_after=roles_after, via=AUDIT_VIA
        )
        user = User(
            email=email,
            first_name=wanted.first_name if wanted.first_name is not UNSET else "",
            last_name=wanted.last_name if wanted.last_name is not UNSET else "",
            is_active=wanted.active if wanted.active is not UNSET else True,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        user.groups.add(*Group.objects.filter(name__in=roles_after))
        update_profile(
            user=user,
            department=wanted.department if wanted.department is not UNSET else None,
            job_title=wanted.job_title if wanted.job_title is not UNSET else "",
            manager=manager,
        )
        sync_assignments_for_users(user_ids=[user.pk])
        record_audit(
            actor=None,
            action=AuditLog.Action.PERSON_CHANGED,
            subject=user,
            summary=_("SCIM client “%(client)s”: person added.") % {"client": client.name},
            data={"via": AUDIT_VIA, "client": client.name, "created": True},
        )
        if client.send_invitations and user.is_active:
            from people.tasks import send_invitations as send_invitations_task

            transaction.on_commit(lambda: send_invitations_task.delay(user_ids=[user.pk]))
        if also is not None:
            also(user)
        return Provisioned(
            user=user, changed=["created"], group_names=selectors.group_names(user_ids=[user.pk])[user.pk]
        )

    user = user if _lock_as_read(user) else _locked(user.pk)
    profile = getattr(user, "profile", None)
    group_names = selectors.group_names_of(user)
    current_roles = group_names & set(roles.ALL_ROLES)
    diff = _diff(user=user, profile=profile, current_roles=current_roles, wanted=wanted)
    changes, changed, organisation, roles_after = diff.changes, diff.changed, diff.organisation, diff.roles_after
    if not changes:
        if also is not None:
            also(user)
        return Provisioned(user=user, changed=[], group_names=group_names)
    if "manager" in organisation:
        organisation["manager"] = _manager(organisation["manager"], user)
    privileges.check_account_change(
        actor=actor,
        target=user,
        changes=changes,
        roles_after=roles_after if Change.ROLES in changes else None,
        target_roles=privileges.held_roles(group_names, is_superuser=user.is_superuser),
        via=AUDIT_VIA,
    )
    if wanted.first_name is not UNSET:
        user.first_name = wanted.first_name
    if wanted.last_name is not UNSET:
        user.last_name = wanted.last_name
    if Change.ACTIVE in changes:
        user.is_active = bool(wanted.active)
        if not user.is_active:
            user.rotate_security_stamp()  # every session of the person ends now, not at their next request
    if Change.EMAIL in changes:
        user.full_clean(exclude=["password", "email"])
        change_account_email(user=user, email=email, actor=None)  # saves the account; signs it out everywhere
    elif changes & {Change.NAME, Change.ACTIVE}:
        user.full_clean(exclude=["password", "email"])
        user.save()
    # (a change of roles or of the profile alone leaves the account's row as it is: nothing of it changed)
    if Change.ROLES in changes:
        removed = list(Group.objects.filter(name__in=current_roles - roles_after))
        added = list(Group.objects.filter(name__in=roles_after - current_roles))
        user.groups.remove(*removed)
        user.groups.add(*added)
        group_names = (group_names - {g.name for g in removed}) | {g.name for g in added}
    if organisation:
        # In this transaction, on the profile locked above; brings assignments up to date when the department moved.
        user.profile = change_profile(user=user, profile=profile, **organisation)
    if Change.ACTIVE in changes and "department" not in organisation:
        sync_assignments_for_users(user_ids=[user.pk])
    record_audit(
        actor=None,
        action=AuditLog.Action.PERSON_CHANGED,
        subject=user,
        summary=_("SCIM client “%(client)s”: %(what)s.")
        % {
            "client": client.name,
            "what": _("person deactivated")
            if Change.ACTIVE in changes and not user.is_active
            else _("changed %(fields)s") % {"fields": ", ".join(changed)},
        },
        data={"via": AUDIT_VIA, "client": client.name, "changed": changed},
    )
    if also is not None:
        also(user)
    return Provisioned(user=user, changed=changed, group_names=group_names)


# --- Cohorts ----------------------------------------------------------------------------------------------------------
@transaction.atomic
def provision_cohort(
    *, client: Client, cohort: Cohort | None, name: str = UNSET, member_ids: Iterable[int] = UNSET
) -> tuple[Cohort, list[int]]:
    """Create (`cohort` None) or change a cohort as the client's group says: its name and members. People whose
    account the client may not change (an Administrator, a superuser, HR without HR on the token) keep their
    membership as it is, and each refusal is in the audit log. Returns the cohort and the ids left as they were."""
    creating = cohort is None
    if name is not UNSET:
        name = " ".join((name or "").split())
        if not name:
            raise ValidationError({"name": _("A group needs a displayName.")})
        if len(name) > 120:
            raise ValidationError({"name": _("Longer than 120 characters.")})
    if creating:
        if name is UNSET:
            raise ValidationError({"name": _("A group needs a displayName.")})
        cohort = Cohort(name=name, code=_free_code(name))
    else:
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if name is not UNSET:
            cohort.name = name
    refused: list[int] = []
    if member_ids is not UNSET:
        wanted = {int(pk) for pk in member_ids}
        known = set(User.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted - known:
            raise ValidationError(
                {"members": _("No person has the id “%(value)s”.") % {"value": sorted(wanted - known)[0]}}
            )
        current = (
            set(CohortMembership.objects.filter(cohort_id=cohort.pk).values_list("user_id", flat=True))
            if cohort.pk
            else set()
        )
        touched = wanted ^ current
        actor = client.authority
        held = privileges.roles_by_user(touched)
        powers = privileges.powers_of(actor)
        for uid in sorted(touched):
            if privileges.covers(actor, None, target_roles=held[uid], actor_powers=powers):
                continue
            refused.append(uid)
            privileges.record_refusal(
                privileges.find_refusal(
                    actor=actor,
                    target=User.objects.get(pk=uid),
                    changes={Change.ORGANISATION},
                    target_roles=held[uid],
                    actor_powers=powers,
                    via=AUDIT_VIA,
                )
            )
        final = (wanted - set(refused)) | (current & set(refused))
    cohort.full_clean(exclude=["memberships"])
    cohort.save()
    if member_ids is not UNSET:
        CohortMembership.objects.filter(cohort=cohort).exclude(user_id__in=final).delete()
        CohortMembership.objects.bulk_create(
            [CohortMembership(cohort=cohort, user_id=uid) for uid in final - current], ignore_conflicts=True
        )
        if touched - set(refused):
            sync_assignments_for_users(user_ids=sorted(touched - set(refused)))
    record_audit(
        actor=None,
        action=AuditLog.Action.PERSON_CHANGED,
        summary=(
            _("SCIM client “%(client)s”: cohort %(cohort)s added.")
            if creating
            else _("SCIM client “%(client)s”: cohort %(cohort)s changed.")
        )
        % {"client": client.name, "cohort": cohort.name},
        data={"via": AUDIT_VIA, "client": client.name, "cohort": cohort.pk},
    )
    return cohort, refused


@transaction.atomic
def empty_cohort(*, client: Client, cohort: Cohort) -> int:
    """What deleting the client's group does: everyone leaves the cohort (their assignments through it end; their
    enrolments and progress stay). The cohort itself stays, with its sessions and history, for HR to delete or reuse.
    People the client may not change stay members. Returns how many left."""
    members = list(CohortMembership.objects.filter(cohort=cohort).values_list("user_id", flat=True))
    _cohort, refused = provision_cohort(client=client, cohort=cohort, member_ids=[])
    return len(members) - len(refused)


def _free_code(name: str) -> str:
    from django.utils.text import slugify

    base = (slugify(name)[:22] or "group").strip("-") or "group"
    code, n = base, 1
    while Cohort.objects.filter(code__iexact=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code
