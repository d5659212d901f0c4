"""The question bank: banks, their categories and the questions in them, stored with the fields of the GIFT data
model (`quizzes.gift.ParsedQuestion`) so that import, export and import again give the same questions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from quizzes.gift import ParsedQuestion


class QuestionType(models.TextChoices):
    MULTICHOICE = "multichoice", _("Multiple choice")
    MULTIRESPONSE = "multiresponse", _("Multiple response")
    TRUEFALSE = "truefalse", _("True/false")
    SHORTANSWER = "shortanswer", _("Short answer")
    NUMERICAL = "numerical", _("Numerical")
    MATCHING = "matching", _("Matching")
    ESSAY = "essay", _("Essay")
    DESCRIPTION = "description", _("Description")


# Knowledge checks mark answers on the spot; essays need a person and descriptions ask nothing.
GRADABLE_TYPES = [
    QuestionType.MULTICHOICE,
    QuestionType.MULTIRESPONSE,
    QuestionType.TRUEFALSE,
    QuestionType.SHORTANSWER,
    QuestionType.NUMERICAL,
    QuestionType.MATCHING,
]


class TextFormat(models.TextChoices):
    MOODLE = "moodle", _("Moodle auto-format")
    HTML = "html", _("HTML")
    MARKDOWN = "markdown", _("Markdown")
    PLAIN = "plain", _("Plain text")


class QuestionBank(models.Model):
    """A named collection of question categories, e.g. “Socialwise demo”. No personal data."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self) -> str:
        return self.name


class QuestionCategory(models.Model):
    """One category of a bank, named by its GIFT path (`Leaders/Crisis`); the empty path is the bank's top level.
    Subcategories are the categories whose path starts with this one's. No personal data."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="categories")
    path = models.CharField(
        _("path"),
        max_length=255,
        blank=True,
        help_text=_("Levels separated by “/”, as in GIFT's $CATEGORY line. Leave empty for the bank's top level."),
    )

    class Meta:
        ordering = ["bank__name", "path"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        constraints = [models.UniqueConstraint(fields=["bank", "path"], name="question_category_unique_path")]

    def __str__(self) -> str:
        return f"{self.bank} › {self.label}"

    @property
    def label(self) -> str:
        return self.path.replace("/", " › ") if self.path else str(_("Top level"))

    def subtree_filter(self) -> Q:
        """Questions in this category or one below it."""
        if not self.path:
            return Q(category__bank_id=self.bank_id)
        return Q(category__bank_id=self.bank_id) & (
            Q(category__path=self.path) | Q(category__path__startswith=f"{self.path}/")
        )


class Question(index.Indexed, models.Model):
    """One question of a bank, in the GIFT data model: `data` holds the answers per type (see
    `quizzes.gift.ParsedQuestion`). Learners' attempts keep their own copy, so editing a question never changes a
    past attempt. No personal data."""

    category = models.ForeignKey(QuestionCategory, on_delete=models.CASCADE, related_name="questions")
    qtype = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    title = models.CharField(_("title"), max_length=255, blank=True)
    text = models.TextField(_("question text"))
    text_format = models.CharField(_("text format"), max_length=10, choices=TextFormat.choices, default="moodle")
    general_feedback = models.TextField(_("general feedback"), blank=True)
    data = models.JSONField(_("answers"), default=dict, blank=True)
    idnumber = models.CharField(_("ID number"), max_length=100, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    has_embedded_answers = models.BooleanField(
        _("missing word"), default=False, help_text=_("The answers sit inside the text, where “_____” stands.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("text"),
        index.AutocompleteField("title"),
        index.AutocompleteField("text"),
        index.FilterField("qtype"),
        index.FilterField("category"),
    ]

    class Meta:
        ordering = ["category__bank__name", "category__path", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "idnumber"], condition=~Q(idnumber=""), name="question_unique_idnumber"
            ),
        ]

    def __str__(self) -> str:
        label = self.title or self.text
        return label if len(label) <= 80 else f"{label[:79]}…"

    @property
    def is_gradable(self) -> bool:
        return self.qtype in GRADABLE_TYPES

    def as_parsed(self) -> ParsedQuestion:
        """The question in the GIFT data model, as the writer and the graders take it."""
        return ParsedQuestion(
            qtype=self.qtype,
            title=self.title,
            text=self.text,
            text_format=self.text_format,
            general_feedback=self.general_feedback,
            data=self.data,
            category=self.category.path,
            idnumber=self.idnumber,
            tags=list(self.tags),
            has_embedded_answers=self.has_embedded_answers,
            line=0,
        )
