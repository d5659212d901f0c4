import os

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


def test_sign_in_and_password_reset_labels_end_without_a_colon(client):
    import re

    for name in ("account_login", "account_reset_password"):
        labels = re.findall(r"<label[^>]*>([^<]*)</label>", client.get(reverse(name)).content.decode())
        assert labels and not [label for label in labels if label.strip().endswith(":")], labels
    assert "Email" in labels


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


# --- Behind the reverse proxy (TRUSTED_PROXY_COUNT=1, as deploy/compose.yaml sets it) -----------------------------
PROXY = "172.18.0.2"  # the proxy's own address: every request arrives from it
STRANGER, COLLEAGUE = "203.0.113.7", "198.51.100.9"


def _through_proxy(client, email, password, *, client_ip, forged=None):
    """What the proxy forwards: whatever X-Forwarded-For the client wrote, then the address it saw appended."""
    forwarded = f"{forged}, {client_ip}" if forged else client_ip
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_behind_the_proxy_a_forged_forwarded_for_does_not_reset_the_per_address_limit(behind_one_proxy):
    accounts = [UserFactory(email=f"person{n}@tarnwick.example") for n in range(11)]
    for n, person in enumerate(accounts[:10]):  # one wrong password per account: only the per-address limit counts
        response = _through_proxy(Client(), person.email, "wrong-password", client_ip=STRANGER, forged=f"10.0.0.{n}")
        assert "The email address and/or password you specified are not correct." in response.content.decode()
    response = _through_proxy(Client(), accounts[10].email, PASSWORD, client_ip=STRANGER, forged="10.9.9.9")
    assert "Too many failed login attempts. Try again later." in response.content.decode()


def test_behind_the_proxy_each_real_client_address_is_counted_on_its_own(behind_one_proxy, learner):
    for n in range(10):
        _through_proxy(Client(), f"nobody{n}@tarnwick.example", "wrong-password", client_ip=STRANGER)
    assert "Too many failed" in _through_proxy(Client(), learner.email, PASSWORD, client_ip=STRANGER).content.decode()
    colleague = Client()
    response = _through_proxy(colleague, learner.email, PASSWORD, client_ip=COLLEAGUE)
    assert response.status_code == 302 and "_auth_user_id" in colleague.session


def test_a_stranger_guessing_an_administrators_password_locks_out_only_their_own_address(behind_one_proxy):
    from django.contrib.auth.models import Group

    from people import roles

    admin = UserFactory(email="admin@tarnwick.example")
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    for _ in range(5):
        _through_proxy(Client(), admin.email, "guess-guess-guess", client_ip=STRANGER)
    refused = _through_proxy(Client(), admin.email, PASSWORD, client_ip=STRANGER)
    assert "Too many failed login attempts. Try again later." in refused.content.decode()
    at_work = Client()
    response = _through_proxy(at_work, admin.email, PASSWORD, client_ip=COLLEAGUE)
    assert response.status_code == 302 and "_auth_user_id" in at_work.session


def test_a_request_that_reaches_the_app_without_the_proxy_is_counted_by_its_own_address(behind_one_proxy, learner):
    for _ in range(5):
        client = Client()
        client.post(reverse("account_login"), {"login": learner.email, "password": "wrong"}, REMOTE_ADDR=STRANGER)
    response = Client().post(
        reverse("account_login"), {"login": learner.email, "password": PASSWORD}, REMOTE_ADDR=STRANGER
    )
    assert "Too many failed login attempts. Try again later." in response.content.decode()


def test_the_proxy_count_comes_from_the_environment_and_the_compose_stack_sets_one():
    import subprocess
    import sys
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    read = "from socialwise.settings import base; print(base.ALLAUTH_TRUSTED_PROXY_COUNT)"
    for value, expected_count in (("2", "2"), ("", "0")):
        env = {**os.environ, "TRUSTED_PROXY_COUNT": value}
        out = subprocess.run(
            [sys.executable, "-c", read], cwd=root, env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.split()[-1] == expected_count
    web = yaml.safe_load((root / "deploy" / "compose.yaml").read_text())["services"]["web"]
    assert web["environment"]["TRUSTED_PROXY_COUNT"] == "1"


def test_sign_in_and_password_pages_speak_in_sentence_case(client, learner):
    """Our templates over allauth's: "Sign in", not "Sign In"; no "Reset My Password" or "Change Password"."""
    import re

    pages = [client.get(reverse("account_login")), client.get(reverse("account_reset_password"))]
    client.force_login(learner)
    pages.append(client.get(reverse("account_change_password")))
    for response in pages:
        html = response.content.decode()
        assert not re.search(r"Sign In|Password Reset|Reset My Password|Change Password|Log In", html), html
    assert re.search(r"<button[^>]*>\s*Sign in\s*</button>", pages[0].content.decode())
    assert "<h1>Reset your password</h1>" in pages[1].content.decode()
    assert re.search(r"<button[^>]*>\s*Change password\s*</button>", pages[2].content.decode())
