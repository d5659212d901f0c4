"""Writes for practice: cohort schedules (through `courses.services.set_release_start`), learners' private notes,
refreshers scheduled on course completion and answered against the question bank. One transaction each."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import services as courses_services
from courses.exceptions import ModuleNotAvailable
from courses.models import Enrolment, ModulePage
from people.models import CohortMembership
from practice.exceptions import PracticeError
from practice.models import (
    CohortSchedule,
    CohortSession,
    PracticeNote,
    RefresherAnswer,
    RefresherDue,
    SessionAttendance,
)
from quizzes import grading, knowledge
from quizzes.models import Attempt, KnowledgeCheckPage, Question, QuestionCategory, QuizKind

if TYPE_CHECKING:
    from courses.models import CoursePage
    from people.models import User

REFRESHER_TYPES = ("multichoice", "multiresponse", "truefalse")  # answered with a click, marked on the spot
WRONG_WEIGHT = 4  # a question the learner got wrong is this many times likelier to come back


def refresher_days() -> list[int]:
    return sorted(getattr(settings, "PRACTICE_REFRESHER_DAYS", [3, 10, 30]))


# --- Cohort schedules and sessions -----------------------------------------------------------------------------------


@transaction.atomic
def save_cohort_schedule(*, schedule: CohortSchedule) -> tuple[CohortSchedule, list[str]]:
    """Save the schedule and apply it to the current, unfinished enrolments of the cohort's members. Returns the
    schedule and warnings naming how many members are due before the last module opens (their due date stays)."""
    schedule.full_clean()
    schedule.save()
    return schedule, apply_cohort_schedule(schedule=schedule)


@transaction.atomic
def apply_cohort_schedule(*, schedule: CohortSchedule) -> list[str]:
    """Set `release_starts_on` to the schedule's start on every current, unfinished enrolment of the cohort's
    members in its course (completed ones are left alone: pacing holds back only what is to come). Idempotent."""
    member_ids = schedule.cohort.memberships.values_list("user_id", flat=True)
    enrolments = Enrolment.objects.filter(
        user_id__in=member_ids, course=schedule.course, is_current=True, completed_at=None
    ).select_related("course")
    last = courses_services.earliest_due_date(course=schedule.course, release_starts_on=schedule.starts_on)
    early = 0
    for enrolment in enrolments:
        courses_services.set_release_start(enrolment=enrolment, starts_on=schedule.starts_on)
        if enrolment.due_on and enrolment.due_on < last:
            early += 1
    schedule.applied_at = timezone.now()
    schedule.save(update_fields=["applied_at"])
    if early:
        return [
            _(
                "%(n)d members are due before the last module opens on %(date)s. Move their assignment's due date "
                "or start the cohort earlier."
            )
            % {"n": early, "date": last.strftime("%d %b %Y")}
        ]
    return []


@transaction.atomic
def save_cohort_session(
    *, session: CohortSession, register_taken: bool | None = None, attendees: Iterable[User] = ()
) -> CohortSession:
    """Create or change a live session of a cohort, and with `register_taken` its register: True records that
    exactly `attendees` (members of its cohort) were there, replacing an earlier register; False withdraws the
    register (the session then counts for no one); None leaves it as it is. A register is refused before the
    session starts, for anyone outside the cohort, and attendees without a register."""
    session.full_clean()
    session.save()
    attendees = {user.pk for user in attendees}
    if register_taken is None:
        if attendees:
            raise PracticeError(_("Tick “Register taken” to save who attended."))
        return session
    if not register_taken:
        if attendees:
            raise PracticeError(_("Tick “Register taken” to save who attended."))
        SessionAttendance.objects.filter(session=session).delete()
        session.register_taken_at = None
    else:
        if session.starts_at > timezone.now():
            raise PracticeError(_("The register can be taken once the session has started."))
        members = set(
            CohortMembership.objects.filter(cohort_id=session.cohort_id, user_id__in=attendees).values_list(
                "user_id", flat=True
            )
        )
        if attendees - members:
            raise PracticeError(_("Only the cohort's members can be marked present."))
        SessionAttendance.objects.filter(session=session).exclude(user_id__in=attendees).delete()
        present = set(SessionAttendance.objects.filter(session=session).values_list("user_id", flat=True))
        SessionAttendance.objects.bulk_create(
            SessionAttendance(session=session, user_id=user_id) for user_id in sorted(attendees - present)
        )
        session.register_taken_at = timezone.now()
    session.save(update_fields=["register_taken_at"])
    return session


# --- Practice notes --------------------------------------------------------------------------------------------------


def _practice_task(module: ModulePage, block_id: str):
    for block in module.body:
        if block.block_type == "practice_task" and block.id == block_id:
            return block
    raise PracticeError(_("This practice task is not part of the module."))


@transaction.atomic
def save_practice_note(
    *, user: User, module: ModulePage, block_id: str, text: str, done: bool, shared_with_trainer: bool
) -> PracticeNote:
    """Save the learner's own notes on a practice task (one row per learner and task, updated). Marking it done keeps
    the first time it was done; unmarking clears it. Refused on modules the learner cannot open yet."""
    try:
        courses_services.refuse_locked_module(user=user, module=module)
    except ModuleNotAvailable as exc:
        raise PracticeError(str(exc)) from exc
    _practice_task(module, block_id)
    text = text.strip()
    if len(text) > 5000:
        raise PracticeError(_("Your notes are too long: keep them under 5,000 characters."))
    if shared_with_trainer and not text:
        raise PracticeError(_("Write your notes before sharing them with the trainer."))
    note = PracticeNote.objects.select_for_update().filter(user=user, module=module, block_id=block_id).first()
    if note is None:
        note = PracticeNote(user=user, module=module, block_id=block_id)
    note.text = text
    note.shared_with_trainer = shared_with_trainer
    if done and note.done_at is None:
        note.done_at = timezone.now()
    elif not done:
        note.done_at = None
    note.full_clean(validate_constraints=False)
    note.save()
    return note


def export_notes(user: User) -> list[dict]:
    """The person's practice notes for their personal-data download (the fields named in practice/apps.py)."""
    from people.personal_data import row

    return [
        {**row(note), "module": note.module.title}
        for note in PracticeNote.objects.filter(user=user).select_related("module")
    ]


