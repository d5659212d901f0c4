"""Writes for quizzes: importing questions into a bank, and learners' attempts (start, answer, finish).

Every answer locks its attempt row, and (attempt, sequence) is unique, so a submit sent twice, from two tabs or
replayed is recorded once. Passing the last unpassed quiz of a module completes the module through
`courses.services.record_module_completion`."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.models import Page

from cms.bulk import insert_rows
from cms.search import index_in_bulk
from courses import services as courses_services
from courses.exceptions import ModuleNotAvailable
from courses.models import Enrolment, ModulePage, ModuleProgress, ProgressState
from quizzes import grading, knowledge, scenarios, selectors, statements
from quizzes.exceptions import (
    AttemptFinished,
    AttemptNotFound,
    AttemptTooSoon,
    InvalidAnswer,
    NoAttemptsLeft,
    NotCurrentStep,
    QuestionImportError,
    QuizError,
    QuizLocked,
    QuizNotAvailable,
    QuizOutOfRange,
)
from quizzes.gift import QTYPES, GiftError, ParsedQuestion
from quizzes.models import (
    Attempt,
    Decision,
    KnowledgeCheckPage,
    Question,
    QuestionBank,
    QuestionCategory,
    QuizKind,
    QuizPage,
    QuizVersion,
    ScenarioPage,
)

if TYPE_CHECKING:
    from people.models import User


# --- Question import -------------------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    """What an import added (or, for a dry run, would add)."""

    bank: str
    imported: int = 0
    by_type: dict[str, int] = field(default_factory=lambda: dict.fromkeys(QTYPES, 0))
    categories: list[str] = field(default_factory=list)
    dry_run: bool = False
    bank_created: bool = False
    already_in_bank: int = 0  # identical questions (type, text, answers) skipped
    duplicate_lines: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "imported": self.imported,
            "by_type": self.by_type,
            "categories": self.categories,
            "already_in_bank": self.already_in_bank,
        }

    @property
    def counts_label(self) -> str:
        """ "3 new, 2 already in the bank" (or just "3 new")."""
        label = ngettext("%(n)d new", "%(n)d new", self.imported) % {"n": self.imported}
        if self.already_in_bank:
            label += ", " + _("%(n)d already in the bank") % {"n": self.already_in_bank}
        return label


def question_fingerprint(*, qtype: str, text: str, data: dict) -> str:
    """What makes two questions the same for an import: type, text (spacing aside) and answers."""
    return json.dumps([qtype, " ".join(str(text).split()), data], sort_keys=True, ensure_ascii=False, default=str)


@transaction.atomic
def import_questions(
    *, bank_name: str, questions: list[ParsedQuestion], dry_run: bool = False, allow_duplicates: bool = False
) -> ImportSummary:
    """Add `questions` to the bank named `bank_name` (created if missing), all or none: any error raises
    QuestionImportError listing every one by line and writes nothing. With `dry_run` nothing is written either way.
    A question's category comes from its `category` path; an ID number may be used once per category. A question
    identical to one already in the bank (same type, text and answers) is skipped and counted, unless
    `allow_duplicates`."""
    name = bank_name.strip()
    if not name:
        raise QuizError(_("Give the question bank a name."))
    if len(name) > QuestionBank._meta.get_field("name").max_length:
        raise QuizError(_("A question bank's name has at most 120 characters."))
    bank = QuestionBank.objects.filter(name=name).first()
    duplicate_lines: list[int] = []
    if bank is not None and not allow_duplicates:
        in_bank = {
            question_fingerprint(qtype=qtype, text=text, data=data)
            for qtype, text, data in Question.objects.filter(category__bank=bank).values_list("qtype", "text", "data")
        }
        new = [q for q in questions if question_fingerprint(qtype=q.qtype, text=q.text, data=q.data) not in in_bank]
        kept = {id(q) for q in new}
        duplicate_lines = [q.line for q in questions if id(q) not in kept]
        questions = new
    errors, rows = _checked_rows(bank=bank, questions=questions)
    if errors:
        raise QuestionImportError(errors)
    summary = ImportSummary(
        bank=name,
        dry_run=dry_run,
        bank_created=bank is None,
        already_in_bank=len(duplicate_lines),
        duplicate_lines=duplicate_lines,
    )
    for question in questions:
        summary.imported += 1
        summary.by_type[question.qtype] += 1
        if question.category not in summary.categories:
            summary.categories.append(question.category)
    if dry_run:
        return summary
    if bank is None:
        bank = QuestionBank(name=name)
        bank.full_clean()
        bank.save()
    categories = {category.path: category for category in bank.categories.all()}
    for path in dict.fromkeys(question.category for question in questions):
        if path not in categories:
            category = categories[path] = QuestionCategory(bank=bank, path=path)
            category.full_clean()
            category.save()
    # Every row was checked field by field in _checked_rows (which reports by line), so the rows go straight to
    # one COPY (cms.bulk), and to the search index in one statement (cms.search) inside this transaction: an import is
    # searchable the moment it commits, and a failure anywhere leaves neither questions nor index rows behind.
    for question, row in zip(questions, rows, strict=True):
        row.category = categories[question.category]
    created = insert_rows(Question, rows)
    index_in_bulk(Question, [question.pk for question in created])
    return summary


def _question_row(question: ParsedQuestion) -> Question:
    return Question(
        qtype=question.qtype,
        title=question.title,
        text=question.text,
        text_format=question.text_format,
        general_feedback=question.general_feedback,
        data=question.data,
        idnumber=question.idnumber,
        tags=list(question.tags),
        has_embedded_answers=question.has_embedded_answers,
    )


def _checked_rows(
    *, bank: QuestionBank | None, questions: list[ParsedQuestion]
) -> tuple[list[GiftError], list[Question]]:
    """Problems the file format cannot see (fields too long for the bank, ID numbers used twice in a category), and
    the unsaved rows, one per question, checked field by field (their category is set once it exists)."""
    errors: list[GiftError] = []
    rows: list[Question] = []
    taken: set[tuple[str, str]] = set()
    if bank is not None:
        taken = set(
            Question.objects.filter(category__bank=bank).exclude(idnumber="").values_list("category__path", "idnumber")
        )
    path_limit = QuestionCategory._meta.get_field("path").max_length
    for question in questions:
        if len(question.category) > path_limit:
            errors.append(GiftError(question.line, f"category path is longer than {path_limit} characters"))
            continue
        row = _question_row(question)
        rows.append(row)
        try:
            # Fields only: the one constraint (ID number per category) is checked across the file below, and a
            # unique check with the category excluded would check nothing.
            row.full_clean(exclude=["category"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.extend(GiftError(question.line, f"{name}: {message}") for message in messages)
        if question.idnumber:
            key = (question.category, question.idnumber)
            if key in taken:
                category = question.category or "the top level"
                errors.append(
                    GiftError(
                        question.line, f"ID number {question.idnumber!r} is already used in category {category!r}"
                    )
                )
            taken.add(key)
    return errors, rows


# --- Attempts --------------------------------------------------------------------------------------------------------


@dataclass
class Answered:
    """The decision an answer recorded, and whether this submit only repeated one already on record."""

    attempt: Attempt
    decision: Decision
    replayed: bool = False


def _check_available(page: Page) -> None:
    """Learners may only take live, public quizzes of live modules in live courses."""
    if not page.live or page.get_view_restrictions().exists():
        raise QuizNotAvailable(_("This quiz is not available."))
    if Page.objects.ancestor_of(page).filter(depth__gte=page.depth - 2, live=False).exists():
        raise QuizNotAvailable(_("This quiz is not available."))


def _this_cycle(attempts, *, user: User, page: Page):
    since = selectors.cycle_start(user=user, page=page)
    return attempts.filter(started_at__gte=since) if since else attempts


def _current_version(page: QuizPage) -> QuizVersion:
    """The version of the page's live revision, kept the first time an attempt starts on it."""
    version, _created = QuizVersion.objects.get_or_create(
        page=page, revision=page.live_revision, defaults={"content": page.version_content()}
    )
    return version


