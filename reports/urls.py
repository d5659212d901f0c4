"""The reports' admin URLs, mounted under /admin/learning-reports/ by wagtail_hooks.py (so Wagtail's admin checks
sign-in and admin access first; each view then checks the report permissions itself)."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = []
for view_class in views.REPORT_VIEWS:
    slug = view_class.report.slug
    urlpatterns += [
        path(f"{slug}/", view_class.as_view(), name=slug),
        path(f"{slug}/results/", view_class.as_view(results_only=True), name=f"{slug}_results"),
    ]
urlpatterns += [
    path("item-analysis/", views.ItemAnalysisView.as_view(), name="item_analysis"),
    path("exports/", views.ExportJobListView.as_view(), name="export_jobs"),
    path("exports/<int:job_id>/", views.ExportJobView.as_view(), name="export_job"),
    path("exports/<int:job_id>/status/", views.export_job_status, name="export_job_status"),
    path("exports/<int:job_id>/download/", views.export_download, name="export_download"),
]
