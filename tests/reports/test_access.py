"""Who reaches which report: HR everything, a manager only their reporting line (whatever filters or searches they
try), everyone else no report at all. Each view checks permission itself; the menu only follows."""

from __future__ import annotations

from django.contrib.auth.models import Group

import pytest

from people import roles
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

REPORTS = ["completion", "learners", "overdue", "completions-over-time", "quiz-results", "scenario-choices",
           "question-results"]  # fmt: skip
URLS = [f"/admin/learning-reports/{slug}/" for slug in REPORTS]
URLS += [f"/admin/learning-reports/{slug}/results/" for slug in REPORTS]
URLS += [f"/admin/learning-reports/{slug}/?export=csv" for slug in REPORTS]
URLS += ["/admin/learning-reports/learners/?export=xlsx&detail=modules", "/admin/learning-reports/exports/"]


def _user(role: str | None):
    if role is None:
        return None
    user = UserFactory(email=f"{role.lower()}@tarnwick.example")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), (roles.LEARNERS, 403), (roles.TRAINERS, 302), (roles.MANAGERS, 200), (roles.HR, 200)],
)
def test_every_report_url_is_for_hr_and_managers_only(client, role, expected):
    user = _user(role)
    if user:
        client.force_login(user)
    for url in URLS:
        response = client.get(url)
        assert response.status_code == expected, (role, url, response.status_code)
        if expected == 302:
            # Strangers are sent to log in (learners, signed in, get the "no access to the admin" page); a trainer (in
            # the admin, without report permissions) back to the admin's home with "Sorry, you do not have
            # permission to access this area."
            assert response["Location"].split("?")[0] in {"/admin/login/", "/admin/"}, response["Location"]


def test_a_trainer_is_told_why(client):
    client.force_login(_user(roles.TRAINERS))
    response = client.get("/admin/learning-reports/completion/", follow=True)
    assert "Sorry, you do not have permission to access this area." in response.content.decode()


def test_managers_reach_the_admin_for_their_reports_and_see_the_menu(client, org):
    client.force_login(org["aisha"])
    admin_home = client.get("/admin/")
    assert admin_home.status_code == 200
    html = admin_home.content.decode()
    assert "/admin/learning-reports/completion/" in html and "Completion rates" in html
    for elsewhere in ("/admin/pages/", "/admin/users/", "/admin/images/", "/admin/documents/"):
        assert client.get(elsewhere).status_code == 302, elsewhere  # nothing else of the admin opens up for them


def test_hr_has_the_reports_in_the_header_and_a_manager_reaches_them_from_my_team(client, org, learner):
    client.force_login(org["hr"])
    assert 'href="/admin/learning-reports/completion/"' in client.get("/learning/").content.decode()
    # Learner pages are learner pages (issue 19): a manager's reports are a button on My team, not a header link.
    client.force_login(org["aisha"])
    assert "/admin/learning-reports/" not in client.get("/learning/").content.decode()
    assert 'href="/admin/learning-reports/' in client.get("/team/").content.decode()
    client.force_login(learner)
    assert "/admin/learning-reports/" not in client.get("/learning/").content.decode()


def _learners_in(response) -> set[str]:
    return {row.email for row in response.context["object_list"]}


def test_a_manager_sees_only_their_reporting_line(client, org):
    client.force_login(org["aisha"])
    response = client.get("/admin/learning-reports/learners/")
    # Olga reports to Tomasz too, but she has been deactivated.
    assert _learners_in(response) == {"tomasz@tarnwick.example", "kwame@tarnwick.example", "lena@tarnwick.example"}
    assert "Covers the 3 active people who report to you" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"department": "cs"},  # another manager's department
        {"q": "jordan"},  # another manager's person, by name
        {"q": "jordan@tarnwick.example", "status": "not_started"},
    ],
)
def test_no_filter_or_search_reaches_past_a_managers_scope(client, org, query):
    if "department" in query:
        query = {"department": org["cs"].pk}
    client.force_login(org["aisha"])
    for slug in ("learners", "overdue"):
        response = client.get(f"/admin/learning-reports/{slug}/", query)
        assert response.status_code == 200
        assert "jordan@tarnwick.example" not in _learners_in(response)
        assert "Jordan Test" not in response.content.decode()
    rates = client.get("/admin/learning-reports/completion/", query)
    assert all(row.group != "Customer Service" for row in rates.context["object_list"])
    export = client.get("/admin/learning-reports/learners/", {**query, "export": "csv"})
    assert "jordan@tarnwick.example" not in b"".join(export.streaming_content).decode()


