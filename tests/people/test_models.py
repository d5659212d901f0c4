from datetime import date

from django.core.exceptions import ValidationError

import pytest

from people import services
from people.models import Assignment, Department, DueRule, Profile
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db


def test_a_department_path_names_every_level_from_the_top(control_room):
    assert control_room.path == "Operations / Control room"
    assert str(control_room) == "Operations / Control room"


def test_a_department_cannot_sit_inside_its_own_sub_department(ops, control_room):
    ops.parent = control_room
    with pytest.raises(ValidationError) as error:
        ops.full_clean()
    assert error.value.message_dict["parent"] == ["A department cannot sit inside itself or its sub-departments."]


def test_a_department_name_cannot_hold_the_path_separator(db):
    with pytest.raises(ValidationError) as error:
        Department(name="Ops/Depots", code="DEP").full_clean()
    assert error.value.message_dict["name"] == ["A department name cannot contain “/”."]


def test_two_top_level_departments_cannot_share_a_name(ops):
    with pytest.raises(ValidationError):
        services.create_department(name="Operations", code="OPS2")


def test_every_new_account_gets_an_empty_profile(db):
    person = make_person("new@tarnwick.example")
    assert Profile.objects.filter(user=person).count() == 1


def test_a_person_cannot_be_their_own_manager(db):
    person = make_person("self@tarnwick.example")
    with pytest.raises(ValidationError) as error:
        services.update_profile(user=person, manager=person)
    assert error.value.message_dict["manager"] == ["A person cannot be their own manager."]


def test_a_manager_chain_cannot_loop(db):
    top = make_person("top@tarnwick.example")
    middle = make_person("middle@tarnwick.example", manager=top)
    bottom = make_person("bottom@tarnwick.example", manager=middle)
    with pytest.raises(ValidationError) as error:
        services.update_profile(user=top, manager=bottom)
    assert error.value.message_dict["manager"] == ["This manager reports to this person: that would make a loop."]


def test_only_a_new_manager_walks_the_chain_and_a_profile_saved_since_is_checked_again(db, django_assert_num_queries):
    """An unchanged manager cannot close a loop (every change was checked), so validating it costs no query; going
    back to a manager after a save is a change again, checked against the chain as it is now."""
    top = make_person("top@tarnwick.example")
    middle = make_person("middle@tarnwick.example", manager=top)
    profile = Profile.objects.get(user=middle)
    with django_assert_num_queries(0):
        profile.clean()
    profile.manager = make_person("other@tarnwick.example")
    profile.full_clean()
    profile.save()
    services.update_profile(user=top, manager=middle)  # allowed: middle now reports to other, not to top
    profile.manager = top  # back to the first manager: top reports to middle now, so this is a loop
    with pytest.raises(ValidationError) as error:
        profile.clean()
    assert error.value.message_dict["manager"] == ["This manager reports to this person: that would make a loop."]


@pytest.mark.parametrize(
    ("rule", "fields", "field", "message"),
    [
        (DueRule.FIXED, {}, "due_on", "Choose the date the course is due."),
        (DueRule.AFTER_ASSIGNMENT, {}, "due_days", "Give the number of days people have to complete the course."),
        (DueRule.AFTER_HIRE, {"due_days": 4000}, "due_days", "Give at most 3650 days."),
        (DueRule.FIXED, {"due_on": date(9999, 12, 31)}, "due_on", "Choose a due date at most 3650 days from today."),
    ],
)
def test_an_assignment_due_rule_needs_its_value(course, rule, fields, field, message):
    assignment = Assignment(course=course, due_rule=rule, **fields)
    with pytest.raises(ValidationError) as error:
        assignment.full_clean(exclude=["departments", "cohorts"])
    assert error.value.message_dict[field] == [message]


def test_due_dates_follow_the_rule(course):
    assigned, hired = date(2026, 3, 1), date(2026, 1, 10)
    assert Assignment(course=course, due_rule=DueRule.NONE).due_date_for(assigned_on=assigned, hire_date=hired) is None
    fixed = Assignment(course=course, due_rule=DueRule.FIXED, due_on=date(2026, 4, 1))
    assert fixed.due_date_for(assigned_on=assigned, hire_date=hired) == date(2026, 4, 1)
    relative = Assignment(course=course, due_rule=DueRule.AFTER_ASSIGNMENT, due_days=28)
    assert relative.due_date_for(assigned_on=assigned, hire_date=hired) == date(2026, 3, 29)
    after_hire = Assignment(course=course, due_rule=DueRule.AFTER_HIRE, due_days=30)
    assert after_hire.due_date_for(assigned_on=assigned, hire_date=hired) == date(2026, 2, 9)
    assert after_hire.due_date_for(assigned_on=assigned, hire_date=None) == date(2026, 3, 31)
