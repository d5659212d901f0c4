"""Media and private files in S3-compatible buckets (MEDIA_S3_*), against a real S3 HTTP API on this machine: moto's
server on a free loopback port. The storages are built by running socialwise/settings/s3.py with the variables an
operator would set, so the settings code itself is what is tested; nothing of boto is mocked.

Uploads land in the media bucket and are served by (signed) URLs; certificate PDFs and report exports land in the
private bucket or prefix, are downloaded through the app's views after their permission checks, have no URL, and go
with the person when their personal data is erased."""

from __future__ import annotations

import io
import runpy
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.images.models import Image

import pytest
from PIL import Image as PILImage

from certificates.models import Certificate
from courses import services as course_services
from people import personal_data
from reports.models import ExportJob
from tests.conftest import require
from tests.factories.courses import make_course_with_modules

pytestmark = pytest.mark.django_db

REGION = "eu-west-2"


@pytest.fixture(scope="module")
def s3_endpoint():
    """An S3 server speaking the real HTTP API, in a thread of this process, on a free loopback port."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:  # moto[s3] is a pinned test dependency (requirements-test.txt)
        require(False, f"moto's S3 server cannot be imported ({error}); run `make install`")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    try:
        server.start()
    except OSError as error:
        require(False, f"moto's S3 server cannot listen on 127.0.0.1 ({error})")
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def _client(endpoint: str):
    import boto3

    return boto3.client(
        "s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test"
    )


def _configure(settings, monkeypatch, variables: dict[str, str]) -> dict:
    """Run the S3 settings module (socialwise/settings/s3.py) with `variables` in the environment, as a deployment would start, and use the file
    storages and Content Security Policy it made for the rest of the test."""
    for name in [
        "MEDIA_S3_BUCKET",
        "MEDIA_S3_ENDPOINT_URL",
        "MEDIA_S3_REGION",
        "MEDIA_S3_ACCESS_KEY_ID",
        "MEDIA_S3_SECRET_ACCESS_KEY",
        "MEDIA_S3_CUSTOM_DOMAIN",
        "MEDIA_S3_ADDRESSING_STYLE",
        "MEDIA_S3_URL_EXPIRY",
        "PRIVATE_MEDIA_S3_BUCKET",
        "PRIVATE_MEDIA_S3_PREFIX",
    ]:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    made = runpy.run_module("socialwise.settings.s3")
    settings.STORAGES = {**made["STORAGES"], "staticfiles": settings.STORAGES["staticfiles"]}
    settings.CONTENT_SECURITY_POLICY = made["CONTENT_SECURITY_POLICY"]
    return made


class Buckets:
    def __init__(self, endpoint: str, *, private_bucket_of_its_own: bool):
        self.endpoint = endpoint
        self.client = _client(endpoint)
        suffix = uuid.uuid4().hex[:12]
        self.media = f"sw-media-{suffix}"
        self.private = f"sw-private-{suffix}" if private_bucket_of_its_own else self.media
        self.private_prefix = "private/"
        for bucket in {self.media, self.private}:
            self.client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})

    def keys(self, bucket: str) -> list[str]:
        return sorted(item["Key"] for item in self.client.list_objects_v2(Bucket=bucket).get("Contents", []))

    def body(self, bucket: str, key: str) -> bytes:
        return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()

    def anonymous_status(self, bucket: str, key: str) -> int:
        """What someone without credentials gets for the object's plain address."""
        try:
            with urllib.request.urlopen(f"{self.endpoint}/{bucket}/{key}") as response:  # noqa: S310 (loopback)
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture(params=["private bucket", "private prefix"])
def buckets(request, s3_endpoint, settings, monkeypatch) -> Buckets:
    """Both layouts the README offers: private files in a bucket of their own, or under a prefix of the media
    bucket."""
    made = Buckets(s3_endpoint, private_bucket_of_its_own=request.param == "private bucket")
    variables = {
        "MEDIA_S3_BUCKET": made.media,
        "MEDIA_S3_ENDPOINT_URL": s3_endpoint,
        "MEDIA_S3_REGION": REGION,
        "MEDIA_S3_ACCESS_KEY_ID": "test",
        "MEDIA_S3_SECRET_ACCESS_KEY": "test",
    }
    if made.private != made.media:
        variables["PRIVATE_MEDIA_S3_BUCKET"] = made.private
    _configure(settings, monkeypatch, variables)
    return made


def _png(colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (64, 48), colour).save(out, "PNG")
    return out.getvalue()


def _fetch(url: str) -> bytes:
    assert url.startswith("http://127.0.0.1:"), url  # only ever the loopback S3 server
    with urllib.request.urlopen(url) as response:  # noqa: S310
        return response.read()


def _nothing_local(settings) -> None:
    for folder in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        assert not folder.exists() or not any(folder.rglob("*")), f"files were written under {folder}"


