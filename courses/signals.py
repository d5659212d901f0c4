"""Receivers for Wagtail's publishing signals; each queues a service through a task."""

from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, workflow_approved

from courses.models import CoursePage, ModulePage


@receiver(page_published, sender=ModulePage)
@receiver(page_unpublished, sender=ModulePage)
def refresh_course_after_module_change(sender, instance: ModulePage, **kwargs) -> None:
    """A module published or withdrawn changes every enrolment's percentage, so recount them after commit."""
    from courses.tasks import refresh_course_enrolments as refresh_course_enrolments_task

    course = instance.get_parent()
    transaction.on_commit(lambda: refresh_course_enrolments_task.delay(course_id=course.pk))


@receiver(workflow_approved)
def publish_course_with_its_pages(sender, instance, user=None, **kwargs) -> None:
    """A course's review approved: its modules and quizzes go live with it (they take no review of their own)."""
    from courses import services

    page = instance.content_object
    if isinstance(getattr(page, "specific", None), CoursePage):
        services.publish_course_drafts(course=page.specific, user=user)
