"""Writes to enrolments and progress. Every function here is idempotent and safe under concurrent calls."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug, validate_unicode_slug
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.actions.copy_page import CopyPageAction
from wagtail.models import Page, Revision

from dateutil.relativedelta import relativedelta

from courses import hooks, pacing, selectors, statements
from courses.exceptions import CompletionNeedsQuiz, ModuleLocked, ModuleNotAvailable
from courses.models import CoursePage, Enrolment, ModulePage, ModuleProgress, ProgressState, ReflectionAnswer

if TYPE_CHECKING:
    from people.models import User

# A single time report can add at most this much; a tab left open overnight is not study time.
MAX_TIME_REPORT_SECONDS = 30 * 60
# How stale "last activity" may get before reopening the same module writes it again (it orders the dashboard).
VISIT_REFRESH = timedelta(minutes=1)


def certification_expiry(*, completed_at: datetime, valid_months: int) -> datetime:
    """When a completion stops counting: the same time of day `valid_months` calendar months later, on the local
    calendar. A day the month lacks becomes its last day (31 Jan + 1 month is 28 or 29 Feb; 29 Feb + 12 months is
    28 Feb)."""
    return timezone.localtime(completed_at) + relativedelta(months=valid_months)


def _lock_current_enrolment(*, user: User, course: CoursePage) -> Enrolment | None:
    return Enrolment.objects.select_for_update().filter(user=user, course=course, is_current=True).first()


@transaction.atomic
def enrol_user(
    *,
    user: User,
    course: CoursePage,
    due_on: date | None = None,
    required: bool = False,
    source: str = Enrolment.Source.SELF,
) -> Enrolment:
    """Return the learner's current enrolment in `course`, creating it if needed. Repeating the call changes nothing,
    except that an assignment can make a self-enrolment required and bring its due date forward."""
    enrolment = _lock_current_enrolment(user=user, course=course)
    if enrolment is None:
        try:
            with transaction.atomic():
                enrolment = Enrolment(
                    user=user,
                    course=course,
                    cycle=(
                        Enrolment.objects.filter(user=user, course=course)
                        .order_by("-cycle")
                        .values_list("cycle", flat=True)
                        .first()
                        or 0
                    )
                    + 1,
                    source=source,
                    required=required,
                    due_on=due_on,
                    enrolled_at=timezone.now(),
                )
                # The user and course are rows the caller holds, a new enrolment is at 0 %, and the unique cycle
                # constraints are the database's to enforce (its IntegrityError is the race handled below): checking
                # them here cost 9 statements (3 lookups, 2 constraint queries, each in a savepoint), for a mover of
                # a SCIM sync or an import a quarter of its enrolment's statements.
                enrolment.full_clean(exclude=["user", "course", "progress_percent"])
                enrolment.save()
                return enrolment
        except (IntegrityError, ValidationError):
            # Another request made it first: the unique current-cycle constraint turned our insert into a lookup.
            enrolment = _lock_current_enrolment(user=user, course=course)
            if enrolment is None:
                raise  # not a race: the row itself is invalid
    changed = []
    if required and not enrolment.required:
        enrolment.required = True
        enrolment.source = Enrolment.Source.ASSIGNED
        changed += ["required", "source"]
    if due_on and (enrolment.due_on is None or due_on < enrolment.due_on) and enrolment.completed_at is None:
        enrolment.due_on = due_on
        changed.append("due_on")
    if changed:
        enrolment.save(update_fields=changed)
    return enrolment


def _module_for_learner(*, module: ModulePage) -> CoursePage:
    """The module's course, refusing modules a learner cannot see (drafts, unpublished, private, or in a withdrawn
    course)."""
    if not module.live or module.get_view_restrictions().exists():
        raise ModuleNotAvailable(_("This module is not available."))
    course = CoursePage.objects.live().filter(path=module.path[: -module.steplen]).first()
    if course is None:
        raise ModuleNotAvailable(_("This module is not available."))
    return course


def refuse_locked_module(*, user: User, module: ModulePage, course: CoursePage | None = None) -> None:
    """Raise ModuleLocked, saying when it opens, if `module` of a paced course has not opened for `user` yet."""
    from courses import selectors

    opens_at = selectors.module_lock(user=user, module=module, course=course)
    if opens_at is not None:
        raise ModuleLocked(
            _("This module opens on %(date)s.")
            % {"date": formats.date_format(timezone.localtime(opens_at, pacing.local_zone()), "l j F Y")}
        )


def earliest_due_date(*, course: CoursePage, release_starts_on: date) -> date:
    """The earliest due date a learner starting on `release_starts_on` can be given: the day the course's last live
    module opens (the start itself for a course released all at once)."""
    return pacing.last_release_date(course, release_starts_on, course.live_modules().count())


def check_due_date(*, course: CoursePage, release_starts_on: date, due_on: date | None) -> None:
    """Refuse (ValidationError) a due date before the course's last module opens for a learner starting that day."""
    if due_on is None:
        return
    last = earliest_due_date(course=course, release_starts_on=release_starts_on)
    if due_on < last:
        raise ValidationError(
            _(
                "“%(course)s” releases its last module on %(last)s for people starting on %(start)s: choose a due "
                "date on or after it."
            )
            % {
                "course": course.title,
                "last": formats.date_format(last, "j F Y"),
                "start": formats.date_format(release_starts_on, "j F Y"),
            }
        )


