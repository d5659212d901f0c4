from django.urls import path

from practice import views

app_name = "practice"

urlpatterns = [
    path("notes/<int:module_id>/<str:block_id>/", views.save_note, name="note-save"),
    path("refreshers/<int:refresher_id>/", views.refresher, name="refresher"),
    path("sessions/<int:session_id>/", views.session, name="session"),
]
