"""Stored XSS: payloads typed into course content, mock social posts, people's names, the people CSV and GIFT
question texts come out escaped (or stripped) on every page that shows them."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

import pytest

from cms.blocks import RICH_TEXT_FEATURES
from people.models import User
from quizzes import services as quiz_services
from tests.factories.courses import make_course, make_module
from tests.factories.quizzes import import_gift, make_knowledge_check, question_blocks

pytestmark = pytest.mark.django_db

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"


class _Tags(HTMLParser):
    """Collects what a browser would run: on* attributes, script bodies and javascript:/data: links."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value}>")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:text")
            ):
                self.found.append(f"<{tag} {name}={value}>")
        self._in_script = tag == "script" and dict(attrs).get("type", "text/javascript") in {
            "text/javascript",
            "module",
        }

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert" in data:
            self.found.append(f"<script>{data}")


def assert_no_payload(html: str, where: str = "") -> None:
    assert "<script>alert" not in html, where
    parser = _Tags()
    parser.feed(html)
    assert parser.found == [], where


def _rich_text_from_the_editor(text: str, link: str) -> str:
    """What the admin's Draftail editor stores when a trainer types `text` and links it to `link`."""
    contentstate = {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "text": text,
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": len(text), "key": 0}],
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link}}},
    }
    return ContentstateConverter(features=RICH_TEXT_FEATURES).to_database_format(json.dumps(contentstate))


def test_course_content_and_social_posts_render_the_payloads_inert(client, learner):
    course = make_course(title="Crisis response")
    module = make_module(
        course,
        title=f"Module {IMG}",
        body=[
            {"type": "text", "value": _rich_text_from_the_editor(f"Click {SCRIPT}", "javascript:alert(1)")},
            {
                "type": "social_post",
                "value": {
                    "display_name": f"Troll {IMG}",
                    "handle": "@x<script>alert(1)</script>",
                    "platform": "microblog",
                    "posted_at": "Tue 18:52",
                    "text": f"Look {SCRIPT} {IMG}",
                    "quoted": SCRIPT,
                    "image_alt": IMG,
                },
            },
            {"type": "callout", "value": {"kind": "tip", "title": IMG, "text": "<p>fine</p>"}},
            {"type": "key_points", "value": {"heading": SCRIPT, "points": [IMG]}},
        ],
    )
    client.force_login(learner)
    for url in (module.url, course.url, reverse("courses:dashboard"), "/learning/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_payload(response.content.decode(), url)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(module.url).content.decode()


def test_peoples_names_are_escaped_on_the_team_page_reports_and_admin(client, world):
    jordan = world["jordan"]
    User.objects.filter(pk=jordan.pk).update(first_name=IMG, last_name=SCRIPT)
    client.force_login(world["aisha"])
    for url in ("/team/", reverse("people:team-member", args=[jordan.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_payload(response.content.decode(), url)
        assert "&lt;img src=x onerror=alert(1)&gt;" in response.content.decode()
    client.force_login(world["fatima"])
    for url in (
        reverse("reports:learners"),
        reverse("reports:overdue"),
        reverse("people_people:index"),
        reverse("people_people:edit", args=[jordan.profile.pk]),  # the people screens edit profiles
        reverse("certificates_admin:index"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_payload(response.content.decode(), url)


def test_names_in_an_imported_people_csv_are_escaped_in_the_preview_and_the_people_list(
    client, hr, django_capture_on_commit_callbacks
):
    client.force_login(hr)
    csv = f'email,first_name,last_name\nmal@tarnwick.example,"{IMG}","{SCRIPT}"\n'.encode()
    response = client.post("/admin/people/import/", {"file": SimpleUploadedFile("p.csv", csv, content_type="text/csv")})
    preview = client.get(response["Location"])
    assert_no_payload(preview.content.decode(), "import preview")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"confirm": "1"})
    assert User.objects.filter(email="mal@tarnwick.example", first_name=IMG).exists()
    assert_no_payload(client.get(reverse("people_people:index")).content.decode(), "people list")


@pytest.mark.parametrize("text_format", ["moodle", "plain", "html", "markdown"])
def test_gift_question_texts_with_scripts_are_inert_in_the_preview_and_on_the_question_page(
    client, trainer, learner, text_format
):
    gift = (
        f'::XSS {text_format}::[{text_format}]Which? {SCRIPT} {IMG} <a href\\="javascript:alert(1)">x</a>'
        f"{{=Right {SCRIPT} ~Wrong {IMG}}}\n"
    )
    client.force_login(trainer)
    preview = client.post(
        reverse("quizzes_question_import:upload"),
        {"file": SimpleUploadedFile("x.gift", gift.encode()), "file_format": "gift", "bank": "Bank", "category": ""},
    )
    assert preview.status_code == 200
    assert_no_payload(preview.content.decode(), "GIFT preview")
    course = make_course(title="Checks")
    module = make_module(course, title="Check module")
    questions = import_gift(gift)
    page = make_knowledge_check(module, blocks=question_blocks(questions))
    client.force_login(learner)
    attempt = quiz_services.start_attempt(user=learner, page=page)
    response = client.get(reverse("quizzes:attempt", args=[attempt.pk]))
    assert response.status_code == 200
    assert_no_payload(response.content.decode(), "question page")