@transaction.atomic
def start_attempt(*, user: User, page: QuizPage, rng: random.Random | None = None) -> Attempt:
    """The learner's open attempt at `page`, or a new one when they have attempts left. Idempotent: a double click
    or a second tab finds the open attempt (one open attempt per learner and page is a database constraint).
    `rng` draws the questions and orders the choices (the system's randomness unless a seeded one is given, as the
    demo does so that it loads the same every time)."""
    # The live content as it is now, whatever the caller's copy of the page holds.
    page = type(page).objects.get(pk=page.pk)
    _check_available(page)
    module = ModulePage.objects.filter(path=page.path[: -page.steplen]).first()
    if module is not None:
        try:
            courses_services.refuse_locked_module(user=user, module=module)
        except ModuleNotAvailable as exc:
            raise QuizLocked(str(exc)) from exc
    open_attempt = Attempt.objects.select_for_update().filter(user=user, page=page, submitted_at=None).first()
    if open_attempt is not None:
        return open_attempt
    finished = list(
        _this_cycle(
            Attempt.objects.filter(user=user, page=page, submitted_at__isnull=False), user=user, page=page
        ).order_by("-submitted_at")
    )
    if page.attempts_allowed and len(finished) >= page.attempts_allowed:
        raise NoAttemptsLeft(_("You have used all %(n)s attempts at this quiz.") % {"n": page.attempts_allowed})
    ready = selectors.next_start_at(page=page, finished=finished)
    if ready is not None:
        local = timezone.localtime(ready)
        raise AttemptTooSoon(
            _(
                "You can start your next attempt at %(time)s on %(date)s. Use the time to read the module again: "
                "the next attempt asks different questions."
            )
            % {"time": dateformat.format(local, "H:i"), "date": dateformat.format(local, "j F")}
        )
    version = _current_version(page)
    content = version.content
    number = (Attempt.objects.filter(user=user, page=page).aggregate(n=Max("number"))["n"] or 0) + 1
    attempt = Attempt(user=user, page=page, version=version, number=number, started_at=timezone.now())
    if isinstance(page, ScenarioPage):
        attempt.kind = QuizKind.SCENARIO
        attempt.current_key = scenarios.start_key(content) or ""
        attempt.variables = scenarios.initial_variables(content)
        attempt.maximum = Decimal(content["max_score"])
        if not attempt.current_key:
            raise QuizNotAvailable(_("This scenario has no steps yet."))
        field = Attempt._meta.get_field("maximum")
        if abs(attempt.maximum) >= Decimal(10) ** (field.max_digits - field.decimal_places):
            # Published before the editor bounded a choice's score (quizzes/blocks.py): say so, never a 500.
            raise QuizOutOfRange(
                _("This scenario cannot be played: its scores are out of range. Please tell the course's trainer.")
            )
    elif isinstance(page, KnowledgeCheckPage):
        rng = rng or random.SystemRandom()
        drawn = knowledge.draw_questions(slots=content["slots"], shuffle=content["shuffle_questions"], rng=rng)
        if not drawn:
            raise QuizNotAvailable(_("This knowledge check has no questions yet."))
        attempt.kind = QuizKind.KNOWLEDGE_CHECK
        attempt.questions = [
            knowledge.question_copy(q, shuffle_choices=content["shuffle_choices"], rng=rng) for q in drawn
        ]
        attempt.maximum = _decimal(sum(knowledge.max_mark(copy) for copy in attempt.questions))
        attempt.current_key = "q1"
    else:
        raise QuizNotAvailable(_("This quiz is not available."))
    # Field checks only: the database enforces the unique numbers and the single open attempt, race-safely.
    attempt.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:
        # A second tab started one at the same moment: resume theirs.
        existing = Attempt.objects.filter(user=user, page=page, submitted_at=None).first()
        if existing is None:
            raise
        return existing
    statements.record_attempted(attempt=attempt)
    return attempt


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 3)))


