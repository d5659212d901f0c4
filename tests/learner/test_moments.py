"""Moments that close a loop: the course-complete page (the learner's own, nobody else's), module-complete feedback,
the pass page's main button, reflection "saved" beside the answer, and the remind button's sent state."""

from __future__ import annotations

import pytest

from certificates.models import Certificate
from courses import services as course_services
from courses.models import CoursePage
from people import roles
from quizzes import services as quiz_services
from tests.factories.courses import make_course, make_course_with_modules
from tests.factories.quizzes import import_gift, make_knowledge_check, question_blocks
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_modules():
    return make_course_with_modules(2, title="Every function is on social")


def complete_url(course) -> str:
    return f"/learning/courses/{course.pk}/complete/"


def test_finishing_the_last_module_opens_the_course_complete_page(client, learner, course_modules):
    course, (first, last) = course_modules
    make_course(title="When things go wrong")
    client.force_login(learner)
    response = client.post(f"/learning/modules/{first.pk}/complete/", follow=True)
    assert "Module complete: “Module 1”. 1 of 2 modules done." in response.content.decode()
    response = client.post(f"/learning/modules/{last.pk}/complete/")
    assert response.status_code == 302 and response.url == complete_url(course)
    html = client.get(complete_url(course)).content.decode()
    assert "Course complete" in html and "What you covered" in html
    assert "Module 1" in html and "Module 2" in html
    assert "Your certificate" in html and "What is next" in html and "When things go wrong" in html
    assert "share" not in html.lower()


def test_another_learner_cannot_open_a_course_complete_page_they_have_not_earned(
    client, learner, other_learner, course_modules
):
    course, modules = course_modules
    for module in modules:
        course_services.record_module_completion(user=learner, module=module)
    client.force_login(other_learner)
    response = client.get(complete_url(course), follow=True)
    assert response.redirect_chain == [(course.url, 302)]
    html = response.content.decode()
    assert "You have not completed “Every function is on social” yet." in html
    assert "What you covered" not in html and "Jordan" not in html


@pytest.mark.parametrize("course_id", ["0", "999999", str(10**20)])
def test_a_course_complete_page_for_no_course_answers_404(client, learner, course_id):
    client.force_login(learner)
    assert client.get(f"/learning/courses/{course_id}/complete/").status_code == 404


def test_an_unpublished_course_has_no_course_complete_page(client, learner, course_modules):
    course, modules = course_modules
    for module in modules:
        course_services.record_module_completion(user=learner, module=module)
    CoursePage.objects.get(pk=course.pk).unpublish()
    client.force_login(learner)
    assert client.get(complete_url(course)).status_code == 404


def test_passing_the_last_check_leads_the_main_button_to_the_certificate_or_the_course_summary(
    client, learner, course_modules
):
    course, (first, last) = course_modules
    course_services.record_module_completion(user=learner, module=first)
    check = make_knowledge_check(last, blocks=question_blocks(import_gift("::T1:: Answer in public first. {T}")))
    attempt = quiz_services.start_attempt(user=learner, page=check)
    quiz_services.answer_question(user=learner, attempt_id=attempt.pk, sequence=0, raw="true")
    client.force_login(learner)
    html = client.get(f"/quizzes/attempts/{attempt.pk}/result/").content.decode()
    assert f'<a class="button" href="{complete_url(course)}">Get your certificate</a>' in html
    assert "Course complete" in html
    # The label comes from certificates through courses/hooks.py: a course that gave no certificate says "summary".
    Certificate.objects.filter(enrolment__user=learner).delete()
    html = client.get(f"/quizzes/attempts/{attempt.pk}/result/").content.decode()
    assert f'<a class="button" href="{complete_url(course)}">See your course summary</a>' in html


def test_a_saved_reflection_is_confirmed_beside_the_answer(client, learner):
    course, (module,) = make_course_with_modules(1)
    module.body = [("reflection", {"prompt": "When did a customer last reach you in public?"})]
    module.save_revision().publish()
    block_id = module.body[0].id
    client.force_login(learner)
    response = client.post(f"/learning/modules/{module.pk}/reflections/{block_id}/", {"text": "Last week."})
    assert response.url == f"{module.url}?saved={block_id}#reflection-{block_id}"
    html = client.get(response.url).content.decode()
    assert '<p class="reflection__saved" role="status">' in html
    assert "Your answer is saved. Only you can see it." in html
    assert "Your answer is saved" not in client.get(module.url).content.decode()


def test_the_remind_button_shows_its_sent_state_and_a_second_click_is_no_error(client, course_modules):
    course, _modules = course_modules
    manager = make_person("aisha@tarnwick.example", role=roles.MANAGERS)
    jordan = make_person("jordan@tarnwick.example", manager=manager, first_name="Jordan", last_name="Ellis")
    course_services.enrol_user(user=jordan, course=course, required=True)
    client.force_login(manager)
    url = f"/team/{jordan.pk}/remind/{course.pk}/"
    first = client.post(url, follow=True).content.decode()
    assert "Reminder sent to Jordan Ellis about “Every function is on social”." in first
    assert "Reminder sent</span>" in first and ">Remind<" not in first
    second = client.post(url, follow=True).content.decode()
    assert "Jordan Ellis was reminded about “Every function is on social” less than 24 hours ago." in second
    assert "message--error" not in second
