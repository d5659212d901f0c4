"""Print PostgreSQL's plan for the query GET /scim/v2/Users?filter=userName eq "<email>" runs (scim.views builds it
here exactly as for a request), so the SCIM benchmark checks the plan of the real query, not of a hand-written one."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from scim import views
from scim.resources import UserResource


class Command(BaseCommand):
    help = "EXPLAIN ANALYZE the SCIM userName filter query for one address."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        params = {"filter": f'userName eq "{options["email"]}"'}
        query = views._people().filter(views._filter_q(params, UserResource, views.USER_FIELDS)).order_by("pk")
        self.stdout.write(query.explain(analyze=True))
