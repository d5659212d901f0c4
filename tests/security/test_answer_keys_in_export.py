"""The issue's attack on the personal-data download: a learner starts a knowledge check (or opens a refresher) without
answering, downloads "Your data" and looks in it for the answer key: the choices' fractions and feedback and the map
from the page's opaque tokens to choice indexes. With the key, answering with the token of the right choice passes.
The download must hold what the learner gave and was given, never grading data for anything not yet answered."""

from __future__ import annotations

import json
import re

from django.urls import reverse

import pytest
from freezegun import freeze_time

from quizzes import services as quiz_services
from quizzes.models import Attempt, ReviewWhen
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import import_gift, make_knowledge_check, question_blocks

pytestmark = pytest.mark.django_db

GIFT = "\n\n".join(
    f"::Q{n}::Which reply fits post {n}?{{=Calm reply {n}#Right, calm works {n}. ~Angry reply {n}#Never angry {n}. "
    f"~Silence {n}#Silence hurts {n}.}}"
    for n in range(1, 5)
)
GRADING_KEYS = {"tokens", "fraction", "data", "questions", "feedback_right", "feedback_wrong", "seed"}


def _keys_and_strings(value, keys: set, strings: set) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            keys.add(key)
            strings.add(str(key))
            _keys_and_strings(item, keys, strings)
    elif isinstance(value, list):
        for item in value:
            _keys_and_strings(item, keys, strings)
    elif value is not None:
        strings.add(str(value))


def key_from_export(download: dict, token_candidates: set[str]) -> str | None:
    """The attacker: any token of the page that the download maps to the choice with fraction 1.0."""
    text = json.dumps(download)
    for token in token_candidates:
        if token in text:
            for copy in _question_copies(download):
                index = copy.get("tokens", {}).get(token)
                if index is not None and copy["data"]["choices"][int(index)].get("fraction") == 1.0:
                    return token
    return None


def _question_copies(value):
    if isinstance(value, dict):
        if "tokens" in value and "data" in value:
            yield value
        for item in value.values():
            yield from _question_copies(item)
    elif isinstance(value, list):
        for item in value:
            yield from _question_copies(item)


def _download(client) -> dict:
    response = client.post(reverse("personal_data:download"))
    assert response.status_code == 200
    return json.loads(response.content)


def _page_tokens(content: str) -> list[str]:
    return re.findall(r'name="answer"[^>]*value="([^"]+)"', content)


@pytest.fixture
def check(home_page):
    _course, (module,) = make_course_with_modules(1, title="Replies")
    questions = import_gift(GIFT)
    return make_knowledge_check(
        module, blocks=question_blocks(questions), pass_mark=75, review_right_answers=ReviewWhen.AFTER_ATTEMPT
    )


def test_a_started_check_downloads_no_key_and_the_attack_fails(client, learner, check):
    client.force_login(learner)
    response = client.post(reverse("quizzes:attempt-start", args=[check.pk]), follow=True)
    assert response.status_code == 200
    attempt = Attempt.objects.get(user=learner)
    page_tokens = set(_page_tokens(response.content.decode()))
    assert len(page_tokens) == 3  # the page shows the first question's three choices under their tokens

    download = _download(client)
    keys, strings = set(), set()
    _keys_and_strings(download, keys, strings)
    assert not keys & GRADING_KEYS, keys & GRADING_KEYS
    every_token = {token for copy in attempt.questions for token in copy["tokens"]}
    assert not every_token & strings, "a choice token is in the download"
    feedback = {c["feedback"] for copy in attempt.questions for c in copy["data"]["choices"]}
    assert not any(text in json.dumps(download) for text in feedback), "a choice's feedback is in the download"
    assert key_from_export(download, page_tokens) is None

    # The attack itself, had the key been there: the same search on the attempt's stored copy finds the right token,
    # and posting it passes the question. (This is why the copy never leaves the server.)
    stored = {"records": {"quizzes.Attempt": [{"questions": attempt.questions}]}}
    right = key_from_export(stored, page_tokens)
    assert right is not None
    client.post(reverse("quizzes:attempt-answer", args=[attempt.pk]), {"sequence": 0, "answer": right})
    assert attempt.decisions.get().correct is True


