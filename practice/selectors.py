"""Reads for practice screens. Query counts do not grow with the number of notes, members or answers."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from analytics import privacy
from analytics.privacy import minimum_group_size
from courses.models import CoursePage, ModulePage
from people.models import CohortMembership
from practice.models import CohortSession, PracticeNote, RefresherAnswer, RefresherDue
from quizzes.models import Attempt, ScenarioPage

if TYPE_CHECKING:
    from people.models import User

CONFIDENCE_WINDOW = 20  # the "still confident" score counts the learner's last this-many refresher answers


def is_hr(user: User) -> bool:
    """May see the engagement report and every cohort session's choices (`practice.view_engagement`, held by HR)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("practice.view_engagement"))


def is_trainer(user: User) -> bool:
    """May see the practice-task overview (`practice.view_practice_tasks`, held by Trainers and HR)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("practice.view_practice_tasks"))


# --- Refreshers ------------------------------------------------------------------------------------------------------


def refreshers_due(*, user: User, today: date) -> list[RefresherDue]:
    """The learner's refreshers ready on `today` and not answered yet, one per course completion, oldest first, with
    their course (one query). For the dashboard and for the reminder email. A learner who let several intervals pass
    (3 and 10 days) is offered the latest one only, and an earlier one lapses once a later one is answered: the same
    course never shows two identical cards."""
    from django.db.models import Exists, OuterRef

    answered_later = RefresherDue.objects.filter(
        enrolment_id=OuterRef("enrolment_id"), answered_at__isnull=False, due_on__gte=OuterRef("due_on")
    )
    ready = (
        RefresherDue.objects.filter(user=user, answered_at=None, due_on__lte=today, course__live=True)
        .exclude(Exists(answered_later))
        .select_related("course")
        .order_by("-due_on", "-pk")
    )
    latest: dict[int, RefresherDue] = {}
    for refresher in ready:
        latest.setdefault(refresher.enrolment_id, refresher)
    return sorted(latest.values(), key=lambda r: (r.due_on, r.pk))


def next_refresher(*, user: User, today: date) -> RefresherDue | None:
    return (
        RefresherDue.objects.filter(user=user, answered_at=None, due_on__gt=today)
        .select_related("course")
        .order_by("due_on")
        .first()
    )


@dataclass
class Confidence:
    right: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.answered) if self.answered else 0


def still_confident(*, user: User) -> Confidence | None:
    """The share of the learner's last CONFIDENCE_WINDOW refresher answers that were right (for them only), or None
    before their first refresher. One query."""
    answers = list(
        RefresherAnswer.objects.filter(refresher__user=user)
        .order_by("-answered_at", "-pk")
        .values_list("correct", flat=True)[:CONFIDENCE_WINDOW]
    )
    if not answers:
        return None
    return Confidence(right=sum(answers), answered=len(answers))


# --- Practice notes --------------------------------------------------------------------------------------------------


def own_note(*, user: User, module: ModulePage, block_id: str) -> PracticeNote | None:
    if not user.is_authenticated:
        return None
    return PracticeNote.objects.filter(user=user, module=module, block_id=block_id).first()


@dataclass
class Reflection:
    module: ModulePage
    prompt: str
    note: PracticeNote | None


def previous_task_notes(*, user: User, module: ModulePage) -> list[Reflection]:
    """The practice tasks that ended the module before `module` in its course, each with the learner's own notes,
    so the next module opens with a reflection on them. Two queries (previous module, notes)."""
    if not user.is_authenticated:
        return []
    previous = (
        ModulePage.objects.live()
        .sibling_of(module, inclusive=False)
        .filter(path__lt=module.path)
        .order_by("-path")
        .first()
    )
    if previous is None:
        return []
    tasks = [block for block in previous.body if block.block_type == "practice_task"]
    if not tasks:
        return []
    notes = {n.block_id: n for n in PracticeNote.objects.filter(user=user, module=previous)}
    return [Reflection(module=previous, prompt=block.value["prompt"], note=notes.get(block.id)) for block in tasks]


@dataclass
class TaskRow:
    """One practice task as trainers see it: how many did it, never what anyone wrote unless they shared it."""

    course: CoursePage
    module: ModulePage
    block_id: str
    prompt: str
    done: int = 0
    started: int = 0
    shared: list[PracticeNote] = field(default_factory=list)


def practice_task_overview() -> list[TaskRow]:
    """Every practice task in live modules with done and started counts and the notes learners chose to share.
    Three queries (modules, counts, shared notes)."""
    modules = list(ModulePage.objects.live().order_by("path"))
    courses = {c.path: c for c in CoursePage.objects.filter(depth=modules[0].depth - 1)} if modules else {}
    rows: dict[tuple[int, str], TaskRow] = {}
    for module in modules:
        for block in module.body:
            if block.block_type == "practice_task":
                rows[(module.pk, block.id)] = TaskRow(
                    course=courses.get(module.path[: -module.steplen]),
                    module=module,
                    block_id=block.id,
                    prompt=block.value["prompt"],
                )
    for module_id, block_id, done, started in (
        PracticeNote.objects.values_list("module_id", "block_id")
        .annotate(done=Count("pk", filter=Q(done_at__isnull=False)), started=Count("pk"))
        .values_list("module_id", "block_id", "done", "started")
    ):
        if (module_id, block_id) in rows:
            rows[(module_id, block_id)].done = done
            rows[(module_id, block_id)].started = started
    for note in PracticeNote.objects.filter(shared_with_trainer=True).exclude(text="").order_by("-updated_at"):
        if (note.module_id, note.block_id) in rows:
            rows[(note.module_id, note.block_id)].shared.append(note)
    return list(rows.values())


# --- Cohort sessions -------------------------------------------------------------------------------------------------


def upcoming_sessions(*, user: User, now: datetime) -> list[CohortSession]:
    """Sessions of the learner's cohorts from today on, and those they lead from 60 days back (for the debrief),
    soonest first. One query."""
    cohort_ids = CohortMembership.objects.filter(user=user).values_list("cohort_id", flat=True)
    return list(
        CohortSession.objects.filter(
            Q(cohort_id__in=cohort_ids, starts_at__gte=now - timedelta(hours=12))
            | Q(facilitator=user, starts_at__gte=now - timedelta(days=60))
        )
        .select_related("cohort", "module", "facilitator")
        .order_by("starts_at")[:5]
    )


def can_see_session(*, user: User, session: CohortSession) -> bool:
    return (
        session.facilitator_id == user.pk
        or is_hr(user)
        or CohortMembership.objects.filter(cohort_id=session.cohort_id, user=user).exists()
    )


def may_take_register(*, user: User, session: CohortSession) -> bool:
    """Who sees and marks a session's register (it names who attended): HR and the session's facilitator."""
    return session.facilitator_id == user.pk or is_hr(user)


def can_see_all_choices(*, user: User, session: CohortSession) -> bool:
    """The facilitator and HR see the cohort's aggregate at once; members only after finishing the scenario."""
    return session.facilitator_id == user.pk or is_hr(user)


