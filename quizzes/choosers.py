"""The question chooser a knowledge check's "Question" block opens: each question with its bank, category, type and
the first words of its text, filters by bank, category and type besides the search, and a preview of the whole
question (its GIFT source: text, answers, feedback) that opens in place, without a script."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from quizzes.gift import write_gift
from quizzes.models import QuestionBank, QuestionCategory, QuestionType

FIRST_WORDS = 12
RELOADS = {"data-chooser-modal-search-filter": True}  # Wagtail's modal reloads the results when one changes


class QuestionFilterForm(SearchFilterMixin, BaseFilterForm):
    bank = forms.ModelChoiceField(
        label=_("Bank"),
        queryset=QuestionBank.objects.order_by("name"),
        required=False,
        empty_label=_("All banks"),
        widget=forms.Select(attrs=RELOADS),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=QuestionCategory.objects.select_related("bank").order_by("bank__name", "path"),
        required=False,
        empty_label=_("All categories"),
        widget=forms.Select(attrs=RELOADS),
    )
    qtype = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("All types")), *QuestionType.choices],
        required=False,
        widget=forms.Select(attrs=RELOADS),
    )

    def filter(self, objects):
        # Filters before the search: the search index filters on `category` and `qtype` only, so a bank is a set of
        # categories.
        data = self.cleaned_data
        if data.get("bank"):
            objects = objects.filter(category__in=QuestionCategory.objects.filter(bank=data["bank"]))
        if data.get("category"):
            objects = objects.filter(category=data["category"])
        if data.get("qtype"):
            objects = objects.filter(qtype=data["qtype"])
        return super().filter(objects)


def first_words(question) -> str:
    return Truncator(" ".join(strip_tags(question.text).split())).words(FIRST_WORDS, truncate="…")


def preview(question) -> str:
    source = write_gift([replace(question.as_parsed(), category="")]).strip()
    return format_html(
        '<details class="sw-question-preview"><summary>{}</summary><pre>{}</pre></details>', _("Preview"), source
    )


class QuestionChooseViewMixin:
    filter_form_class = QuestionFilterForm
    per_page = 20

    def dispatch(self, request, *args, **kwargs):
        # The list previews each question's GIFT, feedback and right answers included: for question authors only
        # (a manager, in the admin for their reports, could open it; found by tests/security/test_sweep.py).
        if not request.user.has_perm("quizzes.change_question"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        return super().get_object_list().select_related("category__bank")

    @property
    def columns(self):
        return [
            *super().columns,
            Column("bank", label=_("Bank"), accessor=lambda q: q.category.bank.name),
            Column("category", label=_("Category"), accessor=lambda q: q.category.label),
            Column("qtype", label=_("Type"), accessor="get_qtype_display"),
            Column("text", label=_("Text"), accessor=first_words),
            Column("preview", label=_("Preview"), accessor=preview),
        ]


class QuestionChooseView(QuestionChooseViewMixin, ChooseView):
    pass


class QuestionChooseResultsView(QuestionChooseViewMixin, ChooseResultsView):
    pass


class QuestionChooserViewSet(SnippetChooserViewSet):
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