@transaction.atomic
def set_release_start(*, enrolment: Enrolment, starts_on: date | None) -> Enrolment:
    """Set the date a paced course starts releasing modules for this enrolment (a cohort's start date); None goes
    back to the enrolment date. Idempotent; progress already made is never taken away."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.release_starts_on != starts_on:
        enrolment.release_starts_on = starts_on
        enrolment.full_clean()
        enrolment.save(update_fields=["release_starts_on"])
    return enrolment


def _advance(progress: ModuleProgress, state: int, now) -> list[str]:
    """Move `progress` forward to `state`; never backwards. Returns the fields that changed."""
    changed = []
    if state > progress.state:
        progress.state = state
        changed.append("state")
    if progress.state >= ProgressState.IN_PROGRESS and progress.started_at is None:
        progress.started_at = now
        changed.append("started_at")
    if progress.state == ProgressState.COMPLETED and progress.completed_at is None:
        progress.completed_at = now
        changed.append("completed_at")
    return changed


def _record(*, user: User, module: ModulePage, state: int, seconds: int = 0) -> ModuleProgress:
    course = _module_for_learner(module=module)
    if not ModuleProgress.objects.filter(
        enrolment__user=user, enrolment__is_current=True, module=module, state=ProgressState.COMPLETED
    ).exists():
        refuse_locked_module(user=user, module=module, course=course)
    enrolment = enrol_user(user=user, course=course)
    # The enrolment row lock serialises every progress write of this learner in this course, so two tabs or a
    # double click cannot interleave; the unique (enrolment, module) constraint backs it up.
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    progress, created = ModuleProgress.objects.get_or_create(enrolment=enrolment, module=module)
    now = timezone.now()
    changed = _advance(progress, state, now)
    if seconds:
        # No more than the real time since this row was last written (a time report writes it), and at most
        # MAX_TIME_REPORT_SECONDS: a page replaying `seconds=1800` every second adds seconds, not half-hours.
        elapsed = MAX_TIME_REPORT_SECONDS if created else int((now - progress.updated_at).total_seconds())
        credit = max(0, min(int(seconds), MAX_TIME_REPORT_SECONDS, elapsed))
        if credit:
            progress.time_spent_seconds += credit
            changed.append("time_spent_seconds")
    if changed:
        progress.full_clean()
        progress.save(update_fields=[*changed, "updated_at"])
        # xAPI statements go into the outbox in this transaction, with the progress they describe.
        if "started_at" in changed:
            statements.record_module_experienced(enrolment=enrolment, module=module)
        if "completed_at" in changed:
            statements.record_module_completed(enrolment=enrolment, module=module)
    enrolment.last_module = module
    enrolment.last_activity_at = now
    enrolment_fields = ["last_module", "last_activity_at"]
    if enrolment.started_at is None:
        enrolment.started_at = now
        enrolment_fields.append("started_at")
    enrolment.save(update_fields=enrolment_fields)
    if "state" in changed:
        refresh_enrolment_progress(enrolment=enrolment)
    return progress


def record_module_visit(*, user: User, module: ModulePage) -> ModuleProgress:
    """The learner opened `module`: it is at least in progress and becomes the place "Continue" resumes.

    Reopening the module Continue already points at, within VISIT_REFRESH of the last recorded activity, changes
    nothing worth a locked write, so it is read-only: a learner reloading a page does not queue behind their own
    progress row."""
    progress = (
        ModuleProgress.objects.filter(
            enrolment__user=user, enrolment__is_current=True, module=module, state__gte=ProgressState.IN_PROGRESS
        )
        .select_related("enrolment")
        .first()
    )
    if progress is not None:
        enrolment = progress.enrolment
        recent = enrolment.last_activity_at and timezone.now() - enrolment.last_activity_at < VISIT_REFRESH
        if enrolment.last_module_id == module.pk and recent:
            return progress
    with transaction.atomic():
        return _record(user=user, module=module, state=ProgressState.IN_PROGRESS)


@transaction.atomic
def record_time_spent(*, user: User, module: ModulePage, seconds: int) -> ModuleProgress:
    """Add study time reported by the page, capped per report and by the real time since the previous one (see
    `_record`); progress state is unaffected beyond in progress."""
    return _record(user=user, module=module, state=ProgressState.IN_PROGRESS, seconds=seconds)


@transaction.atomic
def complete_module_manually(*, user: User, module: ModulePage) -> ModuleProgress:
    """The learner's "Mark as complete". Refused for modules that are completed by passing their quizzes."""
    if module.get_children().live().exists():
        raise CompletionNeedsQuiz(_("Pass this module's quiz to complete it."))
    return _record(user=user, module=module, state=ProgressState.COMPLETED)


