"""Wagtail admin screens for HR: people, departments, cohorts, assignments and the audit log, in one "People" menu
group. Every save goes through people.services; permissions are the model permissions HR holds (people/0004)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db.models import Count, ProtectedError, Q
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenMultipleView,
    ChosenView,
    CreateView,
)
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput, HeaderButton

import django_filters

from cms.widgets import DateRangeInput
from people import privileges, roles, selectors, services
from people.exceptions import AccountChangeRefused
from people.forms import AssignmentForm, PersonForm
from people.models import Assignment, Audience, AuditLog, Cohort, Department, Profile, User


def _apply_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceFormMixin:
    """Create and edit views whose save is a service call; a ValidationError from it re-renders the form."""

    def call_service(self):
        raise NotImplementedError

    def save_instance(self):
        return self.call_service()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            _apply_validation_error(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        except AccountChangeRefused as refusal:
            # Wagtail's transaction around the save has rolled back: the refusal's audit entry is written on its own.
            privileges.record_refusal(refusal)
            form.add_error(None, str(refusal))
            # Wagtail's banner lists the form's non-field errors under its title: the refusal as the title too
            # showed it twice (QA).
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


# --- People chooser -------------------------------------------------------------------------------------------------
class PersonSearchForm(BaseFilterForm):
    q = forms.CharField(label=_("Search term"), required=False)

    def filter(self, objects):
        query = self.cleaned_data.get("q") if self.is_valid() else ""
        if query:
            self.is_searching, self.search_query = True, query
            objects = objects.filter(
                Q(email__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query)
            )
        return objects


class PeopleOnlyMixin:
    """Names and addresses of everyone are for people who manage people, not for every admin user."""

    filter_form_class = PersonSearchForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("people.view_profile"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        return User.objects.filter(is_active=True).order_by("last_name", "first_name", "email")


class PersonChooseView(PeopleOnlyMixin, ChooseView):
    pass


class PersonChooseResultsView(PeopleOnlyMixin, ChooseResultsView):
    pass


def _ids(values) -> list[int]:
    return [int(value) for value in values if str(value).isdigit() and len(str(value)) <= 18]


class PersonChosenView(PeopleOnlyMixin, ChosenView):
    """The chooser's "this one was chosen" answer names the person: for people who manage people only (a manager of
    another line used to read anyone's name by id here), and a junk id is a 404."""

    def get_object(self, pk):
        ids = _ids([pk])
        if not ids:
            raise User.DoesNotExist
        return self.get_object_list().get(pk=ids[0])


class PersonChosenMultipleView(PeopleOnlyMixin, ChosenMultipleView):
    def get_objects(self, pks):
        return self.get_object_list().filter(pk__in=_ids(pks))


class PersonCreateView(CreateView):
    """Nobody creates an account from the chooser: accounts are made in People, under the privilege model."""

    def can_create(self):
        return False


class PersonChooserViewSet(ChooserViewSet):
    model = User
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    edit_item_text = _("Edit")
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    chosen_view_class = PersonChosenView
    chosen_multiple_view_class = PersonChosenMultipleView
    create_view_class = PersonCreateView
    url_prefix = "people/choose"
    per_page = 20


person_chooser_viewset = PersonChooserViewSet("person_chooser")


# --- People ---------------------------------------------------------------------------------------------------------
class PersonFilterSet(WagtailFilterSet):
    department = django_filters.ModelChoiceFilter(
        label=_("Department (with sub-departments)"), queryset=Department.objects.all(), method="in_department"
    )
    audience = django_filters.ChoiceFilter(label=_("Audience"), choices=Audience.choices)
    active = django_filters.BooleanFilter(label=_("Active"), field_name="user__is_active")
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        field_name="user__groups__name",
        choices=list(roles.ROLE_LABELS.items()),
    )
    cohort = django_filters.ModelChoiceFilter(
        label=_("Cohort"), queryset=Cohort.objects.all(), field_name="user__cohort_memberships__cohort"
    )

    class Meta:
        model = Profile
        fields = []

    def in_department(self, queryset, name, value):
        inside = selectors.departments_within({value.pk})
        return queryset.filter(department_id__in=inside)


