"""Personal data: every model that points at a person has a policy (so a model added later cannot be forgotten), a
person downloads everything about themselves, and HR's erasure leaves counts but no personal data."""

from __future__ import annotations

import json
from datetime import date

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import models

import pytest
from allauth.mfa.models import Authenticator

from courses import services as course_services
from courses.models import Enrolment, ModuleProgress, ReflectionAnswer
from people import personal_data, roles, services
from people.models import AssignmentMembership, AuditLog, CohortMembership, DueRule, Profile, Reminder, User
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db


def test_every_model_that_points_at_a_person_has_a_personal_data_policy():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    walked = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and field.concrete
                and not field.auto_created
                and field.model is model
                and field.related_model is user_model
            ):
                walked.append(model)
    assert walked, "the walk found no model at all"
    assert set(walked) == set(personal_data.user_relations())
    missing = sorted({m._meta.label for m in walked if personal_data.policy_for(m) is None})
    assert not missing, (
        f"Register a personal data policy for {missing} in people/personal_data.py (or from your app's ready()): "
        "what the person's export includes and what erasure does with the rows."
    )


def test_every_field_of_an_exported_model_is_exported_or_excluded_by_name():
    """An allow-list per model: a field added later is neither exported nor forgotten, the test names it."""
    unlisted = {m._meta.label: personal_data.unlisted_fields(m) for m in personal_data.user_relations()}
    unlisted = {label: names for label, names in unlisted.items() if names}
    assert not unlisted, (
        f"Name these fields in the model's personal data policy, under fields= (exported) or exclude=: {unlisted}"
    )
    exported = [m for m in personal_data.user_relations() if personal_data.policy_for(m).export is not False]
    assert all(personal_data.policy_for(m).fields for m in exported)


def test_the_account_part_of_the_export_is_an_allow_list_without_secrets():
    names = {f.name for f in User._meta.concrete_fields}
    assert names == set(personal_data.ACCOUNT_FIELDS) | set(personal_data.ACCOUNT_EXCLUDED)
    assert {"password", "security_stamp"} <= set(personal_data.ACCOUNT_EXCLUDED)


def test_a_new_field_is_caught_and_not_exported(monkeypatch):
    from people.models import CohortMembership

    extra = models.CharField(max_length=10, name="secret_note")
    extra.attname, extra.model = "secret_note", CohortMembership
    monkeypatch.setattr(
        CohortMembership._meta, "concrete_fields", (*CohortMembership._meta.concrete_fields, extra), raising=False
    )
    assert personal_data.unlisted_fields(CohortMembership) == ["secret_note"]


def test_a_policy_leaving_rows_out_of_the_export_must_say_why():
    with pytest.raises(ValueError, match="Say why tests.Nothing is left out"):
        personal_data.register("tests.Nothing", export=False)
    with pytest.raises(ValueError, match="Name the fields of tests.Nothing"):
        personal_data.register("tests.Nothing")


def test_people_owns_no_policy_of_a_higher_app():
    """Each app registers its own policy from its AppConfig.ready() (issue 18): people names no model of quizzes,
    practice, certificates, reports, xapi or reminders, and fetches none with apps.get_model."""
    from pathlib import Path

    source = (Path(settings.BASE_DIR) / "people" / "personal_data.py").read_text(encoding="utf-8")
    for app in ("quizzes", "practice", "certificates", "reports", "xapi", "reminders"):
        assert f'"{app}.' not in source and f'"{app}"' not in source, app
    assert "apps.get_model(" not in source.replace("apps.get_model(settings.AUTH_USER_MODEL)", "")


