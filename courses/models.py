from __future__ import annotations

import contextlib

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.page_form import PageForm
from courses.blocks import ModuleBodyStreamBlock
from courses.panels import CourseChangesPanel


class Audience(models.TextChoices):
    EXECUTIVES = "executives", _("Executives")
    MANAGERS = "managers", _("Managers")
    ALL_STAFF = "all_staff", _("All staff")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    OPERATIONS = "operations", _("Operations")
    HR = "hr", _("People & HR")
    PRODUCT = "product", _("Product & digital")
    COMMUNICATIONS = "communications", _("Brand & communications")


class Illustration(models.TextChoices):
    """The course drawings shipped in static/img/covers/, shown on cards and the course page when a course has no
    cover image. Decorative: the course title beside them says what the course is."""

    LEADERSHIP = "leadership", _("A leader on the top step, heard by a crowd")
    CONVERSATION = "conversation", _("Every team around one conversation")
    CRISIS = "crisis", _("A phone lighting up as mentions spike")


class ReleaseMode(models.TextChoices):
    ALL_AT_ONCE = "all_at_once", _("All modules at once")
    INTERVAL = "interval", _("One module every few days")


class LoginRequiredPageMixin:
    """Course content is for people signed in; anyone else is sent to the login page."""

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)


class ReviewedWithCourseMixin:
    """Modules and quizzes are reviewed with their course, in one submission (see
    `services.publish_course_drafts`): they take no workflow of their own, so a trainer saves their drafts and
    submits the course."""

    @property
    def has_workflow(self):
        return False

    def get_workflow(self):
        return None


class CourseIndexPage(LoginRequiredPageMixin, Page):
    """The catalogue: every live course, filterable by audience."""

    base_form_class = PageForm

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        audience = request.GET.get("audience", "")
        if audience not in Audience.values:
            audience = ""
        departments = selectors.catalogue_department_choices(user=request.user)
        department = request.GET.get("department", "")
        if department not in {code for code, _name in departments}:
            department = ""
        context["audience"] = audience
        context["audiences"] = Audience.choices
        context["department"] = department
        context["departments"] = departments
        context["filtered"] = bool(audience or department)
        context["courses"] = selectors.catalogue_courses(
            index=self, audience=audience or None, department=department or None, user=request.user
        )
        return context