class PersonIndexView(generic.IndexView):
    template_name = "people/admin/person_index.html"
    add_item_label = _("Add a person")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "manager", "department")

    @cached_property
    def department_path(self):
        return selectors.department_paths()

    @cached_property
    def columns(self):
        title_column = self._get_title_column_class(TitleColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="person"),
            title_column(
                "name",
                label=_("Name"),
                accessor=lambda p: p.user.get_full_name() or p.user.email,
                get_url=self.get_edit_url,
                get_title_id=lambda p: f"person_{p.pk}_title",
                sort_key="user__last_name",
            ),
            Column("email", label=_("Email"), accessor="user.email", sort_key="user__email"),
            Column("department", label=_("Department"), accessor=lambda p: self.department_path(p.department_id)),
            Column("job_title", label=_("Job title"), sort_key="job_title"),
            Column("manager", label=_("Manager"), accessor=lambda p: str(p.manager) if p.manager else ""),
            Column("audience", label=_("Audience"), accessor="get_audience_display", sort_key="audience"),
            BooleanColumn("active", label=_("Active"), accessor="user.is_active", sort_key="user__is_active"),
        ]

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("people.import_people"):
            buttons.append(HeaderButton(_("Import people"), url=reverse("people_import:upload"), icon_name="upload"))
        return buttons


class PersonServiceMixin(ServiceFormMixin):
    def call_service(self):
        data = self.form.cleaned_data
        profile = services.save_person(
            actor=self.request.user,
            profile=self.form.instance,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            pronouns=data["pronouns"],
            is_active=data["is_active"],
            role_names=data["roles"],
            cohorts=data["cohorts"],
        )
        if profile.user_id == self.request.user.pk:
            # A new address signs the account out everywhere (a new security stamp), except here.
            update_session_auth_hash(self.request, User.objects.get(pk=profile.user_id))
        return profile


class PersonCreateView(PersonServiceMixin, generic.CreateView):
    pass


class PersonEditView(PersonServiceMixin, generic.EditView):
    def get(self, request, *args, **kwargs):
        target = self.get_object().user
        refusal = None
        if target.pk != request.user.pk:
            refusal = privileges.find_refusal(actor=request.user, target=target, changes=privileges.PERSON_FIELDS)
        if refusal is not None:
            messages.warning(
                request,
                _("You can change where %(person)s sits in the organisation, but not their account: %(reason)s")
                % {"person": privileges.person_label(target), "reason": refusal},
            )
        return super().get(request, *args, **kwargs)


class PersonViewSet(ModelViewSet):
    model = Profile
    icon = "user"
    menu_label = _("People")
    url_prefix = "people/people"
    index_view_class = PersonIndexView
    add_view_class = PersonCreateView
    edit_view_class = PersonEditView
    filterset_class = PersonFilterSet
    search_fields = ["user__first_name", "user__last_name", "user__email", "job_title"]
    search_backend_name = None
    copy_view_enabled = False
    # Not in Wagtail's reference index: the import and the bulk actions write profiles in bulk (no signal), so it could
    # never be complete, and indexing each single save cost four queries on every SCIM or admin change of a person.
    add_to_reference_index = False
    list_per_page = 50
    ordering = ["user__last_name", "user__first_name", "user__email"]
    # The export's columns are the import's, so a file exported, edited and imported again round-trips.
    list_export = [
        "email",
        "first_name",
        "last_name",
        "department_code",
        "job_title",
        "manager_email",
        "audience",
        "hire_date",
        "active",
    ]
    export_headings = {
        "email": "email",
        "first_name": "first_name",
        "last_name": "last_name",
        "department_code": "department",
        "job_title": "job_title",
        "manager_email": "manager_email",
        "audience": "audience",
        "hire_date": "hire_date",
        "active": "active",
    }
    export_filename = "people"
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("email"),
                    FieldPanel("first_name"),
                    FieldPanel("last_name"),
                    FieldPanel("pronouns"),
                    FieldPanel("is_active"),
                    FieldPanel("roles"),
                ],
                heading=_("Account"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("department"),
                    FieldPanel("job_title"),
                    FieldPanel("manager"),
                    FieldPanel("audience"),
                    FieldPanel("hire_date"),
                    FieldPanel("cohorts"),
                ],
                heading=_("Organisation"),
            ),
        ],
        base_form_class=PersonForm,
    )


