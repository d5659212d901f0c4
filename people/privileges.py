"""The privilege model (docs/security.md, "Privilege model"), decided here and nowhere else.

Roles rank Administrator above HR, and HR above Trainer, Manager and Learner (Trainer and Manager side by side, neither
above the other); a superuser stands above everyone. A higher role counts as holding every role below it.

* An actor may change a person's email address, name, active state, roles or password, erase or delete them or
  download their personal data only when the actor holds every privileged role (Manager and up) the person holds.
* Only a superuser changes a superuser's account, and only a superuser makes or unmakes superusers.
* A person in a group that is not one of the roles (Course reviewers, or any group a superuser set up) is guarded as an
  Administrator is: such groups carry rights of any kind (publishing, for reviewers), so only an Administrator or a
  superuser changes their account.
* Nobody gives a role above their own.
* Nobody deactivates or erases themselves; superusers are never erased here.
* The organisation (department, job title, manager, audience, hire date, cohorts) carries no privilege: whoever may
  manage people changes it for everyone, Administrators included.

Model permissions (HR's `people.change_profile`…) still decide who reaches a screen at all; this module decides whose
account they may change there. Every path that changes an account asks `check_account_change` (or `permits`, which
records a refusal itself) before it writes: the people admin form and its bulk actions (people/services.py,
people/admin_views.py), the CSV import (people/importing.py), single sign-on (people/sso.py), erasure
(people/personal_data.py) and Wagtail's own Users screens (people/users_admin.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people import roles
from people.exceptions import AccountChangeRefused

if TYPE_CHECKING:
    from people.models import User

SUPERUSER = "superuser"  # a pseudo-role: superuser status, above every group
OTHER_GROUP = "other group"  # a pseudo-role: membership of any group that is not one of the roles


class Change(StrEnum):
    """What a path is about to change. Every kind but ORGANISATION is guarded by the target's roles."""

    EMAIL = "email"
    NAME = "name"
    ACTIVE = "active"
    ROLES = "roles"
    PASSWORD = "password"  # noqa: S105 (the kind of change, not a secret)
    SUPERUSER = "superuser"
    ERASE = "erase"
    DELETE = "delete"
    EXPORT = "export"
    ORGANISATION = "organisation"


ACCOUNT_FIELDS = (Change.EMAIL, Change.NAME, Change.ACTIVE, Change.ROLES, Change.PASSWORD, Change.SUPERUSER)
PERSON_FIELDS = (Change.EMAIL, Change.NAME, Change.ACTIVE, Change.ROLES)  # what the people admin's form can change
CHANGE_LABELS = {
    Change.EMAIL: gettext_lazy("email address"),
    Change.NAME: gettext_lazy("name"),
    Change.ACTIVE: gettext_lazy("active state"),
    Change.ROLES: gettext_lazy("roles"),
    Change.PASSWORD: gettext_lazy("password"),
    Change.SUPERUSER: gettext_lazy("superuser status"),
}

# A role counts for itself and every role below it.
COVERS: dict[str, frozenset[str]] = {
    roles.LEARNERS: frozenset({roles.LEARNERS}),
    roles.MANAGERS: frozenset({roles.MANAGERS, roles.LEARNERS}),
    roles.TRAINERS: frozenset({roles.TRAINERS, roles.LEARNERS}),
    roles.HR: frozenset({roles.HR, roles.TRAINERS, roles.MANAGERS, roles.LEARNERS}),
    roles.ADMINISTRATORS: frozenset([*roles.ALL_ROLES, OTHER_GROUP]),
}
EVERYTHING = frozenset([*roles.ALL_ROLES, OTHER_GROUP, SUPERUSER])
# The roles that guard an account, most senior first (a refusal names the most senior one the actor lacks).
PRIVILEGED = [SUPERUSER, roles.ADMINISTRATORS, OTHER_GROUP, roles.HR, roles.TRAINERS, roles.MANAGERS]


