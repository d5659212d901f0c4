"""The issue's low-severity inputs, each performed as described: NUL bytes in a GIFT file and a people CSV (command and
admin), a truncated PNG in the image library, a login form posted as UTF-16, and a module time beacon replaying
`seconds=1800`. Expected: a clear error (FILE:LINE: message and exit 1; a form error; 400), nothing written, no 500."""

from __future__ import annotations

import re
from io import StringIO

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

import pytest
from freezegun import freeze_time

from courses.models import ModuleProgress
from courses.services import MAX_TIME_REPORT_SECONDS
from people import roles
from people.models import PeopleImport, User
from quizzes.models import Question, QuestionBank
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

GIFT_WITH_NUL = b"::Q1::First?{T}\n\n::Q2::Sec\x00ond?{F}\n\n::Q3::Third?{T}\n"
CSV_WITH_NUL = b"email,first_name,last_name\nnew.one@tarnwick.example,New,One\nnul@tarnwick.example,Nu\x00l,Person\n"
TRUNCATED_PNG = b"\x89PNG\r\n\x1a\n<script>alert(1)</script>"


@pytest.fixture
def admin_user(db):
    user = UserFactory(email="root@tarnwick.example", is_superuser=True, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    return user


@pytest.fixture
def hr_user(db):
    user = UserFactory(email="fatima@tarnwick.example", first_name="Fatima", last_name="Haddad")
    user.groups.add(Group.objects.get(name=roles.HR))
    return user


def _fail(*args) -> tuple[str, int]:
    err = StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command(*args, stdout=StringIO(), stderr=err)
    return err.getvalue(), caught.value.code


def test_a_gift_file_with_a_nul_byte_is_refused_by_file_and_line_and_nothing_is_written(tmp_path):
    path = tmp_path / "nul.gift"
    path.write_bytes(GIFT_WITH_NUL)
    err, code = _fail("import_questions", str(path), "--format", "gift", "--bank", "B")
    assert code == 1
    assert err.splitlines() == [f"{path}:3: contains a NUL character (byte 0x00), which cannot be stored: remove it"]
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


def test_a_gift_file_with_a_nul_byte_is_a_form_error_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("quizzes_question_import:upload"),
        {"file": SimpleUploadedFile("nul.gift", GIFT_WITH_NUL), "file_format": "gift", "bank": "B"},
    )
    assert response.status_code == 200
    assert "NUL character" in response.content.decode()
    assert not Question.objects.exists()


def test_a_people_csv_with_a_nul_byte_is_refused_by_the_command(tmp_path, hr_user):
    path = tmp_path / "people.csv"
    path.write_bytes(CSV_WITH_NUL)
    err, code = _fail("import_people", str(path), "--no-invitations")
    assert code == 1
    assert err.splitlines()[0].startswith(f"{path}:3: ")
    assert "NUL character" in err
    assert not User.objects.filter(email__endswith="@tarnwick.example").exclude(pk=hr_user.pk).exists()


def test_a_people_csv_with_a_nul_byte_is_a_form_error_in_the_admin(client, hr_user):
    client.force_login(hr_user)
    response = client.post(
        "/admin/people/import/", {"file": SimpleUploadedFile("people.csv", CSV_WITH_NUL, content_type="text/csv")}
    )
    assert response.status_code == 200
    assert "Line 3 contains a NUL character" in response.content.decode()
    assert not PeopleImport.objects.exists()
    assert not User.objects.filter(email="new.one@tarnwick.example").exists()


def test_a_truncated_png_is_a_form_error_in_the_image_library(client, admin_user):
    from wagtail.images.models import Image

    client.force_login(admin_user)
    response = client.post(
        "/admin/images/add/",
        {"title": "Evil", "file": SimpleUploadedFile("evil.png", TRUNCATED_PNG, content_type="image/png")},
    )
    assert response.status_code == 200
    assert "Upload a valid image." in response.content.decode()
    assert not Image.objects.exists()
    multiple = client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("evil.png", TRUNCATED_PNG, content_type="image/png")},
    )
    assert multiple.status_code in {200, 400}
    assert not Image.objects.exists()


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "no-such-charset"])
def test_a_login_posted_in_an_unreadable_charset_is_400(client, charset):
    body = "login=a@tarnwick.example&password=x".encode("utf-16" if charset == "utf-16" else "utf-8")
    response = client.generic(
        "POST", "/accounts/login/", body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 400


def test_a_replayed_time_beacon_adds_only_the_real_time_elapsed(client, learner):
    _course, (module,) = make_course_with_modules(1)
    client.force_login(learner)
    url = reverse("courses:module-time", args=[module.pk])
    with freeze_time("2025-03-03 09:00:00") as clock:
        client.get(module.url)  # the visit starts the module
        clock.tick(60)
        assert client.post(url, {"seconds": "1800"}).json() == {"time_spent_seconds": 60}
        for _ in range(5):
            clock.tick(2)
            client.post(url, {"seconds": str(MAX_TIME_REPORT_SECONDS)})
    progress = ModuleProgress.objects.get(enrolment__user=learner, module=module)
    assert progress.time_spent_seconds == 70  # one minute, then five beacons two seconds apart


def test_opening_a_button_only_address_in_the_browser_explains_itself_and_changes_nothing(client):
    """QA: a reload of "View summary" or a bookmarked "Remind" address was Django's empty 405, which Chromium shows as
    its own error page. A browser's GET gets the site's page (still 405, Allow kept); an API client gets the bare 405;
    and nothing is recorded or sent."""
    from people.models import AuditLog

    person = UserFactory(email="reader@tarnwick.example")
    person.groups.add(Group.objects.get(name=roles.LEARNERS))
    client.force_login(person)
    response = client.get(reverse("personal_data:summary"), HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = response.content.decode()
    assert "This address belongs to a button" in page and "Nothing was sent or changed." in page
    assert 'href="/learning/"' in page
    assert not AuditLog.objects.filter(action=AuditLog.Action.PERSONAL_DATA_EXPORTED).exists()
    api = client.get(reverse("personal_data:summary"), HTTP_ACCEPT="application/json")
    assert api.status_code == 405 and api.content == b""


HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}


def test_a_nul_in_a_form_is_the_sites_own_400_page_with_a_way_back(client, learner, hr):
    """QA: a NUL in a form POST got a bare text/plain 400, with no header and no way back. A browser now gets the
    site's page (header, reason, a link to the form, the site's policy); the input is never shown back."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    client.get("/reminders/preferences/")  # the browser's CSRF cookie
    response = client.post("/reminders/preferences/", {"note": "secret-marker\x00"}, **HTML)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert 'class="site-header"' in page and "Account" in page  # the signed-in header
    assert "which no field accepts. Remove it and try again." in page
    assert 'href="/reminders/preferences/">Back to the form</a>' in page
    assert "secret-marker" not in page
    # the Log out form in the header works: its token belongs to the browser's CSRF cookie
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302

    client.force_login(hr)
    response = client.post("/admin/people/cohorts/new/", {"name": "Night\x00shift", "code": "N"}, **HTML)
    assert response.status_code == 400 and 'href="/admin/people/cohorts/new/"' in response.content.decode()
    # a NUL in the address itself: no link back to it
    response = client.get("/learning/%00/", **HTML)
    assert response.status_code == 400 and "Back to the form" not in response.content.decode()
    # a client that does not ask for HTML (SCIM, a script) still gets the reason alone
    response = client.post("/reminders/preferences/", {"note": "x\x00"})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