def test_the_other_manager_sees_only_theirs(client, org):
    client.force_login(org["helena"])
    response = client.get("/admin/learning-reports/learners/")
    assert _learners_in(response) == {"jordan@tarnwick.example"}
    rates = client.get("/admin/learning-reports/completion/", {"group_by": "course"})
    assert [(row.course, row.enrolled, row.completed) for row in rates.context["object_list"]] == [
        ("Crisis response", 1, 0),
        ("Every function is on social", 1, 1),
    ]


def test_hr_sees_everyone(client, org):
    client.force_login(org["hr"])
    response = client.get("/admin/learning-reports/learners/")
    assert len(_learners_in(response)) == 4  # Tomasz, Kwame, Lena, Jordan; never Olga
    assert "Covers everyone in the organisation" in response.content.decode()


def test_a_filter_value_that_does_not_exist_is_ignored_not_an_error(client, org):
    client.force_login(org["hr"])
    response = client.get("/admin/learning-reports/completion/", {"department": "999999", "enrolled_from": "nonsense"})
    assert response.status_code == 200


def test_a_report_page_makes_as_many_queries_for_more_people(client, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from courses import services as course_services
    from tests.reports.conftest import DUE_FUTURE, make_person

    client.force_login(org["hr"])

    def queries(url):
        client.get(url)  # warm the per-process caches (site settings, menus)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    urls = ["/admin/learning-reports/completion/", "/admin/learning-reports/learners/?status=overdue"]
    before = [queries(url) for url in urls]
    for index in range(6):
        person = make_person(f"extra{index}@tarnwick.example", department=org["dep"], manager=org["aisha"])
        course_services.enrol_user(user=person, course=org["crisis"], required=True, due_on=DUE_FUTURE)
    assert [queries(url) for url in urls] == before


# HR on a report page: the session, the user, the user's and their groups' permissions, Wagtail's user profile (5);
# Wagtail's admin chrome: locales, the group page, collection and site permissions and the explorer's root page (5).
HR_ADMIN_PAGE = 5 + 5
# The department and cohort filters' choices: departments, the department tree for their paths, cohorts.
GROUP_FILTERS = 3


@pytest.mark.parametrize(
    "url,pinned",
    [
        # the department tree, the maintained counts with the course titles
        ("/admin/learning-reports/completion/", HR_ADMIN_PAGE + GROUP_FILTERS + 2),
        # the department tree, the count (from the maintained counts) and the page of rows
        ("/admin/learning-reports/learners/?status=overdue", HR_ADMIN_PAGE + GROUP_FILTERS + 3),
        ("/admin/learning-reports/overdue/", HR_ADMIN_PAGE + GROUP_FILTERS + 3),
        # the department tree, one GROUP BY week
        ("/admin/learning-reports/completions-over-time/", HR_ADMIN_PAGE + GROUP_FILTERS + 2),
        # the quiz pages in scope, and the filter's scenario and knowledge-check choices
        ("/admin/learning-reports/quiz-results/", HR_ADMIN_PAGE + 2),
        # an export has no chrome and no filters: the session, user, permissions and profile, then the department
        # tree and the maintained counts with the course titles
        ("/admin/learning-reports/completion/?export=csv", 5 + 2),
    ],
)
def test_a_report_makes_its_pinned_number_of_queries(client, org, url, pinned, django_assert_num_queries):
    client.force_login(org["hr"])
    client.get(url)  # warm the per-process caches (site settings, menus)
    with django_assert_num_queries(pinned):
        assert client.get(url).status_code == 200
