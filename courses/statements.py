"""What courses tells the xAPI outbox: module experienced and completed, course completed. Called by the courses
services inside their transactions; each event has a stable key, so repeating it records one statement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xapi import services as xapi_services
from xapi.statements import Activity, Result, activity_iri, registration_for
from xapi.vocabulary import ActivityType, Verb

if TYPE_CHECKING:
    from courses.models import CoursePage, Enrolment, ModulePage


def course_activity(course: CoursePage) -> Activity:
    return Activity(iri=activity_iri("course", course.pk), name=course.title, type=ActivityType.COURSE)


def module_activity(module: ModulePage) -> Activity:
    return Activity(iri=activity_iri("module", module.pk), name=module.title, type=ActivityType.MODULE)


def record_module_experienced(*, enrolment: Enrolment, module: ModulePage) -> None:
    """The learner opened the module for the first time in this enrolment cycle."""
    xapi_services.record_statement(
        actor_user=enrolment.user,
        verb=Verb.EXPERIENCED,
        activity=module_activity(module),
        key=f"module-experienced:enrolment-{enrolment.pk}:module-{module.pk}",
        parent=course_activity(enrolment.course),
        registration=registration_for(enrolment.pk),
    )


def record_module_completed(*, enrolment: Enrolment, module: ModulePage) -> None:
    xapi_services.record_statement(
        actor_user=enrolment.user,
        verb=Verb.COMPLETED,
        activity=module_activity(module),
        key=f"module-completed:enrolment-{enrolment.pk}:module-{module.pk}",
        result=Result(completion=True),
        parent=course_activity(enrolment.course),
        registration=registration_for(enrolment.pk),
    )


def record_course_completed(*, enrolment: Enrolment) -> None:
    xapi_services.record_statement(
        actor_user=enrolment.user,
        verb=Verb.COMPLETED,
        activity=course_activity(enrolment.course),
        key=f"course-completed:enrolment-{enrolment.pk}",
        result=Result(completion=True),
        registration=registration_for(enrolment.pk),
    )