def test_an_image_uploaded_in_the_admin_lands_in_the_media_bucket_and_is_served_by_its_url(
    client, trainer, buckets, settings
):
    png = _png()
    client.force_login(trainer)
    response = client.post(
        reverse("wagtailimages:add"), {"title": "Depot", "file": SimpleUploadedFile("depot.png", png, "image/png")}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    image = Image.objects.get(title="Depot")
    assert (image.width, image.height) == (64, 48)  # Wagtail read the file back from the bucket
    assert image.file.name in buckets.keys(buckets.media)
    assert buckets.body(buckets.media, image.file.name) == png
    # Served by its URL: a signed, expiring address on the bucket, and nothing without the signature.
    url = image.file.url
    assert "X-Amz-Signature=" in url
    assert _fetch(url) == png
    assert buckets.anonymous_status(buckets.media, image.file.name) == 403
    # A rendition is made from the original in the bucket and stored there too.
    rendition = image.get_rendition("fill-32x32")
    assert rendition.file.name in buckets.keys(buckets.media)
    assert PILImage.open(io.BytesIO(_fetch(rendition.url))).size == (32, 32)
    # The pages' Content Security Policy lets the browser load images from there.
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    policy = client.get(reverse("wagtailimages:index"))["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert origin in img_src.split()
    _nothing_local(settings)


def test_a_document_lives_in_the_media_bucket_and_is_streamed_by_wagtails_view(client, learner, buckets, settings):
    document = Document(title="Social media policy")
    document.file.save("policy.txt", ContentFile(b"Think before you post."), save=True)
    assert document.file.name in buckets.keys(buckets.media)
    assert buckets.anonymous_status(buckets.media, document.file.name) == 403
    client.force_login(learner)
    response = client.get(document.url)  # the serve view, not the bucket
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Think before you post."
    _nothing_local(settings)


@pytest.fixture
def small_export_limit(settings):
    settings.REPORTS_EXPORT_INLINE_MAX_ROWS = 0  # every export becomes a background job with a stored file


def test_certificates_and_exports_are_private_downloadable_by_their_owner_and_erased_with_them(
    client, learner, other_learner, hr, buckets, small_export_limit, settings, django_capture_on_commit_callbacks
):
    course, modules = make_course_with_modules(1, title="Crisis response on social")
    with django_capture_on_commit_callbacks(execute=True):
        course_services.record_module_completion(user=learner, module=modules[0])
    certificate = Certificate.objects.get(enrolment__user=learner)
    assert certificate.issued_at is not None
    certificate_key = f"{buckets.private_prefix}{certificate.pdf.name}"
    assert certificate.pdf.name == f"certificates/{certificate.code}.pdf"
    assert buckets.keys(buckets.private) == [certificate_key]
    assert buckets.body(buckets.private, certificate_key).startswith(b"%PDF")
    assert not any(key.startswith("certificates/") for key in buckets.keys(buckets.media))

    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/admin/learning-reports/learners/", {"export": "csv", "enrolments": "all"})
    job = ExportJob.objects.get(requested_by=hr)
    assert response.status_code == 302 and (job.status, job.rows_written) == ("done", 1)
    export_key = f"{buckets.private_prefix}{job.file.name}"
    assert job.file.name == f"exports/learners-{job.pk}.csv"
    assert buckets.keys(buckets.private) == sorted([certificate_key, export_key])

    # No URL for either, signed or not, and the bucket refuses anyone without credentials.
    for field in (certificate.pdf, job.file):
        with pytest.raises(ValueError, match="Private files have no URL"):
            field.url  # noqa: B018
        with pytest.raises(NotImplementedError):
            field.path  # noqa: B018 (not a local file)
    assert buckets.anonymous_status(buckets.private, certificate_key) == 403
    assert buckets.anonymous_status(buckets.private, export_key) == 403

    # Each owner downloads theirs through the app; someone else gets the 404 of a missing file.
    download = client.get(f"/admin/learning-reports/exports/{job.pk}/download/")
    assert download.status_code == 200
    exported = b"".join(download.streaming_content).decode("utf-8-sig")
    assert exported == buckets.body(buckets.private, export_key).decode("utf-8-sig")
    assert learner.email in exported
    client.force_login(learner)
    pdf = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content) == buckets.body(buckets.private, certificate_key)
    assert client.get(f"/admin/learning-reports/exports/{job.pk}/download/").status_code in {302, 403, 404}
    client.force_login(other_learner)
    assert client.get(reverse("certificates:download", args=[certificate.pk])).status_code == 404

    # Erasing a person's data deletes their files from the bucket.
    personal_data.erase_person(user=learner, actor=hr)
    assert buckets.keys(buckets.private) == [export_key]
    personal_data.erase_person(user=hr, actor=None)
    assert buckets.keys(buckets.private) == []
    _nothing_local(settings)


def test_a_redelivered_export_overwrites_its_own_object_and_a_failed_one_leaves_none(hr, buckets, monkeypatch):
    from analytics import exports
    from reports import services

    job = ExportJob.objects.create(requested_by=hr, report="overdue", title="Overdue", format="csv", rows_expected=1)
    name = f"exports/overdue-{job.pk}.csv"
    # A worker stopped half-way through storing the file: the job is still "running", half an object is there.
    storages["private"].save(name, ContentFile(b"half"))
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    job = services.run_export(job_id=job.pk)
    key = f"{buckets.private_prefix}{name}"
    assert (job.status, job.file.name) == ("done", name)
    assert [k for k in buckets.keys(buckets.private) if k.startswith(f"{buckets.private_prefix}exports/")] == [key]
    assert buckets.body(buckets.private, key) != b"half"
    # Once its link has expired, the export is deleted from the bucket.
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert services.delete_expired_exports() == 1
    assert key not in buckets.keys(buckets.private)

    # A report that breaks half-way: the job fails and what an earlier attempt left under its name is removed.
    failed = ExportJob.objects.create(requested_by=hr, report="overdue", title="Overdue", format="csv", rows_expected=1)
    stale = f"exports/overdue-{failed.pk}.csv"
    storages["private"].save(stale, ContentFile(b"half"))
    ExportJob.objects.filter(pk=failed.pk).update(status=ExportJob.Status.RUNNING)

    def broken(*args, **kwargs):
        raise RuntimeError("the report broke")

    monkeypatch.setattr(exports, "write_csv", broken)
    failed = services.run_export(job_id=failed.pk)
    assert failed.status == "failed" and not failed.file
    assert f"{buckets.private_prefix}{stale}" not in buckets.keys(buckets.private)


def test_an_export_that_cannot_be_stored_fails_and_is_not_done(hr, buckets, settings):
    from reports import services

    options = settings.STORAGES["private"]["OPTIONS"]
    settings.STORAGES = {  # the bucket is gone (or refuses writes)
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {**options, "bucket_name": "sw-no-such-bucket"}},
    }
    job = ExportJob.objects.create(requested_by=hr, report="overdue", title="Overdue", format="csv", rows_expected=1)
    job = services.run_export(job_id=job.pk)
    assert (job.status, job.file.name) == ("failed", "")


