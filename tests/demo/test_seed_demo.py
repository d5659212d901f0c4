"""The demo as a new user meets it: `seed_demo` builds everything through the services, and a second run changes
nothing."""

import io

from django.core.management import call_command

from wagtail.models import Page, Revision

import pytest

from courses.models import CoursePage, Enrolment, ModulePage, ModuleProgress
from demo.loaders.base import Report
from demo.loaders.courses import load_review_workflow
from people.models import User
from tests.factories.courses import make_course_with_modules

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (User, Page, Revision, Enrolment, ModuleProgress)}


@pytest.mark.slow
def test_seed_demo_builds_the_demo_and_a_second_run_changes_nothing():
    first = _seed()
    counts = _counts()
    second = _seed()
    assert "Created 3 courses." in first and "Created 17 modules." in first
    assert second.strip() == "Nothing to do: the demo content is already loaded."
    assert _counts() == counts

    assert CoursePage.objects.live().count() == 3
    assert ModulePage.objects.live().count() == 17
    assert all(c.cover_image_id and c.cover_alt_text for c in CoursePage.objects.all())
    for module in ModulePage.objects.all():
        module.body.stream_block.clean(module.body)  # the demo holds nothing an editor could not save

    enrolments = Enrolment.objects.filter(is_current=True)
    assert enrolments.filter(completed_at__isnull=False).exists()
    assert enrolments.filter(completed_at__isnull=True, progress_percent__gt=0).exists()
    assert enrolments.filter(progress_percent=0).exists()
    assert Enrolment.objects.filter(is_current=False, user__email="tomasz.nowak@tarnwick.example").exists()


def test_demo_review_workflow_lets_a_trainer_submit_and_a_reviewer_approve(trainer, hr):
    course, _modules = make_course_with_modules(1)
    load_review_workflow(Report(), reviewers=[hr])
    draft = ModulePage(title="Practise in the sandbox", summary="A draft for review.", minutes=5, live=False)
    course.add_child(instance=draft)
    draft.save_revision(user=trainer)
    workflow = draft.get_workflow()
    assert workflow is not None and workflow.name == "Course review"
    state = workflow.start(draft, trainer)
    state.refresh_from_db()
    task = state.current_task_state.task.specific
    assert not task.user_can_access_editor(draft, trainer)
    assert task.user_can_access_editor(draft, hr)
    task.on_action(state.current_task_state, hr, "approve")
    draft.refresh_from_db()
    assert draft.live
