"""Who a course is written for, as the learner reads it: the course's audience plus the audiences its modules name
("Written for Executives, Managers"), and which of those a learner belongs to. The catalogue's filters and its
"For you" group use these, so a filter finds what the course pages say."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from courses.models import Audience

if TYPE_CHECKING:
    from courses.models import CoursePage, ModulePage
    from people.models import User

# The words a module's "Written for" may use for each audience, besides its value and label.
_EXTRA_WORDS = {
    Audience.EXECUTIVES: {"executive", "leaders", "executive team"},
    Audience.MANAGERS: {"manager", "team leaders"},
    Audience.ALL_STAFF: {"everyone", "staff"},
    Audience.CUSTOMER_SERVICE: {"customer care"},
    Audience.OPERATIONS: {"ops"},
    Audience.HR: {"hr", "people and hr", "people"},
    Audience.PRODUCT: {"product", "digital", "product and digital"},
    Audience.COMMUNICATIONS: {"communications", "brand", "pr", "brand and communications"},
}
_WORDS: dict[str, str] = {}
for _audience in Audience:
    for _word in {_audience.value.replace("_", " "), str(_audience.label).lower(), *_EXTRA_WORDS.get(_audience, ())}:
        _WORDS[_word.replace("&", "and")] = _audience.value

# A person's organisational audience (people.Profile.audience) → the catalogue audience written for them.
PROFILE_AUDIENCES = {"executive": Audience.EXECUTIVES.value, "manager": Audience.MANAGERS.value}


def audiences_in_text(text: str) -> set[str]:
    """The audiences a "Written for" text names, e.g. "Managers, Operations" → {"managers", "operations"}."""
    found = set()
    for part in re.split(r"[,;/]", text or ""):
        word = " ".join(part.replace("&", "and").lower().split())
        if word in _WORDS:
            found.add(_WORDS[word])
    return found


def course_audiences(course: CoursePage, modules: list[ModulePage]) -> list[str]:
    """The course's own audience first, then those its live modules are written for, in the choices' order."""
    named = {course.audience}
    for module in modules:
        named |= audiences_in_text(module.written_for)
    return [course.audience] + [a for a in Audience.values if a in named and a != course.audience]


def learner_audiences(user: User) -> set[str]:
    """The audiences a learner belongs to: "All staff", executives or managers from their profile, and the audience
    their department's name or code stands for ("Customer Service" → customer service). Cached on the user."""
    cached = getattr(user, "_learner_audiences", None)
    if cached is not None:
        return cached
    found = {Audience.ALL_STAFF.value}
    profile = getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None
    if profile is not None:
        if profile.audience in PROFILE_AUDIENCES:
            found.add(PROFILE_AUDIENCES[profile.audience])
        department = profile.department
        while department is not None:
            found |= audiences_in_text(department.name)
            department = department.parent
    user._learner_audiences = found
    return found
