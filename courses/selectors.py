"""Reads for the learner's screens. Query counts do not grow with the number of courses, modules or blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page

from courses import audiences, hooks, pacing
from courses.models import (
    Audience,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    ProgressState,
    ReflectionAnswer,
)

if TYPE_CHECKING:
    from people.models import User


@dataclass
class ModuleRow:
    module: ModulePage
    state: int = ProgressState.NOT_STARTED
    number: int = 0
    # Paced courses: when the module opens for this learner, set only while it is still closed.
    opens_at: datetime | None = None

    @property
    def is_locked(self) -> bool:
        return self.opens_at is not None

    @property
    def state_label(self) -> str:
        return ProgressState(self.state).label

    @property
    def tag(self) -> str:
        """The status tag's kind (templates/includes/tag.html), one vocabulary on every learner page."""
        if self.is_locked:
            return "locked"
        return {ProgressState.COMPLETED: "done", ProgressState.IN_PROGRESS: "progress"}.get(self.state, "todo")

    @property
    def is_completed(self) -> bool:
        return self.state == ProgressState.COMPLETED


@dataclass
class CourseCard:
    course: CoursePage
    enrolment: Enrolment | None = None
    modules: list[ModuleRow] = field(default_factory=list)
    for_you: bool = (
        False  # the catalogue's "For you": written for the learner's audience or assigned to their department
    )

    @property
    def audiences(self) -> list[str]:
        """Who the course is written for, as its pages say: its audience, then those its modules name."""
        return audiences.course_audiences(self.course, [row.module for row in self.modules])

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels[a]) for a in self.audiences if a in labels]

    @property
    def audience_summary(self) -> str:
        """At most three audiences, then how many more ("All staff, Managers, Operations +3")."""
        labels = self.audience_labels
        return ", ".join(labels[:3]) + (f" +{len(labels) - 3}" if len(labels) > 3 else "")

    @property
    def minutes(self) -> int:
        return sum(row.module.minutes for row in self.modules)

    @property
    def percent(self) -> int:
        return self.enrolment.progress_percent if self.enrolment else 0

    @property
    def modules_done(self) -> int:
        return sum(1 for row in self.modules if row.is_completed)

    @property
    def next_module(self) -> ModulePage | None:
        """Where "Continue" goes: the last module visited unless it is done, else the first one not done."""
        if not self.modules:
            return None
        last_id = self.enrolment.last_module_id if self.enrolment else None
        for row in self.modules:
            if row.module.pk == last_id and not row.is_completed and not row.is_locked:
                return row.module
        for row in self.modules:
            if not row.is_completed and row.module.required and not row.is_locked:
                return row.module
        for row in self.modules:
            if not row.is_completed and not row.is_locked:
                return row.module
        return None

    @property
    def next_module_number(self) -> int | None:
        """The place of `next_module` in the course (1 for the first), for "Module 2 of 6"."""
        module = self.next_module
        return next((row.number for row in self.modules if module is not None and row.module.pk == module.pk), None)

    @property
    def completed_modules(self) -> int:
        return sum(1 for row in self.modules if row.is_completed)

    @property
    def next_opening(self) -> ModuleRow | None:
        """The next module still to open for this learner (paced courses), for "opens on …"."""
        return next((row for row in self.modules if row.is_locked), None)

    @property
    def is_overdue(self) -> bool:
        e = self.enrolment
        return bool(e and e.due_on and e.completed_at is None and e.due_on < timezone.localdate())


def _live_modules_of(courses: list[CoursePage]) -> dict[str, list[ModulePage]]:
    """Live modules of several courses in one query, keyed by course path, in tree order."""
    if not courses:
        return {}
    steplen = ModulePage.steplen
    modules = (
        ModulePage.objects.live()
        .filter(reduce(or_, [Q(path__startswith=c.path, depth=c.depth + 1) for c in courses]))
        .order_by("path")
    )
    by_course: dict[str, list[ModulePage]] = {c.path: [] for c in courses}
    for module in modules:
        by_course.setdefault(module.path[:-steplen], []).append(module)
    return by_course


