class CourseError(Exception):
    """A learner action that the rules refuse; the message is shown to the learner."""


class ModuleNotAvailable(CourseError):
    pass


class ModuleLocked(ModuleNotAvailable):
    """A paced module that has not opened yet for this learner; the message says when it opens."""


class CompletionNeedsQuiz(CourseError):
    pass