def test_an_answered_question_exports_what_the_learner_was_told_and_nothing_of_the_rest(client, learner, check):
    client.force_login(learner)
    response = client.post(reverse("quizzes:attempt-start", args=[check.pk]), follow=True)
    attempt = Attempt.objects.get(user=learner)
    first = attempt.questions[0]
    wrong_index = next(i for i, c in enumerate(first["data"]["choices"]) if c["fraction"] < 1)
    wrong = next(t for t, i in first["tokens"].items() if i == str(wrong_index))
    assert wrong in _page_tokens(response.content.decode())
    client.post(reverse("quizzes:attempt-answer", args=[attempt.pk]), {"sequence": 0, "answer": wrong})

    [row] = _download(client)["records"]["quizzes.Attempt"]
    text = json.dumps(row)
    [answer] = row["answers"]
    chosen = first["data"]["choices"][wrong_index]
    assert answer["your_answer"] == [chosen["text"]]
    assert answer["feedback"] == [chosen["feedback"]]
    assert answer["correct"] is False and answer["right_answers"] == []  # not before the attempt is finished
    others = [c["feedback"] for i, c in enumerate(first["data"]["choices"]) if i != wrong_index]
    assert not any(feedback in text for feedback in others)
    for copy in attempt.questions[1:]:
        assert copy["title"] not in text and not any(c["text"] in text for c in copy["data"]["choices"])
    assert row["submitted_at"] is None and row["passed"] is None

    # Finished: the right answers now show (this check shows them after the attempt), still no fractions or tokens.
    attempt.refresh_from_db()
    for sequence, copy in enumerate(attempt.questions[1:], start=1):
        token = next(iter(copy["tokens"]))
        client.post(reverse("quizzes:attempt-answer", args=[attempt.pk]), {"sequence": sequence, "answer": token})
    [row] = _download(client)["records"]["quizzes.Attempt"]
    keys, strings = set(), set()
    _keys_and_strings(row, keys, strings)
    assert not keys & GRADING_KEYS
    assert row["answers"][0]["right_answers"] == [c["text"] for c in first["data"]["choices"] if c["fraction"] == 1.0]
    assert len(row["answers"]) == 4


def test_marks_hidden_by_the_review_options_stay_out_of_the_download(client, learner, check):
    check.review_feedback = ReviewWhen.AFTER_ATTEMPT
    check.save_revision().publish()
    client.force_login(learner)
    client.post(reverse("quizzes:attempt-start", args=[check.pk]))
    attempt = Attempt.objects.get(user=learner)
    right = next(t for t, i in attempt.questions[0]["tokens"].items() if i == "0")  # "=Calm reply" comes first
    client.post(reverse("quizzes:attempt-answer", args=[attempt.pk]), {"sequence": 0, "answer": right})
    [row] = _download(client)["records"]["quizzes.Attempt"]
    [answer] = row["answers"]
    assert answer["your_answer"] == [attempt.questions[0]["data"]["choices"][0]["text"]]
    assert answer["correct"] is None and answer["mark"] is None and answer["feedback"] == []
    assert row["score"] is None


def test_an_open_refresher_downloads_no_key(client, learner, check):
    with freeze_time("2025-05-01 10:00:00+01:00"):
        attempt = quiz_services.start_attempt(user=learner, page=check)
        for sequence, copy in enumerate(attempt.questions):
            right = next(i for i, c in enumerate(copy["data"]["choices"]) if c["fraction"] == 1.0)
            raw = str(right)
            quiz_services.answer_question(user=learner, attempt_id=attempt.pk, sequence=sequence, raw=raw)
    refresher = learner.refreshers.order_by("due_on").first()
    assert refresher is not None
    client.force_login(learner)
    with freeze_time("2025-05-04 09:00:00+01:00"):
        page = client.get(reverse("practice:refresher", args=[refresher.pk]))
        assert page.status_code == 200
        download = _download(client)
    refresher.refresh_from_db()
    assert refresher.questions
    keys, strings = set(), set()
    _keys_and_strings(download, keys, strings)
    assert not keys & GRADING_KEYS, keys & GRADING_KEYS
    every_token = {token for copy in refresher.questions for token in copy["tokens"]}
    assert every_token and not every_token & strings
    [row] = [r for r in download["records"]["practice.RefresherDue"] if r["id"] == refresher.pk]
    assert row["answers"] == [] and row["answered_at"] is None


def test_no_password_hash_or_security_stamp_in_the_download(client, learner):
    learner.rotate_security_stamp()
    learner.save(update_fields=["security_stamp"])
    client.force_login(learner)
    download = _download(client)
    text = json.dumps(download)
    learner.refresh_from_db()
    assert learner.password and learner.password not in text
    assert learner.security_stamp and learner.security_stamp not in text
    assert not {"password", "security_stamp", "is_superuser"} & set(download["account"])
