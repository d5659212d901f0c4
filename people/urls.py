from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("", views.team, name="team"),
    path("<int:user_id>/", views.team_member, name="team-member"),
    path("<int:user_id>/remind/<int:course_id>/", views.remind, name="remind"),
]
