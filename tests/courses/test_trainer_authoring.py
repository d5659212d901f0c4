"""What the Trainers group may do in Wagtail's admin: the course tree and its media, nothing else."""

from wagtail.models import Collection, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

import pytest

from courses.models import CourseIndexPage, CoursePage
from tests.factories.courses import make_course_with_modules

pytestmark = pytest.mark.django_db


def test_trainers_can_add_and_edit_in_the_course_tree_but_only_reviewers_publish(trainer, hr):
    from django.contrib.auth.models import Group

    hr.groups.add(Group.objects.get(name="Course reviewers"))
    course, modules = make_course_with_modules(1)
    for page in (CourseIndexPage.objects.get(), course, modules[0]):
        perms = page.permissions_for_user(trainer)
        assert perms.can_edit() and not perms.can_publish()
        assert page.permissions_for_user(hr).can_publish()
    assert course.permissions_for_user(trainer).can_add_subpage()
    assert course.permissions_for_user(trainer).can_submit_for_moderation()


def test_trainers_cannot_touch_pages_outside_the_course_tree(trainer, home_page):
    perms = home_page.permissions_for_user(trainer)
    assert not perms.can_edit() and not perms.can_publish() and not perms.can_add_subpage()
    assert not PagePermissionPolicy().user_has_permission(trainer, "delete") or not perms.can_delete()


def test_trainers_manage_media_only_in_the_course_media_collection(trainer):
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    image_policy = policy_registry.get_by_type(get_image_model())
    course_media = Collection.objects.get(name="Course media")
    root = Collection.get_first_root_node()
    allowed = image_policy.collections_user_has_permission_for(trainer, "add")
    assert list(allowed) == [course_media]
    assert root not in allowed


def test_learners_and_managers_cannot_edit_course_pages(learner, manager):
    course, _ = make_course_with_modules(1)
    for user in (learner, manager):
        assert not course.permissions_for_user(user).can_edit()


def test_the_trainer_edit_form_validates_cover_alt_text(client, trainer):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    course, _ = make_course_with_modules(1)
    image = get_image_model().objects.create(title="Cover", file=get_test_image_file())
    client.force_login(trainer)
    response = client.post(
        f"/admin/pages/{course.pk}/edit/",
        {
            "title": course.title,
            "slug": course.slug,
            "summary": course.summary,
            "intro": "{}",
            "cover_image": image.pk,
            "cover_alt_text": "",
            "audience": "all_staff",
            "outcomes-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 200
    assert "Describe the cover image for people who cannot see it." in response.content.decode()


def test_preview_shows_the_learners_view(client, trainer):
    course, modules = make_course_with_modules(2)
    client.force_login(trainer)
    response = client.get(f"/admin/pages/{modules[1].pk}/view_draft/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Module 2 of 2" in content and "Mark as complete" in content
    assert Page.objects.get(pk=modules[1].pk).live


def test_a_new_course_saved_before_its_slug_is_filled_in_gets_its_title_as_slug(client, trainer):
    """The editor's script fills the slug a moment after the title is left: "Save draft" pressed sooner sends none."""
    course, _ = make_course_with_modules(1, title="Crisis response")
    client.force_login(trainer)
    add_url = f"/admin/pages/add/courses/coursepage/{CourseIndexPage.objects.get().pk}/"
    form = {
        "title": "Fare evasion",
        "slug": "",
        "summary": "",
        "intro": "{}",
        "audience": "all_staff",
        "outcomes-count": "0",
        "release_mode": "all_at_once",
        "release_interval_days": "7",
    }
    assert client.post(add_url, form).status_code == 302
    assert CoursePage.objects.get(title="Fare evasion").slug == "fare-evasion"
    # a title whose slug is taken is refused as a typed slug would be; one that makes no slug still needs one
    taken = client.post(add_url, {**form, "title": "Crisis response"})
    assert "The slug &#x27;crisis-response&#x27; is already in use" in taken.content.decode()
    assert "This field is required." in client.post(add_url, {**form, "title": "???"}).content.decode()
    # an existing page keeps its slug: clearing it is an error, not a new slug from the title
    edited = client.post(f"/admin/pages/{course.pk}/edit/", {**form, "title": "Crisis response"})
    assert edited.status_code == 200 and "This field is required." in edited.content.decode()
    assert CoursePage.objects.filter(title__in=["Crisis response", "???"]).count() == 1
    course.refresh_from_db()
    assert course.slug == "crisis-response"
