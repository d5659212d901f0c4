"""The issue's journey: a trainer writes a scenario with the map beside the steps (adds a fourth step, picks targets,
fixes a dangling one from the map), saves, plays the draft from its third step and submits the course once; a
reviewer approves it once with the Approve button, and the scenario is live. Axe checks the map panel and the
player; no page logs a console error. Every wait is on a condition (the map is `aria-busy` from an edit until its
answer arrives)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from quizzes.models import Attempt, ScenarioPage
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import branch, choice, ending, make_scenario, step, variable

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _scenario(home_page) -> ScenarioPage:
    _course, (module,) = make_course_with_modules(1)
    steps = [
        step("A", choice("Listen first", "B", score=5, effects={"trust": 10}), choice("Post a statement", "B")),
        step("B", choice("Answer in public", "C", score=5, effects={"trust": 10}), choice("Say nothing", "C")),
        step("C", choice("Escalate", "R"), choice("Wait", "R")),
        branch("R", [([("trust", ">=", 60)], "GOOD")], otherwise="POOR"),
        ending("GOOD", title="Trust kept"),
        ending("POOR", outcome="poor", title="Trust lost"),
    ]
    page = make_scenario(
        module, steps=steps, variables=[variable("trust", initial=50)], title="Late train", pass_mark=5
    )
    # a draft in which step C's first choice still names a key that no block has
    raw = list(page.steps.raw_data)
    raw[2]["value"]["choices"][0]["value"]["next"] = "Z9"
    page.steps = raw
    page.save_revision(clean=False)
    return page


def _watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return errors


def _map_settled(panel) -> None:
    expect(panel).not_to_have_attribute("aria-busy", "true")


def test_a_trainer_builds_on_the_map_plays_from_step_three_and_a_reviewer_approves_the_course_once(
    page, browser, live_server, trainer, hr, home_page
):
    from django.contrib.auth.models import Group
    from django.core import mail

    from wagtail.models import WorkflowState

    hr.groups.add(Group.objects.get(name="Course reviewers"))
    scenario = _scenario(home_page)
    course = scenario.get_parent().get_parent()
    console_errors = _watch_console(page)
    log_in(page, trainer)
    page.goto(f"/admin/pages/{scenario.pk}/edit/")
    panel = page.locator("[data-scenario-map]")
    expect(panel.locator(".scenario-map__summary")).to_have_text(re.compile("thing.? to fix"))
    expect(panel.locator("svg .scenario-map__edge.is-flagged")).to_have_count(1)
    assert_accessible(page, context="[data-scenario-map]")

    # a fourth step, from the block menu: it opens with two empty choices and no error
    page.locator("#steps-root button[title='Insert a block']").last.click()
    page.get_by_role("option", name="Step", exact=True).first.click()
    count = int(page.locator("input[name='steps-count']").input_value())
    new = f"steps-{count - 1}-value"
    expect(page.locator(f"[name='{new}-choices-1-value-text']")).to_be_visible()
    expect(page.get_by_text("The minimum number of items is 2")).to_have_count(0)
    page.locator(f"[name='{new}-key']").fill("D")
    page.locator(f"[name='{new}-choices-0-value-text']").fill("Call the station")
    page.locator(f"[name='{new}-choices-0-value-feedback']").fill("The station knows first.")
    page.locator(f"[name='{new}-choices-1-value-text']").fill("Email tomorrow")
    page.locator(f"[name='{new}-choices-1-value-feedback']").fill("Too late for tonight.")
    page.locator(f"select#{new}-choices-0-value-next").select_option(label="Branch R")
    page.locator(f"select#{new}-choices-1-value-next").select_option(label="Branch R")
    _map_settled(panel)

    # the dangling target, fixed from the map: the flagged arrow takes the trainer to its select
    expect(panel.locator("svg .scenario-map__name", has_text=re.compile(r"^D\b"))).to_have_count(1)
    panel.locator("svg .scenario-map__edge.is-flagged").dispatch_event("click")
    dangling = page.locator("select#steps-2-value-choices-0-value-next")
    expect(dangling).to_be_focused()
    dangling.select_option(label="Step D")
    _map_settled(panel)
    expect(panel.locator(".scenario-map__summary")).to_have_text(
        "Every block is reachable and every way leads to an ending."
    )
    panel.get_by_text("paths from the first step to an ending").click()
    expect(panel.get_by_text("The pass mark (5) can be reached")).to_be_visible()
    assert_accessible(page, context="[data-scenario-map]")

    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("has been updated")).to_be_visible()
    draft = ScenarioPage.objects.get(pk=scenario.pk).get_latest_revision_as_object()
    assert [node["name"] for node in draft.editor_spec()["nodes"]] == ["A", "B", "C", "R", "GOOD", "POOR", "D"]
    assert draft.problems() == []

    # play from step C (the third) with trust set high enough for the good ending
    play = page.locator("[data-scenario-map] a", has_text="Play from here").nth(2).get_attribute("href")
    page.goto(play)
    page.get_by_label("trust", exact=False).fill("70")
    page.get_by_role("button", name="Play").click()
    expect(page.get_by_role("heading", name="Step “C”")).to_be_visible()
    page.get_by_role("button", name="Escalate").click()
    page.get_by_role("button", name="Continue to Step “D”").click()
    page.get_by_role("button", name="Call the station").click()
    assert_accessible(page)
    page.get_by_role("button", name="Continue to Ending “GOOD”").click()
    expect(page.get_by_text("Trust kept")).to_be_visible()
    assert not Attempt.objects.exists()

    # the course submitted once, with its scenario's changes in it
    mail.outbox.clear()
    page.goto(f"/admin/pages/{course.pk}/edit/")
    expect(page.get_by_role("link", name="Late train")).to_be_visible()
    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Submit to Course review")).click()
    assert WorkflowState.objects.filter(object_id=str(course.pk), status="in_progress").count() == 1
    assert [m.to for m in mail.outbox] == [[hr.email]]

    # approved once, by the reviewer's own button in the course editor
    reviewer_context = browser.new_context(base_url=live_server.url)
    reviewer = reviewer_context.new_page()
    reviewer.csp_violations = []
    reviewer.base_url = live_server.url
    console_errors += _watch_console(reviewer)
    log_in(reviewer, hr)
    reviewer.goto(f"/admin/pages/{course.pk}/edit/")
    expect(reviewer.get_by_role("link", name="Late train")).to_be_visible()
    approve = reviewer.get_by_role("button", name="Approve and Publish", exact=True)  # the course's only task
    if not approve.is_visible():
        reviewer.get_by_role("button", name="More actions").click()
    mail.outbox.clear()
    with reviewer.expect_navigation():
        approve.click()
    assert WorkflowState.objects.get(object_id=str(course.pk)).status == "approved"
    assert [m.to for m in mail.outbox] == [[trainer.email]]

    # live: the published scenario is the edited one, and it is served
    live = ScenarioPage.objects.get(pk=scenario.pk)
    assert live.live and not live.has_unpublished_changes
    assert [node["name"] for node in live.editor_spec()["nodes"]][-1] == "D"
    reviewer.goto(live.url)
    expect(reviewer.get_by_role("heading", name="Late train", level=1)).to_be_visible()
    reviewer_context.close()
    # Wagtail's autosave answers a half-edited, invalid form (a new step's choices still empty) with 400 and its
    # indicator says so; Chromium logs every such answer. Nothing else may be logged.
    autosave_refusals = [e for e in console_errors if re.search(r"/admin/pages/\d+/edit/: .*status of 400", e)]
    assert [e for e in console_errors if e not in autosave_refusals] == []
