"""The item analysis trainers read: facility, discrimination and option rates worked out by hand for six learners, the
flags, the small-group rule, who may open it and its export."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.models import Group

import pytest

from people import roles
from quizzes import services
from quizzes.models import Question
from reports import item_analysis
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory
from tests.factories.quizzes import import_gift, make_knowledge_check, question_blocks

pytestmark = pytest.mark.django_db

GIFT = """
::Longest right::Which one?{=The right answer, which is also the longest ~Short ~Shorter one ~Never picked}

::Plain statement::The statement is true.{T}

::Coin::Yes or no?{=Yes ~Not at all}
"""
# Six learners' answers to the three questions, in order (Q1 by option text, Q2 true/false, Q3 by option text).
ANSWERS = [
    ("The right answer, which is also the longest", "true", "Yes"),
    ("The right answer, which is also the longest", "true", "Not at all"),
    ("The right answer, which is also the longest", "false", "Yes"),
    ("Short", "true", "Not at all"),
    ("Short", "false", "Yes"),
    ("Shorter one", "false", "Not at all"),
]
URL = "/admin/learning-reports/item-analysis/"


def person(role: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def take(user, check, answers) -> None:
    attempt = services.start_attempt(user=user, page=check)
    for sequence, value in enumerate(answers):
        copy = attempt.questions[sequence]
        if copy["qtype"] == "multichoice":
            index = next(i for i, c in enumerate(copy["data"]["choices"]) if c["text"] == value)
            raw = str(index)
        else:
            raw = value
        services.answer_question(user=user, attempt_id=attempt.pk, sequence=sequence, raw=raw)


@pytest.fixture
def check(home_page):
    _course, (module,) = make_course_with_modules(1)
    questions = import_gift(GIFT)
    return make_knowledge_check(module, blocks=question_blocks(questions), pass_mark=50, shuffle_questions=False)


def test_six_learners_give_the_facility_discrimination_and_flags_worked_out_by_hand(check):
    for answers in ANSWERS:
        take(person(roles.LEARNERS), check, answers)
    analysis = item_analysis.item_analysis(check=check)
    assert (analysis.attempts, analysis.learners, analysis.mean_percent) == (6, 6, 50)
    first, second, third = analysis.rows
    assert [(r.learners, r.answers, r.facility_percent, r.discrimination_text) for r in analysis.rows] == [
        (6, 6, 50, "0.58"),
        (6, 6, 50, "0.00"),
        (6, 6, 50, "0.00"),
    ]
    assert [(o.text, o.right, o.share) for o in first.options] == [
        ("The right answer, which is also the longest", True, 50),
        ("Short", False, 33),
        ("Shorter one", False, 17),
        ("Never picked", False, 0),
    ]
    assert first.flags == [
        "A distractor nobody picks.",
        "Answer-length cue: the right answer is the longest option.",
    ]
    assert second.flags == third.flags == ["Not discriminating: strong and weak learners do about as well."]
    # A guesser needs 2 of 3 (right with ¼, ½, ½): ¼·½·½ + ¼·½·½ + ¼·½·½ + ¾·½·½ = 37.5 %.
    assert analysis.guess_percent == "37.5%"


def test_fewer_learners_than_the_minimum_show_no_statistics_but_the_length_cue(check):
    for answers in ANSWERS[:4]:
        take(person(roles.LEARNERS), check, answers)
    analysis = item_analysis.item_analysis(check=check)
    assert analysis.shown is False and analysis.mean_percent is None
    first = analysis.rows[0]
    assert (first.facility, first.discrimination, [o.share for o in first.options]) == (None, None, [None] * 4)
    assert first.note == "Fewer than 5 learners: not shown, to keep practice private."
    assert first.flags == ["Answer-length cue: the right answer is the longest option."]


@pytest.mark.parametrize(
    ("role", "status"),
    [(roles.LEARNERS, 403), (roles.MANAGERS, 302), (roles.TRAINERS, 200), (roles.HR, 200), (roles.ADMINISTRATORS, 200)],
)
def test_who_may_open_the_item_analysis(client, check, role, status):
    client.force_login(person(role))
    assert client.get(URL, {"check": check.pk}).status_code == status


def test_the_export_holds_the_screen_numbers_and_neutralises_a_formula_in_a_title(client, check):
    Question.objects.filter(title="Longest right").update(title='=HYPERLINK("http://evil.example","x")')
    for answers in ANSWERS:
        take(person(roles.LEARNERS), check, answers)
    client.force_login(person(roles.TRAINERS))
    page = client.get(URL, {"check": check.pk}).content.decode()
    assert "Answer-length cue: the right answer is the longest option." in page and "0.58" in page
    response = client.get(URL, {"check": check.pk, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:6] == ["Number", "Question", "Type", "Learners", "Answers", "Facility (%)"]
    assert rows[1][1].startswith("'=HYPERLINK")
    assert rows[1][3:7] == ["6", "6", "50", "0.58"]
    assert client.get(URL, {"check": "999999"}).status_code == 404
    assert client.get(URL, {"check": "1e20"}).status_code == 404