@transaction.atomic
def record_module_completion(*, user: User, module: ModulePage) -> ModuleProgress:
    """Mark `module` done for `user` (used by quizzes once every quiz of the module is passed). Repeating or racing
    the call changes nothing; progress never goes back."""
    return _record(user=user, module=module, state=ProgressState.COMPLETED)


def refresh_enrolment_progress(*, enrolment: Enrolment) -> Enrolment:
    """Recount the enrolment's percentage from its progress rows over the course's live required modules.

    A completed enrolment keeps its completion for good: later changes to the course (a module added, withdrawn
    or removed) change the percentage of people still working on it, never a completion already on record."""
    required_ids = set(
        ModulePage.objects.live().child_of(enrolment.course).filter(required=True).values_list("pk", flat=True)
    )
    done_ids = set(
        ModuleProgress.objects.filter(
            enrolment=enrolment, module_id__in=required_ids, state=ProgressState.COMPLETED
        ).values_list("module_id", flat=True)
    )
    fields = []
    if enrolment.completed_at is None:
        percent = round(100 * len(done_ids) / len(required_ids)) if required_ids else 0
        if percent != enrolment.progress_percent:
            enrolment.progress_percent = percent
            fields.append("progress_percent")
        if required_ids and done_ids == required_ids:
            enrolment.completed_at = timezone.now()
            enrolment.progress_percent = 100
            fields += ["completed_at", "progress_percent"]
            if enrolment.course.valid_months:
                enrolment.expires_at = certification_expiry(
                    completed_at=enrolment.completed_at, valid_months=enrolment.course.valid_months
                )
                fields.append("expires_at")
    if fields:
        enrolment.save(update_fields=sorted(set(fields)))
    if "completed_at" in fields:
        # Same transaction: the statement and the listeners' rows (a pending certificate) commit with the completion.
        statements.record_course_completed(enrolment=enrolment)
        hooks.notify_course_completed(enrolment=enrolment)
    return enrolment


@transaction.atomic
def refresh_course_enrolments(*, course: CoursePage) -> int:
    """Recount every current, unfinished enrolment of `course` (after a module is published or withdrawn)."""
    count = 0
    for enrolment in Enrolment.objects.select_for_update().filter(course=course, is_current=True, completed_at=None):
        refresh_enrolment_progress(enrolment=enrolment)
        count += 1
    return count


@transaction.atomic
def save_reflection_answer(*, user: User, module: ModulePage, block_id: str, text: str) -> ReflectionAnswer:
    """Save the learner's private answer to one reflection prompt of the module (one row per prompt, updated)."""
    refuse_locked_module(user=user, module=module, course=_module_for_learner(module=module))
    if not any(block.block_type == "reflection" and block.id == block_id for block in module.body):
        raise ModuleNotAvailable(_("This question is not part of the module."))
    answer, _created = ReflectionAnswer.objects.update_or_create(
        user=user, module=module, block_id=block_id, defaults={"text": text.strip()}
    )
    return answer


@transaction.atomic
def start_new_cycle(
    *, user: User, course: CoursePage, due_on: date | None = None, required: bool | None = None
) -> Enrolment:
    """Begin the learner's next cycle of `course` (recertification). The earlier cycle, completion included, stays
    on record with `is_current` off; the new cycle starts with no progress."""
    previous = _lock_current_enrolment(user=user, course=course)
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    last_cycle = (
        Enrolment.objects.filter(user=user, course=course).order_by("-cycle").values_list("cycle", flat=True).first()
        or 0
    )
    enrolment = Enrolment(
        user=user,
        course=course,
        cycle=last_cycle + 1,
        source=previous.source if previous else Enrolment.Source.ASSIGNED,
        required=previous.required if required is None and previous else bool(required),
        due_on=due_on,
        enrolled_at=timezone.now(),
    )
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def set_enrolment_requirement(
    *, user: User, course: CoursePage, required: bool, due_on: date | None
) -> Enrolment | None:
    """Set whether the learner's current, unfinished enrolment is required and when it is due, as the assignments
    that still apply say (used when an assignment is withdrawn, changed, or no longer reaches the learner). Unlike
    `enrol_user` this can loosen. Completed enrolments, earlier cycles and progress are never touched; nothing is
    deleted. Returns the current enrolment, or None when there is none."""
    enrolment = _lock_current_enrolment(user=user, course=course)
    if enrolment is None or enrolment.completed_at is not None:
        return enrolment
    changed = []
    if enrolment.required != required:
        enrolment.required = required
        changed.append("required")
    if required and enrolment.source != Enrolment.Source.ASSIGNED:
        enrolment.source = Enrolment.Source.ASSIGNED
        changed.append("source")
    if enrolment.due_on != due_on:
        enrolment.due_on = due_on
        changed.append("due_on")
    if changed:
        enrolment.full_clean()
        enrolment.save(update_fields=changed)
    return enrolment