@dataclass
class ChoiceShare:
    text: str
    count: int
    percent: int


@dataclass
class StepShares:
    key: str
    clock: str
    situation: str
    reached: int
    shown: bool
    choices: list[ChoiceShare] = field(default_factory=list)


@dataclass
class ScenarioShares:
    scenario: ScenarioPage
    finished: int
    shown: bool
    viewer_finished: bool
    steps: list[StepShares] = field(default_factory=list)


def cohort_choices(*, session: CohortSession, viewer: User) -> list[ScenarioShares]:
    """For each live scenario of the session's module: how the cohort's members chose at each step, as counts and
    shares over the members who reached it, from each member's first finished attempt. Never a name; a scenario or
    step reached by fewer than REPORTS_MIN_GROUP_SIZE members is not broken down. Three queries per scenario."""
    minimum = minimum_group_size()
    member_ids = set(CohortMembership.objects.filter(cohort_id=session.cohort_id).values_list("user_id", flat=True))
    result = []
    for scenario in ScenarioPage.objects.live().child_of(session.module).order_by("path"):
        first: dict[int, Attempt] = {}
        for attempt in (
            Attempt.objects.filter(page=scenario, user_id__in=member_ids | {viewer.pk}, submitted_at__isnull=False)
            .order_by("submitted_at")
            .prefetch_related("decisions")
        ):
            first.setdefault(attempt.user_id, attempt)
        viewer_finished = viewer.pk in first
        members_first = [a for uid, a in first.items() if uid in member_ids]
        shares = ScenarioShares(
            scenario=scenario,
            finished=len(members_first),
            shown=len(members_first) >= minimum,
            viewer_finished=viewer_finished,
        )
        if shares.shown:
            reached: Counter[str] = Counter()
            chosen: defaultdict[str, Counter[str]] = defaultdict(Counter)
            for attempt in members_first:
                for decision in attempt.decisions.all():
                    reached[decision.step_key] += 1
                    chosen[decision.step_key][decision.choice_id] += 1
            for node in scenario.spec()["nodes"]:
                if node["kind"] != "step" or not reached[node["key"]]:
                    continue
                n = reached[node["key"]]
                step = StepShares(
                    key=node["key"], clock=node["clock"], situation=node["situation"], reached=n, shown=n >= minimum
                )
                if step.shown:
                    known = {c["id"] for c in node["choices"]}
                    for choice in node["choices"]:
                        count = chosen[node["key"]][choice["id"]]
                        step.choices.append(
                            ChoiceShare(text=choice["text"], count=count, percent=round(100 * count / n))
                        )
                    other = sum(c for cid, c in chosen[node["key"]].items() if cid not in known)
                    if other:
                        step.choices.append(
                            ChoiceShare(text=str(_earlier_version_label()), count=other, percent=round(100 * other / n))
                        )
                shares.steps.append(step)
        result.append(shares)
    return result


