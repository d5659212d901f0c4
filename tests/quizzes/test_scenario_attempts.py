"""Attempts at scenarios through the services a learner's clicks call: every path of every demo scenario, replays,
answers for the wrong step, edits after attempts and module completion."""

from __future__ import annotations

import pytest

from courses.models import ModuleProgress, ProgressState
from quizzes import scenarios, selectors, services
from quizzes.exceptions import (
    AttemptFinished,
    AttemptNotFound,
    InvalidAnswer,
    NoAttemptsLeft,
    NotCurrentStep,
    QuizNotAvailable,
)
from quizzes.models import Attempt, Decision, QuizVersion
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import (
    branch,
    choice,
    demo_scenarios,
    ending,
    make_demo_scenario,
    make_scenario,
    step,
    variable,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(home_page):
    _course, (module,) = make_course_with_modules(1)
    return module


# --- An oracle written from the brief's data, independent of the engine ----------------------------------------------


def play(data: dict, letters: list[str]) -> tuple[str, int]:
    """The ending and score the brief says a path of choice letters gives."""
    steps = {s["key"]: s for s in data["steps"]}
    routes = {r["key"]: r for r in data["routes"]}
    values = {v["key"]: v["initial"] for v in data["variables"]}
    bounds = {v["key"]: (v["minimum"], v["maximum"]) for v in data["variables"]}
    score, key = 0, data["steps"][0]["key"]
    for letter in letters:
        picked = next(c for c in steps[key]["choices"] if c["key"] == letter)
        score += picked["score"]
        for name, change in picked["effects"].items():
            values[name] = max(bounds[name][0], min(bounds[name][1], values[name] + change))
        key = picked["next"]
    while key in routes:
        seen = {**values, "score": score}
        ops = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b}
        route = routes[key]
        key = next(
            (rule["goto"] for rule in route["rules"] if all(ops[op](seen[v], n) for v, op, n in rule["all"])),
            route["otherwise"],
        )
    return key, score


def expected_lines(data: dict, letters: list[str], variables: dict) -> list[str]:
    """The brief's debrief lines for a path: those for a (step, letter) taken, and those whose conditions hold."""
    steps = {s["key"]: s for s in data["steps"]}
    taken, key = set(), data["steps"][0]["key"]
    for letter in letters:
        taken.add((key, letter))
        key = next(c for c in steps[key]["choices"] if c["key"] == letter)["next"]
    ops = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b}
    return [
        line["text"]
        for line in data.get("debrief_lines", [])
        if ("step" not in line or (line["step"], line["choice"]) in taken)
        and all(ops[op](variables[v], n) for v, op, n in line.get("all", []))
    ]


def test_stuck_at_hollin_debriefs_the_control_log_post_instead_of_praising_plain_words(module, learner, client):
    page = make_demo_scenario(module, "S1")
    attempt = take_path(learner, page, ["a", "b", "a"])
    assert attempt.ending_key == "GOOD"
    client.force_login(learner)
    text = client.get(f"/quizzes/attempts/{attempt.pk}/result/").content.decode()
    assert "You posted the control-log wording at 19:20" in text
    assert "plain words" not in text.replace("Plain words would have let them act.", "")
    other = take_path(learner, page, ["a", "a", "a"])
    text = client.get(f"/quizzes/attempts/{other.pk}/result/").content.decode()
    assert "gave everyone the same facts in plain words" in text and "control-log wording" not in text


def every_path(data: dict) -> list[list[str]]:
    steps = {s["key"]: s for s in data["steps"]}
    paths = []

    def walk(key: str, prefix: list[str]) -> None:
        if key not in steps:
            paths.append(prefix)
            return
        for option in steps[key]["choices"]:
            walk(option["next"], [*prefix, option["key"]])

    walk(data["steps"][0]["key"], [])
    return paths


def take_path(user, page, letters: list[str]) -> Attempt:
    attempt = services.start_attempt(user=user, page=page)
    for letter in letters:
        node = scenarios.nodes_by_key(attempt.version.content)[attempt.current_key]
        choice_id = node["choices"][ord(letter) - ord("a")]["id"]
        attempt = services.choose_in_scenario(
            user=user, attempt_id=attempt.pk, sequence=attempt.position, choice_id=choice_id
        ).attempt
    return attempt


