"""The "Quizzes" admin menu: question banks, categories, questions and the question import."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from quizzes import admin_views
from quizzes.choosers import QuestionChooserViewSet
from quizzes.forms import QuestionForm
from quizzes.models import Question, QuestionBank, QuestionCategory


class QuestionBankViewSet(SnippetViewSet):
    model = QuestionBank
    icon = "folder-inverse"
    menu_label = _("Question banks")
    list_display = ["name", "description", "created_at"]
    list_export = ["name", "description", "created_at"]
    search_fields = ["name", "description"]
    ordering = ["name"]
    panels = [FieldPanel("name"), FieldPanel("description")]


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Question categories")
    list_display = ["label", "bank"]
    list_filter = ["bank"]
    list_export = ["bank", "path"]
    search_fields = ["path"]
    ordering = ["bank__name", "path"]
    panels = [FieldPanel("bank"), FieldPanel("path")]


class QuestionIndexView(IndexView):
    """A search goes through the search index, which cannot order by the bank's name (a related field): every search
    of the question list was a 500. Searched, questions come best match first."""

    def get_ordering(self):
        return None if self.is_searching else super().get_ordering()


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    chooser_viewset_class = QuestionChooserViewSet
    menu_label = _("Questions")
    list_display = ["__str__", "qtype", "category", "updated_at"]
    list_filter = ["qtype", "category__bank", "category"]
    list_export = ["title", "qtype", "category", "text", "idnumber", "updated_at"]
    # Searched through the model's search index (title and text); naming fields here trips the SQLite backend.
    ordering = ["category__bank__name", "category__path", "pk"]
    index_view_class = QuestionIndexView
    edit_handler = ObjectList([FieldPanel("category"), FieldPanel("gift_source")], base_form_class=QuestionForm)

    def get_queryset(self, request):
        return Question.objects.select_related("category__bank")


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("quizzes.add_question")


class QuestionImportViewSet(ViewSet):
    """Upload a GIFT or JSON file of questions, check the preview, confirm."""

    name = "quizzes_question_import"
    url_prefix = "quizzes/import"
    icon = "upload"
    menu_label = _("Import questions")
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [
            path("", admin_views.upload_view, name="upload"),
            path("confirm/", admin_views.confirm_view, name="confirm"),
            path("summary/<str:token>/", admin_views.summary_view, name="summary"),
        ]

    def get_menu_item(self, order=None):
        return ImportMenuItem(
            self.menu_label,
            reverse("quizzes_question_import:upload"),
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=order or 1000,
        )


class QuizzesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Quizzes")
    menu_icon = "help"
    menu_order = 250
    items = (QuestionBankViewSet, QuestionCategoryViewSet, QuestionViewSet, QuestionImportViewSet)
