"""The scenario's meters say which way is better: a rising "Repeat calls" is bad news, drawn red, not a green bar
that grows. The colour comes from the author's choice on the variable; the words beside it say the same."""

from __future__ import annotations

from django.urls import reverse

import pytest

from quizzes.models import Attempt
from quizzes.selectors import Meter, meters
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import make_demo_scenario

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("better", "value", "judgement"),
    [
        ("higher", 90, "good"),
        ("higher", 50, "fair"),
        ("higher", 10, "poor"),
        ("lower", 10, "good"),
        ("lower", 50, "fair"),
        ("lower", 90, "poor"),
        ("neither", 90, "neutral"),
    ],
)
def test_a_meter_is_judged_the_way_its_author_said_is_better(better, value, judgement):
    assert Meter(label="x", value=value, minimum=0, maximum=100, better=better).judgement == judgement


def test_a_change_is_better_or_worse_by_the_meter_direction():
    assert Meter(label="Calls", value=30, minimum=0, maximum=100, change=10, better="lower").change_is_better is False
    assert Meter(label="Calls", value=10, minimum=0, maximum=100, change=-10, better="lower").change_is_better is True
    assert Meter(label="Trust", value=60, minimum=0, maximum=100, change=0, better="higher").change_is_better is None


def test_a_scenario_version_published_before_the_direction_existed_reads_as_higher_is_better():
    spec = {"variables": [{"key": "trust", "label": "Trust", "initial": 50, "minimum": 0, "maximum": 100}]}
    (meter,) = meters(spec, {"trust": 80})
    assert meter.better == "higher" and meter.judgement == "good"


def test_the_step_colours_a_lower_is_better_meter_by_its_meaning_and_says_so(client, learner):
    _course, (module, _next) = make_course_with_modules(2)
    scenario = make_demo_scenario(module, "S1")  # trust (higher is better) at 50, unanswered mentions (lower) at 10
    client.force_login(learner)
    client.post(reverse("quizzes:attempt-start", args=[scenario.pk]))
    attempt = Attempt.objects.get(user=learner)
    step = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert step.count('class="meter meter--fair"') == 1  # trust 50 of 100: middling
    assert step.count('class="meter meter--good"') == 1  # 10 unanswered mentions of 100: good, though the bar is short
    assert 'low="33.3333" high="66.6667" optimum="0"' in step
    assert "Lower is better" in step
