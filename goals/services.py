"""What goals change: objectives, metric values (by hand, CSV or a source's token; one period one row, every change
kept as a revision), source tokens, personal goals and their reviews. One transaction each, idempotent."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from analytics.csv_import import (
    ImportFileError,
    clean_cell,
    decode_csv,
    match_columns,
    read_table,
    refuse_nul,
    rows_with_errors_message,
)
from goals import access
from goals.exceptions import ImportRefused, ValueRefused
from goals.models import (
    GoalReview,
    MetricImport,
    MetricSource,
    MetricValue,
    MetricValueRevision,
    Objective,
    PersonalGoal,
    date_problem,
    period_end,
    period_start,
    value_problem,
)
from goals.values import parse_note, parse_period, parse_value

if TYPE_CHECKING:
    from people.models import User

TOKEN_PREFIX = "swm_"  # noqa: S105 (marks a metric source token, not a secret)
PENDING_UPLOAD_LIFETIME_HOURS = 24


# --- Objectives -------------------------------------------------------------------------------------------------------
@transaction.atomic
def save_objective(*, objective: Objective, actor: User, courses=None) -> Objective:
    """Save an objective the actor may give to its team (goals/access.py): a manager only their own department's."""
    allowed = access.allowed_departments(actor)
    if objective.pk and not access.editable_objectives(actor).filter(pk=objective.pk).exists():
        raise PermissionDenied(_("This objective is not one of yours."))
    if allowed is not None:
        if objective.cohort_id and not access.may_set_cohort(actor):
            raise ValidationError({"cohort": _("Only HR sets objectives for a cohort. Choose your department.")})
        if objective.department_id and objective.department_id not in allowed:
            raise ValidationError({"department": _("Choose your own department or one inside it.")})
    if objective.pk is None:
        objective.created_by = actor
    objective.full_clean()
    objective.save()
    if courses is not None:
        objective.courses.set(courses)
    return objective


# --- Metric values ----------------------------------------------------------------------------------------------------
@dataclass
class Recorded:
    value: MetricValue
    action: str  # created, updated or unchanged


@transaction.atomic
def record_metric_value(
    *,
    objective: Objective,
    period: datetime.date,
    value: Decimal,
    source: str,
    note: str = "",
    actor: User | None = None,
) -> Recorded:
    """The value for the period `period` falls in (its Monday, or the 1st for a monthly metric). The same period again
    updates the one row (never a second one) and keeps the earlier figure as a revision; the same value again changes
    nothing. Concurrent posts of one period meet at the unique constraint and end as one row."""
    start = period_start(period, objective.frequency)
    problem = value_problem(value) or date_problem(start)
    if problem:
        raise ValueRefused(problem)
    try:
        with transaction.atomic():
            row, created = MetricValue.objects.select_for_update().get_or_create(
                objective=objective,
                period_start=start,
                defaults={"value": value, "source": source[:120], "note": note[:300], "updated_at": timezone.now()},
            )
    except IntegrityError:  # the other poster's insert won the race: update theirs
        row, created = MetricValue.objects.select_for_update().get(objective=objective, period_start=start), False
    if created:
        MetricValueRevision.objects.create(
            metric_value=row, previous=None, value=value, source=source[:120], note=note[:300], changed_by=actor
        )
        return Recorded(row, "created")
    if row.value == value and (not note or row.note == note):
        return Recorded(row, "unchanged")
    previous = row.value
    row.value, row.source, row.updated_at = value, source[:120], timezone.now()
    if note:
        row.note = note[:300]
    row.full_clean()
    row.save(update_fields=["value", "source", "note", "updated_at"])
    MetricValueRevision.objects.create(
        metric_value=row, previous=previous, value=value, source=source[:120], note=note[:300], changed_by=actor
    )
    return Recorded(row, "updated")


