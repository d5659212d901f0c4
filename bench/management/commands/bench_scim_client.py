"""Make a few departments and a SCIM client for the SCIM benchmark and print the client's token (once, as the admin
does); with --assignment, after the people are imported, a department MOVERS that nobody is in yet and a required
course assigned to it, so that each person a sync moves there is enrolled by the organisation's rules."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from courses.models import CourseIndexPage, CoursePage
from people import services as people_services
from people.models import Department
from scim import services


class Command(BaseCommand):
    help = "Create departments DEP0…DEP9 and a SCIM client; print its token. --assignment: the MOVERS assignment."

    def add_arguments(self, parser):
        parser.add_argument("--assignment", action="store_true")

    def handle(self, *args, **options):
        if options["assignment"]:
            self._assignment()
            return
        for n in range(10):
            if not Department.objects.filter(code=f"DEP{n}").exists():
                people_services.create_department(name=f"Department {n}", code=f"DEP{n}")
        _client, token = services.create_client(name="bench", actor=None, requests_per_minute=100_000)
        self.stdout.write(token)

    def _assignment(self) -> None:
        index = CourseIndexPage.objects.first()
        if index is None:
            raise CommandError("There is no course catalogue page: run migrate first.")
        movers = people_services.create_department(name="Movers", code="MOVERS")
        course = CoursePage(title="Movers' induction", slug="movers-induction", summary="Generated for benchmarks.")
        index.add_child(instance=course)
        course.save_revision().publish()
        people_services.create_assignment(course=course, departments=[movers], due_rule="after_hire", due_days=30)
        self.stdout.write(str(course.pk))
