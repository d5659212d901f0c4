"""A trainer's scenario is checked at save and publish; every broken rule is reported against the step it concerns."""

from __future__ import annotations

from django.core.exceptions import ValidationError

import pytest

from quizzes import scenarios
from quizzes.blocks import VariablesStreamBlock
from quizzes.models import ScenarioPage
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import branch, choice, demo_scenarios, ending, make_demo_scenario, step, variable


def problems(steps, variables=()) -> list[str]:
    return ScenarioPage(title="Practice", steps=steps, variables=list(variables)).problems()


def good_steps():
    return [
        step("A", choice("Go on", "B", score=5), choice("Stop here", "END")),
        step("B", choice("Yes", "END", score=5), choice("No", "END")),
        ending("END"),
    ]


def test_a_scenario_that_follows_every_rule_has_no_problems():
    assert problems(good_steps()) == []


def test_a_choice_leading_to_a_missing_block_names_the_step_the_choice_and_the_target():
    steps = good_steps()
    steps[1]["value"]["choices"][1]["next"] = "Z9"
    assert "Step “B”, choice 2 leads to “Z9”, which is not a step, branch or ending of this scenario." in problems(
        steps
    )


def test_a_branch_leading_to_a_missing_block_names_the_branch_and_its_rule():
    steps = [
        step("A", choice("One", "R"), choice("Two", "R")),
        branch("R", [([("x", ">=", 1)], "NOWHERE")], otherwise="ALSO-NOWHERE"),
        ending("END"),
    ]
    found = problems(steps, [variable("x")])
    assert "Branch “R”, rule 1 leads to “NOWHERE”, which is not a step, branch or ending of this scenario." in found
    assert (
        "Branch “R”, otherwise, leads to “ALSO-NOWHERE”, which is not a step, branch or ending of this scenario."
        in found
    )


def test_a_step_no_choice_leads_to_cannot_be_reached_from_the_first_step():
    steps = [*good_steps(), step("LOST", choice("One", "END"), choice("Two", "END"))]
    assert problems(steps) == ["Step “LOST” cannot be reached from the first step “A”."]


def test_a_step_whose_choices_lead_only_into_a_closed_loop_cannot_reach_an_ending():
    steps = [
        step("A", choice("Safe", "END"), choice("Risky", "B")),
        step("B", choice("One", "C"), choice("Two", "C")),
        step("C", choice("One", "D"), choice("Two", "D")),
        step("D", choice("One", "C"), choice("Two", "C")),
        ending("END"),
    ]
    found = problems(steps)
    assert "Step “B” cannot reach an ending." in found
    assert "Step “C” is part of a loop with no way out to an ending (“C”, “D”)." in found
    assert "Step “D” is part of a loop with no way out to an ending (“C”, “D”)." in found
    assert len(found) == 3


def test_a_loop_with_a_way_out_is_allowed():
    steps = [
        step("A", choice("Ask again", "B"), choice("Finish", "END")),
        step("B", choice("Back to the start", "A"), choice("Finish", "END")),
        ending("END"),
    ]
    assert problems(steps) == []


def test_branches_that_lead_back_to_each_other_alone_are_refused():
    steps = [
        step("A", choice("One", "R1"), choice("Two", "END")),
        branch("R1", [([("x", ">=", 60)], "END")], otherwise="R2"),
        branch("R2", [([("x", "<", 10)], "END")], otherwise="R1"),
        ending("END"),
    ]
    found = problems(steps, [variable("x")])
    message = (
        "Branch “R1” leads back to itself through branches alone (“R1”, “R2”), so a learner could go round for ever."
    )
    assert message in found


def test_a_scenario_needs_at_least_one_ending_and_one_step():
    assert "Add at least one ending." in problems([step("A", choice("One", "A"), choice("Two", "A"))])
    assert problems([ending("END")]) == ["Add at least one step: the first step starts the scenario."]


def test_variables_used_by_choices_and_branches_must_be_declared():
    steps = [
        step("A", choice("One", "R", effects={"trust": 5, "trst": 5}), choice("Two", "R")),
        branch("R", [([("backlog", "<=", 20), ("score", ">=", 10)], "END")], otherwise="END"),
        ending("END"),
    ]
    found = problems(steps, [variable("trust")])
    assert found == [
        "Step “A”, choice 1 changes “trst”, which is not a declared variable.",
        "Branch “R”, rule 1 tests “backlog”, which is not a declared variable.",
    ]


def test_two_variables_cannot_share_a_key():
    assert problems(good_steps(), [variable("trust"), variable("trust")]) == [
        "Another variable already uses the key “trust”."
    ]


def test_two_blocks_cannot_share_a_key():
    steps = [*good_steps(), ending("A")]
    assert (
        "Ending “A” uses a key that an earlier block already has: give each step, branch and ending its own key."
        in problems(steps)
    )


