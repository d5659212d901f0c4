"""The demo as a new user meets it: `seed_demo` builds everything through the services, and a second run changes
nothing. Then what each part of the demo must hold (CONTENT.md §3–5): the organisation and its HR figures, the quizzes
and their seeded attempts, the paced practice, and the reports on it all.

`seed_demo` takes several seconds, so this module runs it once (and a second time, to see that nothing changes) in a
transaction that is rolled back after the module's last test; every test runs in a savepoint within it, so whatever
a test changes is undone before the next one reads the demo."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Page, Revision

import pytest

from certificates.models import Certificate
from courses import selectors as course_selectors
from courses.models import CoursePage, Enrolment, ModulePage, ModuleProgress
from demo.loaders.accounts import load_accounts
from demo.loaders.base import Report, content
from demo.loaders.courses import modules_by_code
from demo.loaders.quizzes import load_quizzes
from people import selectors as people_selectors
from people.models import Assignment, Cohort, Department, DueRule, User
from practice.models import CohortSchedule, CohortSession, PracticeNote, RefresherDue
from quizzes import selectors as quiz_selectors
from quizzes.models import Attempt, Decision, KnowledgeCheckPage, Question, QuestionBank, QuestionCategory, ScenarioPage
from reports import selectors as report_selectors
from reports.filters import GroupBy, ReportFilters
from reports.item_analysis import item_analysis

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NOTHING_TO_DO = "Nothing to do: the demo content is already loaded."
EVERYONE = report_selectors.ReportScope(everyone=True)


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (User, Page, Revision, Enrolment, ModuleProgress)}


def _figures(slug: str, today) -> tuple[int, int, int]:
    enrolments = Enrolment.objects.filter(course__slug=slug, is_current=True, required=True)
    return (
        enrolments.count(),
        enrolments.exclude(completed_at=None).count(),
        enrolments.filter(completed_at=None, due_on__lt=today).count(),
    )


@dataclass(frozen=True)
class Seeded:
    first: str  # what the first run printed
    second: str  # what the second run printed
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]
    figures_after_first: dict[str, tuple[int, int, int]]  # _figures() of each course, by slug

    @property
    def created(self) -> dict[str, int]:
        """The first run's "Created N things." lines as {things: N}."""
        return {what: int(n) for n, what in re.findall(r"^Created (\d+) (.+)\.$", self.first, flags=re.MULTILINE)}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """`seed_demo` run twice on the migrated test database, once for this module; rolled back after it."""
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media / "media", PRIVATE_MEDIA_ROOT=media / "private"),
        transaction.atomic(),
    ):
        first = _seed()
        counts = _counts()
        today = timezone.localdate()
        figures = {slug: _figures(slug, today) for slug in CoursePage.objects.values_list("slug", flat=True)}
        second = _seed()
        yield Seeded(
            first=first,
            second=second,
            counts_after_first=counts,
            counts_after_second=_counts(),
            figures_after_first=figures,
        )
        transaction.set_rollback(True)


def test_seed_demo_builds_the_demo_and_a_second_run_changes_nothing(seeded):
    assert "Created 3 courses." in seeded.first and "Created 17 modules." in seeded.first
    assert seeded.second.strip() == NOTHING_TO_DO
    assert seeded.counts_after_second == seeded.counts_after_first
    assert _counts() == seeded.counts_after_first

    assert CoursePage.objects.live().count() == 3
    assert ModulePage.objects.live().count() == 17
    # Each demo course has its own drawing (static/img/covers/), no uploaded cover.
    assert sorted(c.illustration for c in CoursePage.objects.all()) == ["conversation", "crisis", "leadership"]
    for module in ModulePage.objects.all():
        module.body.stream_block.clean(module.body)  # the demo holds nothing an editor could not save

    enrolments = Enrolment.objects.filter(is_current=True)
    assert enrolments.filter(completed_at__isnull=False).exists()
    assert enrolments.filter(completed_at__isnull=True, progress_percent__gt=0).exists()
    assert enrolments.filter(progress_percent=0).exists()
    assert Enrolment.objects.filter(is_current=False, user__email="tomasz.nowak@tarnwick.example").exists()


# The demo organisation (CONTENT.md §5), with the HR figures the content brief expects.


