from __future__ import annotations

from datetime import timedelta

from django.core import mail

import pytest

from courses.services import record_module_completion, set_enrolment_requirement
from practice.models import RefresherDue
from reminders import services
from reminders.models import NotificationPreference, ReminderSent
from tests.factories.courses import make_course_with_modules
from tests.factories.people import UserFactory

from .conftest import TODAY, enrol

pytestmark = pytest.mark.django_db


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def test_a_course_due_in_exactly_the_due_soon_days_is_in_the_reminder(learner, courses, settings):
    settings.REMINDER_DUE_SOON_DAYS = 7
    enrol(learner, courses["Crisis response"], due_in=7)
    sent = services.send_learner_reminder(user=learner, today=TODAY)
    assert sent.items["enrolments"][0]["status"] == "due_soon"
    assert "Crisis response" in mail.outbox[0].body


def test_a_course_due_today_is_due_soon_not_overdue(learner, courses):
    enrolment = enrol(learner, courses["Crisis response"], due_in=0)
    sent = services.send_learner_reminder(user=learner, today=TODAY)
    assert sent.items["enrolments"] == [{"id": enrolment.pk, "status": "due_soon"}]


def test_a_course_due_one_day_after_the_window_sends_nothing(learner, courses, settings):
    settings.REMINDER_DUE_SOON_DAYS = 7
    enrol(learner, courses["Crisis response"], due_in=8)
    assert services.send_learner_reminder(user=learner, today=TODAY) is None
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_all_due_courses_go_in_one_email(learner, courses):
    enrol(learner, courses["Crisis response"], due_in=-3)
    enrol(learner, courses["Listening at scale"], due_in=2)
    enrol(learner, courses["Hiring in public"], due_in=6)
    assert services.send_due_reminders(today=TODAY) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert message.subject == "Your learning this week"
    for title in ["Crisis response", "Listening at scale", "Hiring in public"]:
        assert title in message.body
        assert title in html_of(message)
    assert "overdue since 20 November 2026" in message.body


def test_running_the_service_twice_in_a_week_sends_one_email(learner, courses):
    enrol(learner, courses["Crisis response"], due_in=3)
    first = services.send_learner_reminder(user=learner, today=TODAY)
    again = services.send_learner_reminder(user=learner, today=TODAY + timedelta(days=2))
    assert again.pk == first.pk
    assert services.send_due_reminders(today=TODAY + timedelta(days=3)) == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(user=learner).count() == 1


def test_the_next_week_sends_a_new_reminder(learner, courses):
    enrol(learner, courses["Crisis response"], due_in=3)
    services.send_due_reminders(today=TODAY)
    services.send_due_reminders(today=TODAY + timedelta(days=7))
    assert len(mail.outbox) == 2
    assert sorted(ReminderSent.objects.values_list("period", flat=True)) == ["2026-W48", "2026-W49"]


def test_a_failed_send_is_sent_by_the_retry_and_only_once(learner, courses, monkeypatch):
    from smtplib import SMTPException

    from django.core.mail import EmailMultiAlternatives

    enrol(learner, courses["Crisis response"], due_in=3)
    real_send = EmailMultiAlternatives.send

    def broken(self, *args, **kwargs):
        raise SMTPException("421 try later")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    with pytest.raises(SMTPException):
        services.send_learner_reminder(user=learner, today=TODAY)
    claimed = ReminderSent.objects.get(user=learner)
    assert claimed.delivered_at is None
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    services.send_learner_reminder(user=learner, today=TODAY)
    services.send_learner_reminder(user=learner, today=TODAY)
    assert len(mail.outbox) == 1
    claimed.refresh_from_db()
    assert claimed.delivered_at is not None


def test_an_overdue_course_is_reminded_weekly_then_stops_after_the_cap(learner, courses, settings):
    settings.REMINDER_OVERDUE_MAX_WEEKS = 4
    enrol(learner, courses["Crisis response"], due_in=-1)
    weeks = [TODAY + timedelta(weeks=n) for n in range(6)]
    sent = [services.send_due_reminders(today=day) for day in weeks]
    assert sent == [1, 1, 1, 1, 0, 0]
    assert len(mail.outbox) == 4


def test_the_overdue_cap_leaves_other_courses_in_the_reminder(learner, courses, settings):
    settings.REMINDER_OVERDUE_MAX_WEEKS = 1
    enrol(learner, courses["Crisis response"], due_in=-1)
    services.send_due_reminders(today=TODAY)
    enrol(learner, courses["Listening at scale"], due_in=10)
    services.send_due_reminders(today=TODAY + timedelta(weeks=1))
    assert len(mail.outbox) == 2
    assert "Listening at scale" in mail.outbox[1].body
    assert "Crisis response" not in mail.outbox[1].body


