"""The question import in Wagtail's admin, as Wagtail's redirect importer does it: upload → preview (every question
with its type and category, or every error by line) → confirm → summary. Nothing is written before confirm: the
upload waits in the cache under a token only its uploader can use."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from quizzes import scenario_map as maps
from quizzes import services
from quizzes.blocks import ScenarioStreamBlock, VariablesStreamBlock
from quizzes.exceptions import QuestionImportError, QuizError
from quizzes.models import QuestionType, ScenarioPage
from quizzes.question_files import read_question_file
from quizzes.scenarios import (
    ScenarioError,
    build_spec,
    describe,
    nodes_by_key,
    resolve,
    start_key,
    take_choice,
    validate_spec,
)

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
    if context["summary"] is not None and context["summary"].imported:  # nothing to confirm when all are in the bank
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


# --- The scenario map in the page editor ------------------------------------------------------------------------------


def _may_edit_scenarios(user, page_id: str) -> bool:
    """The editor of this scenario page, or (for a page not saved yet) anyone who may add or change pages."""
    if page_id:
        page = Page.objects.filter(pk=page_id if page_id.isdigit() else None).first()
        return page is not None and page.permissions_for_user(user).can_edit()
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change"])


@require_POST
def scenario_map(request):
    """The map, outline and paths of the scenario in the editor's form, unsaved: POST the whole form; nothing is
    written. Answers JSON: the panel's HTML and the blocks a “Leads to” select offers."""
    page_id = request.POST.get("scenario_page_id", "")
    if not _may_edit_scenarios(request.user, page_id):
        raise PermissionDenied
    spec = _posted_spec(request)
    context = maps.panel_context(spec, pass_mark=request.POST.get("pass_mark"), page_id=page_id)
    html = render_to_string("quizzes/admin/scenario_map.html", context, request=request)
    return JsonResponse({"html": html, "targets": context["map"].targets()})


def _posted_spec(request) -> dict:
    try:
        steps = ScenarioStreamBlock().value_from_datadict(request.POST, request.FILES, "steps")
        variables = VariablesStreamBlock().value_from_datadict(request.POST, request.FILES, "variables")
    except (KeyError, ValueError, TypeError):
        # a form that is not the scenario editor's (or a tampered one): an empty map, never a 500
        return {"variables": [], "nodes": []}
    return build_spec(variables=variables, steps=steps, key_by="id")


# --- Play from here ------------------------------------------------------------------------------------------------

SCORE_LIMIT = 1_000_000


def _number(raw, default: int, low: int = -SCORE_LIMIT, high: int = SCORE_LIMIT) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, value))


def scenario_play(request, page_id: int):
    """The trainer plays the scenario's latest saved version as a learner would, from any step and with the
    variables and score he sets. Every move is a GET carrying the state: nothing is recorded, no attempt is made."""
    page = get_object_or_404(ScenarioPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    draft = page.get_latest_revision_as_object()
    spec = draft.editor_spec()
    by_key = nodes_by_key(spec)
    steps = [node for node in spec["nodes"] if node["kind"] == "step"]
    at = request.GET.get("at") or start_key(spec) or ""
    bounds = {v["key"]: (v["minimum"], v["maximum"]) for v in spec["variables"]}
    values = {
        key: _number(request.GET.get(f"var_{key}"), initial, low, high)
        for key, initial, (low, high) in ((v["key"], v["initial"], bounds[v["key"]]) for v in spec["variables"])
    }
    score = _number(request.GET.get("score"), 0)
    context = {
        "page": page,
        "draft": draft,
        "steps": steps,
        "variables": [{**v, "value": values[v["key"]]} for v in spec["variables"]],
        "score": score,
        "at": at,
        "problems": [problem.message for problem in validate_spec(spec)],
        "describe": describe,
    }
    if "play" not in request.GET or at not in by_key:
        context["setup"] = True
        context["unknown_step"] = "play" in request.GET
        return render(request, "quizzes/admin/scenario_play.html", context)
    try:
        here, via = resolve(spec, at, variables=values, score=score)
    except ScenarioError:
        context["setup"] = True
        context["broken"] = True
        return render(request, "quizzes/admin/scenario_play.html", context)
    node = by_key[here]
    context.update(node=node, name=describe(node), via=[describe(by_key[key]) for key in via])
    choice_index = request.GET.get("choice")
    if node["kind"] == "step" and choice_index is not None:
        number = _number(choice_index, -1, -1, len(node["choices"]) - 1)
        choice = node["choices"][number] if number >= 0 else None
        if choice is not None and choice["next"] in by_key:
            try:
                move = take_choice(spec, choice=choice, variables=values, score=score)
            except ScenarioError:
                move = None
            if move is not None:
                context.update(
                    chosen=choice,
                    move=move,
                    next_name=describe(move.node),
                    next_variables=[{**v, "value": move.variables[v["key"]]} for v in spec["variables"]],
                )
    if node["kind"] == "ending":
        context["passes"] = score >= draft.pass_mark
    return render(request, "quizzes/admin/scenario_play.html", context)
