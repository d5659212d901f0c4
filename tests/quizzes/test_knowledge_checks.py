"""Knowledge checks through the services: drawing questions, shuffling, marking, attempt limits, which score counts,
and completing the module."""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

import pytest

from courses.models import ModuleProgress, ProgressState
from quizzes import knowledge, selectors, services
from quizzes.exceptions import AttemptTooSoon, InvalidAnswer, NoAttemptsLeft, NotCurrentStep
from quizzes.models import Attempt, Decision, KnowledgeCheckPage, Question, QuestionCategory
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import import_gift, make_knowledge_check, question_blocks

pytestmark = pytest.mark.django_db

POOL = "\n\n".join(
    [
        "$CATEGORY: Pool",
        *(f"::P{n}::Pool question {n}?{{=Right {n} ~Wrong {n}}}" for n in range(1, 7)),
        "$CATEGORY: Pool/Deeper",
        "::D1::Deeper question?{=Right D ~Wrong D}",
        "$CATEGORY: Elsewhere",
        "::E1::Elsewhere question?{T}",
        "::E2::Describe it.{}",
    ]
)
MIXED = """
::MC::Which one?{=Right#Yes, this one. ~Wrong#Not this one. ~Other#Not this either.####Always shown.}

::TF::The sky is green.{F#Not quite: look up.#Right: it is blue.}

::NUM::How many legs has a spider?{#8:0#Eight, yes. ~#Count again.}

::MATCH::Match the pairs.{=cat -> meow =dog -> woof =cow -> moo}
"""


@pytest.fixture
def module(home_page):
    _course, (module,) = make_course_with_modules(1)
    return module


