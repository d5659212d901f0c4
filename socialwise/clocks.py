"""Clocks for the reminder crontabs in CELERY_BEAT_SCHEDULE. Beat runs in UTC (CELERY_TIMEZONE); reminders go out at
07:00 London time all year, summer time included. A module-level function, not a lambda, so beat can pickle it."""

from datetime import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london_now() -> datetime:
    return datetime.now(LONDON)
