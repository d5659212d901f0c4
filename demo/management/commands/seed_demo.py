"""Load the demo organisation and courses. Idempotent: a second run finds everything in place and changes nothing."""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Site

from cms.models import OrganisationSettings
from demo.loaders.accounts import load_accounts
from demo.loaders.base import Report
from demo.loaders.courses import load_courses, load_review_workflow
from demo.loaders.goals import load_goals
from demo.loaders.organisation import load_organisation
from demo.loaders.practice import load_practice
from demo.loaders.progress import load_progress
from demo.loaders.quizzes import load_quizzes


class Command(BaseCommand):
    help = "Load the Tarnwick Transit demo: people, courses, quizzes and progress in every state."

    def add_arguments(self, parser):
        parser.add_argument("--summary", action="store_true", help="Print one line instead of one per kind of thing.")

    def handle(self, *args, **options):
        report = Report()
        # The demo's completions issue certificates and their emails: keep those in memory, not on the console.
        # Without Redis the tasks run eagerly, and Celery logs a line for each: the demo says one line for all.
        with _mail_kept_in_memory(), _quiet_task_log(), transaction.atomic():
            site = Site.objects.get(is_default_site=True)
            org = OrganisationSettings.for_site(site)
            if org.organisation_name != "Tarnwick Transit":
                org.organisation_name = "Tarnwick Transit"
                org.support_email = "learning@tarnwick.example"
                org.save()
                report.add("site settings")
            users = load_accounts(report)
            courses = load_courses(report)
            load_review_workflow(report, reviewers=[users["grace.okonkwo"]])
            load_progress(report, users=users, courses=courses)
            # After progress: the assignments find the enrolments it made (enrol_user is idempotent).
            load_organisation(report, users=users, courses=courses)
            # Last: seeded passing attempts then find their modules completed and leave the dated progress alone.
            load_quizzes(report, users=users)
            # After quizzes: refreshers need the course's knowledge checks; pacing leaves completed courses alone.
            load_practice(report, users=users)
            # Last: the objectives' 50 % weeks come from the progress seeded above.
            load_goals(report, users=users, courses=courses)
        if options["summary"]:
            self.stdout.write(report.summary())
            return
        for line in report.lines():
            self.stdout.write(line)


@contextmanager
def _quiet_task_log():
    trace = logging.getLogger("celery.app.trace")
    previous = trace.level
    trace.setLevel(logging.WARNING)
    try:
        yield
    finally:
        trace.setLevel(previous)


@contextmanager
def _mail_kept_in_memory():
    previous = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = previous
