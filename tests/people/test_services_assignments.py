"""Assignments as HR makes them: who they reach (sub-departments, cohorts, audiences, named people), people who join
later, due dates, withdrawal that keeps history, and recertification when a completion lapses."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest
from freezegun import freeze_time

from courses import services as course_services
from courses.models import Enrolment
from people import services
from people.models import AssignmentMembership, AuditLog, CohortMembership, DueRule
from tests.factories.courses import make_course_with_modules
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db


def _current(user, course) -> Enrolment | None:
    return Enrolment.objects.filter(user=user, course=course, is_current=True).first()


def test_a_department_assignment_reaches_its_sub_departments_and_nobody_else(
    course, ops, control_room, customer_service, hr
):
    in_ops = make_person("ops@tarnwick.example", department=ops)
    in_control_room = make_person("ctrl@tarnwick.example", department=control_room)
    elsewhere = make_person("cs@tarnwick.example", department=customer_service)
    services.create_assignment(
        course=course, actor=hr, departments=[ops], due_rule=DueRule.FIXED, due_on=date(2030, 1, 31)
    )
    for person in (in_ops, in_control_room):
        enrolment = _current(person, course)
        assert enrolment.required and enrolment.due_on == date(2030, 1, 31)
        assert enrolment.source == Enrolment.Source.ASSIGNED
    assert _current(elsewhere, course) is None
    entry = AuditLog.objects.get(action=AuditLog.Action.ASSIGNMENT_CREATED)
    assert entry.actor == hr
    assert entry.summary == "“Crisis response” assigned to Operations (2 people, by 31 Jan 2030)."


def test_cohort_audience_and_named_person_assignments_reach_their_people(course, squad):
    in_squad = make_person("squad@tarnwick.example", cohorts=(squad,))
    executive = make_person("exec@tarnwick.example", audience="executive")
    named = make_person("named@tarnwick.example")
    nobody = make_person("nobody@tarnwick.example")
    services.create_assignment(course=course, cohorts=[squad], audiences=["executive"], people=[named])
    assert {e.user for e in Enrolment.objects.filter(course=course)} == {in_squad, executive, named}
    assert _current(nobody, course) is None


def test_an_assignment_needs_someone_to_reach(course):
    with pytest.raises(ValidationError) as error:
        services.create_assignment(course=course)
    assert error.value.messages == ["Choose at least one department, cohort, audience or person."]


@freeze_time("2026-03-10")
def test_someone_who_joins_the_department_later_gets_the_course_due_relative_to_joining(course, ops, customer_service):
    services.create_assignment(
        course=course, departments=[ops], due_rule=DueRule.AFTER_ASSIGNMENT, due_days=28, assigned_on=date(2026, 2, 24)
    )
    first = make_person("first@tarnwick.example", department=ops)
    assert _current(first, course).due_on == date(2026, 4, 7)  # joined today, 28 days to go

    mover = make_person("mover@tarnwick.example", department=customer_service)
    assert _current(mover, course) is None
    with freeze_time("2026-03-20"):
        services.update_profile(user=mover, department=ops)
    assert _current(mover, course).due_on == date(2026, 4, 17)
    assert AssignmentMembership.objects.get(user=mover).assigned_on == date(2026, 3, 20)


@freeze_time("2026-03-10")
def test_people_reached_when_the_assignment_is_made_count_from_its_date(course, ops):
    person = make_person("early@tarnwick.example", department=ops)
    services.create_assignment(
        course=course, departments=[ops], due_rule=DueRule.AFTER_ASSIGNMENT, due_days=28, assigned_on=date(2026, 2, 24)
    )
    assert _current(person, course).due_on == date(2026, 3, 24)


@freeze_time("2026-03-10")
def test_a_due_date_after_hire_counts_from_the_hire_date(course, ops):
    starter = make_person("starter@tarnwick.example", department=ops, hire_date=date(2026, 3, 2))
    services.create_assignment(course=course, departments=[ops], due_rule=DueRule.AFTER_HIRE, due_days=30)
    assert _current(starter, course).due_on == date(2026, 4, 1)
    services.update_profile(user=starter, hire_date=date(2026, 3, 9))
    assert _current(starter, course).due_on == date(2026, 4, 8)


def test_joining_a_cohort_later_enrols_through_the_cohort_admin_service(course, squad):
    services.create_assignment(course=course, cohorts=[squad])
    newcomer = make_person("newcomer@tarnwick.example")
    squad.memberships.add(CohortMembership(user=newcomer))
    services.save_cohort(cohort=squad)
    assert _current(newcomer, course).required


def test_an_assignment_makes_a_self_enrolment_required_and_keeps_its_progress(course_modules, ops):
    course, modules = course_modules
    person = make_person("keen@tarnwick.example", department=ops)
    course_services.record_module_completion(user=person, module=modules[0])
    services.create_assignment(course=course, departments=[ops], due_rule=DueRule.FIXED, due_on=date(2030, 5, 1))
    enrolment = _current(person, course)
    assert enrolment.required and enrolment.progress_percent == 50 and enrolment.due_on == date(2030, 5, 1)
    assert Enrolment.objects.filter(user=person, course=course).count() == 1


def test_two_assignments_of_one_course_give_the_earlier_due_date_and_withdrawing_it_restores_the_later(
    course, ops, squad
):
    person = make_person("both@tarnwick.example", department=ops, cohorts=(squad,))
    later = services.create_assignment(
        course=course, departments=[ops], due_rule=DueRule.FIXED, due_on=date(2030, 6, 30)
    )
    earlier = services.create_assignment(
        course=course, cohorts=[squad], due_rule=DueRule.FIXED, due_on=date(2030, 3, 31)
    )
    assert _current(person, course).due_on == date(2030, 3, 31)
    services.withdraw_assignment(assignment=earlier, actor=None)
    enrolment = _current(person, course)
    assert enrolment.required and enrolment.due_on == date(2030, 6, 30)
    assert later.memberships.get().ended_at is None


def test_withdrawing_an_assignment_keeps_its_history_and_progress(course_modules, ops, hr):
    course, modules = course_modules
    person = make_person("withdrawn@tarnwick.example", department=ops)
    finished = make_person("finished@tarnwick.example", department=ops)
    assignment = services.create_assignment(
        course=course, departments=[ops], due_rule=DueRule.FIXED, due_on=date(2030, 1, 1)
    )
    course_services.record_module_completion(user=person, module=modules[0])
    for module in modules:
        course_services.record_module_completion(user=finished, module=module)

    services.withdraw_assignment(assignment=assignment, actor=hr)
    services.withdraw_assignment(assignment=assignment, actor=hr)  # twice changes nothing

    assignment.refresh_from_db()
    assert assignment.withdrawn_at is not None and assignment.withdrawn_by == hr
    assert AssignmentMembership.objects.filter(assignment=assignment).count() == 2
    assert not AssignmentMembership.objects.filter(assignment=assignment, ended_at=None).exists()
    unfinished = _current(person, course)
    assert unfinished.progress_percent == 50 and not unfinished.required and unfinished.due_on is None
    done = _current(finished, course)
    assert done.completed_at is not None and done.required and done.due_on == date(2030, 1, 1)
    assert AuditLog.objects.filter(action=AuditLog.Action.ASSIGNMENT_WITHDRAWN).count() == 1


def test_leaving_the_department_ends_the_membership_but_keeps_the_enrolment(course, ops, customer_service):
    person = make_person("leaver@tarnwick.example", department=ops)
    services.create_assignment(course=course, departments=[ops], due_rule=DueRule.FIXED, due_on=date(2030, 1, 1))
    services.update_profile(user=person, department=customer_service)
    membership = AssignmentMembership.objects.get(user=person)
    assert membership.ended_at is not None and membership.enrolment == _current(person, course)
    assert not _current(person, course).required


def test_deactivated_people_stop_being_reached_and_come_back_when_reactivated(course, ops, hr):
    person = make_person("paused@tarnwick.example", department=ops)
    services.create_assignment(course=course, departments=[ops])
    assert services.set_people_active(users=[person], active=False, actor=hr) == 1
    assert not AssignmentMembership.objects.filter(user=person, ended_at=None).exists()
    services.set_people_active(users=[person], active=True, actor=hr)
    assert AssignmentMembership.objects.filter(user=person, ended_at=None).count() == 1
    assert _current(person, course).required


def test_moving_a_department_under_another_brings_its_people_into_that_scope(course, ops, customer_service):
    services.create_assignment(course=course, departments=[ops])
    helpdesk = services.create_department(name="Helpdesk", code="HELP", parent=customer_service)
    person = make_person("helpdesk@tarnwick.example", department=helpdesk)
    assert _current(person, course) is None
    helpdesk.parent = ops
    services.save_department(department=helpdesk)
    assert _current(person, course).required


def test_syncing_again_changes_nothing(course, ops):
    person = make_person("steady@tarnwick.example", department=ops)
    services.create_assignment(course=course, departments=[ops])
    result = services.sync_assignments_for_users(user_ids=[person.pk])
    assert (result.started, result.ended, result.changed) == (0, 0, 0)
    assert AssignmentMembership.objects.filter(user=person).count() == 1


def test_an_optional_assignment_enrols_without_making_the_course_required(course, ops):
    person = make_person("optional@tarnwick.example", department=ops)
    services.create_assignment(course=course, departments=[ops], required=False)
    enrolment = _current(person, course)
    assert enrolment is not None and not enrolment.required


def test_an_assignment_date_cannot_be_in_the_future(course, ops):
    with pytest.raises(ValidationError) as error:
        services.create_assignment(
            course=course, departments=[ops], assigned_on=timezone.localdate() + timedelta(days=1)
        )
    assert error.value.message_dict["assigned_on"] == ["The assignment date cannot be in the future."]


# --- Recertification ------------------------------------------------------------------------------------------------
def _complete(user, modules):
    for module in modules:
        course_services.record_module_completion(user=user, module=module)


def test_a_lapsed_completion_starts_a_new_required_cycle_and_keeps_the_old_one(squad):
    course, modules = make_course_with_modules(2, title="Crisis drill", valid_months=12)
    person = make_person("recert@tarnwick.example", cohorts=(squad,))
    with freeze_time("2025-01-15 10:00"):
        services.create_assignment(course=course, cohorts=[squad], due_rule=DueRule.FIXED, due_on=date(2025, 1, 31))
        _complete(person, modules)
    first = _current(person, course)
    assert first.expires_at.date() == date(2026, 1, 15)

    with freeze_time("2026-01-14 12:00"):
        assert services.start_due_recertifications() == 0
    with freeze_time("2026-01-15 12:00"):
        assert services.start_due_recertifications() == 1
        assert services.start_due_recertifications() == 0  # idempotent

    first.refresh_from_db()
    assert not first.is_current and first.completed_at is not None
    second = _current(person, course)
    assert second.cycle == 2 and second.required and second.completed_at is None
    assert second.due_on == date(2026, 2, 14)  # 30 days after the lapse

    # Later changes to the person do not drag the new cycle back to the first cycle's due date.
    services.sync_assignments_for_users(user_ids=[person.pk])
    assert _current(person, course).due_on == date(2026, 2, 14)


def test_a_lapsed_completion_without_an_assignment_starts_an_optional_cycle(db):
    course, modules = make_course_with_modules(1, title="Crisis drill", valid_months=12)
    person = make_person("volunteer@tarnwick.example")
    with freeze_time("2025-01-15 10:00"):
        _complete(person, modules)
    with freeze_time("2026-02-01"):
        assert services.start_due_recertifications() == 1
    second = _current(person, course)
    assert second.cycle == 2 and not second.required and second.due_on is None


def test_the_recertify_command_runs_the_same_service(squad, capsys):
    from django.core.management import call_command

    course, modules = make_course_with_modules(1, title="Crisis drill", valid_months=12)
    person = make_person("cmd@tarnwick.example", cohorts=(squad,))
    with freeze_time("2025-01-15 10:00"):
        services.create_assignment(course=course, cohorts=[squad])
        _complete(person, modules)
    with freeze_time("2026-03-01"):
        call_command("recertify")
    assert "Started 1 recertification cycle(s)." in capsys.readouterr().out
    assert Enrolment.objects.filter(user=person, course=course).count() == 2


def test_many_enrolments_are_made_by_tasks_after_commit(course, ops, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "INLINE_ENROLMENT_LIMIT", 1)
    people = [make_person(f"crowd{n}@tarnwick.example", department=ops) for n in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.create_assignment(course=course, departments=[ops], due_rule=DueRule.FIXED, due_on=date(2030, 1, 1))
    assert AssignmentMembership.objects.filter(ended_at=None).count() == 3
    assert not Enrolment.objects.filter(course=course).exists()  # nothing yet: the tasks run after commit
    for callback in callbacks:
        callback()
    for person in people:
        assert _current(person, course).due_on == date(2030, 1, 1)
    assert set(AssignmentMembership.objects.values_list("enrolment__user", flat=True)) == {p.pk for p in people}
    # A redelivered task changes nothing.
    services.apply_assignment_requirements(pairs=[(p.pk, course.pk) for p in people])
    assert Enrolment.objects.filter(course=course).count() == 3


def test_a_joiner_after_a_fixed_due_date_has_passed_gets_the_grace_period_and_is_not_overdue(course, squad):
    # The cohort's assignment was due on 5 Dec; the people in it then keep that date.
    with freeze_time("2026-11-01"):
        first = make_person("first@tarnwick.example", cohorts=(squad,))
        services.create_assignment(course=course, cohorts=[squad], due_rule=DueRule.FIXED, due_on=date(2026, 12, 5))
    assert _current(first, course).due_on == date(2026, 12, 5)
    # Someone who joins on 6 Dec is due 14 days later (the default grace period), not "overdue since yesterday".
    with freeze_time("2026-12-06"):
        joiner = make_person("joiner@tarnwick.example")
        squad.memberships.add(CohortMembership(user=joiner))
        services.save_cohort(cohort=squad)
    assert _current(joiner, course).due_on == date(2026, 12, 20)
    # Before the date has passed, a joiner gets the fixed date like everyone else.
    with freeze_time("2026-12-01"):
        early = make_person("early@tarnwick.example")
        squad.memberships.add(CohortMembership(user=early))
        services.save_cohort(cohort=squad)
    assert _current(early, course).due_on == date(2026, 12, 5)


def test_the_grace_period_is_set_per_assignment(course, ops):
    with freeze_time("2026-11-01"):
        services.create_assignment(
            course=course, departments=[ops], due_rule=DueRule.FIXED, due_on=date(2026, 11, 30), grace_days=3
        )
    with freeze_time("2026-12-06"):
        joiner = make_person("joiner@tarnwick.example", department=ops)
    assert _current(joiner, course).due_on == date(2026, 12, 9)
    with pytest.raises(ValidationError) as error:
        services.create_assignment(course=course, departments=[ops], grace_days=100_000)
    assert "grace_days" in error.value.message_dict
