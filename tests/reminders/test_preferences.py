from __future__ import annotations

import pytest

from reminders import services
from reminders.models import NotificationPreference

pytestmark = pytest.mark.django_db

URL = "/reminders/preferences/"
ADMIN = "/admin/reminders/preferences/"


@pytest.mark.parametrize(
    ("role", "url", "expected"),
    [
        (None, URL, 302),
        ("learner", URL, 200),
        ("manager", URL, 200),
        (None, ADMIN, 302),
        ("learner", ADMIN, 403),  # the "no access to the admin" page
        ("trainer", ADMIN, 302),  # Wagtail sends people without the permission back to the dashboard
        ("hr", ADMIN, 200),
    ],
)
def test_who_can_open_the_preference_pages(client, request, role, url, expected):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(url)
    assert response.status_code == expected
    if role is None:
        assert response["Location"].startswith("/accounts/login/" if url == URL else "/admin/login/")
    elif role == "trainer":
        assert response["Location"] == "/admin/"


def test_the_page_shows_both_settings_and_who_controls_required_reminders(client, learner):
    client.force_login(learner)
    page = client.get(URL).content.decode()
    assert 'name="optional_emails"' in page
    assert "checked" in page
    assert "Reminders about your required training are on." in page
    assert "Your HR team decides these reminders. To change them, ask HR." in page
    assert 'name="required_reminders"' not in page


def test_a_learner_turns_optional_emails_off_and_on(client, learner):
    client.force_login(learner)
    response = client.post(URL, {}, follow=True)
    assert "Your email preferences have been saved." in response.content.decode()
    assert NotificationPreference.objects.get(user=learner).optional_emails is False
    client.post(URL, {"optional_emails": "on"})
    assert NotificationPreference.objects.get(user=learner).optional_emails is True


def test_a_learner_cannot_turn_required_reminders_back_on_by_posting_them(client, learner, hr):
    services.set_required_reminders(user=learner, enabled=False, changed_by=hr)
    client.force_login(learner)
    client.post(URL, {"optional_emails": "on", "required_reminders": "on"})
    preference = NotificationPreference.objects.get(user=learner)
    assert preference.required_reminders is False
    assert preference.changed_by == hr
    assert "Reminders about your required training are off." in client.get(URL).content.decode()


def test_a_learner_cannot_turn_required_reminders_off_by_posting_them(client, learner):
    client.force_login(learner)
    client.post(URL, {"required_reminders": ""})
    assert NotificationPreference.objects.get(user=learner).required_reminders is True


def test_hr_turns_a_persons_required_reminders_off_in_the_admin(client, hr, learner):
    client.force_login(hr)
    response = client.post(f"{ADMIN}new/", {"user": learner.pk})  # unticked: off
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=learner)
    assert preference.required_reminders is False
    assert preference.changed_by == hr
    listing = client.get(ADMIN).content.decode()
    assert learner.email in listing or "Jordan Ellis" in listing


def test_hr_turns_them_on_again_and_cannot_move_the_preference_to_someone_else(client, hr, learner, other_learner):
    services.set_required_reminders(user=learner, enabled=False, changed_by=hr)
    preference = NotificationPreference.objects.get(user=learner)
    client.force_login(hr)
    response = client.post(f"{ADMIN}edit/{preference.pk}/", {"user": other_learner.pk, "required_reminders": "on"})
    assert response.status_code == 302
    preference.refresh_from_db()
    assert preference.user == learner
    assert preference.required_reminders is True
    assert not NotificationPreference.objects.filter(user=other_learner).exists()


def test_a_learner_cannot_reach_the_admin_preference_screens(client, learner):
    services.set_optional_emails(user=learner, enabled=True)
    preference = NotificationPreference.objects.get(user=learner)
    client.force_login(learner)
    response = client.post(f"{ADMIN}edit/{preference.pk}/", {"required_reminders": ""})
    assert response.status_code == 403  # the "no access to the admin" page
    assert NotificationPreference.objects.get(user=learner).required_reminders is True


def test_erasing_a_person_removes_their_preference_and_unlinks_hr(learner, other_learner, hr, manager):
    from people.personal_data import erase_person, export_user_data

    services.set_required_reminders(user=learner, enabled=False, changed_by=hr)
    services.set_required_reminders(user=other_learner, enabled=False, changed_by=hr)
    assert (
        export_user_data(user=learner)["records"]["reminders.NotificationPreference"][0]["required_reminders"] is False
    )
    erase_person(user=learner, actor=manager)
    assert not NotificationPreference.objects.filter(user=learner).exists()
    erase_person(user=hr, actor=None)
    kept = NotificationPreference.objects.get(user=other_learner)
    assert kept.required_reminders is False
    assert kept.changed_by is None
