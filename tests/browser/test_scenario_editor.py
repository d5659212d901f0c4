"""A trainer writes a scenario with the map beside the steps: adds a step, picks targets, fixes a dangling one from
the map, saves, and plays the draft from its third step; axe checks the map panel and the player."""

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


def test_a_trainer_builds_on_the_map_fixes_a_dangling_target_and_plays_from_step_three(page, trainer, home_page):
    scenario = _scenario(home_page)
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

    # the dangling target, fixed from the map: the flagged arrow takes the trainer to its select
    expect(panel.locator("svg .scenario-map__name", has_text=re.compile(r"^D\b"))).to_have_count(1)
    panel.locator("svg .scenario-map__edge.is-flagged").dispatch_event("click")
    dangling = page.locator("select#steps-2-value-choices-0-value-next")
    expect(dangling).to_be_focused()
    dangling.select_option(label="Step D")
    expect(panel.locator(".scenario-map__summary")).to_have_text(
        "Every block is reachable and every way leads to an ending."
    )
    panel.get_by_text("paths from the first step to an ending").click()
    expect(panel.get_by_text("The pass mark (5) can be reached")).to_be_visible()
    assert_accessible(page, context="[data-scenario-map]")

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
