"""A learner finds their email preferences from the header, turns optional emails off and sees that required-training
reminders are HR's to change. axe on the page before and after saving."""

import pytest
from playwright.sync_api import expect

from reminders.models import NotificationPreference
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_learner_turns_optional_emails_off_on_an_accessible_page(page, learner):
    log_in(page, learner)
    page.goto("/learning/")
    page.locator("summary.account-menu__toggle").click()  # the header's Account menu
    page.get_by_role("link", name="Email preferences").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Email preferences", level=1)).to_be_visible()
    expect(page.get_by_text("Your HR team decides these reminders. To change them, ask HR.")).to_be_visible()
    assert_accessible(page)

    checkbox = page.get_by_label(
        "Email me about optional courses, refreshers and (for managers) my team’s weekly digest"
    )
    assert checkbox.is_checked()
    checkbox.uncheck()
    page.get_by_role("button", name="Save preferences").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Your email preferences have been saved.")).to_be_visible()
    assert not page.get_by_label(
        "Email me about optional courses, refreshers and (for managers) my team’s weekly digest"
    ).is_checked()
    assert_accessible(page)
    assert NotificationPreference.objects.get(user=learner).optional_emails is False
