from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("<int:certificate_id>/download/", views.download, name="download"),
    path("verify/", views.verify_form, name="verify-form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
