"""The sweep: every URL pattern the project defines, requested as anonymous, a learner, a manager (of another line), a
trainer, HR and an Administrator, with hostile parameters: huge integers, out-of-range dates, NUL, junk ids, another
learner's ids, every export format, a hostile POST body. It asserts never a 500, never another learner's private data,
never an answer key. One organisation for the whole module (tests/security/conftest.py, plus an open knowledge-check
attempt of Jordan's); each role's requests run in their own rolled-back transaction.

"The project defines" means: every URL outside `/admin/` (ours, allauth's, Wagtail's page serving) and every admin
URL whose view is ours or that sits under one of our admin sections. Wagtail's own admin screens (pages, images,
documents, settings) are Wagtail's code and left out, except through our sections; tests/browser/test_admin_sweep.py
opens those."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, TestCase
from django.urls import URLResolver, get_resolver

from wagtail.admin.views.mixins import SpreadsheetExportMixin

import pytest

from courses import services as course_services
from people import roles
from quizzes import services as quiz_services
from quizzes.models import Attempt
from tests.factories.people import UserFactory
from tests.factories.quizzes import import_gift, make_knowledge_check, question_blocks
from tests.security.conftest import NOTE, REFLECTION, build_world

OURS = ("cms", "courses", "quizzes", "people", "practice", "reminders", "certificates", "xapi", "reports", "analytics",
        "socialwise", "demo")  # fmt: skip
OUR_ADMIN_SECTIONS = ("admin/people/", "admin/bulk/people/", "admin/learning-reports/", "admin/practice/",
                      "admin/quizzes/", "admin/snippets/quizzes/", "admin/certificates_admin/", "admin/cohortschedule/",
                      "admin/cohortsession/", "admin/reminders/", "admin/xapi_statements/", "admin/users/")  # fmt: skip
# Never POSTed: they end the session the rest of the sweep needs (the POST still runs for every other URL).
NO_POST = ("accounts/logout/",)
HUGE = "9" * 22
KEY_FEEDBACK = "KEY-FEEDBACK-4471"
GIFT = "\n\n".join(
    f"::K{n}::Which reply fits {n}?{{=Calm {n}#{KEY_FEEDBACK} right {n} ~Angry {n}#{KEY_FEEDBACK} wrong {n}}}"
    for n in range(1, 4)
)
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
ROLES = ["anonymous", "learner", "manager", "trainer", "hr", "administrator"]


def _hostile_query(world) -> str:
    jordan = world["jordan"]
    values = [
        ("p", HUGE), ("page", "-1"), ("q", "' OR 1=1 --"), ("course", HUGE), ("department", "1e3"),
        ("cohort", "-7"), ("quiz", "1e99"), ("user", str(jordan.pk)), ("id", str(jordan.profile.pk)), ("id", HUGE),
        ("completed_from", "0001-01-01"), ("completed_to", "9999-12-31"), ("enrolled_from", "9999-12-31"),
        ("due_to", "0001-01-01"), ("created_at_from", "0001-01-01"), ("last_login_to", "9999-12-31"),
        ("date_from", "9999-99-99"), ("next", "//evil.example/"), ("ordering", "-password"), ("group_by", "nonsense"),
        ("weeks", HUGE), ("status", "=cmd"), ("detail", "modules"), ("format", "json"), ("sequence", HUGE),
    ]  # fmt: skip
    return "&".join(f"{name}={quote(value)}" for name, value in values)


# A NUL in a form field is answered 400 before any view, one in a query parameter dropped (socialwise/middleware.py):
# the query and body above carry none, so the views themselves are reached; one more request per URL carries NULs.
HOSTILE_POST = {
    "seconds": HUGE, "sequence": "-1", "answer": HUGE, "text": "x" * 20_000, "email": "=cmd|' /C calc'!A0",
    "login": "' OR 1=1 --", "password": "x", "id": HUGE, "confirm": "", "course": HUGE, "token": "../../etc/passwd",
    "code": "%s%s%s", "title": "<script>alert(1)</script>", "file_format": "gift", "bank": "=1+2", "done": "on",
    "block_id": HUGE, "user": "-1", "date": "9999-12-31", "starts_at": "0001-01-01T00:00",
}  # fmt: skip


def _routes():
    """(route with <converters>, view) of every pattern the project defines, as described above."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
                continue
            view = getattr(pattern.callback, "view_class", None) or pattern.callback
            ours = view.__module__.split(".")[0] in OURS
            if route.startswith("admin/") and not (ours or route.startswith(OUR_ADMIN_SECTIONS)):
                continue
            found.append((route, view))

    walk(get_resolver().url_patterns, "")
    return found


