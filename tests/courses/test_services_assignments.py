"""set_enrolment_requirement: what people's assignments use to loosen an enrolment when an assignment no longer
applies. It never touches completions, earlier cycles or progress."""

from datetime import date

import pytest

from courses import services
from courses.models import Enrolment
from tests.factories.courses import make_course_with_modules

pytestmark = pytest.mark.django_db


def test_an_unfinished_enrolment_can_stop_being_required_and_keeps_its_progress(learner):
    course, modules = make_course_with_modules(2)
    services.enrol_user(user=learner, course=course, required=True, due_on=date(2030, 1, 1), source="assigned")
    services.record_module_completion(user=learner, module=modules[0])
    enrolment = services.set_enrolment_requirement(user=learner, course=course, required=False, due_on=None)
    enrolment.refresh_from_db()
    assert (enrolment.required, enrolment.due_on, enrolment.progress_percent) == (False, None, 50)
    assert enrolment.module_progress.count() == 1


def test_a_due_date_can_move_later(learner):
    course, _modules = make_course_with_modules(1)
    services.enrol_user(user=learner, course=course, required=True, due_on=date(2030, 1, 1))
    services.set_enrolment_requirement(user=learner, course=course, required=True, due_on=date(2030, 6, 1))
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.due_on == date(2030, 6, 1) and enrolment.source == Enrolment.Source.ASSIGNED


def test_a_completed_enrolment_is_never_changed(learner):
    course, modules = make_course_with_modules(1)
    services.enrol_user(user=learner, course=course, required=True, due_on=date(2030, 1, 1))
    services.record_module_completion(user=learner, module=modules[0])
    services.set_enrolment_requirement(user=learner, course=course, required=False, due_on=None)
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.required and enrolment.due_on == date(2030, 1, 1) and enrolment.completed_at is not None


def test_nothing_happens_without_an_enrolment(learner):
    course, _modules = make_course_with_modules(1)
    assert services.set_enrolment_requirement(user=learner, course=course, required=False, due_on=None) is None
    assert not Enrolment.objects.exists()
