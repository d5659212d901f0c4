"""Every model that points at a person, and what the personal data export and erasure do with its rows.

`user_relations()` walks every installed model for foreign keys, one-to-one and many-to-many fields to the user
model. Each such model needs a policy, registered by the app that owns the model from its AppConfig.ready()
(`register`); people registers its own models' and the framework's (Django, allauth, Wagtail) and courses' (people
builds on courses, courses never imports people). tests/people/test_personal_data.py fails for any model without a
policy, and for any field of an exported model that its policy neither exports nor excludes by name, so neither a
model nor a field added later can leak by default. Policies:

* export: the rows go into the person's JSON download with exactly the `fields` named (an allow-list; `exclude`
  names every other field), or through the app's own function (`export=callable`, which builds each row from
  `row()` plus what the person was shown), or not at all (`export=False`, only for records that say nothing about
  the person, which the reason must explain). Answer keys never go: a quiz attempt or a refresher exports what the
  learner answered and was told, never the fractions, feedback or tokens of anything they have not answered;
* erase: KEEP leaves the rows attached to the anonymised account, as the anonymised history (reports count active people only); DELETE removes them
  (private text, login methods, secrets); a callable does something finer (blank some fields, unlink others).

Erasure anonymises the account itself: no name, email, password or roles remain, and it can never sign in again.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from people.models import User

logger = logging.getLogger(__name__)

KEEP = "keep"
DELETE = "delete"
ERASED_DOMAIN = "erased.invalid"  # a reserved top-level domain: no mail can ever reach an erased account

# The account itself: what the download holds, and every other field of the user model by name (the test checks the
# two cover the model). Secrets (password hash, security stamp) and staff flags never go.
ACCOUNT_FIELDS = ("email", "first_name", "last_name", "pronouns", "is_active", "date_joined", "last_login")
ACCOUNT_EXCLUDED = ("id", "password", "security_stamp", "is_superuser", "is_staff")


@dataclass(frozen=True)
class Policy:
    label: str
    erase: str | Callable[[Any], None] = KEEP
    export: bool | Callable[[Any], list[dict]] = True
    fields: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    reason: str = ""


_registry: dict[str, Policy] = {}


def register(
    model: type[models.Model] | str,
    *,
    fields: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    erase: str | Callable[[Any], None] = KEEP,
    export: bool | Callable[[Any], list[dict]] = True,
    reason: str = "",
) -> None:
    """Declare what export and erasure do with `model`'s rows ("app_label.Model" works before the model exists).
    An exported model names the fields its rows carry (`fields`) and every other one (`exclude`)."""
    label = model if isinstance(model, str) else model._meta.label
    if export is False and not reason:
        raise ValueError(f"Say why {label} is left out of the personal data export.")
    if export is not False and not fields:
        raise ValueError(f"Name the fields of {label} that the personal data export holds (an allow-list).")
    if set(fields) & set(exclude):
        raise ValueError(f"{label}: {sorted(set(fields) & set(exclude))} are both exported and excluded.")
    _registry[label] = Policy(
        label=label, erase=erase, export=export, fields=tuple(fields), exclude=tuple(exclude), reason=reason
    )


def policy_for(model: type[models.Model]) -> Policy | None:
    return _registry.get(model._meta.label)


def unlisted_fields(model: type[models.Model]) -> list[str]:
    """Fields of an exported model that its policy neither exports nor excludes by name (should be none), and names
    in the policy that are not fields of the model."""
    policy = policy_for(model)
    if policy is None or policy.export is False:
        return []
    names = {f.name for f in model._meta.concrete_fields}
    listed = set(policy.fields) | set(policy.exclude)
    return sorted(names ^ listed)


def user_relations() -> dict[type[models.Model], list[models.Field]]:
    """Every installed model with the fields (declared on it, not inherited) that point at the user model."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found: dict[type[models.Model], list[models.Field]] = defaultdict(list)
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if (
                f.is_relation
                and not f.auto_created
                and f.concrete
                and f.model is model
                and f.related_model is user_model
                and (f.many_to_one or f.one_to_one or f.many_to_many)
            ):
                found[model].append(f)
    return dict(found)


def rows_of(model: type[models.Model], user: User) -> models.QuerySet:
    """The rows of `model` that point at `user` through any of its user fields."""
    return _rows_of(model, user_relations().get(model, []), user)


def _rows_of(model: type[models.Model], fields: list[models.Field], user: User) -> models.QuerySet:
    if not fields:
        return model._base_manager.none()
    return model._base_manager.filter(reduce(or_, [Q(**{f.name: user}) for f in fields])).distinct()