def _earlier_version_label():
    from django.utils.translation import gettext

    return gettext("A choice from an earlier version of the scenario")


def today_local() -> date:
    return timezone.localdate()


# --- Engagement report -----------------------------------------------------------------------------------------------


class Measure:
    ACTIVE = "active"
    STARTED = "started"
    COMPLETED = "completed"
    REFRESHERS_OFFERED = "refreshers_offered"
    REFRESHERS_ANSWERED = "refreshers_answered"


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _learner_groups(*, user_ids: set[int], group_by: str) -> list[privacy.LearnerGroup]:
    """The learners in `user_ids` by cohort (people in several cohorts are in each) or department, before the
    small-group rule; people in none form a group of their own. One query."""
    from people.models import Profile

    found: dict[str, privacy.LearnerGroup] = {}
    if group_by == "cohort":
        memberships = CohortMembership.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "cohort_id", "cohort__name"
        )
        for user_id, cohort_id, name in memberships:
            found.setdefault(
                f"cohort:{cohort_id}", privacy.LearnerGroup(key=f"cohort:{cohort_id}", label=name, members=set())
            ).members.add(user_id)
        nobody = _("No cohort")
    else:
        profiles = Profile.objects.filter(user_id__in=user_ids, department__isnull=False).values_list(
            "user_id", "department_id", "department__name"
        )
        for user_id, department_id, name in profiles:
            key = f"department:{department_id}"
            found.setdefault(key, privacy.LearnerGroup(key=key, label=name, members=set())).members.add(user_id)
        nobody = _("No department")
    placed = set().union(*(g.members for g in found.values())) if found else set()
    if user_ids - placed:
        found["none"] = privacy.LearnerGroup(key=f"{group_by}:none", label=str(nobody), members=user_ids - placed)
    return list(found.values())