def post(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def answer(user, attempt: Attempt, **values):
    attempt.refresh_from_db()
    copy = attempt.questions[attempt.position]
    return services.answer_question(
        user=user, attempt_id=attempt.pk, sequence=attempt.position, raw=knowledge.raw_response(copy, post(**values))
    )


def token_for(copy: dict, text: str) -> str:
    index = next(i for i, c in enumerate(copy["data"]["choices"]) if c["text"] == text)
    return next(token for token, value in copy["tokens"].items() if value == str(index))


def random_block(category: QuestionCategory, count: int, subcategories: bool = True) -> dict:
    return {
        "type": "random",
        "value": {"category": category.pk, "count": count, "include_subcategories": subcategories},
    }


def test_a_random_block_draws_n_different_questions_from_its_category_afresh_for_each_attempt(module, learner):
    import_gift(POOL)
    pool = QuestionCategory.objects.get(path="Pool")
    page = make_knowledge_check(module, blocks=[random_block(pool, 3, subcategories=False)], pass_mark=0)
    seen = set()
    for _ in range(8):
        attempt = services.start_attempt(user=learner, page=page)
        titles = [copy["title"] for copy in attempt.questions]
        assert len(titles) == len(set(titles)) == 3
        assert all(title.startswith("P") for title in titles)
        seen.update(titles)
        for copy in attempt.questions:
            answer(learner, attempt, answer=token_for(copy, copy["data"]["choices"][0]["text"]))
    assert len(seen) > 3


def test_a_seeded_random_gives_the_same_draw_and_order_every_time(module, learner, other_learner):
    """The demo passes a seeded random so it loads the same attempts every time; learners get the system's."""
    import_gift(POOL)
    pool = QuestionCategory.objects.get(path="Pool")
    page = make_knowledge_check(module, blocks=[random_block(pool, 3, subcategories=False)], pass_mark=0)
    draws = [
        [
            (copy["question_id"], copy["seed"])
            for copy in services.start_attempt(user=user, page=page, rng=rng).questions
        ]
        for user, rng in ((learner, random.Random("demo")), (other_learner, random.Random("demo")))
    ]
    assert draws[0] == draws[1]


def test_subcategories_are_drawn_from_only_when_the_trainer_includes_them():
    import_gift(POOL)
    pool = QuestionCategory.objects.get(path="Pool")
    slot = {"type": "random", "category": pool.pk, "count": 10}
    with_sub = knowledge.draw_questions(slots=[{**slot, "subcategories": True}], shuffle=False, rng=random.Random(1))
    without = knowledge.draw_questions(slots=[{**slot, "subcategories": False}], shuffle=False, rng=random.Random(1))
    assert sorted(q.title for q in with_sub) == ["D1", "P1", "P2", "P3", "P4", "P5", "P6"]
    assert sorted(q.title for q in without) == ["P1", "P2", "P3", "P4", "P5", "P6"]


def test_a_random_draw_never_repeats_a_chosen_question_nor_takes_one_it_cannot_mark():
    questions = import_gift(POOL)
    chosen = next(q for q in questions if q.title == "P1")
    top = QuestionCategory.objects.get(path="Elsewhere")
    pool = QuestionCategory.objects.get(path="Pool")
    drawn = knowledge.draw_questions(
        slots=[
            {"type": "question", "id": chosen.pk},
            {"type": "random", "category": pool.pk, "count": 6, "subcategories": False},
            {"type": "random", "category": top.pk, "count": 5, "subcategories": False},
        ],
        shuffle=False,
        rng=random.Random(4),
    )
    titles = [q.title for q in drawn]
    assert titles[0] == "P1"
    assert sorted(titles) == ["E1", "P1", "P2", "P3", "P4", "P5", "P6"]


def test_questions_keep_the_trainers_order_unless_shuffled(module, learner, other_learner):
    questions = import_gift(POOL)[:6]
    ordered = make_knowledge_check(module, blocks=question_blocks(questions), title="Ordered", slug="ordered")
    attempt = services.start_attempt(user=learner, page=ordered)
    assert [c["title"] for c in attempt.questions] == ["P1", "P2", "P3", "P4", "P5", "P6"]
    shuffled = make_knowledge_check(
        module, blocks=question_blocks(questions), title="Shuffled", slug="shuffled", shuffle_questions=True
    )
    orders = set()
    for _ in range(6):
        attempt = services.start_attempt(user=other_learner, page=shuffled)
        orders.add(tuple(c["title"] for c in attempt.questions))
        Attempt.objects.filter(pk=attempt.pk).delete()
    assert len(orders) > 1


def test_choices_travel_as_tokens_that_differ_between_attempts_and_shuffle_when_asked(module, learner):
    (question,) = import_gift("::Q::Which?{=A ~B ~C ~D ~E ~F}")
    page = make_knowledge_check(module, blocks=question_blocks([question]), shuffle_choices=True)
    orders, right_tokens = set(), set()
    for _ in range(6):
        attempt = services.start_attempt(user=learner, page=page)
        copy = attempt.questions[0]
        view = knowledge.public_question(copy)
        assert {c["id"] for c in view["choices"]}.isdisjoint({"0", "1", "2", "3", "4", "5"})
        orders.add(tuple(c["text"] for c in view["choices"]))
        right_tokens.add(token_for(copy, "A"))
        Attempt.objects.filter(pk=attempt.pk).delete()
    assert len(orders) > 1
    assert len(right_tokens) == 6

    in_order = make_knowledge_check(
        module, blocks=question_blocks([question]), title="In order", slug="in-order", shuffle_choices=False
    )
    attempt = services.start_attempt(user=learner, page=in_order)
    assert [c["text"] for c in knowledge.public_question(attempt.questions[0])["choices"]] == list("ABCDEF")


def test_each_type_is_marked_and_the_attempt_passes_at_its_pass_mark(module, learner):
    questions = import_gift(MIXED)
    page = make_knowledge_check(module, blocks=question_blocks(questions), pass_mark=75, shuffle_choices=False)
    attempt = services.start_attempt(user=learner, page=page)
    assert attempt.maximum == 4
    answer(learner, attempt, answer=token_for(attempt.questions[0], "Wrong"))
    answer(learner, attempt, answer="false")
    answer(learner, attempt, answer="8")
    answer(learner, attempt, **{"item-0": "meow", "item-1": "woof", "item-2": "woof"})
    attempt.refresh_from_db()
    assert [float(d.score) for d in attempt.decisions.all()] == [0.0, 1.0, 1.0, 0.667]
    assert [d.correct for d in attempt.decisions.all()] == [False, True, True, False]
    assert attempt.is_finished and float(attempt.score) == 2.667 and attempt.passed is False
    again = services.start_attempt(user=learner, page=page)
    answer(learner, again, answer=token_for(again.questions[0], "Right"))
    answer(learner, again, answer="false")
    answer(learner, again, answer="8.0")
    answer(learner, again, **{"item-0": "meow", "item-1": "woof", "item-2": "woof"})
    again.refresh_from_db()
    assert again.passed is True and float(again.score) == 3.667


def feedback_now(learner, attempt: Attempt, decision: Decision) -> dict:
    attempt.refresh_from_db()
    return selectors.knowledge_feedback(
        attempt, decision, standing=selectors.review_standing(attempt, page=attempt.page.specific)
    )


def test_feedback_shows_the_learners_answer_its_feedback_and_the_right_answer_when_the_trainer_allows(module, learner):
    questions = import_gift(MIXED)
    shown = make_knowledge_check(
        module, blocks=question_blocks(questions[:1]), title="Shown", slug="shown", review_right_answers="immediately"
    )
    attempt = services.start_attempt(user=learner, page=shown)
    decision = answer(learner, attempt, answer=token_for(attempt.questions[0], "Other")).decision
    feedback = feedback_now(learner, attempt, decision)
    assert feedback["your_answer"] == ["Other"]
    assert feedback["feedback"] == ["Not this either."]
    assert feedback["general_feedback"] == "Always shown."
    assert feedback["right_answers"] == ["Right"]

    hidden = make_knowledge_check(
        module, blocks=question_blocks(questions[:1]), title="Hidden", slug="hidden", review_right_answers="never"
    )
    attempt = services.start_attempt(user=learner, page=hidden)
    decision = answer(learner, attempt, answer=token_for(attempt.questions[0], "Other")).decision
    feedback = feedback_now(learner, attempt, decision)
    assert feedback["right_answers"] == [] and feedback["general_feedback"] == ""
    assert feedback["feedback"] == ["Not this either."] and feedback["correct"] is False


# (right answers option, attempts allowed) → shown after a wrong first attempt of two questions / after the last
# attempt / after a pass. The first question is answered wrongly in each failed attempt.
REVIEW_TABLE = [
    ("immediately", 2, True, True, True),
    ("after_attempt", 2, True, True, True),
    ("after_passing", 2, False, True, True),
    ("after_passing", 0, False, False, True),
    ("after_last_attempt", 2, False, True, False),
    ("never", 2, False, False, False),
]


@pytest.mark.parametrize(("when", "allowed", "after_fail", "after_last", "after_pass"), REVIEW_TABLE)
def test_right_answers_show_only_when_the_review_option_allows(
    module, learner, when, allowed, after_fail, after_last, after_pass
):
    questions = import_gift(MIXED)
    page = make_knowledge_check(
        module,
        blocks=question_blocks(questions[:2]),
        review_right_answers=when,
        attempts_allowed=allowed,
        pass_mark=100,
        shuffle_questions=False,
    )
    attempt = services.start_attempt(user=learner, page=page)
    first = answer(learner, attempt, answer=token_for(attempt.questions[0], "Wrong")).decision
    # During the attempt only “immediately” shows anything of the key.
    assert bool(feedback_now(learner, attempt, first)["right_answers"]) is (when == "immediately")
    answer(learner, attempt, answer="false")
    assert bool(feedback_now(learner, attempt, first)["right_answers"]) is after_fail
    if allowed:
        second = services.start_attempt(user=learner, page=page)
        answer(learner, second, answer=token_for(second.questions[0], "Wrong"))
        answer(learner, second, answer="false")
        assert bool(feedback_now(learner, attempt, first)["right_answers"]) is after_last
    else:
        passing = services.start_attempt(user=learner, page=page)
        answer(learner, passing, answer=token_for(passing.questions[0], "Right"))
        answer(learner, passing, answer="false")
        assert Attempt.objects.get(pk=passing.pk).passed is True
        assert bool(feedback_now(learner, attempt, first)["right_answers"]) is after_pass


def test_hidden_feedback_leaves_out_the_verdict_the_mark_and_the_choice_feedback(module, learner):
    questions = import_gift(MIXED)
    page = make_knowledge_check(module, blocks=question_blocks(questions[:1]), review_feedback="after_attempt")
    attempt = services.start_attempt(user=learner, page=page)
    decision = answer(learner, attempt, answer=token_for(attempt.questions[0], "Wrong")).decision
    # One question: answering it finished the attempt, so “after the attempt” shows the feedback now.
    assert feedback_now(learner, attempt, decision)["feedback"] == ["Not this one."]
    never = make_knowledge_check(
        module, blocks=question_blocks(questions[:1]), review_feedback="never", title="Never", slug="never"
    )
    attempt = services.start_attempt(user=learner, page=never)
    decision = answer(learner, attempt, answer=token_for(attempt.questions[0], "Wrong")).decision
    shown = feedback_now(learner, attempt, decision)
    assert (shown["feedback"], shown["correct"], shown["mark"]) == ([], None, None)
    assert shown["your_answer"] == ["Wrong"]


def test_a_wait_between_attempts_refuses_an_early_retry_and_allows_it_afterwards(module, learner, client):
    questions = import_gift(MIXED)
    page = make_knowledge_check(module, blocks=question_blocks(questions[:1]), wait_between_attempts=30)
    attempt = services.start_attempt(user=learner, page=page)
    answer(learner, attempt, answer=token_for(attempt.questions[0], "Wrong"))
    with pytest.raises(AttemptTooSoon, match="You can start your next attempt at "):
        services.start_attempt(user=learner, page=page)
    assert selectors.quiz_overview(user=learner, page=page).can_start is False
    # The result page says when, instead of a "Try again" that would be refused (QA).
    client.force_login(learner)
    result = client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).content.decode()
    assert "You can try again at " in result and ">Try again<" not in result
    Attempt.objects.filter(pk=attempt.pk).update(submitted_at=timezone.now() - timedelta(minutes=31))
    again = services.start_attempt(user=learner, page=page)
    assert again.number == 2
    # A pass needs no wait before a further attempt.
    answer(learner, again, answer=token_for(again.questions[0], "Right"))
    assert services.start_attempt(user=learner, page=page).number == 3


