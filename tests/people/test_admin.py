"""HR's admin screens: who may open each one (every role on every URL), and what HR does there: add and edit people,
assign and withdraw courses, import a CSV through upload → preview → confirm → summary, bulk actions, the audit log."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from courses.models import Enrolment
from people import roles, services
from people.models import (
    Assignment,
    AuditLog,
    CohortMembership,
    Department,
    DueRule,
    PeopleImport,
    Profile,
    User,
)
from tests.factories.people import UserFactory
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


@pytest.fixture
def setting(ops, control_room, customer_service, squad, course):
    assignment = services.create_assignment(course=course, departments=[ops])
    person = make_person("priya@tarnwick.example", department=ops, first_name="Priya", last_name="Nair")
    return {"assignment": assignment, "person": person, "ops": ops, "squad": squad, "course": course}


def _admin_urls(setting) -> list[str]:
    profile = setting["person"].profile.pk
    assignment = setting["assignment"].pk
    return [
        "/admin/people/people/",
        "/admin/people/people/new/",
        f"/admin/people/people/edit/{profile}/",
        "/admin/people/people/?export=csv",
        "/admin/people/departments/",
        "/admin/people/departments/new/",
        f"/admin/people/departments/edit/{setting['ops'].pk}/",
        "/admin/people/cohorts/",
        "/admin/people/cohorts/new/",
        f"/admin/people/cohorts/edit/{setting['squad'].pk}/",
        "/admin/people/assignments/",
        "/admin/people/assignments/new/",
        f"/admin/people/assignments/edit/{assignment}/",
        f"/admin/people/assignments/delete/{assignment}/",
        "/admin/people/import/",
        "/admin/people/audit-log/",
        "/admin/people/choose/",
        f"/admin/bulk/people/profile/move_to_department/?id={profile}",
        f"/admin/bulk/people/profile/erase_personal_data/?id={profile}",
        f"/admin/bulk/people/profile/export_personal_data/?id={profile}",
    ]


# (role, what every people admin URL answers): only HR and Administrators manage people. Everyone else is sent
# away: to the login page when signed out, to the admin's dashboard with admin access; a learner, signed in without
# it, gets the page saying so (403).
ROLE_OUTCOMES = [
    ("anonymous", "refused"),
    (roles.LEARNERS, 403),
    (roles.MANAGERS, "refused"),
    (roles.TRAINERS, "refused"),
    (roles.HR, 200),
    (roles.ADMINISTRATORS, 200),
]


@pytest.mark.parametrize(("role", "outcome"), ROLE_OUTCOMES)
def test_every_role_on_every_people_admin_url(client, setting, role, outcome):
    if role != "anonymous":
        user = UserFactory(email=f"{role.lower()}@tarnwick.example")
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
    for url in _admin_urls(setting):
        response = client.get(url)
        if outcome in (200, 403):
            assert response.status_code == outcome, (role, url)
        else:
            assert response.status_code == 302, (role, url)
            assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/"), (role, url)


def test_hr_does_not_get_wagtails_user_and_group_admin(client, hr):
    client.force_login(hr)
    assert client.get("/admin/users/")["Location"] == "/admin/"
    assert client.get("/admin/groups/")["Location"] == "/admin/"


def _person_form(**overrides) -> dict:
    data = {
        "email": "amara.kessie@tarnwick.example",
        "first_name": "Amara",
        "last_name": "Kessie",
        "pronouns": "she/her",
        "is_active": "on",
        "roles": [roles.MANAGERS],
        "department": "",
        "job_title": "Controller",
        "manager": "",
        "audience": "staff",
        "hire_date": "2024-03-31",
        "cohorts": [],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_hr_adds_a_person_who_is_invited_and_reached_by_assignments(
    client, hr, setting, django_capture_on_commit_callbacks
):
    client.force_login(hr)
    data = _person_form(department=setting["ops"].pk, cohorts=[setting["squad"].pk], manager=setting["person"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/people/people/new/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    amara = User.objects.get(email="amara.kessie@tarnwick.example")
    assert amara.profile.department == setting["ops"] and amara.profile.manager == setting["person"]
    assert amara.profile.hire_date == date(2024, 3, 31) and amara.pronouns == "she/her"
    assert set(amara.groups.values_list("name", flat=True)) == {roles.LEARNERS, roles.MANAGERS}
    assert CohortMembership.objects.filter(user=amara, cohort=setting["squad"]).exists()
    assert Enrolment.objects.get(user=amara, course=setting["course"]).required
    assert [m.to for m in mail.outbox] == [["amara.kessie@tarnwick.example"]]
    assert AuditLog.objects.filter(action=AuditLog.Action.PERSON_CHANGED, subject=amara, actor=hr).exists()


def test_the_person_form_refuses_a_taken_email_and_a_manager_loop(client, hr, setting):
    client.force_login(hr)
    response = client.post("/admin/people/people/new/", _person_form(email="priya@tarnwick.example"))
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Someone else already has this email address."]

    boss = setting["person"]
    report = make_person("report@tarnwick.example", manager=boss)
    response = client.post(
        f"/admin/people/people/edit/{boss.profile.pk}/",
        _person_form(email=boss.email, manager=report.pk, roles=[]),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["manager"] == [
        "This manager reports to this person: that would make a loop."
    ]
    boss.profile.refresh_from_db()
    assert boss.profile.manager is None


def test_hr_is_not_offered_the_administrator_role_and_cannot_change_an_administrator(client, hr):
    client.force_login(hr)
    form = client.get("/admin/people/people/new/").context["form"]
    assert roles.ADMINISTRATORS not in dict(form.fields["roles"].choices)
    admin = make_person("it@tarnwick.example", role=roles.ADMINISTRATORS)
    client.post(f"/admin/people/people/edit/{admin.profile.pk}/", _person_form(email=admin.email, roles=[roles.HR]))
    assert set(admin.groups.values_list("name", flat=True)) == {roles.ADMINISTRATORS}


def _assignment_form(setting, **overrides) -> dict:
    data = {
        "course": setting["course"].pk,
        "required": "on",
        "departments": [],
        "cohorts": [setting["squad"].pk],
        "audiences": [],
        "direct_people-TOTAL_FORMS": "0",
        "direct_people-INITIAL_FORMS": "0",
        "direct_people-MIN_NUM_FORMS": "0",
        "direct_people-MAX_NUM_FORMS": "1000",
        "due_rule": DueRule.FIXED,
        "due_on": "2030-01-31",
        "due_days": "",
        "assigned_on": "2026-01-05",
    }
    data.update(overrides)
    return data


def test_hr_assigns_a_course_to_a_cohort_and_a_named_person_in_the_admin(client, hr, setting):
    in_squad = make_person("squad@tarnwick.example", cohorts=(setting["squad"],))
    named = make_person("named@tarnwick.example")
    client.force_login(hr)
    data = _assignment_form(
        setting,
        **{
            "direct_people-TOTAL_FORMS": "1",
            "direct_people-0-user": named.pk,
            "direct_people-0-id": "",
            "direct_people-0-ORDER": "1",
            "direct_people-0-DELETE": "",
        },
    )
    response = client.post("/admin/people/assignments/new/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assignment = Assignment.objects.latest("pk")
    for person in (in_squad, named):
        assert Enrolment.objects.get(user=person, course=setting["course"]).due_on == date(2030, 1, 31)
    listing = client.get("/admin/people/assignments/").content.decode()
    assert "Disruption response squad, 1 named people" in listing
    assert AuditLog.objects.filter(action=AuditLog.Action.ASSIGNMENT_CREATED, actor=hr).count() == 1
    assert assignment.created_by == hr


def test_the_assignment_form_explains_what_is_missing(client, hr, setting):
    client.force_login(hr)
    response = client.post("/admin/people/assignments/new/", _assignment_form(setting, cohorts=[], due_on=""))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["due_on"] == ["Choose the date the course is due."]
    response = client.post("/admin/people/assignments/new/", _assignment_form(setting, cohorts=[]))
    assert response.context["form"].non_field_errors() == [
        "Choose at least one department, cohort, audience or person."
    ]


def test_withdrawing_in_the_admin_keeps_the_assignment_listed(client, hr, setting):
    client.force_login(hr)
    assignment = setting["assignment"]
    response = client.post(f"/admin/people/assignments/delete/{assignment.pk}/", follow=True)
    assert "withdrawn. Progress and completions are kept." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.withdrawn_at is not None
    assert Enrolment.objects.filter(user=setting["person"], course=setting["course"]).exists()
    response = client.post(f"/admin/people/assignments/edit/{assignment.pk}/", _assignment_form(setting))
    assert response.context["form"].non_field_errors() == [
        "This assignment was withdrawn and can no longer be changed."
    ]


def test_a_department_with_people_cannot_be_deleted(client, hr, setting):
    client.force_login(hr)
    response = client.post(f"/admin/people/departments/delete/{setting['ops'].pk}/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "“Operations” still has people, sub-departments or assignments. Move them first."
    ]
    assert Department.objects.filter(pk=setting["ops"].pk).exists()


# --- Import through the admin ---------------------------------------------------------------------------------------
def _upload(client, name: str, content: bytes | None = None):
    content = (FILES / name).read_bytes() if content is None else content
    return client.post("/admin/people/import/", {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def test_hr_imports_a_file_through_upload_preview_confirm_and_summary(
    client, hr, setting, django_capture_on_commit_callbacks
):
    client.force_login(hr)
    response = _upload(client, "good.csv")
    upload = PeopleImport.objects.get()
    assert response["Location"] == f"/admin/people/import/{upload.pk}/"
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.context["counts"] == {"rows": 3, "create": 3, "update": 0, "unchanged": 0, "errors": 0, "missing": 1}
    assert (
        "New person, invited by email" in html
        and "priya@tarnwick.example" not in html.split("People not in the file")[0]
    )
    assert "Courses assigned" in html  # each person's new courses and due dates (tests/people/test_import.py)
    assert not User.objects.filter(email="amara.kessie@tarnwick.example").exists()  # nothing written before confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(preview.request["PATH_INFO"], {"confirm": "1"})
    assert response["Location"] == f"/admin/people/import/{upload.pk}/done/"
    summary = client.get(response["Location"]).content.decode()
    assert "3 people created and invited" in summary and "0 people deactivated" in summary
    upload.refresh_from_db()
    assert upload.content == "" and upload.outcome["created"] == 3  # the uploaded rows are gone
    assert (
        User.objects.filter(email__in=["amara.kessie@tarnwick.example", "jordan.ellis@tarnwick.example"]).count() == 2
    )
    assert len(mail.outbox) == 3
    assert client.get(f"/admin/people/import/{upload.pk}/")["Location"] == f"/admin/people/import/{upload.pk}/done/"


def test_the_preview_lists_every_error_and_only_valid_rows_is_an_explicit_choice(client, hr, setting):
    client.force_login(hr)
    preview_url = _upload(client, "broken.csv")["Location"]
    html = client.get(preview_url).content.decode()
    assert "Unknown department “Operations/Depots”." in html
    assert "Manager loop: a@tarnwick.example → b@tarnwick.example → a@tarnwick.example." in html
    assert "“31/02/2024” is not a valid hire date. Use YYYY-MM-DD, e.g. 2024-03-31." in html

    response = client.post(preview_url, {"confirm": "1"})
    assert "11 rows have errors, so nothing was imported. Fix them, or import only the valid rows." in (
        response.content.decode()
    )
    assert not User.objects.filter(email="ok@tarnwick.example").exists()
    response = client.post(preview_url, {"confirm": "1", "only_valid": "on"})
    assert response.status_code == 302
    assert User.objects.filter(email="ok@tarnwick.example").exists()


def test_a_file_that_cannot_be_read_is_refused_on_the_upload_form(client, hr, setting):
    client.force_login(hr)
    response = _upload(client, "latin1.csv")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” and upload it again."
    ]
    assert not PeopleImport.objects.exists()


def test_deactivating_people_missing_from_the_file_is_offered_and_never_hits_the_importer(client, hr, setting):
    client.force_login(hr)
    preview_url = _upload(client, "good.csv")["Location"]
    client.post(preview_url, {"confirm": "1", "deactivate_missing": "on"})
    setting["person"].refresh_from_db()
    hr.refresh_from_db()
    assert not setting["person"].is_active and hr.is_active


def test_an_upload_can_be_discarded_and_nobody_else_sees_it(client, hr, setting):
    client.force_login(hr)
    preview_url = _upload(client, "good.csv")["Location"]
    other_hr = make_person("other.hr@tarnwick.example", role=roles.HR)
    client.force_login(other_hr)
    assert client.get(preview_url).status_code == 404
    client.force_login(hr)
    response = client.post(preview_url, {"discard": "1"}, follow=True)
    assert "The upload was discarded; nothing was imported." in response.content.decode()
    assert not PeopleImport.objects.exists()


# --- Bulk actions, export and audit log -----------------------------------------------------------------------------
def test_bulk_move_to_department_moves_people_and_their_assignments(client, hr, setting, customer_service):
    client.force_login(hr)
    profile = setting["person"].profile
    url = f"/admin/bulk/people/profile/move_to_department/?id={profile.pk}&next=/admin/people/people/"
    response = client.post(url, {"department": customer_service.pk})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.department == customer_service
    assert not Enrolment.objects.get(user=setting["person"], course=setting["course"]).required


def test_bulk_erase_needs_a_confirmation_and_leaves_no_name(client, hr, setting):
    client.force_login(hr)
    person = setting["person"]
    url = f"/admin/bulk/people/profile/erase_personal_data/?id={person.profile.pk}&id={hr.profile.pk}"
    page = client.get(url).content.decode()
    assert "These people are left out" in page  # HR themselves
    client.post(url, {})
    person.refresh_from_db()
    assert person.first_name == "Priya"
    client.post(url, {"confirm": "on"})
    person.refresh_from_db()
    hr.refresh_from_db()
    assert person.first_name == "" and person.email.endswith("@erased.invalid")
    assert hr.first_name == "Fatima"


def test_bulk_export_downloads_the_personal_data_and_is_logged(client, hr, setting):
    client.force_login(hr)
    url = f"/admin/bulk/people/profile/export_personal_data/?id={setting['person'].profile.pk}"
    response = client.post(url, {})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["people"][0]["account"]["email"] == "priya@tarnwick.example"
    entry = AuditLog.objects.get(action=AuditLog.Action.PERSONAL_DATA_EXPORTED)
    assert (entry.actor, entry.subject) == (hr, setting["person"])


def test_the_audit_log_lists_hr_actions_and_exports_them(client, hr, setting):
    services.withdraw_assignment(assignment=setting["assignment"], actor=hr)
    client.force_login(hr)
    html = client.get("/admin/people/audit-log/").content.decode()
    assert "Assignment withdrawn" in html and "Assignment created" in html
    filtered = client.get("/admin/people/audit-log/?action=assignment_withdrawn").context["object_list"]
    assert [e.action for e in filtered] == [AuditLog.Action.ASSIGNMENT_WITHDRAWN]
    response = client.get("/admin/people/audit-log/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["When", "Action", "By", "Person concerned", "Summary"]
    assert any(row[1] == "Assignment withdrawn" and row[2] == "Fatima Haddad" for row in rows[1:])


def test_the_people_listing_searches_filters_and_exports(client, hr, setting, customer_service):
    make_person("kwame@tarnwick.example", department=customer_service, first_name="Kwame", last_name="Mensah")
    client.force_login(hr)
    found = client.get("/admin/people/people/?q=priya").context["object_list"]
    assert [p.user.email for p in found] == ["priya@tarnwick.example"]
    in_ops = client.get(f"/admin/people/people/?department={setting['ops'].pk}").context["object_list"]
    assert [p.user.email for p in in_ops] == ["priya@tarnwick.example"]
    response = client.get("/admin/people/people/?export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "email",
        "first_name",
        "last_name",
        "department",
        "job_title",
        "manager_email",
        "audience",
        "hire_date",
        "active",
    ]
    priya = next(row for row in rows if row["email"] == "priya@tarnwick.example")
    assert (priya["department"], priya["manager_email"]) == ("OPS", "")


def test_hr_adds_a_member_to_a_cohort_and_the_cohorts_assignment_reaches_them(client, hr, setting):
    services.create_assignment(course=setting["course"], cohorts=[setting["squad"]])
    newcomer = make_person("newcomer@tarnwick.example")
    client.force_login(hr)
    squad = setting["squad"]
    response = client.post(
        f"/admin/people/cohorts/edit/{squad.pk}/",
        {
            "name": squad.name,
            "code": squad.code,
            "description": "Experts with communicators.",
            "facilitator": hr.pk,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": newcomer.pk,
            "memberships-0-id": "",
            "memberships-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    squad.refresh_from_db()
    assert squad.facilitator == hr and list(squad.memberships.values_list("user", flat=True)) == [newcomer.pk]
    assert Enrolment.objects.get(user=newcomer, course=setting["course"]).required


def test_hr_adds_a_sub_department_in_the_admin(client, hr, setting):
    client.force_login(hr)
    response = client.post(
        "/admin/people/departments/new/", {"name": "Depots", "code": "DEP", "parent": setting["ops"].pk}
    )
    assert response.status_code == 302
    assert Department.objects.get(code="DEP").path == "Operations / Depots"
    response = client.post("/admin/people/departments/new/", {"name": "Ops/Depots", "code": "DEP2", "parent": ""})
    assert response.context["form"].errors["name"] == ["A department name cannot contain “/”."]


def test_a_hire_date_in_year_9999_is_a_form_error_and_an_after_hire_assignment_never_overflows(
    client, hr, setting, django_capture_on_commit_callbacks
):
    """QA: HR saved Kwame's hire date as 31/12/9999; an "after hire" assignment to his department was then a 500."""
    client.force_login(hr)
    response = client.post("/admin/people/people/new/", _person_form(hire_date="9999-12-31"))
    assert response.status_code == 200
    assert "Choose a date from 01 Jan 1900 to" in str(response.context["form"].errors["hire_date"])
    assert not User.objects.filter(email="amara.kessie@tarnwick.example").exists()
    # A date already on record from before the rule: the assignment saves, the due date is the last date there is.
    person = setting["person"]
    Profile.objects.filter(user=person).update(hire_date=date(9999, 12, 31))
    data = _assignment_form(
        setting, departments=[setting["ops"].pk], cohorts=[], due_rule=DueRule.AFTER_HIRE, due_on="", due_days="30"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/people/assignments/new/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert Enrolment.objects.get(user=person, course=setting["course"]).due_on == date.max


def test_an_assignment_dated_01_01_0001_is_a_form_error(client, hr, setting):
    """QA: "assigned on" 0001-01-01 was saved and learners read "Overdue: 31 January 0001"."""
    client.force_login(hr)
    data = _assignment_form(
        setting,
        cohorts=[setting["squad"].pk],
        due_rule=DueRule.AFTER_ASSIGNMENT,
        due_on="",
        due_days="30",
        assigned_on="0001-01-01",
    )
    before = Assignment.objects.count()
    response = client.post("/admin/people/assignments/new/", data)
    assert response.status_code == 200
    assert "Choose a date from 01 Jan 1900 to" in str(response.context["form"].errors["assigned_on"])
    assert Assignment.objects.count() == before


def test_a_fixed_due_date_in_year_9999_is_a_form_error(client, hr, setting):
    """QA: a fixed due date of 9999-12-31 was saved and learners read it; the horizon is that of a rule in days."""
    client.force_login(hr)
    before = Assignment.objects.count()
    response = client.post(
        "/admin/people/assignments/new/", _assignment_form(setting, cohorts=[setting["squad"].pk], due_on="9999-12-31")
    )
    assert response.status_code == 200
    assert "Choose a due date at most 3650 days from today" in str(response.context["form"].errors["due_on"])
    assert Assignment.objects.count() == before


def test_a_huge_number_of_days_is_one_clear_message_per_field(client, hr, setting):
    """QA: grace_days and due_days of 10^20 each showed two disagreeing limits (32767 and 3650), each twice."""
    client.force_login(hr)
    huge = "1" + "0" * 20
    data = _assignment_form(setting, due_rule=DueRule.AFTER_ASSIGNMENT, due_on="", due_days=huge, grace_days=huge)
    response = client.post("/admin/people/assignments/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["due_days"] == ["Give at most 3650 days."]
    assert errors["grace_days"] == ["Give at most 3650 days."]
    page = response.content.decode()
    assert page.count("Give at most 3650 days.") == 2  # once under each field
    assert "32767" not in page
    response = client.post("/admin/people/assignments/new/", _assignment_form(setting, grace_days=huge))
    assert response.content.decode().count("Give at most 3650 days.") == 1
    assert Assignment.objects.count() == 1
