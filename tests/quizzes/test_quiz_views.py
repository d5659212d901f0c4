"""The learner's quiz screens through the test client: who may see what, what the page gives away before an answer
(nothing), and the flow from a module to a step, its feedback and the ending."""

from __future__ import annotations

import html
import re
from collections import deque

from django.urls import reverse

import pytest

from courses.models import ModuleProgress, ProgressState
from quizzes import scenarios, services
from quizzes.models import Attempt, Decision
from tests.factories.courses import make_course_with_modules
from tests.factories.people import PASSWORD
from tests.factories.quizzes import (
    import_gift,
    make_demo_scenario,
    make_knowledge_check,
    question_blocks,
)

pytestmark = pytest.mark.django_db

DEMO_GIFT_PATH = "demo/knowledge_check.gift"


@pytest.fixture
def module(home_page):
    _course, (module, _next) = make_course_with_modules(2)
    return module


@pytest.fixture
def scenario(module):
    return make_demo_scenario(module, "S1")


@pytest.fixture
def demo_questions(settings):
    from pathlib import Path

    return import_gift((Path(settings.BASE_DIR) / DEMO_GIFT_PATH).read_text(encoding="utf-8"), bank="Socialwise demo")


def log_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def step_choice(attempt: Attempt, index: int) -> str:
    attempt.refresh_from_db()
    return scenarios.nodes_by_key(attempt.version.content)[attempt.current_key]["choices"][index]["id"]


def choose(client, attempt: Attempt, index: int, sequence: int | None = None):
    attempt.refresh_from_db()
    return client.post(
        reverse("quizzes:attempt-answer", args=[attempt.pk]),
        {"sequence": attempt.position if sequence is None else sequence, "choice": step_choice(attempt, index)},
    )


# --- Who may see what ------------------------------------------------------------------------------------------------


@pytest.fixture
def attempts(scenario, module, learner, demo_questions):
    """An attempt in progress (one decision made) and a finished one, both the learner's."""
    open_attempt = services.start_attempt(user=learner, page=scenario)
    services.choose_in_scenario(
        user=learner, attempt_id=open_attempt.pk, sequence=0, choice_id=step_choice(open_attempt, 0)
    )
    check = make_knowledge_check(module, blocks=question_blocks(demo_questions[:1]))
    finished = services.start_attempt(user=learner, page=check)
    services.answer_question(
        user=learner, attempt_id=finished.pk, sequence=0, raw=next(iter(finished.questions[0]["tokens"].values()))
    )
    return open_attempt, finished


PERMISSIONS = [
    # (what, anonymous, the learner, another learner)
    ("attempt", 302, 200, 404),
    ("feedback", 302, 200, 404),
    ("result", 302, 200, 404),
    ("answer", 302, 302, 404),
    ("start", 302, 302, 302),
]


def _request(client, what: str, open_attempt: Attempt, finished: Attempt):
    if what == "attempt":
        return client.get(reverse("quizzes:attempt", args=[open_attempt.pk]))
    if what == "feedback":
        return client.get(reverse("quizzes:attempt-feedback", args=[open_attempt.pk, 0]))
    if what == "result":
        return client.get(reverse("quizzes:attempt-result", args=[finished.pk]))
    if what == "answer":
        return client.post(
            reverse("quizzes:attempt-answer", args=[open_attempt.pk]),
            {"sequence": 1, "choice": step_choice(open_attempt, 0)},
        )
    return client.post(reverse("quizzes:attempt-start", args=[open_attempt.page_id]))


@pytest.mark.parametrize(("what", "anonymous", "owner", "other"), PERMISSIONS)
def test_attempt_urls_answer_each_role_as_the_table_says(
    client, attempts, learner, other_learner, what, anonymous, owner, other
):
    open_attempt, finished = attempts
    response = _request(client, what, open_attempt, finished)
    assert response.status_code == anonymous
    assert response["Location"].startswith("/accounts/login/?next=")
    log_in(client, other_learner)
    assert _request(client, what, open_attempt, finished).status_code == other
    log_in(client, learner)
    assert _request(client, what, open_attempt, finished).status_code == owner
    assert Decision.objects.filter(attempt=open_attempt).count() == (2 if what == "answer" else 1)


def test_answering_needs_a_post(client, attempts, learner):
    open_attempt, _finished = attempts
    log_in(client, learner)
    assert client.get(reverse("quizzes:attempt-answer", args=[open_attempt.pk])).status_code == 405
    assert client.get(reverse("quizzes:attempt-start", args=[open_attempt.page_id])).status_code == 405


