from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("<int:page_id>/start/", views.start_attempt, name="attempt-start"),
    path("attempts/<int:attempt_id>/", views.attempt_view, name="attempt"),
    path("attempts/<int:attempt_id>/answer/", views.answer, name="attempt-answer"),
    path("attempts/<int:attempt_id>/feedback/<int:sequence>/", views.feedback, name="attempt-feedback"),
    path("attempts/<int:attempt_id>/result/", views.result, name="attempt-result"),
]