def _fill(route: str, values: dict[str, str], default_int: str, default_str: str) -> str | None:
    """A concrete path for `route`, its arguments from `values` by name (else the defaults); None for a regular
    expression route other than literal text and named groups (Wagtail's page-serving one: its pages are added)."""
    if "^" in route or "(?P<" in route:
        return _fill_regex(route, values, default_int, default_str)
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        value = values.get(name, default_int) if converter == "int" else quote(values.get(name, default_str), safe="/")
        route = re.sub(rf"<(?:\w+:)?{name}>", value, route, count=1)
    return "/" + route


def _fill_regex(route: str, values: dict[str, str], default_int: str, default_str: str) -> str | None:
    """A concrete path for a regular-expression route made of literal text and groups, as SCIM's are
    (`scim/v2/^Users/(?P<pk>[^/]+)/?$`): a named group's value from `values`, a number group the huge id; None for
    any other."""
    prefix, _caret, pattern = route.partition("^")
    pattern = pattern.removesuffix("$").removesuffix("/?")
    pattern = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: quote(values.get(m.group(1), default_str), safe=""), pattern)
    pattern = pattern.replace(r"(\d+)", default_int).replace("(.*)", default_str)
    pattern = pattern.replace("\\.", ".")
    if "<" in prefix or re.search(r"[\\^$()\[\]?*+|{}]", pattern):
        return None
    return "/" + prefix + pattern


def _paths(world) -> list[tuple[str, type | None]]:
    """Each route with another learner's ids (Jordan's) where the argument names one, a huge id or junk where not;
    plus the pages Wagtail serves for the course, its modules and quizzes."""
    jordan = world["jordan"]
    victim = {
        "pk": str(jordan.profile.pk), "user_id": str(jordan.pk), "course_id": str(world["course"].pk),
        "module_id": str(world["module"].pk), "page_id": str(world["check"].pk), "attempt_id": str(world["open"].pk),
        "sequence": "0", "certificate_id": str(world["certificate"].pk), "job_id": str(world["job"].pk),
        "refresher_id": HUGE, "session_id": HUGE, "block_id": world["reflection_id"], "code": "junk",
        "token": "junk", "provider_id": "junk", "app_label": "people", "model_name": "profile",
        "action": "erase_personal_data",
    }  # fmt: skip
    paths = []
    for route, view in _routes():
        # A listing's results-only URL is the same view as the listing; the listing stands for both.
        if route.endswith("results/") and not route.endswith("/result/"):
            continue
        path = _fill(route, victim, HUGE, "junk")
        if path is not None and (path, view) not in paths:
            paths.append((path, view))
    for page in (world["course"], world["module"], world["check"], world["scenario"]):
        paths.append((page.url, None))
    return paths


@pytest.fixture(scope="module")
def sweep_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world(TestCase.captureOnCommitCallbacks)
        questions = import_gift(GIFT, bank="Sweep bank")
        world["check"] = make_knowledge_check(world["module"].get_parent(), blocks=question_blocks(questions))
        course_services.record_module_visit(user=world["jordan"], module=world["module"])
        world["open"] = quiz_services.start_attempt(user=world["jordan"], page=world["check"])
        admin = UserFactory(email="root@tarnwick.example", is_superuser=True, is_staff=True)
        admin.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
        world["actors"] = {
            "anonymous": None,
            "learner": world["kwame"],
            "manager": world["helena"],  # another line: Jordan reports to Aisha
            "trainer": world["sam"],
            "hr": world["fatima"],
            "administrator": admin,
        }
        world["paths"] = _paths(world)
        yield world
        transaction.set_rollback(True)


def test_the_sweep_reaches_every_part_of_the_project(sweep_world):
    paths = [path for path, _view in sweep_world["paths"]]
    for expected in ("/accounts/personal-data/download/", "/admin/learning-reports/completions-over-time/",
                     "/admin/people/audit-log/", "/learning/", "/admin/people/import/", "/team/"):  # fmt: skip
        assert expected in paths, expected
    assert any(p.startswith("/quizzes/attempts/") for p in paths) and any(p.startswith("/certificates/") for p in paths)
    assert len(paths) > 100


def _leaks(role: str, text: str, world) -> list[str]:
    found = []
    tokens = {token for copy in world["open"].questions for token in copy["tokens"]}
    # Jordan's open attempt: its choice tokens are on Jordan's own page only.
    found += [f"choice token {t}" for t in tokens if t in text]
    # Private text: a reflection is its author's only; the practice note is not shared with the trainer.
    found += [marker for marker in (REFLECTION, NOTE) if marker in text]
    if role in {"anonymous", "learner", "manager"}:
        found += [f"feedback {KEY_FEEDBACK}"] if KEY_FEEDBACK in text else []
        found += [who for who in ("jordan@tarnwick.example", "Ellisworth") if who in text]
    return found


