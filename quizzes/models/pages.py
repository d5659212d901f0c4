"""Quiz pages, children of a module: a branching scenario, or a knowledge check drawn from the question bank."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.forms.utils import ErrorList
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.page_form import PageForm
from courses.models import LoginRequiredPageMixin, ReviewedWithCourseMixin
from quizzes import scenarios
from quizzes.blocks import KnowledgeCheckStreamBlock, ScenarioStreamBlock, VariablesStreamBlock
from quizzes.models.bank import GRADABLE_TYPES, Question, QuestionCategory, QuestionType
from quizzes.panels import ScenarioMapPanel


class ScoreToKeep(models.TextChoices):
    BEST = "best", gettext_lazy("The best attempt")
    LAST = "last", gettext_lazy("The last attempt")


class ReviewWhen(models.TextChoices):
    """When a knowledge check shows learners something about their answers (Moodle's review options, simplified)."""

    IMMEDIATELY = "immediately", gettext_lazy("Immediately, after each answer")
    AFTER_ATTEMPT = "after_attempt", gettext_lazy("After the attempt is finished")
    AFTER_PASSING = "after_passing", gettext_lazy("After passing, or once no attempts are left")
    AFTER_LAST_ATTEMPT = "after_last_attempt", gettext_lazy("Only once no attempts are left")
    NEVER = "never", gettext_lazy("Never")


class QuizPage(ReviewedWithCourseMixin, LoginRequiredPageMixin, Page):
    """What every quiz page has: an introduction, how many attempts a learner may make and which score counts."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        gettext_lazy("attempts allowed"), default=0, help_text=gettext_lazy("0 means no limit.")
    )
    score_to_keep = models.CharField(
        gettext_lazy("score to keep"), max_length=8, choices=ScoreToKeep.choices, default=ScoreToKeep.BEST
    )

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        abstract = True

    @property
    def titled_by_kind(self) -> bool:
        """Whether the title only repeats the kind ("Knowledge check"): the module's quiz row then names it once."""
        return self.title.strip().casefold() == str(self.kind_label).casefold()

    def get_context(self, request, *args, **kwargs):
        from quizzes import selectors

        context = super().get_context(request, *args, **kwargs)
        context["overview"] = selectors.quiz_overview(user=request.user, page=self)
        ancestors = {p.depth: p for p in Page.objects.ancestor_of(self).filter(depth__gte=self.depth - 2)}
        context["module"] = ancestors.get(self.depth - 1)
        context["course"] = ancestors.get(self.depth - 2)
        return context


class ScenarioPage(QuizPage):
    """A branching scenario: steps with choices that score, move variables and lead on, branches on the variables,
    and endings with a debrief."""

    base_form_class = PageForm

    pass_mark = models.IntegerField(
        gettext_lazy("pass mark"), default=0, help_text=gettext_lazy("Points a learner needs to pass.")
    )
    variables = StreamField(VariablesStreamBlock(), blank=True, help_text=gettext_lazy("Values the choices move."))
    steps = StreamField(
        ScenarioStreamBlock(),
        help_text=gettext_lazy(
            "The first step starts the scenario. Each choice and branch leads to a step, branch or ending picked by its key; the map above shows where they lead."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("pass_mark"), FieldPanel("attempts_allowed"), FieldPanel("score_to_keep")],
            heading=gettext_lazy("Marking and attempts"),
        ),
        FieldPanel("variables"),
        ScenarioMapPanel(),
        FieldPanel("steps"),
    ]

    preview_modes = [
        ("", gettext_lazy("As learners first see it")),
        ("steps", gettext_lazy("Every block, with feedback")),
    ]

    # What the module page's finish panel calls it and its button says (the landing page says the same).
    kind_label = gettext_lazy("Practice scenario")
    start_label = gettext_lazy("Start the scenario")

    class Meta:
        verbose_name = gettext_lazy("scenario")

    def get_preview_template(self, request, mode_name):
        if mode_name == "steps":
            return "quizzes/scenario_page_steps.html"
        return super().get_preview_template(request, mode_name)

    def spec(self) -> dict:
        return scenarios.build_spec(variables=self.variables, steps=self.steps)

    def editor_spec(self) -> dict:
        """The spec with nodes known by their block ids, as the editor's map and the validation read it."""
        return scenarios.build_spec(variables=self.variables, steps=self.steps, key_by="id")

    def clean(self):
        super().clean()
        spec = self.editor_spec()
        problems = scenarios.validate_spec(spec)
        errors: dict[str, ValidationError] = {}
        for field_name in ("steps", "variables"):
            on_blocks: dict[int, list[str]] = {}
            overall = []
            for problem in problems:
                if problem.field != field_name:
                    continue
                if problem.index is None:
                    overall.append(problem.message)
                else:
                    on_blocks.setdefault(problem.index, []).append(problem.message)
            if on_blocks or overall:
                errors[field_name] = StreamBlockValidationError(
                    block_errors={i: StructBlockValidationError(non_block_errors=m) for i, m in on_blocks.items()},
                    non_block_errors=ErrorList(overall),
                )
        if not problems:
            highest = scenarios.max_score(spec)
            if self.pass_mark > highest:
                errors["pass_mark"] = ValidationError(
                    _("The pass mark is above the highest score a learner can reach (%(max)s).") % {"max": highest}
                )
        if errors:
            raise ValidationError(errors)

    def problems(self) -> list[str]:
        """Every broken rule as one message, as `clean()` would report it (for services and tests)."""
        return [problem.message for problem in scenarios.validate_spec(self.editor_spec())]

    def version_content(self) -> dict:
        """What an attempt keeps of this page when it starts."""
        spec = self.spec()
        return {
            "kind": "scenario",
            "title": self.title,
            "pass_mark": self.pass_mark,
            "max_score": scenarios.max_score(spec),
            **spec,
        }


