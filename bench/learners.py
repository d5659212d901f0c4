"""Scripted learners, for the load benchmarks and the resilience tests that drive the site over real HTTP: accounts
signed in without the login form (a session made directly, as a login makes it), and what such a learner reads off
a scenario step page to answer it.

The parsing half has no Django import, so load generators and the test clients can use it; the account half runs inside
`manage.py shell` against the benchmark's database."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from people.models import User

_SEQUENCE = re.compile(r'name="sequence" value="(\d+)"')
_CHOICES = re.compile(r'name="choice" id="[^"]+" value="([^"]+)"')
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class StepForm(NamedTuple):
    """The answer form of the scenario step a page shows."""

    sequence: str
    choices: list[str]
    token: str

    def answer(self, choice: str) -> dict[str, str]:
        """The POST data that answers this step with `choice`."""
        return {"csrfmiddlewaretoken": self.token, "sequence": self.sequence, "choice": choice}


def step_form(html: str) -> StepForm | None:
    """The step's answer form, or None when the page shows none (a result, a locked quiz, an error page)."""
    sequence, token, choices = _SEQUENCE.search(html), _TOKEN.search(html), _CHOICES.findall(html)
    if not (sequence and token and choices):
        return None
    return StepForm(sequence.group(1), choices, token.group(1))


def bench_user(email: str, *, password: str, group: str = "") -> User:
    """The person with `email`, made with `password` and a verified address the first time; in `group` if given."""
    from django.contrib.auth.models import Group

    from allauth.account.models import EmailAddress

    from people.models import User

    user, created = User.objects.get_or_create(email=email)
    if created:
        user.set_password(password)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def session_for(user: User) -> str:
    """A new session in which `user` is signed in, as the login view would leave it; returns its key (the cookie)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key