@dataclass(frozen=True)
class Authority:
    """Who acts when no person does, with the rights of one role."""

    name: str  # for the audit log
    label: str  # for messages: "an import cannot …"
    role: str
    also: tuple[str, ...] = ()  # further roles it counts as holding (Manager and Trainer side by side)
    # A provisioning client changes nothing at all of someone above its rights, their place in the organisation
    # included: the company's directory must not move an Administrator's department or manager either.
    guards_organisation: bool = False


# The CSV import run from the command line has HR's rights, whoever runs it: the file usually comes from another
# system, and a row must not be able to rename, reactivate or re-role an Administrator.
IMPORT_COMMAND = Authority(name="import command", label=gettext_lazy("an import"), role=roles.HR)
# The company's identity provider sets the roles its claims map, up to Administrator, and never touches a superuser.
IDENTITY_PROVIDER = Authority(name="single sign-on", label=gettext_lazy("single sign-on"), role=roles.ADMINISTRATORS)


def provisioning_client(name: str, *, may_grant_hr: bool) -> Authority:
    """A SCIM client (scim/): the company's identity provider or HR system creating, changing and deactivating
    people. It holds a Manager's and a Trainer's rights, and HR's only where an Administrator allowed it on its token;
    it never gives the Administrator role nor touches an Administrator's or a superuser's account in any way."""
    label = gettext_lazy("SCIM provisioning")
    if may_grant_hr:
        return Authority(name=f"SCIM: {name}", label=label, role=roles.HR, guards_organisation=True)
    return Authority(
        name=f"SCIM: {name}", label=label, role=roles.MANAGERS, also=(roles.TRAINERS,), guards_organisation=True
    )


# An actor is a person, an Authority, or None for the system itself (a shell command such as createsuperuser, a task,
# which has every right).


# --- Who holds what ---------------------------------------------------------------------------------------------------
def counted_as(group_name: str) -> str:
    """What one group counts as in the privilege model: itself for a role, OTHER_GROUP for any other group."""
    return group_name if group_name in roles.ALL_ROLES else OTHER_GROUP


def held_roles(group_names: Iterable[str], *, is_superuser: bool) -> frozenset[str]:
    """What the privilege model counts from a person's group names (`counted_as`), with SUPERUSER for superuser
    status."""
    held = {counted_as(name) for name in group_names}
    if is_superuser:
        held.add(SUPERUSER)
    return frozenset(held)


def roles_of(user: User) -> frozenset[str]:
    """The roles `user` holds as the privilege model counts them (`held_roles`). One query."""
    if user is None or user.pk is None:
        return frozenset()
    return held_roles(user.groups.values_list("name", flat=True), is_superuser=user.is_superuser)


