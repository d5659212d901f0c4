"""Admin forms for people, assignments and the CSV import. They parse and check input; saving goes through
people.services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.auth import LoginForm

from allauth.account import forms as allauth_forms

from courses.models import CoursePage
from people import privileges, roles
from people.models import Assignment, Audience, Cohort, Department, Profile, User
from people.roles import ROLE_LABELS


class AdminLoginForm(LoginForm):
    """Wagtail's /admin/login/ with the site's rule for local passwords (people/sso.py, `password_login_refused`):
    someone single sign-on signs in, and who is not an Administrator, cannot get in here with a local password
    either. Said only after the right password, as on the site's sign-in."""

    def confirm_login_allowed(self, user) -> None:
        from people import sso

        super().confirm_login_allowed(user)
        if sso.password_login_refused(user):
            raise forms.ValidationError(sso.PASSWORD_REFUSED, code="sso_only")


class CleanLabelsMixin:
    """Labels as written ("Email", "Password"), without the colon Django adds after each."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignInForm(CleanLabelsMixin, allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Remember me")


class ResetPasswordForm(CleanLabelsMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(CleanLabelsMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(CleanLabelsMixin, allauth_forms.ChangePasswordForm):
    pass


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return obj.path


class DepartmentMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return obj.path


class PersonForm(WagtailAdminModelForm):
    """One person: their account (email, name, roles, active) and their profile in the organisation."""

    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    pronouns = forms.CharField(label=_("Pronouns"), max_length=40, required=False)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Inactive people cannot sign in, and their assignments stop applying."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), required=False, widget=forms.CheckboxSelectMultiple, help_text=_("Everyone is a learner.")
    )
    cohorts = forms.ModelMultipleChoiceField(
        label=_("Cohorts"), queryset=Cohort.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Profile
        fields = ["department", "job_title", "manager", "audience", "hire_date"]
        field_classes = {"department": DepartmentChoiceField}

    def clean_hire_date(self):
        from people.models.assignments import date_out_of_range

        value = self.cleaned_data.get("hire_date")
        if problem := date_out_of_range(value, field="hire_date"):
            raise forms.ValidationError(problem)
        return value

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user if self.instance.user_id else None
        held = set(user.groups.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True)) if user else set()
        # The roles the editor may give (people/privileges.py), plus any the person already holds so the form shows
        # them; changing a person whose roles are above the editor's is refused on save, with the reason.
        offered = set(privileges.grantable_roles(self.for_user)) | held
        self.fields["roles"].choices = [
            (name, label) for name, label in ROLE_LABELS.items() if name != roles.LEARNERS and name in offered
        ]
        if user is not None and not self.is_bound:
            for name in ("email", "first_name", "last_name", "pronouns", "is_active"):
                self.initial[name] = getattr(user, name)
            self.initial["roles"] = sorted(held)
            self.initial["cohorts"] = list(user.cohort_memberships.values_list("cohort_id", flat=True))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.user_id:
            others = others.exclude(pk=self.instance.user_id)
        if others.exists():
            raise forms.ValidationError(_("Someone else already has this email address."))
        return email


class AssignmentForm(WagtailAdminModelForm):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=CoursePage.objects.live().order_by("title"), empty_label=_("Choose a course")
    )
    departments = DepartmentMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone in these departments and their sub-departments, including people who join later."),
    )
    cohorts = forms.ModelMultipleChoiceField(
        label=_("Cohorts"),
        queryset=Cohort.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone in these cohorts, including people who join later."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Assignment
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "grace_days" in self.fields:
            self.fields["grace_days"].required = False  # left empty: the default
        if self.instance.pk and "course" in self.fields:
            # A withdrawn or unpublished course of an existing assignment stays selectable.
            self.fields["course"].queryset = CoursePage.objects.filter(
                Q(pk=self.instance.course_id) | Q(live=True)
            ).order_by("title")

    def clean_grace_days(self):
        value = self.cleaned_data.get("grace_days")
        return Assignment._meta.get_field("grace_days").default if value is None else value


class PeopleImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma or semicolon separated, first row the column names. Columns: email, first_name, "
            "last_name, department, job_title, manager_email, cohorts, role, hire_date (and audience)."
        ),
    )


class PeopleImportConfirmForm(forms.Form):
    only_valid = forms.BooleanField(
        label=_("Import only the valid rows"),
        required=False,
        help_text=_("Rows with errors are skipped; you can import them later once fixed."),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate people who are not in the file"),
        required=False,
        help_text=_("They can no longer sign in. Superusers, Administrators and you are never deactivated."),
    )


class MoveToDepartmentForm(forms.Form):
    department = DepartmentChoiceField(label=_("Department"), queryset=Department.objects.all())


class AddToCohortForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.all())


class SetActiveForm(forms.Form):
    active = forms.TypedChoiceField(
        label=_("Set people as"),
        choices=((True, _("Active")), (False, _("Inactive"))),
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )


class EraseConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that names, email addresses and notes are erased for good"), required=True
    )
