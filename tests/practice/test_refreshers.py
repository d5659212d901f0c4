"""Refreshers: scheduled at growing intervals after completion (frozen clock), weighted to wrong answers, marked with
the quiz grader, and a "still confident" score for the learner only."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from django.http import QueryDict
from django.urls import reverse

import pytest
from freezegun import freeze_time

from courses import services as course_services
from practice import selectors, services
from practice.models import RefresherAnswer, RefresherDue
from quizzes import services as quiz_services
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import import_gift, make_knowledge_check, question_blocks

pytestmark = pytest.mark.django_db

GIFT = "\n\n".join(f"::Q{i}::Statement {i} is true.{{TRUE}}" for i in range(1, 7))


@pytest.fixture
def course_with_check():
    course, modules = make_course_with_modules(1, title="Leaders")
    questions = import_gift(GIFT)
    check = make_knowledge_check(modules[0], blocks=question_blocks(questions), pass_mark=50, shuffle_choices=False)
    return course, modules[0], check, questions


def finish_course(user, check, *, wrong: set[int]):
    attempt = quiz_services.start_attempt(user=user, page=check)
    for sequence, copy in enumerate(attempt.questions):
        answer = "false" if copy["question_id"] in wrong else "true"
        quiz_services.answer_question(user=user, attempt_id=attempt.pk, sequence=sequence, raw=answer)


def test_completing_a_course_schedules_refreshers_at_3_10_and_30_days(learner, course_with_check):
    course, _module, check, questions = course_with_check
    with freeze_time("2025-03-28 23:30:00+00:00"):  # already 29 March in London? No: GMT, still the 28th
        finish_course(learner, check, wrong=set())
    due = list(RefresherDue.objects.filter(user=learner).order_by("after_days").values_list("after_days", "due_on"))
    assert due == [(3, date(2025, 3, 31)), (10, date(2025, 4, 7)), (30, date(2025, 4, 27))]
    assert selectors.refreshers_due(user=learner, today=date(2025, 3, 30)) == []
    assert [r.after_days for r in selectors.refreshers_due(user=learner, today=date(2025, 3, 31))] == [3]
    # Both intervals have passed: one card for the course, the latest.
    assert [r.after_days for r in selectors.refreshers_due(user=learner, today=date(2025, 4, 7))] == [10]


def test_completion_late_in_the_evening_counts_on_the_local_date(learner, course_with_check):
    _course, _module, check, _questions = course_with_check
    with freeze_time("2025-06-10 23:30:00+00:00"):  # 00:30 on 11 June in London
        finish_course(learner, check, wrong=set())
    assert RefresherDue.objects.get(user=learner, after_days=3).due_on == date(2025, 6, 14)


def test_wrong_answers_come_back_more_often(learner, course_with_check):
    course, _module, check, questions = course_with_check
    wrong = {questions[0].pk}
    finish_course(learner, check, wrong=wrong)
    rng = random.Random(7)
    drawn = Counter()
    for _ in range(300):
        for question in services.draw_refresher_questions(user=learner, course=course, rng=rng, count=1):
            drawn[question.pk] += 1
    # Weight 4 against 1 for each of the 5 others: about 4/9 of the draws.
    assert drawn[questions[0].pk] > 2 * max(n for pk, n in drawn.items() if pk != questions[0].pk)


def test_learner_answers_a_due_refresher_and_sees_their_confidence(client, learner, course_with_check):
    _course, _module, check, _questions = course_with_check
    with freeze_time("2025-05-01 10:00:00+01:00"):
        finish_course(learner, check, wrong=set())
    refresher = RefresherDue.objects.get(user=learner, after_days=3)
    client.force_login(learner)
    with freeze_time("2025-05-04 09:00:00+01:00"):
        dashboard = client.get(reverse("courses:dashboard")).content.decode()
        assert "A 3-minute refresher is ready" in dashboard
        page = client.get(reverse("practice:refresher", args=[refresher.pk]))
        assert page.status_code == 200
        refresher.refresh_from_db()
        assert len(refresher.questions) == 3
        data = {f"answer-{i}": "true" for i in range(3)}
        data["answer-2"] = "false"
        response = client.post(reverse("practice:refresher", args=[refresher.pk]), data, follow=True)
        text = response.content.decode()
        assert "Refresher done: 2 of 3 right." in text
        assert "Still confident: 67%" in text
        assert "A 3-minute refresher is ready" not in client.get(reverse("courses:dashboard")).content.decode()
    assert RefresherAnswer.objects.filter(refresher=refresher).count() == 3
    assert selectors.still_confident(user=learner).percent == 67


def test_a_missing_answer_records_nothing(client, learner, course_with_check):
    _course, _module, check, _questions = course_with_check
    with freeze_time("2025-05-01 10:00:00+01:00"):
        finish_course(learner, check, wrong=set())
    refresher = RefresherDue.objects.get(user=learner, after_days=3)
    client.force_login(learner)
    with freeze_time("2025-05-04 09:00:00+01:00"):
        client.get(reverse("practice:refresher", args=[refresher.pk]))
        response = client.post(reverse("practice:refresher", args=[refresher.pk]), {"answer-0": "true"})
    assert response.status_code == 400
    assert "Question 2: Choose true or false." in response.content.decode()
    assert not RefresherAnswer.objects.exists()


def test_a_refresher_not_due_yet_or_of_someone_else_is_refused(client, learner, other_learner, course_with_check):
    _course, _module, check, _questions = course_with_check
    with freeze_time("2025-05-01 10:00:00+01:00"):
        finish_course(learner, check, wrong=set())
    refresher = RefresherDue.objects.get(user=learner, after_days=10)
    client.force_login(learner)
    with freeze_time("2025-05-04 09:00:00+01:00"):
        response = client.get(reverse("practice:refresher", args=[refresher.pk]), follow=True)
        assert "This refresher is ready on 11 May 2025." in response.content.decode()
        client.force_login(other_learner)
        assert client.get(reverse("practice:refresher", args=[refresher.pk])).status_code == 404


def test_answering_twice_records_once(learner, course_with_check):
    _course, _module, check, _questions = course_with_check
    with freeze_time("2025-05-01 10:00:00+01:00"):
        finish_course(learner, check, wrong=set())
    refresher = RefresherDue.objects.get(user=learner, after_days=3)
    with freeze_time("2025-05-04 09:00:00+01:00"):
        services.open_refresher(user=learner, refresher_id=refresher.pk)
        posted = QueryDict("answer-0=true&answer-1=true&answer-2=true")
        services.answer_refresher(user=learner, refresher_id=refresher.pk, posted=posted)
        services.answer_refresher(user=learner, refresher_id=refresher.pk, posted=QueryDict("answer-0=false"))
    assert RefresherAnswer.objects.filter(refresher=refresher).count() == 3
    assert RefresherDue.objects.get(pk=refresher.pk).correct == 3


def test_no_refreshers_for_a_course_without_knowledge_checks(learner):
    course, modules = make_course_with_modules(1)
    course_services.complete_module_manually(user=learner, module=modules[0])
    assert not RefresherDue.objects.exists()


def test_a_learner_late_for_two_refreshers_gets_one_and_the_earlier_lapses_once_it_is_answered(
    client, learner, course_with_check
):
    _course, _module, check, _questions = course_with_check
    with freeze_time("2025-05-01 10:00:00+01:00"):
        finish_course(learner, check, wrong=set())
    client.force_login(learner)
    with freeze_time("2025-05-12 09:00:00+01:00"):  # the 3-day and the 10-day refresher are both due
        due = selectors.refreshers_due(user=learner, today=date(2025, 5, 12))
        assert [r.after_days for r in due] == [10]
        assert client.get("/learning/").content.decode().count("A 3-minute refresher is ready") == 1
        services.open_refresher(user=learner, refresher_id=due[0].pk)
        posted = QueryDict("answer-0=true&answer-1=true&answer-2=true")
        services.answer_refresher(user=learner, refresher_id=due[0].pk, posted=posted)
        assert selectors.refreshers_due(user=learner, today=date(2025, 5, 12)) == []
        assert "A 3-minute refresher is ready" not in client.get("/learning/").content.decode()
