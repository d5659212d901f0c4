"""The privilege model as a table: every actor role × every target role × every path that changes an account, each
performed the way a person (or the identity provider) would: the people admin's form, each bulk action, the CSV
import, Wagtail's Users screen, erase and deactivate as services, and single sign-on's claim mapping.

The expected outcome comes from the model as docs/security.md writes it, not from people/privileges.py: a role counts
for the roles below it (Administrator > HR > Trainer, Manager > Learner), a superuser for everyone, and only
superusers change superusers. A refused change shows why, leaves the database as it was, and is in the audit log."""

from __future__ import annotations

import json

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from allauth.account.models import EmailAddress

from people import personal_data, roles, services
from people.exceptions import AccountChangeRefused
from people.models import AuditLog, Cohort, User
from people.sso import apply_sso_claims
from tests.factories.people import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

KINDS = ["learner", "manager", "trainer", "hr", "administrator", "superuser"]
# A target may also be in a group that is not one of the roles (Course reviewers publish courses; a superuser may set
# up others): guarded as an Administrator is, so HR cannot take over a reviewer's account and publish.
TARGET_KINDS = [*KINDS, "reviewer"]
REVIEWERS = "Course reviewers"
GROUP = {
    "learner": None,
    "manager": roles.MANAGERS,
    "trainer": roles.TRAINERS,
    "hr": roles.HR,
    "administrator": roles.ADMINISTRATORS,
    "superuser": roles.ADMINISTRATORS,
    "reviewer": roles.TRAINERS,
}
LABEL = {"manager": "Manager", "trainer": "Trainer", "hr": "HR", "administrator": "Administrator"}
# Whose accounts each kind of actor may change (docs/security.md, "Privilege model").
COVERED = {
    "learner": {"learner"},
    "manager": {"learner", "manager"},
    "trainer": {"learner", "trainer"},
    "hr": {"learner", "manager", "trainer", "hr"},
    "administrator": {"learner", "manager", "trainer", "hr", "administrator", "reviewer"},
    "superuser": set(TARGET_KINDS),
}
SENIORITY = ["superuser", "administrator", "reviewer", "hr", "trainer", "manager"]
PEOPLE_ADMINS = {"hr", "administrator", "superuser"}  # hold the people admin's permissions
USER_ADMINS = {"administrator", "superuser"}  # hold auth.change_user (Wagtail's Users screen)


def make(kind: str, email: str) -> User:
    name = kind.capitalize()
    if kind == "superuser":
        user = User.objects.create_superuser(email=email, password="x" * 12, first_name=name, last_name="Target")
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    else:
        user = UserFactory(email=email, first_name=name, last_name="Target")
    user.groups.add(*Group.objects.filter(name__in=[roles.LEARNERS, GROUP[kind]]))
    if kind == "reviewer":
        user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


def state(user: User) -> tuple:
    user = User.objects.get(pk=user.pk)
    groups = frozenset(user.groups.values_list("name", flat=True))
    return (user.email, user.first_name, user.is_active, user.is_superuser, groups, user.profile.department_id)


def reason_prefix(actor: str, target: str, person: str) -> str:
    """The start of the reason the actor reads: the most senior privilege of the target that the actor lacks."""
    held = {"superuser": {"superuser", "administrator"}, "reviewer": {"reviewer", "trainer"}}.get(target, {target})
    lacking = next(kind for kind in SENIORITY if kind in held and kind not in COVERED[actor])
    if lacking == "superuser":
        return f"{person} is a superuser and you are not"
    if lacking == "reviewer":
        return (
            f"{person} is in a group that is not one of the roles (such as Course reviewers), so only an Administrator"
        )
    return f"{person} holds the {LABEL[lacking]} role and you do not"


def expected(actor: str, target: str, path: str) -> str:
    """ "applied", "refused" (the privilege model) or "denied" (no permission to reach the screen at all)."""
    if path in HTTP_PATHS and actor not in (USER_ADMINS if path == "users admin" else PEOPLE_ADMINS):
        return "denied"
    if path in ORGANISATION_PATHS:
        return "applied"
    if path in ERASE_PATHS and target == "superuser":
        return "refused"
    return "applied" if target in COVERED[actor] else "refused"


# --- The paths: each performs the change as its user would and returns what they saw (status, text) --------------
def admin_form(client, actor, target, world):
    data = {
        "email": f"new.{target.email}",
        "first_name": "Renamed",
        "last_name": target.last_name,
        "pronouns": "",
        "is_active": "on",
        "roles": [],
        "department": "",
        "job_title": "",
        "manager": "",
        "audience": "staff",
        "hire_date": "",
        "cohorts": [],
    }
    response = client.post(f"/admin/people/people/edit/{target.profile.pk}/", data)
    return response.status_code, response.content.decode()


def _bulk(action: str, data: dict):
    def run(client, actor, target, world):
        url = f"/admin/bulk/people/profile/{action}/?id={target.profile.pk}&next=/admin/people/people/"
        response = client.post(url, data(world) if callable(data) else data)
        if response.status_code == 302:
            return 302, _messages(response)  # what the next page shows, without rendering the listing
        return response.status_code, response.content.decode()

    return run


def csv_import(client, actor, target, world):
    upload = client.post(
        "/admin/people/import/",
        {"file": SimpleUploadedFile("p.csv", f"email,first_name\n{target.email},Renamed\n".encode(), "text/csv")},
    )
    if upload.status_code != 302 or not upload["Location"].startswith("/admin/people/import/"):
        return upload.status_code, ""
    preview = client.get(upload["Location"]).content.decode()
    confirm = client.post(upload["Location"], {"confirm": "1"})
    return confirm.status_code, preview + confirm.content.decode()