# --- The settings alone: no server needed -----------------------------------------------------------------------------
def test_without_a_bucket_files_stay_in_the_local_folders(settings, monkeypatch):
    made = _configure(settings, monkeypatch, {})
    assert {alias: made["STORAGES"][alias]["BACKEND"] for alias in ("default", "private")} == {
        "default": "django.core.files.storage.FileSystemStorage",
        "private": "cms.storage.PrivateFileSystemStorage",
    }
    assert made["MEDIA_S3_ORIGIN"] == ""
    assert made["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "data:", "blob:"]


@pytest.mark.parametrize(
    "variables",
    [
        {"MEDIA_S3_REGION": REGION},  # AWS, bucket in the host name
        {"MEDIA_S3_REGION": REGION, "MEDIA_S3_ADDRESSING_STYLE": "path"},
        {},  # AWS without a region
        {"MEDIA_S3_ENDPOINT_URL": "https://objects.internal.example:9000"},  # an S3-compatible server, path style
        {"MEDIA_S3_ENDPOINT_URL": "https://objects.internal.example", "MEDIA_S3_ADDRESSING_STYLE": "virtual"},
        {"MEDIA_S3_CUSTOM_DOMAIN": "media.tarnwick.example"},  # a CDN in front of the bucket
    ],
)
def test_the_content_security_policy_allows_the_origin_the_image_urls_point_at(settings, monkeypatch, variables):
    made = _configure(
        settings,
        monkeypatch,
        {"MEDIA_S3_BUCKET": "sw-media", "MEDIA_S3_ACCESS_KEY_ID": "k", "MEDIA_S3_SECRET_ACCESS_KEY": "s", **variables},
    )
    url = storages["default"].url("original_images/depot.png")  # signed locally: nothing is sent anywhere
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    assert made["MEDIA_S3_ORIGIN"] == origin
    assert origin in made["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]


def test_private_files_never_share_the_media_bucket_without_a_prefix(settings, monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="PRIVATE_MEDIA_S3_PREFIX"):
        _configure(settings, monkeypatch, {"MEDIA_S3_BUCKET": "sw-media", "PRIVATE_MEDIA_S3_PREFIX": "/"})
    with pytest.raises(ImproperlyConfigured, match="MEDIA_S3_ADDRESSING_STYLE"):
        _configure(settings, monkeypatch, {"MEDIA_S3_BUCKET": "sw-media", "MEDIA_S3_ADDRESSING_STYLE": "auto"})
