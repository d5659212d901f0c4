"""Make a few departments and a SCIM client for the SCIM benchmark; print the client's token (once, as the admin does)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from people import services as people_services
from people.models import Department
from scim import services


class Command(BaseCommand):
    help = "Create departments DEP0…DEP9 and a SCIM client; print its token."

    def handle(self, *args, **options):
        for n in range(10):
            if not Department.objects.filter(code=f"DEP{n}").exists():
                people_services.create_department(name=f"Department {n}", code=f"DEP{n}")
        _client, token = services.create_client(name="bench", actor=None, requests_per_minute=10_000_000)
        self.stdout.write(token)
