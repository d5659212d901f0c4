"""Which Content-Security-Policy applies where (socialwise/csp.py): strict everywhere, Wagtail's own widget
initialisers allowed by hash on signed-in admin pages, never 'unsafe-inline'."""

import base64
import hashlib
import re

import pytest

from socialwise.csp import is_wagtail_initialiser, wagtail_script_hashes

pytestmark = pytest.mark.django_db


def _script_src(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("script-src")).split()


def _sha(script: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_sign_in_pages_keep_the_strict_policy(client, path):
    assert _script_src(client.get(path)) == ["script-src", "'self'"]


def test_learner_pages_keep_the_strict_policy(client, learner, home_page):
    client.force_login(learner)
    assert _script_src(client.get("/")) == ["script-src", "'self'"]


def test_an_admin_form_allows_exactly_its_wagtail_initialisers_by_hash(client, hr):
    client.force_login(hr)
    response = client.get("/admin/people/assignments/new/")
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL)
    inline = [body for attrs, body in scripts if "src=" not in attrs and "type=" not in attrs]
    assert any(body.startswith("initDateChooser(") for body in inline)  # the "Due on" picker
    script_src = _script_src(response)
    assert script_src[:2] == ["script-src", "'self'"]
    assert sorted(script_src[2:]) == sorted({_sha(body) for body in inline})
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src


@pytest.mark.parametrize(
    "script",
    [
        'initDateChooser("id_due_on", {"dayOfWeekStart": 1, "format": "Y-m-d"});',
        'new ImageChooser("id_cover", {"modalUrl": "/admin/images/chooser/"});',
        'createTaskChooser("id_task");',
        '\n  (function() {\n  var panel = new InlinePanel(JSON.parse("{\\u0022type\\u0022: 1}"));\n  })();\n',
    ],
)
def test_wagtails_initialisers_are_recognised(script):
    assert is_wagtail_initialiser(script)


@pytest.mark.parametrize(
    "script",
    [
        "alert(1)",
        'initDateChooser("x", {}); alert(1);',
        'initDateChooser("x", alert(1));',
        'new ImageChooser("x", {"a": 1}), fetch("/steal");',
        'new Function("alert(1)")("x");',
        'new ImageChooser("x", {"a": document.cookie});',
        '(function() { var panel = new InlinePanel(JSON.parse("x" + alert(1))); })();',
        'eval("initDateChooser(1)");',
    ],
)
def test_anything_else_is_not(script):
    assert not is_wagtail_initialiser(script)


def test_only_the_initialisers_of_a_page_get_a_hash():
    html = (
        '<script>initDateChooser("a", {});</script><script src="/static/x.js"></script>'
        '<script type="application/json">{"a": 1}</script><script>alert(1)</script>'
        '<SCRIPT>new PageChooser("p", {});</SCRIPT>'
    )
    assert wagtail_script_hashes(html) == [_sha('initDateChooser("a", {});'), _sha('new PageChooser("p", {});')]
