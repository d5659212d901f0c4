"""Every state-changing POST endpoint refuses a request without a CSRF token (403), and writes nothing."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

import pytest

from courses.models import ReflectionAnswer
from practice.models import PracticeNote
from quizzes.models import Attempt, Decision

pytestmark = pytest.mark.django_db


def _post_urls(world) -> list[tuple[str, str]]:
    """(who posts, url) for every POST endpoint a person can reach; the person is one allowed to use it."""
    module, attempt = world["module"], world["attempt"]
    return [
        ("jordan", reverse("quizzes:attempt-start", args=[world["scenario"].pk])),
        ("jordan", reverse("quizzes:attempt-answer", args=[attempt.pk])),
        ("jordan", reverse("courses:module-complete", args=[module.pk])),
        ("jordan", reverse("courses:module-time", args=[module.pk])),
        ("jordan", reverse("courses:reflection-save", args=[module.pk, world["reflection_id"]])),
        ("jordan", reverse("practice:note-save", args=[module.pk, world["task_id"]])),
        ("jordan", reverse("practice:refresher", args=[1])),
        ("jordan", reverse("reminders:preferences")),
        ("jordan", reverse("personal_data:download")),
        ("jordan", reverse("account_logout")),
        ("jordan", reverse("account_change_password")),
        ("jordan", reverse("account_email")),
        ("aisha", reverse("people:remind", args=[world["jordan"].pk, world["course"].pk])),
        ("fatima", reverse("people_import:upload")),
        ("fatima", reverse("people_people:add")),
        ("fatima", reverse("people_people:edit", args=[world["jordan"].pk])),
        ("fatima", reverse("people_departments:add")),
        ("fatima", reverse("people_cohorts:add")),
        ("fatima", reverse("people_assignments:add")),
        ("fatima", reverse("certificates_admin:revoke", args=[world["certificate"].pk])),
        ("fatima", reverse("reports:learners")),
        ("sam", reverse("quizzes_question_import:upload")),
        ("sam", reverse("quizzes_question_import:confirm")),
        ("sam", reverse("wagtailimages:add")),
        ("sam", reverse("wagtaildocs:add")),
        ("sam", reverse("wagtailadmin_pages:edit", args=[world["module"].pk])),
        (None, reverse("account_login")),
        (None, reverse("account_reset_password")),
        (None, reverse("account_signup")),
        (None, reverse("certificates:verify-form")),
    ]


def test_every_post_endpoint_refuses_a_request_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    before = (Decision.objects.count(), Attempt.objects.count(), ReflectionAnswer.objects.count())
    for who, url in _post_urls(world):
        if who:
            client.force_login(world[who])
        else:
            client.logout()
        response = client.post(url, {"text": "forged", "email": "jordan@tarnwick.example", "password": "x"})
        assert response.status_code == 403, (who, url, response.status_code)
        assert b"CSRF" in response.content or b"csrf" in response.content.lower(), url
    assert (Decision.objects.count(), Attempt.objects.count(), ReflectionAnswer.objects.count()) == before
    assert PracticeNote.objects.get().text != "forged"


def test_the_same_posts_with_a_token_get_through_to_the_view(world):
    """The 403s above come from the missing token, not from the URL or the person."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["jordan"])
    client.get(world["module"].url)
    token = client.cookies["csrftoken"].value
    url = reverse("courses:reflection-save", args=[world["module"].pk, world["reflection_id"]])
    response = client.post(url, {"text": "With a token.", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert ReflectionAnswer.objects.get(user=world["jordan"]).text == "With a token."
