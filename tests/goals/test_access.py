"""Privilege attacks on goals: a manager reaching another team's objective or a department not theirs, a learner
reaching the admin screens or posting values, a learner reading or deleting another's goal by id, a manager
reviewing a goal outside their team, and a manager seeing a goal's words only when they were shared."""

from __future__ import annotations

import pytest

from goals import services
from goals.models import GoalReview, MetricSource, MetricValue, Objective, PersonalGoal

pytestmark = pytest.mark.django_db


def objective_form(org, department, **extra):
    data = {
        "title": "Posts people answer",
        "department": department.pk,
        "metric": "replies per service post",
        "unit": "replies",
        "direction": "higher",
        "frequency": "week",
        "baseline_value": "4",
        "baseline_from": "2025-01-06",
        "baseline_to": "2025-03-24",
        "target_value": "20",
        "review_on": "2026-06-01",
    }
    data.update(extra)
    return data


def test_a_manager_sees_and_changes_only_their_own_departments_objectives(client, org):
    client.force_login(org["aisha"])
    listing = client.get("/admin/goals/objective/").content.decode()
    assert org["cs_objective"].title in listing and org["ops_objective"].title not in listing
    other = org["ops_objective"].pk
    for url in (
        f"/admin/goals/objective/edit/{other}/",
        f"/admin/goals/objectives/{other}/values/",
        f"/admin/goals/objectives/{other}/import/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/admin/goals/objectives/{other}/values/", {"period": "2026-03-02", "value": "1"}).status_code
        == 404
    )
    assert client.post(f"/admin/goals/objective/delete/{org['cs_objective'].pk}/").status_code in (302, 403)
    assert not MetricValue.objects.exists() and Objective.objects.count() == 2


def test_a_manager_cannot_give_an_objective_to_another_department_or_a_cohort(client, org, ops):
    client.force_login(org["aisha"])
    response = client.post("/admin/goals/objective/new/", objective_form(org, ops))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    made = client.post("/admin/goals/objective/new/", objective_form(org, org["cs"], cohort="1"))
    assert made.status_code == 302
    created = Objective.objects.get(title="Posts people answer")
    assert created.department == org["cs"] and created.cohort is None and created.created_by == org["aisha"]


def test_learners_reach_no_goals_admin_screen(client, org):
    client.force_login(org["jordan"])
    for url in (
        "/admin/goals/objective/",
        f"/admin/goals/objectives/{org['cs_objective'].pk}/values/",
        "/admin/goals/sources/",
        "/admin/goals/report/",
    ):
        assert client.get(url).status_code in (302, 403, 404), url
    client.post(f"/admin/goals/objectives/{org['cs_objective'].pk}/values/", {"period": "2026-03-02", "value": "1"})
    assert not MetricValue.objects.exists()


def test_managers_cannot_make_source_tokens(client, org):
    client.force_login(org["aisha"])
    assert client.get("/admin/goals/sources/").status_code in (302, 403)  # Wagtail answers a refusal by redirect
    client.post("/admin/goals/sources/", {"name": "x", "objectives": [org["cs_objective"].pk]})
    assert not MetricSource.objects.exists()


def test_a_learners_goal_is_theirs_alone(client, org):
    goal = services.save_personal_goal(
        user=org["jordan"],
        objective=org["cs_objective"],
        text="Answer refund questions in public",
        shared_with_manager=False,
    )
    client.force_login(org["kwame"])
    assert "Answer refund questions" not in client.get("/goals/").content.decode()
    assert client.post(f"/goals/{goal.pk}/delete/").status_code == 404
    # Kwame cannot link a goal to another team's objective either
    response = client.post("/goals/", {"objective": org["cs_objective"].pk, "text": "mine"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert PersonalGoal.objects.count() == 1


def test_the_manager_sees_that_a_goal_exists_and_its_words_only_when_shared(client, org):
    goal = services.save_personal_goal(
        user=org["jordan"],
        objective=org["cs_objective"],
        text="Answer refund questions in public",
        shared_with_manager=False,
    )
    client.force_login(org["aisha"])
    page = client.get("/goals/team/").content.decode()
    assert "Jordan Ellis" in page and "Has a goal (not shared)" in page and "Answer refund questions" not in page
    goal.shared_with_manager = True
    goal.save()
    assert "Answer refund questions" in client.get("/goals/team/").content.decode()
    assert client.post(f"/goals/team/{goal.pk}/review/", {"reviewed_on": "2026-03-02"}).status_code == 302
    assert GoalReview.objects.get().reviewed_by == org["aisha"]
    assert "2 Mar 2026" in client.get("/goals/team/").content.decode()


def test_another_teams_manager_cannot_see_or_review_the_goal(client, org):
    goal = services.save_personal_goal(
        user=org["jordan"], objective=org["cs_objective"], text="secret words", shared_with_manager=True
    )
    client.force_login(org["tomasz"])
    assert "Jordan" not in client.get("/goals/team/").content.decode()
    assert client.post(f"/goals/team/{goal.pk}/review/", {"reviewed_on": "2026-03-02"}).status_code == 404
    client.force_login(org["jordan"])  # a learner is no manager, of themselves or anyone
    assert client.get("/goals/team/").status_code == 403
    assert client.post(f"/goals/team/{goal.pk}/review/", {"reviewed_on": "2026-03-02"}).status_code == 404
    assert not GoalReview.objects.exists()


@pytest.mark.parametrize("goal_id", ["0", "99999999999999999999"])
def test_junk_goal_ids_are_404(client, org, goal_id):
    client.force_login(org["aisha"])
    assert client.post(f"/goals/team/{goal_id}/review/", {"reviewed_on": "2026-03-02"}).status_code == 404


def test_a_review_date_out_of_range_is_a_message(client, org):
    goal = services.save_personal_goal(
        user=org["jordan"], objective=org["cs_objective"], text="x", shared_with_manager=False
    )
    client.force_login(org["aisha"])
    response = client.post(f"/goals/team/{goal.pk}/review/", {"reviewed_on": "9999-01-01"}, follow=True)
    assert response.status_code == 200 and "2099" in response.content.decode()
    assert not GoalReview.objects.exists()


def test_revoking_a_source_asks_first_and_only_hr_may(client, org):
    """QA: "Revoke" was a one-click POST that cannot be undone. GET now asks; only the POST revokes."""
    source, _token = services.create_metric_source(name="QA source", objectives=[org["cs_objective"]], actor=org["hr"])
    url = f"/admin/goals/sources/{source.pk}/revoke/"
    for outsider in (org["aisha"], org["jordan"]):
        client.force_login(outsider)
        assert client.get(url).status_code in (302, 403)
        assert client.post(url).status_code in (302, 403)
        source.refresh_from_db()
        assert source.revoked_at is None, outsider
    client.force_login(org["hr"])
    assert f'href="{url}"' in client.get("/admin/goals/sources/").content.decode()  # a link, not a form
    page = client.get(url)
    assert page.status_code == 200
    assert "Revoke the token of <strong>QA source</strong>?" in page.content.decode()
    source.refresh_from_db()
    assert source.revoked_at is None
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == "/admin/goals/sources/"
    source.refresh_from_db()
    assert source.revoked_at is not None
    assert "was revoked on" in client.get(url).content.decode()
