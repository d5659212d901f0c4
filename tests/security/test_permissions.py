"""Who gets what on every URL that takes no object id: one row per URL, one column per role."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from people import roles
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to a log-in page
ROLES = ["anonymous", "learner", "manager", "trainer", "hr"]

TABLE = [
    # url name, then anonymous, learner, manager, trainer, hr (managers read the reports scoped to their team; a
    # learner signed in gets the "no access to the admin" page for everything under /admin/)
    ("courses:dashboard", LOGIN, 200, 200, 200, 200),
    ("people:team", LOGIN, 403, 200, 403, 403),
    ("reminders:preferences", LOGIN, 200, 200, 200, 200),
    ("personal_data:index", LOGIN, 200, 200, 200, 200),
    ("certificates:verify-form", 200, 200, 200, 200, 200),
    ("practice_tasks", LOGIN, 403, 302, 200, 200),
    ("practice_engagement", LOGIN, 403, 302, 302, 200),
    ("reports:completion", LOGIN, 403, 200, 302, 200),
    ("reports:learners", LOGIN, 403, 200, 302, 200),
    ("reports:overdue", LOGIN, 403, 200, 302, 200),
    ("reports:completions-over-time", LOGIN, 403, 200, 302, 200),
    ("reports:quiz-results", LOGIN, 403, 200, 302, 200),
    ("reports:scenario-choices", LOGIN, 403, 200, 302, 200),
    ("reports:question-results", LOGIN, 403, 200, 302, 200),
    ("reports:export_jobs", LOGIN, 403, 200, 302, 200),
    ("people_import:upload", LOGIN, 403, 302, 302, 200),
    ("people_people:index", LOGIN, 403, 302, 302, 200),
    ("people_audit_log:index", LOGIN, 403, 302, 302, 200),
    ("quizzes_question_import:upload", LOGIN, 403, 302, 200, 302),
    ("wagtailadmin_home", LOGIN, 403, 200, 200, 200),
]


@pytest.fixture
def people(db, learner, trainer, hr):
    manager = UserFactory(email="boss@tarnwick.example", first_name="Aisha", last_name="Rahman")
    manager.groups.add(Group.objects.get(name=roles.MANAGERS))
    from people import services

    services.update_profile(user=learner, manager=manager)
    return {"learner": learner, "manager": manager, "trainer": trainer, "hr": hr}


@pytest.mark.parametrize("role", ROLES)
def test_every_url_without_an_id_answers_each_role_as_the_table_says(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    wrong = []
    for name, *expected_by_role in TABLE:
        expected = expected_by_role[ROLES.index(role)]
        response = client.get(reverse(name))
        got = response.status_code
        if expected == LOGIN:
            ok = got == 302 and "login" in response["Location"]
        elif expected == 302:
            ok = (
                got == 302 and "login" not in response["Location"]
            )  # signed in without the permission: sent to the admin home with a message
        else:
            ok = got == expected
        if not ok:
            wrong.append((name, expected, got, response.get("Location")))
    assert wrong == [], wrong
