from django.urls import path

from people import views

app_name = "personal_data"

urlpatterns = [
    path("", views.my_data, name="index"),
    path("download/", views.my_data_download, name="download"),
    path("summary/", views.my_data_summary, name="summary"),
]
