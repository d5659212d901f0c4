"""Every admin screen as each staff role uses it, in Chromium, on the seeded demo (tests/browser/admin_sweep.py does
the walking): every item and sub-item of the live menu, every listing with its add and edit form, every chooser on
those forms opened and something picked, every date and time picker used, every export in every format downloaded,
opened (csv, openpyxl) and its rows compared with the screen. Any HTTP status >= 500, console error, script error or
CSP violation fails, with every finding listed at once. One browser and one seeded database for all four roles;
screens, forms, choosers and exports an earlier role already exercised are only opened again (menu items are opened
by every role)."""

from __future__ import annotations

import io

from django.core.management import call_command

import pytest

from courses.models import CourseIndexPage, CoursePage, ModulePage
from demo.loaders.base import DEMO_PASSWORD
from tests.browser.admin_sweep import Sweep

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]

STAFF = [
    ("Trainer", "sam.lindqvist@tarnwick.example"),
    ("HR", "fatima.haddad@tarnwick.example"),
    ("Administrator", "admin@tarnwick.example"),
    ("Manager with reports", "aisha.rahman@tarnwick.example"),
]


def test_every_admin_screen_works_for_every_staff_role(browser, live_server):
    from wagtail.models import Page, get_page_models

    call_command("seed_demo", stdout=io.StringIO())
    page_ids = [
        pk
        for model in get_page_models()
        if model is not Page and (pk := model.objects.order_by("path").values_list("pk", flat=True).first())
    ]
    parent_ids = [model.objects.order_by("path").first().pk for model in (CourseIndexPage, CoursePage, ModulePage)]
    sweep = Sweep(browser, live_server.url, DEMO_PASSWORD, page_ids=page_ids, parent_ids=parent_ids)
    for role, email in STAFF:
        sweep.run(role, email)
    assert not sweep.failures, "\n".join(sweep.failures)
    # The sweep did reach what it is for (a broken enumeration would find nothing to fail on).
    assert {"/admin/learning-reports/completion/", "/admin/people/people/"} <= sweep.visited["HR"]
    assert "/admin/people/people/" not in sweep.visited["Trainer"]
    assert "/admin/learning-reports/completion/" in sweep.visited["Manager with reports"]
    assert any(url.startswith("/admin/users/") for url in sweep.visited["Administrator"])
    assert sweep.exports >= 40 and sweep.choosers >= 5 and sweep.pickers >= 3, (
        sweep.exports,
        sweep.choosers,
        sweep.pickers,
    )