def test_a_quiz_page_asks_anonymous_visitors_to_log_in(client, scenario):
    response = client.get(scenario.url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={scenario.url}"


# --- Nothing given away before an answer -----------------------------------------------------------------------------


def _forbidden(spec: dict) -> tuple[list[str], list[str]]:
    """Texts the page must not hold before an answer (feedback, endings), and keys that must not appear as words."""
    texts, keys = [], []
    for node in spec["nodes"]:
        keys.append(node["key"])
        if node["kind"] == "step":
            texts += [c["feedback"] for c in node["choices"]]
        if node["kind"] == "ending":
            texts += [node["title"], re.sub("<[^>]+>", "", node["debrief"])]
    return texts, keys


def _assert_gives_nothing_away(content: str, texts: list[str], keys: list[str]) -> None:
    for text in texts:
        assert text not in content and html.escape(text) not in content, text
    for key in keys:
        assert not re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", content), key
    assert not re.search(r"[+\u2212-]\d+ points", content)
    assert "application/json" not in content
    assert not re.search(r"data-(score|next|correct|feedback)", content)


def _paths_to_every_step(spec: dict) -> dict[str, list[int]]:
    """A list of choice indexes that leads to each step (routes resolve as the attempt goes)."""
    by_key = scenarios.nodes_by_key(spec)
    start = scenarios.start_key(spec)
    found = {start: []}
    queue = deque([start])
    while queue:
        key = queue.popleft()
        for index, option in enumerate(by_key[key]["choices"]):
            target = option["next"]
            if target in by_key and by_key[target]["kind"] == "step" and target not in found:
                found[target] = [*found[key], index]
                queue.append(target)
    return found


@pytest.mark.parametrize("code", ["S1", "S2", "S3", "S4"])
def test_no_step_page_gives_away_feedback_scores_endings_or_where_choices_lead(client, module, learner, code):
    page = make_demo_scenario(module, code)
    log_in(client, learner)
    landing = client.get(page.url)
    assert landing.status_code == 200
    attempt = services.start_attempt(user=learner, page=page)
    texts, keys = _forbidden(attempt.version.content)
    assert len(texts) > 10
    _assert_gives_nothing_away(landing.content.decode(), texts, keys)
    paths = _paths_to_every_step(attempt.version.content)
    assert len(paths) == sum(1 for n in attempt.version.content["nodes"] if n["kind"] == "step")
    for key, indexes in paths.items():
        Attempt.objects.filter(user=learner, page=page, submitted_at=None).delete()
        attempt = services.start_attempt(user=learner, page=page)
        for index in indexes:
            choose(client, attempt, index)
        attempt.refresh_from_db()
        assert attempt.current_key == key
        response = client.get(reverse("quizzes:attempt", args=[attempt.pk]))
        content = response.content.decode()
        node = scenarios.nodes_by_key(attempt.version.content)[key]
        assert all(html.escape(c["text"]) in content for c in node["choices"])
        _assert_gives_nothing_away(content, texts, keys)


def test_no_question_page_gives_away_feedback_or_which_answer_is_right(client, module, learner, demo_questions):
    page = make_knowledge_check(module, blocks=question_blocks(demo_questions), shuffle_choices=False)
    log_in(client, learner)
    attempt = services.start_attempt(user=learner, page=page)
    for copy in attempt.questions:
        response = client.get(reverse("quizzes:attempt", args=[attempt.pk]))
        content = response.content.decode()
        data = copy["data"]
        feedback = [c["feedback"] for c in data.get("choices", [])]
        feedback += [data[k] for k in ("feedback_wrong", "feedback_right") if k in data]
        feedback += [copy["general_feedback"]] if copy["general_feedback"] else []
        _assert_gives_nothing_away(content, [f for f in feedback if f], [])
        values = re.findall(r'name="answer"[^>]*value="([^"]+)"', content)
        assert values
        assert set(values).isdisjoint({str(i) for i in range(10)}) or set(values) == {"true", "false"}
        token = values[0]
        client.post(
            reverse("quizzes:attempt-answer", args=[attempt.pk]), {"sequence": attempt.position, "answer": token}
        )
        attempt.refresh_from_db()
    assert attempt.is_finished


# --- The module's quiz rows ------------------------------------------------------------------------------------------


def _quiz_rows(client, module) -> list[str]:
    page = client.get(module.url).content.decode()
    return [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", row))).strip()
        for row in re.findall(r'<li class="quiz-link">(.*?)</li>', page, re.S)
    ]


def test_a_quiz_row_names_the_kind_and_the_title_once_each(client, module, learner, demo_questions):
    make_demo_scenario(module, "S1")
    make_knowledge_check(module, blocks=question_blocks(demo_questions[:2]), title="Answering in public")
    log_in(client, learner)
    assert _quiz_rows(client, module) == [
        "Practice scenario Stuck at Hollin Start the scenario",
        "Knowledge check Answering in public Start the knowledge check",
    ]
    assert 'aria-label="Start the knowledge check: Answering in public"' in client.get(module.url).content.decode()


def test_a_quiz_titled_by_its_kind_is_not_named_twice(client, module, learner, demo_questions):
    """QA: the demo's checks, all titled "Knowledge check", read "Knowledge check: Knowledge check" in the row."""
    make_knowledge_check(module, blocks=question_blocks(demo_questions[:2]), title="Knowledge check")
    log_in(client, learner)
    assert _quiz_rows(client, module) == ["Knowledge check Start the knowledge check"]
    assert "Start the knowledge check: Knowledge check" not in client.get(module.url).content.decode()


# --- The flow --------------------------------------------------------------------------------------------------------


def test_a_learner_walks_a_scenario_from_its_page_to_the_debrief_and_the_module_is_completed(
    client, scenario, module, learner
):
    log_in(client, learner)
    landing = client.get(scenario.url)
    assert "Start the scenario" in landing.content.decode()
    response = client.post(reverse("quizzes:attempt-start", args=[scenario.pk]))
    attempt = Attempt.objects.get(user=learner)
    assert response["Location"] == reverse("quizzes:attempt", args=[attempt.pk])
    step_page = client.get(response["Location"]).content.decode()
    assert (
        "Decision 1" in step_page and "Tue 18:52" in step_page and "Forty minutes sitting outside Hollin" in step_page
    )
    assert "Public trust" in step_page and "50 of 100" in step_page

    response = choose(client, attempt, 0)
    assert response["Location"] == reverse("quizzes:attempt-feedback", args=[attempt.pk, 0])
    feedback = client.get(response["Location"]).content.decode()
    assert html.escape("You don't need the cause to speak.") in feedback
    assert "Score for this choice: +10 points. Your score so far: 10." in feedback
    assert "60 of 100" in feedback and "(+10)" in feedback
    choose(client, attempt, 0)
    response = choose(client, attempt, 0)
    final_feedback = client.get(response["Location"]).content.decode()
    assert "See how it ended" in final_feedback

    result = client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).content.decode()
    assert "A good ending" in result and "Passengers kept informed" in result
    # The score once: the ring's points (its sentence for screen readers), then the verdict; the pass mark only on a miss.
    assert '<span class="score-ring__points">30</span>' in result and "30 out of 30 (100%)" in result
    assert "Passed · full marks" in result and "The pass mark is" not in result
    assert "Module complete" in result and "1 of 2 modules of" in result
    # The main button is the next step: the next module, with "Try again" beside it as a secondary button.
    assert re.search(r'<a class="button" href="[^"]+">Next module: Module 2</a>', result)
    assert '<button type="submit" class="button button--secondary">Try again</button>' in result
    assert result.count('<th scope="row">') == 4  # the start and three decisions
    assert ModuleProgress.objects.get(enrolment__user=learner, module=module).state == ProgressState.COMPLETED
    assert "Completed" in client.get(module.url).content.decode()


