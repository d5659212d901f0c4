from django.urls import path

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from quizzes import admin_views
from quizzes.viewsets import QuizzesViewSetGroup

register_snippet(QuizzesViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("quizzes/scenario-map/", admin_views.scenario_map, name="quizzes_scenario_map"),
        path("quizzes/scenarios/<int:page_id>/play/", admin_views.scenario_play, name="quizzes_scenario_play"),
    ]