def choice_id(attempt: Attempt, index: int) -> str:
    return scenarios.nodes_by_key(attempt.version.content)[attempt.current_key]["choices"][index]["id"]


@pytest.mark.parametrize("code", ["S1", "S2", "S3", "S4"])
def test_every_path_of_a_demo_scenario_ends_where_the_brief_says_with_its_score(code, module, learner):
    data = demo_scenarios()[code]
    page = make_demo_scenario(module, code)
    paths = every_path(data)
    best = None
    for letters in paths:
        attempt = take_path(learner, page, letters)
        expected_ending, expected_score = play(data, letters)
        assert attempt.is_finished, letters
        assert (attempt.ending_key, int(attempt.score)) == (expected_ending, expected_score), letters
        assert attempt.passed is (expected_score >= data["pass_mark"])
        assert attempt.maximum == data["max_score"]
        assert attempt.decisions.count() == len(letters)
        # The debrief speaks to this path: the lines for the choices on it, and no others.
        story = selectors.scenario_story(attempt, selectors.decisions_of(attempt))
        assert story["lines"] == expected_lines(data, letters, attempt.variables), letters
        best = expected_score if best is None else max(best, expected_score)
    assert best == data["max_score"]
    assert Attempt.objects.filter(user=learner, page=page).count() == len(paths)


def test_the_first_step_shows_the_start_values_and_each_choice_moves_them_within_bounds(module, learner):
    page = make_scenario(
        module,
        variables=[variable("trust", initial=50, minimum=0, maximum=100)],
        steps=[
            step("A", choice("Big mistake", "B", effects={"trust": -80}, score=-5), choice("Fine", "B")),
            step("B", choice("Recover", "END", effects={"trust": 30}, score=5), choice("Stay", "END")),
            ending("END"),
        ],
    )
    attempt = services.start_attempt(user=learner, page=page)
    assert attempt.variables == {"trust": 50}
    services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=0, choice_id=choice_id(attempt, 0))
    attempt.refresh_from_db()
    assert attempt.variables == {"trust": 0}
    services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=1, choice_id=choice_id(attempt, 0))
    attempt.refresh_from_db()
    assert (attempt.variables, int(attempt.score), attempt.ending_key) == ({"trust": 30}, 0, "END")
    assert list(attempt.decisions.values_list("variables", flat=True)) == [{"trust": 0}, {"trust": 30}]


def test_a_submit_sent_twice_is_recorded_once(module, learner):
    page = make_demo_scenario(module, "S1")
    attempt = services.start_attempt(user=learner, page=page)
    picked = choice_id(attempt, 0)
    first = services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=0, choice_id=picked)
    again = services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=0, choice_id=picked)
    assert (first.replayed, again.replayed) == (False, True)
    assert again.decision.pk == first.decision.pk
    attempt.refresh_from_db()
    assert (attempt.position, int(attempt.score), attempt.current_key) == (1, 10, "H2a")
    assert Decision.objects.filter(attempt=attempt).count() == 1


def test_a_replayed_submit_after_moving_on_changes_nothing(module, learner):
    page = make_demo_scenario(module, "S1")
    attempt = services.start_attempt(user=learner, page=page)
    first_choice = choice_id(attempt, 0)
    services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=0, choice_id=first_choice)
    attempt.refresh_from_db()
    services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=1, choice_id=choice_id(attempt, 0))
    replay = services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=0, choice_id=first_choice)
    assert replay.replayed
    attempt.refresh_from_db()
    assert (attempt.position, attempt.current_key) == (2, "H3")
    assert Decision.objects.filter(attempt=attempt).count() == 2


def test_an_answer_for_a_step_the_attempt_is_not_on_is_refused(module, learner):
    page = make_demo_scenario(module, "S1")
    attempt = services.start_attempt(user=learner, page=page)
    first = choice_id(attempt, 0)
    other = choice_id(attempt, 1)
    services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=0, choice_id=first)
    with pytest.raises(NotCurrentStep) as earlier:
        services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=0, choice_id=other)
    assert str(earlier.value) == (
        "You have already answered that step, so this answer was not recorded. Here is where you are now."
    )
    with pytest.raises(NotCurrentStep) as ahead:
        services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=5, choice_id=first)
    assert str(ahead.value) == (
        "That answer was for a step you are no longer on, so it was not recorded. Here is where you are now."
    )
    attempt.refresh_from_db()
    assert (attempt.position, attempt.current_key, Decision.objects.count()) == (1, "H2a", 1)


