"""Admin forms: uploading a question file, and a question written as GIFT."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from quizzes.gift import parse_gift, write_gift
from quizzes.models import Question, QuestionBank
from quizzes.question_files import FORMATS

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Question file"),
        help_text=_("A GIFT file (.gift or .txt) or a Socialwise JSON export, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".gift,.txt,.json"}),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("gift", _("GIFT (Moodle)")), ("json", _("JSON (a Socialwise export)"))],
        initial="gift",
    )
    bank = forms.CharField(
        label=_("Question bank"),
        max_length=120,
        help_text=_("The name of an existing bank, or a new name to create a bank."),
    )
    category = forms.CharField(
        label=_("Category for questions without one"),
        max_length=255,
        required=False,
        help_text=_("Questions under a $CATEGORY line keep theirs. Separate levels with “/”."),
    )
    allow_duplicates = forms.BooleanField(
        label=_("Import questions already in the bank"),
        required=False,
        help_text=_(
            "A question identical to one in the bank (same type, text and answers) is skipped unless this is ticked."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].widget.attrs["list"] = "question-banks"
        self.bank_names = list(QuestionBank.objects.values_list("name", flat=True))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 2 MB. Split it into smaller files."))
        return upload

    def clean_file_format(self):
        value = self.cleaned_data["file_format"]
        if value not in FORMATS:
            raise ValidationError(_("Choose GIFT or JSON."))
        return value


class QuestionForm(WagtailAdminModelForm):
    """A question is edited as GIFT: one question, with its title, ID number and tags in the GIFT syntax, checked by
    the same parser as the importer."""

    gift_source = forms.CharField(
        label=_("Question in GIFT"),
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        help_text=_(
            "For example: ::Title::Question text?{=Right answer#Why it is right ~Wrong answer#Why it is wrong}. "
            "Write // [id:KC01] and // [tag:crisis] lines above it for an ID number and tags."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["gift_source"] = write_gift([replace(self.instance.as_parsed(), category="")]).strip()

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("gift_source")
        if not source:
            return cleaned
        result = parse_gift(source)
        if result.errors:
            self.add_error(
                "gift_source",
                [_("Line %(line)s: %(message)s") % {"line": e.line, "message": e.message} for e in result.errors],
            )
            return cleaned
        if len(result.questions) != 1 or result.categories:
            self.add_error(
                "gift_source",
                _("Write exactly one question, without a $CATEGORY line (found %(n)s questions).")
                % {"n": len(result.questions)},
            )
            return cleaned
        parsed = result.questions[0]
        for name in (
            "qtype",
            "title",
            "text",
            "text_format",
            "general_feedback",
            "data",
            "idnumber",
            "has_embedded_answers",
        ):
            setattr(self.instance, name, getattr(parsed, name))
        self.instance.tags = list(parsed.tags)
        try:
            self.instance.full_clean(exclude=["category"], validate_constraints=False)
        except ValidationError as error:
            for messages in error.message_dict.values():
                self.add_error("gift_source", messages)
        category = cleaned.get("category")
        if (
            category
            and parsed.idnumber
            and Question.objects.filter(category=category, idnumber=parsed.idnumber)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error(
                "gift_source",
                _("Another question in this category already has the ID number “%(id)s”.") % {"id": parsed.idnumber},
            )
        return cleaned
