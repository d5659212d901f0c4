"""The reporting lines (the closure table behind every manager's scope) against the recursive definition: after random
moves, with loops refused, and after each path that changes a manager (people admin, CSV import, SCIM and single
sign-on's `update_profile`, erasure, an account deleted outright); the reconcile repairs drift written around the services."""

from __future__ import annotations

import random

from django.core.exceptions import ValidationError

import pytest

from people import roles, services
from people.importing import apply_people_import, plan_people_import
from people.models import Profile, ReportingLine, User
from people.personal_data import erase_person
from people.selectors import report_ids, team_members
from tests.factories.people import UserFactory
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db


def expected_lines() -> set[tuple[int, int, int]]:
    """(ancestor, descendant, depth) by walking each person's managers upwards in Python: the definition."""
    managers = dict(Profile.objects.values_list("user_id", "manager_id"))
    found = set()
    for person in managers:
        above, depth, seen = managers.get(person), 1, {person}
        while above is not None:
            assert above not in seen, "the profiles hold a loop"
            seen.add(above)
            found.add((above, person, depth))
            above, depth = managers.get(above), depth + 1
    return found


def stored_lines() -> set[tuple[int, int, int]]:
    return set(ReportingLine.objects.values_list("ancestor_id", "descendant_id", "depth"))


def test_random_moves_keep_the_lines_equal_to_the_recursive_definition_and_loops_are_refused():
    rng = random.Random(21)
    people = UserFactory.create_batch(30, password=None)
    for user in people:
        services.ensure_profile(user=user)
    refused = moved = 0
    for _ in range(150):
        person = rng.choice(people)
        manager = rng.choice([None, *people])
        before = stored_lines()
        try:
            services.update_profile(user=person, manager=manager)
        except ValidationError:
            refused += 1
            assert stored_lines() == before  # nothing written
            continue
        moved += 1
        assert stored_lines() == expected_lines()
    assert moved > 50 and refused > 5, (moved, refused)
    assert max(depth for *_, depth in stored_lines()) >= 4  # deep chains were made, not only direct reports


def test_a_loop_written_around_the_model_checks_is_refused_by_the_refresh_with_nothing_written():
    boss = make_person("boss@tarnwick.example")
    deputy = make_person("deputy@tarnwick.example", manager=boss)
    clerk = make_person("clerk@tarnwick.example", manager=deputy)
    before = stored_lines()
    # As two concurrent moves that each passed Profile.clean() would leave it: boss now reports to the clerk.
    Profile.objects.filter(user=boss).update(manager=clerk)
    with pytest.raises(services.ManagerLoop):
        services.refresh_reporting_lines(user_ids=[boss.pk])
    Profile.objects.filter(user=boss).update(manager=None)
    assert stored_lines() == before == {(boss.pk, deputy.pk, 1), (boss.pk, clerk.pk, 2), (deputy.pk, clerk.pk, 1)}


def test_the_people_admin_keeps_the_lines_in_step():
    actor = UserFactory(is_superuser=True, is_staff=True)
    ceo = make_person("ceo@tarnwick.example", role=roles.MANAGERS)
    lead = make_person("lead@tarnwick.example", role=roles.MANAGERS, manager=ceo)
    person = make_person("person@tarnwick.example", manager=lead)
    profile = Profile.objects.get(user=lead)
    profile.manager = None
    services.save_person(
        actor=actor,
        profile=profile,
        email=lead.email,
        first_name=lead.first_name,
        last_name=lead.last_name,
        pronouns="",
        is_active=True,
        role_names=[roles.MANAGERS],
        cohorts=[],
    )
    assert stored_lines() == expected_lines() == {(lead.pk, person.pk, 1)}
    assert set(team_members(manager=ceo, today=None)) == set()


def test_the_csv_import_keeps_the_lines_in_step_for_new_and_moved_people():
    ceo = make_person("ceo@tarnwick.example", role=roles.MANAGERS)
    lead = make_person("lead@tarnwick.example", role=roles.MANAGERS)
    plan = plan_people_import(
        b"email,manager_email\n"
        b"lead@tarnwick.example,ceo@tarnwick.example\n"
        b"new1@tarnwick.example,lead@tarnwick.example\n"
        b"new2@tarnwick.example,new1@tarnwick.example\n"
    )
    apply_people_import(plan, send_invitations=False)
    new1, new2 = (User.objects.get(email=f"new{n}@tarnwick.example") for n in (1, 2))
    assert stored_lines() == expected_lines()
    assert report_ids(manager=ceo) == {lead.pk: 1, new1.pk: 2, new2.pk: 3}


def test_erasure_unlinks_the_person_and_their_team_from_every_line():
    ceo = make_person("ceo@tarnwick.example", role=roles.MANAGERS)
    lead = make_person("lead@tarnwick.example", role=roles.MANAGERS, manager=ceo)
    person = make_person("person@tarnwick.example", manager=lead)
    erase_person(user=lead, actor=None)
    assert stored_lines() == expected_lines() == set()
    assert report_ids(manager=ceo) == {} and person.pk not in report_ids(manager=lead)


def test_deleting_an_account_outright_takes_its_reports_out_of_the_lines_above_it():
    ceo = make_person("ceo@tarnwick.example", role=roles.MANAGERS)
    lead = make_person("lead@tarnwick.example", role=roles.MANAGERS, manager=ceo)
    person = make_person("person@tarnwick.example", manager=lead)
    lead.delete()
    assert Profile.objects.get(user=person).manager_id is None
    assert stored_lines() == expected_lines() == set()


def test_the_reconcile_repairs_lines_written_around_the_services():
    ceo = make_person("ceo@tarnwick.example", role=roles.MANAGERS)
    lead = make_person("lead@tarnwick.example", role=roles.MANAGERS, manager=ceo)
    person = make_person("person@tarnwick.example", manager=lead)
    right = stored_lines()
    ReportingLine.objects.filter(ancestor=ceo).delete()  # missing
    ReportingLine.objects.filter(ancestor=lead).update(depth=5)  # wrong depth
    ReportingLine.objects.create(ancestor=person, descendant=ceo, depth=2)  # extra
    drift = services.reconcile_reporting_lines()
    assert (drift.rows, drift.missing, drift.extra) == (3, 3, 2)
    assert stored_lines() == right == expected_lines()
    assert services.reconcile_reporting_lines().missing == 0
