"""Trainers in Wagtail's admin: the question import (upload → preview → confirm → summary), questions written as
GIFT, and scenario pages refused with errors that name the step."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from quizzes.models import Question, QuestionBank, QuestionCategory, ScenarioPage
from tests.factories.courses import make_course_with_modules
from tests.factories.people import PASSWORD
from tests.factories.quizzes import import_gift, make_demo_scenario

pytestmark = pytest.mark.django_db

DEMO_GIFT = Path(settings.BASE_DIR) / "demo" / "knowledge_check.gift"
BROKEN = Path(__file__).resolve().parent / "files" / "broken_questions.gift"
UPLOAD = reverse("quizzes_question_import:upload")
CONFIRM = reverse("quizzes_question_import:confirm")


@pytest.fixture
def trainer_client(client, trainer):
    assert client.login(email=trainer.email, password=PASSWORD)
    return client


def upload(client, path: Path, *, bank: str = "Socialwise demo", category: str = "", file_format: str = "gift"):
    return client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
            "file_format": file_format,
            "bank": bank,
            "category": category,
        },
    )


def token_in(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_a_trainer_uploads_previews_confirms_and_reads_the_summary(trainer_client):
    assert trainer_client.get(UPLOAD).status_code == 200
    preview = upload(trainer_client, DEMO_GIFT)
    content = preview.content.decode()
    assert preview.status_code == 200
    assert "knowledge_check.gift holds 10 questions for the bank “Socialwise demo”." in content
    assert "The bank does not exist yet and will be created." in content
    assert content.count("<td>Multiple choice</td>") == 6 and content.count("<td>True/false</td>") == 4
    assert content.count("<td>Socialwise demo/Leaders</td>") == 5
    assert "KC10 Deleting critics" in content
    assert not QuestionBank.objects.exists() and not Question.objects.exists()

    done = trainer_client.post(CONFIRM, {"token": token_in(preview)})
    assert done.status_code == 302
    summary = trainer_client.get(done["Location"]).content.decode()
    assert "Imported 10 questions from knowledge_check.gift into the bank “Socialwise demo”." in summary
    assert "<td>Multiple choice</td><td>6</td>" in summary and "<td>True/false</td><td>4</td>" in summary
    assert Question.objects.filter(category__bank__name="Socialwise demo").count() == 10

    again = trainer_client.post(CONFIRM, {"token": token_in(preview)})
    assert again["Location"] == done["Location"]
    assert Question.objects.count() == 10


def test_a_broken_file_previews_every_error_by_line_and_offers_no_confirm(trainer_client):
    preview = upload(trainer_client, BROKEN)
    content = preview.content.decode()
    assert "broken_questions.gift has 25 errors. Nothing has been imported" in content
    assert html.escape("Line 3: unclosed answer block '{'") in content
    assert html.escape("Line 53: weight 200% is out of range -100..100") in content
    assert 'name="token"' not in content
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


def test_an_expired_or_unknown_upload_cannot_be_confirmed(trainer_client):
    response = trainer_client.post(CONFIRM, {"token": "made-up"}, follow=True)
    assert "This upload has expired or was already imported. Upload the file again." in response.content.decode()
    assert not Question.objects.exists()


def test_an_id_number_taken_since_the_preview_is_reported_and_nothing_is_written(trainer_client, tmp_path):
    source = tmp_path / "ids.gift"
    source.write_text("// [id:Q1]\nFirst?{T}\n\nSecond?{F}\n")
    preview = upload(trainer_client, source, bank="B")
    reworded = tmp_path / "reworded.gift"
    reworded.write_text("// [id:Q1]\nFirst, reworded?{T}\n")
    other = upload(trainer_client, reworded, bank="B")
    trainer_client.post(CONFIRM, {"token": token_in(other)})
    response = trainer_client.post(CONFIRM, {"token": token_in(preview)})
    assert (
        html.escape("Line 2: ID number 'Q1' is already used in category 'the top level'") in response.content.decode()
    )
    assert Question.objects.count() == 1


def test_questions_already_in_the_bank_are_skipped_and_said_so_unless_asked_for(trainer_client, tmp_path):
    source = tmp_path / "fakes.gift"
    source.write_text("Old?{T}\n\nKept?{=a ~b}\n")
    trainer_client.post(CONFIRM, {"token": token_in(upload(trainer_client, source, bank="Impostors"))})
    source.write_text("Old?{T}\n\nKept?{=a ~b}\n\nKept?{=a ~c}\n\nNew?{F}\n")  # same text, other answers: new
    preview = upload(trainer_client, source, bank="Impostors")
    content = preview.content.decode()
    assert "2 new, 2 already in the bank: questions identical to one in the bank" in content
    assert content.count("already in the bank</span>") == 2
    done = trainer_client.post(CONFIRM, {"token": token_in(preview)})
    summary = trainer_client.get(done["Location"]).content.decode()
    assert (
        "Imported 2 questions from fakes.gift" in summary and "2 questions already in the bank were skipped." in summary
    )
    assert Question.objects.count() == 4
    # Ticking the option imports them anyway.
    path = source
    preview = trainer_client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
            "file_format": "gift",
            "bank": "Impostors",
            "allow_duplicates": "on",
        },
    )
    assert "already in the bank" not in preview.content.decode()
    trainer_client.post(CONFIRM, {"token": token_in(preview)})
    assert Question.objects.count() == 8


def test_uploading_a_file_whose_questions_are_all_in_the_bank_says_so_and_offers_nothing_to_confirm(trainer_client):
    trainer_client.post(CONFIRM, {"token": token_in(upload(trainer_client, DEMO_GIFT))})
    preview = upload(trainer_client, DEMO_GIFT)
    content = preview.content.decode()
    assert (
        "All 10 questions in knowledge_check.gift are already in the bank “Socialwise demo” (same type, text and "
        "answers): there is nothing new to import." in content
    )
    assert "upload the file again with “Import questions already in the bank” ticked" in content
    assert "holds 0" not in content and "Import 0" not in content and 'name="token"' not in content
    # With the option ticked, the preview offers all ten.
    preview = trainer_client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile(DEMO_GIFT.name, DEMO_GIFT.read_bytes()),
            "file_format": "gift",
            "bank": "Socialwise demo",
            "allow_duplicates": "on",
        },
    )
    assert "Import 10 questions" in preview.content.decode()


def test_only_people_allowed_to_add_questions_can_import(client, hr, learner):
    assert client.login(email=learner.email, password=PASSWORD)
    assert client.get(UPLOAD).status_code == 403  # the "no access to the admin" page
    assert client.login(email=hr.email, password=PASSWORD)
    # Wagtail answers a refused admin page by sending the person to the dashboard with a message.
    refused = client.get(UPLOAD, follow=True)
    assert refused.redirect_chain == [("/admin/", 302)]
    assert "Sorry, you do not have permission to access this area." in refused.content.decode()
    assert client.post(CONFIRM, {"token": "x"})["Location"] == "/admin/"
    assert not Question.objects.exists()


def test_the_quizzes_menu_shows_the_bank_and_the_import_to_trainers(trainer_client):
    content = trainer_client.get("/admin/").content.decode()
    for label in ("Quizzes", "Question banks", "Question categories", "Questions", "Import questions"):
        assert label in content
    import_gift("::Pause::Pause the promotion?{T}\n\n::Reply::Reply in public?{T}")
    listing = trainer_client.get(reverse("wagtailsnippets_quizzes_question:list"), {"q": "promotion"})
    assert listing.status_code == 200
    assert "Pause" in listing.content.decode() and "Reply" not in listing.content.decode()


def test_a_trainer_writes_a_question_in_gift_and_gets_errors_by_line(trainer_client):
    bank = QuestionBank.objects.create(name="Bank")
    category = QuestionCategory.objects.create(bank=bank, path="Crisis")
    add = reverse("wagtailsnippets_quizzes_question:add")
    bad = trainer_client.post(add, {"category": category.pk, "gift_source": "::T::Broken {=yes ~no"})
    assert bad.status_code == 200
    assert html.escape("Line 1: unclosed answer block '{'") in bad.content.decode()
    good = trainer_client.post(
        add,
        {"category": category.pk, "gift_source": "// [id:C1]\n::Pause::Pause the promotion?{TRUE#Think again.#Yes.}"},
    )
    assert good.status_code == 302
    question = Question.objects.get()
    assert (question.qtype, question.title, question.text, question.idnumber) == (
        "truefalse",
        "Pause",
        "Pause the promotion?",
        "C1",
    )
    assert question.data == {"answer": True, "feedback_wrong": "Think again.", "feedback_right": "Yes."}
    edit = trainer_client.get(reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk])).content.decode()
    assert html.escape("// [id:C1]\n::Pause::Pause the promotion? {TRUE#Think again.#Yes.}") in edit


def _scenario_form(page: ScenarioPage, *, first_target: str, action: str, debrief: str = "<p>Done.</p>") -> dict:
    def items(values):
        data = {str(i): {"value": v, "deleted": "", "order": str(i), "id": ""} for i, v in enumerate(values)}
        data["count"] = str(len(values))
        return data

    def option(text, target):
        return {"text": text, "feedback": "Why.", "score": "5", "effects": items([]), "next": target}

    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text("<p>Intro.</p>"),
            "pass_mark": "0",
            "attempts_allowed": "0",
            "score_to_keep": "best",
            "variables": streamfield([]),
            "steps": streamfield(
                [
                    (
                        "step",
                        {
                            "key": "A",
                            "clock": "09:00",
                            "situation": rich_text("<p>Something happens.</p>"),
                            "posts": items([]),
                            "choices": items([option("Go", first_target), option("Stop", "END")]),
                        },
                    ),
                    (
                        "ending",
                        {
                            "key": "END",
                            "outcome": "good",
                            "title": "Done",
                            "debrief": rich_text(debrief),
                            "lines": items([]),
                        },
                    ),
                ]
            ),
        }
    )
    if action == "publish":
        data["action-publish"] = "action-publish"
    return data


@pytest.mark.parametrize("action", ["save", "publish"])
def test_saving_or_publishing_a_broken_scenario_in_the_admin_shows_the_error_on_the_step(
    trainer_client, home_page, action
):
    _course, (module,) = make_course_with_modules(1)
    page = make_demo_scenario(module, "S1")
    revisions = page.revisions.count()
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = trainer_client.post(edit, _scenario_form(page, first_target="NOWHERE", action=action))
    assert response.status_code == 200
    message = "Step “A”, choice 1 leads to “NOWHERE”, which is not a step, branch or ending of this scenario."
    assert html.escape(json.dumps(message)[1:-1]) in response.content.decode()
    assert page.revisions.count() == revisions

    fixed = trainer_client.post(edit, _scenario_form(page, first_target="END", action=action))
    assert fixed.status_code == 302
    assert page.revisions.count() == revisions + 1


@pytest.mark.parametrize("action", ["save", "publish"])
def test_an_empty_ending_debrief_is_refused_at_save_and_publish_naming_the_ending(trainer_client, home_page, action):
    _course, (module,) = make_course_with_modules(1)
    page = make_demo_scenario(module, "S1")
    revisions = page.revisions.count()
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = trainer_client.post(edit, _scenario_form(page, first_target="END", action=action, debrief=""))
    assert response.status_code == 200
    message = "Ending “END” has no debrief: say what happened and what to take away."
    content = response.content.decode()
    assert html.escape(json.dumps(message)[1:-1]) in content
    assert "This field is required." not in content
    assert page.revisions.count() == revisions


def test_the_trainers_preview_shows_every_block_with_its_feedback_and_targets(rf, trainer, home_page):
    _course, (module,) = make_course_with_modules(1)
    page = make_demo_scenario(module, "S1")
    request = rf.get("/")
    request.user = trainer
    content = page.serve_preview(request, "steps").render().content.decode()
    assert "Step H2a" in content and "Branch ROUTE" in content and "Ending GOOD: Good" in content
    assert html.escape("You don't need the cause to speak.") in content
    assert "+10 points, leads to H2a" in content
    assert "trust ≥ 65" not in content and "trust &gt;= 65" in content


def test_a_trainer_may_add_quiz_pages_under_a_module(trainer_client, home_page):
    _course, (module,) = make_course_with_modules(1)
    for model in ("scenariopage", "knowledgecheckpage"):
        url = reverse("wagtailadmin_pages:add", args=["quizzes", model, module.pk])
        assert trainer_client.get(url).status_code == 200


def test_the_question_chooser_tells_identical_titles_apart_filters_and_previews(trainer_client):
    from quizzes import services
    from quizzes.gift import parse_gift

    for bank in ("Impostors", "Originals"):
        services.import_questions(
            bank_name=bank,
            questions=parse_gift(
                "$CATEGORY: Crisis\n::Same title::Deleting critical comments stops a complaint spreading.{F}\n\n"
                "::Same title::Which channel do you check first?{=The one you trust ~A rumour}\n"
            ).questions,
        )
    url = "/admin/snippets/choose/quizzes/question/"
    body = trainer_client.get(url).json()["html"]
    headings = [h.strip() for h in re.findall(r"<th[^>]*>\s*([^<]+)", body)]
    assert headings[-5:] == ["Bank", "Category", "Type", "Text", "Preview"]
    # Each filter reloads the results when changed (Wagtail's modal listens for this attribute).
    assert len(re.findall(r"<select[^>]*data-chooser-modal-search-filter", body)) == 3
    assert body.count("Impostors") >= 2 and body.count("Originals") >= 2
    assert "True/false" in body and "Multiple choice" in body
    assert "Deleting critical comments stops a complaint spreading." in body  # the first words
    # The preview opens in place with the whole question, answers included, escaped.
    assert "<details" in body and "=The one you trust" in body
    # Filters by bank, type and category, with the search.
    originals = QuestionBank.objects.get(name="Originals")
    results = trainer_client.get(f"{url}results/", {"bank": originals.pk, "qtype": "truefalse"}).content.decode()
    assert results.count("<details") == 1 and "Impostors" not in results
    category = originals.categories.get(path="Crisis")
    results = trainer_client.get(f"{url}results/", {"category": category.pk, "q": "channel"}).content.decode()
    assert results.count("<details") == 1 and "Which channel" in results
    # Junk filter values are ignored rather than a 500.
    assert (
        trainer_client.get(f"{url}results/", {"bank": "x", "qtype": "=cmd", "category": "10" * 10}).status_code == 200
    )
