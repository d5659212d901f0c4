"""Every URL that takes an id, tried by people who have no business with that object: they get 404 or 403 (or the
log-in page when anonymous) and never see the owner's name or private text."""

from __future__ import annotations

from django.urls import reverse

import pytest

from tests.security.conftest import NOTE, REFLECTION

pytestmark = pytest.mark.django_db


def _urls(world) -> list[tuple[str, str, dict | None]]:
    """(method, url, POST data) of every learner, manager and HR URL that names one of Jordan's objects."""
    attempt, module, job = world["attempt"], world["module"], world["job"]
    jordan = world["jordan"]
    return [
        ("get", reverse("quizzes:attempt", args=[attempt.pk]), None),
        ("get", reverse("quizzes:attempt-feedback", args=[attempt.pk, 0]), None),
        ("get", reverse("quizzes:attempt-result", args=[attempt.pk]), None),
        ("post", reverse("quizzes:attempt-answer", args=[attempt.pk]), {"sequence": 0, "choice": "x"}),
        ("get", reverse("certificates:download", args=[world["certificate"].pk]), None),
        ("get", reverse("people:team-member", args=[jordan.pk]), None),
        ("post", reverse("people:remind", args=[jordan.pk, world["course"].pk]), {}),
        ("get", reverse("reports:export_job", args=[job.pk]), None),
        ("get", reverse("reports:export_job_status", args=[job.pk]), None),
        ("get", reverse("reports:export_download", args=[job.pk]), None),
        # Saving into someone else's reflection or note is impossible by construction (the user is the requester's),
        # but the posted text must never land in or reveal Jordan's rows.
        ("post", reverse("courses:reflection-save", args=[module.pk, world["reflection_id"]]), {"text": "overwrite"}),
        ("post", reverse("practice:note-save", args=[module.pk, world["task_id"]]), {"text": "overwrite"}),
    ]


OUTSIDERS = ["kwame", "helena", "grace", "sam"]  # another learner, another manager, another HR, a trainer


def _body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_nobody_else_reaches_jordans_objects_through_their_ids(client, world):
    for who in OUTSIDERS:
        client.force_login(world[who])
        for method, url, data in _urls(world):
            if who == "grace" and "/certificates/" in url:
                continue  # HR may download anyone's certificate (README: "Only the holder and HR")
            response = getattr(client, method)(url, data or {})
            body = _body(response)
            if "/reflections/" in url or "/notes/" in url:
                # the outsider writes their own row (or is refused); Jordan's text stays Jordan's and is never shown
                assert response.status_code in {302, 400, 403, 404}, (url, response.status_code)
            elif url.startswith("/admin/") and response.status_code == 302:
                # Wagtail sends people without admin access to its log-in page, and staff without the permission home
                assert response["Location"].split("?")[0] in {"/admin/", "/admin/login/"}, (
                    who,
                    url,
                    response["Location"],
                )
            else:
                assert response.status_code in {403, 404}, (who, url, response.status_code)
            assert "Ellisworth" not in body, (who, url)
            assert REFLECTION not in body and NOTE not in body, (who, url)
    from courses.models import ReflectionAnswer
    from practice.models import PracticeNote

    assert ReflectionAnswer.objects.get(user=world["jordan"]).text == REFLECTION
    assert PracticeNote.objects.get(user=world["jordan"]).text == NOTE


def test_anonymous_visitors_are_sent_to_log_in_for_every_private_url(client, world):
    for method, url, data in _urls(world):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302, url
        assert "/login/" in response["Location"], url


def test_the_owners_can_open_what_the_outsiders_cannot(client, world):
    """The refusals above are about who asks, not broken URLs."""
    client.force_login(world["jordan"])
    assert client.get(reverse("quizzes:attempt", args=[world["attempt"].pk])).status_code == 200
    assert client.get(reverse("certificates:download", args=[world["certificate"].pk])).status_code == 200
    module_page = client.get(world["module"].url).content.decode()
    assert REFLECTION in module_page and NOTE in module_page
    client.force_login(world["aisha"])
    assert "Ellisworth" in client.get(reverse("people:team-member", args=[world["jordan"].pk])).content.decode()
    client.force_login(world["fatima"])
    assert client.get(reverse("reports:export_job", args=[world["job"].pk])).status_code == 200


@pytest.mark.parametrize("who", ["kwame", "aisha", "fatima"])
def test_a_personal_data_download_holds_only_the_requesters_own_data(client, world, who):
    client.force_login(world[who])
    response = client.post(reverse("personal_data:download"))
    assert response.status_code == 200
    body = _body(response)
    assert world[who].email in body
    assert REFLECTION not in body and NOTE not in body and "jordan@tarnwick.example" not in body


@pytest.mark.parametrize("who", ["kwame", "aisha", "fatima"])
def test_other_peoples_module_pages_never_show_jordans_reflection_or_note(client, world, who):
    client.force_login(world[who])
    body = client.get(world["module"].url).content.decode()
    assert REFLECTION not in body and NOTE not in body