@transaction.atomic
def publish_course_drafts(*, course: CoursePage, user: User | None) -> list[Page]:
    """Publish the latest revision of every module and quiz of `course` that has changes not yet live, parents
    before children: what approving the course's review means. Repeating it publishes nothing more."""
    published = []
    for draft in selectors.course_drafts(course=course):
        revision = Revision.page_revisions.filter(pk=draft.revision_id).first()
        if revision is None:
            continue
        revision.publish(user=user, log_action=True)
        published.append(draft.page)
    return published


# --- Duplicating a course as a template ------------------------------------------------------------------------------
class _CopyLatestDrafts(CopyPageAction):
    """Wagtail's page copy, taking each page's latest revision (what its trainer last saved, not only what is live)
    and starting every copy afresh: unlocked, unscheduled, unpublished, without the source's revision history."""

    FRESH = {"locked": False, "locked_by": None, "locked_at": None, "go_live_at": None, "expire_at": None}

    def _copy_page(self, page, to=None, update_attrs=None, exclude_fields=None, _mpnode_attrs=None):
        draft = page.specific.get_latest_revision_as_object()
        return super()._copy_page(
            draft,
            to=to,
            update_attrs={**self.FRESH, **(update_attrs or {})},
            exclude_fields=exclude_fields,
            _mpnode_attrs=_mpnode_attrs,
        )


def _clean_duplicate_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the new course a title.")})
    if "\x00" in title:
        raise ValidationError({"title": _("The title cannot contain a NUL character.")})
    limit = Page._meta.get_field("title").max_length
    if len(title) > limit:
        raise ValidationError({"title": _("Keep the title to %(limit)s characters.") % {"limit": limit}})
    return title


def _clean_duplicate_slug(slug: str, *, title: str) -> str:
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    slug = (slug or "").strip() or slugify(title, allow_unicode=allow_unicode)
    limit = Page._meta.get_field("slug").max_length
    if not slug or "\x00" in slug or len(slug) > limit:
        raise ValidationError(
            {"slug": _("Give a slug of at most %(limit)s letters, digits and hyphens.") % {"limit": limit}}
        )
    try:
        (validate_unicode_slug if allow_unicode else validate_slug)(slug)
    except ValidationError:
        raise ValidationError({"slug": _("A slug has only letters, digits, hyphens and underscores.")}) from None
    return slug


@transaction.atomic
def duplicate_course(*, course: CoursePage, title: str, slug: str, user: User) -> CoursePage:
    """Copy `course` with its modules and quizzes beside it, as a template: a new title and slug, every page a
    draft of what was last saved (nothing published, no review under way, no revision history), and nothing of any
    learner (enrolments, progress, attempts and reflections belong to the source's pages and stay there). Quizzes keep
    pointing at the same bank questions and categories: their blocks hold the questions' ids. Refused with
    `PermissionDenied` unless `user` may add a course where the source is, as Wagtail's own copy asks; a title or
    slug that will not do is a `ValidationError` naming the field. Each copied page is in its history as copied by
    `user` (Wagtail's "wagtail.copy" log entry)."""
    title = _clean_duplicate_title(title)
    slug = _clean_duplicate_slug(slug, title=title)
    course = CoursePage.objects.get(pk=course.pk)
    # One duplicate at a time under the catalogue, so two trainers cannot both take a free slug (or tree position).
    index = Page.objects.select_for_update().get(pk=course.get_parent().pk)
    if not Page._slug_is_available(slug, index):
        raise ValidationError(
            {"slug": _("The slug “%(slug)s” is already used by another course: choose another.") % {"slug": slug}}
        )
    action = _CopyLatestDrafts(
        course,
        to=index,
        update_attrs={"title": title, "draft_title": title, "slug": slug},
        recursive=True,
        copy_revisions=False,
        keep_live=False,
        user=user,
    )
    return action.execute().specific
