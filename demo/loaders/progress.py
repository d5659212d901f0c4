"""Demo learners' progress (CONTENT.md §5) through the courses services, then dated relative to today (T) so the
demo never goes stale: completions at T−n days, due dates around T."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from certificates import services as certificate_services
from certificates.models import Certificate
from courses import services
from courses.models import CoursePage, Enrolment, ModuleProgress
from demo.loaders.base import Report, content
from demo.loaders.courses import modules_by_code
from people.models import User


def _at(days: int, hour: int = 10):
    return (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def _complete(user: User, course: CoursePage, codes: list[str], modules: dict, done_offset: int | None) -> Enrolment:
    for code in codes:
        services.record_module_completion(user=user, module=modules[code])
    enrolment = Enrolment.objects.get(user=user, course=course, is_current=True)
    # Spread the module completions over the days before the course completion (or before today).
    last = done_offset if done_offset is not None else -1
    for step, progress in enumerate(
        ModuleProgress.objects.filter(enrolment=enrolment).select_related("module").order_by("module__path")
    ):
        when = _at(last - (len(codes) - 1 - step) * 2)
        ModuleProgress.objects.filter(pk=progress.pk).update(
            started_at=when - timedelta(minutes=9), completed_at=when, time_spent_seconds=420 + 37 * step
        )
    if codes:
        Enrolment.objects.filter(pk=enrolment.pk).update(
            started_at=_at(last - (len(codes) - 1) * 2, 9), last_activity_at=_at(last)
        )
    if done_offset is not None:
        expires = None
        if course.valid_months:
            expires = services.certification_expiry(completed_at=_at(done_offset), valid_months=course.valid_months)
        Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=_at(done_offset), expires_at=expires)
        _backdate_certificate(enrolment, completed_at=_at(done_offset), expires_at=expires)
    enrolment.refresh_from_db()
    return enrolment


def _backdate_certificate(enrolment: Enrolment, *, completed_at, expires_at) -> None:
    """The completion above made the certificate with today's date; it must say what the backdated enrolment says
    (or a lapsed demo certificate would read "Valid"). A PDF already made is made again with those dates."""
    certificate = Certificate.objects.filter(enrolment=enrolment).first()
    if certificate is None:
        return
    made = certificate.issued_at is not None
    Certificate.objects.filter(pk=certificate.pk).update(
        completed_at=completed_at, expires_at=expires_at, issued_at=None
    )
    if made:
        certificate_services.issue_certificate(certificate=certificate)


def load_progress(report: Report, *, users: dict[str, User], courses: dict[str, CoursePage]) -> None:
    """Enrol and progress the demo learners; a learner already enrolled in a course is left as they are."""
    org = content("organisation")
    due = {a["course"]: a["due_offset"] for a in org["ASSIGNMENTS"]}
    assigned = {a["course"]: a["assigned_offset"] for a in org["ASSIGNMENTS"]}
    modules = modules_by_code()
    today = timezone.localdate()

    for expired in org["EXPIRED_COMPLETIONS"]:
        user, course = users[expired["username"]], courses[expired["course"]]
        if Enrolment.objects.filter(user=user, course=course).exists():
            continue
        services.enrol_user(user=user, course=course, required=True, source=Enrolment.Source.ASSIGNED)
        codes = sorted(code for code in modules if code.startswith(expired["course"]))
        enrolment = _complete(user, course, codes, modules, expired["completed_offset"])
        Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=_at(expired["completed_offset"] - 20))
        services.start_new_cycle(user=user, course=course)
        report.add("expired completions")

    for username, by_course in org["PROGRESS"].items():
        user = users[username]
        for code, state in by_course.items():
            course = courses[code]
            existing = Enrolment.objects.filter(user=user, course=course, is_current=True).first()
            if existing is not None and ModuleProgress.objects.filter(enrolment=existing).exists():
                continue
            if existing is not None and existing.due_on is not None:
                continue
            enrolment = services.enrol_user(
                user=user,
                course=course,
                required=True,
                due_on=today + timedelta(days=due[code]),
                source=Enrolment.Source.ASSIGNED,
            )
            Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=_at(assigned[code], 8))
            codes = sorted(c for c in modules if c.startswith(code))[: state["modules_done"]]
            _complete(user, course, codes, modules, state["completed_offset"])
            report.add("enrolments")
