"""The issue's list: a readable summary beside the personal-data JSON, the favicon, no sign-up link while sign-up is
closed, and a quiet `make run` (one line for the demo, no Redis notice outside the server, a table saying who shows
what)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import StringIO

from django.core.management import call_command

import pytest

from courses import services as course_services
from demo.loaders.base import Report
from people.personal_data import summary_sections
from socialwise import apps as socialwise_apps
from tests.factories.courses import make_course_with_modules

pytestmark = pytest.mark.django_db


def test_the_personal_data_summary_reads_like_a_page_and_shows_only_ones_own(client, learner, other_learner):
    course, (module,) = make_course_with_modules(1, title="Every function is on social")
    course_services.enrol_user(user=learner, course=course)
    course_services.enrol_user(user=other_learner, course=make_course_with_modules(1, title="Board only")[0])
    client.force_login(learner)
    assert client.get("/accounts/personal-data/summary/").status_code == 405
    response = client.post("/accounts/personal-data/summary/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Everything we hold about you" in html and "learner@tarnwick.example" in html
    assert "Every function is on social" in html
    assert "Board only" not in html and "kwame@tarnwick.example" not in html
    assert "Read it here" in client.get("/accounts/personal-data/").content.decode()


def test_the_summary_is_made_from_the_export_data_alone():
    data = {
        "exported_at": datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        "account": {"email": "jordan@tarnwick.example", "is_active": True},
        "records": {
            "courses.Enrolment": [
                {"course_id": 7, "due_on": date(2026, 3, 1), "module_progress": [{"module_id": 8, "state": 2}]}
            ]
        },
    }
    account, enrolments = summary_sections(data)
    assert account.rows == [["Email", "jordan@tarnwick.example"], ["Is active", "yes"]]
    assert enrolments.title == "Enrolments"
    assert enrolments.columns == ["Course", "Due on", "Module progress"]
    assert enrolments.rows == [["7", "1 Mar 2026", "Module: 8; State: 2"]]
    # Up to four columns read as a table; a wider kind of record as one card each, empty fields left out.
    assert account.as_table and enrolments.as_table
    wide = summary_sections({"account": {}, "records": {"x.Wide": [dict.fromkeys("abcde", 1) | {"f": None}]}})[1]
    assert not wide.as_table
    assert wide.records == [[("A", "1"), ("B", "1"), ("C", "1"), ("D", "1"), ("E", "1")]]


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response.url.endswith("favicon.ico")


def test_the_sign_in_page_offers_sign_up_only_while_it_is_open(client, settings):
    settings.SIGNUP_OPEN = False
    html = client.get("/accounts/login/").content.decode()
    assert "/accounts/signup/" not in html and "sign up" not in html.lower()
    settings.SIGNUP_OPEN, settings.SIGNUP_EMAIL_DOMAINS = True, ["tarnwick.example"]
    assert 'href="/accounts/signup/"' in client.get("/accounts/login/").content.decode()


def test_make_run_says_one_line_for_the_demo_and_who_shows_what():
    report = Report()
    report.add("accounts", 14)
    report.add("courses", 3)
    assert report.summary() == "Demo loaded: 14 accounts, 3 courses."
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    text = out.getvalue()
    assert "priya.nair@tarnwick.example" in text and "mid-course" in text
    assert "kwame.mensah@tarnwick.example" in text and "overdue" in text
    assert "executive" in text and "finished everything" in text


@pytest.mark.parametrize(
    ("argv", "run_main", "notice"),
    [
        (["manage.py", "migrate"], None, False),
        (["manage.py", "seed_demo"], None, False),
        (["manage.py", "runserver", "127.0.0.1:8000"], None, False),  # the file watcher
        (["manage.py", "runserver", "127.0.0.1:8000"], "true", True),  # the server
        (["gunicorn"], None, True),
    ],
)
def test_the_redis_notice_comes_once_from_the_serving_process(monkeypatch, argv, run_main, notice):
    monkeypatch.setattr("sys.argv", argv)
    if run_main:
        monkeypatch.setenv("RUN_MAIN", run_main)
    else:
        monkeypatch.delenv("RUN_MAIN", raising=False)
    assert socialwise_apps._serving() is notice