class KnowledgeCheckPage(QuizPage):
    """A short quiz from the question bank, chosen questions and questions drawn at random, marked on the spot."""

    base_form_class = PageForm

    pass_mark = models.PositiveSmallIntegerField(
        gettext_lazy("pass mark (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=gettext_lazy("The share of the marks a learner needs to pass."),
    )
    questions = StreamField(KnowledgeCheckStreamBlock())
    shuffle_questions = models.BooleanField(gettext_lazy("shuffle the questions"), default=False)
    shuffle_choices = models.BooleanField(gettext_lazy("shuffle the choices"), default=True)
    review_right_answers = models.CharField(
        gettext_lazy("show the right answers"),
        max_length=20,
        choices=ReviewWhen.choices,
        default=ReviewWhen.AFTER_PASSING,
        help_text=gettext_lazy(
            "When a learner sees the right answer to a question they got wrong. Shown earlier, a learner can retry "
            "until they pass without learning anything."
        ),
    )
    review_feedback = models.CharField(
        gettext_lazy("show feedback on the learner's own answer"),
        max_length=20,
        choices=ReviewWhen.choices,
        default=ReviewWhen.IMMEDIATELY,
        help_text=gettext_lazy("Whether their answer was right, its mark, and the author's feedback on that answer."),
    )
    wait_between_attempts = models.PositiveIntegerField(
        gettext_lazy("wait between attempts (minutes)"),
        default=0,
        validators=[MaxValueValidator(60 * 24 * 30)],
        help_text=gettext_lazy("After an attempt that did not pass, how long before the next may start. 0: no wait."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("questions"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("attempts_allowed"),
                FieldPanel("score_to_keep"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_choices"),
                FieldPanel("wait_between_attempts"),
            ],
            heading=gettext_lazy("Marking and attempts"),
        ),
        MultiFieldPanel(
            [FieldPanel("review_feedback"), FieldPanel("review_right_answers")],
            heading=gettext_lazy("Review options"),
            help_text=gettext_lazy("See docs/quizzes.md, “Review options”, for what each choice means for learners."),
        ),
    ]

    kind_label = gettext_lazy("Knowledge check")
    start_label = gettext_lazy("Start the knowledge check")

    class Meta:
        verbose_name = gettext_lazy("knowledge check")

    def get_context(self, request, *args, **kwargs):
        from quizzes import selectors

        context = super().get_context(request, *args, **kwargs)
        context["pass_text"] = selectors.pass_text(pass_mark=self.pass_mark, slots=self.slots())
        return context

    def slots(self) -> list[dict]:
        slots = []
        for block in self.questions:
            if block.block_type == "question" and block.value is not None:
                slots.append({"type": "question", "id": block.value.pk})
            elif block.block_type == "random" and block.value.get("category") is not None:
                value = block.value
                slots.append(
                    {
                        "type": "random",
                        "category": value["category"].pk,
                        "count": value["count"],
                        "subcategories": bool(value["include_subcategories"]),
                    }
                )
        return slots

    def clean(self):
        super().clean()
        if not self.attempts_allowed:
            last_only = _("With no limit on attempts there is no last attempt: set a limit or choose another option.")
            errors = {
                name: ValidationError(last_only)
                for name in ("review_right_answers", "review_feedback")
                if getattr(self, name) == ReviewWhen.AFTER_LAST_ATTEMPT
            }
            if errors:
                raise ValidationError(errors)
        block_errors: dict[int, ValidationError] = {}
        chosen = [block.value.pk for block in self.questions if block.block_type == "question" and block.value]
        for position, block in enumerate(self.questions):
            if block.block_type == "question" and block.value is not None and not block.value.is_gradable:
                kind = QuestionType(block.value.qtype).label
                block_errors[position] = ValidationError(
                    _("“%(question)s” is a question of type %(kind)s, which a knowledge check cannot mark.")
                    % {"question": block.value, "kind": kind}
                )
            elif block.block_type == "random" and isinstance(block.value.get("category"), QuestionCategory):
                category = block.value["category"]
                scope = (
                    category.subtree_filter() if block.value["include_subcategories"] else models.Q(category=category)
                )
                available = Question.objects.filter(scope, qtype__in=GRADABLE_TYPES).exclude(pk__in=chosen).count()
                if available < (block.value["count"] or 0):
                    block_errors[position] = StructBlockValidationError(
                        block_errors={
                            "count": ValidationError(
                                _("“%(category)s” has %(n)s questions that can be marked; draw at most that many.")
                                % {"category": category, "n": available}
                            )
                        }
                    )
        if block_errors:
            raise ValidationError({"questions": StreamBlockValidationError(block_errors=block_errors)})

    def version_content(self) -> dict:
        return {
            "kind": "knowledge_check",
            "title": self.title,
            "pass_mark": self.pass_mark,
            "shuffle_questions": self.shuffle_questions,
            "shuffle_choices": self.shuffle_choices,
            "review_right_answers": self.review_right_answers,
            "review_feedback": self.review_feedback,
            "wait_between_attempts": self.wait_between_attempts,
            "slots": self.slots(),
        }
