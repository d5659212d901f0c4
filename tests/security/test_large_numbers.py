"""Twenty digits are data in a form and junk in a query: a learner's text is kept as typed, a filter reads the junk
as no choice, and a posted number the database cannot hold is a 400 with a message (socialwise/middleware.py)."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

import pytest

from courses.models import ReflectionAnswer
from socialwise.middleware import UnreadableFormMiddleware
from tests.factories.courses import make_course_with_modules, make_module

TWENTY_THREE_DIGITS = "12345678901234567890123"


@pytest.mark.django_db
def test_a_reflection_of_twenty_three_digits_is_saved_as_typed(client, learner):
    course, _modules = make_course_with_modules(0)
    module = make_module(course, body=[("reflection", {"prompt": "Your case number?"})])
    client.force_login(learner)
    url = reverse("courses:reflection-save", args=[module.pk, module.body[0].id])
    assert client.post(url, {"text": TWENTY_THREE_DIGITS}).status_code == 302
    assert ReflectionAnswer.objects.get(user=learner).text == TWENTY_THREE_DIGITS


def test_a_query_number_beyond_64_bits_reads_as_0_and_a_form_field_is_left_alone():
    seen = {}

    def view(request):
        seen["get"], seen["post"] = request.GET["id"], request.POST["text"]
        return HttpResponse("ok")

    request = RequestFactory().post(f"/x/?id={TWENTY_THREE_DIGITS}", {"text": TWENTY_THREE_DIGITS})
    assert UnreadableFormMiddleware(view)(request).status_code == 200
    assert seen == {"get": "0", "post": TWENTY_THREE_DIGITS}


def test_a_posted_number_the_database_cannot_hold_is_a_400_with_a_message():
    middleware = UnreadableFormMiddleware(lambda request: HttpResponse("ok"))
    response = middleware.process_exception(RequestFactory().post("/x/", {"n": "1" * 25}), OverflowError("too big"))
    assert response.status_code == 400
    assert "too large to store" in response.content.decode()
    assert middleware.process_exception(RequestFactory().get("/x/"), OverflowError("too big")) is None
    assert middleware.process_exception(RequestFactory().post("/x/"), ValueError("other")) is None
