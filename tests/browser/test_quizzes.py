"""Quiz screens in a real browser: a scenario step, its feedback and the ending; a knowledge-check question and its
result, each checked with axe; and a whole scenario played with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import import_gift, make_demo_scenario, make_knowledge_check, question_blocks

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def module(home_page):
    _course, (module,) = make_course_with_modules(1)
    return module


def test_every_screen_of_a_scenario_is_accessible_and_new_posts_are_announced(page, learner, module):
    scenario = make_demo_scenario(module, "S1")
    log_in(page, learner)
    page.goto(scenario.url)
    assert_accessible(page)
    page.get_by_role("button", name="Start the scenario").click()
    expect(page.get_by_role("heading", name="Decision 1")).to_be_visible()
    status = page.locator("[data-feed-status]")
    status.filter(has_text="Amara Kessie").wait_for(state="attached")
    assert "Forty minutes sitting outside Hollin" in status.text_content()
    assert_accessible(page)
    for label in (
        "Pause the 19:00 promotion",
        "Reply in public: sorry, please press the help point",
        "Answer Bea first with the taxi rule",
    ):
        page.get_by_label(label).check()
        page.get_by_role("button", name="Confirm my choice").click()
        expect(page.get_by_role("heading", name="What happened")).to_be_visible()
        assert_accessible(page)
        next_link = page.get_by_role("link", name="Continue")
        if next_link.count():
            next_link.click()
            if page.get_by_role("heading", name="Decision 3").count():
                expect(page.get_by_text("Earlier in the feed (2 posts)")).to_be_visible()
    page.get_by_role("link", name="See how it ended").click()
    expect(page.get_by_role("heading", name="Passengers kept informed")).to_be_visible()
    expect(page.get_by_text("30 out of 30 (100%)")).to_be_visible()
    assert_accessible(page)


def test_a_knowledge_check_question_its_feedback_and_the_result_are_accessible(page, learner, module):
    questions = import_gift(
        "::Q1::Which reply comes first?{=Acknowledge publicly#Right. ~Hide the post#Hiding is noticed.}\n\n"
        "::Q2::Match each step to its moment.{=Before -> rota =During -> updates =After -> debrief}\n\n"
        "::Q3::How many minutes for a first public word?{#15:5#Yes, about 15.}"
    )
    check = make_knowledge_check(module, blocks=question_blocks(questions), pass_mark=50)
    log_in(page, learner)
    page.goto(check.url)
    assert_accessible(page)
    page.get_by_role("button", name="Start the knowledge check").click()
    assert_accessible(page)
    page.get_by_label("Hide the post").check()
    page.get_by_role("button", name="Submit my answer").click()
    expect(page.get_by_text("Hiding is noticed.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Next question").click()
    for item, answer in (("Before", "rota"), ("During", "updates"), ("After", "debrief")):
        page.get_by_label(item).select_option(answer)
    assert_accessible(page)
    page.get_by_role("button", name="Submit my answer").click()
    page.get_by_role("link", name="Next question").click()
    page.get_by_label("Your answer").fill("abc")
    page.get_by_role("button", name="Submit my answer").click()
    expect(page.get_by_role("alert").get_by_text("Type a number, for example 42 or 3.5.")).to_be_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert_accessible(page)
    page.get_by_label("Your answer").fill("12")
    page.get_by_role("button", name="Submit my answer").click()
    page.get_by_role("link", name="See your result").click()
    expect(page.get_by_text("2 out of 3 (67%)")).to_be_visible()
    assert_accessible(page)


def _tab_to(page, script: str, limit: int = 60) -> None:
    """Press Tab until the focused element satisfies `script` (a JS expression over `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return Boolean({script}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {script}")


def test_a_scenario_can_be_played_from_start_to_end_with_the_keyboard_alone(page, learner, module):
    scenario = make_demo_scenario(module, "S3")
    log_in(page, learner)
    page.goto(scenario.url)
    _tab_to(page, "el.textContent.trim() === 'Start the scenario'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for number in (1, 2, 3):
        expect(page.get_by_role("heading", name=f"Decision {number}")).to_be_visible()
        _tab_to(page, "el.type === 'radio'")
        page.keyboard.press("ArrowDown")  # arrow keys move within the group and choose: here the second choice
        assert page.evaluate("document.activeElement.checked")
        _tab_to(page, "el.textContent.trim() === 'Confirm my choice'")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="What happened")).to_be_visible()
        _tab_to(page, "['Continue', 'See how it ended'].includes(el.textContent.trim())")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="The path you took")).to_be_visible()
    assert page.locator("table.story tbody tr").count() == 4


def test_uploading_questions_already_all_in_the_bank_says_so_with_nothing_to_confirm(page, trainer, tmp_path):
    """The repeat import's preview said "holds 0 questions" and offered "Import 0 questions"."""
    source = tmp_path / "again.gift"
    source.write_text("::One::First question?{T}\n\n::Two::Second question?{=a ~b}\n")
    import_gift(source.read_text(), bank="Repeat bank")
    log_in(page, trainer)
    page.goto("/admin/quizzes/import/")
    page.get_by_label("Question file").set_input_files(str(source))
    page.get_by_label("Question bank").fill("Repeat bank")
    page.get_by_role("button", name="Preview the import").click()
    expect(
        page.get_by_text("All 2 questions in again.gift are already in the bank “Repeat bank” (same type, text and")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Import 0 questions")).to_have_count(0)
    expect(page.get_by_role("link", name="Upload a file")).to_be_visible()
    assert_accessible(page, context="main")
    page.set_viewport_size({"width": 320, "height": 800})
    expect(page.get_by_text("there is nothing new to import")).to_be_visible()
