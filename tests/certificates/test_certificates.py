"""Certificates: made once on completion, downloaded by their holder, checked by anyone with the code, revoked by HR."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import qrcode
from freezegun import freeze_time
from pypdf import PdfReader

from certificates import services
from certificates.models import Certificate, normalise_code
from cms.models import OrganisationSettings
from courses import services as course_services
from tests.factories.courses import make_course_with_modules

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(site):
    settings = OrganisationSettings.for_site(site)
    settings.organisation_name = "Tarnwick Transit"
    settings.save()
    return settings


def _complete(client, user, module, capture):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(f"/learning/modules/{module.pk}/complete/")
    assert response.status_code == 302


def _pdf_text(certificate: Certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        return " ".join(PdfReader(handle).pages[0].extract_text().split())


@pytest.fixture
def completed(client, learner, organisation, django_capture_on_commit_callbacks):
    course, (module,) = make_course_with_modules(1, title="Crisis response on social", valid_months=12)
    _complete(client, learner, module, django_capture_on_commit_callbacks)
    return Certificate.objects.get()


def test_completing_a_course_makes_one_pdf_certificate_in_private_storage_and_emails_the_learner_once(
    completed, learner, settings
):
    certificate = completed
    assert certificate.issued_at is not None
    path = Path(certificate.pdf.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="Private files have no URL"):
        certificate.pdf.url  # noqa: B018

    text = _pdf_text(certificate)
    today = timezone.localdate()
    for expected in [
        "Tarnwick Transit",
        "Certificate of completion",
        "Jordan Ellis",
        "Crisis response on social",
        f"Completed on {today:%-d %B %Y}",
        f"Valid until {certificate.expires_at:%-d %B %Y}; recertify before then",
        f"Verification code: {certificate.code}",
        f"http://testserver/certificates/verify/{certificate.code}/",
    ]:
        assert expected in text

    # The QR code is the verification URL: the embedded image is the one qrcode makes for it.
    with certificate.pdf.open("rb") as handle:
        (embedded,) = PdfReader(handle).pages[0].images
    expected_qr = qrcode.make(services.verify_url(certificate), border=1).get_image().convert("L")
    assert embedded.image.convert("L").resize(expected_qr.size).tobytes() == expected_qr.tobytes()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert message.subject == "Your certificate for “Crisis response on social” is ready"
    assert "http://testserver/learning/" in message.body
    assert certificate.code in message.body

    # A rerun or redelivery of the task makes no second PDF and sends no second email.
    again = services.issue_certificate(certificate=certificate)
    assert again.pdf.name == certificate.pdf.name
    assert again.issued_at == certificate.issued_at
    assert len(mail.outbox) == 1
    assert len(list(path.parent.iterdir())) == 1


def test_requesting_a_certificate_twice_for_one_enrolment_keeps_one(learner):
    course, (module,) = make_course_with_modules(1)
    course_services.record_module_completion(user=learner, module=module)
    enrolment = learner.enrolments.get()
    first = Certificate.objects.get()
    assert services.request_certificate(enrolment=enrolment) == first
    course_services.refresh_enrolment_progress(enrolment=enrolment)
    assert Certificate.objects.count() == 1


def test_a_course_without_recertification_prints_no_expiry(client, learner, django_capture_on_commit_callbacks):
    _course, (module,) = make_course_with_modules(1, title="Your personal accounts")
    _complete(client, learner, module, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    assert certificate.expires_at is None
    assert "Valid until" not in _pdf_text(certificate)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("holder", 200), ("other_learner", 404), ("hr", 200), ("trainer", 404), ("anonymous", 302)],
)
def test_only_the_holder_and_hr_can_download_a_certificate(client, completed, request, who, expected):
    client.logout()
    if who != "anonymous":
        client.force_login(request.getfixturevalue("learner" if who == "holder" else who))
    response = client.get(f"/certificates/{completed.pk}/download/")
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="certificate-crisis-response-on-social.pdf"'
        assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_revoked_certificate_is_no_longer_downloadable_by_its_holder_but_hr_keeps_it(client, completed, learner, hr):
    services.revoke_certificate(certificate=completed, revoked_by=hr, reason="Completed on someone else's account.")
    client.force_login(learner)
    assert client.get(f"/certificates/{completed.pk}/download/").status_code == 404
    dashboard = client.get("/learning/").content.decode()
    assert "Certificate revoked" in dashboard
    assert "Download certificate" not in dashboard
    client.force_login(hr)
    assert client.get(f"/certificates/{completed.pk}/download/").status_code == 200


def test_the_dashboard_links_each_completed_course_to_its_certificate(client, completed, learner):
    client.force_login(learner)
    html = client.get("/learning/").content.decode()
    assert f'href="/certificates/{completed.pk}/download/"' in html
    assert "Download certificate" in html


def test_a_certificate_still_being_made_shows_as_being_prepared(client, learner):
    _course, (module,) = make_course_with_modules(1)
    course_services.record_module_completion(user=learner, module=module)  # on-commit task never runs here
    certificate = Certificate.objects.get()
    assert certificate.issued_at is None
    client.force_login(learner)
    assert "Your certificate is being prepared." in client.get("/learning/").content.decode()
    response = client.get(f"/certificates/{certificate.pk}/download/")
    assert response.status_code == 404


def test_dashboard_queries_do_not_grow_with_certificates(client, learner, other_learner):
    def completed_courses(user, n):
        for i in range(n):
            _course, (module,) = make_course_with_modules(1, title=f"Course {user.pk}-{i}")
            course_services.record_module_completion(user=user, module=module)
            services.issue_certificate(certificate=Certificate.objects.latest("pk"))

    def count(user) -> int:
        client.force_login(user)
        client.get("/learning/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/learning/").status_code == 200
        return len(queries)

    completed_courses(learner, 1)
    completed_courses(other_learner, 4)
    # One query for all the certificates on the page, whatever their number.
    assert count(learner) == count(other_learner)


def test_the_public_check_says_valid_and_shows_only_holder_and_course(client, completed, learner):
    response = client.get(f"/certificates/verify/{completed.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Valid" in html
    assert "Jordan Ellis" in html
    assert "Crisis response on social" in html
    assert f"{completed.expires_at:%-d %B %Y}" in html  # "Valid until"
    completed_on = timezone.localtime(completed.completed_at)
    assert (
        f'<dt>Completed</dt><dd><time datetime="{completed_on:%Y-%m-%d}">{completed_on:%-d %B %Y}</time></dd>' in html
    )
    assert learner.email not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_public_check_accepts_a_code_typed_in_lower_case_without_dashes(client, completed):
    typed = completed.code.replace("-", "").lower()
    assert normalise_code(typed) == completed.code
    response = client.get("/certificates/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/certificates/verify/{completed.code}/"


def test_the_check_form_asks_for_a_code_when_none_is_given(client):
    assert (
        "Enter the code printed on the certificate."
        in client.get("/certificates/verify/", {"code": " "}).content.decode()
    )
    assert client.get("/certificates/verify/").status_code == 200


def test_the_public_check_says_expired_after_the_recertification_date(client, completed):
    with freeze_time(completed.expires_at + timedelta(days=1)):
        html = client.get(f"/certificates/verify/{completed.code}/").content.decode()
    assert f"Expired on {completed.expires_at:%-d %B %Y}" in html


def test_the_public_check_says_revoked_without_giving_the_reason(client, completed, hr):
    services.revoke_certificate(certificate=completed, revoked_by=hr, reason="Shared account; see case 4411.")
    html = client.get(f"/certificates/verify/{completed.code}/").content.decode()
    assert "Revoked" in html
    assert "case 4411" not in html


def test_an_unknown_code_is_not_found(client, db):
    response = client.get("/certificates/verify/AAAA-BBBB-CCCC-DDDD-EEEE/")
    assert response.status_code == 404
    assert "No certificate has the code “AAAA-BBBB-CCCC-DDDD-EEEE”." in response.content.decode()


def test_codes_are_long_and_random_enough_that_guessing_is_pointless(db):
    codes = {Certificate().code for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 24 and code.count("-") == 4 for code in codes)


def test_hr_revokes_a_certificate_in_the_admin_giving_a_reason(client, completed, hr):
    client.force_login(hr)
    listing = client.get("/admin/certificates_admin/")
    assert listing.status_code == 200
    assert "Jordan Ellis" in listing.content.decode()
    url = f"/admin/certificates_admin/{completed.pk}/revoke/"
    assert client.get(url).status_code == 200

    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert "Give a reason for revoking this certificate." in refused.content.decode()
    completed.refresh_from_db()
    assert completed.revoked_at is None

    response = client.post(url, {"reason": "Completed on someone else's account."})
    assert response.status_code == 302
    completed.refresh_from_db()
    assert completed.revoked_by == hr
    assert completed.revoked_reason == "Completed on someone else's account."


@pytest.mark.parametrize(("role", "expected"), [("trainer", 302), ("learner", 302), ("manager", 302)])
def test_people_without_the_revoke_permission_cannot_revoke(client, completed, request, role, expected):
    client.force_login(request.getfixturevalue(role))
    response = client.post(f"/admin/certificates_admin/{completed.pk}/revoke/", {"reason": "No."})
    assert response.status_code in {expected, 403}
    completed.refresh_from_db()
    assert completed.revoked_at is None


def test_a_revoked_pending_certificate_is_never_made_or_announced(learner, hr):
    _course, (module,) = make_course_with_modules(1)
    course_services.record_module_completion(user=learner, module=module)
    certificate = Certificate.objects.get()
    services.revoke_certificate(certificate=certificate, revoked_by=hr, reason="Entered in error.")
    services.issue_certificate(certificate=certificate)
    certificate.refresh_from_db()
    assert certificate.issued_at is None
    assert mail.outbox == []


def test_the_sweep_makes_certificates_left_pending_and_those_never_requested(learner, other_learner):
    _course, (module,) = make_course_with_modules(1)
    course_services.record_module_completion(user=learner, module=module)  # pending: its task never ran
    course_services.record_module_completion(user=other_learner, module=module)
    Certificate.objects.filter(enrolment__user=other_learner).delete()  # as for completions before certificates

    later = timezone.now() + services.PENDING_GRACE + timedelta(minutes=1)
    report = services.issue_pending_certificates(now=later)

    assert (report.requested, report.queued) == (1, 2)
    assert Certificate.objects.filter(issued_at__isnull=False).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([learner.email, other_learner.email])
    # Nothing left: running the sweep again queues nothing.
    assert services.issue_pending_certificates(now=later).queued == 0
