"""Exports above REPORTS_EXPORT_INLINE_MAX_ROWS are made by a Celery task: the requester follows its progress, then
downloads the file from a link only they can open, until it expires. A task delivered twice makes one file."""

from __future__ import annotations

import csv
import io
import os
from datetime import timedelta

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.utils import timezone

import openpyxl
import pytest

from people import roles
from reports import services
from reports.models import ExportJob
from reports.tasks import delete_expired_exports, run_export
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(settings):
    settings.REPORTS_EXPORT_INLINE_MAX_ROWS = 3


def _request(client, django_capture_on_commit_callbacks, url="/admin/learning-reports/learners/", **params):
    # The task is queued once the request's transaction commits; tests run tasks where they are queued.
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(url, {"export": "csv", **params})


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_large_export_becomes_a_job_whose_file_matches_the_inline_export(
    client, org, small_limit, settings, django_capture_on_commit_callbacks
):
    client.force_login(org["hr"])
    response = _request(client, django_capture_on_commit_callbacks, course=org["crisis"].pk)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/learning-reports/exports/{job.pk}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This export has 4 rows, so it is being made in the background."
    ]
    assert (job.status, job.rows_expected, job.rows_written, job.report) == ("done", 4, 4, "learners")
    assert job.params == f"course={org['crisis'].pk}"
    # Private: under PRIVATE_MEDIA_ROOT, never under MEDIA_ROOT.
    assert job.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    page = client.get(f"/admin/learning-reports/exports/{job.pk}/")
    assert "Ready: 4 rows." in page.content.decode()
    download = client.get(f"/admin/learning-reports/exports/{job.pk}/download/")
    assert download.status_code == 200
    from_job = _rows(b"".join(download.streaming_content))
    settings.REPORTS_EXPORT_INLINE_MAX_ROWS = 1000
    inline = client.get("/admin/learning-reports/learners/", {"export": "csv", "course": org["crisis"].pk})
    assert from_job == _rows(b"".join(inline.streaming_content))


def test_only_the_requester_can_see_or_download_an_export(client, org, small_limit, django_capture_on_commit_callbacks):
    client.force_login(org["hr"])
    _request(client, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    other_hr = UserFactory(email="grace@tarnwick.example")
    other_hr.groups.add(Group.objects.get(name=roles.HR))
    for user in (other_hr, org["aisha"]):
        client.force_login(user)
        for suffix in ("", "status/", "download/"):
            assert client.get(f"/admin/learning-reports/exports/{job.pk}/{suffix}").status_code == 404
    client.logout()
    assert client.get(f"/admin/learning-reports/exports/{job.pk}/download/").status_code == 302  # to log in


def test_an_expired_link_no_longer_downloads_and_the_file_is_deleted(
    client, org, small_limit, django_capture_on_commit_callbacks
):
    client.force_login(org["hr"])
    _request(client, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    path = job.file.path
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(f"/admin/learning-reports/exports/{job.pk}/download/", follow=True)
    assert response.redirect_chain == [(f"/admin/learning-reports/exports/{job.pk}/", 302)]
    assert "This export&#x27;s link has expired. Make the export again from the report." in response.content.decode()
    assert delete_expired_exports.delay().get() == 1
    assert not os.path.exists(path)
    assert delete_expired_exports.delay().get() == 0  # running again changes nothing


def test_a_redelivered_task_makes_no_second_file(client, org, small_limit, django_capture_on_commit_callbacks):
    client.force_login(org["hr"])
    _request(client, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    finished_at = job.finished_at
    assert run_export.delay(job_id=job.pk).get() == "skipped"
    job.refresh_from_db()
    assert job.finished_at == finished_at
    assert os.listdir(os.path.dirname(job.file.path)) == [os.path.basename(job.file.path)]


def test_a_job_interrupted_mid_way_starts_again_and_leaves_one_whole_file(org, settings):
    job = ExportJob.objects.create(
        requested_by=org["hr"], report="learners", title="Learner status", format="xlsx", rows_expected=5
    )
    # A worker died while storing the file: the job is still "running" and half a file is under the job's name.
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, rows_written=2)
    folder = settings.PRIVATE_MEDIA_ROOT / "exports"
    folder.mkdir(parents=True)
    (folder / f"learners-{job.pk}.xlsx").write_bytes(b"half")
    assert run_export.delay(job_id=job.pk).get() == "done"
    assert sorted(os.listdir(folder)) == [f"learners-{job.pk}.xlsx"]
    job.refresh_from_db()
    assert (job.status, job.rows_written, job.percent) == ("done", 5, 100)
    with job.file.open("rb") as handle:  # the whole file replaced the half one
        assert openpyxl.load_workbook(handle).active.max_row == 1 + 5  # headings and five learners


def test_a_failed_export_says_so_and_leaves_no_file(client, org, settings):
    settings.PRIVATE_MEDIA_ROOT.parent.mkdir(parents=True, exist_ok=True)
    settings.PRIVATE_MEDIA_ROOT.write_text("a file where the folder should be")
    job = ExportJob.objects.create(
        requested_by=org["hr"], report="overdue", title="Overdue", format="csv", rows_expected=1
    )
    job = services.run_export(job_id=job.pk)
    assert job.status == "failed" and not job.file
    client.force_login(org["hr"])
    html = client.get(f"/admin/learning-reports/exports/{job.pk}/").content.decode()
    assert "The export could not be made. Try again, or ask an administrator to look at the logs." in html
    assert client.get(f"/admin/learning-reports/exports/{job.pk}/download/").status_code == 404


def test_the_progress_page_polls_a_status_the_requester_alone_can_read(client, org):
    job = ExportJob.objects.create(
        requested_by=org["hr"], report="learners", title="Learner status", format="csv", rows_expected=200
    )
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, rows_written=50)
    client.force_login(org["hr"])
    page = client.get(f"/admin/learning-reports/exports/{job.pk}/").content.decode()
    assert f'data-export-status-url="/admin/learning-reports/exports/{job.pk}/status/"' in page
    assert '<progress class="sw-export__progress" max="100" value="25"' in page
    assert "/static/js/reports.js" in page and "<script>" not in page
    status = client.get(f"/admin/learning-reports/exports/{job.pk}/status/").json()
    assert status == {
        "status": "running",
        "status_label": "In progress",
        "rows_written": 50,
        "rows_expected": 200,
        "percent": 25,
        "finished": False,
    }
    listing = client.get("/admin/learning-reports/exports/").content.decode()
    assert f"/admin/learning-reports/exports/{job.pk}/" in listing


def test_a_job_applies_the_requesters_scope_when_it_runs(org, small_limit):
    job = ExportJob.objects.create(
        requested_by=org["helena"], report="module-detail", title="By module", format="csv", rows_expected=5
    )
    job = services.run_export(job_id=job.pk)
    with job.file.open("rb") as exported:
        rows = _rows(exported.read())
    assert {row[1] for row in rows[1:]} == {"jordan@tarnwick.example"}
    assert len(rows) - 1 == 3 + 2  # Jordan: three modules of one course, two of the other
