"""Assessment HR can trust, in Chromium: a scripted guesser takes a knowledge check drawn from a demo pool and never
reads a right answer before the review option allows it, cannot retry at once and cannot pass by retrying; a trainer
sets the review options in the page editor and opens the item analysis.

The guesser always answers wrongly (it picks option 1, or option 2 where option 1 happens to be right): the
unluckiest guesser is the one a leak would help most, and it makes the test give the same verdict every run."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from demo.loaders.quizzes import parsed_pool
from quizzes import services
from quizzes.models import Attempt, KnowledgeCheckPage, QuestionCategory
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import make_knowledge_check

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def check(home_page):
    _course, (module,) = make_course_with_modules(1)
    services.import_questions(bank_name="Demo pool", questions=parsed_pool("A1", "Leaders/A pool"))
    category = QuestionCategory.objects.get(bank__name="Demo pool", path="Leaders/A pool")
    return make_knowledge_check(
        module,
        blocks=[{"type": "random", "value": {"category": category.pk, "count": 4, "include_subcategories": False}}],
        pass_mark=75,
        attempts_allowed=3,
        wait_between_attempts=30,
        shuffle_questions=True,
    )


def right_texts(attempt: Attempt) -> list[str]:
    return [c["text"] for q in attempt.questions for c in q["data"]["choices"] if c["fraction"] == 1.0]


def guess_wrongly(page, attempt: Attempt, *, last: bool = False) -> None:
    """Answer the attempt's four questions as the guesser does, checking each feedback page for the key (which the
    last answer of the last attempt may show: then no attempt is left)."""
    for number in range(4):
        attempt.refresh_from_db()
        copy = attempt.questions[attempt.position]
        options = page.locator("input[name=answer]")
        expect(options).to_have_count(4)
        right = next(i for i, c in enumerate(copy["data"]["choices"]) if c["fraction"] == 1.0)
        pick = 0 if copy["tokens"][options.nth(0).get_attribute("value")] != str(right) else 1
        options.nth(pick).check()
        page.get_by_role("button", name="Submit my answer").click()
        expect(page.get_by_text("Not quite.")).to_be_visible()
        html = page.content()
        if not (last and number == 3):
            assert "The right answer" not in html
            assert copy["data"]["choices"][right]["text"] not in html  # nor the right option's words anywhere
        if number == 0:
            assert_accessible(page)
        link = "See your result" if number == 3 else "Next question"
        page.get_by_role("link", name=link).click()


def test_a_guesser_never_reads_a_right_answer_early_and_cannot_pass_by_retrying(page, learner, check):
    log_in(page, learner)
    page.goto(check.url)
    expect(page.get_by_text("Answer at least 3 of 4 questions correctly to pass.")).to_be_visible()
    expect(
        page.get_by_text("The right answers are shown once you pass, or once you have used your last attempt.")
    ).to_be_visible()
    page.get_by_role("button", name="Start the knowledge check").click()
    first = Attempt.objects.get(user=learner)
    guess_wrongly(page, first)
    expect(page.get_by_text("0 out of 4 (0%)")).to_be_visible()
    result = page.content()
    assert not any(text in result for text in right_texts(first))
    expect(
        page.get_by_text(
            "The right answers are shown once you pass, or once you have used your last attempt. The next attempt asks a new set of questions."
        )
    ).to_be_visible()
    assert page.get_by_role("button", name="Try again").count() == 0
    assert_accessible(page)

    # The personal-data download holds no right answer of the failed attempt either.
    client = Client()
    client.force_login(learner)
    download = json.dumps(json.loads(client.post(reverse("personal_data:download")).content))
    assert not any(text in download for text in right_texts(first))
    # Nor can the learner start again at once, by the page or by posting the start form.
    page.goto(check.url)
    expect(page.get_by_text(re.compile(r"You can start your next attempt at \d\d:\d\d"))).to_be_visible()
    response = client.post(reverse("quizzes:attempt-start", args=[check.pk]), follow=True)
    assert "You can start your next attempt at" in response.content.decode()
    assert Attempt.objects.filter(user=learner).count() == 1

    for number in (2, 3):
        Attempt.objects.filter(user=learner).update(submitted_at=timezone.now() - timedelta(minutes=31))
        page.goto(check.url)
        page.get_by_role("button", name="Try again").click()
        attempt = Attempt.objects.get(user=learner, number=number)
        assert set(attempt.questions[0]["tokens"]).isdisjoint(first.questions[0]["tokens"])  # new tokens each time
        guess_wrongly(page, attempt, last=number == 3)

    # The last attempt is used: now the right answers show, and no further attempt starts.
    expect(page.get_by_text("The right answer:").first).to_be_visible()
    assert all(text in page.content() for text in right_texts(attempt))
    assert Attempt.objects.filter(user=learner, passed=True).count() == 0
    page.goto(check.url)
    expect(page.get_by_text("You have used all your attempts at this quiz.")).to_be_visible()


def test_a_learner_cannot_read_another_learners_attempt_nor_answer_with_a_guessed_token(
    page, learner, other_learner, check
):
    theirs = services.start_attempt(user=other_learner, page=check)
    log_in(page, learner)
    for url in (
        reverse("quizzes:attempt", args=[theirs.pk]),
        reverse("quizzes:attempt-result", args=[theirs.pk]),
        reverse("quizzes:attempt-feedback", args=[theirs.pk, 0]),
    ):
        assert page.goto(url).status == 404
    page.goto(check.url)
    page.get_by_role("button", name="Start the knowledge check").click()
    # A forged option value: the token is random per attempt, so a guessed one is an unreadable answer.
    page.locator("input[name=answer]").first.evaluate("el => { el.value = 'AAAAAAAA'; el.checked = true; }")
    page.get_by_role("button", name="Submit my answer").click()
    expect(page.get_by_role("alert").get_by_text("Choose one of the answers.")).to_be_visible()
    assert Attempt.objects.get(user=learner).position == 0


def test_a_trainer_sets_the_review_options_and_opens_the_item_analysis(page, trainer, check):
    log_in(page, trainer)
    page.goto(f"/admin/pages/{check.pk}/edit/")
    page.get_by_label("Show the right answers").select_option("never")
    page.get_by_label("Show feedback on the learner's own answer").select_option("after_attempt")
    page.get_by_label("Wait between attempts (minutes)").fill("60")
    # trainers save drafts; the course's review publishes them (tests/demo/test_review_workflow.py)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("has been updated")).to_be_visible()
    saved = KnowledgeCheckPage.objects.get(pk=check.pk).get_latest_revision_as_object()
    assert (saved.review_right_answers, saved.review_feedback, saved.wait_between_attempts) == (
        "never",
        "after_attempt",
        60,
    )
    page.goto(f"/admin/learning-reports/item-analysis/?check={check.pk}")
    expect(page.get_by_role("heading", name=re.compile("Knowledge check"))).to_be_visible()
    expect(page.get_by_text("Chance that a learner who only guesses passes one attempt")).to_be_visible()
    expect(page.get_by_text("5.1%")).to_be_visible()
    expect(page.get_by_text("Not asked yet.").first).to_be_visible()
    assert not page.csp_violations
