"""The weekly digest: one email per recipient and week to HR (everyone) and to each manager (their reporting line),
however often the beat task runs; HTML and plain text, with the organisation's name."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core import mail

import pytest

from cms.models import OrganisationSettings
from reports import services
from reports.models import DigestSent
from reports.tasks import send_weekly_digests
from tests.reports.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_organisation(site):
    organisation = OrganisationSettings.for_site(site)
    organisation.organisation_name = "Tarnwick Transit"
    organisation.save()


def _by_recipient():
    return {message.to[0].split("@")[0]: message for message in mail.outbox}


def test_the_beat_entry_runs_the_digest_every_monday():
    entry = settings.CELERY_BEAT_SCHEDULE["reports-weekly-digest"]
    assert entry["task"] == "reports.send_weekly_digests"
    assert entry["schedule"].day_of_week == {1}


def test_running_the_task_twice_sends_one_digest_per_recipient(org, named_organisation):
    send_weekly_digests.delay().get()
    send_weekly_digests.delay().get()
    # HR, and the three managers with someone reporting to them; never learners.
    assert sorted(_by_recipient()) == ["aisha", "fatima", "helena", "tomasz"]
    assert len(mail.outbox) == 4
    period = services.digest_period(TODAY)
    assert DigestSent.objects.filter(period=period, sent_at__isnull=False).count() == 4


def test_a_new_week_brings_a_new_digest(org, named_organisation):
    services.send_weekly_digests(today=TODAY)
    services.send_weekly_digests(today=TODAY + timedelta(days=7))
    assert len(mail.outbox) == 8


def test_hr_reads_the_whole_organisation(org, named_organisation):
    services.send_weekly_digests(today=TODAY)
    message = _by_recipient()["fatima"]
    assert message.subject == "Tarnwick Transit: weekly learning digest"
    assert "Here is this week's learning at Tarnwick Transit." in message.body
    assert "- Crisis response: 1 of 4 completed (25%), 1 overdue" in message.body
    assert "- Kwame Test, Crisis response" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<table" in html and "Tarnwick Transit" in html
    assert "http://testserver/admin/learning-reports/completion/" in message.body


def test_a_manager_reads_only_their_reporting_line(org, named_organisation):
    services.send_weekly_digests(today=TODAY)
    aisha = _by_recipient()["aisha"].body
    assert "for the 3 people who report to you" in aisha  # Olga, deactivated, is not one of them any more
    assert "- Crisis response: 1 of 3 completed (33%), 1 overdue" in aisha
    assert "Kwame Test" in aisha and "Jordan" not in aisha
    helena = _by_recipient()["helena"].body
    assert "- Crisis response: 0 of 1 completed (0%), 0 overdue" in helena
    assert "Nobody is overdue." in helena and "Kwame" not in helena


def test_an_email_that_fails_is_sent_on_the_next_try_and_only_once(org, named_organisation, monkeypatch):
    from django.core.mail.backends import locmem

    def refuse(self, messages):
        raise SMTPException("451 try again later")

    period = services.digest_period(TODAY)
    with monkeypatch.context() as patch:
        patch.setattr(locmem.EmailBackend, "send_messages", refuse)
        with pytest.raises(SMTPException):
            services.send_weekly_digest(recipient=org["hr"], period=period)
    assert not DigestSent.objects.filter(recipient=org["hr"], period=period, sent_at__isnull=False).exists()
    assert services.send_weekly_digest(recipient=org["hr"], period=period) is True
    assert services.send_weekly_digest(recipient=org["hr"], period=period) is False
    assert len(mail.outbox) == 1
