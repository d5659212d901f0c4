"""Stray drafts: what an abandoned "add page" form leaves behind is deleted after STRAY_DRAFT_HOURS by the hourly job,
and nothing anyone titled, published or submitted ever is."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page, PageLogEntry

import pytest

from cms import services, tasks
from courses.models import CourseIndexPage, CoursePage
from tests.factories.courses import make_course

pytestmark = pytest.mark.django_db

AUTOSAVE = {"HTTP_ACCEPT": "application/json"}  # what Wagtail's autosave controller sends


def _autosave_new_course(client, title: str):
    """The add-course form as Wagtail's autosave posts it: a title and nothing else filled in."""
    index = CourseIndexPage.objects.get()
    data = {
        "title": title,
        "slug": slugify(title),  # the form's script fills it from the title as the trainer types
        "summary": "",
        "intro": "{}",
        "cover_alt_text": "",
        "audience": "all_staff",
        "outcomes-count": "0",
        "valid_months": "",
        "release_mode": "all_at_once",
        "release_interval_days": "7",
        **{f"comments-{name}": "0" for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")},
    }
    return client.post(f"/admin/pages/add/courses/coursepage/{index.pk}/", data, **AUTOSAVE)


def test_an_abandoned_add_form_leaves_a_draft_that_the_hourly_job_deletes_and_nothing_else(client, trainer, hr):
    client.force_login(trainer)
    # autosave on a form whose title is still empty is refused (the 400 in the console) and leaves nothing
    empty = _autosave_new_course(client, "")
    assert empty.status_code == 400 and empty.json()["error_code"] == "validation_error"
    pages_before = Page.objects.count()

    stray_response = _autosave_new_course(client, "Untitled")
    assert stray_response.status_code == 200 and stray_response.json()["success"]
    stray = Page.objects.get(pk=stray_response.json()["pk"])
    titled = Page.objects.get(pk=_autosave_new_course(client, "Fare evasion").json()["pk"])
    assert Page.objects.count() == pages_before + 2
    # an untitled course once published (and withdrawn), and one sent to review: both kept
    hr.groups.add(Group.objects.get(name="Course reviewers"))
    once_live = make_course(title="Untitled", slug="once-live")
    CoursePage.objects.get(pk=once_live.pk).unpublish()
    in_review = make_course(title="New page", slug="in-review", live=False)
    in_review.get_workflow().start(in_review, trainer)

    # young: kept; later than STRAY_DRAFT_HOURS: the one stray draft goes, and the job repeats harmlessly
    assert services.delete_stray_drafts() == []
    later = timezone.now() + timedelta(hours=25)
    assert [p.pk for p in services.stray_drafts(now=later)] == [stray.pk]
    assert services.delete_stray_drafts(now=later) == [stray.pk]
    assert not Page.objects.filter(pk=stray.pk).exists()
    assert PageLogEntry.objects.filter(page_id=stray.pk, action="wagtail.delete").exists()
    for kept in (titled, once_live, in_review):
        assert Page.objects.filter(pk=kept.pk).exists()
    assert services.delete_stray_drafts(now=later) == []


def test_the_beat_job_calls_the_service(settings):
    assert settings.CELERY_BEAT_SCHEDULE["cms-delete-stray-drafts"]["task"] == tasks.delete_stray_drafts.name
    course = make_course(title="  ", slug="blank", live=False)
    CoursePage.objects.filter(pk=course.pk).update(
        latest_revision_created_at=timezone.now() - timedelta(hours=settings.STRAY_DRAFT_HOURS, minutes=1)
    )
    assert tasks.delete_stray_drafts() == 1
    assert not Page.objects.filter(pk=course.pk).exists()
