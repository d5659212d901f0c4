"""A learner downloads their certificate from the dashboard; anyone checks it by code. axe on every page."""

import pytest
from playwright.sync_api import expect

from certificates import services
from certificates.models import Certificate
from courses import services as course_services
from tests.browser.conftest import assert_accessible, log_in
from tests.factories.courses import make_course_with_modules

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def certificate(learner):
    _course, (module,) = make_course_with_modules(1, title="Crisis response on social", valid_months=12)
    course_services.record_module_completion(user=learner, module=module)  # makes the certificate on commit
    return Certificate.objects.get()


def test_learner_downloads_the_certificate_of_a_completed_course_from_the_dashboard(page, learner, certificate):
    log_in(page, learner)
    page.goto("/learning/")
    link = page.get_by_role("link", name="Download certificate for Crisis response on social (PDF)")
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "certificate-crisis-response-on-social.pdf"


def test_someone_types_a_certificate_code_and_sees_that_it_is_valid_then_revoked(page, certificate, hr):
    page.goto("/certificates/verify/")
    assert_accessible(page)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("Enter the code printed on the certificate.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Verification code").fill(certificate.code.replace("-", " ").lower())
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="Valid", level=2)).to_be_visible()
    expect(page.get_by_text("Jordan Ellis")).to_be_visible()
    assert_accessible(page)

    services.revoke_certificate(certificate=certificate, revoked_by=hr, reason="Entered in error.")
    page.reload()
    expect(page.get_by_role("heading", name="Revoked", level=2)).to_be_visible()
    assert_accessible(page)

    page.goto("/certificates/verify/0000-0000-0000-0000-0000/")
    expect(page.get_by_text("No certificate has the code")).to_be_visible()
    assert_accessible(page)