@pytest.mark.parametrize("role", ROLES)
def test_no_url_gives_a_500_another_learners_data_or_a_key(role, sweep_world):
    world = sweep_world
    actor = world["actors"][role]
    client = Client(raise_request_exception=False)
    query = _hostile_query(world)
    problems = []

    def check(method: str, path: str, response) -> None:
        if response.status_code >= 500:
            problems.append(f"{method} {path}: {response.status_code}")
            return
        body = b"".join(response.streaming_content) if response.streaming else response.content
        leaks = _leaks(role, body.decode("utf-8", "replace"), world)
        if leaks:
            problems.append(f"{method} {path}: shows {leaks}")

    with transaction.atomic():
        if actor is not None:
            client.force_login(actor)
        for path, view in world["paths"]:
            check("GET", path, client.get(f"{path}?{query}"))
            check("GET", f"{path} with NUL", client.get(f"{path}?q=%00&id=1%00&course=%00"))
            if view is not None and isinstance(view, type) and issubclass(view, SpreadsheetExportMixin):
                for export_format in ("csv", "xlsx"):
                    check("GET", f"{path} export={export_format}", client.get(f"{path}?{query}&export={export_format}"))
            if not path.lstrip("/").startswith(NO_POST):
                check("POST", path, client.post(f"{path}?{query}", HOSTILE_POST))
                if actor is not None and path.startswith("/accounts/"):
                    client.force_login(actor)  # a password or email form may have ended the session
        transaction.set_rollback(True)
    assert not problems, "\n".join(problems)


def test_the_open_attempt_is_still_open_and_jordans_own(sweep_world):
    """The sweep's answers (NUL, -1, huge sequences) to Jordan's attempt, by everyone else, changed nothing."""
    attempt = Attempt.objects.get(pk=sweep_world["open"].pk)
    assert attempt.user == sweep_world["jordan"] and attempt.position == 0 and attempt.submitted_at is None


SCIM_METHODS = ("get", "post", "put", "patch", "delete")


def test_every_scim_endpoint_refuses_a_missing_wrong_or_revoked_token(sweep_world):
    """Every /scim/v2/ route the project defines (found as the sweep finds them, so a new one is covered), with every
    method: no token, a session (an Administrator's) without a token, another scheme, a wrong token and a revoked
    one are each answered 401 in SCIM's error form, and nothing is written. A valid token gets past the check."""
    from people.models import AuditLog, Cohort, User
    from scim import services as scim_services

    paths = [path for path, _view in sweep_world["paths"] if path.startswith("/scim/v2/")]
    scim_routes = [route for route, _view in _routes() if route.startswith("scim/v2/")]
    assert len(paths) == len(scim_routes) >= 13, (paths, scim_routes)
    with transaction.atomic():
        _revoked, revoked_token = scim_services.create_client(name="Revoked", actor=None)
        scim_services.revoke_client(client=_revoked, actor=None)
        _valid, valid_token = scim_services.create_client(name="Valid", actor=None)
        counts = (User.objects.count(), Cohort.objects.count(), AuditLog.objects.count())
        anonymous, administrator = Client(), Client()
        administrator.force_login(sweep_world["actors"]["administrator"])
        refusals = [
            (anonymous, {}),
            (administrator, {}),
            (anonymous, {"HTTP_AUTHORIZATION": f"Basic {valid_token}"}),
            (anonymous, {"HTTP_AUTHORIZATION": "Bearer scim_" + "x" * 43}),
            (anonymous, {"HTTP_AUTHORIZATION": f"Bearer {valid_token[:-1]}"}),
            (anonymous, {"HTTP_AUTHORIZATION": f"Bearer {revoked_token}"}),
        ]
        body = '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "mallory@evil.example"}'
        problems = []
        for path in paths:
            for method in SCIM_METHODS:
                for client, headers in refusals:
                    response = client.generic(method.upper(), path, body, "application/scim+json", **headers)
                    payload = response.json() if response.status_code == 401 else {}
                    if (
                        response.status_code != 401
                        or payload.get("status") != "401"
                        or response.get("WWW-Authenticate") != 'Bearer realm="SCIM"'
                    ):
                        problems.append(f"{method.upper()} {path} {headers or 'session'}: {response.status_code}")
        written = (User.objects.count(), Cohort.objects.count(), AuditLog.objects.count())
        for path in paths:  # the same paths are real endpoints: a valid token is let through (what follows is theirs)
            for method in SCIM_METHODS:
                allowed = anonymous.generic(
                    method.upper(), path, "{}", "application/scim+json", HTTP_AUTHORIZATION=f"Bearer {valid_token}"
                )
                if allowed.status_code in (401, 500):
                    problems.append(f"{method.upper()} {path} with a valid token: {allowed.status_code}")
        transaction.set_rollback(True)
    assert not problems, "\n".join(problems)
    assert written == counts