def test_a_double_submit_is_recorded_once_and_shows_the_same_feedback(client, scenario, learner):
    log_in(client, learner)
    client.post(reverse("quizzes:attempt-start", args=[scenario.pk]))
    attempt = Attempt.objects.get(user=learner)
    data = {"sequence": 0, "choice": step_choice(attempt, 1)}
    first = client.post(reverse("quizzes:attempt-answer", args=[attempt.pk]), data)
    second = client.post(reverse("quizzes:attempt-answer", args=[attempt.pk]), data, follow=True)
    assert second.redirect_chain[0][0] == first["Location"]
    assert "Your answer was already recorded; here is its feedback again." in second.content.decode()
    assert Decision.objects.filter(attempt=attempt).count() == 1


def test_an_answer_for_an_earlier_step_is_refused_and_the_learner_is_shown_where_they_are(client, scenario, learner):
    log_in(client, learner)
    client.post(reverse("quizzes:attempt-start", args=[scenario.pk]))
    attempt = Attempt.objects.get(user=learner)
    choose(client, attempt, 0)
    response = client.post(
        reverse("quizzes:attempt-answer", args=[attempt.pk]), {"sequence": 0, "choice": "whatever"}, follow=True
    )
    assert response.redirect_chain == [(reverse("quizzes:attempt", args=[attempt.pk]), 302)]
    content = response.content.decode()
    assert "You have already answered that step, so this answer was not recorded. Here is where you are now." in content
    assert "Decision 2" in content
    assert Decision.objects.filter(attempt=attempt).count() == 1