def _locked_attempt(*, user: User, attempt_id: int, kind: str) -> Attempt:
    attempt = (
        Attempt.objects.select_for_update()
        .select_related("version")
        .filter(pk=attempt_id, user=user, kind=kind)
        .first()
    )
    if attempt is None:
        raise AttemptNotFound(_("This attempt does not exist."))
    return attempt


def _earlier_decision(attempt: Attempt, sequence: int) -> Decision | None:
    """The decision already on record at `sequence`, or None when `sequence` is the attempt's current one.
    Raises when the answer is for another step than the current one, or the attempt is over."""
    if 0 <= sequence < attempt.position:
        earlier = attempt.decisions.filter(sequence=sequence).first()
        if earlier is not None:
            return earlier
    if attempt.is_finished:
        raise AttemptFinished(_("This attempt is finished, so that answer was not recorded."))
    if sequence != attempt.position:
        raise NotCurrentStep(
            _("That answer was for a step you are no longer on, so it was not recorded. Here is where you are now.")
        )
    return None


def _replayed(attempt: Attempt, earlier: Decision, same: bool) -> Answered:
    if not same:
        raise NotCurrentStep(
            _("You have already answered that step, so this answer was not recorded. Here is where you are now.")
        )
    return Answered(attempt=attempt, decision=earlier, replayed=True)