def record_from_text(
    *, objective: Objective, period: str, value, source: str, note=None, actor: User | None = None
) -> Recorded:
    """Parse then record (the admin form and the JSON endpoint). ValueRefused says what is wrong."""
    day, problem = parse_period(period)
    number, value_error = parse_value(value)
    text, note_error = parse_note(note)
    errors = [e for e in (problem, value_error, note_error) if e]
    if errors:
        raise ValueRefused(" ".join(errors))
    return record_metric_value(objective=objective, period=day, value=number, source=source, note=text, actor=actor)


# --- CSV import (the people import's flow and words: analytics/csv_import.py) ------------------------------------------
COLUMN_ALIASES = {
    "period": ["period", "week", "month", "date", "period start", "week starting"],
    "value": ["value", "amount", "figure"],
    "note": ["note", "notes", "comment"],
}


@dataclass
class ValueRowPlan:
    line: int
    period: datetime.date | None = None
    period_to: datetime.date | None = None
    value: Decimal | None = None
    note: str = ""
    errors: list[str] = field(default_factory=list)
    action: str = ""
    previous: Decimal | None = None


@dataclass
class ValuePlan:
    rows: list[ValueRowPlan]
    delimiter: str

    @property
    def error_rows(self) -> list[ValueRowPlan]:
        return [r for r in self.rows if r.errors]

    @property
    def valid_rows(self) -> list[ValueRowPlan]:
        return [r for r in self.rows if not r.errors]

    def count(self, action: str) -> int:
        return sum(1 for r in self.valid_rows if r.action == action)


def plan_metric_import(text: str | bytes, *, objective: Objective) -> ValuePlan:
    """Read and check every row against the objective's values; write nothing. ImportFileError for a file that
    cannot be read at all; everything else is an error on its row. Two queries."""
    text = decode_csv(text) if isinstance(text, bytes) else text.lstrip("\ufeff")
    refuse_nul(text)
    raw_columns, records, delimiter = read_table(text)
    columns = match_columns(raw_columns, COLUMN_ALIASES, required=["period", "value"])
    existing = dict(MetricValue.objects.filter(objective=objective).values_list("period_start", "value"))
    plans: list[ValueRowPlan] = []
    seen: dict[datetime.date, int] = {}
    for line, record in records:
        cells = {column: clean_cell(record[i] if i < len(record) else "") for i, column in enumerate(columns)}
        row = ValueRowPlan(line=line)
        day, problem = parse_period(cells.get("period", ""))
        if problem:
            row.errors.append(problem)
        number, problem = parse_value(cells.get("value", ""))
        if problem:
            row.errors.append(problem)
        row.note, problem = parse_note(cells.get("note", ""))
        if problem:
            row.errors.append(problem)
        if day is not None:
            row.period = period_start(day, objective.frequency)
            row.period_to = period_end(row.period, objective.frequency)
            if row.period in seen:
                row.errors.append(
                    _("The same period as line %(line)d (%(from)s to %(to)s).")
                    % {"line": seen[row.period], "from": row.period, "to": row.period_to}
                )
            else:
                seen[row.period] = line
        row.value = number
        if not row.errors:
            row.previous = existing.get(row.period)
            if row.previous is None:
                row.action = "create"
            elif row.previous == number:
                row.action = "unchanged"
            else:
                row.action = "update"
        plans.append(row)
    if not plans:
        raise ImportFileError(_("The file has no rows under its column names."))
    return ValuePlan(rows=plans, delimiter=delimiter)


def store_metric_upload(*, objective: Objective, actor: User, file_name: str, text: str) -> MetricImport:
    stale = timezone.now() - timedelta(hours=PENDING_UPLOAD_LIFETIME_HOURS)
    MetricImport.objects.filter(applied_at=None, created_at__lt=stale).delete()
    upload = MetricImport(objective=objective, uploaded_by=actor, file_name=file_name[:255], content=text)
    upload.full_clean()
    upload.save()
    return upload


