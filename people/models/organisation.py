from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

# Department paths use "/" between levels (CSV imports, SSO claims), so names cannot contain it.
PATH_SEPARATOR = "/"
_NOT_LOADED = object()
CODE_VALIDATOR = RegexValidator(r"^[A-Za-z0-9_-]+$", _("Use letters, digits, dashes and underscores only."))


class Audience(models.TextChoices):
    """Who a person is in the organisation, for assignments aimed at leaders or staff."""

    EXECUTIVE = "executive", _("Executive")
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff")


class Department(models.Model):
    """One unit of the organisation. Departments nest: an assignment to a department reaches its sub-departments.
    No personal data."""

    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("code"), max_length=30, unique=True, validators=[CODE_VALIDATOR])
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="department_unique_name_in_parent"),
            # NULLs never collide in a unique constraint, so top-level names need their own.
            models.UniqueConstraint(fields=["name"], condition=Q(parent=None), name="department_unique_top_level_name"),
        ]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        """ "Operations / Control room": the names from the top of the tree. One query per level."""
        names, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return f" {PATH_SEPARATOR} ".join(reversed(names))

    def clean(self) -> None:
        super().clean()
        if PATH_SEPARATOR in (self.name or ""):
            raise ValidationError({"name": _("A department name cannot contain “/”.")})
        node, seen = self.parent, set()
        while node is not None and node.pk not in seen:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError({"parent": _("A department cannot sit inside itself or its sub-departments.")})
            seen.add(node.pk)
            node = node.parent


class Cohort(ClusterableModel):
    """A cross-functional group of people (e.g. subject experts with communicators) that courses can be assigned to.
    No personal data itself; the facilitator and members are people (see CohortMembership)."""

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_cohorts",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return self.name


class CohortMembership(models.Model):
    """One person's membership of one cohort. Personal data (it places a person in a group)."""

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cohort", "user"]
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="cohort_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} in {self.cohort}"


class Profile(models.Model):
    """One person's place in the organisation: department, job title, manager, audience and hire date. Personal
    data. Whether the person is active is the account's `is_active` (an inactive person cannot sign in)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profiles",
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_profiles",
    )
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices, default=Audience.STAFF)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__email"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [
            ("import_people", _("Can import people from a CSV file")),
            ("erase_person", _("Can erase a person's personal data")),
            ("export_personal_data", _("Can export a person's personal data")),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "manager" in update_fields or "manager_id" in update_fields:
            self._saved_manager_id = self.manager_id

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_manager_id = instance.__dict__.get("manager_id", _NOT_LOADED)
        return instance

    # Flat values for the people export, whose columns are the import's (people/importing.py).
    @property
    def email(self) -> str:
        return self.user.email

    @property
    def first_name(self) -> str:
        return self.user.first_name

    @property
    def last_name(self) -> str:
        return self.user.last_name

    @property
    def department_code(self) -> str:
        return self.department.code if self.department_id else ""

    @property
    def manager_email(self) -> str:
        return self.manager.email if self.manager_id else ""

    @property
    def active(self) -> bool:
        return self.user.is_active

    def clean(self) -> None:
        super().clean()
        if self.manager_id is None:
            return
        if self.manager_id == self.user_id:
            raise ValidationError({"manager": _("A person cannot be their own manager.")})
        if self.manager_id == getattr(self, "_saved_manager_id", _NOT_LOADED):
            # Every change of manager is checked here, so an unchanged one cannot close a loop: the walk up the chain
            # (a query per level) is for a new manager only.
            return
        # Walk up from the new manager: meeting this person again would close a loop.
        seen = {self.user_id}
        manager_id = self.manager_id
        while manager_id is not None:
            if manager_id in seen:
                raise ValidationError({"manager": _("This manager reports to this person: that would make a loop.")})
            seen.add(manager_id)
            manager_id = Profile.objects.filter(user_id=manager_id).values_list("manager_id", flat=True).first()


class ReportingLine(models.Model):
    """One pair of the reporting tree: `descendant` reports to `ancestor`, directly (depth 1) or through depth - 1
    managers between them (a closure table). Derived from `Profile.manager` and kept in step with it in the same
    transaction by `people.services.refresh_reporting_lines`, which every change of a manager calls; the nightly
    `reconcile_reporting_lines` repairs any drift. My team, the reports and the digest join it, so a manager's scope
    is one indexed lookup whatever their place in the tree, and the planner's estimate of its size comes from the
    table's statistics. Holds no personal data of its own."""

    pk = models.CompositePrimaryKey("ancestor", "descendant")
    # The primary key indexes (ancestor, descendant) and Meta.indexes (descendant, ancestor): no index of their own.
    ancestor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    descendant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    depth = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("reporting line")
        indexes = [models.Index(fields=["descendant", "ancestor"], name="people_reportingline_up")]
        constraints = [models.CheckConstraint(condition=models.Q(depth__gte=1), name="people_reportingline_depth")]

    def __str__(self) -> str:
        return f"{self.descendant_id} → {self.ancestor_id} ({self.depth})"


class UnmatchedDepartment(models.Model):
    """A department the identity provider named at a person's last single sign-on that matches none here (people/sso.py):
    HR sees these on the dashboard and in the weekly digest, and creates the department or fixes the directory. One row
    per person, gone at their next sign-on that matches. Personal data: the person."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unmatched_department", primary_key=True
    )
    value = models.CharField(_("department named by single sign-on"), max_length=200)
    seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("unmatched single sign-on department")

    def __str__(self) -> str:
        return self.value