# --- Departments ----------------------------------------------------------------------------------------------------
class DepartmentIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(people_count=Count("profiles", distinct=True))

    @cached_property
    def department_path(self):
        return selectors.department_paths()

    @cached_property
    def columns(self):
        title_column = self._get_title_column_class(TitleColumn)
        return [
            title_column(
                "path",
                label=_("Department"),
                accessor=lambda d: self.department_path(d.pk),
                get_url=self.get_edit_url,
                sort_key="name",
            ),
            Column("code", label=_("Code"), sort_key="code"),
            Column("people_count", label=_("People"), sort_key="people_count"),
        ]


class DepartmentCreateView(ServiceFormMixin, generic.CreateView):
    def call_service(self):
        return services.save_department(department=self.form.instance)


class DepartmentEditView(ServiceFormMixin, generic.EditView):
    def call_service(self):
        return services.save_department(department=self.form.instance)


class DepartmentDeleteView(generic.DeleteView):
    def form_valid(self, form):
        department = self.object
        in_use = department.profiles.exists() or department.children.exists() or department.assignments.exists()
        try:
            if in_use:
                raise ProtectedError("in use", [department])
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("“%(name)s” still has people, sub-departments or assignments. Move them first.")
                % {"name": department.name},
            )
            return HttpResponseRedirect(self.get_success_url())


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "folder-open-inverse"
    url_prefix = "people/departments"
    index_view_class = DepartmentIndexView
    add_view_class = DepartmentCreateView
    edit_view_class = DepartmentEditView
    delete_view_class = DepartmentDeleteView
    search_fields = ["name", "code"]
    search_backend_name = None
    copy_view_enabled = False
    list_filter = ["parent"]
    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("parent")]


# --- Cohorts --------------------------------------------------------------------------------------------------------
class CohortIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("facilitator").annotate(member_count=Count("memberships"))


class CohortCreateView(ServiceFormMixin, generic.CreateView):
    def call_service(self):
        return services.save_cohort(cohort=self.form.save(commit=False))


class CohortEditView(ServiceFormMixin, generic.EditView):
    def call_service(self):
        return services.save_cohort(cohort=self.form.save(commit=False))


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    url_prefix = "people/cohorts"
    index_view_class = CohortIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    search_fields = ["name", "code", "description"]
    search_backend_name = None
    copy_view_enabled = False
    list_display = [
        "name",
        "code",
        Column("facilitator", label=_("Facilitator")),
        Column("member_count", label=_("Members"), sort_key="member_count"),
    ]
    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("facilitator"),
        InlinePanel("memberships", panels=[FieldPanel("user")], heading=_("Members"), label=_("Member")),
    ]


# --- Assignments ----------------------------------------------------------------------------------------------------
class AssignmentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("active", _("Active")), ("withdrawn", _("Withdrawn"))],
        method="by_status",
        empty_label=_("All"),
    )
    required = django_filters.BooleanFilter(label=_("Required"))

    class Meta:
        model = Assignment
        fields = ["course"]

    def by_status(self, queryset, name, value):
        return queryset.filter(withdrawn_at__isnull=value == "active")


class AssignmentIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("course")
            .prefetch_related("departments", "cohorts", "direct_people")
            .annotate(reached=Count("memberships", filter=Q(memberships__ended_at=None)))
        )

    @cached_property
    def columns(self):
        title_column = self._get_title_column_class(TitleColumn)
        return [
            title_column(
                "course",
                label=_("Course"),
                accessor="course.title",
                get_url=self.get_edit_url,
                sort_key="course__title",
            ),
            Column("targets", label=_("Assigned to"), accessor="targets_label"),
            Column("due", label=_("Due"), accessor="due_label"),
            BooleanColumn("required", label=_("Required"), sort_key="required"),
            Column("reached", label=_("People"), sort_key="reached"),
            DateColumn("assigned_on", label=_("Assigned on"), sort_key="assigned_on"),
            Column(
                "status",
                label=_("Status"),
                accessor=lambda a: _("Active") if a.is_active else _("Withdrawn"),
            ),
        ]

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if instance.is_active else None


class AssignmentSaveMixin(ServiceFormMixin):
    def call_service(self):
        return services.save_assignment(assignment=self.form.save(commit=False), actor=self.request.user)


