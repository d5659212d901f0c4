"""The demo's review workflow: a trainer submits a draft module, and only the reviewer may approve it."""

import pytest

from courses.models import ModulePage
from demo.loaders.base import Report
from demo.loaders.courses import load_review_workflow
from tests.factories.courses import make_course_with_modules

pytestmark = pytest.mark.django_db


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
