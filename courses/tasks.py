from django.db import OperationalError

from celery import shared_task


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def refresh_course_enrolments(course_id: int) -> int:
    """Recount every current enrolment of a course; safe to repeat because it recounts rows."""
    from courses import services
    from courses.models import CoursePage

    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:
        return 0
    return services.refresh_course_enrolments(course=course)