@pytest.fixture
def jordan(ops, squad, course_modules):
    """A learner with something in every corner: profile, cohort, an assignment, progress, a reflection, a
    reminder from their manager and an authenticator."""
    course, modules = course_modules
    manager = make_person("aisha@tarnwick.example", role=roles.MANAGERS, first_name="Aisha", last_name="Rahman")
    person = make_person(
        "jordan.ellis@tarnwick.example",
        department=ops,
        manager=manager,
        cohorts=(squad,),
        hire_date=date(2024, 11, 5),
        first_name="Jordan",
        last_name="Ellis",
        pronouns="they/them",
    )
    services.create_assignment(course=course, cohorts=[squad], due_rule=DueRule.FIXED, due_on=date(2030, 1, 1))
    course_services.record_module_completion(user=person, module=modules[0])
    ReflectionAnswer.objects.create(user=person, module=modules[0], block_id="r1", text="Jordan's private thoughts")
    services.send_course_reminder(sent_by=manager, person=person, course=course)
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    squad.facilitator = person
    squad.save()
    report = make_person("report@tarnwick.example", manager=person)
    return {"person": person, "manager": manager, "course": course, "modules": modules, "report": report}


def test_a_person_downloads_everything_about_themselves_as_json(client, jordan):
    person = jordan["person"]
    client.force_login(person)
    assert "Download my data" in client.get("/accounts/personal-data/").content.decode()
    response = client.post("/accounts/personal-data/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="socialwise-my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "jordan.ellis@tarnwick.example"
    assert data["account"]["pronouns"] == "they/them"
    records = data["records"]
    exported = {label for label, policy in personal_data._registry.items() if policy.export is not False}
    for model in personal_data.user_relations():
        if model._meta.label in exported:
            assert model._meta.label in records, model._meta.label
    assert records["people.Profile"][0]["job_title"] == "Adviser"
    enrolment = records["courses.Enrolment"][0]
    assert enrolment["course_title"] == "When things go wrong" and enrolment["progress_percent"] == 50
    assert enrolment["module_progress"][0]["state"] == "Completed"
    assert records["courses.ReflectionAnswer"][0]["text"] == "Jordan's private thoughts"
    assert records["mfa.Authenticator"] == [
        {
            "id": Authenticator.objects.get().pk,
            "type": "totp",
            "created_at": records["mfa.Authenticator"][0]["created_at"],
            "last_used_at": None,
        }
    ]
    assert "JBSWY3DPEHPK3PXP" not in response.content.decode()  # never a secret
    entry = AuditLog.objects.get(action=AuditLog.Action.PERSONAL_DATA_EXPORTED)
    assert entry.actor == person and entry.subject == person


def test_the_data_page_needs_a_login_and_the_download_a_post(client, learner):
    assert client.get("/accounts/personal-data/").status_code == 302
    client.force_login(learner)
    assert client.get("/accounts/personal-data/download/").status_code == 405


def _strings_of(obj: models.Model) -> list[str]:
    values = []
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, dict | list):
            values.append(json.dumps(value))
    return values


