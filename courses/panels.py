"""The course editor's list of what a review of the course covers: every module and quiz with changes not yet
live, each with Wagtail's comparison of the live and the draft version."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel


class CourseChangesPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Changes reviewed with this course"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/course_changes_panel.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            from courses import selectors

            context = super().get_context_data(parent_context)
            context["drafts"] = selectors.course_drafts(course=self.instance)
            return context
