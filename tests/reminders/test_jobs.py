from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

import pytest
from freezegun import freeze_time

from reminders import tasks
from reminders.models import ReminderSent

from .conftest import TODAY, enrol

pytestmark = pytest.mark.django_db


def test_the_beat_schedule_runs_reminders_daily_and_digests_on_mondays():
    schedule = settings.CELERY_BEAT_SCHEDULE
    daily = schedule["reminders-send-due-reminders"]
    weekly = schedule["reminders-send-manager-digests"]
    assert daily["task"] == tasks.send_due_reminders.name == "reminders.send_due_reminders"
    assert weekly["task"] == tasks.send_manager_digests.name == "reminders.send_manager_digests"
    assert (daily["schedule"].hour, daily["schedule"].minute) == ({7}, {0})
    assert daily["schedule"].day_of_week == set(range(7))
    assert (weekly["schedule"].hour, weekly["schedule"].minute, weekly["schedule"].day_of_week) == ({7}, {30}, {1})
    assert str(daily["schedule"].nowfun().tzinfo) == "Europe/London"


@freeze_time("2026-11-23 07:00:00")
def test_a_redelivered_reminder_task_sends_no_second_email(learner, courses):
    enrol(learner, courses["Crisis response"], due_in=2)
    assert tasks.send_due_reminders.apply().get() == 1
    assert tasks.send_due_reminders.apply().get() == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get(user=learner).period == "2026-W48"


@freeze_time("2026-11-23 07:30:00")
def test_the_digest_task_uses_todays_date(manager, learner, courses):
    from people.services import update_profile

    update_profile(user=learner, manager=manager)
    enrol(learner, courses["Crisis response"], due_in=-1)
    assert tasks.send_manager_digests.apply().get() == 1
    assert tasks.send_manager_digests.apply().get() == 0
    assert [m.to for m in mail.outbox] == [[manager.email]]


def test_the_command_sends_reminders_for_the_given_date(learner, courses, capsys):
    enrol(learner, courses["Crisis response"], due_in=2)
    call_command("send_reminders", "--date", TODAY.isoformat())
    call_command("send_reminders", "--date", (TODAY + timedelta(days=1)).isoformat())
    out = capsys.readouterr().out
    assert "Sent 1 learner reminder(s) for 2026-11-23." in out
    assert "Sent 0 learner reminder(s) for 2026-11-24." in out
    assert len(mail.outbox) == 1


def test_the_command_sends_manager_digests(manager, learner, courses, capsys):
    from people.services import update_profile

    update_profile(user=learner, manager=manager)
    enrol(learner, courses["Crisis response"], due_in=-1)
    call_command("send_reminders", "--date", TODAY.isoformat(), "--managers")
    assert "Sent 1 manager digest(s) for 2026-11-23." in capsys.readouterr().out


def test_the_command_refuses_a_date_it_cannot_read():
    with pytest.raises(CommandError) as error:
        call_command("send_reminders", "--date", "23/11/2026")
    assert str(error.value) == "--date must be a date as YYYY-MM-DD, not “23/11/2026”."
