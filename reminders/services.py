"""Reminder emails: each learner's weekly list of due courses and refreshers, each manager's weekly team digest, and
the preferences that turn the optional ones off. Every email claims its (person, kind, week) row first and marks it
delivered after sending, so a rerun, a retry or a redelivered task never sends a second one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from cms.models import OrganisationSettings
from reminders import selectors
from reminders.models import NotificationPreference, ReminderSent

if TYPE_CHECKING:
    from people.models import User


@dataclass(frozen=True)
class Branding:
    organisation_name: str
    support_email: str


def organisation_branding() -> Branding:
    """The default site's organisation name and support address for emails. Two queries."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Branding(organisation_name="Socialwise", support_email="")
    org = OrganisationSettings.for_site(site)
    return Branding(organisation_name=org.organisation_name or "Socialwise", support_email=org.support_email)


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _claim(*, user: User, kind: str, period: str) -> None:
    # Its own transaction: the claim stays even when the send below fails, so the retry finds the undelivered row.
    with transaction.atomic():
        ReminderSent.objects.get_or_create(user=user, kind=kind, period=period)


def _send(
    *, user: User, kind: str, period: str, items: dict, subject: str, template: str, context: dict
) -> tuple[ReminderSent, bool]:
    """Send the email unless this period's row is already delivered; returns the row and whether it went out now."""
    _claim(user=user, kind=kind, period=period)
    # The row stays locked while the email goes out and `delivered_at` commits with it: a concurrent run waits, then
    # finds it delivered. An SMTP error rolls back and the task retries; only a crash between the server's "accepted"
    # and this commit could repeat the email.
    with transaction.atomic():
        sent = ReminderSent.objects.select_for_update().get(user=user, kind=kind, period=period)
        if sent.delivered_at is not None:
            return sent, False
        message = EmailMultiAlternatives(
            subject=subject, body=render_to_string(f"{template}.txt", context), to=[user.email]
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
        message.send()
        sent.items = items
        sent.delivered_at = timezone.now()
        # The row was just found by its unique key and its person exists: only its own fields need checking.
        sent.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
        sent.save(update_fields=["items", "delivered_at"])
    return sent, True


def _deliver_learner(*, items: selectors.LearnerItems, today: date, branding: Branding) -> tuple[ReminderSent, bool]:
    context = {
        "user": items.user,
        "required": items.required,
        "optional": items.optional,
        "refreshers": items.refreshers,
        "today": today,
        "organisation_name": branding.organisation_name,
        "support_email": branding.support_email,
        "dashboard_url": _absolute(reverse("courses:dashboard")),
        "preferences_url": _absolute(reverse("reminders:preferences")),
        "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }
    return _send(
        user=items.user,
        kind=ReminderSent.Kind.LEARNER,
        period=selectors.period_of(today),
        items=items.as_json(),
        subject=_("Your learning this week"),
        template="reminders/email/learner_reminder",
        context=context,
    )


def send_learner_reminder(*, user: User, today: date) -> ReminderSent | None:
    """Email `user` one list of everything due soon or overdue (and refreshers waiting), at most once per ISO week.
    Returns the week's row (None when there is nothing to remind them of); a delivered row means nothing is sent."""
    items = selectors.learner_items(users=[user], today=today).get(user.pk)
    if items is None:
        return None
    return _deliver_learner(items=items, today=today, branding=organisation_branding())[0]


def send_due_reminders(*, today: date) -> int:
    """Send this week's reminder to every learner with something due, once each; returns how many emails went out
    now. Seven queries to find people and items whatever their number, then a few per email (claim, lock, save).
    Each email commits on its own, so a failure part-way keeps what was sent and a rerun sends only the rest."""
    user_ids = selectors.reminder_candidate_ids(today=today)
    if not user_ids:
        return 0
    from people.models import User

    period = selectors.period_of(today)
    done = set(
        ReminderSent.objects.filter(
            user_id__in=user_ids, kind=ReminderSent.Kind.LEARNER, period=period, delivered_at__isnull=False
        ).values_list("user_id", flat=True)
    )
    users = list(User.objects.filter(pk__in=[uid for uid in user_ids if uid not in done]).order_by("pk"))
    found = selectors.learner_items(users=users, today=today)
    if not found:
        return 0
    branding = organisation_branding()
    sent = 0
    for uid in sorted(found):
        _row, sent_now = _deliver_learner(items=found[uid], today=today, branding=branding)
        sent += sent_now
    return sent


def send_manager_digest(*, manager: User, today: date) -> ReminderSent | None:
    """Email `manager` their team's (direct and indirect reports') required courses that are overdue or due soon:
    names, course and due date only, never scores. Once per ISO week; none when the manager turned optional emails
    off, is inactive, or nobody in the team has anything due. A few queries whatever the size of the team."""
    return _deliver_manager_digest(manager=manager, today=today)[0]


def _deliver_manager_digest(*, manager: User, today: date) -> tuple[ReminderSent | None, bool]:
    if not manager.is_active:
        return None, False
    preference = NotificationPreference.objects.filter(user=manager).first()
    if preference is not None and not preference.optional_emails:
        return None, False
    courses = selectors.team_due_courses(manager=manager, today=today)
    if not courses:
        return None, False
    branding = organisation_branding()
    context = {
        "user": manager,
        "overdue": [c for c in courses if c.is_overdue],
        "due_soon": [c for c in courses if not c.is_overdue],
        "today": today,
        "organisation_name": branding.organisation_name,
        "support_email": branding.support_email,
        "team_url": _absolute(reverse("people:team")),
        "preferences_url": _absolute(reverse("reminders:preferences")),
    }
    return _send(
        user=manager,
        kind=ReminderSent.Kind.MANAGER,
        period=selectors.period_of(today),
        items={"enrolments": [{"id": c.enrolment.pk, "status": c.status} for c in courses]},
        subject=_("Your team’s training this week"),
        template="reminders/email/manager_digest",
        context=context,
    )


def send_manager_digests(*, today: date) -> int:
    """Send this week's digest to every manager with something to report, once each; returns how many were sent
    now (a rerun in the same week sends none)."""
    from people.models import User

    period = selectors.period_of(today)
    done = set(
        ReminderSent.objects.filter(
            kind=ReminderSent.Kind.MANAGER, period=period, delivered_at__isnull=False
        ).values_list("user_id", flat=True)
    )
    ids = [uid for uid in selectors.digest_manager_ids() if uid not in done]
    sent = 0
    for manager in User.objects.filter(pk__in=ids).order_by("pk"):
        _row, sent_now = _deliver_manager_digest(manager=manager, today=today)
        sent += sent_now
    return sent


# --- Preferences ----------------------------------------------------------------------------------------------------
@transaction.atomic
def set_optional_emails(*, user: User, enabled: bool) -> NotificationPreference:
    """The person's own choice about optional emails. Never touches `required_reminders`, which is HR's."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    preference.optional_emails = enabled
    preference.full_clean()
    preference.save(update_fields=["optional_emails", "updated_at"])
    return preference


@transaction.atomic
def set_required_reminders(*, user: User, enabled: bool, changed_by: User) -> NotificationPreference:
    """HR's decision about required-training reminders for `user`, recording who made it."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    preference.required_reminders = enabled
    preference.changed_by = changed_by
    preference.full_clean()
    preference.save(update_fields=["required_reminders", "changed_by", "updated_at"])
    return preference


def preference_for(*, user: User) -> NotificationPreference:
    """The person's preferences, unsaved defaults (both on) when they never changed any. One query."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def erase_preferences(user: User) -> None:
    """Personal-data erasure: the person's own preference goes; HR's name on others' preferences is unlinked."""
    NotificationPreference.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(changed_by=user).update(changed_by=None)