def test_confirming_without_a_choice_shows_an_error_and_records_nothing(client, scenario, learner):
    log_in(client, learner)
    client.post(reverse("quizzes:attempt-start", args=[scenario.pk]))
    attempt = Attempt.objects.get(user=learner)
    response = client.post(reverse("quizzes:attempt-answer", args=[attempt.pk]), {"sequence": 0})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in content and "Choose one of the options, then confirm your choice." in content
    assert not Decision.objects.exists()


def test_a_number_that_cannot_be_read_is_shown_again_with_the_error(client, module, learner):
    questions = import_gift("::Legs::How many legs has a spider?{#8}")
    page = make_knowledge_check(module, blocks=question_blocks(questions))
    log_in(client, learner)
    client.post(reverse("quizzes:attempt-start", args=[page.pk]))
    attempt = Attempt.objects.get(user=learner)
    response = client.post(reverse("quizzes:attempt-answer", args=[attempt.pk]), {"sequence": 0, "answer": "eight-ish"})
    content = response.content.decode()
    assert "Type a number, for example 42 or 3.5." in content
    assert 'value="eight-ish"' in content
    assert not Decision.objects.exists()


def test_a_knowledge_check_shows_feedback_after_each_answer_and_the_result_at_the_end(
    client, module, learner, demo_questions
):
    kc02 = next(q for q in demo_questions if q.title.startswith("KC02"))
    page = make_knowledge_check(module, blocks=question_blocks([kc02]), pass_mark=100)
    log_in(client, learner)
    client.post(reverse("quizzes:attempt-start", args=[page.pk]))
    attempt = Attempt.objects.get(user=learner)
    question = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert "Question 1 of 1" in question and "True or false?" in question
    response = client.post(
        reverse("quizzes:attempt-answer", args=[attempt.pk]), {"sequence": 0, "answer": "true"}, follow=True
    )
    feedback = response.content.decode()
    assert "Not quite." in feedback and "Judgement comes from using the channels yourself." in feedback
    # By default the right answer waits until the learner passes or has no attempts left.
    assert "The right answer:" not in feedback and "See your result" in feedback
    result = client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).content.decode()
    assert "0 out of 1 (0%)" in result and "Not passed this time" in result and "Try again" in result
    assert "Answer the question correctly to pass." in result and "The right answer:" not in result
    assert "The right answers are shown once you pass, or once you have used your last attempt." in result


def test_the_quiz_page_says_when_no_attempts_are_left(client, module, learner, demo_questions):
    page = make_knowledge_check(module, blocks=question_blocks(demo_questions[:1]), attempts_allowed=1)
    log_in(client, learner)
    client.post(reverse("quizzes:attempt-start", args=[page.pk]))
    attempt = Attempt.objects.get(user=learner)
    services.answer_question(
        user=learner, attempt_id=attempt.pk, sequence=0, raw=next(iter(attempt.questions[0]["tokens"].values()))
    )
    landing = client.get(page.url).content.decode()
    assert "You have used all your attempts at this quiz." in landing
    response = client.post(reverse("quizzes:attempt-start", args=[page.pk]), follow=True)
    assert "You have used all 1 attempts at this quiz." in response.content.decode()
    assert Attempt.objects.filter(user=learner).count() == 1


def test_the_step_screen_reads_its_attempt_in_two_queries_however_far_the_learner_is(
    scenario, learner, django_assert_num_queries
):
    from quizzes import selectors

    attempt = services.start_attempt(user=learner, page=scenario)
    for sequence in range(2):
        services.choose_in_scenario(
            user=learner, attempt_id=attempt.pk, sequence=sequence, choice_id=step_choice(attempt, 0)
        )
        # the attempt with its version and page, then its decisions; building the step reads no more
        with django_assert_num_queries(2):
            found = selectors.own_attempt(user=learner, attempt_id=attempt.pk)
            step = selectors.scenario_step(found, selectors.decisions_of(found))
        assert step["number"] == sequence + 2
