from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("courses/<int:course_id>/complete/", views.course_complete, name="course-complete"),
    path("modules/<int:module_id>/complete/", views.complete_module, name="module-complete"),
    path("modules/<int:module_id>/time/", views.record_time, name="module-time"),
    path("modules/<int:module_id>/reflections/<str:block_id>/", views.save_reflection, name="reflection-save"),
]