def _cards(courses: list[CoursePage], enrolments: dict[int, Enrolment]) -> list[CourseCard]:
    modules = _live_modules_of(courses)
    states: dict[tuple[int, int], int] = {}
    if enrolments:
        for enrolment_id, module_id, state in ModuleProgress.objects.filter(
            enrolment_id__in=[e.pk for e in enrolments.values()]
        ).values_list("enrolment_id", "module_id", "state"):
            states[(enrolment_id, module_id)] = state
    cards = []
    for course in courses:
        enrolment = enrolments.get(course.pk)
        rows = [
            ModuleRow(module=m, number=i, state=states.get((enrolment.pk, m.pk), 0) if enrolment else 0)
            for i, m in enumerate(modules.get(course.path, []), start=1)
        ]
        _mark_locked(course, enrolment, rows)
        cards.append(CourseCard(course=course, enrolment=enrolment, modules=rows))
    return cards


def _mark_locked(course: CoursePage, enrolment: Enrolment | None, rows: list[ModuleRow]) -> None:
    """Set `opens_at` on the rows of a paced course that have not opened for this learner. A completed enrolment and
    a completed module are never locked: pacing holds back what is to come, never what is done."""
    if not pacing.is_paced(course) or (enrolment is not None and enrolment.completed_at is not None):
        return
    starts_on = pacing.release_start(enrolment)
    now = timezone.now()
    for row in rows:
        opens_at = pacing.opens_at(course, starts_on, row.number)
        if opens_at > now and not row.is_completed:
            row.opens_at = opens_at


def module_lock(*, user: User, module: ModulePage, course: CoursePage | None = None) -> datetime | None:
    """When `module` opens for `user`, or None when it is open to them. Three queries at most (course, enrolment,
    live modules); none for a course released all at once."""
    course = course or CoursePage.objects.get(path=module.path[: -module.steplen])
    if not pacing.is_paced(course):
        return None
    enrolment = (
        Enrolment.objects.filter(user=user, course=course, is_current=True).first() if user.is_authenticated else None
    )
    card = _cards([course], {course.pk: enrolment} if enrolment else {})[0]
    row = next((r for r in card.modules if r.module.pk == module.pk), None)
    return row.opens_at if row else None


def dashboard_cards(*, user: User) -> list[CourseCard]:
    """The learner's current enrolments in live courses: assigned first (by due date), then started ones.
    Three queries whatever the number of courses: enrolments with courses, modules, progress rows."""
    enrolments = list(
        Enrolment.objects.filter(user=user, is_current=True, course__live=True)
        .select_related("course", "course__cover_image")
        .order_by("-required", "completed_at", "due_on", "-last_activity_at", "course__title")
    )
    return _cards([e.course for e in enrolments], {e.course_id: e for e in enrolments})


def catalogue_courses(
    *, index: CourseIndexPage, audience: str | None, user: User, department: str | None = None
) -> list[CourseCard]:
    """Live courses in the catalogue with the learner's own progress, "For you" first: those written for one of the
    learner's audiences or assigned to their department. `audience` keeps the courses written for it (the course's
    audience or one its modules name); `department` those assigned to that department (or one above it). A fixed
    number of queries: courses, modules, enrolments, progress, and the department source's own."""
    course_list = list(CoursePage.objects.live().child_of(index).select_related("cover_image").order_by("path"))
    departments = hooks.catalogue_departments(user=user)
    if department:
        wanted = departments.course_ids.get(department, set())
        course_list = [c for c in course_list if c.pk in wanted]
    enrolments = {
        e.course_id: e
        for e in Enrolment.objects.filter(user=user, is_current=True, course__in=[c.pk for c in course_list])
    }
    cards = _cards(course_list, enrolments)
    if audience:
        cards = [card for card in cards if audience in card.audiences]
    mine = audiences.learner_audiences(user) - {Audience.ALL_STAFF.value}
    for card in cards:
        card.for_you = bool(mine & set(card.audiences)) or card.course.pk in departments.own_course_ids
    return sorted(cards, key=lambda card: not card.for_you)


def catalogue_department_choices(*, user: User) -> list[tuple[str, str]]:
    """The departments the catalogue can filter by, as (code, name)."""
    return hooks.catalogue_departments(user=user).choices


