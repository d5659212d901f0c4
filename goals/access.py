"""Who reaches which objective, decided here and nowhere else (docs/goals.md, "Who sees what").

Model permissions decide who reaches the screens at all (goals/migrations/0002 hands them to the roles): HR holds
`goals.manage_all_objectives` and every objective is theirs; a Manager holds the add/change/view permissions but
reaches only the objectives of their own department and the departments inside it (a manager with no department
reaches none), and sees (never edits) the objectives of cohorts they belong to. Learners reach no objective screen;
their own personal goals are theirs alone (`goal_for_author`), and a manager reaches a goal only of someone in their
reporting line (`goal_for_manager`), seeing its text only when the learner shared it. Every view asks these
functions; an id outside them answers 404, never another team's data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from goals.models import Objective, PersonalGoal
from people.models import CohortMembership, Profile
from people.selectors import departments_within, team_level_of

if TYPE_CHECKING:
    from people.models import User


def manages_all(user: User) -> bool:
    return bool(user.is_active and user.has_perm("goals.manage_all_objectives"))


def may_use_objectives(user: User) -> bool:
    """Whether the objective screens are for `user` at all (a convenience for menus; every view also filters)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("goals.view_objective"))


def own_departments(user: User) -> set[int]:
    """The manager's own department and every one inside it. Two queries at most."""
    department_id = Profile.objects.filter(user=user).values_list("department_id", flat=True).first()
    return departments_within([department_id]) if department_id else set()


def editable_objectives(user: User) -> QuerySet[Objective]:
    """The objectives `user` may change (and add values to)."""
    if not user.is_authenticated or not user.is_active:
        return Objective.objects.none()
    if manages_all(user):
        return Objective.objects.all()
    if not user.has_perm("goals.change_objective"):
        return Objective.objects.none()
    return Objective.objects.filter(department_id__in=own_departments(user))


def visible_objectives(user: User) -> QuerySet[Objective]:
    """The objectives `user` may see in the report: those they may change, and a manager's cohorts'."""
    if not user.is_authenticated or not user.is_active:
        return Objective.objects.none()
    if manages_all(user):
        return Objective.objects.all()
    if not (user.has_perm("goals.view_objective") and user.has_perm("goals.view_goals_report")):
        return Objective.objects.none()
    cohorts = CohortMembership.objects.filter(user=user).values("cohort_id")
    return Objective.objects.filter(Q(department_id__in=own_departments(user)) | Q(cohort_id__in=cohorts))


def allowed_departments(user: User) -> set[int] | None:
    """The departments `user` may give an objective (None: any)."""
    return None if manages_all(user) else own_departments(user)


def may_set_cohort(user: User) -> bool:
    return manages_all(user)


def editable_objective_or_404(user: User, pk) -> Objective:
    objective = editable_objectives(user).filter(pk=pk).first() if str(pk).isdigit() and int(pk) < 2**63 else None
    if objective is None:
        raise Http404(_("No such objective among yours."))
    return objective


# --- Personal goals ---------------------------------------------------------------------------------------------------
def learner_objectives(user: User) -> QuerySet[Objective]:
    """The objectives a learner may link a personal goal to: their department's (or one above it) and their cohorts'."""
    from people.selectors import department_parents

    department_id = Profile.objects.filter(user=user).values_list("department_id", flat=True).first()
    departments: set[int] = set()
    if department_id:
        parents = department_parents()
        node: int | None = department_id
        while node is not None and node not in departments:
            departments.add(node)
            node = parents.get(node)
    cohorts = CohortMembership.objects.filter(user=user).values("cohort_id")
    return Objective.objects.filter(Q(department_id__in=departments) | Q(cohort_id__in=cohorts))


def goal_for_author(user: User, pk) -> PersonalGoal:
    goal = (
        PersonalGoal.objects.filter(pk=pk, user=user).select_related("objective").first()
        if str(pk).isdigit() and int(pk) < 2**63
        else None
    )
    if goal is None:
        raise Http404(_("No such goal of yours."))
    return goal


def goal_for_manager(manager: User, pk) -> PersonalGoal:
    """A goal of someone in the manager's reporting line, or 404."""
    goal = (
        PersonalGoal.objects.filter(pk=pk, user__is_active=True).select_related("objective", "user").first()
        if str(pk).isdigit() and int(pk) < 2**63
        else None
    )
    if goal is None or team_level_of(manager=manager, person_id=goal.user_id) is None:
        raise Http404(_("This goal is not one of your team's."))
    return goal


def shown_text(goal: PersonalGoal, viewer: User) -> str | None:
    """The goal's text as `viewer` may see it: the author always, anyone else only when shared."""
    if goal.user_id == viewer.pk or goal.shared_with_manager:
        return goal.text
    return None
