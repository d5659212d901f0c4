"""Demo quizzes (CONTENT.md §3, §4 and §4b): the question bank "Socialwise demo" with one pool (category) per module,
imported through the question import service; under each module that names them, a knowledge check drawing four
questions from that module's pool and the scenarios; and the seeded scenario attempts, made through the attempt
services and then dated in the past."""

from __future__ import annotations

import math
import random
from datetime import timedelta

from django.utils import timezone

from courses.models import Enrolment, ModulePage, ModuleProgress
from demo.loaders.base import Report, content, courses_content
from demo.loaders.courses import modules_by_code
from people.models import User
from quizzes import scenarios as scenario_engine
from quizzes import services
from quizzes.blocks import ScenarioStreamBlock, VariablesStreamBlock
from quizzes.gift import ParsedQuestion
from quizzes.models import Attempt, Decision, KnowledgeCheckPage, QuestionCategory, ReviewWhen, ScenarioPage

BANK_NAME = "Socialwise demo"
KNOWLEDGE_CHECK_SLUG = "knowledge-check"
# The first level of the bank's categories, one per course.
COURSE_SHELVES = {"A": "Leaders", "B": "Every function", "C": "Crisis response"}


def scenario_page(data: dict) -> ScenarioPage:
    """An unsaved scenario page holding one demo scenario of demo/content/scenarios.py, checked by the same blocks
    the editor uses."""
    variables = [{"type": "variable", "value": dict(variable)} for variable in data["variables"]]
    steps = [{"type": "step", "value": _step(step)} for step in data["steps"]]
    steps += [{"type": "branch", "value": _branch(route)} for route in data["routes"]]
    lines = [_debrief_line(line) for line in data.get("debrief_lines", [])]
    steps += [{"type": "ending", "value": {**ending, "lines": lines}} for ending in data["endings"]]
    steps = scenario_engine.link_targets(steps)  # the content names targets by key; the editor picks them by id
    for stream_block, raw in ((VariablesStreamBlock(), variables), (ScenarioStreamBlock(), steps)):
        stream_block.clean(stream_block.to_python(raw))
    return ScenarioPage(
        title=data["title"],
        slug=data["slug"],
        intro=data["intro"],
        pass_mark=data["pass_mark"],
        variables=variables,
        steps=steps,
    )


def _step(step: dict) -> dict:
    return {
        "key": step["key"],
        "clock": step["clock"],
        "situation": step["situation"],
        "posts": [{"quoted": "", "image_alt": "", **post} for post in step["posts"]],
        "choices": [
            {
                "text": choice["text"],
                "feedback": choice["feedback"],
                "score": choice["score"],
                "effects": [{"variable": name, "change": change} for name, change in choice["effects"].items()],
                "next": choice["next"],
            }
            for choice in step["choices"]
        ],
    }


def _debrief_line(line: dict) -> dict:
    """A scenario's debrief line (shown under whichever ending the path reaches): a choice by its letter at a step,
    or conditions on the variables at the end."""
    return {
        "step": line.get("step", ""),
        "choice": ord(line["choice"]) - ord("a") + 1 if "choice" in line else None,
        "conditions": [{"variable": v, "operator": op, "value": n} for v, op, n in line.get("all", [])],
        "text": line["text"],
    }


def _branch(route: dict) -> dict:
    return {
        "key": route["key"],
        "rules": [
            {
                "conditions": [{"variable": v, "operator": op, "value": n} for v, op, n in rule["all"]],
                "goto": rule["goto"],
            }
            for rule in route["rules"]
        ],
        "otherwise": route["otherwise"],
    }


def load_quizzes(report: Report, *, users: dict[str, User]) -> None:
    """Create what is missing: the bank's pools, the quiz pages (looked up by slug under their module) and the seeded
    attempts (a learner who has any attempt at a scenario is left alone). A second run creates nothing."""
    modules = modules_by_code()
    scenarios = {data["code"]: data for data in content("scenarios")["SCENARIOS"]}
    pages: dict[str, ScenarioPage] = {}
    for course in courses_content():
        for module_data in course["modules"]:
            module = modules[module_data["code"]]
            codes = module_data.get("quizzes", [])
            for code in codes:
                if code in scenarios:
                    pages[code] = _scenario_under(module, scenarios[code], report)
            if "KC" in codes:
                category = _load_pool(module_data["code"], course["code"], module.title, report)
                _knowledge_check_under(module, category, course["code"], module_data["check_title"], report)
    _load_attempts(report, users=users, pages=pages)
    _load_knowledge_attempts(report, users=users)


def pool_path(course_code: str, module_title: str) -> str:
    """The category of a module's pool: the course's short name, then the module's title."""
    return f"{COURSE_SHELVES[course_code]}/{module_title}"


