"""Targets picked by block id, the scenario map and its paths, and playing a scenario from any step, as a trainer
meets them in the editor."""

from __future__ import annotations

import html
import importlib

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from quizzes import scenario_map, scenarios
from quizzes.blocks import ScenarioStreamBlock, StepBlock
from quizzes.models import Attempt, ScenarioPage
from tests.factories.courses import make_course_with_modules
from tests.factories.people import PASSWORD
from tests.factories.quizzes import branch, choice, demo_scenarios, ending, make_demo_scenario, step, variable


def editor_spec(steps, variables=()):
    stream = ScenarioStreamBlock().to_python(scenarios.link_targets(steps))
    from quizzes.blocks import VariablesStreamBlock

    return scenarios.build_spec(variables=VariablesStreamBlock().to_python(list(variables)), steps=stream, key_by="id")


def page_with(steps, variables=(), **fields) -> ScenarioPage:
    return ScenarioPage(title="Practice", steps=scenarios.link_targets(steps), variables=list(variables), **fields)


def test_targets_typed_as_keys_become_block_ids_and_unknown_ones_stay_for_validation():
    linked = scenarios.link_targets([step("A", choice("Go", "END"), choice("Lost", "Z9")), ending("END")])
    ending_id = linked[1]["id"]
    assert [c["next"] for c in linked[0]["value"]["choices"]] == [ending_id, "Z9"]
    assert scenarios.link_targets(linked) == linked  # linking twice changes nothing


def test_renaming_a_step_keeps_every_choice_that_leads_to_it():
    page = page_with(
        [
            step("A", choice("Go", "B"), choice("Stop", "END")),
            step("B", choice("On", "END"), choice("Off", "END")),
            ending("END"),
        ]
    )
    assert page.problems() == []
    raw = list(page.steps.raw_data)
    raw[1]["value"]["key"] = "B-renamed"
    renamed = ScenarioPage(title="Practice", steps=raw)
    assert renamed.problems() == []
    assert renamed.spec()["nodes"][0]["choices"][0]["next"] == "B-renamed"


def test_every_missing_piece_is_named_by_its_step_and_choice():
    steps = scenarios.link_targets(
        [step("A", choice("Go", "END"), choice("", "END", feedback=" ")), ending("END", debrief="<p></p>")]
    )
    steps[0]["value"]["choices"][0]["next"] = ""
    found = ScenarioPage(title="Practice", steps=steps).problems()
    assert found == [
        "Step “A”, choice 1 leads nowhere yet: pick the step, branch or ending it leads to.",
        "Step “A”, choice 2 has no text.",
        "Step “A”, choice 2 has no feedback: say why it works or not.",
        "Ending “END” has no debrief: say what happened and what to take away.",
    ]


def test_a_choice_leading_to_a_deleted_block_says_so_and_a_block_without_a_key_is_named_by_its_position():
    steps = scenarios.link_targets([step("A", choice("Go", "END"), choice("Other", "END")), ending("END")])
    steps[0]["value"]["choices"][1]["next"] = "0b5e0d5e-94c1-4c47-9d1e-4a4fbc2a2b11"
    steps.append(ending("", title="Unnamed"))
    found = ScenarioPage(title="Practice", steps=steps).problems()
    assert "Step “A”, choice 2 leads to a block that was deleted: pick another step, branch or ending." in found
    assert "The ending at position 3 needs a key, e.g. H1, for the map and the reports." in found


def test_a_new_step_starts_with_two_empty_choices():
    value = StepBlock().get_default()
    assert len(value["choices"]) == 2
    assert all(item["text"] == "" and item["next"] == "" for item in value["choices"])