def test_erasing_a_person_keeps_the_counts_and_leaves_no_personal_data(jordan, hr):
    person = jordan["person"]
    before = {
        "enrolments": Enrolment.objects.filter(user=person).count(),
        "progress": ModuleProgress.objects.filter(enrolment__user=person).count(),
        "memberships": AssignmentMembership.objects.filter(user=person).count(),
        "cohorts": CohortMembership.objects.filter(user=person).count(),
        "reminders": Reminder.objects.filter(person=person).count(),
    }
    assert all(before.values())
    personal_data.erase_person(user=person, actor=hr)
    personal_data.erase_person(user=person, actor=hr)  # again: nothing more to do, nothing breaks

    person.refresh_from_db()
    assert person.email.endswith("@erased.invalid")
    assert (person.first_name, person.last_name, person.pronouns, person.is_active) == ("", "", "", False)
    assert not person.has_usable_password() and not person.groups.exists()
    after = {
        "enrolments": Enrolment.objects.filter(user=person).count(),
        "progress": ModuleProgress.objects.filter(enrolment__user=person).count(),
        "memberships": AssignmentMembership.objects.filter(user=person).count(),
        "cohorts": CohortMembership.objects.filter(user=person).count(),
        "reminders": Reminder.objects.filter(person=person).count(),
    }
    assert after == before
    profile = Profile.objects.get(user=person)
    assert (profile.job_title, profile.manager, profile.hire_date) == ("", None, None)
    assert profile.department is not None  # counts by department survive
    assert not ReflectionAnswer.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert Profile.objects.get(user=jordan["report"]).manager is None
    jordan_cohort = CohortMembership.objects.get(user=person).cohort
    assert jordan_cohort.facilitator is None

    # Walk every model that points at a person: no row left anywhere holds their name or address.
    traces = ["jordan.ellis@tarnwick.example", "Jordan", "Ellis", "they/them", "private thoughts"]
    for model, fields in personal_data.user_relations().items():
        for obj in personal_data._rows_of(model, fields, person):
            for value in _strings_of(obj):
                for trace in traces:
                    assert trace not in value, f"{model._meta.label} #{obj.pk} still holds {trace!r}"
    for value in _strings_of(person):
        for trace in traces:
            assert trace not in value
    entry = AuditLog.objects.get(action=AuditLog.Action.PERSON_ERASED)
    assert entry.actor == hr and entry.subject == person
    assert entry.summary == f"Personal data erased (account #{person.pk})."


def test_an_erased_person_can_never_sign_in(client, jordan, hr):
    from tests.factories.people import PASSWORD

    person = jordan["person"]
    personal_data.erase_person(user=person, actor=hr)
    client.post("/accounts/login/", {"login": "jordan.ellis@tarnwick.example", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    client.post("/accounts/password/reset/", {"email": "jordan.ellis@tarnwick.example"})
    assert not [
        m
        for m in mail.outbox
        if "reset" in m.subject.lower() and m.to == ["jordan.ellis@tarnwick.example"] and "key" in m.body
    ]


def test_nobody_erases_themselves_or_a_superuser(hr):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied) as error:
        personal_data.erase_person(user=hr, actor=hr)
    assert str(error.value) == "You cannot erase your own account."
    root = User.objects.create_superuser(email="root@tarnwick.example", password="x" * 12)
    with pytest.raises(PermissionDenied) as error:
        personal_data.erase_person(user=root, actor=hr)
    assert str(error.value) == "Superusers cannot be erased here; remove their superuser status first."


def test_certificates_are_exported_and_erased_with_the_person(jordan, hr, django_capture_on_commit_callbacks):
    Certificate = apps.get_model("certificates", "Certificate")
    person = jordan["person"]
    with django_capture_on_commit_callbacks(execute=True):
        for module in jordan["modules"]:
            course_services.record_module_completion(user=person, module=module)
    certificate = Certificate.objects.get(enrolment__user=person)
    exported = personal_data.export_user_data(user=person)["records"]["certificates.Certificate"]
    assert [(c["code"], c["holder_name"]) for c in exported] == [(certificate.code, "Jordan Ellis")]
    pdf_name = certificate.pdf.name
    storage = certificate.pdf.storage
    personal_data.erase_person(user=person, actor=hr)
    assert not Certificate.objects.filter(pk=certificate.pk).exists()
    assert not pdf_name or not storage.exists(pdf_name)
    assert Enrolment.objects.get(user=person, course=jordan["course"]).completed_at is not None


@pytest.mark.parametrize("role", [roles.LEARNERS, roles.MANAGERS, roles.TRAINERS, roles.HR, roles.ADMINISTRATORS])
def test_every_role_downloads_only_their_own_data(client, role):
    person = make_person(f"{role.lower()}@tarnwick.example", role=role)
    make_person("someone.else@tarnwick.example")
    client.force_login(person)
    assert client.get("/accounts/personal-data/").status_code == 200
    data = json.loads(client.post("/accounts/personal-data/download/").content)
    assert data["account"]["email"] == person.email
    assert "someone.else@tarnwick.example" not in json.dumps(data)
