class CourseError(Exception):
    """A learner action that the rules refuse; the message is shown to the learner."""


class ModuleNotAvailable(CourseError):
    pass


class CompletionNeedsQuiz(CourseError):
    pass
