"""Every model that points at a person, and what the personal data export and erasure do with its rows.

`user_relations()` walks every installed model for foreign keys, one-to-one and many-to-many fields to the user
model. Each such model needs a policy here (`register`), and tests/people/test_personal_data.py fails for any model
without one, so a model added later cannot be forgotten. Policies:

* export: the rows go into the person's JSON download (all concrete fields, or the `fields` named), or not at all
  (`export=False`, only for records that say nothing about the person, which the reason must explain);
* erase: KEEP leaves the rows attached to the anonymised account, so reports keep their counts; DELETE removes them
  (private text, login methods, secrets); a callable does something finer (blank some fields, unlink others).

Erasure anonymises the account itself: no name, email, password or roles remain, and it can never sign in again.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from people.models import User

logger = logging.getLogger(__name__)

KEEP = "keep"
DELETE = "delete"
ERASED_DOMAIN = "erased.invalid"  # a reserved top-level domain: no mail can ever reach an erased account


@dataclass(frozen=True)
class Policy:
    label: str
    erase: str | Callable[[Any], None] = KEEP
    export: bool | Callable[[Any], list[dict]] = True
    fields: tuple[str, ...] | None = None
    reason: str = ""


_registry: dict[str, Policy] = {}


def register(
    model: type[models.Model] | str,
    *,
    erase: str | Callable[[Any], None] = KEEP,
    export: bool | Callable[[Any], list[dict]] = True,
    fields: tuple[str, ...] | None = None,
    reason: str = "",
) -> None:
    """Declare what export and erasure do with `model`'s rows ("app_label.Model" works before the model exists)."""
    label = model if isinstance(model, str) else model._meta.label
    if export is False and not reason:
        raise ValueError(f"Say why {label} is left out of the personal data export.")
    _registry[label] = Policy(label=label, erase=erase, export=export, fields=fields, reason=reason)


def policy_for(model: type[models.Model]) -> Policy | None:
    return _registry.get(model._meta.label)


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


def _rows_of(model: type[models.Model], fields: list[models.Field], user: User) -> models.QuerySet:
    return model._base_manager.filter(reduce(or_, [Q(**{f.name: user}) for f in fields])).distinct()


def _row_dict(obj: models.Model, names: tuple[str, ...] | None) -> dict:
    data = {}
    for f in obj._meta.concrete_fields:
        if names is not None and f.name not in names:
            continue
        data[f.attname] = f.value_from_object(obj)
    return data


# --- Export ---------------------------------------------------------------------------------------------------------
def export_user_data(*, user: User) -> dict:
    """Everything Socialwise holds about `user`, as JSON-ready data: the account, then one list of rows per model that
    points at them. One query per model, plus one per row-rich custom export."""
    account = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "pronouns": user.pronouns,
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }
    records: dict[str, list[dict]] = {}
    for model, fields in sorted(user_relations().items(), key=lambda item: item[0]._meta.label):
        policy = policy_for(model) or Policy(label=model._meta.label)
        if policy.export is False:
            continue
        if callable(policy.export):
            records[policy.label] = policy.export(user)
        else:
            records[policy.label] = [_row_dict(obj, policy.fields) for obj in _rows_of(model, fields, user)]
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
    password or roles; it cannot sign in). Rows kept for reports stay attached to the anonymised account, so counts
    are unchanged. The privilege model decides who may erase whom (people/privileges.py). Repeating it changes nothing
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


# --- Policies for the models that exist ---------------------------------------------------------------------------
def _erase_profile(user: User) -> None:
    from people.models import Profile

    # The department and audience stay (aggregate counts); nothing that describes the person does.
    Profile.objects.filter(user=user).update(job_title="", manager=None, hire_date=None, invited_at=None)
    # Nobody keeps an erased person as their manager.
    Profile.objects.filter(manager=user).update(manager=None)


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
    for row in ModuleProgress.objects.filter(enrolment__user=user).select_related("module").order_by("module__path"):
        progress[row.enrolment_id].append(
            {
                "module": row.module.title,
                "state": row.get_state_display(),
                "started_at": row.started_at,
                "completed_at": row.completed_at,
                "time_spent_seconds": row.time_spent_seconds,
            }
        )
    rows = []
    for e in enrolments:
        rows.append({**_row_dict(e, None), "course_title": e.course.title, "module_progress": progress[e.pk]})
    return rows


def _export_reflections(user: User) -> list[dict]:
    from courses.models import ReflectionAnswer

    return [
        {"module": a.module.title, "block_id": a.block_id, "text": a.text, "updated_at": a.updated_at}
        for a in ReflectionAnswer.objects.filter(user=user).select_related("module")
    ]


def _export_with_children(label: str) -> Callable[[Any], list[dict]]:
    """Rows of `label` that point at the person, each with the rows that belong to it (one level of reverse foreign
    keys, e.g. an attempt's decisions)."""

    def export(user) -> list[dict]:
        model = apps.get_model(label)
        fields = user_relations().get(model, [])
        if not fields:
            return []
        children = [r for r in model._meta.related_objects if r.one_to_many or r.one_to_one]
        rows = []
        for obj in _rows_of(model, fields, user).prefetch_related(*[r.get_accessor_name() for r in children]):
            row = _row_dict(obj, None)
            for relation in children:
                related = getattr(obj, relation.get_accessor_name())
                items = related.all() if relation.one_to_many else [related] if related else []
                row[relation.get_accessor_name()] = [_row_dict(item, None) for item in items]
            rows.append(row)
        return rows

    return export


