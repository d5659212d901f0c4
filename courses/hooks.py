"""What other apps plug into `courses` without `courses` importing them: they register from their
AppConfig.ready(), and courses calls what is registered.

- Completion listeners are called with `enrolment=` inside the transaction that records a course completion: they may
  write their own rows there (they commit or roll back with the completion) and queue work with
  `transaction.on_commit`, nothing slower. `certificates` and `practice` register one.
- Fragments are pieces of HTML that higher apps add to the learner's pages (courses' templates render them through
  `{% load course_fragments %}`, so they load no other app's tag library):
  - a dashboard panel, `panel(request=)`, shown under the dashboard's heading (practice: refreshers and sessions);
  - a card note, `note(request=, enrolments=)`, called once per page with every card's enrolment and returning
    `{enrolment id: html}`, shown on that course card (certificates: the download link), one query per page at most;
  - a module fragment, `fragment(request=, module=)`, shown above a module's body (practice: earlier task notes);
  - a block fragment for one block type, `fragment(request=, module=, block_id=, value=)`, shown inside that block
    (practice: the note form under a practice task).
  Each returns "" when it has nothing to add; what it returns is rendered as HTML, so it must come from a template.
- A completion award, `award(request=, enrolment=)` returning a short plain-text label for the link to the
  course-complete page ("Get your certificate"), or "" when this enrolment earned nothing from that app; the first
  label wins, and without one the link says "See your course summary" (certificates registers one).
- A catalogue department source, `source(user=)` returning `CatalogueDepartments`: the departments the catalogue can
  filter by and the courses assigned to each (people: its departments and assignments)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.html import format_html_join

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.utils.safestring import SafeString

    from courses.models import Enrolment, ModulePage

CompletionListener = Callable[..., None]
Fragment = Callable[..., str]
CardNote = Callable[..., dict[int, str]]
CompletionAward = Callable[..., str]


@dataclass
class CatalogueDepartments:
    """The catalogue's department filter: choices as (code, name), the live assignments' courses for each department
    (an assignment to a department reaches the ones below it), and those of the learner's own department."""

    choices: list[tuple[str, str]] = field(default_factory=list)
    course_ids: dict[str, set[int]] = field(default_factory=dict)
    own_course_ids: set[int] = field(default_factory=set)


CatalogueSource = Callable[..., CatalogueDepartments]
_catalogue_sources: list[CatalogueSource] = []

_completion_listeners: list[CompletionListener] = []
_dashboard_panels: list[Fragment] = []
_card_notes: list[CardNote] = []
_module_fragments: list[Fragment] = []
_block_fragments: dict[str, list[Fragment]] = {}
_completion_awards: list[CompletionAward] = []


def _add(registry: list, item) -> None:
    if item not in registry:  # registering twice keeps one
        registry.append(item)


def _join(fragments: list[str]) -> SafeString:
    # format_html escapes anything not already marked safe: a fragment must come from a template.
    return format_html_join("", "{}", ((fragment,) for fragment in fragments if fragment))


# --- Completion listeners --------------------------------------------------------------------------------------------
def register_completion_listener(listener: CompletionListener) -> None:
    """Call `listener(enrolment=…)` on every course completion from now on."""
    _add(_completion_listeners, listener)


def notify_course_completed(*, enrolment: Enrolment) -> None:
    for listener in list(_completion_listeners):
        listener(enrolment=enrolment)


# --- Fragments on the learner's pages --------------------------------------------------------------------------------
def register_dashboard_panel(panel: Fragment) -> None:
    _add(_dashboard_panels, panel)


def register_card_note(note: CardNote) -> None:
    _add(_card_notes, note)


def register_module_fragment(fragment: Fragment) -> None:
    _add(_module_fragments, fragment)


def register_block_fragment(block_type: str, fragment: Fragment) -> None:
    _add(_block_fragments.setdefault(block_type, []), fragment)


def dashboard_panels(*, request: HttpRequest) -> SafeString:
    return _join([panel(request=request) for panel in _dashboard_panels])


def card_notes(*, request: HttpRequest, enrolments: list[Enrolment]) -> dict[int, SafeString]:
    """Every registered note for these enrolments, joined per enrolment id (one call to each provider)."""
    found: dict[int, list[str]] = {}
    if enrolments:
        for note in _card_notes:
            for enrolment_id, html in note(request=request, enrolments=enrolments).items():
                found.setdefault(enrolment_id, []).append(html)
    return {enrolment_id: _join(parts) for enrolment_id, parts in found.items()}


def module_fragments(*, request: HttpRequest, module: ModulePage) -> SafeString:
    return _join([fragment(request=request, module=module) for fragment in _module_fragments])


def block_fragments(*, block_type: str, request: HttpRequest, module: ModulePage, block_id: str, value) -> SafeString:
    return _join(
        [
            fragment(request=request, module=module, block_id=block_id, value=value)
            for fragment in _block_fragments.get(block_type, [])
        ]
    )


def register_completion_award(award: CompletionAward) -> None:
    _add(_completion_awards, award)


def completion_award(*, request: HttpRequest, enrolment: Enrolment | None) -> str:
    """The first registered award's label for this completed enrolment, or "" (plain text: templates escape it)."""
    if not enrolment or enrolment.completed_at is None:
        return ""
    for award in list(_completion_awards):
        label = award(request=request, enrolment=enrolment)
        if label:
            return str(label)
    return ""


def register_catalogue_departments(source: CatalogueSource) -> None:
    _add(_catalogue_sources, source)


def catalogue_departments(*, user) -> CatalogueDepartments:
    """What every registered source says, merged; empty when no app registered one."""
    merged = CatalogueDepartments()
    for source in list(_catalogue_sources):
        found = source(user=user)
        merged.choices += found.choices
        for code, ids in found.course_ids.items():
            merged.course_ids.setdefault(code, set()).update(ids)
        merged.own_course_ids |= found.own_course_ids
    return merged
