from wagtail.snippets.models import register_snippet

from quizzes.viewsets import QuizzesViewSetGroup

register_snippet(QuizzesViewSetGroup)