def test_completing_the_course_stops_its_reminders(learner):
    course, modules = make_course_with_modules(1, title="Crisis response")
    enrol(learner, course, due_in=-2)
    services.send_due_reminders(today=TODAY)
    record_module_completion(user=learner, module=modules[0])
    assert services.send_due_reminders(today=TODAY + timedelta(weeks=1)) == 0
    assert len(mail.outbox) == 1


def test_withdrawing_the_assignment_stops_its_reminders(learner, courses):
    enrol(learner, courses["Crisis response"], due_in=-2)
    services.send_due_reminders(today=TODAY)
    set_enrolment_requirement(user=learner, course=courses["Crisis response"], required=False, due_on=None)
    assert services.send_due_reminders(today=TODAY + timedelta(weeks=1)) == 0
    assert len(mail.outbox) == 1


def test_inactive_people_get_no_reminder(learner, courses):
    enrol(learner, courses["Crisis response"], due_in=1)
    learner.is_active = False
    learner.save()
    assert services.send_due_reminders(today=TODAY) == 0
    assert mail.outbox == []


def test_optional_courses_and_refreshers_are_in_the_reminder_by_default(learner, courses):
    enrolment = enrol(learner, courses["Listening at scale"], due_in=4, required=False)
    RefresherDue.objects.create(
        user=learner, enrolment=enrolment, course=courses["Hiring in public"], after_days=30, due_on=TODAY
    )
    services.send_due_reminders(today=TODAY)
    body = mail.outbox[0].body
    assert "Optional courses" in body
    assert "Listening at scale" in body
    assert "Refreshers ready for you" in body
    assert "Hiring in public" in body


def test_turning_optional_emails_off_leaves_only_required_training(learner, courses):
    enrolment = enrol(learner, courses["Listening at scale"], due_in=4, required=False)
    RefresherDue.objects.create(
        user=learner, enrolment=enrolment, course=courses["Hiring in public"], after_days=30, due_on=TODAY
    )
    enrol(learner, courses["Crisis response"], due_in=4)
    services.set_optional_emails(user=learner, enabled=False)
    services.send_due_reminders(today=TODAY)
    body = mail.outbox[0].body
    assert "Crisis response" in body
    assert "Listening at scale" not in body
    assert "Hiring in public" not in body


def test_with_optional_emails_off_and_only_optional_items_nothing_is_sent(learner, courses):
    enrol(learner, courses["Listening at scale"], due_in=4, required=False)
    services.set_optional_emails(user=learner, enabled=False)
    assert services.send_due_reminders(today=TODAY) == 0
    assert mail.outbox == []


def test_required_reminders_turned_off_by_hr_are_not_sent(learner, hr, courses):
    enrol(learner, courses["Crisis response"], due_in=-4)
    services.set_required_reminders(user=learner, enabled=False, changed_by=hr)
    assert services.send_due_reminders(today=TODAY) == 0
    assert mail.outbox == []
    assert NotificationPreference.objects.get(user=learner).changed_by == hr


def test_html_and_text_parts_carry_the_organisations_branding(learner, courses, branding):
    enrol(learner, courses["Crisis response"], due_in=2)
    services.send_due_reminders(today=TODAY)
    message = mail.outbox[0]
    html = html_of(message)
    assert "Tarnwick Transit" in message.body
    assert "Tarnwick Transit" in html
    assert "learning@tarnwick.example" in message.body
    assert 'href="mailto:learning@tarnwick.example"' in html
    assert "http://testserver/reminders/preferences/" in message.body or "/reminders/preferences/" in message.body


def test_send_due_reminders_queries_do_not_grow_per_person_beyond_a_few_per_email(
    courses, django_assert_max_num_queries
):
    people = [UserFactory(email=f"p{n}@tarnwick.example") for n in range(6)]
    for person in people:
        enrol(person, courses["Crisis response"], due_in=-1)
        enrol(person, courses["Listening at scale"], due_in=3, required=False)
    # 10 to find people and items, however many: 2 candidate ids, 1 already sent this week, 1 users, 1 preferences,
    # 1 earlier reminders (the overdue cap), 1 enrolments, 1 refreshers, 2 branding (site, organisation settings);
    # up to 4 more once: Wagtail making the organisation settings row on first use (3) and the site-root lookup that
    # course links cache (1).
    # Then 10 per email: the claim (savepoint, select, savepoint, insert, release, release) and the locked update
    # (savepoint, select for update, update, release); savepoints appear because the test runs inside a transaction.
    with django_assert_max_num_queries(14 + 10 * len(people)):
        assert services.send_due_reminders(today=TODAY) == len(people)
