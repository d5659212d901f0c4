"""The manager's team pages and a person's own data download. Each view checks who may see what, calls one
selector or service and renders. A manager sees only their own reports: anyone else's ids answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import CoursePage
from people import personal_data, selectors, services
from people.exceptions import PeopleError, ReminderTooSoon
from people.models import AuditLog, User

TEAM_PAGE_SIZE = 50


def _team_member_or_404(request, user_id: int) -> tuple[User, int]:
    level = selectors.team_level_of(manager=request.user, person_id=user_id)
    if level is None:
        raise Http404(_("This person is not in your team."))
    return get_object_or_404(User, pk=user_id, is_active=True), level


@login_required
def team(request):
    if not selectors.has_reports(user=request.user):
        raise PermissionDenied(_("The team page is for people with someone reporting to them."))
    request.user._has_team = True  # the menu's check, already answered
    today = timezone.localdate()
    scope = "direct" if request.GET.get("scope") == "direct" else "all"
    show = "overdue" if request.GET.get("show") == "overdue" else "all"
    ids = selectors.team_members(
        manager=request.user, today=today, direct_only=scope == "direct", overdue_only=show == "overdue"
    )
    page = Paginator(ids, TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    members = selectors.team_progress(manager=request.user, today=today, user_ids=list(page.object_list))
    summary = selectors.team_summary(manager=request.user, today=today, direct_only=scope == "direct")
    return render(
        request,
        "people/team.html",
        {
            "members": members,
            "page": page,
            "scope": scope,
            "show": show,
            "summary": summary,
            "total": page.paginator.count,
            "today": today,
        },
    )


@login_required
def team_member(request, user_id: int):
    person, level = _team_member_or_404(request, user_id)
    request.user._has_team = True  # the menu's check, already answered
    today = timezone.localdate()
    member = selectors.team_progress(manager=request.user, today=today, user_ids=[person.pk], levels={person.pk: level})
    if not member:
        raise Http404(_("This person is not in your team."))
    return render(
        request,
        "people/team_member.html",
        {"member": member[0], "history": selectors.earlier_cycles(user=person), "today": today},
    )


@login_required
@require_POST
def remind(request, user_id: int, course_id: int):
    person, _level = _team_member_or_404(request, user_id)
    course = get_object_or_404(CoursePage, pk=course_id)
    try:
        services.send_course_reminder(sent_by=request.user, person=person, course=course)
    except ReminderTooSoon as error:
        # A second click (the page open in two tabs, or two managers): the reminder already went, so no error.
        messages.info(request, str(error))
    except PeopleError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Reminder sent to %(name)s about “%(course)s”.")
            % {"name": person.get_full_name() or person.email, "course": course.title},
        )
    return redirect("people:team-member", user_id=person.pk)


@login_required
def my_data(request):
    return render(request, "people/personal_data.html", {})


@login_required
@require_POST
def my_data_summary(request):
    """The same export as the download, as a page a person can read (built from the export, not read again)."""
    data = personal_data.export_user_data(user=request.user)
    sections = personal_data.summary_sections(data)
    services.record_audit(
        actor=request.user,
        action=AuditLog.Action.PERSONAL_DATA_EXPORTED,
        subject=request.user,
        summary=_("A person viewed a summary of their own personal data."),
    )
    return render(
        request,
        "people/personal_data_summary.html",
        {
            "exported_at": data["exported_at"],
            # Kinds of record with nothing in them are named once at the end, so the page is as long as the data.
            "sections": [section for section in sections if section.rows],
            "empty": [section.title for section in sections if not section.rows],
        },
    )


@login_required
@require_POST
def my_data_download(request):
    payload = personal_data.export_json(user=request.user)
    services.record_audit(
        actor=request.user,
        action=AuditLog.Action.PERSONAL_DATA_EXPORTED,
        subject=request.user,
        summary=_("A person downloaded their own personal data."),
    )
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="socialwise-my-data-{timezone.localdate():%Y-%m-%d}.json"'
    return response
