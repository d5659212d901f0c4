"""Receivers for Wagtail's publishing signals; each queues a service through a task."""

from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from courses.models import ModulePage


@receiver(page_published, sender=ModulePage)
@receiver(page_unpublished, sender=ModulePage)
def refresh_course_after_module_change(sender, instance: ModulePage, **kwargs) -> None:
    """A module published or withdrawn changes every enrolment's percentage, so recount them after commit."""
    from courses.tasks import refresh_course_enrolments as refresh_course_enrolments_task

    course = instance.get_parent()
    transaction.on_commit(lambda: refresh_course_enrolments_task.delay(course_id=course.pk))
