"""The demo's quizzes: questions imported through the GIFT importer, quiz pages under the modules that name them,
and the seeded scenario attempts with the endings the brief gives; a second load creates nothing."""

from __future__ import annotations

import pytest

from demo.loaders.accounts import load_accounts
from demo.loaders.base import Report, content
from demo.loaders.courses import load_courses, modules_by_code
from demo.loaders.quizzes import load_quizzes
from quizzes.models import Attempt, Decision, KnowledgeCheckPage, Question, QuestionBank, ScenarioPage

pytestmark = pytest.mark.django_db

# From the comments on SCENARIO_ATTEMPTS in demo/content/organisation.py.
EXPECTED = [
    ("tomasz.nowak", "S1", "GOOD", 30),
    ("jordan.ellis", "S1", "GOOD", 23),
    ("aisha.rahman", "S1", "MIXED", 18),
    ("siobhan.murphy", "S1", "MIXED", 15),
    ("jordan.ellis", "S2", "GOOD", 30),
    ("aisha.rahman", "S2", "GOOD", 23),
    ("siobhan.murphy", "S2", "MIXED", 25),
    ("fatima.haddad", "S2", "GOOD", 20),
    ("sam.lindqvist", "S2", "MIXED", 10),
    ("priya.nair", "S2", "MIXED", 18),
    ("kwame.mensah", "S2", "POOR", -12),
    ("jordan.ellis", "S3", "GOOD", 25),
    ("siobhan.murphy", "S3", "GOOD", 30),
    ("fatima.haddad", "S3", "MIXED", 5),
    ("sam.lindqvist", "S3", "MIXED", 5),
    ("helena.adeyemi", "S4", "GOOD", 40),
    ("rafael.moreno", "S4", "GOOD", 40),
    ("grace.okonkwo", "S4", "GOOD", 30),
    ("aisha.rahman", "S4", "MIXED", 25),
    ("siobhan.murphy", "S4", "MIXED", 25),
    ("meiling.zhao", "S4", "POOR", -25),
]


def test_the_demo_quizzes_load_once_with_the_seeded_attempts_dated_in_the_past(home_page):
    report = Report()
    users = load_accounts(report)
    load_courses(report)
    load_quizzes(report, users=users)

    assert report.created["knowledge-check questions"] == 10
    assert Question.objects.filter(category__bank=QuestionBank.objects.get(name="Socialwise demo")).count() == 10
    assert ScenarioPage.objects.live().count() == 4
    modules = modules_by_code()
    for course in (content(f"course_{code}")["COURSE"] for code in "abc"):
        for module_data in course["modules"]:
            children = [p.specific for p in modules[module_data["code"]].get_children().live().order_by("path")]
            kc_titles = sorted(
                q.title[:4]
                for child in children
                if isinstance(child, KnowledgeCheckPage)
                for q in (b.value for b in child.questions)
            )
            assert kc_titles == sorted(c for c in module_data["quizzes"] if c.startswith("KC")), module_data["code"]
            scenario_count = sum(isinstance(child, ScenarioPage) for child in children)
            assert scenario_count == sum(c.startswith("S") for c in module_data["quizzes"])

    scenario_codes = {data["title"]: data["code"] for data in content("scenarios")["SCENARIOS"]}
    found = [
        (a.user.email.split("@")[0], scenario_codes[a.page.title], a.ending_key, int(a.score))
        for a in Attempt.objects.select_related("user", "page").order_by("pk")
    ]
    assert found == EXPECTED
    for attempt in Attempt.objects.all():
        assert attempt.started_at < attempt.submitted_at
        times = list(Decision.objects.filter(attempt=attempt).order_by("sequence").values_list("created_at", flat=True))
        assert times == sorted(times) and attempt.started_at < times[0] <= attempt.submitted_at

    counts = (
        Question.objects.count(),
        KnowledgeCheckPage.objects.count(),
        Attempt.objects.count(),
        Decision.objects.count(),
    )
    again = Report()
    load_quizzes(again, users=users)
    assert again.created == {}
    assert (
        Question.objects.count(),
        KnowledgeCheckPage.objects.count(),
        Attempt.objects.count(),
        Decision.objects.count(),
    ) == counts
