"""A learner walking a real scenario through the quiz services sends valid attempted, answered and passed
statements to the LRS, once each."""

from __future__ import annotations

import pytest

from quizzes import services as quiz_services
from quizzes.models import Attempt
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import make_demo_scenario
from tests.xapi.lrs import assert_valid_statement
from xapi import services
from xapi.models import StatementOutbox

pytestmark = pytest.mark.django_db


def _walk(learner, page, path):
    attempt = quiz_services.start_attempt(user=learner, page=page)
    for sequence, letter in enumerate(path):
        attempt.refresh_from_db()
        node = next(n for n in attempt.version.content["nodes"] if n["key"] == attempt.current_key)
        choice_id = node["choices"]["abc".index(letter)]["id"]
        quiz_services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=sequence, choice_id=choice_id)
    attempt.refresh_from_db()
    return attempt


def test_a_scenario_walked_through_the_services_sends_valid_statements_once(learner, lrs):
    _course, (module,) = make_course_with_modules(1)
    page = make_demo_scenario(module, "S1")
    attempt = _walk(learner, page, "aaa")
    assert attempt.passed and attempt.outcome == "good"
    # a replayed last answer records nothing new
    quiz_services.choose_in_scenario(
        user=learner, attempt_id=attempt.pk, sequence=2, choice_id=attempt.decisions.get(sequence=2).choice_id
    )
    rows = list(StatementOutbox.objects.filter(key__contains=f"attempt-{attempt.pk}").order_by("pk"))
    decisions = list(StatementOutbox.objects.filter(key__startswith="decision-").order_by("pk"))
    assert [r.verb for r in rows] == ["attempted", "passed"]
    assert [r.verb for r in decisions] == ["answered"] * 3
    for row in rows + decisions:
        assert_valid_statement(row.statement)
    first = decisions[0].statement
    assert first["object"]["definition"]["interactionType"] == "choice"
    assert first["result"]["response"] == attempt.decisions.get(sequence=0).choice_id
    assert first["result"]["success"] is True
    assert rows[1].statement["result"]["score"]["raw"] == 30
    report = services.deliver_statements()
    assert report.sent >= 5
    assert Attempt.objects.count() == 1