# --- Refreshers ------------------------------------------------------------------------------------------------------


def schedule_refreshers(*, enrolment: Enrolment) -> list[RefresherDue]:
    """Completion listener (inside the completion's transaction): one refresher per interval of
    PRACTICE_REFRESHER_DAYS after the completion's local date, if the course has knowledge-check questions. A second
    call finds the rows in place."""
    if not KnowledgeCheckPage.objects.live().descendant_of(enrolment.course).exists():
        return []
    completed_on = timezone.localdate(enrolment.completed_at)
    made = []
    for days in refresher_days():
        refresher, _created = RefresherDue.objects.get_or_create(
            enrolment=enrolment,
            after_days=days,
            defaults={
                "user_id": enrolment.user_id,
                "course_id": enrolment.course_id,
                "due_on": completed_on + timedelta(days=days),
            },
        )
        made.append(refresher)
    return made


def _course_questions(course: CoursePage) -> list[Question]:
    """Every question the course's live knowledge checks can ask (chosen and drawable), of the refresher types."""
    slots = []
    for page in KnowledgeCheckPage.objects.live().descendant_of(course):
        slots.extend(page.slots())
    chosen = [slot["id"] for slot in slots if slot["type"] == "question"]
    questions = {q.pk: q for q in Question.objects.filter(pk__in=chosen, qtype__in=REFRESHER_TYPES)}
    for slot in slots:
        if slot["type"] == "random":
            category = QuestionCategory.objects.filter(pk=slot["category"]).first()
            if category is None:
                continue
            scope = category.subtree_filter() if slot["subcategories"] else Q(category=category)
            questions.update({q.pk: q for q in Question.objects.filter(scope, qtype__in=REFRESHER_TYPES)})
    return [questions[pk] for pk in sorted(questions)]


def _wrong_question_ids(*, user: User, course: CoursePage) -> set[int]:
    """Bank questions the learner answered wrongly in the course's knowledge checks (any cycle) or in refreshers."""
    wrong: set[int] = set()
    page_ids = KnowledgeCheckPage.objects.descendant_of(course).values_list("pk", flat=True)
    for attempt in Attempt.objects.filter(
        user=user, page_id__in=page_ids, kind=QuizKind.KNOWLEDGE_CHECK
    ).prefetch_related("decisions"):
        for decision in attempt.decisions.all():
            if decision.correct is False and decision.sequence < len(attempt.questions):
                wrong.add(attempt.questions[decision.sequence]["question_id"])
    wrong.update(
        RefresherAnswer.objects.filter(refresher__user=user, refresher__course=course, correct=False)
        .exclude(question=None)
        .values_list("question_id", flat=True)
    )
    return wrong