def parsed_pool(module_code: str, path: str) -> list[ParsedQuestion]:
    """A module's pool from demo/content/question_bank.py in the GIFT data model. The right option of the n-th
    multiple-choice question sits at position n mod 4, so the author's order gives nothing away either."""
    questions = []
    for number, item in enumerate(content("question_bank")["POOLS"][module_code]):
        if item["type"] == "truefalse":
            data = {"answer": item["answer"], "feedback_wrong": item["if_wrong"], "feedback_right": item["if_right"]}
        else:
            choices = [{"text": text, "fraction": 0.0, "feedback": feedback} for text, feedback in item["wrong"]]
            text, feedback = item["right"]
            choices.insert(number % (len(choices) + 1), {"text": text, "fraction": 1.0, "feedback": feedback})
            data = {"choices": choices}
        questions.append(
            ParsedQuestion(
                qtype=item["type"],
                title=item["title"],
                text=item["text"],
                text_format="moodle",
                general_feedback="",
                data=data,
                category=path,
                idnumber="",
                tags=[],
                has_embedded_answers=False,
                line=0,
            )
        )
    return questions


def _load_pool(module_code: str, course_code: str, module_title: str, report: Report) -> QuestionCategory:
    path = pool_path(course_code, module_title)
    category = QuestionCategory.objects.filter(bank__name=BANK_NAME, path=path).first()
    if category is None or not category.questions.exists():
        summary = services.import_questions(bank_name=BANK_NAME, questions=parsed_pool(module_code, path))
        report.add("knowledge-check questions", summary.imported)
        category = QuestionCategory.objects.get(bank__name=BANK_NAME, path=path)
    return category


def _scenario_under(module: ModulePage, data: dict, report: Report) -> ScenarioPage:
    page = ScenarioPage.objects.child_of(module).filter(slug=data["slug"]).first()
    if page is None:
        page = scenario_page(data)
        module.add_child(instance=page)
        page.save_revision().publish()
        report.add("scenarios")
    return page


def _knowledge_check_under(
    module: ModulePage, category: QuestionCategory, course_code: str, title: str, report: Report
) -> None:
    # Each check its own title: the module's quiz row already says "Knowledge check" (QA: "Knowledge check: Knowledge
    # check").
    if KnowledgeCheckPage.objects.child_of(module).filter(slug=KNOWLEDGE_CHECK_SLUG).exists():
        return
    bank = content("question_bank")
    page = KnowledgeCheckPage(
        title=title,
        slug=KNOWLEDGE_CHECK_SLUG,
        intro=(
            f"<p>{bank['DRAW']} short questions on this module, drawn from a larger set: each attempt asks a new mix, "
            "with the options in a new order.</p>"
            "<p>A wrong answer is practice. The feedback on your choice explains why.</p>"
        ),
        pass_mark=bank["PASS_MARK"][course_code],
        questions=[
            {
                "type": "random",
                "value": {"category": category.pk, "count": bank["DRAW"], "include_subcategories": False},
            }
        ],
        shuffle_questions=True,
        shuffle_choices=True,
        attempts_allowed=bank["ATTEMPTS_ALLOWED"],
        wait_between_attempts=bank["WAIT_MINUTES"],
        review_right_answers=ReviewWhen.AFTER_PASSING,
        review_feedback=ReviewWhen.IMMEDIATELY,
    )
    module.add_child(instance=page)
    page.save_revision().publish()
    report.add("knowledge checks")


def _load_attempts(report: Report, *, users: dict[str, User], pages: dict[str, ScenarioPage]) -> None:
    now = timezone.now()
    for number, entry in enumerate(content("organisation")["SCENARIO_ATTEMPTS"]):
        user, page = users[entry["username"]], pages[entry["scenario"]]
        if Attempt.objects.filter(user=user, page=page).exists():
            continue
        attempt = services.start_attempt(user=user, page=page)
        spec = attempt.version.content
        for letter in entry["choices"]:
            step = scenario_engine.nodes_by_key(spec)[attempt.current_key]
            choice = step["choices"][ord(letter) - ord("a")]
            attempt = services.choose_in_scenario(
                user=user, attempt_id=attempt.pk, sequence=attempt.position, choice_id=choice["id"]
            ).attempt
        # Finish a few minutes before the module's recorded completion (or over the last days), then date each
        # decision two minutes apart.
        done = (
            ModuleProgress.objects.filter(
                enrolment__in=Enrolment.objects.filter(user=user, is_current=True),
                module_id=page.get_parent().pk,
                completed_at__isnull=False,
            )
            .values_list("completed_at", flat=True)
            .first()
        )
        finished = (done - timedelta(minutes=5)) if done else now - timedelta(days=1 + number % 7, hours=number)
        started = finished - timedelta(minutes=2 * len(entry["choices"]))
        Attempt.objects.filter(pk=attempt.pk).update(started_at=started, submitted_at=finished)
        for decision in Decision.objects.filter(attempt=attempt):
            Decision.objects.filter(pk=decision.pk).update(
                created_at=started + timedelta(minutes=2 * (decision.sequence + 1))
            )
        report.add("scenario attempts")


