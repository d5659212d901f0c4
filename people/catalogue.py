"""What people tells the course catalogue (registered in PeopleConfig.ready() through courses/hooks.py): the
departments to filter by and the courses assigned to each, so "Operations" finds the courses HR assigned there."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from courses.hooks import CatalogueDepartments
from people.models import Assignment, Department, Profile
from people.selectors import department_parents, departments_within

if TYPE_CHECKING:
    from people.models import User


def catalogue_departments(*, user: User) -> CatalogueDepartments:
    """Departments in name order, each with the courses of live (not withdrawn) assignments to it or to a department
    above it, and the courses assigned to the learner's own department. Four queries whatever the size."""
    departments = list(Department.objects.order_by("name").values_list("pk", "code", "name"))
    code_of = {pk: code for pk, code, _name in departments}
    parents = department_parents()
    course_ids: dict[str, set[int]] = defaultdict(set)
    rows = Assignment.objects.filter(withdrawn_at__isnull=True, departments__isnull=False).values_list(
        "course_id", "departments"
    )
    for course_id, department_id in rows:
        for pk in departments_within([department_id], parents):
            if pk in code_of:
                course_ids[code_of[pk]].add(course_id)
    own: set[int] = set()
    if getattr(user, "is_authenticated", False):
        department_id = Profile.objects.filter(user=user).values_list("department_id", flat=True).first()
        if department_id in code_of:
            own = set(course_ids.get(code_of[department_id], set()))
    return CatalogueDepartments(
        choices=[(code, name) for _pk, code, name in departments], course_ids=dict(course_ids), own_course_ids=own
    )
