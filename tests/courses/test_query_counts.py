"""The learner's screens make an exact, pinned number of queries, the same at two sizes of data. A change in a pin is
a change to review: the comments name each query."""

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


# Every signed-in learner page: the session, the user, the organisation's settings (cms), "does anyone report to
# them?" for the header's My team link, and the user's and their groups' permissions.
EVERY_PAGE = 6
# Wagtail's routing to a page of the tree: the site, the page queries of the route (more the deeper the page), the
# alias check and the view restrictions on the way.
ROUTE_TO = {"catalogue": 6, "course": 8, "module": 10}


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
    # EVERY_PAGE and the route, then: the learner's progress row of the module, the course page, the current
    # enrolment, the course's live modules, progress on them, the learner's reflection answers, the module's quizzes.
    pinned = EVERY_PAGE + ROUTE_TO["module"] + 7
    assert _count(client, small.url) == pinned
    assert _count(client, large.url) == pinned


def test_dashboard_queries_do_not_grow_with_courses(client, learner, other_learner):
    for i in range(30):
        course, modules = make_course_with_modules(1, title=f"Course {i}")
        services.record_module_completion(user=other_learner, module=modules[0])
        if i == 0:
            services.record_module_completion(user=learner, module=modules[0])
    # EVERY_PAGE, the site (for the settings), then: enrolments, their course pages, their modules' progress; the
    # certificates of the completed cards (certificates' card note); practice's panel: refreshers due, the next
    # refresher, the "still confident" answers and upcoming cohort sessions; goals' panel: the learner's personal
    # goals, and (having none) their department and whether their team has an objective.
    pinned = EVERY_PAGE + 1 + 3 + 1 + 4 + 3
    client.force_login(learner)
    assert _count(client, "/learning/") == pinned
    client.force_login(other_learner)
    assert _count(client, "/learning/") == pinned


def test_course_page_query_count_is_pinned(client, learner):
    course, modules = make_course_with_modules(3)
    services.record_module_completion(user=learner, module=modules[0])
    client.force_login(learner)
    # EVERY_PAGE and the route, then the current enrolment, the live modules, and progress on them.
    pinned = EVERY_PAGE + ROUTE_TO["course"] + 3
    assert _count(client, course.url) == pinned
    for _i in range(5):
        make_module(course)
    assert _count(client, course.url) == pinned


@pytest.mark.slow
def test_catalogue_queries_do_not_grow_with_courses(client, learner):
    for i in range(5):
        make_course_with_modules(1, title=f"First {i}")
    client.force_login(learner)
    # EVERY_PAGE and the route, then the live courses, the learner's enrolments, every course's modules and the
    # learner's profile (audience, for "For you"); and the department filter that people registers in courses/hooks.py
    # (departments, their tree, live assignments' departments, the learner's department), asked for twice by
    # courses/selectors.py (4 queries that could be saved).
    pinned = EVERY_PAGE + ROUTE_TO["catalogue"] + 4 + 2 * 4
    assert _count(client, "/courses/") == pinned
    for i in range(95):
        make_course(title=f"More {i}")
    assert _count(client, "/courses/") == pinned
