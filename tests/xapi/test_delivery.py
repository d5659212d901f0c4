"""xAPI forwarding against a real LRS (Learning Locker's statements service, in memory): what learners do becomes
valid statements, written with the learning record and delivered once, whatever the LRS does meanwhile."""

from __future__ import annotations

from django.db import transaction

import pytest
from celery.exceptions import Retry

from courses import services as course_services
from tests.factories.courses import make_course_with_modules
from tests.xapi.lrs import assert_valid_statement
from xapi import services
from xapi.exceptions import LRSUnavailable
from xapi.models import StatementOutbox
from xapi.statements import Activity, Result, activity_iri, registration_for
from xapi.tasks import deliver_statements as deliver_statements_task
from xapi.vocabulary import ActivityType, Verb

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ADL = "http://adlnet.gov/expapi/verbs/"


def _ids() -> set[str]:
    return {str(pk) for pk in StatementOutbox.objects.values_list("statement_id", flat=True)}


def test_a_learner_finishing_a_course_sends_valid_statements_that_the_lrs_stores_once(
    client, learner, lrs, django_capture_on_commit_callbacks
):
    course, (module,) = make_course_with_modules(1, title="Crisis response")
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(module.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/learning/modules/{module.pk}/complete/")
    assert response.status_code == 302

    rows = list(StatementOutbox.objects.order_by("pk"))
    assert [(row.verb, row.activity_name) for row in rows] == [
        ("experienced", module.title),
        ("completed", module.title),
        ("completed", "Crisis response"),
    ]
    assert {row.status for row in rows} == {StatementOutbox.Status.SENT}
    stored = {s["id"]: s for s in lrs.statements(ids=_ids())}
    assert len(stored) == 3
    for row in rows:
        assert_valid_statement(row.statement)
        assert_valid_statement(stored[str(row.statement_id)])
        assert stored[str(row.statement_id)]["verb"]["id"] == ADL + row.verb
    course_statement = stored[str(rows[2].statement_id)]
    assert course_statement["object"]["id"] == f"http://testserver/xapi/activities/course/{course.pk}"
    assert course_statement["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/course"
    assert course_statement["result"] == {"completion": True}
    module_statement = stored[str(rows[1].statement_id)]
    assert module_statement["context"]["contextActivities"]["parent"][0]["id"] == course_statement["object"]["id"]
    assert module_statement["context"]["registration"] == course_statement["context"]["registration"]
    assert module_statement["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "http://testserver", "name": str(learner.pk)},
    }


def test_opening_a_module_again_records_no_second_experienced_statement(client, learner, lrs):
    _course, (module, _second) = make_course_with_modules(2)
    client.force_login(learner)
    client.get(module.url)
    client.get(module.url)
    assert list(StatementOutbox.objects.values_list("verb", flat=True)) == ["experienced"]


def test_nothing_is_recorded_while_xapi_forwarding_is_off(client, learner, settings):
    settings.XAPI_ENABLED = False
    _course, (module,) = make_course_with_modules(1)
    client.force_login(learner)
    client.get(module.url)
    client.post(f"/learning/modules/{module.pk}/complete/")
    assert not StatementOutbox.objects.exists()


def test_a_statement_recorded_in_a_transaction_that_rolls_back_is_never_sent(learner, lrs):
    _course, (module,) = make_course_with_modules(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        course_services.record_module_visit(user=learner, module=module)
        assert StatementOutbox.objects.count() == 1
        raise RuntimeError("the learning record failed after the statement was written")
    assert not StatementOutbox.objects.exists()


def test_the_quiz_calls_record_attempted_answered_and_passed_as_valid_statements(learner, lrs):
    """The calls quizzes makes (see the README): plain values in, one statement per event key."""
    quiz = Activity(iri=activity_iri("quiz", 31), name="Handling a complaint in public", type=ActivityType.ASSESSMENT)
    module = Activity(iri=activity_iri("module", 30), name="Your feed on a bad day", type=ActivityType.MODULE)
    step = Activity(
        iri=activity_iri("quiz", "31/steps/reply-1"),
        name="A customer posts a photo of a cancelled train. What do you do first?",
        type=ActivityType.INTERACTION,
        interaction_type="choice",
        choices=(("apologise", "Apologise publicly and move to DMs"), ("ignore", "Wait for it to blow over")),
        correct_responses=("apologise",),
    )
    registration = registration_for(12)
    with transaction.atomic():
        services.record_statement(
            actor_user=learner,
            verb=Verb.ATTEMPTED,
            activity=quiz,
            key="attempt-7:attempted",
            parent=module,
            registration=registration,
        )
        services.record_statement(
            actor_user=learner,
            verb=Verb.ANSWERED,
            activity=step,
            key="decision-815",
            result=Result(response="ignore", success=False, score_raw=0, score_max=2),
            parent=quiz,
            registration=registration,
        )
        services.record_statement(
            actor_user=learner,
            verb=Verb.FAILED,
            activity=quiz,
            key="attempt-7:result",
            result=Result(success=False, completion=True, score_raw=3, score_max=10),
            parent=module,
            registration=registration,
        )
        # a redelivered or repeated call with the same key changes nothing
        services.record_statement(actor_user=learner, verb=Verb.ANSWERED, activity=step, key="decision-815")
    rows = list(StatementOutbox.objects.order_by("pk"))
    assert [row.verb for row in rows] == ["attempted", "answered", "failed"]
    for row in rows:
        assert_valid_statement(row.statement)
    answered = rows[1].statement
    assert answered["result"] == {
        "success": False,
        "response": "ignore",
        "score": {"raw": 0, "min": 0, "max": 2, "scaled": 0.0},
    }
    assert answered["object"]["definition"]["interactionType"] == "choice"
    assert answered["object"]["definition"]["correctResponsesPattern"] == ["apologise"]
    assert rows[2].statement["result"]["score"]["scaled"] == 0.3

    report = services.deliver_statements()
    assert report.sent == 3
    assert len(lrs.statements(ids=_ids())) == 3


def _three_pending_statements(learner) -> None:
    _course, modules = make_course_with_modules(3)
    for module in modules:
        course_services.record_module_visit(user=learner, module=module)
    assert StatementOutbox.objects.filter(status=StatementOutbox.Status.PENDING).count() == 3


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("error", 'The LRS answered 500: {"message": "LRS down for maintenance"}'),
        ("hang", "The LRS could not be reached: timed out"),
    ],
)
def test_an_lrs_that_fails_or_times_out_loses_nothing_and_a_later_delivery_sends_each_statement_once(
    learner, faulty_lrs, lrs, mode, error
):
    _three_pending_statements(learner)
    faulty_lrs.mode = mode
    with pytest.raises(LRSUnavailable):
        services.deliver_statements()
    rows = StatementOutbox.objects.all()
    assert {(row.status, row.attempts, row.last_error) for row in rows} == {("pending", 1, error)}
    assert lrs.statements(ids=_ids()) == []

    faulty_lrs.mode = "pass"
    assert services.deliver_statements().sent == 3
    assert services.deliver_statements().sent == 0  # nothing left to send
    assert {(row.status, row.attempts, row.last_error) for row in StatementOutbox.objects.all()} == {("sent", 2, "")}
    assert len(lrs.statements(ids=_ids())) == 3


def test_a_reply_lost_after_the_lrs_stored_the_statements_leads_to_a_resend_that_stores_nothing_twice(
    learner, faulty_lrs, lrs
):
    _three_pending_statements(learner)
    faulty_lrs.mode = "lose_response"
    with pytest.raises(LRSUnavailable):
        services.deliver_statements()
    assert len(lrs.statements(ids=_ids())) == 3  # the LRS has them; we could not know
    assert StatementOutbox.objects.filter(status="pending").count() == 3

    faulty_lrs.mode = "pass"
    assert services.deliver_statements().sent == 3
    stored = lrs.statements(ids=_ids())
    assert len(stored) == 3
    for statement in stored:
        assert_valid_statement(statement)


def test_the_delivery_task_asks_to_be_retried_when_the_lrs_is_down_and_leaves_the_rows_pending(
    learner, faulty_lrs, settings
):
    _three_pending_statements(learner)
    faulty_lrs.mode = "error"
    settings.XAPI_RETRY_BACKOFF = 30
    conf = deliver_statements_task.app.conf
    conf.task_always_eager = False  # as on a worker
    try:
        with pytest.raises(Retry) as retry:
            deliver_statements_task.apply()
    finally:
        conf.task_always_eager = True
    assert 0 <= retry.value.when <= 30  # jittered backoff: the first retry within XAPI_RETRY_BACKOFF seconds
    assert StatementOutbox.objects.filter(status="pending").count() == 3


def test_a_statement_the_lrs_refuses_is_set_aside_with_its_reason_and_the_rest_are_sent(learner, lrs):
    _three_pending_statements(learner)
    broken = StatementOutbox.objects.order_by("pk")[1]
    broken.statement["verb"]["id"] = "not an IRI"
    broken.save(update_fields=["statement"])

    report = services.deliver_statements()

    assert (report.sent, report.rejected) == (2, 1)
    broken.refresh_from_db()
    assert broken.status == StatementOutbox.Status.REJECTED
    assert broken.last_error.startswith("The LRS answered 400:")
    assert len(lrs.statements(ids=_ids())) == 2


@pytest.mark.parametrize(
    ("raw", "maximum", "score"),
    [
        (3, 10, {"raw": 3, "min": 0, "max": 10, "scaled": 0.3}),
        (-1, 2, {"raw": -1, "max": 2, "scaled": -0.5}),  # a penalty: no min of 0 above the raw score
        (2.5, None, {"raw": 2.5, "min": 0}),
    ],
)
def test_scores_stay_valid_xapi_whatever_the_quiz_awards(learner, lrs, raw, maximum, score):
    quiz = Activity(iri=activity_iri("quiz", 5), name="Check", type=ActivityType.ASSESSMENT)
    row = services.record_statement(
        actor_user=learner,
        verb=Verb.ANSWERED,
        activity=quiz,
        key=f"score-{raw}",
        result=Result(score_raw=raw, score_max=maximum),
    )
    assert row.statement["result"]["score"] == score
    assert_valid_statement(row.statement)