def _record(attempt: Attempt, decision: Decision) -> Answered:
    decision.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        # Only reachable where the row lock is not taken (SQLite serialises writers instead): same outcome.
        earlier = Decision.objects.get(attempt=attempt, sequence=decision.sequence)
        same = (earlier.choice_id, earlier.response) == (decision.choice_id, decision.response)
        return _replayed(attempt, earlier, same=same)
    statements.record_answered(attempt=attempt, decision=decision)
    return Answered(attempt=attempt, decision=decision)


@transaction.atomic
def choose_in_scenario(*, user: User, attempt_id: int, sequence: int, choice_id: str) -> Answered:
    """Record the learner's choice at the scenario step numbered `sequence`. A repeat of a choice already recorded
    changes nothing and returns it (`replayed`); a choice for any other step than the current one is refused."""
    attempt = _locked_attempt(user=user, attempt_id=attempt_id, kind=QuizKind.SCENARIO)
    earlier = _earlier_decision(attempt, sequence)
    if earlier is not None:
        return _replayed(attempt, earlier, same=earlier.choice_id == choice_id)
    spec = attempt.version.content
    try:
        move = scenarios.apply_choice(
            spec,
            node_key=attempt.current_key,
            variables=attempt.variables,
            score=int(attempt.score),
            choice_id=choice_id,
        )
    except scenarios.ScenarioError as exc:
        raise InvalidAnswer(_("Choose one of the options, then confirm your choice.")) from exc
    now = timezone.now()
    answered = _record(
        attempt,
        Decision(
            attempt=attempt,
            sequence=attempt.position,
            step_key=attempt.current_key,
            choice_id=choice_id,
            score=move.choice["score"],
            variables=move.variables,
            led_to=move.node["key"],
            created_at=now,
        ),
    )
    if answered.replayed:
        return answered
    attempt.position += 1
    attempt.score = Decimal(move.score)
    attempt.variables = move.variables
    attempt.current_key = move.node["key"]
    if move.is_ending:
        attempt.ending_key = move.node["key"]
        attempt.outcome = move.node["outcome"]
        attempt.current_key = ""
        _finish(attempt, passed=move.score >= spec["pass_mark"], now=now)
    else:
        attempt.full_clean(validate_unique=False, validate_constraints=False)
        attempt.save()
    return answered


