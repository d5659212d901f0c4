from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password_reaches_my_learning(client, learner):
    response = client.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.user == learner


def test_login_ignores_case_of_the_email(client, learner):
    client.post(reverse("account_login"), {"login": learner.email.upper(), "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_login_form_has_no_username_field(client):
    response = client.get(reverse("account_login"))
    content = response.content.decode()
    assert 'name="login"' in content and 'type="email"' in content
    assert "username" not in content.lower()


def test_wrong_password_ten_times_is_refused_with_a_clear_message(client, learner):
    messages = []
    for _ in range(10):
        response = client.post(reverse("account_login"), {"login": learner.email, "password": "wrong-password"})
        messages.append(response.content.decode())
    assert "The email address and/or password you specified are not correct." in messages[0]
    assert "Too many failed login attempts. Try again later." in messages[-1]
    # even the right password is refused while the limit holds
    response = client.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD})
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_forged_forwarded_for_does_not_reset_the_limit(client, learner):
    for n in range(6):
        client.post(
            reverse("account_login"),
            {"login": learner.email, "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = client.post(
        reverse("account_login"), {"login": learner.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert "Too many failed login attempts. Try again later." in response.content.decode()


def test_unverified_email_cannot_log_in_and_gets_a_verification_mail(client):
    user = UserFactory(email="new.joiner@tarnwick.example", verified_email=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True)
    assert "_auth_user_id" not in client.session
    assert "Verify Your Email Address" in response.content.decode()
    assert mail.outbox and mail.outbox[-1].to == [user.email]


def test_logout_ends_the_session(client, learner):
    client.force_login(learner)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_password_change_ends_every_other_session(learner):
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD})
    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302
    assert laptop.get(reverse("courses:dashboard")).status_code == 200
    assert phone.get(reverse("courses:dashboard")).status_code == 302  # sent back to the login page


def test_password_reset_sends_a_link_that_sets_a_new_password(client, learner):
    client.post(reverse("account_reset_password"), {"email": learner.email})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/password/reset/key/" in line).strip()
    path = link.split("testserver", 1)[-1] if "testserver" in link else link[link.index("/accounts/") :]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"password1": "brand-new-passphrase", "password2": "brand-new-passphrase"})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("brand-new-passphrase")


def test_password_reset_for_an_unknown_email_looks_the_same(client, learner):
    known = client.post(reverse("account_reset_password"), {"email": learner.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@tarnwick.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_sign_up_is_closed_by_default(client):
    response = client.get(reverse("account_signup"))
    assert "Sign Up Closed" in response.content.decode()


def test_open_sign_up_accepts_only_company_domains(client, settings):
    settings.SIGNUP_OPEN = True
    settings.SIGNUP_EMAIL_DOMAINS = ["tarnwick.example"]
    data = {"password1": "a-long-passphrase-1", "password2": "a-long-passphrase-1"}
    refused = client.post(reverse("account_signup"), {**data, "email": "someone@elsewhere.example"})
    assert "Use your work email address (tarnwick.example)." in refused.content.decode()
    accepted = client.post(reverse("account_signup"), {**data, "email": "someone@tarnwick.example"})
    assert accepted.status_code == 302
    assert mail.outbox[-1].to == ["someone@tarnwick.example"]


def test_open_sign_up_without_configured_domains_stays_closed(client, settings):
    settings.SIGNUP_OPEN = True
    settings.SIGNUP_EMAIL_DOMAINS = []
    response = client.get(reverse("account_signup"))
    assert "Sign Up Closed" in response.content.decode()
