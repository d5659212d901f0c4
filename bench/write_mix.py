"""A randomised mix of every kind of write that moves an enrolment between the cells of the maintained completion
counts, made through the services people, HR and authors use: progress and completion, enrolment, a new
certification cycle, required/optional, an assignment made and withdrawn, deactivation and reactivation, a
department move, a profile change, a change of manager, cohort joins, leaves and moves, a module unpublished or published again (the
courses' recount) and erasure. `tests/reports/test_completion_counts.py` runs a small mix in `make test`;
`bench/counts.py` runs 10,000 on the benchmark's organisation. Each then compares every cell with a live scan."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from courses import services as course_services
from courses.models import CoursePage, Enrolment, ModulePage
from people import personal_data
from people import services as people_services
from people.models import Assignment, Cohort, CohortMembership, Department, Profile, User

KINDS = (
    "enrol",
    "visit",
    "complete",
    "complete",
    "cycle",
    "require",
    "active",
    "move",
    "profile",
    "manager",
    "join",
    "leave",
    "regroup",
    "assign",
    "withdraw",
    "unpublish",
    "erase",
)


@dataclass
class WriteMix:
    """The people (ids), courses with their modules, departments and cohorts the writes pick from."""

    people: list[int]
    courses: list[tuple[CoursePage, list[ModulePage]]]
    departments: list[Department]
    cohorts: list[Cohort]
    admin: User
    today: date
    rng: random.Random
    # Modules are unpublished and published again in these (each recount touches every unfinished enrolment).
    recount_courses: list[tuple[CoursePage, list[ModulePage]]] | None = None
    # Assignments to departments and cohorts as well as to single people (a bulk enrolment each).
    assign_to_groups: bool = True
    max_erasures: int = 2
    max_unpublished: int = 20
    done: dict[str, int] = field(default_factory=dict)

    def due(self) -> date | None:
        return self.rng.choice([None, *(self.today + timedelta(days=d) for d in (-30, -5, -1, 0, 1, 3, 40))])

    def run(self, writes: int) -> dict[str, int]:
        for _ in range(writes):
            kind = self.one()
            self.done[kind] = self.done.get(kind, 0) + 1
        return self.done

    def one(self) -> str:
        rng = self.rng
        person = User.objects.get(pk=rng.choice(self.people))
        course, modules = rng.choice(self.courses)
        kind = rng.choice(KINDS)
        if kind == "erase" and self.done.get("erase", 0) >= self.max_erasures:
            kind = "visit"
        if kind == "unpublish" and self.done.get("unpublish", 0) >= self.max_unpublished:
            kind = "complete"
        if kind == "enrol":
            course_services.enrol_user(user=person, course=course, required=rng.random() < 0.7, due_on=self.due())
        elif kind in ("visit", "complete"):
            live = [m for m in modules if m.live]
            if live and person.is_active:
                module = rng.choice(live)
                if kind == "visit":
                    course_services.record_module_visit(user=person, module=module)
                else:
                    course_services.record_module_completion(user=person, module=module)
        elif kind == "cycle":
            if Enrolment.objects.filter(user=person, course=course, is_current=True).exists():
                course_services.start_new_cycle(user=person, course=course, due_on=self.due())
        elif kind == "require":
            course_services.set_enrolment_requirement(
                user=person, course=course, required=rng.random() < 0.5, due_on=self.due()
            )
        elif kind == "active":
            people_services.set_people_active(users=[person], active=not person.is_active, actor=self.admin)
        elif kind == "move":
            department = rng.choice(self.departments)
            people_services.move_people_to_department(users=[person], department=department, actor=self.admin)
        elif kind == "profile":
            people_services.update_profile(user=person, department=rng.choice([*self.departments, None]))
        elif kind == "manager":
            # Another manager (a person of the mix) or none; a change that would make a loop is refused, unwritten.
            manager = None if rng.random() < 0.2 else User.objects.get(pk=rng.choice(self.people))
            try:
                with transaction.atomic():
                    people_services.update_profile(user=person, manager=manager)
            except ValidationError:  # a loop (or oneself as manager): refused, nothing written
                pass
        elif kind == "join":
            people_services.add_people_to_cohort(users=[person], cohort=rng.choice(self.cohorts), actor=self.admin)
        elif kind == "leave":
            # Leaving one cohort, or all of them at once (one statement deleting several of the person's rows).
            keep = set(rng.sample(self.cohorts, rng.randint(0, len(self.cohorts)))) if rng.random() < 0.5 else set()
            people_services.update_profile(user=person, cohorts=keep)
        elif kind == "regroup":
            membership = CohortMembership.objects.filter(user=person).first()
            target = rng.choice(self.cohorts)
            if membership and not CohortMembership.objects.filter(user=person, cohort=target).exists():
                membership.cohort = target  # a membership moved in place, as a cohort's edit form may save it
                membership.save(update_fields=["cohort"])
        elif kind == "assign":
            people_services.create_assignment(
                course=course,
                actor=self.admin,
                departments=[rng.choice(self.departments)] if self.assign_to_groups and rng.random() < 0.5 else [],
                cohorts=[rng.choice(self.cohorts)] if self.assign_to_groups and rng.random() < 0.5 else [],
                people=[person],
                due_rule="fixed",
                due_on=self.today + timedelta(days=rng.choice([-3, 0, 10])),
                assigned_on=self.today - timedelta(days=10),
            )
        elif kind == "withdraw":
            assignment = Assignment.objects.filter(withdrawn_at=None).order_by("?").first()
            if assignment is not None:
                people_services.withdraw_assignment(assignment=assignment, actor=self.admin)
        elif kind == "unpublish":
            course, modules = rng.choice(self.recount_courses or self.courses)
            module = rng.choice(modules)
            module.refresh_from_db()
            if module.live and sum(m.live for m in modules) > 1:
                module.unpublish()
            else:
                module.save_revision().publish()
            for each in modules:
                each.refresh_from_db()
            course_services.refresh_course_enrolments(course=course)
        elif kind == "erase":
            personal_data.erase_person(user=person, actor=self.admin)
            Profile.objects.filter(user=person).delete()  # and the profile removed, as a deletion would
        return kind
