"""Quiz pages and question banks as a trainer would make them: pages published under a module, questions imported
through the GIFT importer."""

from __future__ import annotations

import runpy
from pathlib import Path

from courses.models import ModulePage
from demo.loaders.quizzes import scenario_page
from quizzes import services
from quizzes.gift import parse_gift
from quizzes.models import KnowledgeCheckPage, Question, ScenarioPage

SCENARIOS_FILE = Path(__file__).resolve().parents[2] / "demo" / "content" / "scenarios.py"


def demo_scenarios() -> dict[str, dict]:
    return {data["code"]: data for data in runpy.run_path(str(SCENARIOS_FILE))["SCENARIOS"]}


def publish(module: ModulePage, page):
    module.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_demo_scenario(module: ModulePage, code: str = "S1", **fields) -> ScenarioPage:
    page = scenario_page(demo_scenarios()[code])
    for name, value in fields.items():
        setattr(page, name, value)
    return publish(module, page)


def step(key: str, *choices: dict, clock: str = "", situation: str = "<p>Something happens.</p>", posts=None) -> dict:
    return {
        "type": "step",
        "value": {"key": key, "clock": clock, "situation": situation, "posts": posts or [], "choices": list(choices)},
    }


def choice(text: str, next_key: str, *, feedback: str = "", score: int = 0, effects: dict | None = None) -> dict:
    return {
        "text": text,
        "feedback": feedback or f"Feedback on “{text}”.",
        "score": score,
        "effects": [{"variable": k, "change": v} for k, v in (effects or {}).items()],
        "next": next_key,
    }


def branch(key: str, rules: list[tuple[list, str]], otherwise: str) -> dict:
    return {
        "type": "branch",
        "value": {
            "key": key,
            "rules": [
                {"conditions": [{"variable": v, "operator": op, "value": n} for v, op, n in conditions], "goto": goto}
                for conditions, goto in rules
            ],
            "otherwise": otherwise,
        },
    }


def ending(key: str, outcome: str = "good", title: str = "", debrief: str = "") -> dict:
    return {
        "type": "ending",
        "value": {
            "key": key,
            "outcome": outcome,
            "title": title or f"Ending {key}",
            "debrief": debrief or f"<p>Debrief of {key}.</p>",
        },
    }


def variable(key: str, label: str = "", initial: int = 50, minimum: int = 0, maximum: int = 100) -> dict:
    return {
        "type": "variable",
        "value": {
            "key": key,
            "label": label or key.title(),
            "initial": initial,
            "minimum": minimum,
            "maximum": maximum,
        },
    }


def make_scenario(
    module: ModulePage, *, steps: list, variables=None, title: str = "Practice", **fields
) -> ScenarioPage:
    page = ScenarioPage(title=title, steps=steps, variables=variables or [], **fields)
    return publish(module, page)


def import_gift(text: str, *, bank: str = "Test bank") -> list[Question]:
    """Import GIFT through the import service; returns the new questions in file order."""
    result = parse_gift(text)
    assert not result.errors, result.errors
    before = set(Question.objects.values_list("pk", flat=True))
    services.import_questions(bank_name=bank, questions=result.questions)
    return list(Question.objects.exclude(pk__in=before).order_by("pk"))


def make_knowledge_check(
    module: ModulePage, *, blocks: list, title: str = "Knowledge check", **fields
) -> KnowledgeCheckPage:
    page = KnowledgeCheckPage(title=title, questions=blocks, **fields)
    return publish(module, page)


def question_blocks(questions: list[Question]) -> list[dict]:
    return [{"type": "question", "value": question.pk} for question in questions]