class CoursePage(LoginRequiredPageMixin, Page):
    """A course: an ordered set of short modules."""

    base_form_class = PageForm

    summary = models.TextField(max_length=400)
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cover_alt_text = models.CharField(
        max_length=125, blank=True, help_text=_("Required with a cover image: what matters in it.")
    )
    illustration = models.CharField(
        max_length=16,
        choices=Illustration.choices,
        blank=True,
        help_text=_(
            "Shown when there is no cover image. Left empty, the course gets one of the drawings by its number, so "
            "neighbouring courses differ."
        ),
    )
    audience = models.CharField(max_length=32, choices=Audience.choices, default=Audience.ALL_STAFF)
    outcomes = StreamField(
        [("outcome", blocks.CharBlock(max_length=250, label=_("Outcome")))],
        blank=True,
        help_text=_("What a learner can do after the course, one outcome per item."),
    )
    valid_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Recertify after this many months. Leave empty if a completion never expires."),
    )
    release_mode = models.CharField(
        _("release"), max_length=16, choices=ReleaseMode.choices, default=ReleaseMode.ALL_AT_ONCE
    )
    release_interval_days = models.PositiveSmallIntegerField(
        _("days between modules"),
        default=7,
        help_text=_(
            "With paced release, module 1 opens on the learner's (or their cohort's) start date and each next module "
            "this many days later, at midnight."
        ),
    )

    content_panels = Page.content_panels + [
        CourseChangesPanel(),
        FieldPanel("summary"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("cover_alt_text"), FieldPanel("illustration")], heading=_("Cover")
        ),
        FieldPanel("audience"),
        FieldPanel("outcomes"),
        FieldPanel("valid_months"),
        MultiFieldPanel([FieldPanel("release_mode"), FieldPanel("release_interval_days")], heading=_("Paced release")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("intro"),
        index.SearchField("outcomes"),
        index.FilterField("audience"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_alt_text.strip():
            raise ValidationError({"cover_alt_text": _("Describe the cover image for people who cannot see it.")})
        if self.release_mode == ReleaseMode.INTERVAL and not 1 <= (self.release_interval_days or 0) <= 90:
            raise ValidationError({"release_interval_days": _("Give between 1 and 90 days between modules.")})

    def live_modules(self):
        return ModulePage.objects.live().child_of(self).order_by("path")

    @property
    def illustration_path(self) -> str:
        """The static path of this course's drawing: the one chosen, else one picked by the course's id."""
        name = self.illustration or Illustration.values[(self.pk or 0) % len(Illustration.values)]
        return f"img/covers/{name}.svg"

    @property
    def illustration_square_path(self) -> str:
        """The same drawing cropped square to its subject (static/img/covers/square/), for square frames."""
        return self.illustration_path.replace("img/covers/", "img/covers/square/", 1)

    def get_context(self, request, *args, **kwargs):
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = selectors.course_outline(user=request.user, course=self)
        return context


class ModulePage(ReviewedWithCourseMixin, LoginRequiredPageMixin, Page):
    """One short lesson (5–10 minutes). Its quizzes, if any, are its child pages; passing them completes it."""

    base_form_class = PageForm

    summary = models.CharField(max_length=300)
    minutes = models.PositiveSmallIntegerField(default=6, help_text=_("Estimated minutes, quiz included."))
    required = models.BooleanField(default=True, help_text=_("Optional modules do not count towards completion."))
    written_for = models.CharField(
        max_length=200, blank=True, help_text=_("Who the module is written for, e.g. “Customer service”.")
    )
    body = StreamField(ModuleBodyStreamBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("minutes"),
        FieldPanel("required"),
        FieldPanel("written_for"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("written_for"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    # Quiz page types are named by label, not imported: quizzes builds on courses, never the other way round.
    subpage_types = ["quizzes.ScenarioPage", "quizzes.KnowledgeCheckPage"]

    class Meta:
        verbose_name = _("module")

    def clean(self):
        super().clean()
        if self.minutes is not None and not 1 <= self.minutes <= 60:
            raise ValidationError({"minutes": _("A module takes between 1 and 60 minutes.")})

    def get_course(self) -> CoursePage:
        return CoursePage.objects.get(path=self.path[: -self.steplen])

    def live_quizzes(self):
        return self.get_children().live().specific().order_by("path")

    def serve(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.method == "GET":
            from courses import services
            from courses.exceptions import ModuleNotAvailable

            # Wagtail answers 404 for pages a learner cannot see; there is nothing to record for them.
            with contextlib.suppress(ModuleNotAvailable):
                services.record_module_visit(user=request.user, module=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.module_context(user=request.user, module=self))
        return context


class ProgressState(models.IntegerChoices):
    # Ordered: progress only ever moves to a higher value, so concurrent updates merge to the furthest state.
    NOT_STARTED = 0, _("Not started")
    IN_PROGRESS = 1, _("In progress")
    COMPLETED = 2, _("Completed")


class Enrolment(models.Model):
    """One learner's cycle of one course: its due date, progress percentage and completion. Personal data (learning
    record). A recertification starts a new cycle; earlier cycles stay, with `is_current` off."""

    class Source(models.TextChoices):
        SELF = "self", _("Self-enrolled")
        ASSIGNED = "assigned", _("Assigned")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="enrolments")
    cycle = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.SELF)
    required = models.BooleanField(default=False)
    enrolled_at = models.DateTimeField()
    due_on = models.DateField(null=True, blank=True)
    # Paced courses: the local date module 1 opens (a cohort's start); empty means the local date of `enrolled_at`.
    release_starts_on = models.DateField(null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_module = models.ForeignKey(ModulePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "course", "-cycle"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course", "cycle"], name="enrolment_unique_cycle"),
            models.UniqueConstraint(
                fields=["user", "course"], condition=Q(is_current=True), name="enrolment_one_current_cycle"
            ),
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="enrolment_percent_max_100"),
        ]
        indexes = [models.Index(fields=["course", "is_current", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.course} (cycle {self.cycle})"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class ModuleProgress(models.Model):
    """One learner's progress through one module within one enrolment cycle. Personal data (learning record)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="module_progress")
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="progress")
    state = models.PositiveSmallIntegerField(choices=ProgressState.choices, default=ProgressState.NOT_STARTED)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    time_spent_seconds = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="module_progress_unique"),
            models.CheckConstraint(
                condition=Q(state=ProgressState.COMPLETED, completed_at__isnull=False)
                | (~Q(state=ProgressState.COMPLETED) & Q(completed_at__isnull=True)),
                name="module_progress_completed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.user_id} – {self.module_id}: {self.get_state_display()}"


class ReflectionAnswer(models.Model):
    """A learner's private answer to one reflection prompt in a module. Personal data, visible only to its author."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflection_answers")
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    text = models.TextField(max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "module", "block_id"], name="reflection_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"Reflection by {self.user_id} on {self.module_id}"