def _load_knowledge_attempts(report: Report, *, users: dict[str, User]) -> None:
    """Knowledge-check attempts for every module a demo learner has completed, answered through the attempt services
    as the learner would: a seeded draw, and each answer right with the chance that the learner's knowledge
    (organisation.KNOWLEDGE_CHECK_ABILITY) and the question's difficulty give. A learner who does not pass reads the
    module again (a little more knowledge) and tries after the wait; the last attempt allowed is the one that passes,
    as the module's completion says it did. Then the attempts are dated before that completion. A learner who has any
    attempt at a check is left alone, so a second run creates nothing."""
    ability = content("organisation")["KNOWLEDGE_CHECK_ABILITY"]
    by_id = {user.pk: (name, user) for name, user in users.items() if name in ability}
    checks = KnowledgeCheckPage.objects.live().order_by("path")
    for check in checks:
        module_path = check.path[: -check.steplen]
        completions = (
            ModuleProgress.objects.filter(
                enrolment__is_current=True,
                enrolment__user_id__in=list(by_id),
                module__path=module_path,
                completed_at__isnull=False,
            )
            .order_by("enrolment__user__email")
            .values_list("enrolment__user_id", "completed_at")
        )
        for user_id, completed_at in completions:
            name, user = by_id[user_id]
            if Attempt.objects.filter(user=user, page=check).exists():
                continue
            rng = random.Random(f"{name}/{check.path}")  # noqa: S311 - a seeded demo, not security
            attempts = []
            for number in range(1, (check.attempts_allowed or 3) + 1):
                attempt = _answer_check(
                    user=user,
                    check=check,
                    rng=rng,
                    ability=ability[name] + 0.7 * (number - 1),
                    must_pass=number == (check.attempts_allowed or 3),
                )
                attempts.append(attempt)
                # Finished in the past for now, so the wait between attempts is over; dated properly below.
                Attempt.objects.filter(pk=attempt.pk).update(submitted_at=completed_at - timedelta(days=1))
                report.add("knowledge-check attempts")
                if attempt.passed:
                    break
            _date_attempts(attempts, last_finished=completed_at - timedelta(minutes=15))


def _answer_check(*, user: User, check: KnowledgeCheckPage, rng: random.Random, ability: float, must_pass: bool):
    attempt = services.start_attempt(user=user, page=check, rng=rng)
    plan = []
    for copy in attempt.questions:
        difficulty = random.Random(f"difficulty/{copy['title']}").uniform(-1.5, 1.35)  # noqa: S311
        plan.append(rng.random() < 1 / (1 + math.exp(difficulty - ability)))
    pass_mark = attempt.version.content["pass_mark"]
    while must_pass and sum(plan) * 100 < pass_mark * len(plan):
        plan[plan.index(False)] = True  # the last attempt allowed passes: the module's completion says so
    for sequence, (copy, right) in enumerate(zip(attempt.questions, plan, strict=True)):
        attempt = services.answer_question(
            user=user, attempt_id=attempt.pk, sequence=sequence, raw=_response(copy["qtype"], copy["data"], right, rng)
        ).attempt
    return attempt


def _response(qtype: str, data: dict, right: bool, rng: random.Random) -> object:
    """The raw form input of a right answer, or of one of the wrong options picked at random."""
    if qtype == "truefalse":
        return data["answer"] if right else not data["answer"]
    best = max(choice["fraction"] for choice in data["choices"])
    indexes = [i for i, choice in enumerate(data["choices"]) if (choice["fraction"] == best) == right]
    return str(rng.choice(indexes))


def _date_attempts(attempts: list[Attempt], *, last_finished) -> None:
    """Date a learner's attempts at one check backwards from `last_finished`: a minute and a half per question, and
    the 30-minute wait plus a quarter of an hour between attempts."""
    finished = last_finished
    for attempt in reversed(attempts):
        decisions = list(Decision.objects.filter(attempt=attempt).order_by("sequence"))
        started = finished - timedelta(seconds=90 * len(decisions) + 30)
        Attempt.objects.filter(pk=attempt.pk).update(started_at=started, submitted_at=finished)
        for decision in decisions:
            Decision.objects.filter(pk=decision.pk).update(
                created_at=started + timedelta(seconds=90 * (decision.sequence + 1))
            )
        finished = started - timedelta(minutes=45)
