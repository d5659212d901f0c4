"""Admin views that are not plain model screens: the people CSV import (upload → preview → confirm → summary) and
the bulk actions on the people listing. Each checks permission, calls one service and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.admin.views.bulk_action import BulkAction

from people import personal_data, privileges, services
from people.exceptions import ImportRefused
from people.forms import (
    AddToCohortForm,
    EraseConfirmForm,
    MoveToDepartmentForm,
    PeopleImportConfirmForm,
    PeopleImportUploadForm,
    SetActiveForm,
)
from people.importing import (
    ImportFileError,
    confirm_people_import,
    decode_csv,
    discard_people_upload,
    plan_people_import,
    store_people_upload,
)
from people.models import AuditLog, PeopleImport, Profile
from people.privileges import Change

PREVIEW_ERROR_ROWS = 1000
PREVIEW_CHANGE_ROWS = 200


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _plan(request, text: str):
    return plan_people_import(text, exclude_from_missing=[request.user.pk], actor=request.user)


# --- Import ---------------------------------------------------------------------------------------------------------
def import_upload(request):
    _require(request, "people.import_people")
    form = PeopleImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = decode_csv(upload.read())
            _plan(request, text)  # file-level problems are reported here, row problems on the preview
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            stored = store_people_upload(actor=request.user, file_name=upload.name, text=text)
            return redirect("people_import:preview", pk=stored.pk)
    return TemplateResponse(request, "people/admin/import_upload.html", {"form": form})


def import_preview(request, pk: int):
    _require(request, "people.import_people")
    upload = get_object_or_404(PeopleImport, pk=pk, uploaded_by=request.user)
    if upload.applied_at is not None:
        return redirect("people_import:summary", pk=upload.pk)
    try:
        plan = _plan(request, upload.content)
    except ImportFileError as error:
        messages.error(request, str(error))
        discard_people_upload(upload=upload)
        return redirect("people_import:upload")
    form = PeopleImportConfirmForm(request.POST or None)
    if request.method == "POST":
        if "discard" in request.POST:
            discard_people_upload(upload=upload)
            messages.success(request, _("The upload was discarded; nothing was imported."))
            return redirect("people_import:upload")
        if form.is_valid():
            try:
                confirm_people_import(
                    upload=upload,
                    plan=plan,
                    actor=request.user,
                    only_valid=form.cleaned_data["only_valid"],
                    deactivate_missing=form.cleaned_data["deactivate_missing"],
                )
            except ImportRefused as error:
                form.add_error(None, str(error))
            else:
                return redirect("people_import:summary", pk=upload.pk)
    changes = [r for r in plan.valid_rows if r.action in ("create", "update")]
    return TemplateResponse(
        request,
        "people/admin/import_preview.html",
        {
            "upload": upload,
            "plan": plan,
            "form": form,
            "error_rows": plan.error_rows[:PREVIEW_ERROR_ROWS],
            "more_errors": max(0, len(plan.error_rows) - PREVIEW_ERROR_ROWS),
            "changes": changes[:PREVIEW_CHANGE_ROWS],
            "more_changes": max(0, len(changes) - PREVIEW_CHANGE_ROWS),
            "counts": {
                "rows": len(plan.rows),
                "create": plan.count("create"),
                "update": plan.count("update"),
                "unchanged": plan.count("unchanged"),
                "errors": len(plan.error_rows),
                "missing": len(plan.missing_ids),
            },
            "delimiter_label": _("semicolons") if plan.delimiter == ";" else _("commas"),
        },
    )


def import_summary(request, pk: int):
    _require(request, "people.import_people")
    upload = get_object_or_404(PeopleImport, pk=pk, uploaded_by=request.user, applied_at__isnull=False)
    return TemplateResponse(request, "people/admin/import_summary.html", {"upload": upload, "outcome": upload.outcome})


# --- Bulk actions on the people listing -------------------------------------------------------------------------------
class PersonBulkAction(BulkAction):
    """A bulk action on people. Whoever the privilege model refuses this `change` for (people/privileges.py) is left
    out, listed with the reason on the confirmation page, and recorded in the audit log when the action is confirmed;
    the others go ahead."""

    models = [Profile]
    permission = "people.change_profile"
    change = Change.ORGANISATION
    template_name = "people/admin/bulk_confirm.html"
    confirm_label = gettext_lazy("Yes, go ahead")
    question = ""

    def dispatch(self, request, *args, **kwargs):
        _require(request, self.permission)
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        # Ids come from the query string: anything but a plausible primary key matches nobody instead of a 500.
        ids = [int(i) for i in object_ids if str(i).isdigit() and int(i) < 2**63]
        return list(model.objects.filter(pk__in=ids).select_related("user"))

    def check_perm(self, obj):
        return self.request.user.has_perm(self.permission)

    def get_actionable_objects(self):
        objects, without_access = super().get_actionable_objects()
        powers = privileges.powers_of(self.request.user)
        held = privileges.roles_by_user([p.user_id for p in objects])
        allowed, self.refused = [], []
        for profile in objects:
            profile.refusal = privileges.find_refusal(
                actor=self.request.user,
                target=profile.user,
                changes={self.change},
                target_roles=held[profile.user_id],
                actor_powers=powers,
                via=_("bulk action “%(action)s”") % {"action": self.display_name},
            )
            (self.refused if profile.refusal else allowed).append(profile)
        return allowed, {"items_with_no_access": [*without_access["items_with_no_access"], *self.refused]}

    def form_valid(self, form):
        objects, _without_access = self.get_actionable_objects()
        self.report_refusals()
        if not objects:
            messages.error(self.request, _("Nothing was done: the action is refused for everyone selected."))
            return redirect(self.next_url)
        return super().form_valid(form)

    def report_refusals(self) -> None:
        """Record each refused person in the audit log (before the action's own transaction) and say why."""
        for profile in self.refused:
            privileges.record_refusal(profile.refusal)
        if self.refused:
            messages.warning(
                self.request,
                ngettext(
                    "%(n)d person was left out: %(reason)s",
                    "%(n)d people were left out, for example: %(reason)s",
                    len(self.refused),
                )
                % {"n": len(self.refused), "reason": self.refused[0].refusal},
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"action": self, "question": self.question, "confirm_label": self.confirm_label})
        return context

    def get_execution_context(self):
        return {"actor": self.request.user, **(self.cleaned_form.cleaned_data if self.cleaned_form else {})}


