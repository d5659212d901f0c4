"""Issue 19's list in a real browser, one session per role, each page at 1280 and 375 px (the viewport changes, the
signed-in session stays): a staff learner's refreshers, certificate, personal-data summary, favicon and sign-in page;
a manager's remind button; an executive's department filter in the catalogue; the course drawings. axe on every page;
any console error, CSP violation or server error fails the test (`screen`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from courses import services as course_services
from courses.models import Audience, CoursePage
from people import roles
from people import services as people_services
from people.models import DueRule
from practice.models import RefresherDue
from tests.browser.conftest import assert_accessible, log_in, log_in_with_form
from tests.browser.test_learner_experience import EMOJI, screen
from tests.factories.courses import make_course_with_modules
from tests.factories.quizzes import import_gift, make_knowledge_check, question_blocks
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (1280, 375)


def at_both_widths(page):
    """Each width in turn in the same session, the page reloaded at that width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.reload()
        yield width


def _finished_course_with_refreshers(learner, title: str) -> CoursePage:
    """A finished course with a knowledge check whose 3- and 10-day refreshers are both due today (the CEO's case in
    the issue: two identical cards)."""
    course, (module,) = make_course_with_modules(1, title=title)
    questions = import_gift("\n\n".join(f"::{title} {i}::{title}: statement {i} is true.{{TRUE}}" for i in range(3)))
    make_knowledge_check(module, blocks=question_blocks(questions))
    course_services.record_module_completion(user=learner, module=module)
    enrolment = course_services.enrol_user(user=learner, course=course)
    RefresherDue.objects.filter(enrolment=enrolment).delete()
    today = timezone.localdate()
    for after_days in (3, 10):
        RefresherDue.objects.create(
            user=learner, enrolment=enrolment, course=course, after_days=after_days, due_on=today - timedelta(days=1)
        )
    return course