def course_outline(*, user: User, course: CoursePage) -> CourseCard:
    enrolment = Enrolment.objects.filter(user=user, course=course, is_current=True).first()
    return _cards([course], {course.pk: enrolment} if enrolment else {})[0]


def module_context(*, user: User, module: ModulePage) -> dict:
    """Everything the module page shows around its body: position in the course, previous/next, states, quizzes
    and the learner's own reflection answers."""
    course = CoursePage.objects.get(path=module.path[: -module.steplen])
    outline = course_outline(user=user, course=course)
    ids = [row.module.pk for row in outline.modules]
    position = ids.index(module.pk) if module.pk in ids else None
    row = outline.modules[position] if position is not None else ModuleRow(module=module)
    if row.is_locked:
        # Nothing of a module that has not opened is shown, so neither are the learner's answers to it.
        return {
            "course": course,
            "outline": outline,
            "module_row": row,
            "position": position + 1,
            "locked_until": row.opens_at,
            "previous_module": outline.modules[position - 1].module if position else None,
            "next_module": None,
            "quizzes": [],
            "reflection_answers": {},
        }
    answers = (
        dict(ReflectionAnswer.objects.filter(user=user, module=module).values_list("block_id", "text"))
        if user.is_authenticated
        else {}
    )
    return {
        "course": course,
        "outline": outline,
        "module_row": row,
        "position": (position + 1) if position is not None else None,
        "previous_module": outline.modules[position - 1].module if position else None,
        "next_module": outline.modules[position + 1].module
        if position is not None and position + 1 < len(outline.modules)
        else None,
        "quizzes": list(module.live_quizzes()),
        "reflection_answers": answers,
        "locked_until": None,
    }


def due_soon(*, user: User, today: date) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(user=user, is_current=True, completed_at=None, due_on__isnull=False)
        .select_related("course")
        .order_by("due_on")
    )


@dataclass
class CourseCompletion:
    """What the course-complete page shows: the learner's own finished course, what it covered, what comes next."""

    card: CourseCard
    outcomes: list[str]
    next_cards: list[CourseCard]
    refresher_days: int | None  # in how many days the next refresher comes, None when none is still to come


def course_completion(*, user: User, course: CoursePage, next_limit: int = 3) -> CourseCompletion | None:
    """The learner's own completed current enrolment in `course`, or None when they have not completed it (nobody
    else's enrolment is ever read). "Next" lists their unfinished courses (assigned first, by due date), then live
    catalogue courses they have not begun, for their audience first. Six queries at most."""
    from django.conf import settings

    card = course_outline(user=user, course=course)
    if card.enrolment is None or card.enrolment.completed_at is None:
        return None
    unfinished = [
        c
        for c in dashboard_cards(user=user)
        if c.course.pk != course.pk and c.enrolment and c.enrolment.completed_at is None
    ]
    next_cards = unfinished[:next_limit]
    if len(next_cards) < next_limit:
        taken = Enrolment.objects.filter(user=user, is_current=True).values("course_id")
        fresh = list(
            CoursePage.objects.live()
            .public()
            .exclude(pk=course.pk)
            .exclude(pk__in=taken)
            .select_related("cover_image")
            .order_by("path")
        )
        modules = _live_modules_of(fresh)
        fresh.sort(key=lambda c: not for_you(course=c, user=user, modules=modules.get(c.path, [])))
        next_cards += _cards(fresh[: next_limit - len(next_cards)], {})
    # Refreshers come so many days after the completion (practice/services.py): say when the next one is, if any.
    since = (timezone.localdate() - timezone.localtime(card.enrolment.completed_at).date()).days
    upcoming = [days - since for days in getattr(settings, "PRACTICE_REFRESHER_DAYS", []) if days > since]
    return CourseCompletion(
        card=card,
        outcomes=[str(block.value) for block in course.outcomes],
        next_cards=next_cards,
        refresher_days=upcoming[0] if upcoming else None,
    )


def for_you(*, course: CoursePage, user: User, modules: list[ModulePage] | None = None) -> bool:
    """Whether the course is written for one of the learner's audiences (the catalogue's "For you")."""
    mine = audiences.learner_audiences(user) - {Audience.ALL_STAFF.value}
    return bool(mine & set(audiences.course_audiences(course, modules or [])))