def users_admin(client, actor, target, world):
    data = {
        "email": f"new.{target.email}",
        "first_name": "Renamed",
        "last_name": target.last_name,
        "is_active": "on",
        "groups": [g.pk for g in target.groups.all()],
        "password1": "",
        "password2": "",
    }
    if target.is_superuser:
        data["is_superuser"] = "on"
    response = client.post(f"/admin/users/edit/{target.pk}/", data)
    if response.status_code == 302:
        return 302, _messages(response)
    return response.status_code, response.content.decode()


def _messages(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def erase_service(client, actor, target, world):
    personal_data.erase_person(user=target, actor=actor)
    return None, ""


def deactivate_service(client, actor, target, world):
    services.set_people_active(users=[target], active=False, actor=actor)
    return None, ""


PATHS = {
    "admin form": admin_form,
    "bulk move": _bulk("move_to_department", lambda world: {"department": world["department"].pk}),
    "bulk cohort": _bulk("add_to_cohort", lambda world: {"cohort": world["cohort"].pk}),
    "bulk deactivate": _bulk("set_active", {"active": "False"}),
    "bulk export": _bulk("export_personal_data", {}),
    "bulk erase": _bulk("erase_personal_data", {"confirm": "on"}),
    "CSV import": csv_import,
    "users admin": users_admin,
    "erase": erase_service,
    "deactivate": deactivate_service,
}
HTTP_PATHS = {"admin form", "bulk move", "bulk cohort", "bulk deactivate", "bulk export", "bulk erase", "CSV import"}
HTTP_PATHS |= {"users admin"}
ORGANISATION_PATHS = {"bulk move", "bulk cohort"}
ERASE_PATHS = {"bulk erase", "erase"}


def applied(path: str, before: tuple, target: User, world, status, text) -> bool:
    user = User.objects.get(pk=target.pk)
    if path in ("admin form", "users admin"):
        return user.email == f"new.{before[0]}"
    if path in ("bulk deactivate", "deactivate"):
        return not user.is_active
    if path in ERASE_PATHS:
        return user.email.endswith("@erased.invalid")
    if path == "bulk export":
        return status == 200 and json.loads(text)["people"][0]["account"]["email"] == before[0]
    if path == "bulk move":
        return user.profile.department_id == world["department"].pk
    if path == "bulk cohort":
        return user.cohort_memberships.filter(cohort=world["cohort"]).exists()
    if path == "CSV import":
        return user.first_name == "Renamed"
    raise AssertionError(path)


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("actor_kind", KINDS)
def test_every_actor_on_every_target_through_every_path(client, actor_kind, path):
    world = {
        "department": services.create_department(name="Operations", code="OPS"),
        "cohort": services.save_cohort(cohort=Cohort(code="SQUAD", name="Squad")),
    }
    actor = make(actor_kind, f"{actor_kind}.actor@tarnwick.example")
    client.force_login(actor)
    wrong = []
    for target_kind in TARGET_KINDS:
        target = make(target_kind, f"{target_kind}.target@tarnwick.example")
        before = state(target)
        refusals_before = AuditLog.objects.filter(action=AuditLog.Action.CHANGE_REFUSED, subject=target).count()
        want = expected(actor_kind, target_kind, path)
        try:
            status, text = PATHS[path](client, actor, target, world)
            raised = None
        except AccountChangeRefused as error:
            status, text, raised = None, str(error), error
        got = "applied" if applied(path, before, target, world, status, text) else None
        if got is None:
            logged = AuditLog.objects.filter(action=AuditLog.Action.CHANGE_REFUSED, subject=target).count()
            if state(target) != before:
                got = f"changed without being applied: {before} → {state(target)}"
            elif raised is None and logged == refusals_before and status in (302, 403) and path in HTTP_PATHS:
                got = "denied"  # sent away before any form: the screen needs a permission the actor lacks
            else:
                got = "refused"
                person = f"{target.first_name} {target.last_name}"
                if path in ERASE_PATHS and target_kind == "superuser":
                    shown = "Superusers cannot be erased here; remove their superuser status first."
                else:
                    shown = reason_prefix(actor_kind, target_kind, person)
                if shown not in text:
                    got = f"refused without saying why ({shown!r})"
                elif path in HTTP_PATHS and logged != refusals_before + 1:
                    got = "refused but not in the audit log"
                elif path not in HTTP_PATHS and raised is None:
                    got = "refused without AccountChangeRefused"
        if got != want:
            wrong.append((target_kind, want, got, status))
    assert wrong == [], f"{actor_kind} through {path}: {wrong}"


@pytest.mark.parametrize("target_kind", KINDS)
def test_single_sign_on_claims_never_change_a_superuser_and_change_everyone_else(target_kind, settings):
    # Administrators is mapped, so the claim is the truth for it too (unmapped, it is left alone: tests/people/test_sso.py).
    settings.SSO_ROLE_MAP = {"socialwise-admins": roles.ADMINISTRATORS}
    target = make(target_kind, f"{target_kind}.target@tarnwick.example")
    before = state(target)
    apply_sso_claims(user=target, claims={"roles": ["learner"]})
    held = set(User.objects.get(pk=target.pk).groups.values_list("name", flat=True))
    if target_kind == "superuser":
        assert state(target) == before
        entry = AuditLog.objects.get(action=AuditLog.Action.CHANGE_REFUSED, subject=target)
        assert entry.summary == "Refused to change the roles of a superuser."
        assert entry.actor is None and entry.data["authority"] == "single sign-on"
    else:
        assert held == {roles.LEARNERS}
        assert not AuditLog.objects.filter(action=AuditLog.Action.CHANGE_REFUSED).exists()
