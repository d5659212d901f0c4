"""What quiz rules refuse. The message of each is meant for the person who acted."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzes.gift import GiftError


class QuizError(Exception):
    """A learner or trainer action that the rules refuse; the message is shown to them."""


class QuizNotAvailable(QuizError):
    pass


class QuizOutOfRange(QuizNotAvailable):
    """Published content the attempt cannot record (a score beyond its column): the learner is told on the quiz's
    page, not sent to a 404."""


class QuizLocked(QuizNotAvailable):
    """The quiz's module is paced and has not opened for this learner yet; the message says when it opens."""


class NoAttemptsLeft(QuizError):
    pass


class AttemptTooSoon(QuizError):
    """The check asks for a wait after an attempt that did not pass; the message says when the next may start."""


class AttemptNotFound(QuizError):
    pass


class NotCurrentStep(QuizError):
    """The answer was for a step (or question) the attempt is not on."""


class AttemptFinished(QuizError):
    pass


class InvalidAnswer(QuizError):
    """The posted answer cannot be read (nothing chosen, an unknown choice, not a number...)."""


class QuestionImportError(QuizError):
    """A question file with errors: nothing was imported. `errors` lists every one with its line."""

    def __init__(self, errors: list[GiftError]):
        self.errors = errors
        super().__init__("; ".join(f"line {error.line}: {error.message}" for error in errors))
