from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from courses import admin_views
from courses.models import CoursePage


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("courses/<int:course_id>/duplicate/", admin_views.duplicate_course, name="courses_duplicate")]


class DuplicateCourseButton(PageMenuItem):
    label = _("Duplicate as a template")
    icon_name = "copy"

    @property
    def url(self):
        return reverse("courses_duplicate", args=[self.page.pk])

    def is_shown(self, user):
        return self.page.specific_class is CoursePage and admin_views.may_duplicate(user=user, course=self.page)


@hooks.register("register_page_listing_more_buttons")
def course_listing_buttons(page, user, next_url=None):
    yield DuplicateCourseButton(page=page, priority=25)


@hooks.register("register_page_header_buttons")
def course_header_buttons(page, user, view_name, next_url=None):
    yield DuplicateCourseButton(page=page, priority=35)
