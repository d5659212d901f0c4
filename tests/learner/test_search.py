"""Search over courses, modules and their blocks' text: results only from courses the learner may open, with the
words found highlighted; hostile queries answer a page, never an error."""

from __future__ import annotations

from wagtail.models import PageViewRestriction

import pytest

from courses import services as course_services
from courses.models import CoursePage, ReleaseMode
from courses.selectors import highlight
from tests.factories.courses import make_course, make_module

pytestmark = pytest.mark.django_db

REFUND = [("text", {"text": "<p>Sorry for the wait on your taxi refund: send us your claim number.</p>"})]


def body(text: str):
    return [("callout", {"kind": "tip", "title": "Worked example", "text": f"<p>{text}</p>"})]


def titles(response) -> list[str]:
    return [hit.page.title for hit in response.context["hits"]]


def test_a_word_in_a_block_finds_its_module_with_the_word_highlighted(client, learner):
    course = make_course(title="Every function is on social")
    make_module(course, title="Customer service in public", body=body("Sorry for the wait on your taxi refund."))
    make_module(course, title="Listening for product insight", body=body("Tag every post about the app."))
    client.force_login(learner)
    response = client.get("/search/", {"q": "refund"})
    assert response.status_code == 200
    assert titles(response) == ["Customer service in public"]
    html = response.content.decode()
    assert "taxi <mark>refund</mark>." in html
    assert "1 result for “refund”" in html


def test_a_course_is_found_by_its_introduction(client, learner):
    make_course(title="When things go wrong", intro="<p>Keep people informed when services break down.</p>")
    client.force_login(learner)
    response = client.get("/search/", {"q": "informed"})
    assert titles(response) == ["When things go wrong"]
    assert "<mark>informed</mark>" in response.content.decode()


def test_nothing_from_a_course_the_learner_may_not_open_is_found(client, learner):
    draft = make_course(title="Draft course")
    make_module(draft, title="Draft refund module", body=body("refund"))
    draft.unpublish()
    private = make_course(title="Board only")
    make_module(private, title="Board refund module", body=body("refund"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    paced = make_course(title="Paced", release_mode=ReleaseMode.INTERVAL, release_interval_days=7)
    make_module(paced, title="Open refund module", body=body("refund"))
    make_module(paced, title="Later refund module", body=body("refund"))
    course_services.enrol_user(user=learner, course=CoursePage.objects.get(pk=paced.pk))
    client.force_login(learner)
    response = client.get("/search/", {"q": "refund"})
    assert titles(response) == ["Open refund module"]
    html = response.content.decode()
    assert "Draft" not in html and "Board" not in html and "Later" not in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("refund\x00", "refund"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("x" * 500, "x" * 100),
        ("'; DROP TABLE wagtailcore_page; --", "&#x27;; DROP TABLE wagtailcore_page; --"),
    ],
)
def test_hostile_queries_answer_a_page(client, learner, query, shown):
    make_module(make_course(), title="Customer service in public", body=body("refund"))
    client.force_login(learner)
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert shown in html
    assert "<script>alert" not in html


def test_search_needs_a_signed_in_learner(client):
    response = client.get("/search/", {"q": "refund"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_snippet_is_escaped_and_marks_each_word():
    assert highlight("Say <b>sorry</b> and refund quickly", "sorry refund") == (
        "Say &lt;b&gt;<mark>sorry</mark>&lt;/b&gt; and <mark>refund</mark> quickly"
    )