def test_seed_demo_loads_the_organisation_and_the_expected_hr_figures(seeded):
    today = timezone.localdate()
    for line in ("Created 6 departments.", "Created 13 profiles.", "Created 2 cohorts.", "Created 3 assignments."):
        assert line in seeded.first

    assert set(Department.objects.values_list("code", flat=True)) == {"EXE", "OPS", "CS", "PXD", "BRC", "PHR"}
    certificates = Certificate.objects.select_related("enrolment")
    assert certificates.count() == 12 and not certificates.filter(enrolment__completed_at__isnull=True).exists()
    for certificate in certificates:  # a demo certificate says what its backdated completion says
        assert (certificate.completed_at, certificate.expires_at) == (
            certificate.enrolment.completed_at,
            certificate.enrolment.expires_at,
        )
    jordan = User.objects.get(email="jordan.ellis@tarnwick.example")
    assert jordan.profile.manager.email == "aisha.rahman@tarnwick.example"
    assert (jordan.profile.job_title, jordan.profile.department.code) == ("Customer Service Adviser", "CS")
    assert jordan.profile.hire_date == today - timedelta(days=720)
    squad = Cohort.objects.get(code="SQUAD")
    assert squad.memberships.count() == 6 and squad.facilitator.email == "sam.lindqvist@tarnwick.example"

    a = Assignment.objects.get(course__slug="social-media-literacy-for-leaders")
    assert (a.due_rule, a.due_on, a.assigned_on) == (
        DueRule.FIXED,
        today - timedelta(days=5),
        today - timedelta(days=30),
    )
    b = Assignment.objects.get(course__slug="every-function-is-on-social")
    assert (b.due_rule, b.due_days, b.assigned_on) == (DueRule.AFTER_ASSIGNMENT, 28, today - timedelta(days=14))
    c = Assignment.objects.get(course__valid_months=12)
    assert (c.due_on, list(c.cohorts.values_list("code", flat=True))) == (today - timedelta(days=1), ["SQUAD"])

    recertified = CoursePage.objects.get(valid_months=12).slug
    expected = {
        "social-media-literacy-for-leaders": (8, 4, 4),
        "every-function-is-on-social": (11, 4, 0),
        recertified: (6, 3, 3),
    }
    assert seeded.figures_after_first == expected
    assert {slug: _figures(slug, today) for slug in expected} == expected

    rafael = User.objects.get(email="rafael.moreno@tarnwick.example")
    team = {
        User.objects.get(pk=pk).email.split("@")[0]: level
        for pk, level in people_selectors.report_ids(manager=rafael).items()
    }
    assert team == {"aisha.rahman": 1, "daniel.cohen": 1, "siobhan.murphy": 1, "jordan.ellis": 2, "priya.nair": 2}

    # The second run found the organisation in place and left the figures as they were.
    assert seeded.second.strip() == NOTHING_TO_DO


# The demo's quizzes: questions imported through the GIFT importer, quiz pages under the modules that name them, and
# the seeded scenario attempts with the endings the brief gives; a second load creates nothing.