class AssignmentCreateView(AssignmentSaveMixin, generic.CreateView):
    pass


class AssignmentEditView(AssignmentSaveMixin, generic.EditView):
    pass


class AssignmentWithdrawView(generic.DeleteView):
    """ "Delete" withdraws: the assignment, its memberships and every enrolment stay on record."""

    page_title = _("Withdraw")
    success_message = _("Assignment “%(object)s” withdrawn. Progress and completions are kept.")
    template_name = "people/admin/assignment_withdraw.html"

    def delete_action(self):
        services.withdraw_assignment(assignment=self.object, actor=self.request.user)


class AssignmentViewSet(ModelViewSet):
    model = Assignment
    icon = "tasks"
    url_prefix = "people/assignments"
    index_view_class = AssignmentIndexView
    add_view_class = AssignmentCreateView
    edit_view_class = AssignmentEditView
    delete_view_class = AssignmentWithdrawView
    filterset_class = AssignmentFilterSet
    copy_view_enabled = False
    add_to_reference_index = False
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("required"),
            MultiFieldPanel(
                [
                    FieldPanel("departments"),
                    FieldPanel("cohorts"),
                    FieldPanel("audiences"),
                    InlinePanel("direct_people", panels=[FieldPanel("user")], label=_("Named person")),
                ],
                heading=_("Who"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("due_rule", widget=forms.RadioSelect),
                    FieldPanel("due_on", widget=AdminDateInput),
                    FieldPanel("grace_days"),
                    FieldPanel("due_days"),
                    FieldPanel("assigned_on", widget=AdminDateInput),
                ],
                heading=_("When"),
            ),
        ],
        base_form_class=AssignmentForm,
    )


# --- Audit log ------------------------------------------------------------------------------------------------------
class AuditLogFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditLog.Action.choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangeInput)

    class Meta:
        model = AuditLog
        fields = ["action", "created_at"]


class AuditLogReportView(ReportView):
    page_title = _("Audit log")
    header_icon = "history"
    index_url_name = "people_audit_log:index"
    index_results_url_name = "people_audit_log:index_results"
    filterset_class = AuditLogFilterSet
    results_template_name = "people/admin/audit_log_results.html"
    list_export = ["created_at", "get_action_display", "actor", "subject", "summary"]
    export_headings = {
        "created_at": _("When"),
        "get_action_display": _("Action"),
        "actor": _("By"),
        "subject": _("Person concerned"),
        "summary": _("Summary"),
    }
    any_permission_required = ["view"]

    @cached_property
    def permission_policy(self):
        from wagtail.permission_policies import ModelPermissionPolicy

        return ModelPermissionPolicy(AuditLog)

    def get_queryset(self):
        return AuditLog.objects.select_related("actor", "subject").order_by("-created_at", "-pk")


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("people.view_auditlog")


class AuditLogViewSet(ViewSet):
    name = "people_audit_log"
    icon = "history"
    menu_label = _("Audit log")
    url_prefix = "people/audit-log"
    menu_item_class = AuditLogMenuItem

    def get_urlpatterns(self):
        return [
            path("", AuditLogReportView.as_view(), name="index"),
            path("results/", AuditLogReportView.as_view(results_only=True), name="index_results"),
        ]


class PeopleImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("people.import_people")


class PeopleImportViewSet(ViewSet):
    """Upload → preview with every row's errors → confirm → summary, like Wagtail's redirects importer."""

    name = "people_import"
    icon = "upload"
    menu_label = _("Import people")
    url_prefix = "people/import"
    menu_item_class = PeopleImportMenuItem

    def get_urlpatterns(self):
        from people import admin_views

        return [
            path("", admin_views.import_upload, name="upload"),
            path("<int:pk>/", admin_views.import_preview, name="preview"),
            path("<int:pk>/done/", admin_views.import_summary, name="summary"),
        ]


class PeopleViewSetGroup(ViewSetGroup):
    menu_label = _("People")
    menu_icon = "group"
    menu_order = 250
    items = (
        PersonViewSet("people_people"),
        DepartmentViewSet("people_departments"),
        CohortViewSet("people_cohorts"),
        AssignmentViewSet("people_assignments"),
        PeopleImportViewSet(),
        AuditLogViewSet(),
    )
