"""The goals and return report: the 50 % and 90 % weeks from the relying courses, the comparison, the investment
under the small-group rule, who sees which objective, the export through analytics/exports.py, and a fixed number of
queries whatever the number of objectives and values."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from freezegun import freeze_time

from courses import services as course_services
from courses.models import ModulePage, ModuleProgress
from goals import selectors, services
from goals.models import HourlyCost, MetricValue
from tests.factories.courses import make_course_with_modules
from tests.goals.conftest import make_objective
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 1, 5)


def weekly_values(objective, values, first=MONDAY):
    MetricValue.objects.bulk_create(
        MetricValue(objective=objective, period_start=first + timedelta(weeks=i), value=Decimal(v), source="test")
        for i, v in enumerate(values)
    )


@pytest.fixture
def team(org):
    """Customer Service with six people, a course the objective relies on, completed by four of them in March."""
    course, modules = make_course_with_modules(1, title="Every function is on social")
    people = [org["aisha"], org["jordan"]] + [
        make_person(f"cs{i}@tarnwick.example", department=org["cs"], manager=org["aisha"]) for i in range(4)
    ]
    for person in people:
        course_services.enrol_user(user=person, course=course)
    for day, person in zip((2, 4, 6, 20), people[:4], strict=True):  # 3 of 6 on 4 March (50 %), not yet 90 %
        with freeze_time(f"2026-03-{day:02d} 10:00"):
            course_services.record_module_completion(user=person, module=modules[0])
    ModuleProgress.objects.filter(enrolment__user__in=people).update(time_spent_seconds=1800)
    HourlyCost.objects.create(department=org["cs"], amount=Decimal(22))
    objective = org["cs_objective"]
    objective.courses.set([course])
    weekly_values(objective, [1150] * 8 + [1000] * 4 + [900] * 4)  # 50 % week: 2 March = week 8
    return {**org, "people": people, "course": course, "objective": objective}


def test_marks_comparison_and_investment(team):
    report = selectors.objective_reports(objectives=[team["objective"]])[0]
    assert report.people == 6 and report.enough_people
    assert report.marks == {50: date(2026, 3, 2)}
    comparison = report.comparison
    assert comparison.periods == 8 and comparison.before.mean == 1150 and comparison.after.mean == 950
    assert comparison.verdict == "better" and round(comparison.percent) == -17
    assert report.baseline_observed is None  # the baseline period (2025) has no recorded values
    assert round(report.progress) == round((950 - 1150) / (800 - 1150) * 100)
    assert report.investment.hours == 2.0  # the four who studied × 30 minutes of module time
    assert report.investment.cost == Decimal(44)  # 2 hours at £22
    assert [m.month for m in report.investment.months] == [date(2026, 3, 1)]  # when the time was last added


def test_the_small_group_rule_holds_back_the_investment(org, settings):
    settings.REPORTS_MIN_GROUP_SIZE = 5
    report = selectors.objective_reports(objectives=[org["cs_objective"]])[0]
    assert report.people == 2 and report.investment is None
    assert "Fewer than 5 learners" in report.small_group_notice


def test_the_page_says_association_not_proof_and_managers_see_their_own(client, team):
    client.force_login(team["aisha"])
    page = client.get("/admin/goals/report/").content.decode()
    assert "This report shows association, not proof." in page
    assert team["objective"].title in page and team["ops_objective"].title not in page
    assert "50 % done" in page and "<svg" in page and "<script" not in page.split("<svg", 1)[1].split("</svg>")[0]
    assert "6 people, 2.0 hours in all, £44." in page and "<tr><td>March 2026</td><td>2.0</td><td>44</td></tr>" in page
    objective = team["objective"]
    objective.metric = "<b>calls</b> & more"
    objective.save()
    chart = (
        client.get("/admin/goals/report/").content.decode().split('<svg class="sw-chart__svg"')[1].split("</svg>")[0]
    )
    assert "<b>" not in chart and "&lt;b&gt;calls&lt;/b&gt; &amp; more, " in chart
    detail = client.get(f"/admin/goals/report/{team['objective'].pk}/").content.decode()
    assert "1,150 calls" in detail and "every value" in detail  # the chart's table
    assert client.get(f"/admin/goals/report/{team['ops_objective'].pk}/").status_code == 404
    client.force_login(team["jordan"])
    assert client.get("/admin/goals/report/").status_code in (302, 403)


def test_the_export_goes_through_the_neutralising_writer(client, org):
    objective = org["cs_objective"]
    objective.title = '=HYPERLINK("http://evil.example")'
    objective.save()
    weekly_values(objective, [1, 2])
    client.force_login(org["hr"])
    csv = b"".join(client.get("/admin/goals/report/?export=csv").streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "\n=HYPERLINK" not in csv
    assert csv.count("\n") == 1 + 2 + 1  # heading, two periods, the objective without values
    xlsx = client.get("/admin/goals/report/?export=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_report_takes_a_fixed_number_of_queries(client, team, settings):
    """Every kind of row the report reads is there from the start (a department's and a cohort's objective, relying
    courses done, module time, a cohort session, hourly costs, shown investments), so the count can only grow with
    the objectives, people and values added after it: and it must not."""
    from people.models import Cohort, CohortMembership
    from practice.models import CohortSession

    settings.REPORTS_MIN_GROUP_SIZE = 2
    client.force_login(team["hr"])
    squad = Cohort.objects.create(code="SQUAD", name="Disruption response squad")
    for person in (team["kwame"], team["tomasz"]):
        CohortMembership.objects.create(cohort=squad, user=person)
    module = ModulePage.objects.child_of(team["course"]).first()
    CohortSession.objects.create(cohort=squad, module=module, starts_at="2026-02-03T09:00Z", minutes=90, place="Depot")
    cohort_objective = make_objective(actor=team["hr"], cohort=squad, title="Disruption updates within 10 minutes")
    cohort_objective.courses.set([team["course"]])
    weekly_values(cohort_objective, range(5))

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/admin/goals/report/")
        assert page.status_code == 200
        return len(queries), page.content.decode()

    small, page = count()
    assert page.count('class="sw-goal"') == 3 and page.count("hours in all") == 3
    for i in range(6):
        department = team["cs"] if i % 2 else team["ops"]
        objective = make_objective(actor=team["hr"], department=department, title=f"Objective {i}")
        objective.courses.set([team["course"]])
        weekly_values(objective, range(40 + i))
    for i in range(5):
        course_services.enrol_user(
            user=make_person(f"more{i}@tarnwick.example", department=team["ops"]), course=team["course"]
        )
    services.save_personal_goal(user=team["jordan"], objective=team["objective"], text="x", shared_with_manager=False)
    large, page = count()
    assert page.count('class="sw-goal"') == 9
    assert large == small


def test_the_weekly_digest_lists_the_objectives_with_the_honest_wording(org, mailoutbox):
    from reports import services as report_services

    weekly_values(org["cs_objective"], [1150, 1020])
    assert report_services.send_weekly_digest(recipient=org["hr"], period="2026-W10")
    body = mailoutbox[0].body
    assert "Goals and return (this shows association, not proof):" in body
    assert "- Fewer repeat calls about refunds: latest 1,020 calls (baseline 1,150 calls, target 800 calls)." in body
    assert "association, not proof" in mailoutbox[0].alternatives[0][0]


def test_cohort_sessions_count_for_those_marked_present_and_cost_falls_back_to_the_parent_department(org, ops):
    from people import services as people_services
    from people.models import Cohort, CohortMembership
    from practice import services as practice_services
    from practice.models import CohortSession

    control_room = people_services.create_department(name="Control room", code="CTRL", parent=ops)
    HourlyCost.objects.create(department=ops, amount=Decimal(28))
    people_services.update_profile(user=org["kwame"], department=control_room)
    cohort = Cohort.objects.create(code="SQUAD", name="Disruption response squad")
    CohortMembership.objects.create(cohort=cohort, user=org["kwame"])
    CohortMembership.objects.create(cohort=cohort, user=org["tomasz"])
    _course, modules = make_course_with_modules(1, title="When things go wrong")

    def session(starts_at, minutes):
        return CohortSession.objects.create(
            cohort=cohort, module=modules[0], starts_at=starts_at, minutes=minutes, place="Hollin depot"
        )

    registered = session("2026-02-03T09:00Z", 90)
    practice_services.save_cohort_session(session=registered, register_taken=True, attendees=[org["kwame"]])
    unregistered = session("2026-02-10T09:00Z", 60)  # held, no register taken: counts for no one
    session("2099-02-03T09:00Z", 60)  # not held yet: not counted, not missing a register
    people = {org["kwame"].pk, org["tomasz"].pk}
    spent = selectors.investment_by_person(people)
    assert spent[org["kwame"].pk] == {(date(2026, 2, 1), "sessions"): 5400}
    assert org["tomasz"].pk not in spent  # a member, but not marked present
    assert selectors.sessions_without_register(people) == {
        org["kwame"].pk: {unregistered.pk},
        org["tomasz"].pk: {unregistered.pk},
    }
    costs, parents = selectors.hourly_costs()
    assert selectors.cost_for(control_room.pk, costs, parents) == Decimal(28)
    assert selectors.cost_for(org["cs"].pk, costs, parents) is None


def test_the_report_says_how_many_held_sessions_have_no_register(client, org, settings):
    from people.models import Cohort, CohortMembership
    from practice.models import CohortSession

    settings.REPORTS_MIN_GROUP_SIZE = 2
    cohort = Cohort.objects.create(code="SQUAD", name="Disruption response squad")
    for person in (org["kwame"], org["tomasz"]):
        CohortMembership.objects.create(cohort=cohort, user=person)
    _course, modules = make_course_with_modules(1, title="When things go wrong")
    for day in (3, 10):
        CohortSession.objects.create(
            cohort=cohort, module=modules[0], starts_at=f"2026-02-{day:02d}T09:00Z", minutes=60, place="Depot"
        )
    client.force_login(org["hr"])
    page = client.get("/admin/goals/report/").content.decode()
    assert "2 cohort sessions held without a register taken are not counted" in page  # the ops objective
    assert page.count("without a register taken") == 1  # customer service has no cohort
