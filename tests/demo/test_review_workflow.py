"""The demo's review workflow: a trainer submits a course once, modules and quizzes with it, and only a reviewer
approves it, once."""

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

import pytest

from courses import selectors
from courses.models import ModulePage
from demo.loaders.base import Report
from demo.loaders.courses import load_review_workflow
from tests.factories.courses import make_course_with_modules
from tests.factories.people import PASSWORD
from tests.factories.quizzes import make_demo_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(hr):
    load_review_workflow(Report(), reviewers=[hr])
    return hr


def test_a_trainer_cannot_publish_in_the_course_tree_nor_submit_a_module_alone(client, trainer, reviewer):
    course, (module,) = make_course_with_modules(1)
    assert not module.permissions_for_user(trainer).can_publish()
    assert not course.permissions_for_user(trainer).can_publish()
    assert course.permissions_for_user(reviewer).can_publish()
    assert module.get_workflow() is None
    assert course.get_workflow().name == "Course review"
    assert client.login(email=trainer.email, password=PASSWORD)
    course_edit = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    assert 'name="action-submit"' in course_edit and 'name="action-publish"' not in course_edit
    module_edit = client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).content.decode()
    assert 'name="action-submit"' not in module_edit and 'name="action-publish"' not in module_edit


def test_one_submission_and_one_approval_publish_the_course_its_modules_and_quizzes(trainer, reviewer):
    course, (first, second) = make_course_with_modules(2)
    scenario = make_demo_scenario(first, "S1")
    new_module = ModulePage(title="Practise in the sandbox", summary="A draft.", minutes=5, live=False)
    course.add_child(instance=new_module)
    new_module.save_revision(user=trainer)
    second.title = "Module 2, rewritten"
    second.save_revision(user=trainer)
    scenario.title = "Followers up, rewritten"
    scenario.save_revision(user=trainer)
    assert {d.page.pk for d in selectors.course_drafts(course=course)} == {second.pk, new_module.pk, scenario.pk}

    from people.models import User

    User.objects.create_superuser(email="root@tarnwick.example", password="x" * 12)  # QA: was sent two mails
    mail.outbox.clear()
    course.save_revision(user=trainer)
    state = course.get_workflow().start(course, trainer)
    assert [m.to for m in mail.outbox] == [[reviewer.email]]  # one mail, to the one reviewer

    mail.outbox.clear()
    state.refresh_from_db()
    task = state.current_task_state.task.specific
    assert not task.user_can_access_editor(course, trainer)
    task.on_action(state.current_task_state, reviewer, "approve")
    assert [m.to for m in mail.outbox] == [[trainer.email]]  # the submitter hears once
    for page in (new_module, second, scenario):
        page.refresh_from_db()
        assert page.live and not page.has_unpublished_changes, page
    assert second.title == "Module 2, rewritten" and scenario.title == "Followers up, rewritten"
    assert selectors.course_drafts(course=course) == []


def test_the_reviewer_sees_every_changed_page_of_the_course_in_its_editor(client, trainer, reviewer):
    course, (module,) = make_course_with_modules(1)
    module.title = "Rewritten module"
    revision = module.save_revision(user=trainer)
    assert client.login(email=reviewer.email, password=PASSWORD)
    content = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    assert "Changes reviewed with this course" in content
    assert "Rewritten module" in content
    assert reverse("wagtailadmin_pages:revisions_compare", args=[module.pk, "live", revision.pk]) in content


def test_the_review_groups_and_workflow_come_from_migrations():
    assert Group.objects.filter(name="Course reviewers").exists()
    reviewers = Group.objects.get(name="Course reviewers")
    assert {p.permission.codename for p in reviewers.page_permissions.all()} >= {"change_page", "publish_page"}
    assert not Group.objects.get(name="Trainers").page_permissions.filter(permission__codename="publish_page").exists()
