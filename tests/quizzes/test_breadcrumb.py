"""The trail above a quiz's pages (issue 19): the same "My learning › course › module" as the module page, parents
only, so the quiz's title (the page's own h1) is not said twice; a scenario's result (h1: the ending) adds the quiz."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory

import pytest

from tests.factories.courses import make_course_with_modules

pytestmark = pytest.mark.django_db


def test_a_quiz_page_trail_is_my_learning_the_course_and_the_module_without_the_quiz():
    course, (module,) = make_course_with_modules(1, title="Every function is on social")

    class Quiz:
        url = "/quiz/"
        title = "Six weeks for a refund"

    html = render_to_string(
        "quizzes/includes/breadcrumb.html",
        {"course": course, "module": module, "quiz": Quiz(), "quiz_title": Quiz.title},
        request=RequestFactory().get("/"),
    )
    assert '<nav aria-label="Breadcrumb" class="breadcrumb">' in html
    links = html.split("<li>")[1:]
    assert [link.split(">")[1].split("<")[0] for link in links] == [
        "My learning",
        "Every function is on social",
        "Module 1",
    ]
    assert "Six weeks for a refund" not in html and "/quiz/" not in html
    # a scenario's result: its h1 is the ending, so the trail names the scenario as the last parent
    html = render_to_string(
        "quizzes/includes/breadcrumb.html",
        {
            "course": course,
            "module": module,
            "quiz": Quiz(),
            "quiz_title": Quiz.title,
            "story": {"ending": {"title": "Calm"}},
        },
        request=RequestFactory().get("/"),
    )
    assert html.count("<li>") == 4 and '<a href="/quiz/">Six weeks for a refund</a>' in html
