"""Reads for reminder emails: who has something due and what, for any number of people in a fixed number of
queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q

from courses.models import Enrolment
from practice.models import RefresherDue
from reminders.models import NotificationPreference, ReminderSent

if TYPE_CHECKING:
    from people.models import User

DUE_SOON = "due_soon"
OVERDUE = "overdue"


def period_of(today: date) -> str:
    """The ISO week `today` falls in, as "2026-W48": the period of "at most one email"."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def due_soon_days() -> int:
    return int(settings.REMINDER_DUE_SOON_DAYS)


def overdue_max_weeks() -> int:
    return int(settings.REMINDER_OVERDUE_MAX_WEEKS)


@dataclass
class DueCourse:
    enrolment: Enrolment
    status: str  # DUE_SOON or OVERDUE

    @property
    def course(self):
        return self.enrolment.course

    @property
    def due_on(self) -> date:
        return self.enrolment.due_on

    @property
    def is_overdue(self) -> bool:
        return self.status == OVERDUE


@dataclass
class LearnerItems:
    user: User
    required: list[DueCourse] = field(default_factory=list)
    optional: list[DueCourse] = field(default_factory=list)
    refreshers: list[RefresherDue] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.required or self.optional or self.refreshers)

    def as_json(self) -> dict:
        return {
            "enrolments": [{"id": d.enrolment.pk, "status": d.status} for d in self.required + self.optional],
            "refreshers": [r.pk for r in self.refreshers],
        }


def _open_enrolments(today: date) -> Q:
    """Current, unfinished, dated enrolments of active people, due within the due-soon window or already overdue."""
    return Q(
        is_current=True,
        completed_at=None,
        due_on__isnull=False,
        due_on__lte=today + timedelta(days=due_soon_days()),
        user__is_active=True,
    )


def _open_refreshers(today: date) -> Q:
    # The same rows as practice.selectors.refreshers_due, for many people at once.
    return Q(answered_at=None, due_on__lte=today, course__live=True, user__is_active=True)


def reminder_candidate_ids(*, today: date) -> list[int]:
    """Ids of active people with a dated course due soon or overdue, or a refresher waiting. Two queries."""
    ids = set(Enrolment.objects.filter(_open_enrolments(today)).order_by().values_list("user_id", flat=True).distinct())
    ids |= set(
        RefresherDue.objects.filter(_open_refreshers(today)).order_by().values_list("user_id", flat=True).distinct()
    )
    return sorted(ids)


def overdue_counts(*, user_ids: list[int], before_period: str) -> Counter:
    """How many delivered learner reminders before `before_period` listed each enrolment as overdue, as
    {enrolment id: count}. One query."""
    counts: Counter = Counter()
    for items in ReminderSent.objects.filter(
        user_id__in=user_ids,
        kind=ReminderSent.Kind.LEARNER,
        delivered_at__isnull=False,
        period__lt=before_period,
    ).values_list("items", flat=True):
        for entry in (items or {}).get("enrolments", []):
            if entry.get("status") == OVERDUE:
                counts[entry.get("id")] += 1
    return counts


def learner_items(*, users: list[User], today: date) -> dict[int, LearnerItems]:
    """What each of `users` is to be reminded of on `today`, as {user id: LearnerItems} (only people with something
    to say). Required training unless HR turned it off; optional courses and refreshers only when the person keeps
    optional emails on; an overdue course no longer after REMINDER_OVERDUE_MAX_WEEKS reminders listed it as overdue.
    Four queries, whatever the number of people."""
    active = {u.pk: u for u in users if u.is_active}
    if not active:
        return {}
    ids = list(active)
    preferences = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=ids)}
    counts = overdue_counts(user_ids=ids, before_period=period_of(today))
    cap = overdue_max_weeks()
    found: dict[int, LearnerItems] = defaultdict(lambda: LearnerItems(user=None))
    for enrolment in (
        Enrolment.objects.filter(_open_enrolments(today), user_id__in=ids)
        .select_related("course")
        .order_by("due_on", "course__title", "pk")
    ):
        preference = preferences.get(enrolment.user_id)
        status = OVERDUE if enrolment.due_on < today else DUE_SOON
        if status == OVERDUE and counts[enrolment.pk] >= cap:
            continue
        item = DueCourse(enrolment=enrolment, status=status)
        if enrolment.required:
            if preference is None or preference.required_reminders:
                found[enrolment.user_id].required.append(item)
        elif preference is None or preference.optional_emails:
            found[enrolment.user_id].optional.append(item)
    wants_optional = [uid for uid in ids if uid not in preferences or preferences[uid].optional_emails]
    if wants_optional:
        for refresher in (
            RefresherDue.objects.filter(_open_refreshers(today), user_id__in=wants_optional)
            .select_related("course")
            .order_by("due_on", "pk")
        ):
            found[refresher.user_id].refreshers.append(refresher)
    result = {}
    for uid, items in found.items():
        if items:
            items.user = active[uid]
            result[uid] = items
    return result


def team_due_courses(*, manager: User, today: date) -> list[DueCourse]:
    """The required courses of the manager's team (everyone below them, the chain walked in SQL) that are overdue
    or due soon, by due date, with person and course: completion facts only. One query."""
    from people.selectors import team_subquery

    return [
        DueCourse(enrolment=e, status=OVERDUE if e.due_on < today else DUE_SOON)
        for e in Enrolment.objects.filter(
            _open_enrolments(today), user_id__in=team_subquery(manager_id=manager.pk), required=True
        )
        .select_related("course", "user")
        .order_by("due_on", "user__last_name", "user__first_name", "course__title")
    ]


def digest_manager_ids() -> list[int]:
    """Ids of active people with someone reporting to them directly (the digest covers indirect reports too). One
    query."""
    from people.models import Profile

    return sorted(
        set(
            Profile.objects.filter(manager__isnull=False, manager__is_active=True)
            .order_by()
            .values_list("manager_id", flat=True)
            .distinct()
        )
    )