def test_a_choice_that_is_not_on_the_current_step_records_nothing(module, learner):
    page = make_demo_scenario(module, "S1")
    attempt = services.start_attempt(user=learner, page=page)
    with pytest.raises(InvalidAnswer) as caught:
        services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=0, choice_id="not-a-choice")
    assert str(caught.value) == "Choose one of the options, then confirm your choice."
    assert not Decision.objects.exists()


def test_a_finished_attempt_takes_no_more_answers(module, learner):
    page = make_demo_scenario(module, "S1")
    attempt = take_path(learner, page, ["a", "a", "a"])
    with pytest.raises(AttemptFinished):
        services.choose_in_scenario(user=learner, attempt_id=attempt.pk, sequence=3, choice_id="anything")


def test_nobody_can_answer_in_someone_elses_attempt(module, learner, other_learner):
    page = make_demo_scenario(module, "S1")
    attempt = services.start_attempt(user=learner, page=page)
    with pytest.raises(AttemptNotFound):
        services.choose_in_scenario(
            user=other_learner, attempt_id=attempt.pk, sequence=0, choice_id=choice_id(attempt, 0)
        )
    assert not Decision.objects.exists()


def test_starting_twice_resumes_the_open_attempt(module, learner):
    page = make_demo_scenario(module, "S1")
    first = services.start_attempt(user=learner, page=page)
    second = services.start_attempt(user=learner, page=page)
    assert first.pk == second.pk
    assert Attempt.objects.count() == 1


def test_an_attempt_limit_refuses_a_further_attempt_once_used(module, learner):
    page = make_demo_scenario(module, "S1", attempts_allowed=1)
    take_path(learner, page, ["c", "c", "c"])
    with pytest.raises(NoAttemptsLeft) as caught:
        services.start_attempt(user=learner, page=page)
    assert str(caught.value) == "You have used all 1 attempts at this quiz."


def test_editing_a_scenario_after_attempts_leaves_them_as_they_were(module, learner, other_learner):
    page = make_demo_scenario(module, "S1")
    finished = take_path(learner, page, ["a", "a", "a"])
    open_attempt = services.start_attempt(user=other_learner, page=page)
    old_first_choice = choice_id(open_attempt, 0)

    revision = page.get_latest_revision_as_object()
    first = revision.steps[0].value
    first["choices"][0]["feedback"] = "Edited feedback."
    first["choices"][0]["score"] = 7
    revision.save_revision().publish()

    answered = services.choose_in_scenario(
        user=other_learner, attempt_id=open_attempt.pk, sequence=0, choice_id=old_first_choice
    )
    assert int(answered.attempt.score) == 10
    step_one = scenarios.nodes_by_key(answered.attempt.version.content)["H1"]
    assert step_one["choices"][0]["feedback"].startswith("You don't need the cause to speak.")
    finished.refresh_from_db()
    assert (finished.ending_key, int(finished.score), finished.version_id) == ("GOOD", 30, open_attempt.version_id)

    fresh = take_path(learner, page, ["a"])
    assert fresh.version_id != finished.version_id
    assert int(fresh.score) == 7
    assert QuizVersion.objects.filter(page=page).count() == 2
    page.refresh_from_db()
    assert fresh.version.revision_id == page.live_revision_id


def _completed(user, module) -> bool:
    return ModuleProgress.objects.filter(enrolment__user=user, module=module, state=ProgressState.COMPLETED).exists()


def test_passing_the_only_quiz_of_a_module_completes_the_module(module, learner):
    page = make_demo_scenario(module, "S1")
    take_path(learner, page, ["c", "c", "c"])
    assert not _completed(learner, module)
    take_path(learner, page, ["a", "a", "a"])
    assert _completed(learner, module)


def test_a_module_with_two_quizzes_is_completed_once_both_are_passed(module, learner):
    first = make_demo_scenario(module, "S1")
    second = make_scenario(
        module,
        title="Second",
        slug="second",
        pass_mark=5,
        steps=[step("A", choice("Right", "END", score=5), choice("Wrong", "END")), ending("END")],
    )
    take_path(learner, second, ["a"])
    assert not _completed(learner, module)
    take_path(learner, first, ["a", "a", "a"])
    assert _completed(learner, module)