def test_after_last_attempt_needs_a_limit_on_attempts(module):
    questions = import_gift(MIXED)
    page = KnowledgeCheckPage(
        title="Check", questions=question_blocks(questions[:1]), review_right_answers="after_last_attempt"
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict["review_right_answers"] == [
        "With no limit on attempts there is no last attempt: set a limit or choose another option."
    ]


@pytest.mark.parametrize(
    ("pass_mark", "count", "text"),
    [
        (75, 4, "Answer at least 3 of 4 questions correctly to pass."),
        (100, 4, "Answer all 4 questions correctly to pass."),
        (80, 1, "Answer the question correctly to pass."),
        (50, 3, "Answer at least 2 of 3 questions correctly to pass."),
        (0, 4, "Every finished attempt passes."),
    ],
)
def test_the_pass_rule_is_said_in_questions_not_percentages(pass_mark, count, text):
    assert selectors.pass_text(pass_mark=pass_mark, slots=[{"type": "random", "count": count}]) == text


@pytest.mark.parametrize(
    ("gift", "values", "message"),
    [
        ("::Q::Which?{=A ~B}", {}, "Choose one of the answers."),
        ("::Q::Which?{=A ~B}", {"answer": "forged-token"}, "Choose one of the answers."),
        ("::Q::Which?{~%50%A ~%50%B ~C}", {}, "Choose at least one of the answers."),
        ("::Q::Sure?{T}", {"answer": "maybe"}, "Choose true or false."),
        ("::Q::Name it.{=cat}", {"answer": "  "}, "Type your answer."),
        ("::Q::How many?{#3}", {"answer": "three"}, "Type a number, for example 42 or 3.5."),
        ("::Q::Match.{=a -> 1 =b -> 2}", {"item-0": "1"}, "Choose an answer for every item."),
    ],
)
def test_an_answer_that_cannot_be_read_is_refused_with_a_message_and_records_nothing(
    module, learner, gift, values, message
):
    questions = import_gift(gift)
    page = make_knowledge_check(module, blocks=question_blocks(questions))
    attempt = services.start_attempt(user=learner, page=page)
    with pytest.raises(InvalidAnswer) as caught:
        answer(learner, attempt, **values)
    assert str(caught.value) == message
    assert not Decision.objects.exists()


def test_a_repeated_answer_is_recorded_once_and_a_different_one_for_the_same_question_is_refused(module, learner):
    questions = import_gift(MIXED)
    page = make_knowledge_check(module, blocks=question_blocks(questions))
    attempt = services.start_attempt(user=learner, page=page)
    answer(learner, attempt, answer=token_for(attempt.questions[0], "Right"))
    services.answer_question(user=learner, attempt_id=attempt.pk, sequence=1, raw="false")
    again = services.answer_question(user=learner, attempt_id=attempt.pk, sequence=1, raw="false")
    assert again.replayed
    with pytest.raises(NotCurrentStep) as caught:
        services.answer_question(user=learner, attempt_id=attempt.pk, sequence=1, raw="true")
    assert str(caught.value) == (
        "You have already answered that step, so this answer was not recorded. Here is where you are now."
    )
    assert Decision.objects.filter(attempt=attempt).count() == 2


def test_attempt_limits_and_the_best_or_last_score(module, learner):
    (question,) = import_gift("::Q::Pick A.{=A ~B}")
    best = make_knowledge_check(
        module, blocks=question_blocks([question]), attempts_allowed=2, score_to_keep="best", title="B", slug="b"
    )
    last = make_knowledge_check(
        module, blocks=question_blocks([question]), attempts_allowed=2, score_to_keep="last", title="L", slug="l"
    )
    for page in (best, last):
        for picked in ("A", "B"):
            attempt = services.start_attempt(user=learner, page=page)
            answer(learner, attempt, answer=token_for(attempt.questions[0], picked))
        with pytest.raises(NoAttemptsLeft) as caught:
            services.start_attempt(user=learner, page=page)
        assert str(caught.value) == "You have used all 2 attempts at this quiz."
    best_view = selectors.quiz_overview(user=learner, page=best)
    last_view = selectors.quiz_overview(user=learner, page=last)
    assert (best_view.kept.number, best_view.kept.score, best_view.attempts_left) == (1, 1, 0)
    assert (last_view.kept.number, last_view.kept.score, last_view.can_start) == (2, 0, False)
    assert best_view.has_passed and last_view.has_passed


def test_editing_the_bank_after_an_attempt_started_leaves_the_attempt_as_it_was(module, learner):
    (question,) = import_gift("::Q::Pick A.{=A#Yes. ~B#No.}")
    page = make_knowledge_check(module, blocks=question_blocks([question]))
    attempt = services.start_attempt(user=learner, page=page)
    Question.objects.filter(pk=question.pk).update(
        text="Changed",
        data={
            "choices": [{"text": "B", "fraction": 1.0, "feedback": ""}, {"text": "A", "fraction": 0.0, "feedback": ""}]
        },
    )
    decision = answer(learner, attempt, answer=token_for(attempt.questions[0], "A")).decision
    assert decision.correct is True
    assert attempt.questions[0]["text"] == "Pick A."


def test_passing_the_knowledge_check_completes_the_module(module, learner):
    (question,) = import_gift("::Q::Pick A.{=A ~B}")
    page = make_knowledge_check(module, blocks=question_blocks([question]), pass_mark=100)
    attempt = services.start_attempt(user=learner, page=page)
    answer(learner, attempt, answer=token_for(attempt.questions[0], "B"))
    completed = ModuleProgress.objects.filter(enrolment__user=learner, module=module, state=ProgressState.COMPLETED)
    assert not completed.exists()
    attempt = services.start_attempt(user=learner, page=page)
    answer(learner, attempt, answer=token_for(attempt.questions[0], "A"))
    assert completed.exists()
