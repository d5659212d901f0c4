"""The project's URLs plus `/bench/baseline`: a view that does one INSERT, the floor any real request is compared to."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from socialwise.urls import urlpatterns as project_urlpatterns


@csrf_exempt
@require_POST
def baseline(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_baseline (created_at) VALUES (now())")
    return HttpResponse("ok")


urlpatterns = [path("bench/baseline", baseline), *project_urlpatterns]
