"""The manager's scope on PostgreSQL at 100,000 people (the issue's size): the CEO's My team, completion report and
learner status, each within 2 times a team lead's, on the database DATABASE_URL names (dropped and recreated).

The generated organisation (bench/management/commands/generate_load_data.py) has a CEO over a hundred team leads of
about a thousand people each; the scope is the reporting lines (people.ReportingLine). The CEO's and the lead's
requests alternate, so the shared machine's load falls on both alike. Each page must answer 200 and show the scope it
should (the CEO's My team counts everyone below them, the lead's their team), and the reports read from the team
counts must equal the live scan for both (the completion report cell by cell; learner status's row count and the
people covered), or the verdict fails with the ratio.

`--quick`: 2,000 people; the same verdicts on less data.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

from bench.counts import LEARNERS_URL, PAGES, REPORT_URL, _generate
from bench.run import Context, Result
from bench.support import PYTHON, ROOT, env_for, fresh_database

NAME = "team"
SIZES = {False: 100_000, True: 2_000}
REPEATS = 7
GOAL = 2.0


def run(ctx: Context) -> list[Result]:
    size = SIZES[ctx.quick]
    fresh_database(ctx.database_url)
    env = env_for(ctx.database_url, DJANGO_SETTINGS_MODULE="bench.settings")
    generated = _generate(size, env)
    result = subprocess.run(  # noqa: S603 - this module, with our own arguments
        [PYTHON, "-m", "bench.team", "--probe"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    if result.returncode != 0:
        raise RuntimeError(f"probe failed:\n{result.stdout}\n{result.stderr}")
    return results(size, generated, json.loads(result.stdout.strip().splitlines()[-1]))


def results(size: int, generated: float, team: dict) -> list[Result]:
    # The CEO's scope must really be the whole organisation and the lead's a team, or the ratio means nothing.
    scopes_real = team["ceo_team"] >= 0.9 * size and 0 < team["lead_team"] <= size / 20
    found = [
        Result(
            NAME,
            f"generate_load_data, {size:,} learners, with the reporting lines filled",
            generated,
            "s",
            details={"reporting_lines": team["reporting_lines"], "load": team["load"]},
        )
    ]
    for page in PAGES:
        ceo, lead = team[f"ceo_{page}_ms"], team[f"lead_{page}_ms"]
        ratio = ceo / lead if lead > 0 else float("inf")
        found.append(
            Result(
                NAME,
                f"CEO's {PAGES[page]} ({team['ceo_team']:,} people) against a team lead's ({team['lead_team']:,}), "
                f"{size:,} learners",
                ratio,
                "×",
                f"≤ {GOAL:g}×",
                ratio <= GOAL and scopes_real and team[f"{page}_shows_scope"] and team.get(f"{page}_identical", True),
                {
                    "ceo_ms": ceo,
                    "lead_ms": lead,
                    "ceo_runs": team[f"ceo_{page}_runs"],
                    "lead_runs": team[f"lead_{page}_runs"],
                    "ceo_cpu_ms": team[f"ceo_{page}_cpu_ms"],
                    "lead_cpu_ms": team[f"lead_{page}_cpu_ms"],
                    "shows_scope": team[f"{page}_shows_scope"],
                    "identical_to_live_scan": team.get(f"{page}_identical"),
                },
            )
        )
    return found


# --- Probe: inside a Django process on the benchmark database --------------------------------------------------------
def _probe() -> dict:
    from django.test import Client

    from people import selectors as people_selectors
    from people.models import Profile, ReportingLine, User

    chief = User.objects.get(email="chief@load.example")
    lead = User.objects.get(pk=Profile.objects.filter(manager=chief).order_by("user_id").values("user_id")[:1])
    clients = {}
    for key, who in (("ceo", chief), ("lead", lead)):
        clients[key] = Client()
        clients[key].force_login(who)
    found: dict = {
        "ceo_team": people_selectors.team_members(manager=chief, today=None).count(),
        "lead_team": people_selectors.team_members(manager=lead, today=None).count(),
        "reporting_lines": ReportingLine.objects.count(),
    }
    for page, url in (("team", "/team/"), ("report", REPORT_URL), ("learners", LEARNERS_URL)):
        wall: dict[str, list[float]] = {"ceo": [], "lead": []}
        cpu: dict[str, list[float]] = {"ceo": [], "lead": []}
        shown = {}
        for attempt in range(REPEATS + 1):  # the first round warms both up and is not counted
            for key in ("ceo", "lead"):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = clients[key].get(url)
                elapsed, cpu_elapsed = time.perf_counter() - started, time.process_time() - cpu_started
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code} to the {key}")
                if attempt:
                    wall[key].append(elapsed * 1000)
                    cpu[key].append(cpu_elapsed * 1000)
                shown[key] = response
        for key in ("ceo", "lead"):
            found[f"{key}_{page}_ms"] = statistics.median(wall[key])
            found[f"{key}_{page}_runs"] = [round(r, 1) for r in wall[key]]
            found[f"{key}_{page}_cpu_ms"] = statistics.median(cpu[key])
        found[f"{page}_shows_scope"] = _shows_scope(page, shown, found)
    found["load"] = os.getloadavg()
    found.update(_same_as_live_scan(chief, lead))
    return found


def _same_as_live_scan(*users) -> dict:
    """Whether each viewer's completion report (from the team counts), learner status row count and headcount equal
    the live scan's: the speed goal counts only with the same answer."""
    from django.utils import timezone

    from people.models import Profile
    from people.selectors import team_subquery
    from reports import selectors
    from reports.filters import GroupBy, ReportFilters

    today = timezone.localdate()
    tree = selectors.department_tree()
    field = "user__profile__department_id"
    same = {"report": True, "learners": True}
    for user in users:
        scope = selectors.ReportScope(everyone=False, manager_id=user.pk)
        filters = ReportFilters(group_by=GroupBy.DEPARTMENT)
        counted = selectors.counted_completion(filters=filters, today=today, tree=tree, scope=scope)
        live = selectors.live_completion(scope=scope, filters=filters, today=today, tree=tree, group_field=field)
        as_cells = {
            (r["group_id"], r["course_id"]): (r["enrolled"], r["completed"], r["overdue"], r["in_progress"])
            for r in counted
        }
        live_cells = {
            (r[field] or 0, r["course_id"]): (r["enrolled"], r["completed"], r["overdue"], r["in_progress"])
            for r in live
            if r["enrolled"]
        }
        same["report"] &= bool(counted) and as_cells == live_cells
        listed = selectors.learner_statuses(scope=scope, filters=ReportFilters(), today=today, tree=tree).count()
        in_line = Profile.objects.filter(user__is_active=True, user_id__in=team_subquery(manager_id=user.pk)).count()
        same["learners"] &= (
            selectors.counted_enrolments(scope=scope, filters=ReportFilters(), today=today, tree=tree) == listed
            and selectors.active_people(scope=scope) == in_line
        )
    return {"report_identical": same["report"], "learners_identical": same["learners"]}


def _shows_scope(page: str, responses: dict, found: dict) -> bool:
    """Whether each page covered the viewer's scope: My team's total is the team's size; the reports rendered (their
    rows are the scope's, checked by the reports' own tests)."""
    if page == "team":
        return all(responses[key].context["total"] == found[f"{key}_team"] for key in ("ceo", "lead"))
    return all(responses[key].content for key in ("ceo", "lead"))


def _main() -> int:
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment(debug=False)  # the responses carry their template context (My team's total)
    print(json.dumps(_probe(), default=str))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(_main())
