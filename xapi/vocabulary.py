"""The xAPI words Socialwise uses: ADL verbs (http://adlnet.gov/expapi/verbs/) and ADL activity types."""

from __future__ import annotations

from enum import Enum

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITIES = "http://adlnet.gov/expapi/activities/"


class Verb(Enum):
    """What the learner did. The value is the ADL verb's last path segment and its English display."""

    EXPERIENCED = "experienced"
    COMPLETED = "completed"
    ATTEMPTED = "attempted"
    ANSWERED = "answered"
    PASSED = "passed"
    FAILED = "failed"

    @property
    def iri(self) -> str:
        return f"{ADL_VERBS}{self.value}"


class ActivityType(Enum):
    """What the learner did it to: a course, a module, a quiz (assessment) or one question (interaction)."""

    COURSE = "course"
    MODULE = "module"
    ASSESSMENT = "assessment"
    INTERACTION = "cmi.interaction"

    @property
    def iri(self) -> str:
        return f"{ADL_ACTIVITIES}{self.value}"
