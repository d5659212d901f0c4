"""Demo quizzes (CONTENT.md §3–4): the ten knowledge-check questions imported through the GIFT importer into the
bank "Socialwise demo", a knowledge check and the scenarios under each module that names them, and the seeded
scenario attempts, made through the attempt services and then dated in the past."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from courses.models import Enrolment, ModulePage, ModuleProgress
from demo.loaders.base import Report, content, courses_content
from demo.loaders.courses import modules_by_code
from people.models import User
from quizzes import scenarios as scenario_engine
from quizzes import services
from quizzes.blocks import ScenarioStreamBlock, VariablesStreamBlock
from quizzes.models import Attempt, Decision, KnowledgeCheckPage, Question, QuestionBank, ScenarioPage
from quizzes.question_files import read_question_path

BANK_NAME = "Socialwise demo"
GIFT_FILE = Path(__file__).resolve().parent.parent / "knowledge_check.gift"
KNOWLEDGE_CHECK_SLUG = "knowledge-check"


def scenario_page(data: dict) -> ScenarioPage:
    """An unsaved scenario page holding one demo scenario of demo/content/scenarios.py, checked by the same blocks
    the editor uses."""
    variables = [{"type": "variable", "value": dict(variable)} for variable in data["variables"]]
    steps = [{"type": "step", "value": _step(step)} for step in data["steps"]]
    steps += [{"type": "branch", "value": _branch(route)} for route in data["routes"]]
    steps += [{"type": "ending", "value": dict(ending)} for ending in data["endings"]]
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
    """Create what is missing: the bank, the quiz pages (looked up by slug under their module) and the seeded
    attempts (a learner who has any attempt at a scenario is left alone). A second run creates nothing."""
    questions = _load_bank(report)
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
            kc_codes = [code for code in codes if code.startswith("KC")]
            if kc_codes:
                _knowledge_check_under(module, [questions[code] for code in kc_codes], report)
    _load_attempts(report, users=users, pages=pages)


def _load_bank(report: Report) -> dict[str, Question]:
    bank = QuestionBank.objects.filter(name=BANK_NAME).first()
    if bank is None or not Question.objects.filter(category__bank=bank).exists():
        found = read_question_path(GIFT_FILE, file_format="gift")
        if found.errors:
            raise ValueError(f"{GIFT_FILE}: {found.errors}")
        summary = services.import_questions(bank_name=BANK_NAME, questions=found.questions)
        report.add("knowledge-check questions", summary.imported)
    return {q.title.split(" ", 1)[0]: q for q in Question.objects.filter(category__bank__name=BANK_NAME)}


def _scenario_under(module: ModulePage, data: dict, report: Report) -> ScenarioPage:
    page = ScenarioPage.objects.child_of(module).filter(slug=data["slug"]).first()
    if page is None:
        page = scenario_page(data)
        module.add_child(instance=page)
        page.save_revision().publish()
        report.add("scenarios")
    return page


def _knowledge_check_under(module: ModulePage, questions: list[Question], report: Report) -> None:
    if KnowledgeCheckPage.objects.child_of(module).filter(slug=KNOWLEDGE_CHECK_SLUG).exists():
        return
    many = len(questions) > 1
    page = KnowledgeCheckPage(
        title="Knowledge check",
        slug=KNOWLEDGE_CHECK_SLUG,
        intro=(
            f"<p>{len(questions)} short questions on this module.</p>"
            if many
            else "<p>One short question on this module.</p>"
        )
        + "<p>Answer them all correctly to complete the module. A wrong answer is practice: the feedback explains why, and you can try again.</p>",
        pass_mark=100,
        questions=[{"type": "question", "value": question.pk} for question in questions],
        shuffle_choices=True,
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
