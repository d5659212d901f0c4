"""Progress through the courses services: forward only, once, merged under concurrency, and honest about changes
a trainer makes to a published course."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from freezegun import freeze_time

from courses import services
from courses.exceptions import CompletionNeedsQuiz, ModuleNotAvailable
from courses.models import Enrolment, ModuleProgress, ProgressState
from tests.factories.courses import make_course_with_modules, make_module

pytestmark = pytest.mark.django_db


def test_second_completion_keeps_the_first_timestamp(learner):
    _course, (module, *_rest) = make_course_with_modules(3)
    first = services.record_module_completion(user=learner, module=module)
    again = services.record_module_completion(user=learner, module=module)
    assert again.completed_at == first.completed_at
    assert ModuleProgress.objects.filter(enrolment__user=learner, module=module).count() == 1


def test_a_visit_after_completion_does_not_move_progress_back(learner):
    _course, (module, *_rest) = make_course_with_modules(2)
    services.record_module_completion(user=learner, module=module)
    progress = services.record_module_visit(user=learner, module=module)
    assert progress.state == ProgressState.COMPLETED


def test_visiting_a_module_enrols_the_learner_and_marks_where_to_resume(learner):
    course, modules = make_course_with_modules(3)
    services.record_module_visit(user=learner, module=modules[1])
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.source == Enrolment.Source.SELF
    assert enrolment.last_module_id == modules[1].pk
    assert enrolment.started_at is not None
    assert ModuleProgress.objects.get(enrolment=enrolment, module=modules[1]).state == ProgressState.IN_PROGRESS


def test_reopening_the_resume_module_is_read_only_until_the_activity_goes_stale(learner):
    course, modules = make_course_with_modules(3)
    start = timezone.now()
    with freeze_time(start):
        services.record_module_visit(user=learner, module=modules[0])
    with freeze_time(start + timedelta(seconds=30)), CaptureQueriesContext(connection) as queries:
        services.record_module_visit(user=learner, module=modules[0])
    assert not [q for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert not [q for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.last_activity_at == start

    later = start + services.VISIT_REFRESH + timedelta(seconds=1)
    with freeze_time(later):
        services.record_module_visit(user=learner, module=modules[0])
    enrolment.refresh_from_db()
    assert enrolment.last_activity_at == later

    # Another module moves "Continue" at once, and coming back moves it back, however recent the last visit.
    with freeze_time(later + timedelta(seconds=5)):
        services.record_module_visit(user=learner, module=modules[1])
    enrolment.refresh_from_db()
    assert enrolment.last_module_id == modules[1].pk
    with freeze_time(later + timedelta(seconds=10)):
        services.record_module_visit(user=learner, module=modules[0])
    enrolment.refresh_from_db()
    assert enrolment.last_module_id == modules[0].pk
    assert enrolment.last_activity_at == later + timedelta(seconds=10)


def test_enrolment_percentage_and_completion_follow_the_progress_rows(learner):
    course, modules = make_course_with_modules(4)
    services.record_module_completion(user=learner, module=modules[0])
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.progress_percent == 25
    assert enrolment.completed_at is None
    for module in modules[1:]:
        services.record_module_completion(user=learner, module=module)
    enrolment.refresh_from_db()
    assert enrolment.progress_percent == 100
    assert enrolment.completed_at is not None


def test_optional_modules_do_not_count_towards_completion(learner):
    course, modules = make_course_with_modules(2)
    optional = make_module(course, title="Going further", required=False)
    for module in modules:
        services.record_module_completion(user=learner, module=module)
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.completed_at is not None
    assert not ModuleProgress.objects.filter(module=optional).exists()


@pytest.mark.parametrize(
    "completed,months,expires",
    [
        ("2027-01-31 10:00", 1, "2027-02-28 10:00"),  # no 31 Feb: the month's last day
        ("2028-01-31 10:00", 1, "2028-02-29 10:00"),  # a leap year's February
        ("2028-02-29 10:00", 12, "2029-02-28 10:00"),
        ("2028-02-29 10:00", 48, "2032-02-29 10:00"),
        ("2027-03-15 10:00", 6, "2027-09-15 10:00"),  # across the change to summer time: same local time
        ("2027-10-31 23:30", 1, "2027-11-30 23:30"),  # late in the evening, London time
        ("2027-05-31 00:30", 12, "2028-05-31 00:30"),  # just after midnight in summer (still 30 May in UTC)
    ],
)
def test_recertifiable_course_expires_whole_calendar_months_after_completion(learner, completed, months, expires):
    from datetime import datetime

    local = timezone.get_current_timezone()
    completed_at = datetime.strptime(completed, "%Y-%m-%d %H:%M").replace(tzinfo=local)
    course, modules = make_course_with_modules(1, valid_months=months)
    with freeze_time(completed_at):
        services.record_module_completion(user=learner, module=modules[0])
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.completed_at == completed_at
    assert timezone.localtime(enrolment.expires_at).strftime("%Y-%m-%d %H:%M") == expires


def test_a_module_published_later_lowers_the_percentage_of_people_still_working(learner, other_learner):
    course, modules = make_course_with_modules(2)
    services.record_module_completion(user=learner, module=modules[0])
    for module in modules:
        services.record_module_completion(user=other_learner, module=module)
    make_module(course, title="A new module")  # publishing recounts through the task queued on commit
    services.refresh_course_enrolments(course=course)
    working = Enrolment.objects.get(user=learner, course=course)
    finished = Enrolment.objects.get(user=other_learner, course=course)
    assert working.progress_percent == 33
    assert finished.progress_percent == 100 and finished.completed_at is not None


def test_unpublishing_the_last_unfinished_module_completes_the_course(learner):
    course, modules = make_course_with_modules(3)
    for module in modules[:2]:
        services.record_module_completion(user=learner, module=module)
    modules[2].unpublish()
    services.refresh_course_enrolments(course=course)
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.progress_percent == 100
    assert enrolment.completed_at is not None
    assert ModuleProgress.objects.filter(enrolment=enrolment).count() == 2  # history kept


def test_publishing_and_withdrawing_a_module_recounts_through_the_signal(learner, django_capture_on_commit_callbacks):
    """No explicit recount here: courses/signals.py must queue it when Wagtail publishes or unpublishes a module."""
    course, modules = make_course_with_modules(2)
    services.record_module_completion(user=learner, module=modules[0])
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.progress_percent == 50
    with django_capture_on_commit_callbacks(execute=True):
        new = make_module(course, title="A new module")
    enrolment.refresh_from_db()
    assert enrolment.progress_percent == 33
    with django_capture_on_commit_callbacks(execute=True):
        new.unpublish()
    enrolment.refresh_from_db()
    assert enrolment.progress_percent == 50


def test_a_draft_module_cannot_be_completed(learner):
    course, _modules = make_course_with_modules(1)
    draft = make_module(course, title="Not ready", live=False)
    with pytest.raises(ModuleNotAvailable, match="This module is not available."):
        services.record_module_completion(user=learner, module=draft)
    assert not Enrolment.objects.filter(user=learner).exists()


def test_a_module_in_an_unpublished_course_cannot_be_completed(learner):
    course, modules = make_course_with_modules(1)
    course.unpublish()
    with pytest.raises(ModuleNotAvailable):
        services.record_module_completion(user=learner, module=modules[0])
    assert not ModuleProgress.objects.exists()


def test_manual_completion_is_refused_while_the_module_has_a_quiz(learner):
    from courses.models import ModulePage

    course, modules = make_course_with_modules(1)

    child = ModulePage(title="Stand-in quiz child", summary="x")  # any live child page marks a quiz-closed module
    # Insert below the module bypassing tree rules, as a quiz page would be (the rule is enforced in the admin).
    modules[0].add_child(instance=child)
    with pytest.raises(CompletionNeedsQuiz, match="Pass this module's quiz to complete it."):
        services.complete_module_manually(user=learner, module=modules[0])


def test_enrol_user_is_idempotent_and_an_assignment_tightens_it(learner):
    course, _modules = make_course_with_modules(1)
    first = services.enrol_user(user=learner, course=course)
    second = services.enrol_user(user=learner, course=course, required=True, due_on=date(2026, 12, 1))
    third = services.enrol_user(user=learner, course=course, due_on=date(2027, 1, 1))
    assert first.pk == second.pk == third.pk
    third.refresh_from_db()
    assert third.required is True
    assert third.due_on == date(2026, 12, 1)  # a later due date never loosens an earlier one
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_a_new_cycle_keeps_the_earlier_completion_on_record(learner):
    course, modules = make_course_with_modules(1, valid_months=12)
    services.record_module_completion(user=learner, module=modules[0])
    new = services.start_new_cycle(user=learner, course=course, due_on=date(2027, 1, 31))
    old = Enrolment.objects.get(user=learner, course=course, cycle=1)
    assert old.is_current is False and old.completed_at is not None
    assert new.cycle == 2 and new.is_current and new.completed_at is None and new.progress_percent == 0
    services.record_module_visit(user=learner, module=modules[0])
    assert ModuleProgress.objects.get(enrolment=new).state == ProgressState.IN_PROGRESS


def test_time_reports_add_up_and_are_capped(learner):
    from freezegun import freeze_time

    _course, (module,) = make_course_with_modules(1)
    with freeze_time("2025-03-03 09:00:00") as clock:
        services.record_time_spent(user=learner, module=module, seconds=90)
        clock.tick(3600)
        progress = services.record_time_spent(user=learner, module=module, seconds=10 * 3600)
        assert progress.time_spent_seconds == 90 + services.MAX_TIME_REPORT_SECONDS
        clock.tick(20)  # twenty seconds later, another "half an hour": twenty seconds count
        progress = services.record_time_spent(user=learner, module=module, seconds=services.MAX_TIME_REPORT_SECONDS)
        assert progress.time_spent_seconds == 90 + services.MAX_TIME_REPORT_SECONDS + 20


def test_reflection_answers_are_saved_once_per_prompt(learner):
    course, _modules = make_course_with_modules(0)
    module = make_module(course, body=[("reflection", {"prompt": "When did a customer last reach you?"})])
    block_id = module.body[0].id
    services.save_reflection_answer(user=learner, module=module, block_id=block_id, text="  Yesterday.  ")
    answer = services.save_reflection_answer(user=learner, module=module, block_id=block_id, text="Last week.")
    assert answer.text == "Last week."
    assert answer.__class__.objects.filter(user=learner).count() == 1
    with pytest.raises(ModuleNotAvailable, match="This question is not part of the module."):
        services.save_reflection_answer(user=learner, module=module, block_id="not-a-block", text="x")


def test_completion_time_is_recorded_in_utc(learner):
    _course, (module,) = make_course_with_modules(1)
    progress = services.record_module_completion(user=learner, module=module)
    assert progress.completed_at <= timezone.now()
    assert progress.completed_at.utcoffset().total_seconds() == 0


def test_an_enrolment_committed_by_another_request_before_our_check_is_the_one_returned(learner, monkeypatch):
    """The race the suite once lost under load: the other request's enrolment committed after our lock found none
    but before our full_clean(), whose constraint check then refused the new row (ValidationError, not the
    IntegrityError of an insert). The learner gets that enrolment, assignment terms applied, and no error."""
    course, _modules = make_course_with_modules(1)
    theirs = Enrolment.objects.create(user=learner, course=course, cycle=1, enrolled_at=timezone.now())
    lock = services._lock_current_enrolment
    calls = []

    def not_yet_visible_the_first_time(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else lock(**kwargs)

    monkeypatch.setattr(services, "_lock_current_enrolment", not_yet_visible_the_first_time)
    due = timezone.localdate() + timedelta(days=30)
    mine = services.enrol_user(user=learner, course=course, required=True, due_on=due)
    assert mine.pk == theirs.pk and len(calls) == 2
    theirs.refresh_from_db()
    assert theirs.required and theirs.due_on == due
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1
