"""Screens whose query count must not grow with the data: measured at two sizes and compared."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from courses import services
from tests.factories.courses import make_course, make_course_with_modules, make_module

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    client.get(url)  # warm caches that live for the whole process (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _body(n: int):
    kinds = [
        ("heading", "A section"),
        ("text", "<p>Short paragraph.</p>"),
        ("key_points", {"heading": "Key points", "points": ["One", "Two"]}),
        ("callout", {"kind": "tip", "title": "Try it", "text": "<p>Do this.</p>"}),
        (
            "social_post",
            {
                "display_name": "Amara Kessie",
                "handle": "@amara_k",
                "platform": "microblog",
                "posted_at": "18:52",
                "text": "Where is my train?",
                "quoted": "",
                "image_alt": "",
                "likes": 1,
                "shares": 2,
                "replies": 3,
            },
        ),
        ("quote", {"quote": "Answer in public.", "attribution": "Aisha"}),
        ("reflection", {"prompt": "Why?"}),
    ]
    return [kinds[i % len(kinds)] for i in range(n)]


def test_module_page_queries_do_not_grow_with_blocks(client, learner):
    course = make_course()
    small = make_module(course, title="Small", body=_body(10))
    large = make_module(course, title="Large", body=_body(50))
    client.force_login(learner)
    assert _count(client, small.url) == _count(client, large.url)


def test_dashboard_queries_do_not_grow_with_courses(client, learner, other_learner):
    for i in range(30):
        course, modules = make_course_with_modules(1, title=f"Course {i}")
        services.record_module_completion(user=other_learner, module=modules[0])
        if i == 0:
            services.record_module_completion(user=learner, module=modules[0])
    client.force_login(learner)
    one = _count(client, "/learning/")
    client.force_login(other_learner)
    thirty = _count(client, "/learning/")
    assert one == thirty


@pytest.mark.slow
def test_catalogue_queries_do_not_grow_with_courses(client, learner):
    for i in range(5):
        make_course_with_modules(1, title=f"First {i}")
    client.force_login(learner)
    five = _count(client, "/courses/")
    for i in range(95):
        make_course(title=f"More {i}")
    hundred = _count(client, "/courses/")
    assert five == hundred
