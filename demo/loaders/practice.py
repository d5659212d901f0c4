"""Practice in the demo (issue 10): course A released one module a week, the LEAD cohort paced from T−40 (so its six
modules opened one a week and the last on the assignment's due date, T−5: nobody is overdue for a module that has not
opened, and a learner who joins course A today gets it one module a week), the leaders' "Try it this week" callouts as
practice tasks with a few private notes, refreshers for the leaders who finished, and two facilitator sessions.
Idempotent: a second run finds everything in place."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.html import strip_tags

from courses.models import CoursePage, Enrolment, ModulePage, ReleaseMode
from demo.loaders.base import Report
from demo.loaders.courses import modules_by_code
from people.models import Cohort, User
from practice import services
from practice.models import CohortSchedule, CohortSession, PracticeNote

NOTES = [
    (
        "meiling.zhao",
        "A1",
        "Found 14 posts: 9 questions about route 22, 3 complaints about the app, 2 thanks. Customer service could answer most.",
        True,
        False,
    ),
    ("meiling.zhao", "A2", "Followed our own account and two rivals. Ours answers in office hours only.", True, False),
    ("siobhan.murphy", "A1", "Most questions were about delays; nobody from us replied after 18:00.", True, True),
    ("daniel.cohen", "A1", "Started: searched the app's name, found two bug reports.", False, False),
]


def _practice_tasks(module: ModulePage, report: Report) -> None:
    """Turn the module's "Try it this week" callout into a practice task (learners then keep notes on it)."""
    if any(block.block_type == "practice_task" for block in module.body):
        return
    body = []
    changed = False
    for block in module.body:
        if block.block_type == "callout" and block.value.get("title") == "Try it this week":
            body.append(
                (
                    "practice_task",
                    {
                        "prompt": strip_tags(getattr(block.value["text"], "source", str(block.value["text"]))).strip(),
                        "days": 7,
                    },
                )
            )
            changed = True
        else:
            body.append((block.block_type, block.value))
    if changed:
        module.body = body
        module.save_revision().publish()
        report.add("practice tasks")


def load_practice(report: Report, *, users: dict[str, User]) -> None:
    today = timezone.localdate()
    modules = modules_by_code()
    course_a = CoursePage.objects.get(pk=modules["A1"].get_parent().pk)
    if course_a.release_mode != ReleaseMode.INTERVAL:
        course_a.release_mode = ReleaseMode.INTERVAL
        course_a.release_interval_days = 7
        course_a.save_revision().publish()
        report.add("paced courses")
    for code in ("A1", "A2", "A3", "A4", "A5", "A6"):
        _practice_tasks(ModulePage.objects.get(pk=modules[code].pk), report)

    lead = Cohort.objects.get(code="LEAD")
    if not CohortSchedule.objects.filter(cohort=lead, course=course_a).exists():
        services.save_cohort_schedule(
            schedule=CohortSchedule(cohort=lead, course=course_a, starts_on=today - timedelta(days=40))
        )
        report.add("cohort schedules")

    for username, code, text, done, shared in NOTES:
        module = ModulePage.objects.get(pk=modules[code].pk)
        block_id = next((b.id for b in module.body if b.block_type == "practice_task"), None)
        if block_id and not PracticeNote.objects.filter(user=users[username], module=module).exists():
            services.save_practice_note(
                user=users[username], module=module, block_id=block_id, text=text, done=done, shared_with_trainer=shared
            )
            report.add("practice notes")

    # The leaders who finished course A get their refreshers (the listener ran before the course had quizzes).
    for enrolment in Enrolment.objects.filter(course=course_a, is_current=True, completed_at__isnull=False):
        services.schedule_refreshers(enrolment=enrolment)

    sam = users["sam.lindqvist"]
    sessions = [
        ("SQUAD", "C3", timezone.now() + timedelta(days=4), "Control room meeting space, Tarnwick depot"),
        ("LEAD", "A4", timezone.now() - timedelta(days=6), "Boardroom, head office"),
    ]
    for cohort_code, module_code, starts_at, place in sessions:
        cohort = Cohort.objects.get(code=cohort_code)
        if not CohortSession.objects.filter(cohort=cohort, module_id=modules[module_code].pk).exists():
            session = services.save_cohort_session(
                session=CohortSession(
                    cohort=cohort,
                    module_id=modules[module_code].pk,
                    starts_at=starts_at.replace(hour=14, minute=0, second=0, microsecond=0),
                    place=place,
                    facilitator=sam,
                )
            )
            if session.starts_at < timezone.now():  # Sam took the register: everyone came but the last member
                members = [m.user for m in cohort.memberships.select_related("user").order_by("joined_at", "pk")]
                services.save_cohort_session(session=session, register_taken=True, attendees=members[:-1])
            report.add("cohort sessions")
