"""Mastery beside completion: each learner's attempts, best score and first-attempt pass at each knowledge check, and
each department's share passed first time; a manager sees their own reporting line only; the export says the same."""

from __future__ import annotations

import csv
import io

import pytest

from people import roles
from people import services as people_services
from quizzes import services as quiz_services
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import import_gift, make_knowledge_check, question_blocks
from tests.reports.conftest import make_person

pytestmark = pytest.mark.django_db
URL = "/admin/learning-reports/mastery/"


def attempt(user, check, *, right: bool) -> None:
    started = quiz_services.start_attempt(user=user, page=check)
    copy = started.questions[0]
    index = next(i for i, c in enumerate(copy["data"]["choices"]) if (c["fraction"] == 1.0) is right)
    quiz_services.answer_question(user=user, attempt_id=started.pk, sequence=0, raw=str(index))


@pytest.fixture
def org(home_page):
    ops = people_services.create_department(name="Operations", code="OPS")
    cs = people_services.create_department(name="Customer Service", code="CS")
    boss = make_person("aisha@tarnwick.example", department=ops, role=roles.MANAGERS)
    kwame = make_person("kwame@tarnwick.example", department=ops, manager=boss)
    lena = make_person("lena@tarnwick.example", department=ops, manager=boss)
    jordan = make_person("jordan@tarnwick.example", department=cs)
    _course, (module,) = make_course_with_modules(1, title="Crisis response")
    check = make_knowledge_check(module, blocks=question_blocks(import_gift("::Q::Which?{=Right ~Wrong}")))
    attempt(kwame, check, right=True)  # first time
    attempt(lena, check, right=False)
    attempt(lena, check, right=False)
    attempt(lena, check, right=True)  # third time
    attempt(jordan, check, right=False)  # not yet
    return {"boss": boss, "hr": make_person("fatima@tarnwick.example", role=roles.HR), "check": check}


def test_hr_sees_each_learners_attempts_best_score_and_first_time_pass_and_the_department_shares(client, org):
    client.force_login(org["hr"])
    response = client.get(URL)
    rows = [
        (r.learner, r.department, r.attempts, r.best_percent, r.passed, r.passed_first_time)
        for r in response.context["object_list"]
    ]
    assert rows == [
        ("Jordan Test", "Customer Service", 1, 0, False, False),
        ("Kwame Test", "Operations", 1, 100, True, True),
        ("Lena Test", "Operations", 3, 100, True, False),
    ]
    assert [(d.department, d.taken, d.first_time, d.share) for d in response.context["departments"]] == [
        ("Customer Service", 1, 0, 0),
        ("Operations", 2, 1, 50),
    ]
    export = client.get(URL, {"export": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert lines[0] == [
        "Learner",
        "Email",
        "Department",
        "Knowledge check",
        "Attempts",
        "Best score (%)",
        "Passed",
        "Passed first time",
    ]
    assert lines[3][4:] == ["3", "100", "Yes", "No"]


def test_a_manager_sees_their_reporting_line_only(client, org):
    client.force_login(org["boss"])
    learners = [r.learner for r in client.get(URL).context["object_list"]]
    assert learners == ["Kwame Test", "Lena Test"]


def test_a_learner_cannot_open_the_mastery_report(client, org):
    learner = make_person("priya@tarnwick.example")
    client.force_login(learner)
    assert client.get(URL).status_code == 403