def _export_certificates(user: User) -> list[dict]:
    Certificate = apps.get_model("certificates", "Certificate")
    fields = ("id", "code", "holder_name", "course_title", "completed_at", "expires_at", "issued_at", "revoked_at")
    return [_row_dict(c, fields) for c in Certificate.objects.filter(enrolment__user=user)]


def _erase_certificates(user: User) -> None:
    # A certificate prints the holder's name, so the person's certificates go, PDFs included; their completions stay
    # on the enrolments for the counts. Certificates they revoked as staff stay (the link then names nobody).
    Certificate = apps.get_model("certificates", "Certificate")
    for certificate in Certificate.objects.filter(enrolment__user=user):
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.delete()


def _erase_export_jobs(user: User) -> None:
    # A report export is a download for the person who asked; nobody else may fetch it, so it goes with them.
    ExportJob = apps.get_model("reports", "ExportJob")
    for job in ExportJob.objects.filter(requested_by=user):
        if job.file:
            job.file.delete(save=False)
        job.delete()


def register_defaults() -> None:
    """Policies for Socialwise's models and the framework's (Wagtail, allauth). Other apps may register their own
    from their AppConfig.ready(); a later registration of the same model wins."""
    # people
    register("people.Profile", erase=_erase_profile)
    register("people.Cohort", erase=_erase_cohort_facilitator, fields=("id", "code", "name", "facilitator"))
    register("people.CohortMembership")
    register("people.Assignment", fields=("id", "course", "assigned_on", "created_by", "withdrawn_by"))
    register("people.AssignmentPerson")
    register("people.AssignmentMembership")
    register("people.Reminder")
    register("people.AuditLog")
    register("people.PeopleImport", fields=("id", "file_name", "created_at", "applied_at"))
    register("people.UnmatchedDepartment", erase=DELETE)  # the department the directory named at their last sign-on
    # courses: the learning record stays for reports; private reflections go.
    register("courses.Enrolment", export=_export_enrolments)
    register("courses.ReflectionAnswer", erase=DELETE, export=_export_reflections)
    # quizzes: attempts (with their decisions) are learning records, exported whole and kept for the counts.
    register("quizzes.Attempt", export=_export_with_children("quizzes.Attempt"))
    # certificates: the person's own certificates (reached through their enrolments) print their name.
    register("certificates.Certificate", export=_export_certificates, erase=_erase_certificates)
    # reports: digests sent are idempotency records (the recipient link then names nobody); export downloads go.
    register("reports.DigestSent")
    register(
        "reports.ExportJob",
        erase=_erase_export_jobs,
        fields=("id", "report", "title", "format", "status", "created_at", "finished_at"),
    )
    # xapi: statements name the learner by user id only, never by name or address; kept like other learning records.
    register("xapi.StatementOutbox", fields=("id", "verb", "activity_name", "status", "created_at", "sent_at"))
    # allauth: ways to sign in and their secrets go; the export names them without secrets.
    register("account.EmailAddress", erase=DELETE)
    register("socialaccount.SocialAccount", erase=DELETE, fields=("id", "provider", "uid", "last_login", "date_joined"))
    register("mfa.Authenticator", erase=DELETE, fields=("id", "type", "created_at", "last_used_at"))
    # Wagtail: editorial records of company content stay (shown with the anonymised name); personal settings go.
    register(
        "wagtailusers.UserProfile",
        erase=_erase_wagtail_user_profile,
        fields=("id", "preferred_language", "current_time_zone", "theme"),
    )
    register("wagtailadmin.EditingSession", erase=DELETE, fields=("id", "last_seen_at"))
    register("wagtailadmin.FormState", erase=DELETE, fields=("id", "last_updated_at"))
    register("wagtailcore.APIToken", erase=DELETE, fields=("id", "name", "created", "revoked_at", "last_used_at"))
    register("wagtailcore.UploadedFile", erase=DELETE, fields=("id",))
    register("wagtailcore.PageSubscription", erase=DELETE)
    register("wagtailcore.Page", fields=("id", "title", "first_published_at"))
    register("wagtailcore.Revision", fields=("id", "created_at", "object_str"))
    register("wagtailcore.PageLogEntry", fields=("id", "action", "label", "timestamp"))
    register("wagtailcore.ModelLogEntry", fields=("id", "action", "label", "timestamp"))
    register("wagtailcore.Comment", fields=("id", "text", "created_at"))
    register("wagtailcore.CommentReply", fields=("id", "text", "created_at"))
    register("wagtailcore.WorkflowState", fields=("id", "status", "created_at"))
    register("wagtailcore.TaskState", fields=("id", "status", "started_at", "finished_at"))
    register("wagtailimages.Image", fields=("id", "title", "created_at"))
    register("wagtaildocs.Document", fields=("id", "title", "created_at"))
