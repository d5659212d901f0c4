"""Course actions in Wagtail's admin that Wagtail has no screen for: duplicating a course as a template."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import services
from courses.models import CoursePage


class DuplicateCourseForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the new course"), max_length=255)
    slug = forms.CharField(
        label=gettext_lazy("Slug"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("The last part of the course's address. Left empty, it is made from the title."),
    )


def may_duplicate(*, user, course) -> bool:
    """Whoever may add a course beside this one (Trainers, and whoever publishes there): Wagtail's own copy rule."""
    return course.permissions_for_user(user).can_copy_to(course.get_parent(), recursive=True)


def duplicate_course(request, course_id: int):
    if course_id >= 2**63:  # no such page, and SQLite cannot even compare it
        raise Http404
    course = get_object_or_404(CoursePage, pk=course_id)
    if not may_duplicate(user=request.user, course=course):
        raise PermissionDenied
    form = DuplicateCourseForm(
        request.POST or None,
        initial={"title": _("%(title)s (copy)") % {"title": course.draft_title or course.title}},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.duplicate_course(
                course=course, title=form.cleaned_data["title"], slug=form.cleaned_data["slug"], user=request.user
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("“%(title)s” is a draft copy of “%(source)s”, with its modules and quizzes. Nothing is published.")
                % {"title": copy.title, "source": course.title},
            )
            return redirect(reverse("wagtailadmin_pages:edit", args=[copy.pk]))
    return render(request, "courses/admin/duplicate_course.html", {"form": form, "course": course}, status=200)