def test_a_staff_learner_signs_in_takes_one_refresher_per_course_and_reads_their_data(browser, live_server):
    learner = make_person("jordan@tarnwick.example", first_name="Jordan", last_name="Ellis")
    _finished_course_with_refreshers(learner, "Every function is on social")
    _finished_course_with_refreshers(learner, "When things go wrong")
    certificate = Certificate.objects.filter(course_title="Every function is on social").get()
    with screen(browser, live_server, WIDTHS[0]) as page:
        page.goto("/accounts/login/")
        for _width in at_both_widths(page):
            # The favicon is declared and served; no sign-up link while sign-up is closed.
            icon = page.locator("link[rel='icon']").first.get_attribute("href")
            assert page.request.get(icon).ok and page.request.get("/favicon.ico").ok
            expect(page.get_by_text(re.compile("sign up", re.I))).to_have_count(0)
            assert_accessible(page)
        log_in_with_form(page, learner)
        expect(page).to_have_url(f"{live_server.url}/learning/")

        cards = page.locator(".card--refresher")
        for _width in at_both_widths(page):
            expect(cards).to_have_count(2)
            expect(cards.nth(0)).to_contain_text("Every function is on social")
            expect(cards.nth(1)).to_contain_text("When things go wrong")
            assert not page.evaluate(f"/{EMOJI}/u.test(document.body.innerText)")
            assert_accessible(page)
        page.get_by_role("link", name="Start the refresher Every function is on social").click()
        for n in range(3):
            page.locator(f"#answer-{n}-true").check()
        page.get_by_role("button", name="Check my answers").click()
        expect(page.get_by_text("You got 3 of 3 right.")).to_be_visible()
        page.goto("/learning/")
        expect(cards).to_have_count(1)
        expect(cards).to_contain_text("When things go wrong")

        page.goto(f"/certificates/verify/{certificate.code}/")
        completed = timezone.localtime(certificate.completed_at).date()
        for _width in at_both_widths(page):
            expect(page.get_by_role("heading", name="Valid", level=2)).to_be_visible()
            facts = page.locator(".verification__facts")
            expect(facts.locator("dt", has_text="Completed")).to_be_visible()
            expect(facts.locator(f"time[datetime='{completed:%Y-%m-%d}']")).to_have_text(f"{completed:%-d %B %Y}")
            assert_accessible(page)

        page.goto("/accounts/personal-data/")
        page.get_by_role("button", name="Read it here").click()
        expect(page.get_by_role("heading", name="Everything we hold about you", level=1)).to_be_visible()
        for _width in at_both_widths(page):
            enrolments = page.locator(".data-section", has=page.get_by_role("heading", name="Enrolments", level=2))
            # An enrolment has more fields than a table can show on a phone: one card each, nothing sideways
            expect(enrolments.locator(".data-record").first).to_be_visible()
            expect(enrolments.get_by_role("table")).to_have_count(0)
            assert enrolments.evaluate("e => e.scrollWidth <= e.clientWidth")
            expect(page.get_by_role("heading", name="Nothing held of these kinds")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
            assert_accessible(page)


def test_a_manager_reminds_once_and_sees_the_sent_state(browser, live_server):
    course, _modules = make_course_with_modules(1, title="When things go wrong")
    manager = make_person("aisha@tarnwick.example", role=roles.MANAGERS, first_name="Aisha", last_name="Rahman")
    kwame = make_person("kwame@tarnwick.example", manager=manager, first_name="Kwame", last_name="Mensah")
    course_services.enrol_user(user=kwame, course=course, required=True)
    with screen(browser, live_server, WIDTHS[0]) as page:
        log_in(page, manager)
        page.goto(f"/team/{kwame.pk}/")
        remind = page.get_by_role("button", name="Remind Kwame Mensah: When things go wrong")
        for width in at_both_widths(page):
            # QA: on a phone the courses table scrolled sideways and hid the Remind button off screen
            box = remind.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
            assert page.locator(".team-wrap").evaluate("e => e.scrollWidth <= e.clientWidth"), width
        remind.click()
        expect(page.get_by_text("Reminder sent to Kwame Mensah about “When things go wrong”.")).to_be_visible()
        for _width in at_both_widths(page):
            expect(page.locator(".sent__label")).to_have_text("Reminder sent")
            expect(page.get_by_role("button", name=re.compile("^Remind"))).to_have_count(0)
            expect(page.locator(".message--error")).to_have_count(0)
            assert_accessible(page)
        # My team at a phone's width: each person is a card, nothing scrolls sideways.
        page.goto("/team/")
        expect(
            page.get_by_role("rowheader", name=re.compile("^Kwame Mensah")).get_by_text("Reports to you")
        ).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
        assert_accessible(page)


def test_an_executive_filters_the_catalogue_by_department_and_each_course_has_its_own_drawing(browser, live_server):
    operations = people_services.create_department(name="Operations", code="OPS")
    people_services.create_department(name="Customer service", code="CS")
    leaders, _ = make_course_with_modules(1, title="Social media literacy for leaders", audience=Audience.EXECUTIVES)
    crisis, _ = make_course_with_modules(1, title="When things go wrong")
    everyone, _ = make_course_with_modules(1, title="Every function is on social")
    people_services.create_assignment(
        course=crisis, departments=[operations], due_rule=DueRule.NONE, assigned_on=date(2026, 2, 1)
    )
    executive = make_person("helena@tarnwick.example", audience="executive", first_name="Helena", last_name="Adeyemi")
    with screen(browser, live_server, WIDTHS[0]) as page:
        log_in(page, executive)
        page.goto("/courses/")
        drawings = page.locator(".card__image").evaluate_all("images => images.map(i => i.getAttribute('src'))")
        assert len(drawings) == 3 and len(set(drawings)) == 3, drawings
        assert all(re.search(r"/static/img/covers/\w+\.svg$", src) for src in drawings), drawings
        assert page.locator(".card__image").evaluate_all("images => images.every(i => i.complete && i.naturalWidth)")
        page.get_by_role("group", name="Assigned to").get_by_role("link", name="Operations").click()
        expect(page).to_have_url(re.compile(r"department=OPS"))
        for _width in at_both_widths(page):
            expect(page.locator(".card__title")).to_have_text(["When things go wrong"])
            assert_accessible(page)
        page.get_by_role("group", name="Assigned to").get_by_role("link", name="Customer service").click()
        expect(page).to_have_url(re.compile(r"department=CS"))
        expect(page.locator(".card__title")).to_have_count(0)
        expect(page.get_by_text(re.compile("No course"))).to_be_visible()
        assert_accessible(page)