def test_a_loop_with_a_way_out_can_be_walked_twice_and_recorded_each_time(module, learner):
    page = make_scenario(
        module,
        steps=[
            step("A", choice("Ask again", "B", score=1), choice("Finish", "END")),
            step("B", choice("Back", "A", score=1), choice("Finish", "END")),
            ending("END"),
        ],
    )
    attempt = take_path(learner, page, ["a", "a", "a", "b"])
    assert list(attempt.decisions.values_list("step_key", flat=True)) == ["A", "B", "A", "B"]
    assert (attempt.ending_key, int(attempt.score)) == ("END", 3)


def test_a_recertification_cycle_starts_with_fresh_attempts_and_needs_a_new_pass(module, learner):
    from courses import services as courses_services

    page = make_demo_scenario(module, "S1", attempts_allowed=1)
    take_path(learner, page, ["a", "a", "a"])
    assert _completed(learner, module)
    courses_services.start_new_cycle(user=learner, course=module.get_parent().specific)
    overview = selectors.quiz_overview(user=learner, page=page)
    assert (overview.kept, overview.attempts_left, overview.has_passed) == (None, 1, False)
    assert len(overview.attempts) == 1
    take_path(learner, page, ["a", "a", "a"])
    assert ModuleProgress.objects.filter(
        enrolment__user=learner, enrolment__cycle=2, module=module, state=ProgressState.COMPLETED
    ).exists()


def test_a_quiz_in_an_unpublished_module_cannot_be_started(module, learner):
    page = make_demo_scenario(module, "S1")
    module.unpublish()
    with pytest.raises(QuizNotAvailable) as caught:
        services.start_attempt(user=learner, page=page)
    assert str(caught.value) == "This quiz is not available."
    assert not Attempt.objects.exists()


def test_deleting_a_quiz_page_deletes_its_attempts_and_versions(module, learner):
    page = make_demo_scenario(module, "S1")
    take_path(learner, page, ["a", "a", "a"])
    page.delete()
    assert not Attempt.objects.exists() and not Decision.objects.exists() and not QuizVersion.objects.exists()


def test_a_branch_sends_the_learner_to_a_step_by_the_value_of_a_variable(module, learner, other_learner):
    page = make_scenario(
        module,
        variables=[variable("trust", initial=50)],
        steps=[
            step("A", choice("Stay silent", "CHECK", effects={"trust": -20}), choice("Speak now", "CHECK")),
            branch("CHECK", [([("trust", "<", 40)], "REPAIR")], otherwise="END"),
            step("REPAIR", choice("Apologise", "END", score=5), choice("Carry on", "END")),
            ending("END"),
        ],
    )
    silent = services.start_attempt(user=learner, page=page)
    moved = services.choose_in_scenario(
        user=learner, attempt_id=silent.pk, sequence=0, choice_id=choice_id(silent, 0)
    ).attempt
    assert (moved.current_key, moved.variables, moved.is_finished) == ("REPAIR", {"trust": 30}, False)
    assert moved.decisions.get().led_to == "REPAIR"
    spoke = services.start_attempt(user=other_learner, page=page)
    done = services.choose_in_scenario(
        user=other_learner, attempt_id=spoke.pk, sequence=0, choice_id=choice_id(spoke, 1)
    ).attempt
    assert (done.ending_key, done.is_finished) == ("END", True)


def test_a_scenario_published_with_an_absurd_score_says_it_cannot_be_played_never_a_500(module, learner, client):
    """QA F5: published before the editor bounded a choice's score, a choice worth 10^20 made every Start a 500."""
    page = make_scenario(
        module, steps=[step("A", choice("Reply", "END", score=10**20), choice("Wait", "END")), ending("END")]
    )
    with pytest.raises(QuizNotAvailable) as caught:
        services.start_attempt(user=learner, page=page)
    assert "scores are out of range" in str(caught.value)
    assert not Attempt.objects.exists()
    client.force_login(learner)
    response = client.post(f"/quizzes/{page.pk}/start/", follow=True)
    assert response.status_code == 200
    assert "scores are out of range" in response.content.decode()
