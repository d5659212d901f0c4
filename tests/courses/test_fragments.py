"""courses' learner pages render with nothing registered in courses/hooks.py (no higher app), and show what higher
apps register there, escaped unless it came from a template."""

from __future__ import annotations

import pytest

from courses import hooks, services
from tests.factories.courses import make_course, make_module

pytestmark = pytest.mark.django_db

TASK = {"type": "practice_task", "value": {"prompt": "Find three public posts.", "days": 7}}


@pytest.fixture
def no_fragments(monkeypatch):
    for name in ("_dashboard_panels", "_card_notes", "_module_fragments"):
        monkeypatch.setattr(hooks, name, [])
    monkeypatch.setattr(hooks, "_block_fragments", {})


def _pages(client, learner):
    course = make_course(title="Listening course")
    first = make_module(course, title="Listening")
    second = make_module(course, title="Practising", body=[TASK])
    services.record_module_completion(user=learner, module=first)
    client.force_login(learner)
    return second


def test_the_pages_render_without_any_higher_app(client, learner, no_fragments):
    module = _pages(client, learner)
    page = client.get(module.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Find three public posts." in html
    assert 'class="practice-note"' not in html
    assert client.get("/learning/").status_code == 200


def test_practice_adds_its_note_form_through_the_registry(client, learner):
    module = _pages(client, learner)
    html = client.get(module.url).content.decode()
    assert 'class="practice-note"' in html
    assert f'action="/practice/notes/{module.pk}/' in html


def test_a_fragment_that_is_not_from_a_template_is_escaped(client, learner, no_fragments):
    hooks.register_dashboard_panel(lambda *, request: "<script>alert(1)</script>")
    hooks.register_module_fragment(lambda *, request, module: f"<b>{module.title}</b>")
    module = _pages(client, learner)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/learning/").content.decode()
    assert "&lt;b&gt;Practising&lt;/b&gt;" in client.get(module.url).content.decode()