@transaction.atomic
def answer_question(*, user: User, attempt_id: int, sequence: int, raw: object) -> Answered:
    """Mark the learner's answer to the knowledge-check question numbered `sequence` (from 0). `raw` is the form
    input as `knowledge.raw_response` reads it. Replays and answers for other questions behave as in
    `choose_in_scenario`; an answer that cannot be read raises InvalidAnswer and records nothing."""
    attempt = _locked_attempt(user=user, attempt_id=attempt_id, kind=QuizKind.KNOWLEDGE_CHECK)
    index = min(max(sequence, 0), len(attempt.questions) - 1)
    copy = attempt.questions[index]
    try:
        response = _json_ready(grading.validate_response(copy["qtype"], copy["data"], raw))
    except ValueError as exc:
        earlier = _earlier_decision(attempt, sequence)
        if earlier is not None:
            raise NotCurrentStep(
                _(
                    "You have already answered that question, so this answer was not recorded. Here is where you are now."
                )
            ) from exc
        raise InvalidAnswer(knowledge.invalid_answer_message(copy)) from exc
    earlier = _earlier_decision(attempt, sequence)
    if earlier is not None:
        return _replayed(attempt, earlier, same=earlier.response == response)
    result = grading.grade(copy["qtype"], copy["data"], response)
    mark = _decimal(result.fraction or 0.0)
    now = timezone.now()
    answered = _record(
        attempt,
        Decision(
            attempt=attempt,
            sequence=attempt.position,
            step_key=attempt.current_key,
            choice_id="",
            response=response,
            score=mark,
            correct=result.correct,
            created_at=now,
        ),
    )
    if answered.replayed:
        return answered
    attempt.position += 1
    attempt.score += mark
    if attempt.position >= len(attempt.questions):
        attempt.current_key = ""
        pass_mark = Decimal(attempt.version.content["pass_mark"])
        _finish(attempt, passed=attempt.maximum > 0 and attempt.score * 100 >= pass_mark * attempt.maximum, now=now)
    else:
        attempt.current_key = f"q{attempt.position + 1}"
        attempt.full_clean(validate_unique=False, validate_constraints=False)
        attempt.save()
    return answered


def _json_ready(response: object) -> object:
    """The response as it reads back from a JSON field (matching answers have their item numbers as text)."""
    return json.loads(json.dumps(response))


def _finish(attempt: Attempt, *, passed: bool, now: datetime) -> None:
    attempt.submitted_at = now
    attempt.passed = bool(passed)
    attempt.full_clean(validate_unique=False, validate_constraints=False)
    attempt.save()
    statements.record_result(attempt=attempt)
    if attempt.passed:
        _complete_module_if_passed(user=attempt.user, quiz=attempt.page)


def _complete_module_if_passed(*, user: User, quiz: Page) -> bool:
    """Complete the quiz's module once the learner has passed every live quiz of it in their current cycle. Returns
    whether the module is complete for them now. Runs inside the caller's transaction; a module that is no longer
    available is left alone (the attempt still counts)."""
    module = ModulePage.objects.filter(path=quiz.path[: -quiz.steplen]).first()
    if module is None:
        return False
    quiz_ids = set(Page.objects.child_of(module).live().values_list("pk", flat=True))
    passed = _this_cycle(Attempt.objects.filter(user=user, page_id__in=quiz_ids, passed=True), user=user, page=quiz)
    if quiz_ids - set(passed.values_list("page_id", flat=True)):
        return False
    enrolment = Enrolment.objects.filter(
        user=user, is_current=True, course__path=module.path[: -module.steplen]
    ).first()
    if (
        enrolment is not None
        and ModuleProgress.objects.filter(enrolment=enrolment, module=module, state=ProgressState.COMPLETED).exists()
    ):
        return True
    try:
        courses_services.record_module_completion(user=user, module=module)
    except ModuleNotAvailable:
        return False
    return True