def test_the_map_flags_unreachable_blocks_dead_ends_loops_and_choices_without_feedback():
    spec = editor_spec(
        [
            step("A", choice("Loop", "L1"), choice("End", "END", feedback=" ")),
            step("L1", choice("Round", "L2"), choice("Again", "L2")),
            step("L2", choice("Back", "L1"), choice("Back too", "L1")),
            step("LOST", choice("One", "END"), choice("Two", "END")),
            ending("END"),
        ]
    )
    flags = {node.name: node.flags for node in scenario_map.build_map(spec).nodes}
    assert flags["A"] == []
    assert flags["L1"] == ["loop without exit"] and flags["L2"] == ["loop without exit"]
    assert flags["LOST"] == ["unreachable"]
    arrows = {(edge.source, edge.label): edge for edge in scenario_map.build_map(spec).edges}
    start = spec["nodes"][0]["key"]
    assert arrows[(start, "b")].flags == ["no feedback"]
    assert arrows[(start, "b")].target_name == "Ending “END”"


def test_a_branch_shows_its_conditions_on_its_arrows_and_a_dangling_target_is_flagged():
    spec = editor_spec(
        [
            step("A", choice("Go", "R"), choice("Stop", "R")),
            branch("R", [([("trust", ">=", 65)], "GOOD")], otherwise="NOWHERE"),
            ending("GOOD"),
        ],
        [variable("trust")],
    )
    edges = [edge for edge in scenario_map.build_map(spec).edges if edge.kind != "choice"]
    assert [(edge.label, edge.target_name, edge.flags) for edge in edges] == [
        ("trust ≥ 65", "Ending “GOOD”", []),
        ("otherwise", "", ["target missing"]),
    ]
    assert [node.flags for node in scenario_map.build_map(spec).nodes][1] == []


@pytest.mark.parametrize("code", ["S1", "S2", "S3", "S4"])
def test_the_paths_of_every_demo_scenario_reach_the_pass_mark_and_the_poor_ending_fails(code):
    from demo.loaders.quizzes import scenario_page

    data = demo_scenarios()[code]
    page = scenario_page(data)
    report = scenario_map.scenario_paths(page.editor_spec(), pass_mark=page.pass_mark)
    assert report.paths and not report.truncated
    assert report.best == data["max_score"]
    assert report.pass_reachable
    assert report.poor_paths_failing
    assert any(path.outcome == "poor" for path in report.paths)


def test_paths_from_a_middle_step_play_the_variables_the_trainer_sets():
    spec = editor_spec(
        [
            step("A", choice("Go", "B"), choice("Go too", "B")),
            step("B", choice("Calm", "R", score=5, effects={"trust": 10}), choice("Rush", "R", effects={"trust": -10})),
            branch("R", [([("trust", ">=", 60)], "GOOD")], otherwise="POOR"),
            ending("GOOD"),
            ending("POOR", outcome="poor"),
        ],
        [variable("trust", initial=50)],
    )
    start = spec["nodes"][1]["key"]
    report = scenario_map.scenario_paths(spec, pass_mark=5, start=start, variables={"trust": 50})
    assert [(p.ending, p.score, p.variables, p.passes) for p in report.paths] == [
        ("GOOD", 5, {"trust": 60}, True),
        ("POOR", 0, {"trust": 40}, False),
    ]
    high = scenario_map.scenario_paths(spec, pass_mark=5, start=start, variables={"trust": 80})
    assert [p.ending for p in high.paths] == ["GOOD", "GOOD"]
    assert not high.poor_paths_failing or all(p.outcome == "good" for p in high.paths)


def test_the_data_migration_links_typed_targets_in_pages_and_revisions():
    migration = importlib.import_module("quizzes.migrations.0005_picked_targets")
    raw = [step("A", choice("Go", "END"), choice("Stop", "END")), ending("END")]
    linked = migration._link(raw)
    assert linked == scenarios.link_targets(raw) or [b["value"].get("key") for b in linked] == ["A", "END"]
    assert linked[0]["value"]["choices"][0]["next"] == linked[1]["id"]


# --- The map view and "Play from here" -------------------------------------------------------------------------------