def draw_refresher_questions(
    *, user: User, course: CoursePage, rng: random.Random | None = None, count: int = 3
) -> list[Question]:
    """2–3 questions from the course's knowledge checks, drawn without repeats, each question the learner got wrong
    WRONG_WEIGHT times likelier than one they got right."""
    rng = rng or random.SystemRandom()
    pool = _course_questions(course)
    wrong = _wrong_question_ids(user=user, course=course)
    weights = [WRONG_WEIGHT if q.pk in wrong else 1 for q in pool]
    picked: list[Question] = []
    while pool and len(picked) < count:
        index = rng.choices(range(len(pool)), weights=weights)[0]
        picked.append(pool.pop(index))
        weights.pop(index)
    return picked


@transaction.atomic
def open_refresher(*, user: User, refresher_id: int, today: date | None = None) -> RefresherDue:
    """The learner's due refresher with its questions, drawn the first time it is opened (then kept, so reloading
    shows the same ones). Refuses refreshers of others, not due yet, or already answered."""
    today = today or timezone.localdate()
    refresher = (
        RefresherDue.objects.select_for_update().filter(pk=refresher_id, user=user).select_related("course").first()
    )
    if refresher is None:
        raise PracticeError(_("This refresher does not exist."))
    if refresher.answered_at is not None:
        return refresher
    if refresher.due_on > today:
        raise PracticeError(_("This refresher is ready on %(date)s.") % {"date": refresher.due_on.strftime("%d %B %Y")})
    if not refresher.questions:
        rng = random.SystemRandom()
        drawn = draw_refresher_questions(user=user, course=refresher.course, rng=rng)
        if not drawn:
            raise PracticeError(_("This course has no questions for a refresher yet."))
        refresher.questions = [knowledge.question_copy(q, shuffle_choices=True, rng=rng) for q in drawn]
        refresher.full_clean(validate_constraints=False)
        refresher.save(update_fields=["questions"])
    return refresher


@transaction.atomic
def answer_refresher(*, user: User, refresher_id: int, posted) -> RefresherDue:
    """Mark every answer of the refresher at once (a QueryDict with `answer-<n>` fields). All or nothing: a missing
    or unreadable answer raises PracticeError and records nothing. Answering twice changes nothing."""
    refresher = RefresherDue.objects.select_for_update().filter(pk=refresher_id, user=user).first()
    if refresher is None or not refresher.questions:
        raise PracticeError(_("This refresher does not exist."))
    if refresher.answered_at is not None:
        return refresher
    now = timezone.now()
    rows = []
    for position, copy in enumerate(refresher.questions):
        raw = _raw(copy, posted, position)
        try:
            response = grading.validate_response(copy["qtype"], copy["data"], raw)
        except ValueError as exc:
            raise PracticeError(
                _("Question %(n)d: %(message)s")
                % {"n": position + 1, "message": knowledge.invalid_answer_message(copy)}
            ) from exc
        result = grading.grade(copy["qtype"], copy["data"], response)
        rows.append(
            RefresherAnswer(
                refresher=refresher,
                question_id=copy["question_id"] if Question.objects.filter(pk=copy["question_id"]).exists() else None,
                position=position,
                response=response if not isinstance(response, set) else sorted(response),
                correct=bool(result.correct),
                answered_at=now,
            )
        )
    try:
        with transaction.atomic():
            for row in rows:
                row.full_clean(validate_constraints=False)
                row.save()
    except IntegrityError:
        return RefresherDue.objects.get(pk=refresher.pk)
    refresher.answered_at = now
    refresher.correct = sum(1 for row in rows if row.correct)
    refresher.save(update_fields=["answered_at", "correct"])
    return refresher


def _raw(copy: dict, posted, position: int):
    """One question's form fields (`answer-<position>`) as `knowledge.raw_response` reads a single question's form."""
    from django.http import QueryDict

    single = QueryDict(mutable=True)
    single.setlist("answer", posted.getlist(f"answer-{position}"))
    return knowledge.raw_response(copy, single)
