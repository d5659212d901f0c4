"""Learner and trainer journeys through courses in a real browser, with axe on every learner page."""

import re
from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from courses import services
from courses.models import ModulePage
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.courses import make_course_with_modules, make_module

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = [
    ("key_points", {"heading": "In short", "points": ["Answer in public first.", "Take details private."]}),
    ("heading", "Why one public answer helps everyone"),
    ("text", "<p>One answer in public helps everyone who has the same question.</p>"),
    (
        "social_post",
        {
            "display_name": "Marcus Bello",
            "handle": "@marcus.bello",
            "platform": "microblog",
            "posted_at": "Tue 08:20",
            "text": "Six weeks waiting on a refund.",
            "quoted": "",
            "image_alt": "",
            "likes": 74,
            "shares": 12,
            "replies": 9,
        },
    ),
    (
        "callout",
        {
            "kind": "warning",
            "title": "Never argue about terms in public",
            "text": "<p>It wins the argument and loses the audience.</p>",
        },
    ),
    ("reflection", {"prompt": "When did a customer last reach your team in public?"}),
]


def test_learner_continues_a_course_completes_a_module_and_sees_progress(page, learner):
    course, modules = make_course_with_modules(3, title="Every function is on social")
    services.enrol_user(user=learner, course=course, required=True, due_on=timezone.localdate() + timedelta(days=7))
    services.record_module_completion(user=learner, module=modules[0])
    ModulePage.objects.filter(pk=modules[1].pk).update()  # keep the tree as published
    log_in(page, learner)
    page.goto("/learning/")
    expect(page.get_by_text("33% complete")).to_be_visible()
    assert_accessible(page)

    # The course is the featured "Up next" card, and only there: one Continue, none repeated in a list below.
    expect(page.get_by_role("link", name=re.compile(r"^(Start|Continue) "))).to_have_count(1)
    page.get_by_role("link", name="Continue Module 2").click()
    expect(page.get_by_role("heading", name="Module 2", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_role("heading", name="Module 3", level=1)).to_be_visible()
    expect(page.get_by_text("Module complete: “Module 2”. 2 of 3 modules done.")).to_be_visible()

    page.get_by_role("link", name="My learning").first.click()
    expect(page.get_by_text("67% complete")).to_be_visible()


def test_catalogue_course_and_module_pages_are_accessible(page, learner):
    course, _modules = make_course_with_modules(2, title="Social media literacy for leaders")
    module = make_module(course, title="Customer service in public", body=BODY)
    log_in(page, learner)
    page.goto("/courses/")
    assert_accessible(page)
    page.get_by_role("group", name="Written for").get_by_role("link", name="Executives").click()
    expect(page).to_have_url(re.compile(r"audience=executives"))
    assert_accessible(page)
    page.goto(course.url)
    expect(page.get_by_role("heading", name="Modules")).to_be_visible()
    assert_accessible(page)
    page.goto(module.url)
    expect(page.get_by_role("article", name="Post by Marcus Bello on the microblog")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("When did a customer last reach your team in public?").fill("On the bus app, last week.")
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("Your answer is saved. Only you can see it.")).to_be_visible()
    assert (
        page.get_by_label("When did a customer last reach your team in public?").input_value()
        == "On the bus app, last week."
    )


def test_trainer_writes_a_module_submits_the_course_once_and_a_reviewer_approves_it_once(
    page, browser, live_server, trainer, learner, hr
):
    from django.contrib.auth.models import Group
    from django.core import mail

    from wagtail.models import WorkflowState

    hr.groups.add(Group.objects.get(name="Course reviewers"))
    course, _modules = make_course_with_modules(1, title="When things go wrong")
    log_in(page, trainer)
    page.goto(f"/admin/pages/{course.pk}/add_subpage/")
    page.wait_for_load_state()
    if "/add/courses/modulepage/" not in page.url:
        page.get_by_role("link", name="Module").first.click()
    page.locator("#id_title").fill("After the storm")
    page.locator("#id_summary").fill("Trust is rebuilt in the days after the incident.")
    page.locator("#id_minutes").fill("8")
    page.locator(
        "[data-streamfield-stream-container] button[title='Insert a block'], button:has-text('Insert a block')"
    ).first.click()
    page.get_by_role("option", name="Heading").or_(page.get_by_text("Heading", exact=True)).first.click()
    page.locator("input[name^='body-0-value']").first.fill("Apologise plainly")
    # a module is reviewed with its course: a trainer can only save its draft
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    new = ModulePage.objects.get(title="After the storm")
    assert not new.live

    mail.outbox.clear()
    page.goto(f"/admin/pages/{course.pk}/edit/")
    expect(page.get_by_role("link", name="After the storm")).to_be_visible()  # the changes the review covers
    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Submit to Course review")).click()
    assert WorkflowState.objects.filter(object_id=str(course.pk), status="in_progress").count() == 1
    assert [m.to for m in mail.outbox] == [[hr.email]]

    reviewer_context = browser.new_context(base_url=live_server.url)
    reviewer = reviewer_context.new_page()
    reviewer.csp_violations = []
    reviewer.base_url = live_server.url
    log_in(reviewer, hr)
    reviewer.goto(f"/admin/pages/{course.pk}/edit/")
    expect(reviewer.get_by_role("link", name="After the storm")).to_be_visible()
    # the approval itself through Wagtail's task API, as the reviewer (the footer's workflow menu is Wagtail's own)
    state = WorkflowState.objects.get(object_id=str(course.pk), status="in_progress")
    mail.outbox.clear()
    state.current_task_state.task.specific.on_action(state.current_task_state, hr, "approve")
    assert [m.to for m in mail.outbox] == [[trainer.email]]
    reviewer_context.close()
    new.refresh_from_db()
    assert new.live

    learner_context = browser.new_context(base_url=live_server.url)
    learner_page = learner_context.new_page()
    learner_page.csp_violations = []
    learner_page.base_url = live_server.url
    log_in(learner_page, learner)
    learner_page.goto(course.url)
    learner_page.get_by_role("link", name="After the storm").click()
    expect(learner_page.get_by_role("heading", name="Apologise plainly", level=2)).to_be_visible()
    learner_context.close()
