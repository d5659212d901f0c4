"""The question import in Wagtail's admin, as Wagtail's redirect importer does it: upload → preview (every question
with its type and category, or every error by line) → confirm → summary. Nothing is written before confirm: the
upload waits in the cache under a token only its uploader can use."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quizzes import services
from quizzes.exceptions import QuestionImportError, QuizError
from quizzes.models import QuestionType
from quizzes.question_files import read_question_file

UPLOAD_SECONDS = 60 * 60


def _require_import_permission(request) -> None:
    if not request.user.has_perm("quizzes.add_question"):
        raise PermissionDenied


def _key(request, token: str, what: str) -> str:
    return f"quizzes:question-import:{request.user.pk}:{token}:{what}"


def _preview(request, *, upload: dict, token: str = "") -> dict:
    """Read the upload and try it without writing: every question, or every error by line."""
    found = read_question_file(
        content=upload["content"], file_format=upload["file_format"], default_category=upload["category"]
    )
    errors = list(found.errors)
    summary = None
    if not errors:
        try:
            summary = services.import_questions(
                bank_name=upload["bank"],
                questions=found.questions,
                dry_run=True,
                allow_duplicates=upload.get("allow_duplicates", False),
            )
        except QuestionImportError as error:
            errors = error.errors
        except QuizError as error:
            errors = []
            messages.error(request, str(error))
    type_labels = dict(QuestionType.choices)
    return {
        "upload": upload,
        "token": token,
        "errors": errors,
        "summary": summary,
        "questions": [
            {
                "line": q.line,
                "type": type_labels[q.qtype],
                "missing_word": q.has_embedded_answers,
                "category": q.category,
                "title": q.title,
                "text": q.text,
            }
            for q in found.questions
        ]
        if not errors
        else [],
    }


def upload_view(request):
    """Step 1 and 2: the upload form, then its preview with a confirm button (or the errors)."""
    from quizzes.forms import QuestionImportForm

    _require_import_permission(request)
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "quizzes/admin/import_upload.html", {"form": form})
    upload = {
        "name": form.cleaned_data["file"].name,
        "content": form.cleaned_data["file"].read(),
        "file_format": form.cleaned_data["file_format"],
        "bank": form.cleaned_data["bank"].strip(),
        "category": form.cleaned_data["category"].strip(),
        "allow_duplicates": form.cleaned_data["allow_duplicates"],
    }
    token = secrets.token_urlsafe(16)
    context = _preview(request, upload=upload, token=token)
    if context["summary"] is not None:
        cache.set(_key(request, token, "upload"), upload, UPLOAD_SECONDS)
    return render(request, "quizzes/admin/import_preview.html", context)


@require_POST
def confirm_view(request):
    """Step 3: import what the preview showed, once. A second confirm of the same upload shows the same summary."""
    _require_import_permission(request)
    token = request.POST.get("token", "")
    summary_key = _key(request, token, "summary")
    upload = cache.get(_key(request, token, "upload")) if token else None
    if upload is None or not cache.add(_key(request, token, "claimed"), True, UPLOAD_SECONDS):
        if token and cache.get(summary_key) is not None:
            return redirect("quizzes_question_import:summary", token=token)
        messages.error(request, _("This upload has expired or was already imported. Upload the file again."))
        return redirect("quizzes_question_import:upload")
    found = read_question_file(
        content=upload["content"], file_format=upload["file_format"], default_category=upload["category"]
    )
    try:
        if found.errors:
            raise QuestionImportError(found.errors)
        summary = services.import_questions(
            bank_name=upload["bank"], questions=found.questions, allow_duplicates=upload.get("allow_duplicates", False)
        )
    except (QuestionImportError, QuizError):
        # The bank changed since the preview (an ID number taken meanwhile): show why, write nothing.
        cache.delete(_key(request, token, "claimed"))
        context = _preview(request, upload=upload, token=token)
        return render(request, "quizzes/admin/import_preview.html", context)
    cache.delete(_key(request, token, "upload"))
    cache.set(summary_key, {"name": upload["name"], **summary.__dict__}, UPLOAD_SECONDS)
    return redirect("quizzes_question_import:summary", token=token)


def summary_view(request, token: str):
    """Step 4: what was imported."""
    _require_import_permission(request)
    summary = cache.get(_key(request, token, "summary"))
    if summary is None:
        return redirect("quizzes_question_import:upload")
    type_labels = dict(QuestionType.choices)
    return render(
        request,
        "quizzes/admin/import_summary.html",
        {
            "summary": summary,
            "by_type": [(type_labels[qtype], n) for qtype, n in summary["by_type"].items() if n],
            "questions_url": reverse("wagtailsnippets_quizzes_question:list"),
        },
    )