def test_a_variable_starting_outside_its_bounds_is_refused_on_its_field():
    block = VariablesStreamBlock()
    with pytest.raises(ValidationError) as caught:
        block.clean(block.to_python([variable("trust", initial=150)]))
    error = caught.value.block_errors[0].block_errors["initial"]
    assert error.messages == ["The starting value must lie between the minimum and the maximum."]


@pytest.mark.django_db
def test_saving_a_broken_scenario_is_refused_with_the_message_on_the_step_it_concerns(home_page):
    _course, (module,) = make_course_with_modules(1)
    steps = good_steps()
    steps[1]["value"]["choices"][0]["next"] = "Z9"
    page = ScenarioPage(title="Broken", steps=steps)
    with pytest.raises(ValidationError) as caught:
        module.add_child(instance=page)
    stream_error = caught.value.error_dict["steps"][0]
    assert list(stream_error.block_errors) == [1]
    assert stream_error.block_errors[1].non_block_errors.as_data()[0].messages == [
        "Step “B”, choice 1 leads to “Z9”, which is not a step, branch or ending of this scenario."
    ]
    assert not ScenarioPage.objects.exists()


@pytest.mark.django_db
def test_a_pass_mark_above_the_highest_reachable_score_is_refused(home_page):
    _course, (module,) = make_course_with_modules(1)
    page = ScenarioPage(title="Too hard", steps=good_steps(), pass_mark=11)
    with pytest.raises(ValidationError) as caught:
        module.add_child(instance=page)
    assert caught.value.message_dict["pass_mark"] == [
        "The pass mark is above the highest score a learner can reach (10)."
    ]


@pytest.mark.parametrize("code", ["S1", "S2", "S3", "S4"])
def test_every_demo_scenario_follows_the_rules_and_its_highest_score_is_the_one_the_brief_gives(code):
    data = demo_scenarios()[code]
    from demo.loaders.quizzes import scenario_page

    page = scenario_page(data)
    assert page.problems() == []
    assert scenarios.max_score(page.spec()) == data["max_score"]


@pytest.mark.django_db
def test_a_quiz_page_can_only_be_made_under_a_module(home_page):
    _course, (module,) = make_course_with_modules(1)
    page = make_demo_scenario(module, "S1")
    assert ScenarioPage.can_create_at(module)
    assert not ScenarioPage.can_create_at(module.get_parent())
    assert not page.get_children().exists()
    assert ScenarioPage.subpage_types == []


def test_debrief_lines_must_name_a_step_a_choice_it_has_and_declared_variables():
    steps = good_steps()
    steps[-1]["value"]["lines"] = [
        {"step": "A", "choice": 2, "conditions": [], "text": "You stopped early."},
        {"step": "Z", "choice": 1, "conditions": [], "text": "No such step."},
        {"step": "END", "choice": 1, "conditions": [], "text": "An ending is not a step."},
        {"step": "B", "choice": 3, "conditions": [], "text": "B has two choices."},
        {"step": "", "choice": None, "conditions": [{"variable": "mood", "operator": ">", "value": 1}], "text": "?"},
    ]
    assert problems(steps) == [
        "Ending “END”, debrief line 2 names “Z”, which is not a step of this scenario.",
        "Ending “END”, debrief line 3 names “END”, which is not a step of this scenario.",
        "Ending “END”, debrief line 4 names choice 3, but “B” has 2 choices.",
        "Ending “END”, debrief line 5 tests “mood”, which is not a declared variable.",
    ]


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        ({"step": "A", "choice": None, "text": "x"}, "choice", "Give both the step and the choice, or neither."),
        ({"step": "", "choice": 1, "text": "x"}, "step", "Give both the step and the choice, or neither."),
        (
            {"step": "", "choice": None, "text": "x"},
            "step",
            "Say when this line shows: a choice at a step, or conditions.",
        ),
    ],
)
def test_a_debrief_line_says_when_it_shows(value, field, message):
    from wagtail.blocks import StructBlockValidationError

    from quizzes.blocks import DebriefLineBlock

    block = DebriefLineBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"conditions": [], **value}))
    assert [str(m) for m in error.value.block_errors[field].messages] == [message]


@pytest.mark.parametrize("score", [10**20, -(10**20), 1001])
def test_a_choice_worth_an_absurd_score_is_a_form_error_not_a_500_for_learners(score):
    """QA: a choice worth 10^20 points was saved, reviewed and published; every learner's Start was then a 500 (an
    attempt's maximum is numeric(9, 3)). The editor refuses it at save."""
    from wagtail.blocks import StructBlockValidationError

    from quizzes.blocks import ScenarioChoiceBlock

    block = ScenarioChoiceBlock()
    value = block.to_python({"text": "Reply", "feedback": "", "score": score, "effects": [], "next": "END"})
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    assert list(refused.value.block_errors) == ["score"]
    assert block.clean(block.to_python({**value, "score": 1000})) is not None
