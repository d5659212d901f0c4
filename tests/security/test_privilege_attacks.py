"""Attacks on the privilege model itself: hand-made form posts (a superuser box that is not shown, a group that is not
offered), Wagtail's own bulk actions, other people's ids, the import command, and a deactivated Administrator put
back by a CSV row."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from allauth.account.models import EmailAddress

from people import privileges, roles, services
from people.importing import apply_people_import, plan_people_import
from people.models import AuditLog, User
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


def person(email: str, *role_names: str, superuser: bool = False, **fields) -> User:
    if superuser:
        user = User.objects.create_superuser(email=email, password="x" * 12, **fields)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    else:
        user = UserFactory(email=email, **fields)
    user.groups.add(*Group.objects.filter(name__in=[roles.LEARNERS, *role_names]))
    return user


@pytest.fixture
def it_admin(db):
    return person("it.admin@tarnwick.example", roles.ADMINISTRATORS, first_name="Ines", last_name="Tavares")


def _user_form(user, **changes) -> dict:
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "password1": "",
        "password2": "",
    }
    data.update(changes)
    return data


def test_an_administrator_cannot_tick_the_superuser_box_wagtail_no_longer_shows_him(client, it_admin):
    hr = person("hr@tarnwick.example", roles.HR, first_name="Fatima", last_name="Haddad")
    client.force_login(it_admin)
    page = client.get(f"/admin/users/edit/{hr.pk}/")
    assert "is_superuser" not in page.context["form"].fields
    client.post(f"/admin/users/edit/{hr.pk}/", _user_form(hr, is_superuser="on"))
    client.post("/admin/users/add/", {**_user_form(hr, email="new@tarnwick.example"), "is_superuser": "on"})
    assert not User.objects.filter(is_superuser=True).exists()


def test_an_administrator_cannot_give_a_group_that_is_not_a_role(client, it_admin):
    powerful = Group.objects.create(name="Everything")
    learner = person("learner@tarnwick.example", first_name="Jordan", last_name="Ellis")
    client.force_login(it_admin)
    response = client.post(f"/admin/users/edit/{learner.pk}/", _user_form(learner, groups=[powerful.pk]))
    assert response.status_code == 200 and "is not one of the available choices" in response.content.decode()
    assert not learner.groups.filter(pk=powerful.pk).exists()
    # Nor through Wagtail's bulk "Assign role" on the Users listing.
    response = client.post(
        f"/admin/bulk/people/user/assign_role/?id={learner.pk}&next=/admin/users/", {"role": powerful.pk}, follow=True
    )
    assert "Nothing was done: Only a superuser can give the group “Everything”: it is not one of the roles." in (
        response.content.decode()
    )
    assert not learner.groups.filter(pk=powerful.pk).exists()


def test_wagtails_bulk_actions_on_users_refuse_a_superuser_for_an_administrator(client, it_admin):
    root = person("root@tarnwick.example", roles.ADMINISTRATORS, superuser=True, first_name="Rowan", last_name="Root")
    learner = person("learner@tarnwick.example", first_name="Jordan", last_name="Ellis")
    client.force_login(it_admin)
    ids = f"id={root.pk}&id={learner.pk}"
    response = client.post(
        f"/admin/bulk/people/user/set_active_state/?{ids}&next=/admin/users/", {"mark_as_active": "False"}, follow=True
    )
    assert "Nothing was done: Rowan Root is a superuser and you are not, so you cannot change their active state." in (
        response.content.decode()
    )
    hr_group = Group.objects.get(name=roles.HR)
    client.post(f"/admin/bulk/people/user/assign_role/?{ids}&next=/admin/users/", {"role": hr_group.pk})
    assert User.objects.get(pk=root.pk).is_active and User.objects.get(pk=learner.pk).is_active
    assert not root.groups.filter(name=roles.HR).exists() and not learner.groups.filter(name=roles.HR).exists()
    assert AuditLog.objects.filter(action=AuditLog.Action.CHANGE_REFUSED, subject=root, actor=it_admin).count() == 2


def test_only_superusers_reach_the_groups_screens(client, it_admin):
    client.force_login(it_admin)
    hr_group = Group.objects.get(name=roles.HR)
    for url in ("/admin/groups/", f"/admin/groups/edit/{hr_group.pk}/", "/admin/groups/new/"):
        assert client.get(url).status_code == 302, url
    client.force_login(person("root@tarnwick.example", superuser=True))
    assert client.get(f"/admin/groups/edit/{hr_group.pk}/").status_code == 200


def test_bulk_actions_with_other_ids_and_junk_ids_change_nobody_above_hr(client):
    hr = person("hr@tarnwick.example", roles.HR, first_name="Fatima", last_name="Haddad")
    admins = [
        person(f"admin{n}@tarnwick.example", roles.ADMINISTRATORS, first_name="Admin", last_name=str(n))
        for n in range(5)
    ]
    client.force_login(hr)
    ids = "&".join(f"id={a.profile.pk}" for a in admins) + "&id=99999999&id=0"
    response = client.post(
        f"/admin/bulk/people/profile/set_active/?{ids}&next=/admin/people/people/", {"active": "False"}
    )
    assert response.status_code == 302
    assert User.objects.filter(pk__in=[a.pk for a in admins], is_active=True).count() == 5
    assert AuditLog.objects.filter(action=AuditLog.Action.CHANGE_REFUSED).count() == 5
    for junk in ("abc", "99999999999999999999", "-1", "1%00"):
        response = client.post(
            f"/admin/bulk/people/profile/set_active/?id={junk}&next=/admin/people/people/", {"active": "False"}
        )
        assert response.status_code == 302, junk
        assert response["Location"] == "/admin/people/people/"
    assert User.objects.filter(pk__in=[a.pk for a in admins], is_active=True).count() == 5


def test_a_csv_row_cannot_reactivate_or_rename_a_deactivated_administrator(db):
    hr = person("hr@tarnwick.example", roles.HR, first_name="Fatima", last_name="Haddad")
    admin = person("it@tarnwick.example", roles.ADMINISTRATORS, first_name="Ines", last_name="Tavares")
    services.set_people_active(users=[admin], active=False, actor=None)
    plan = plan_people_import(b"email,first_name\nit@tarnwick.example,Mallory\n", actor=hr)
    [row] = plan.rows
    assert row.errors == [
        "Ines Tavares holds the Administrator role and you do not, so you cannot change their name and active state."
    ]
    outcome = apply_people_import(plan, only_valid=True, actor=hr)
    assert outcome.skipped == 1
    admin.refresh_from_db()
    assert (admin.first_name, admin.is_active) == ("Ines", False)
    entry = AuditLog.objects.get(action=AuditLog.Action.CHANGE_REFUSED)
    assert (entry.actor, entry.subject) == (hr, admin)
    assert (
        entry.summary
        == "Refused to change the name and active state of a person with the Administrator role (CSV import)."
    )


def test_the_import_command_has_hrs_rights_whoever_runs_it(tmp_path):
    person("it@tarnwick.example", roles.ADMINISTRATORS, first_name="Ines", last_name="Tavares")
    root = person("root@tarnwick.example", roles.ADMINISTRATORS, superuser=True, first_name="Rowan", last_name="Root")
    hr = person("hr2@tarnwick.example", roles.HR, first_name="Grace", last_name="Okafor")
    file = tmp_path / "people.csv"
    file.write_text("email,first_name,role\nit@tarnwick.example,Mallory,HR\nhr2@tarnwick.example,Grace,HR|Trainer\n")
    stderr = StringIO()
    with pytest.raises(CommandError, match="1 row has errors, so nothing was imported."):
        call_command("import_people", str(file), stdout=StringIO(), stderr=stderr)
    assert stderr.getvalue().splitlines()[0] == (
        "Line 2: Ines Tavares holds the Administrator role, above the rights of an import, so it cannot change their "
        "name and roles."
    )
    # Deactivating the people missing from a file never reaches Administrators or superusers.
    file.write_text("email\nhr2@tarnwick.example\n")
    call_command("import_people", str(file), "--deactivate-missing", "--no-invitations", stdout=StringIO())
    assert User.objects.get(email="it@tarnwick.example").is_active and User.objects.get(pk=root.pk).is_active
    assert User.objects.get(pk=hr.pk).is_active
    assert AuditLog.objects.filter(action=AuditLog.Action.CHANGE_REFUSED).count() == 1
    assert AuditLog.objects.get(action=AuditLog.Action.CHANGE_REFUSED).data["authority"] == "import command"


def test_hr_may_run_the_organisation_of_an_administrator(client):
    hr = person("hr@tarnwick.example", roles.HR, first_name="Fatima", last_name="Haddad")
    admin = person("it@tarnwick.example", roles.ADMINISTRATORS, first_name="Ines", last_name="Tavares")
    ops = services.create_department(name="Operations", code="OPS")
    client.force_login(hr)
    data = {
        "email": admin.email,
        "first_name": "Ines",
        "last_name": "Tavares",
        "pronouns": "",
        "is_active": "on",
        "roles": [roles.ADMINISTRATORS],
        "department": ops.pk,
        "job_title": "IT administrator",
        "manager": "",
        "audience": "staff",
        "hire_date": "",
        "cohorts": [],
    }
    assert client.post(f"/admin/people/people/edit/{admin.profile.pk}/", data).status_code == 302
    admin.refresh_from_db()
    assert admin.profile.department == ops and admin.profile.job_title == "IT administrator"
    assert not AuditLog.objects.filter(action=AuditLog.Action.CHANGE_REFUSED).exists()


def test_the_decision_for_many_people_takes_a_fixed_number_of_queries(django_assert_num_queries):
    hr = person("hr@tarnwick.example", roles.HR)
    people = [person(f"p{n}@tarnwick.example", roles.TRAINERS) for n in range(30)]
    with django_assert_num_queries(3):  # the actor's roles; everyone's roles; the superusers among them
        powers = privileges.powers_of(hr)
        held = privileges.roles_by_user([p.pk for p in people])
        refusals = [
            privileges.find_refusal(
                actor=hr, target=p, changes={privileges.Change.ACTIVE}, target_roles=held[p.pk], actor_powers=powers
            )
            for p in people
        ]
    assert refusals == [None] * 30


def test_wagtails_user_bulk_actions_answer_junk_ids_without_a_500(client, it_admin):
    client.force_login(it_admin)
    for action in ("set_active_state", "assign_role", "delete"):
        for junk in ("abc", "99999999999999999999", "-1", "0%00"):
            response = client.get(f"/admin/bulk/people/user/{action}/?id={junk}")
            assert response.status_code == 404, (action, junk)