class MoveToDepartmentBulkAction(PersonBulkAction):
    display_name = gettext_lazy("Move to department")
    action_type = "move_to_department"
    aria_label = gettext_lazy("Move the selected people to a department")
    form_class = MoveToDepartmentForm
    question = gettext_lazy("Move these people to another department? Their assignments follow the new department.")

    @classmethod
    def execute_action(cls, objects, actor=None, department=None, **kwargs):
        return services.move_people_to_department(
            users=[p.user for p in objects], department=department, actor=actor
        ), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(n)d person moved.", "%(n)d people moved.", num_parent_objects) % {"n": num_parent_objects}


class AddToCohortBulkAction(PersonBulkAction):
    display_name = gettext_lazy("Add to cohort")
    action_type = "add_to_cohort"
    aria_label = gettext_lazy("Add the selected people to a cohort")
    form_class = AddToCohortForm
    question = gettext_lazy("Add these people to a cohort? The cohort's assignments reach them at once.")

    @classmethod
    def execute_action(cls, objects, actor=None, cohort=None, **kwargs):
        return services.add_people_to_cohort(users=[p.user for p in objects], cohort=cohort, actor=actor), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(n)d person added.", "%(n)d people added.", num_parent_objects) % {"n": num_parent_objects}


class SetActiveBulkAction(PersonBulkAction):
    display_name = gettext_lazy("Activate or deactivate")
    action_type = "set_active"
    aria_label = gettext_lazy("Activate or deactivate the selected people")
    form_class = SetActiveForm
    change = Change.ACTIVE
    question = gettext_lazy("Inactive people cannot sign in and their assignments stop applying; progress is kept.")

    @classmethod
    def execute_action(cls, objects, actor=None, active=True, **kwargs):
        return services.set_people_active(users=[p.user for p in objects], active=active, actor=actor), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(n)d person changed.", "%(n)d people changed.", num_parent_objects) % {
            "n": num_parent_objects
        }


class ExportPersonalDataBulkAction(PersonBulkAction):
    display_name = gettext_lazy("Export personal data")
    action_type = "export_personal_data"
    aria_label = gettext_lazy("Download the personal data of the selected people")
    permission = "people.export_personal_data"
    change = Change.EXPORT
    question = gettext_lazy("Download everything Socialwise holds about these people as one JSON file?")
    confirm_label = gettext_lazy("Download")

    def form_valid(self, form):
        import json

        from django.core.serializers.json import DjangoJSONEncoder

        objects, _without_access = self.get_actionable_objects()
        self.report_refusals()
        if not objects:
            messages.error(self.request, _("Nothing was done: the action is refused for everyone selected."))
            return redirect(self.next_url)
        people = []
        for profile in objects:
            people.append(personal_data.export_user_data(user=profile.user))
            services.record_audit(
                actor=self.request.user,
                action=AuditLog.Action.PERSONAL_DATA_EXPORTED,
                subject=profile.user,
                summary=_("Personal data exported by HR."),
            )
        response = HttpResponse(
            json.dumps({"people": people}, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="socialwise-personal-data-{timezone.localdate():%Y-%m-%d}.json"'
        )
        return response


class ErasePersonBulkAction(PersonBulkAction):
    display_name = gettext_lazy("Erase personal data")
    action_type = "erase_personal_data"
    aria_label = gettext_lazy("Erase the personal data of the selected people")
    permission = "people.erase_person"
    change = Change.ERASE
    form_class = EraseConfirmForm
    classes = {"serious"}
    action_priority = 200
    question = gettext_lazy(
        "Erase these people? Their names, email addresses, notes and sign-in methods are removed for good and their "
        "accounts can never sign in again. Course statistics keep anonymous counts."
    )
    confirm_label = gettext_lazy("Erase for good")

    @classmethod
    def execute_action(cls, objects, actor=None, **kwargs):
        for profile in objects:
            personal_data.erase_person(user=profile.user, actor=actor)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(n)d person erased.", "%(n)d people erased.", num_parent_objects) % {"n": num_parent_objects}


BULK_ACTIONS = [
    MoveToDepartmentBulkAction,
    AddToCohortBulkAction,
    SetActiveBulkAction,
    ExportPersonalDataBulkAction,
    ErasePersonBulkAction,
]
