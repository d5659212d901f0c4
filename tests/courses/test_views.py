"""The learner's screens and actions through the test client: who may see what, what they see, and bad input."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from courses import services
from courses.models import Audience, Enrolment, ModuleProgress, ProgressState
from tests.factories.courses import make_course, make_course_with_modules, make_module

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/learning/", "/courses/"])
def test_course_content_needs_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_course_and_module_pages_need_a_login(client):
    course, modules = make_course_with_modules(1)
    for page in (course, modules[0]):
        response = client.get(page.url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_dashboard_lists_assigned_courses_with_progress_due_date_and_next_module(client, learner):
    course, modules = make_course_with_modules(3, title="Every function is on social")
    services.enrol_user(user=learner, course=course, required=True, due_on=timezone.localdate() + timedelta(days=14))
    services.record_module_completion(user=learner, module=modules[0])
    client.force_login(learner)
    content = client.get("/learning/").content.decode()
    # The only course is the featured "Up next" card: its next module, where it sits, the progress and one button.
    assert '<h2 id="up-next-heading">Pick up where you left off</h2>' in content
    assert "Every function is on social" in content
    assert "33% complete" in content
    assert '<p class="up-next__title">Module 2</p>' in content
    assert "Module 2 of 3" in content
    assert content.count(f'href="{modules[1].url}"') == 1
    assert "Assigned to you" not in content  # not listed a second time


def test_the_featured_course_is_not_repeated_and_the_others_keep_their_own_button(client, learner):
    """Issue 19: the hero's Start and the first card's Start led to the same module. The first course to do is the
    "Up next" card only; the next one is a card with its own button, under "Also assigned to you"."""
    first, first_modules = make_course_with_modules(2, title="When things go wrong")
    second, second_modules = make_course_with_modules(2, title="Every function is on social")
    today = timezone.localdate()
    services.enrol_user(user=learner, course=first, required=True, due_on=today - timedelta(days=1))
    services.enrol_user(user=learner, course=second, required=True, due_on=today + timedelta(days=14))
    client.force_login(learner)
    response = client.get("/learning/")
    content = response.content.decode()
    assert response.context["up_next"].course == first
    assert [card.course for card in response.context["assigned"]] == [second]
    assert "Also assigned to you" in content
    assert content.count(f'href="{first_modules[0].url}"') == 1
    assert content.count(f'href="{second_modules[0].url}"') == 1
    # overdue in words on the featured card, the not-started state said instead of an empty ring
    assert re.search(r'<span class="tag tag--overdue">Overdue</span>\s*<span>was due', content)
    assert "Module 1 of 2 · 6 minutes · not started" in content
    assert "up-next__progress" not in content  # no empty bar: the words say it
    assert 'class="ring' not in content


def test_overdue_courses_say_so_in_words(client, learner):
    course, _modules = make_course_with_modules(1)
    services.enrol_user(user=learner, course=course, required=True, due_on=timezone.localdate() - timedelta(days=1))
    client.force_login(learner)
    assert '<span class="tag tag--overdue">Overdue</span>' in client.get("/learning/").content.decode()


def test_continue_resumes_at_the_last_module_visited(client, learner):
    course, modules = make_course_with_modules(4)
    services.record_module_completion(user=learner, module=modules[0])
    services.record_module_visit(user=learner, module=modules[2])
    client.force_login(learner)
    content = client.get("/learning/").content.decode()
    assert "Continue" in content
    assert f'href="{modules[2].url}"' in content


def test_dashboard_shows_only_the_learners_own_courses(client, learner, other_learner):
    mine = make_course(title="Mine")
    theirs = make_course(title="Theirs")
    services.enrol_user(user=learner, course=mine)
    services.enrol_user(user=other_learner, course=theirs)
    client.force_login(learner)
    content = client.get("/learning/").content.decode()
    assert "Mine" in content and "Theirs" not in content


def test_catalogue_filters_by_audience(client, learner):
    make_course(title="Literacy for leaders", audience=Audience.EXECUTIVES)
    make_course(title="Customer service in public", audience=Audience.CUSTOMER_SERVICE)
    client.force_login(learner)
    everything = client.get("/courses/").content.decode()
    leaders = client.get("/courses/?audience=executives").content.decode()
    assert "Literacy for leaders" in everything and "Customer service in public" in everything
    assert "Literacy for leaders" in leaders and "Customer service in public" not in leaders


def test_catalogue_ignores_an_unknown_audience(client, learner):
    make_course(title="Literacy for leaders", audience=Audience.EXECUTIVES)
    client.force_login(learner)
    response = client.get("/courses/?audience=<script>")
    assert response.status_code == 200
    assert "Literacy for leaders" in response.content.decode()


def test_course_page_lists_each_modules_state(client, learner):
    course, modules = make_course_with_modules(3)
    services.record_module_completion(user=learner, module=modules[0])
    services.record_module_visit(user=learner, module=modules[1])
    client.force_login(learner)
    content = client.get(course.url).content.decode()
    assert content.count("Completed") >= 1 and "In progress" in content and "Not started" in content


def test_module_page_shows_position_previous_and_next(client, learner):
    course, modules = make_course_with_modules(3)
    client.force_login(learner)
    content = client.get(modules[1].url).content.decode()
    assert "Module 2 of 3" in content
    assert "Previous: Module 1" in content and "Next: Module 3" in content
    assert "Mark as complete" in content


def test_opening_a_module_records_a_visit(client, learner):
    _course, modules = make_course_with_modules(2)
    client.force_login(learner)
    client.get(modules[0].url)
    assert ModuleProgress.objects.get(module=modules[0]).state == ProgressState.IN_PROGRESS


def test_mark_as_complete_moves_to_the_next_module_and_a_double_click_records_once(client, learner):
    _course, modules = make_course_with_modules(2)
    client.force_login(learner)
    url = reverse("courses:module-complete", args=[modules[0].pk])
    first = client.post(url)
    second = client.post(url)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == modules[1].url
    progress = ModuleProgress.objects.get(module=modules[0])
    assert progress.state == ProgressState.COMPLETED
    assert ModuleProgress.objects.filter(module=modules[0]).count() == 1


def test_completing_the_last_module_opens_the_course_complete_page(client, learner):
    course, modules = make_course_with_modules(1)
    client.force_login(learner)
    response = client.post(reverse("courses:module-complete", args=[modules[0].pk]), follow=True)
    assert response.redirect_chain[-1][0] == f"/learning/courses/{course.pk}/complete/"
    assert "Course complete" in response.content.decode()
    assert Enrolment.objects.get(user=learner, course=course).completed_at is not None


def test_completion_is_post_only(client, learner):
    _course, modules = make_course_with_modules(1)
    client.force_login(learner)
    assert client.get(reverse("courses:module-complete", args=[modules[0].pk])).status_code == 405


@pytest.mark.parametrize("state", ["draft", "unpublished_course", "private", "missing"])
def test_completion_for_a_module_the_learner_cannot_see_is_404_and_writes_nothing(client, learner, state):
    from wagtail.models import PageViewRestriction

    course, modules = make_course_with_modules(1)
    module = modules[0]
    module_id = module.pk
    if state == "draft":
        module = make_module(course, title="Draft", live=False)
        module_id = module.pk
    elif state == "unpublished_course":
        course.unpublish()
    elif state == "private":
        PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.PASSWORD, password="x")
    elif state == "missing":
        module_id = 999_999
    client.force_login(learner)
    response = client.post(reverse("courses:module-complete", args=[module_id]))
    assert response.status_code == 404
    assert not ModuleProgress.objects.exists()
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("state", ["draft", "unpublished"])
def test_a_learner_gets_404_for_draft_and_unpublished_pages(client, learner, state):
    course, modules = make_course_with_modules(1)
    if state == "draft":
        page = make_module(course, title="Draft", live=False)
        url = f"{course.url}{page.slug}/"
    else:
        url = modules[0].url
        modules[0].unpublish()
    client.force_login(learner)
    assert client.get(url).status_code == 404


def test_time_report_with_a_malformed_value_is_400_with_a_message(client, learner):
    _course, modules = make_course_with_modules(1)
    client.force_login(learner)
    url = reverse("courses:module-time", args=[modules[0].pk])
    for bad, message in [("ten", "“seconds” must be a whole number."), ("-5", "“seconds” cannot be negative.")]:
        response = client.post(url, {"seconds": bad})
        assert response.status_code == 400
        assert response.content.decode() == message
    assert not ModuleProgress.objects.exists()
    ok = client.post(url, {"seconds": "75"})
    assert ok.json() == {"time_spent_seconds": 75}


def test_reflection_answer_is_private_to_its_author(client, learner, other_learner):
    course, _modules = make_course_with_modules(0)
    module = make_module(course, body=[("reflection", {"prompt": "When did a customer last reach you?"})])
    block_id = module.body[0].id
    client.force_login(learner)
    response = client.post(reverse("courses:reflection-save", args=[module.pk, block_id]), {"text": "On the bus."})
    assert response.status_code == 302
    assert "On the bus." in client.get(module.url).content.decode()
    client.force_login(other_learner)
    assert "On the bus." not in client.get(module.url).content.decode()


def test_reflection_without_text_is_400_and_too_long_is_refused_with_a_message(client, learner):
    course, _modules = make_course_with_modules(0)
    module = make_module(course, body=[("reflection", {"prompt": "Why?"})])
    url = reverse("courses:reflection-save", args=[module.pk, module.body[0].id])
    client.force_login(learner)
    assert client.post(url, {}).status_code == 400
    response = client.post(url, {"text": "x" * 5001}, follow=True)
    assert "Your answer is too long: keep it under 5,000 characters." in response.content.decode()
    from courses.models import ReflectionAnswer

    assert not ReflectionAnswer.objects.exists()


def test_header_marks_my_learning_on_a_module_and_the_catalogue_on_a_course_page(client, learner):
    """The header's current item follows the breadcrumb root (QA F28): a module is under My learning."""
    course, modules = make_course_with_modules(1)
    client.force_login(learner)
    module_page = client.get(modules[0].url).content.decode()
    assert '<a href="/learning/" aria-current="page">My learning</a>' in module_page
    assert '<a href="/courses/" aria-current="page">' not in module_page
    for path in (course.url, "/courses/"):
        page = client.get(path).content.decode()
        assert '<a href="/courses/" aria-current="page">Catalogue</a>' in page
        assert '<a href="/learning/" aria-current="page">' not in page


def test_with_nothing_to_do_the_featured_card_says_so_and_points_to_the_catalogue(client, learner):
    course, modules = make_course_with_modules(1, title="Every function is on social")
    client.force_login(learner)
    content = client.get("/learning/").content.decode()
    assert "Nothing here yet" in content and "Your courses will appear here" in content
    services.record_module_completion(user=learner, module=modules[0])
    content = client.get("/learning/").content.decode()
    assert "All caught up" in content and "Nothing is due. Well done." in content
    assert '<a class="button" href="/courses/">Browse the catalogue</a>' in content
    assert 'up-next__title">Module 1' not in content