MAX_SEARCH_RESULTS = 20
MAX_QUERY_LENGTH = 100


@dataclass
class SearchHit:
    """One search result: a course or a module the learner may open, with a snippet around the words found."""

    page: CoursePage | ModulePage
    course: CoursePage
    snippet: str  # safe HTML: escaped text with <mark> around the query's words

    @property
    def is_course(self) -> bool:
        return isinstance(self.page, CoursePage)


def clean_search_query(raw: str | None) -> str:
    """The query as searched: control characters (NUL included) removed, spaces collapsed, at most 100 characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_learning(*, user: User, query: str) -> list[SearchHit]:
    """Courses and modules matching `query` (Wagtail search: titles, summaries and every block's text), best first,
    only from live, unrestricted courses, and never a module of a paced course that has not opened for the learner.
    At most 20 results; a query count that does not grow with the number of hits' courses beyond one outline each."""
    if not query:
        return []
    modules = list(
        ModulePage.objects.live().public().search(query, operator="or")[: MAX_SEARCH_RESULTS * 2]  # type: ignore[index]
    )
    courses = list(CoursePage.objects.live().public().search(query, operator="or")[:MAX_SEARCH_RESULTS])
    course_by_path = {c.path: c for c in CoursePage.objects.live().public()}
    hits: list[SearchHit] = []
    for course in courses:
        hits.append(SearchHit(page=course, course=course, snippet=highlight(_course_text(course), query)))
    locked: dict[int, set[int]] = {}
    for module in modules:
        course = course_by_path.get(module.path[: -module.steplen])
        if course is None:  # the course is unpublished or private: its modules are not open to anyone
            continue
        if pacing.is_paced(course):
            if course.pk not in locked:
                outline = course_outline(user=user, course=course)
                locked[course.pk] = {row.module.pk for row in outline.modules if row.is_locked}
            if module.pk in locked[course.pk]:
                continue
        hits.append(SearchHit(page=module, course=course, snippet=highlight(_module_text(module), query)))
    return hits[:MAX_SEARCH_RESULTS]


def _course_text(course: CoursePage) -> str:
    from django.utils.html import strip_tags

    parts = [course.summary, strip_tags(course.intro or "")]
    parts += [str(block.value) for block in course.outcomes]
    return " ".join(p for p in parts if p)


def _module_text(module: ModulePage) -> str:
    parts = [module.summary]
    for block in module.body:
        parts += [str(text) for text in block.block.get_searchable_content(block.value)]
    return " ".join(p for p in parts if p)


def highlight(text: str, query: str, *, width: int = 180) -> str:
    """A window of `text` around the first word of `query` found in it, escaped, with every query word (from the start
    of a word, any case) wrapped in <mark>. The start of the text when no word is found."""
    import re

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text = " ".join(text.split())
    words = sorted({w for w in re.findall(r"\w+", query.lower()) if len(w) > 1}, key=len, reverse=True)
    if not words:
        return escape(text[:width])
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    found = pattern.search(text)
    start = 0
    if found:
        start = max(0, found.start() - width // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < found.start() else start
    window = text[start : start + width]
    cut = window.rfind(" ") if start + width < len(text) else len(window)
    window = window[: cut if cut > width // 2 else len(window)]
    pieces, last = [], 0
    for match in pattern.finditer(window):
        pieces += [escape(window[last : match.start()]), "<mark>", escape(match.group(0)), "</mark>"]
        last = match.end()
    pieces.append(escape(window[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + len(window) < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 (every piece of text is escaped above)


@dataclass(frozen=True)
class CourseDraft:
    page: Page
    revision_id: int


def course_drafts(*, course: CoursePage) -> list[CourseDraft]:
    """The modules and quizzes of `course` whose latest revision is not live (new pages included), in tree order:
    what a review of the course covers. Two queries whatever the size of the course."""
    pages = Page.objects.descendant_of(course).filter(has_unpublished_changes=True).order_by("path")
    return [
        CourseDraft(page=page, revision_id=page.latest_revision_id)
        for page in pages.select_related("content_type")
        if page.latest_revision_id
    ]
