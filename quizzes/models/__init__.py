from quizzes.models.attempts import Attempt, Decision, QuizKind, QuizVersion
from quizzes.models.bank import (
    GRADABLE_TYPES,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionType,
    TextFormat,
)
from quizzes.models.pages import KnowledgeCheckPage, QuizPage, ReviewWhen, ScenarioPage, ScoreToKeep

__all__ = [
    "GRADABLE_TYPES",
    "Attempt",
    "Decision",
    "KnowledgeCheckPage",
    "Question",
    "QuestionBank",
    "QuestionCategory",
    "QuestionType",
    "QuizKind",
    "QuizPage",
    "QuizVersion",
    "ReviewWhen",
    "ScenarioPage",
    "ScoreToKeep",
    "TextFormat",
]