# From the comments on SCENARIO_ATTEMPTS in demo/content/organisation.py.
EXPECTED_ATTEMPTS = [
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


def test_the_demo_quizzes_load_once_with_the_seeded_attempts_dated_in_the_past(seeded):
    assert seeded.created["knowledge-check questions"] == 90
    assert Question.objects.filter(category__bank=QuestionBank.objects.get(name="Socialwise demo")).count() == 90
    assert ScenarioPage.objects.live().count() == 4
    modules = modules_by_code()
    for course in (content(f"course_{code}")["COURSE"] for code in "abc"):
        for module_data in course["modules"]:
            children = [p.specific for p in modules[module_data["code"]].get_children().live().order_by("path")]
            checks = [child for child in children if isinstance(child, KnowledgeCheckPage)]
            assert len(checks) == ("KC" in module_data["quizzes"]), module_data["code"]
            for check in checks:
                # A title of its own: the module's quiz row already names the kind ("Knowledge check: …").
                assert check.title == module_data["check_title"] and "knowledge check" not in check.title.lower()
                # One draw of 4 from the module's own pool, which holds 6 or more questions.
                (slot,) = check.slots()
                assert (slot["type"], slot["count"]) == ("random", 4)
                category = QuestionCategory.objects.get(pk=slot["category"])
                assert category.path.endswith(f"/{module_data['title']}") and category.questions.count() >= 6
                assert (check.attempts_allowed, check.wait_between_attempts) == (3, 30)
                assert (check.review_right_answers, check.review_feedback) == ("after_passing", "immediately")
                assert check.pass_mark == (100 if course["code"] == "C" else 75)
                assert quiz_selectors.guessing_pass_probability(slots=[slot], pass_mark=check.pass_mark) < 0.1
            scenario_count = sum(isinstance(child, ScenarioPage) for child in children)
            assert scenario_count == sum(c.startswith("S") for c in module_data["quizzes"])
    # No category serves two checks.
    used = [check.slots()[0]["category"] for check in KnowledgeCheckPage.objects.all()]
    assert len(used) == len(set(used)) == 15

    scenario_codes = {data["title"]: data["code"] for data in content("scenarios")["SCENARIOS"]}
    found = [
        (a.user.email.split("@")[0], scenario_codes[a.page.title], a.ending_key, int(a.score))
        for a in Attempt.objects.filter(kind="scenario").select_related("user", "page").order_by("pk")
    ]
    assert found == EXPECTED_ATTEMPTS
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
    load_quizzes(again, users=load_accounts(again))
    assert again.created == {}
    assert (
        Question.objects.count(),
        KnowledgeCheckPage.objects.count(),
        Attempt.objects.count(),
        Decision.objects.count(),
    ) == counts


# The demo's knowledge-check attempts: answered through the attempt services by every learner who completed a module
# with a check, and by no one else; the last attempt passes (the completion says so) and is dated before it.


def test_the_demo_knowledge_checks_were_taken_by_the_learners_who_completed_their_modules(seeded):
    first_time = retried = 0
    for check in KnowledgeCheckPage.objects.live():
        completed = dict(
            ModuleProgress.objects.filter(
                enrolment__is_current=True, module_id=check.get_parent().pk, completed_at__isnull=False
            ).values_list("enrolment__user_id", "completed_at")
        )
        attempts = list(Attempt.objects.filter(page=check).order_by("user_id", "number"))
        assert {a.user_id for a in attempts} == set(completed), check.pk
        for user_id, done in completed.items():
            mine = [a for a in attempts if a.user_id == user_id]
            assert [a.number for a in mine] == list(range(1, len(mine) + 1)) and len(mine) <= 3
            assert [a.passed for a in mine] == [False] * (len(mine) - 1) + [True]
            assert all(a.submitted_at < b.started_at for a, b in zip(mine, mine[1:], strict=False))
            assert mine[-1].submitted_at < done
            for attempt in mine:
                marks = list(Decision.objects.filter(attempt=attempt).values_list("score", flat=True))
                assert len(marks) == 4 and attempt.score == sum(marks)
            first_time += len(mine) == 1
            retried += len(mine) > 1
    assert first_time >= 20 and retried >= 10
    # Enough learners saw some questions for item analysis to show them, with facility below "too easy".
    shown = [row for check in KnowledgeCheckPage.objects.all() for row in item_analysis(check=check).rows if row.shown]
    assert len(shown) >= 15
    assert sum(row.facility <= 0.9 for row in shown) >= 0.75 * len(shown)


# The demo's practice: a paced LEAD cohort through course A, private notes, sessions; idempotent.


def test_seed_demo_loads_a_paced_cohort_and_runs_twice(seeded, client):
    assert seeded.second.strip() == NOTHING_TO_DO
    assert CohortSchedule.objects.count() == 1
    assert CohortSession.objects.count() == 2
    assert PracticeNote.objects.count() == 4
    assert RefresherDue.objects.exists()
    course = CoursePage.objects.get(release_mode="interval")
    modules = list(ModulePage.objects.live().child_of(course).order_by("path"))
    # The cohort's last module opened on its due date: an overdue leader has every module open to finish.
    meiling = User.objects.get(email="meiling.zhao@tarnwick.example")
    assert [course_selectors.module_lock(user=meiling, module=module) for module in modules] == [None] * 6
    assert Enrolment.objects.get(user=meiling, course=course, is_current=True).due_on < timezone.localdate()
    # Someone who starts course A today gets one module a week.
    jordan = User.objects.get(email="jordan.ellis@tarnwick.example")
    assert course_selectors.module_lock(user=jordan, module=modules[0]) is None
    assert course_selectors.module_lock(user=jordan, module=modules[1]) is not None
    helena = User.objects.get(email="helena.adeyemi@tarnwick.example")
    assert course_selectors.module_lock(user=helena, module=modules[5]) is None  # finished: nothing held back
    sam = User.objects.get(email="sam.lindqvist@tarnwick.example")
    client.force_login(sam)
    past = CohortSession.objects.get(cohort__code="LEAD")
    text = client.get(f"/practice/sessions/{past.pk}/").content.decode()
    assert "6 members have finished it." in text


# The demo's reports say what CONTENT.md §5 expects: HR's completion figures per course, and practice analytics that
# show the small-group notice by department but the LEAD cohort's real counts on S4.


def test_hr_sees_the_expected_completion_figures(seeded, client):
    client.force_login(User.objects.get(email="fatima.haddad@tarnwick.example"))
    response = client.get("/admin/learning-reports/completion/", {"group_by": "course"})
    figures = {
        row.course.split(" ")[0]: (row.completed, row.enrolled, row.rate, row.overdue)
        for row in response.context["object_list"]
    }
    assert figures == {
        "Social": (4, 8, 50, 4),  # A: Social media literacy for leaders
        "Every": (4, 11, 36, 0),  # B: Every function is on social
        "When": (3, 6, 50, 3),  # C: When things go wrong
    }


def test_s4_choices_by_department_show_the_notice_and_by_cohort_the_leaders_counts(seeded):
    s4 = ScenarioPage.objects.get(title="Followers up, value unknown")
    by_department = report_selectors.scenario_choices(
        scope=EVERYONE, filters=ReportFilters(quiz=s4, group_by=GroupBy.DEPARTMENT)
    )
    assert by_department.merge_notice.startswith("Groups with fewer than 5 learners are merged into “Other”:")
    assert {row.group for row in by_department.rows} == {"Other"}
    by_cohort = report_selectors.scenario_choices(
        scope=EVERYONE, filters=ReportFilters(quiz=s4, group_by=GroupBy.COHORT)
    )
    first_step = [row for row in by_cohort.rows if row.step_number == 1 and row.group == "Leaders, spring intake"]
    assert first_step and {row.at_step for row in first_step} == {6}
    assert sum(row.chose for row in first_step) == 6


# What a learner reads on the demo's pages carries no internal code (CONTENT.md: codes are for finding things in the
# brief), on every module page and quiz page of the three courses.

INTERNAL_CODE = re.compile(r"\b[A-C][0-9]\b|Step [A-Z][0-9]")


def _visible_text(html: str) -> str:
    body = html.split("<main", 1)[-1].split("</main>", 1)[0]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", body)


def test_a_learner_reads_no_internal_code_on_any_demo_module_or_quiz_page(seeded, client):
    helena = User.objects.get(email="helena.adeyemi@tarnwick.example")  # finished course A: every module open
    jordan = User.objects.get(email="jordan.ellis@tarnwick.example")  # finished B and C
    found, visited = [], 0
    for user, codes in ((helena, "A"), (jordan, "BC")):
        client.force_login(user)
        for module in ModulePage.objects.live().order_by("path"):
            if module.get_parent().slug not in _slugs(codes):
                continue
            for page in [module, *[child.specific for child in module.get_children().live()]]:
                response = client.get(page.url)
                assert response.status_code == 200, page.url
                visited += 1
                found += [
                    f"{page.url}: {m.group(0)}"
                    for m in INTERNAL_CODE.finditer(_visible_text(response.content.decode()))
                ]
    assert found == []
    assert visited == 17 + 15 + 4  # every module, knowledge check and scenario


def _slugs(codes: str) -> list[str]:
    return [content(f"course_{code.lower()}")["COURSE"]["slug"] for code in codes]


# Pictographs (emoji) render as an empty box where the learner's machine has no emoji font (issue #19): the demo's
# posts, choices and questions use plain-text emoticons instead.
PICTOGRAPH = re.compile("[\U0001f000-\U0001faff\u2600-\u26ff\u2700-\u27bf\ufe0f]")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize(
    "name", ["course_a", "course_b", "course_c", "objectives", "organisation", "question_bank", "scenarios"]
)
def test_the_demo_content_has_no_pictographs(name):
    data = {key: value for key, value in content(name).items() if key.isupper()}
    assert data, name
    found = [text[:80] for text in _strings(data) if PICTOGRAPH.search(text)]
    assert found == []
