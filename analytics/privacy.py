"""The small-group rule that keeps practice private: score and per-choice analytics are shown for a group only when
it holds at least `REPORTS_MIN_GROUP_SIZE` learners. Smaller groups are merged into "Other"; an "Other" still too
small is not shown at all. Completion is a compliance fact and is not covered by this rule.

A shown group also joins "Other" when subtracting it from the total of all learners would single out fewer than the
minimum (secondary suppression); see `protect_groups`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OTHER_KEY = "other"
OTHER_LABEL = gettext_lazy("Other")


def minimum_group_size() -> int:
    return max(1, int(settings.REPORTS_MIN_GROUP_SIZE))


def too_small_notice() -> str:
    """The words shown in place of numbers about too few learners."""
    return _("Fewer than %(n)d learners: not shown, to keep practice private.") % {"n": minimum_group_size()}


@dataclass
class LearnerGroup:
    """A set of learners shown (or held back) together. `merged` names the small groups inside "Other"."""

    key: str
    label: str
    members: set[int]
    merged: list[str] = field(default_factory=list)
    suppressed: bool = False

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def is_other(self) -> bool:
        return self.key == OTHER_KEY


@dataclass
class ProtectedGroups:
    """The groups that may be shown, in label order with "Other" last, and whether learners were held back."""

    groups: list[LearnerGroup]
    merged_labels: list[str]
    minimum: int

    @property
    def shown(self) -> list[LearnerGroup]:
        return [g for g in self.groups if not g.suppressed]

    @property
    def held_back(self) -> LearnerGroup | None:
        return next((g for g in self.groups if g.suppressed), None)

    @property
    def merge_notice(self) -> str:
        if not self.merged_labels:
            return ""
        return _("Groups with fewer than %(n)d learners are merged into “Other”: %(groups)s.") % {
            "n": self.minimum,
            "groups": ", ".join(self.merged_labels),
        }


def protect_groups(groups: Iterable[LearnerGroup], *, minimum: int | None = None) -> ProtectedGroups:
    """Apply the small-group rule to `groups` (which may overlap, as cohorts do). Pure: no queries.

    Beyond merging small groups, a shown group joins "Other" when what it leaves out could be worked out by
    subtraction from the total of all learners: when its complement (everyone not in it), or the learners in no shown
    group, number between 1 and minimum-1."""
    minimum = minimum or minimum_group_size()
    candidates = [g for g in groups if g.members]
    everyone: set[int] = set().union(*(g.members for g in candidates)) if candidates else set()
    shown = sorted((g for g in candidates if g.size >= minimum), key=lambda g: (g.size, g.label))
    small = [g for g in candidates if g.size < minimum]
    other: set[int] = set().union(*(g.members for g in small)) if small else set()
    merged = [g.label for g in small]

    def too_few(people: set[int]) -> bool:
        return 0 < len(people) < minimum

    while shown:
        other_shown = len(other) >= minimum
        unsafe = [g for g in shown if too_few(everyone - g.members)]
        if other_shown and too_few(everyone - other):
            unsafe = list(shown)
        if not unsafe:
            visible = set().union(*(g.members for g in shown)) | (other if other_shown else set())
            if too_few(everyone - visible):
                unsafe = [shown[0]]  # the smallest shown group
        if not unsafe:
            break
        for group in unsafe:
            shown.remove(group)
            other |= group.members
            merged.append(group.label)
    result = sorted(shown, key=lambda g: g.label.lower())
    if other:
        result.append(
            LearnerGroup(
                key=OTHER_KEY,
                label=str(OTHER_LABEL),
                members=other,
                merged=sorted(merged, key=str.lower),
                suppressed=len(other) < minimum,
            )
        )
    return ProtectedGroups(groups=result, merged_labels=sorted(merged, key=str.lower), minimum=minimum)


def enough(count: int, *, minimum: int | None = None) -> bool:
    """Whether a cell about `count` learners may be shown (the same rule, one level down: a scenario step or a
    question answered by too few learners of a shown group is held back too)."""
    return count >= (minimum or minimum_group_size())
