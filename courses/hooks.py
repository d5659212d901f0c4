"""Listeners other apps register to hear that a learner completed a course, so `courses` never imports them.

A listener is called with `enrolment=` inside the transaction that records the completion: it may write its own
rows there (they commit or roll back with the completion) and queue work with `transaction.on_commit`, nothing
slower. Apps register from their AppConfig.ready(); `certificates` does."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from courses.models import Enrolment

CompletionListener = Callable[..., None]

_completion_listeners: list[CompletionListener] = []


def register_completion_listener(listener: CompletionListener) -> None:
    """Call `listener(enrolment=…)` on every course completion from now on (registering twice keeps one)."""
    if listener not in _completion_listeners:
        _completion_listeners.append(listener)


def notify_course_completed(*, enrolment: Enrolment) -> None:
    for listener in list(_completion_listeners):
        listener(enrolment=enrolment)
