"""Paced release: when each module of a course opens for one learner. Pure functions over dates; no queries.

Module n (1-based, in live order) opens at local midnight (settings.TIME_ZONE) of the learner's release start plus
(n − 1) × the course's interval. Midnight is made with zoneinfo for that very date, so a change to or from summer time
between two releases never moves the opening hour."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

if TYPE_CHECKING:
    from courses.models import CoursePage, Enrolment


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def is_paced(course: CoursePage) -> bool:
    from courses.models import ReleaseMode

    return course.release_mode == ReleaseMode.INTERVAL and bool(course.release_interval_days)


def release_start(enrolment: Enrolment | None) -> date:
    """The date module 1 opens for the learner: their own (or their cohort's) start, else the local date they enrolled,
    else today (not enrolled yet: enrolling now starts the clock)."""
    if enrolment is None:
        return timezone.localdate()
    if enrolment.release_starts_on is not None:
        return enrolment.release_starts_on
    return timezone.localtime(enrolment.enrolled_at, local_zone()).date()


def opening_date(course: CoursePage, starts_on: date, number: int) -> date:
    """The local date module `number` (1-based) opens."""
    if not is_paced(course) or number <= 1:
        return starts_on
    return starts_on + timedelta(days=(number - 1) * course.release_interval_days)


def opens_at(course: CoursePage, starts_on: date, number: int) -> datetime:
    """The aware moment module `number` opens: local midnight of its opening date."""
    return datetime.combine(opening_date(course, starts_on, number), time.min, tzinfo=local_zone())


def last_release_date(course: CoursePage, starts_on: date, modules: int) -> date:
    """The local date the last of `modules` modules opens (the start itself for a course released all at once)."""
    return opening_date(course, starts_on, max(modules, 1))