def _form(*, target: str) -> dict:
    def items(values):
        data = {str(i): {"value": v, "deleted": "", "order": str(i), "id": ""} for i, v in enumerate(values)}
        data["count"] = str(len(values))
        return data

    option = {"text": "Go", "feedback": "Why.", "score": "5", "effects": items([]), "next": target}
    other = {"text": "Stop", "feedback": "", "score": "x", "effects": items([]), "next": "end-id"}
    return nested_form_data(
        {
            "pass_mark": "5",
            "variables": streamfield([]),
            "steps": streamfield(
                [
                    (
                        "step",
                        {
                            "key": "A",
                            "clock": "",
                            "situation": rich_text("<p>Hi.</p>"),
                            "posts": items([]),
                            "choices": items([option, other]),
                        },
                    ),
                    (
                        "ending",
                        {
                            "key": "END",
                            "outcome": "good",
                            "title": "Done",
                            "debrief": rich_text("<p>Done.</p>"),
                            "lines": items([]),
                        },
                    ),
                ]
            ),
        }
    )


@pytest.fixture
def trainer_client(client, trainer):
    assert client.login(email=trainer.email, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_the_map_is_drawn_from_the_unsaved_form_and_offers_its_blocks_as_targets(trainer_client, home_page):
    data = _form(target="NOWHERE")
    data["steps-1-id"] = "end-id"
    response = trainer_client.post(reverse("quizzes_scenario_map"), data)
    assert response.status_code == 200
    answer = response.json()
    assert [t["label"] for t in answer["targets"]] == ["Step A", "Ending END: Done"]
    assert "target missing" in answer["html"] and "no feedback" in answer["html"]
    assert "2 things to fix, flagged in red." in answer["html"]


@pytest.mark.django_db
def test_only_editors_get_the_map_and_nothing_breaks_on_junk(client, trainer_client, learner, home_page):
    url = reverse("quizzes_scenario_map")
    # a page id that names no page the trainer may edit is refused the way Wagtail refuses: back to the dashboard
    assert trainer_client.post(url, {"steps-count": "10**20", "scenario_page_id": "999999"}).status_code == 302
    # a NUL byte is refused before the view (the site's hostile-input guard)
    assert trainer_client.post(url, {"scenario_page_id": "1\x00"}).status_code == 400
    assert trainer_client.post(url, {"steps-count": "abc"}).status_code == 200
    client.logout()
    assert client.login(email=learner.email, password=PASSWORD)
    assert client.post(url, _form(target="x")).status_code in (302, 403)


@pytest.mark.django_db
def test_a_trainer_plays_from_a_middle_step_with_chosen_variables_and_nothing_is_recorded(trainer_client, home_page):
    _course, (module,) = make_course_with_modules(1)
    page = make_demo_scenario(module, "S1")
    spec = page.editor_spec()
    third = [node for node in spec["nodes"] if node["kind"] == "step"][2]
    url = reverse("quizzes_scenario_play", args=[page.pk])
    setup = trainer_client.get(url, {"at": third["key"]})
    assert setup.status_code == 200 and "Start at" in setup.content.decode()
    variables = {f"var_{v['key']}": v["maximum"] for v in spec["variables"]}
    shown = trainer_client.get(url, {"play": "1", "at": third["key"], "score": "7", **variables})
    content = shown.content.decode()
    assert f"Step “{third['name']}”" in html.unescape(content)
    assert "Score: <strong>7</strong>" in content
    chosen = trainer_client.get(url, {"play": "1", "at": third["key"], "score": "7", "choice": "0", **variables})
    first = third["choices"][0]
    assert html.escape(first["feedback"]) in chosen.content.decode()
    assert f"score now {7 + first['score']}" in chosen.content.decode()
    assert not Attempt.objects.exists()


@pytest.mark.django_db
def test_play_refuses_people_who_cannot_edit_the_scenario(client, learner, hr, home_page):
    _course, (module,) = make_course_with_modules(1)
    page = make_demo_scenario(module, "S1")
    url = reverse("quizzes_scenario_play", args=[page.pk])
    for person in (learner, hr):
        client.logout()
        assert client.login(email=person.email, password=PASSWORD)
        assert client.get(url).status_code in (302, 403)