def row(obj: models.Model) -> dict:
    """The exported fields of one row, as its model's policy names them (foreign keys by id, as `field_id`)."""
    policy = _registry[obj._meta.label]
    data = {}
    for f in obj._meta.concrete_fields:
        if f.name in policy.fields:
            data[f.attname] = f.value_from_object(obj)
    return data


# --- Export ---------------------------------------------------------------------------------------------------------
def export_user_data(*, user: User) -> dict:
    """Everything Socialwise holds about `user`, as JSON-ready data: the account, then one list of rows per model that
    points at them. One query per model, plus one per row-rich custom export."""
    account = {name: getattr(user, name) for name in ACCOUNT_FIELDS}
    account["roles"] = sorted(user.groups.values_list("name", flat=True))
    records: dict[str, list[dict]] = {}
    for model, fields in sorted(user_relations().items(), key=lambda item: item[0]._meta.label):
        policy = policy_for(model)
        if policy is None or policy.export is False:  # no policy: nothing leaves (the test names the model)
            continue
        if callable(policy.export):
            records[policy.label] = policy.export(user)
        else:
            records[policy.label] = [row(obj) for obj in _rows_of(model, fields, user)]
    return {
        "exported_at": timezone.now(),
        "account": account,
        "records": records,
    }


def export_json(*, user: User) -> str:
    import json

    return json.dumps(export_user_data(user=user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


# --- Erasure --------------------------------------------------------------------------------------------------------
@transaction.atomic
def erase_person(*, user: User, actor: User | None) -> User:
    """Erase a person's personal data: every model's policy runs, then the account is anonymised (no name, email,
    password or roles; it cannot sign in). Learning records stay attached to the anonymised account; like any
    deactivated person, it no longer counts in reports (docs/people.md, "Personal data"). The privilege model decides who may erase whom (people/privileges.py). Repeating it changes nothing
    more."""
    from people import privileges
    from people.models import AuditLog
    from people.services import record_audit

    # Nobody erases themselves, a superuser, or anyone holding a role above their own (AccountChangeRefused, a
    # PermissionDenied).
    privileges.check_account_change(actor=actor, target=user, changes={privileges.Change.ERASE}, via="erase")
    user = type(user).objects.select_for_update().get(pk=user.pk)
    if user.email.endswith(f"@{ERASED_DOMAIN}"):
        return user
    for model, fields in user_relations().items():
        policy = policy_for(model)
        if policy is None:
            logger.warning("No personal data policy for %s: its rows stay attached to the erased account.", model)
            continue
        if policy.erase == DELETE:
            model._base_manager.filter(pk__in=_rows_of(model, fields, user).values("pk")).delete()
        elif callable(policy.erase):
            policy.erase(user)
    user.email = f"erased-{uuid.uuid4().hex[:16]}@{ERASED_DOMAIN}"
    user.first_name = ""
    user.last_name = ""
    user.pronouns = ""
    user.is_active = False
    user.is_staff = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    record_audit(
        actor=actor,
        action=AuditLog.Action.PERSON_ERASED,
        subject=user,
        summary=_("Personal data erased (account #%(pk)d).") % {"pk": user.pk},
        data={"user": user.pk},
    )
    return user


# --- Policies for people's models, courses' and the framework's -----------------------------------------------------
def _erase_profile(user: User) -> None:
    from people.models import Profile
    from people.services import detach_reports, refresh_reporting_lines

    # The department and audience stay (aggregate counts); nothing that describes the person does.
    Profile.objects.filter(user=user).update(job_title="", manager=None, hire_date=None, invited_at=None)
    refresh_reporting_lines(user_ids=[user.pk])
    # Nobody keeps an erased person as their manager.
    detach_reports(manager=user)


def _erase_cohort_facilitator(user: User) -> None:
    from people.models import Cohort

    Cohort.objects.filter(facilitator=user).update(facilitator=None)


def _erase_wagtail_user_profile(user: User) -> None:
    from wagtail.users.models import UserProfile

    for profile in UserProfile.objects.filter(user=user):
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()


def _export_enrolments(user: User) -> list[dict]:
    from courses.models import Enrolment, ModuleProgress

    enrolments = list(Enrolment.objects.filter(user=user).select_related("course").order_by("course_id", "cycle"))
    progress = defaultdict(list)
    for item in ModuleProgress.objects.filter(enrolment__user=user).select_related("module").order_by("module__path"):
        progress[item.enrolment_id].append(
            {
                "module": item.module.title,
                "state": item.get_state_display(),
                "started_at": item.started_at,
                "completed_at": item.completed_at,
                "time_spent_seconds": item.time_spent_seconds,
            }
        )
    return [{**row(e), "course_title": e.course.title, "module_progress": progress[e.pk]} for e in enrolments]


def _export_reflections(user: User) -> list[dict]:
    from courses.models import ReflectionAnswer

    return [
        {**row(a), "module": a.module.title}
        for a in ReflectionAnswer.objects.filter(user=user).select_related("module")
    ]


def register_defaults() -> None:
    """Policies for people's models, courses' (people builds on courses) and the framework's (Django, allauth,
    Wagtail). Every other app registers its own from its AppConfig.ready()."""
    # people
    register(
        "people.Profile",
        erase=_erase_profile,
        fields=(
            "id",
            "user",
            "department",
            "job_title",
            "manager",
            "audience",
            "hire_date",
            "invited_at",
            "updated_at",
        ),
    )
    register(
        "people.ReportingLine",
        export=False,
        reason="derived from the profiles' managers (exported with the profile); erasure unlinks the manager and "
        "the lines follow",
    )
    register(
        "people.Cohort",
        erase=_erase_cohort_facilitator,
        fields=("id", "code", "name", "facilitator"),
        exclude=("description",),
    )
    register("people.CohortMembership", fields=("id", "cohort", "user", "joined_at"))
    register(
        "people.Assignment",
        fields=("id", "course", "assigned_on", "created_by", "withdrawn_by"),
        exclude=("required", "audiences", "due_rule", "due_on", "due_days", "grace_days", "created_at", "withdrawn_at"),
    )
    register("people.AssignmentPerson", fields=("id", "assignment", "user"))
    register(
        "people.AssignmentMembership",
        fields=("id", "assignment", "user", "assigned_on", "due_on", "enrolment", "ended_at"),
    )
    register("people.Reminder", fields=("id", "person", "course", "sent_by", "created_at", "delivered_at"))
    # An entry's `data` is the machine record of the change (other people's ids among it); its summary says it.
    register("people.AuditLog", fields=("id", "actor", "action", "subject", "summary", "created_at"), exclude=("data",))
    # An import's content is other people's data.
    register(
        "people.PeopleImport",
        fields=("id", "file_name", "created_at", "applied_at"),
        exclude=("uploaded_by", "content", "outcome"),
    )
    # What single sign-on last said of the person's department when it matched none here: goes with them.
    register("people.UnmatchedDepartment", erase=DELETE, fields=("value", "seen_at"), exclude=("user",))
    # courses: the learning record stays for reports; private reflections go.
    register(
        "courses.Enrolment",
        export=_export_enrolments,
        fields=(
            "id", "course", "cycle", "is_current", "source", "required", "enrolled_at", "due_on", "release_starts_on",
            "progress_percent", "started_at", "completed_at", "expires_at", "last_module", "last_activity_at",
        ),
        exclude=("user",),
    )  # fmt: skip
    register(
        "courses.ReflectionAnswer",
        erase=DELETE,
        export=_export_reflections,
        fields=("id", "block_id", "text", "updated_at"),
        exclude=("user", "module"),
    )
    # allauth: ways to sign in and their secrets go; the export names them without secrets.
    register("account.EmailAddress", erase=DELETE, fields=("id", "email", "verified", "primary"), exclude=("user",))
    register(
        "socialaccount.SocialAccount",
        erase=DELETE,
        fields=("id", "provider", "uid", "last_login", "date_joined"),
        exclude=("user", "extra_data"),
    )
    register(
        "mfa.Authenticator",
        erase=DELETE,
        fields=("id", "type", "created_at", "last_used_at"),
        exclude=("user", "data"),
    )
    # Wagtail: editorial records of company content stay (shown with the anonymised name); personal settings go.
    register(
        "wagtailusers.UserProfile",
        erase=_erase_wagtail_user_profile,
        fields=("id", "preferred_language", "current_time_zone", "theme"),
        exclude=(
            "user", "submitted_notifications", "approved_notifications", "rejected_notifications",
            "updated_comments_notifications", "avatar", "dismissibles", "contrast", "density", "keyboard_shortcuts",
        ),
    )  # fmt: skip
    register(
        "wagtailadmin.EditingSession",
        erase=DELETE,
        fields=("id", "last_seen_at"),
        exclude=("user", "content_type", "object_id", "is_editing"),
    )
    register(
        "wagtailadmin.FormState",
        erase=DELETE,
        fields=("id", "last_updated_at"),
        exclude=("data", "user", "content_type", "object_id", "parent_object_id"),
    )
    register(
        "wagtailcore.APIToken",
        erase=DELETE,
        fields=("id", "name", "created", "revoked_at", "last_used_at"),
        exclude=("user", "key_hash", "prefix"),
    )
    register(
        "wagtailcore.UploadedFile",
        erase=DELETE,
        fields=("id",),
        exclude=("for_content_type", "file", "uploaded_by_user"),
    )
    register(
        "wagtailcore.PageSubscription", erase=DELETE, fields=("id", "page", "comment_notifications"), exclude=("user",)
    )
    register(
        "wagtailcore.Page",
        fields=("id", "title", "first_published_at"),
        exclude=(
            "path", "depth", "numchild", "translation_key", "locale", "latest_revision", "live",
            "has_unpublished_changes", "last_published_at", "live_revision", "go_live_at", "expire_at", "expired",
            "locked", "locked_at", "locked_by", "draft_title", "slug", "content_type", "url_path", "owner",
            "latest_revision_created_at", "alias_of", "show_in_menus", "seo_title", "search_description",
        ),
    )  # fmt: skip
    register(
        "wagtailcore.Revision",
        fields=("id", "created_at", "object_str"),
        exclude=("content_type", "base_content_type", "object_id", "user", "content", "approved_go_live_at"),
    )
    log_excluded = ("content_type", "data", "uuid", "user", "revision", "content_changed", "deleted")
    register("wagtailcore.PageLogEntry", fields=("id", "action", "label", "timestamp"), exclude=(*log_excluded, "page"))
    register(
        "wagtailcore.ModelLogEntry",
        fields=("id", "action", "label", "timestamp"),
        exclude=(*log_excluded, "object_id"),
    )
    register(
        "wagtailcore.Comment",
        fields=("id", "text", "created_at"),
        exclude=(
            "page", "user", "contentpath", "position", "updated_at", "revision_created", "resolved_at", "resolved_by",
        ),
    )  # fmt: skip
    register("wagtailcore.CommentReply", fields=("id", "text", "created_at"), exclude=("comment", "user", "updated_at"))
    register(
        "wagtailcore.WorkflowState",
        fields=("id", "status", "created_at"),
        exclude=("content_type", "base_content_type", "object_id", "workflow", "requested_by", "current_task_state"),
    )
    register(
        "wagtailcore.TaskState",
        fields=("id", "status", "started_at", "finished_at"),
        exclude=("workflow_state", "revision", "task", "finished_by", "comment", "content_type"),
    )
    register(
        "wagtailimages.Image",
        fields=("id", "title", "created_at"),
        exclude=(
            "collection", "file", "description", "width", "height", "uploaded_by_user", "focal_point_x",
            "focal_point_y", "focal_point_width", "focal_point_height", "file_size", "file_hash",
        ),
    )  # fmt: skip
    register(
        "wagtaildocs.Document",
        fields=("id", "title", "created_at"),
        exclude=("collection", "file", "uploaded_by_user", "file_size", "file_hash"),
    )


# --- Readable summary -----------------------------------------------------------------------------------------------
@dataclass
class SummarySection:
    title: str
    columns: list[str]
    rows: list[list[str]]

    # More columns than this read better as one card per record than as a table scrolled sideways.
    TABLE_COLUMNS = 4

    @property
    def as_table(self) -> bool:
        return len(self.columns) <= self.TABLE_COLUMNS

    @property
    def records(self) -> list[list[tuple[str, str]]]:
        """Each row as (column, value) pairs without the empty ones, for the card layout."""
        return [[(c, v) for c, v in zip(self.columns, row, strict=True) if v != "—"] for row in self.rows]


def summary_sections(data: dict) -> list[SummarySection]:
    """The export (`export_user_data`'s result, never a second read of the models) as tables a person can read: the
    account as one two-column table, then one table per record type, with nested lists written out in words."""
    account = SummarySection(
        title=str(_("Account")),
        columns=[str(_("Field")), str(_("Value"))],
        rows=[[_label(key), _cell(value)] for key, value in data.get("account", {}).items()],
    )
    sections = [account]
    for label, records in data.get("records", {}).items():
        columns: list[str] = []
        for record in records:
            columns += [key for key in record if key not in columns]
        sections.append(
            SummarySection(
                title=_record_title(label),
                columns=[_label(key) for key in columns],
                rows=[[_cell(record.get(key)) for key in columns] for record in records],
            )
        )
    return sections


def _record_title(label: str) -> str:
    """ "courses.Enrolment" → "Enrolments": the model's own plural name, as the admin calls it."""
    model = next((m for m in apps.get_models() if m._meta.label == label), None)
    if model is None:
        return _label(label)
    name = str(model._meta.verbose_name_plural)
    return name[:1].upper() + name[1:]


def _label(key: str) -> str:
    text = key.replace("_", " ").replace(".", " ").strip()
    text = text[:-3] if text.endswith(" id") else text
    return text[:1].upper() + text[1:]


def _cell(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes")) if value else str(_("no"))
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j M Y, H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j M Y")
    if isinstance(value, dict):
        return "; ".join(f"{_label(str(k))}: {_cell(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return " | ".join(_cell(item) for item in value) or "—"
    return str(value)