def roles_by_user(user_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """`roles_of` for many people at once, in two queries whatever their number."""
    from people.models import User

    ids = list(user_ids)
    held: dict[int, set[str]] = defaultdict(set)
    through = User.groups.through
    for start in range(0, len(ids), 1000):
        batch = ids[start : start + 1000]
        for uid, name in through.objects.filter(user_id__in=batch).values_list("user_id", "group__name"):
            held[uid].add(counted_as(name))
        for uid in User.objects.filter(pk__in=batch, is_superuser=True).values_list("pk", flat=True):
            held[uid].add(SUPERUSER)
    return {uid: frozenset(held.get(uid, ())) for uid in ids}


def powers_of(actor) -> frozenset[str]:
    """Every role the actor counts as holding (SUPERUSER included for superusers and the system)."""
    if actor is None:
        return EVERYTHING
    if isinstance(actor, Authority):
        return frozenset().union(COVERS[actor.role], *(COVERS[name] for name in actor.also))
    if not actor.is_authenticated or not actor.is_active:
        return frozenset()
    held = roles_of(actor)
    if SUPERUSER in held:
        return EVERYTHING
    return frozenset().union(*(COVERS[name] for name in held))


def grantable_roles(actor) -> list[str]:
    """The roles the actor may give, in the usual order."""
    powers = powers_of(actor)
    return [name for name in roles.ALL_ROLES if name in powers]


def covers(
    actor,
    target: User,
    *,
    target_roles: frozenset[str] | None = None,
    actor_powers: frozenset[str] | None = None,
) -> bool:
    """Whether the actor holds every privileged role `target` holds, so may change their account at all."""
    held = roles_of(target) if target_roles is None else target_roles
    return not _missing(powers_of(actor) if actor_powers is None else actor_powers, held)


def _missing(powers: frozenset[str], held: frozenset[str]) -> str | None:
    return next((name for name in PRIVILEGED if name in held and name not in powers), None)


# --- The decision -----------------------------------------------------------------------------------------------------
def find_refusal(
    *,
    actor,
    target: User | None,
    changes: Iterable[Change],
    roles_after: Iterable[str] | None = None,
    target_roles: frozenset[str] | None = None,
    actor_powers: frozenset[str] | None = None,
    via: str = "",
) -> AccountChangeRefused | None:
    """The refusal the privilege model gives this change, or None when it is allowed. `target` is None for a person
    being created; `roles_after` is the set of roles the person will hold when ROLES changes. Callers deciding for
    many people pass `target_roles` (`roles_by_user`) and `actor_powers` (`powers_of`) to save the queries."""
    changes = {Change(c) for c in changes}
    held = frozenset() if target is None else (roles_of(target) if target_roles is None else target_roles)
    powers = powers_of(actor) if actor_powers is None else actor_powers
    refuse = _Refusal(actor=actor, target=target, changes=changes, via=via)
    is_self = target is not None and actor is not None and not isinstance(actor, Authority) and actor.pk == target.pk

    if is_self and Change.ERASE in changes:
        return refuse(_("You cannot erase your own account."), _("Refused to erase the actor's own account"))
    if is_self and Change.ACTIVE in changes:
        return refuse(_("You cannot deactivate your own account."), _("Refused to deactivate the actor's own account"))
    if Change.ERASE in changes and SUPERUSER in held:
        return refuse(
            _("Superusers cannot be erased here; remove their superuser status first."),
            _("Refused to erase a superuser"),
        )
    guarded = changes if getattr(actor, "guards_organisation", False) else changes - {Change.ORGANISATION}
    if target is not None and guarded and (lacking := _missing(powers, held)):
        return refuse.above(lacking)
    if Change.SUPERUSER in changes and SUPERUSER not in powers:
        return refuse(
            _("Only a superuser can make someone a superuser or end it."), _("Refused to change superuser status")
        )
    if roles_after is not None:
        added = set(roles_after) - held
        beyond = [name for name in reversed(roles.ALL_ROLES) if name in added and name not in powers]
        if beyond:
            return refuse.grant(beyond[0])
        # Groups other than the five roles are set up by superusers, with permissions of any kind.
        others = sorted(added - set(roles.ALL_ROLES) - {SUPERUSER})
        if others and SUPERUSER not in powers:
            return refuse(
                _("Only a superuser can give the group “%(group)s”: it is not one of the roles.")
                % {"group": others[0]},
                _("Refused to give a group that is not a role"),
            )
    return None


def check_account_change(
    *,
    actor,
    target: User | None,
    changes: Iterable[Change],
    roles_after: Iterable[str] | None = None,
    target_roles: frozenset[str] | None = None,
    via: str = "",
) -> None:
    """Raise AccountChangeRefused when the privilege model refuses the change (see `find_refusal`). Writes nothing:
    the caller records the refusal (`record_refusal`) once its transaction has rolled back."""
    refusal = find_refusal(
        actor=actor, target=target, changes=changes, roles_after=roles_after, target_roles=target_roles, via=via
    )
    if refusal is not None:
        raise refusal


def permits(
    *,
    actor,
    target: User | None,
    changes: Iterable[Change],
    roles_after: Iterable[str] | None = None,
    target_roles: frozenset[str] | None = None,
    via: str = "",
) -> bool:
    """`check_account_change` for paths that skip a refused change and carry on (single sign-on, bulk actions): a
    refusal is recorded in the audit log and False returned."""
    refusal = find_refusal(
        actor=actor, target=target, changes=changes, roles_after=roles_after, target_roles=target_roles, via=via
    )
    if refusal is None:
        return True
    record_refusal(refusal)
    return False


def record_refusal(refusal: AccountChangeRefused) -> None:
    """One audit log entry for a refused change. Call it outside the refused change's transaction (or after it rolled
    back): an entry written inside would roll back with it."""
    from people.models import AuditLog
    from people.services import record_audit

    actor = refusal.actor if refusal.actor is not None and not isinstance(refusal.actor, Authority) else None
    data = {"changes": [str(c) for c in refusal.changes], "via": refusal.via}
    if isinstance(refusal.actor, Authority):
        data["authority"] = refusal.actor.name
    target = refusal.target if refusal.target is not None and refusal.target.pk else None
    with transaction.atomic():
        record_audit(
            actor=actor, action=AuditLog.Action.CHANGE_REFUSED, subject=target, summary=refusal.summary, data=data
        )


# --- Words ------------------------------------------------------------------------------------------------------------
def person_label(user: User) -> str:
    return user.get_full_name() or user.email


@dataclass
class _Refusal:
    actor: object
    target: User | None
    changes: set[Change]
    via: str

    def __call__(self, message: str, summary: str) -> AccountChangeRefused:
        via = f" ({self.via})" if self.via else ""
        return AccountChangeRefused(
            message,
            summary=f"{summary}{via}.",
            actor=self.actor,
            target=self.target,
            changes=(self.changes - {Change.ORGANISATION}) or self.changes,
            via=self.via,
        )

    def _doing(self) -> tuple[str, str]:
        """What was refused, for the actor ("change their email address and roles") and the log."""
        if Change.ERASE in self.changes:
            return _("erase them"), _("erase")
        if Change.DELETE in self.changes:
            return _("delete their account"), _("delete the account of")
        if Change.EXPORT in self.changes:
            return _("download their personal data"), _("download the personal data of")
        labels = [str(CHANGE_LABELS[c]) for c in ACCOUNT_FIELDS if c in self.changes]
        if Change.ORGANISATION in self.changes and not labels:
            labels = [_("place in the organisation")]  # only a provisioning client guards it (guards_organisation)
        things = get_text_list(labels, _("and"))
        return _("change their %(things)s") % {"things": things}, _("change the %(things)s of") % {"things": things}

    def above(self, lacking: str) -> AccountChangeRefused:
        doing, logged = self._doing()
        person = person_label(self.target)
        role = str(roles.ROLE_LABELS.get(lacking, ""))
        whom = _("a superuser") if lacking == SUPERUSER else _("a person with the %(role)s role") % {"role": role}
        who = str(self.actor.label) if isinstance(self.actor, Authority) else ""
        if lacking == OTHER_GROUP:
            whom = _("a member of a group that is not a role")
            message = _(
                "%(person)s is in a group that is not one of the roles (such as Course reviewers), so only an "
                "Administrator can %(doing)s."
            )
        elif isinstance(self.actor, Authority):
            if lacking == SUPERUSER:
                message = _("%(person)s is a superuser, so %(who)s cannot %(doing)s.")
            else:
                message = _("%(person)s holds the %(role)s role, above the rights of %(who)s, so it cannot %(doing)s.")
        else:
            if lacking == SUPERUSER:
                message = _("%(person)s is a superuser and you are not, so you cannot %(doing)s.")
            else:
                message = _("%(person)s holds the %(role)s role and you do not, so you cannot %(doing)s.")
        return self(
            message % {"person": person, "role": role, "who": who, "doing": doing},
            _("Refused to %(logged)s %(whom)s") % {"logged": logged, "whom": whom},
        )

    def grant(self, role_name: str) -> AccountChangeRefused:
        role = str(roles.ROLE_LABELS[role_name])
        if isinstance(self.actor, Authority):
            message = _("%(who)s cannot give the %(role)s role.") % {"who": str(self.actor.label), "role": role}
            message = message[:1].upper() + message[1:]
        else:
            message = _("You cannot give the %(role)s role: it is above your own.") % {"role": role}
        return self(message, _("Refused to give the %(role)s role") % {"role": role})
