"""Duplicating a course as a template from Wagtail's admin: what is copied (the pages as last saved, the quizzes'
question references), what is not (learners' records, revisions, publication), who may do it and what bad input
gets."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

import pytest

from courses import services
from courses.models import CoursePage, Enrolment, ModulePage, ModuleProgress
from quizzes import services as quiz_services
from quizzes.models import Attempt, QuestionCategory
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import (
    choice,
    ending,
    import_gift,
    make_knowledge_check,
    make_scenario,
    question_blocks,
    step,
)

pytestmark = pytest.mark.django_db

GIFT = "::Q1:: The first thing to do? {=Listen ~Reply}\n\n::Q2:: Then? {=Check ~Guess}\n"


@pytest.fixture
def source(learner):
    """A live course: module 1 with a scenario and a knowledge check (a chosen question and a random draw from a
    category), module 2 with a saved, unpublished change; a learner enrolled, with progress and an attempt."""
    course, (first, second) = make_course_with_modules(2, title="Crisis response")
    questions = import_gift(GIFT)
    category = QuestionCategory.objects.get(pk=questions[0].category_id)
    scenario = make_scenario(
        first,
        steps=[
            step("A", choice("Listen", "END", feedback="Good."), choice("Argue", "END", feedback="No.")),
            ending("END"),
        ],
        title="Late train",
    )
    check = make_knowledge_check(
        first,
        blocks=question_blocks(questions[:1])
        + [{"type": "random", "value": {"category": category.pk, "count": 1, "include_subcategories": False}}],
    )
    second.title = "Module 2, rewritten"
    second.save_revision()
    enrolment = services.enrol_user(user=learner, course=course)
    services.record_module_visit(user=learner, module=first)
    quiz_services.start_attempt(user=learner, page=scenario)
    return {
        "course": course,
        "scenario": scenario,
        "check": check,
        "questions": questions,
        "category": category,
        "enrolment": enrolment,
    }


def _post(client, course, **data):
    return client.post(f"/admin/courses/{course.pk}/duplicate/", data)


def test_a_trainer_duplicates_a_course_as_an_unpublished_template(client, trainer, source):
    course = source["course"]
    revisions_before = Revision.page_revisions.count()
    client.force_login(trainer)
    response = _post(client, course, title="Crisis response for drivers", slug="crisis-drivers")

    copy = CoursePage.objects.get(slug="crisis-drivers")
    assert response.status_code == 302 and response.url == f"/admin/pages/{copy.pk}/edit/"
    assert copy.title == copy.draft_title == "Crisis response for drivers"
    pages = [copy, *Page.objects.descendant_of(copy).specific().order_by("path")]
    assert [type(p).__name__ for p in pages] == [
        "CoursePage",
        "ModulePage",
        "ScenarioPage",
        "KnowledgeCheckPage",
        "ModulePage",
    ]
    assert [p.title for p in pages[1:]] == ["Module 1", "Late train", "Knowledge check", "Module 2, rewritten"]
    for page in pages:  # all drafts, never published, not in review, not locked, owned by the trainer
        assert not page.live and page.has_unpublished_changes and page.first_published_at is None
        assert page.live_revision_id is None and not page.locked and page.owner_id == trainer.pk
        assert [r.user_id for r in Revision.page_revisions.filter(object_id=str(page.pk))] == [trainer.pk]
        assert PageLogEntry.objects.filter(page=page, action="wagtail.copy", user=trainer).count() == 1
    assert Revision.page_revisions.count() == revisions_before + len(pages)
    assert not WorkflowState.objects.filter(object_id__in=[str(p.pk) for p in pages]).exists()

    # the quizzes point at the same bank questions and category; the scenario's targets (block ids) still resolve
    scenario, check = pages[2], pages[3]
    assert check.slots() == source["check"].slots()
    assert check.slots()[0]["id"] == source["questions"][0].pk
    assert check.slots()[1]["category"] == source["category"].pk
    assert list(scenario.steps.raw_data) == list(source["scenario"].steps.raw_data)
    assert scenario.problems() == []

    # nothing of the learner's came along, and the source is as it was
    assert not Enrolment.objects.filter(course=copy).exists()
    assert not ModuleProgress.objects.filter(module__in=[p.pk for p in pages]).exists()
    assert not Attempt.objects.filter(page__in=[p.pk for p in pages]).exists()
    course.refresh_from_db()
    assert course.live and course.title == "Crisis response" and Enrolment.objects.filter(course=course).count() == 1
    assert ModulePage.objects.child_of(course).live().count() == 2


def test_a_slug_in_use_or_a_hostile_title_is_a_clear_error_and_nothing_is_copied(client, trainer, source):
    course = source["course"]
    client.force_login(trainer)
    pages_before = Page.objects.count()
    cases = [
        ({"title": "Again", "slug": course.slug}, "already used by another course"),
        ({"title": "Crisis response", "slug": ""}, "already used by another course"),  # slug from the title
        ({"title": "x" * 10_000, "slug": "long"}, "at most 255 characters"),
        ({"title": "   ", "slug": "blank"}, "This field is required."),
        ({"title": "Fine", "slug": "../etc/passwd"}, "only letters, digits, hyphens and underscores"),
        ({"title": '=HYPERLINK("x")', "slug": "y" * 300}, "at most 255 characters"),
    ]
    for data, message in cases:
        response = _post(client, course, **data)
        assert response.status_code == 200, data
        assert message in response.content.decode(), (data, message)
    # NUL never reaches the view (the middleware answers 400), and the service refuses it on its own too
    assert _post(client, course, title="Bad\x00title", slug="nul").status_code == 400
    with pytest.raises(ValidationError) as refused:
        services.duplicate_course(course=course, title="Bad\x00title", slug="nul", user=trainer)
    assert "title" in refused.value.message_dict
    assert Page.objects.count() == pages_before

    # a formula-looking title is just a title
    assert _post(client, course, title="=cmd|' /C calc'!A0", slug="formula").status_code == 302
    assert CoursePage.objects.get(slug="formula").title == "=cmd|' /C calc'!A0"


def test_only_who_may_add_a_course_duplicates_one(client, trainer, hr, learner, manager, source):
    course, scenario = source["course"], source["scenario"]
    pages_before = Page.objects.count()
    for user in (learner, manager, hr):
        client.force_login(user)
        assert _post(client, course, title="Mine", slug="mine").status_code in (302, 403), user
        assert client.get(f"/admin/courses/{course.pk}/duplicate/").status_code in (302, 403), user
    assert Page.objects.count() == pages_before

    client.force_login(trainer)
    assert _post(client, scenario, title="Not a course", slug="nac").status_code == 404  # another page's id
    assert client.get("/admin/courses/99999999/duplicate/").status_code == 404
    assert client.get("/admin/courses/99999999999999999999999/duplicate/").status_code == 404
    assert Page.objects.count() == pages_before

    # the action is offered where the trainer meets the course, and only on courses
    listing = client.get(f"/admin/pages/{course.get_parent().pk}/").content.decode()
    assert f"/admin/courses/{course.pk}/duplicate/" in listing
    assert "Duplicate as a template" in client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert "Duplicate as a template" not in client.get(f"/admin/pages/{scenario.pk}/edit/").content.decode()
    form = client.get(f"/admin/courses/{course.pk}/duplicate/")
    assert form.status_code == 200 and "Crisis response (copy)" in form.content.decode()
    client.force_login(hr)
    assert (
        f"/admin/courses/{course.pk}/duplicate/"
        not in client.get(f"/admin/pages/{course.get_parent().pk}/").content.decode()
    )
