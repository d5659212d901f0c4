from django.urls import path

from goals import views

app_name = "goals"

urlpatterns = [
    path("", views.my_goals, name="mine"),
    path("<int:goal_id>/delete/", views.delete_goal, name="delete"),
    path("team/", views.team_goals, name="team"),
    path("team/<int:goal_id>/review/", views.record_review, name="review"),
    path("api/values/", views.post_values, name="api-values"),
]
