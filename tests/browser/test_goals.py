"""Goals and return in Chromium under the production CSP: HR reads the report (the honest wording, the chart with
its baseline, target and 50 % mark, the values as a table, the investment), at full width and at 320 px; a learner
sets their goal and their manager sees that it exists. axe on our content, no console errors."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from courses import services as course_services
from goals import services
from goals.models import MetricValue, Objective, period_start
from people import services as people_services
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.courses import make_course_with_modules

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def objective(hr, manager, learner):
    cs = people_services.create_department(name="Customer Service", code="CS")
    course, modules = make_course_with_modules(1, title="Every function is on social")
    for person in (manager, learner):
        people_services.update_profile(user=person, department=cs)
    people_services.update_profile(user=learner, department=cs, manager=manager)
    for person in (manager, learner):
        course_services.enrol_user(user=person, course=course)
    course_services.record_module_completion(user=learner, module=modules[0])  # 1 of 2: 50 % this week
    today = timezone.localdate()
    objective = services.save_objective(
        objective=Objective(
            title="Fewer repeat calls about refunds",
            department=cs,
            metric="refund-status calls per week",
            unit="calls",
            direction="lower",
            baseline_value=Decimal(1150),
            baseline_from=today - timedelta(weeks=20),
            baseline_to=today - timedelta(weeks=9),
            target_value=Decimal(800),
            review_on=today + timedelta(days=90),
        ),
        actor=hr,
        courses=[course],
    )
    first = period_start(today, "week") - timedelta(weeks=19)
    MetricValue.objects.bulk_create(
        MetricValue(
            objective=objective, period_start=first + timedelta(weeks=w), value=Decimal(1150 - 10 * w), source="t"
        )
        for w in range(20)
    )
    return objective


def _console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_hr_reads_the_goals_and_return_report(page, hr, objective):
    errors = _console_errors(page)
    log_in(page, hr)
    page.goto("/admin/goals/report/")
    expect(page.get_by_role("heading", name="Fewer repeat calls about refunds")).to_be_visible()
    expect(page.get_by_text("This report shows association, not proof.")).to_be_visible()
    chart = page.get_by_role("img", name="refund-status calls per week")
    expect(chart).to_be_visible()
    assert chart.locator("polyline").count() == 1 and chart.locator(".sw-chart__guide--mark").count() == 1
    expect(page.get_by_text("Before and after", exact=True)).to_be_visible()
    expect(page.get_by_text("Fewer than 5 learners: not shown")).to_be_visible()  # two people: the small-group rule
    assert_accessible(page, context=".sw-goals-report")
    page.get_by_role("link", name="The 20 values as a table").click()  # every chart also as a table
    expect(page.get_by_role("cell", name="1,150 calls")).to_be_visible()
    assert_accessible(page, context=".sw-goals-report")
    page.keyboard.press("Tab")  # the page takes the keyboard (the admin's skip link first)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/admin/goals/report/")
    expect(page.get_by_role("heading", name="Fewer repeat calls about refunds")).to_be_visible()
    svg_width = page.locator(".sw-chart__svg").first.bounding_box()["width"]
    assert svg_width <= 320
    assert errors == []


def test_a_learner_sets_a_goal_and_the_manager_sees_it_exists(page, learner, manager, objective):
    errors = _console_errors(page)
    log_in(page, learner)
    page.goto("/goals/")
    page.get_by_label("Your team's objective").select_option(label="Fewer repeat calls about refunds")
    page.get_by_role("textbox", name="Your goal").fill("Answer refund questions in public with the pinned how-to.")
    page.get_by_role("button", name="Save my goal").click()
    expect(page.get_by_text("Private: your manager does not see these words.")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()
    log_in(page, manager)
    page.goto("/team/")
    page.get_by_role("link", name="Team goals").click()
    expect(page.get_by_text("Has a goal (not shared)")).to_be_visible()
    assert page.get_by_text("pinned how-to").count() == 0
    page.get_by_role("button", name="Record Jordan Ellis").click()
    expect(page.get_by_text("Review with Jordan Ellis recorded.")).to_be_visible()
    assert_accessible(page)
    assert errors == []
