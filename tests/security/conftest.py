"""One organisation in which Jordan (a learner reporting to Aisha) has something of every private kind: a reflection,
a practice note, quiz attempts, a certificate and an HR export made by Fatima. Everyone else tries Jordan's ids."""

from __future__ import annotations

from django.contrib.auth.models import Group

import pytest

from certificates.models import Certificate
from courses import services as course_services
from people import roles
from people import services as people_services
from quizzes import services as quiz_services
from reports import services as report_services
from reports.models import ExportJob
from tests.factories.courses import make_course, make_module
from tests.factories.people import UserFactory
from tests.factories.quizzes import make_demo_scenario

REFLECTION = "Jordan-private-reflection-7731"
NOTE = "Jordan-private-note-5519"


def person(email: str, role: str, first_name: str, last_name: str, manager=None):
    user = UserFactory(email=email, first_name=first_name, last_name=last_name)
    user.groups.add(Group.objects.get(name=role))
    people_services.update_profile(
        user=user, department=None, manager=manager, audience="staff", hire_date=None, job_title="Adviser"
    )
    return user


@pytest.fixture
def world(db, site, django_capture_on_commit_callbacks):
    return build_world(django_capture_on_commit_callbacks)


def build_world(capture_on_commit) -> dict:
    """The organisation above; `capture_on_commit(execute=True)` runs what the services queue on commit."""
    aisha = person("aisha@tarnwick.example", roles.MANAGERS, "Aisha", "Rahman")
    jordan = person("jordan@tarnwick.example", roles.LEARNERS, "Jordan", "Ellisworth", manager=aisha)
    kwame = person("kwame@tarnwick.example", roles.LEARNERS, "Kwame", "Mensah")
    helena = person("helena@tarnwick.example", roles.MANAGERS, "Helena", "Adeyemi")
    priya = person("priya@tarnwick.example", roles.LEARNERS, "Priya", "Nair", manager=helena)
    fatima = person("fatima@tarnwick.example", roles.HR, "Fatima", "Haddad")
    grace = person("grace@tarnwick.example", roles.HR, "Grace", "Okafor")
    sam = person("sam@tarnwick.example", roles.TRAINERS, "Sam", "Lindqvist")

    course = make_course(title="Crisis response")
    module = make_module(
        course,
        title="Listening",
        body=[
            {"type": "reflection", "value": {"prompt": "When did a customer last reach you?"}},
            {"type": "practice_task", "value": {"prompt": "Find three public posts.", "days": 7}},
        ],
    )
    module.refresh_from_db()
    reflection_id, task_id = module.body[0].id, module.body[1].id
    scenario_module = make_module(course, title="Scenario")
    scenario = make_demo_scenario(scenario_module, "S1")
    course_services.save_reflection_answer(user=jordan, module=module, block_id=reflection_id, text=REFLECTION)
    from practice.services import save_practice_note

    save_practice_note(user=jordan, module=module, block_id=task_id, text=NOTE, done=True, shared_with_trainer=False)
    attempt = quiz_services.start_attempt(user=jordan, page=scenario)

    short = make_course(title="Quick check")
    short_module = make_module(short, title="Only module")
    with capture_on_commit(execute=True):
        course_services.record_module_completion(user=jordan, module=short_module)
        job = report_services.request_export(
            user=fatima, report="learners", params="", export_format="csv", rows_expected=10, title="Learners"
        )
    return {
        "aisha": aisha,
        "jordan": jordan,
        "kwame": kwame,
        "helena": helena,
        "priya": priya,
        "fatima": fatima,
        "grace": grace,
        "sam": sam,
        "course": course,
        "module": module,
        "reflection_id": reflection_id,
        "task_id": task_id,
        "scenario": scenario,
        "attempt": attempt,
        "certificate": Certificate.objects.get(enrolment__user=jordan),
        "job": ExportJob.objects.get(pk=job.pk),
    }