def engagement_rows(*, group_by: str, course: CoursePage | None, weeks: int, today: date) -> list[dict]:
    """Rows of (measure, group, item, value) for HR: active learners per week, learners who started and completed
    each module, refreshers offered and answered, by department or cohort. The groups pass the shared small-group
    rule (`analytics.privacy.protect_groups`): a group of fewer than REPORTS_MIN_GROUP_SIZE learners, or one whose
    absence would single out fewer than that many, joins "Other"; an "Other" still too small shows no figures
    (value None). A fixed number of queries whatever the headcount."""
    from courses.models import Enrolment, ModuleProgress

    enrolments = Enrolment.objects.filter(is_current=True, course__live=True)
    if course is not None:
        enrolments = enrolments.filter(course=course)
    population = set(enrolments.values_list("user_id", flat=True))
    ordered = privacy.protect_groups(_learner_groups(user_ids=population, group_by=group_by)).groups

    def in_group(group: privacy.LearnerGroup, ids: set[int]) -> int | None:
        return None if group.suppressed else len(ids & group.members)

    rows: list[dict] = []
    first_week = _week_start(today) - timedelta(weeks=weeks - 1)
    since = datetime.combine(first_week, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    active: defaultdict[date, set[int]] = defaultdict(set)
    progress = ModuleProgress.objects.filter(enrolment__user_id__in=population)
    if course is not None:
        progress = progress.filter(enrolment__course=course)
    events = list(progress.filter(started_at__gte=since).values_list("enrolment__user_id", "started_at"))
    events += progress.filter(completed_at__gte=since).values_list("enrolment__user_id", "completed_at")
    events += Attempt.objects.filter(user_id__in=population, started_at__gte=since).values_list("user_id", "started_at")
    events += RefresherAnswer.objects.filter(refresher__user_id__in=population, answered_at__gte=since).values_list(
        "refresher__user_id", "answered_at"
    )
    for user_id, moment in events:
        active[_week_start(timezone.localdate(moment))].add(user_id)
    for week in range(weeks):
        start = first_week + timedelta(weeks=week)
        label = start.strftime("%d %b %Y")
        for group in ordered:
            rows.append(
                {
                    "measure": Measure.ACTIVE,
                    "group": group.label,
                    "item": label,
                    "value": in_group(group, active[start]),
                }
            )

    started: defaultdict[int, set[int]] = defaultdict(set)
    completed: defaultdict[int, set[int]] = defaultdict(set)
    for user_id, module_id, state in progress.values_list("enrolment__user_id", "module_id", "state"):
        if state >= 1:
            started[module_id].add(user_id)
        if state == 2:
            completed[module_id].add(user_id)
    courses = [course] if course is not None else list(CoursePage.objects.live().order_by("path"))
    modules = (
        ModulePage.objects.live()
        .filter(reduce(or_, [Q(path__startswith=c.path, depth=c.depth + 1) for c in courses]))
        .order_by("path")
        if courses
        else []
    )
    for module in modules:
        for group in ordered:
            item = module.title
            rows.append(
                {
                    "measure": Measure.STARTED,
                    "group": group.label,
                    "item": item,
                    "value": in_group(group, started[module.pk]),
                }
            )
            rows.append(
                {
                    "measure": Measure.COMPLETED,
                    "group": group.label,
                    "item": item,
                    "value": in_group(group, completed[module.pk]),
                }
            )

    offered: set[int] = set()
    answered: set[int] = set()
    refreshers = RefresherDue.objects.filter(user_id__in=population, due_on__lte=today)
    if course is not None:
        refreshers = refreshers.filter(course=course)
    for user_id, answered_at in refreshers.values_list("user_id", "answered_at"):
        offered.add(user_id)
        if answered_at is not None:
            answered.add(user_id)
    for group in ordered:
        rows.append(
            {"measure": Measure.REFRESHERS_OFFERED, "group": group.label, "item": "", "value": in_group(group, offered)}
        )
        rows.append(
            {
                "measure": Measure.REFRESHERS_ANSWERED,
                "group": group.label,
                "item": "",
                "value": in_group(group, answered),
            }
        )
    return rows


def export_refreshers(user: User) -> list[dict]:
    """The learner's refreshers for their personal-data download: each refresher's exported fields (its policy,
    practice/apps.py) and, once answered, each question with their answer and whether it was right. An open
    refresher exports no question at all: its copies hold the choice tokens, fractions and feedback. Two queries."""
    from people.personal_data import row
    from quizzes import knowledge

    rows = []
    refreshers = RefresherDue.objects.filter(user=user).select_related("course").prefetch_related("answers")
    for refresher in refreshers.order_by("due_on", "pk"):
        answers = []
        if refresher.answered_at is not None:
            for answer in refresher.answers.all():
                copy = refresher.questions[answer.position] if answer.position < len(refresher.questions) else None
                answers.append(
                    {
                        "number": answer.position + 1,
                        "question": copy["title"] if copy else "",
                        "your_answer": knowledge.describe_response(copy, answer.response) if copy else [],
                        "correct": answer.correct,
                        "answered_at": answer.answered_at,
                    }
                )
        rows.append({**row(refresher), "course_title": refresher.course.title, "answers": answers})
    return rows