def confirm_metric_import(*, upload: MetricImport, plan: ValuePlan, actor: User, only_valid: bool) -> dict:
    """Write a previewed upload's rows (all, or only the valid ones when asked) in one transaction."""
    if plan.error_rows and not only_valid:
        raise ImportRefused(rows_with_errors_message(len(plan.error_rows)))
    with transaction.atomic():
        upload = MetricImport.objects.select_for_update().select_related("objective").get(pk=upload.pk)
        if upload.applied_at is not None:
            raise ImportRefused(_("This file was already imported."))
        outcome = {"created": 0, "updated": 0, "unchanged": 0, "skipped": len(plan.error_rows)}
        source = _("CSV: %(name)s") % {"name": upload.file_name}
        for row in plan.valid_rows:
            recorded = record_metric_value(
                objective=upload.objective,
                period=row.period,
                value=row.value,
                source=source,
                note=row.note,
                actor=actor,
            )
            outcome[recorded.action] += 1
        upload.applied_at = timezone.now()
        upload.content = ""
        upload.outcome = outcome
        upload.save(update_fields=["applied_at", "content", "outcome"])
    return outcome


@transaction.atomic
def discard_metric_upload(*, upload: MetricImport) -> None:
    MetricImport.objects.filter(pk=upload.pk, applied_at=None).delete()


# --- Source tokens ----------------------------------------------------------------------------------------------------
def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@transaction.atomic
def create_metric_source(*, name: str, objectives, actor: User) -> tuple[MetricSource, str]:
    """A new source and its token, returned once: only the hash is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    source = MetricSource(name=name.strip(), token_hash=hash_token(token), token_prefix=token[:10], created_by=actor)
    source.full_clean()
    source.save()
    source.objectives.set(objectives)
    return source, token


@transaction.atomic
def revoke_metric_source(*, source: MetricSource) -> MetricSource:
    if source.revoked_at is None:
        source.revoked_at = timezone.now()
        source.save(update_fields=["revoked_at"])
    return source


def source_for_token(token: str) -> MetricSource | None:
    """The live source holding `token`, or None. Looked up by the token's hash, so the token itself is never stored
    or compared."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    return MetricSource.objects.filter(token_hash=hash_token(token), revoked_at=None).first()


def mark_source_used(*, source: MetricSource) -> None:
    MetricSource.objects.filter(pk=source.pk).update(last_used_at=timezone.now())


# --- Personal goals ---------------------------------------------------------------------------------------------------
@transaction.atomic
def save_personal_goal(*, user: User, objective: Objective, text: str, shared_with_manager: bool) -> PersonalGoal:
    """The learner's goal towards one of their team's objectives (one per objective; saving again updates it)."""
    if not access.learner_objectives(user).filter(pk=objective.pk).exists():
        raise PermissionDenied(_("This objective is not your team's."))
    goal, created = PersonalGoal.objects.select_for_update().get_or_create(
        user=user, objective=objective, defaults={"text": text, "shared_with_manager": shared_with_manager}
    )
    if not created:
        goal.text, goal.shared_with_manager, goal.updated_at = text, shared_with_manager, timezone.now()
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def delete_personal_goal(*, goal: PersonalGoal) -> None:
    goal.delete()


@transaction.atomic
def record_goal_review(*, manager: User, goal: PersonalGoal, reviewed_on: datetime.date) -> GoalReview:
    """The manager and the learner reviewed the goal on `reviewed_on`; recording the same day twice keeps one."""
    access.goal_for_manager(manager, goal.pk)  # 404 for anyone outside the manager's reporting line
    review, _created = GoalReview.objects.get_or_create(
        goal=goal, reviewed_on=reviewed_on, defaults={"reviewed_by": manager}
    )
    return review


def export_goals(user: User) -> list[dict]:
    """A learner's goals for their personal-data download, each with the days it was reviewed."""
    return [
        {
            "id": goal.pk,
            "objective": goal.objective.title,
            "text": goal.text,
            "shared_with_manager": goal.shared_with_manager,
            "created_at": goal.created_at,
            "updated_at": goal.updated_at,
            "reviewed_on": [review.reviewed_on for review in goal.reviews.all()],
        }
        for goal in PersonalGoal.objects.filter(user=user).select_related("objective").prefetch_related("reviews")
    ]
