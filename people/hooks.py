"""What other apps plug into `people` without `people` importing them: they register from their AppConfig.ready().

- A team summary source, `source(manager_id=, today=, direct_only=)` returning `people.selectors.TeamSummary`, or
  None when it cannot answer: the figures over My team's whole scope from something cheaper than a scan of every
  enrolment below the manager (reports registers one that reads its maintained team counts, so the chief
  executive's band costs what a team lead's does). Without one, `people.selectors.team_summary` counts live."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from people.selectors import TeamSummary

TeamSummarySource = Callable[..., "TeamSummary | None"]
_team_summary_sources: list[TeamSummarySource] = []


def register_team_summary_source(source: TeamSummarySource) -> None:
    if source not in _team_summary_sources:
        _team_summary_sources.append(source)


def team_summary_sources() -> list[TeamSummarySource]:
    return list(_team_summary_sources)
