"""The demo as a new user meets it: `seed_demo` builds everything through the services, and a second run changes
nothing."""

import io

import pytest
from django.core.management import call_command

from wagtail.models import Page, Revision

from courses.models import CoursePage, Enrolment, ModulePage, ModuleProgress
from people.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        first = _seed()
        counts = {m.__name__: m.objects.count() for m in (User, Page, Revision, Enrolment, ModuleProgress)}
        second = _seed()
        yield first, second, counts
        # module-scoped data lives outside the per-test transaction: remove what the seed made
        Enrolment.objects.all().delete()
        Page.objects.filter(depth__gt=3).delete()
        User.objects.all().delete()


def test_a_second_run_changes_nothing(seeded):
    first, second, counts = seeded
    assert "Created 3 courses." in first and "Created 17 modules." in first
    assert second.strip() == "Nothing to do: the demo content is already loaded."
    assert counts == {m.__name__: m.objects.count() for m in (User, Page, Revision, Enrolment, ModuleProgress)}


def test_the_demo_has_three_courses_of_seventeen_modules_with_alt_text(seeded):
    assert CoursePage.objects.live().count() == 3
    assert ModulePage.objects.live().count() == 17
    assert all(c.cover_image_id and c.cover_alt_text for c in CoursePage.objects.all())


def test_demo_learners_have_progress_in_every_state(seeded):
    enrolments = Enrolment.objects.filter(is_current=True)
    assert enrolments.filter(completed_at__isnull=False).exists()
    assert enrolments.filter(completed_at__isnull=True, progress_percent__gt=0).exists()
    assert enrolments.filter(progress_percent=0).exists()
    assert Enrolment.objects.filter(is_current=False, user__email="tomasz.nowak@tarnwick.example").exists()


def test_every_demo_module_body_passes_the_editors_validation(seeded):
    for module in ModulePage.objects.all():
        module.body.stream_block.clean(module.body)


def test_demo_review_workflow_lets_a_trainer_submit_and_a_reviewer_approve(seeded):
    course = CoursePage.objects.live().first()
    sam = User.objects.get(email="sam.lindqvist@tarnwick.example")
    grace = User.objects.get(email="grace.okonkwo@tarnwick.example")
    draft = ModulePage(title="Practise in the sandbox", summary="A draft for review.", minutes=5, live=False)
    course.add_child(instance=draft)
    draft.save_revision(user=sam)
    workflow = draft.get_workflow()
    assert workflow is not None and workflow.name == "Course review"
    state = workflow.start(draft, sam)
    state.refresh_from_db()
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(draft, grace)
    task_state.task.specific.on_action(task_state, grace, "approve")
    draft.refresh_from_db()
    assert draft.live
    draft.delete()
