"""The first pages anyone meets: home, login, and the learner's dashboard, in a real browser, checked with axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in, log_in_with_form

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_page_is_accessible_and_leads_to_login(page, learner):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Log in to start learning").click()
    assert page.url.endswith("/accounts/login/")
    assert_accessible(page)


def test_learner_logs_in_and_reaches_an_accessible_dashboard(page, learner):
    log_in_with_form(page, learner)
    page.goto("/learning/")
    expect(page.get_by_role("heading", name="My learning", level=1)).to_be_visible()
    assert_accessible(page)


def test_skip_link_moves_focus_to_the_main_content(page, learner):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_pages_fit_a_320_pixel_screen_without_sideways_scrolling(page, learner):
    from tests.factories.courses import make_course, make_module

    # QA F8: a trainer's long unbroken word (a pasted link, a formula) in a module summary scrolled the course sideways.
    course = make_course(title="Every function is on social")
    module = make_module(course, title="Links")
    module.summary = '=HYPERLINK("http://evil.example/a-very-long-path-without-any-spaces","x")'
    module.save()
    page.set_viewport_size({"width": 320, "height": 640})
    log_in(page, learner)
    for path in ["/", "/learning/", "/accounts/password/change/", course.url]:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
        if path == "/accounts/password/change/":  # our sentence-case wording of allauth's "Change Password"
            expect(page.get_by_role("button", name="Change password", exact=True)).to_be_visible()


def test_ten_wrong_passwords_show_the_limit_message(page, learner):
    page.goto("/accounts/login/")
    for _ in range(10):
        page.get_by_label("Email").fill(learner.email)
        page.get_by_label("Password").fill("wrong-password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    expect(page.get_by_text("Too many failed login attempts. Try again later.")).to_be_visible()
    assert_accessible(page)
