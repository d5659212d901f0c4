"""Fault tests with real processes: a Celery worker killed mid-task, Redis stopped under the web pages, an LRS that
fails or hangs. Each job's effect must happen exactly once in the end."""

from __future__ import annotations

import time
from datetime import timedelta

from django.utils import timezone

import pytest

from certificates.models import Certificate
from certificates.tasks import issue_pending_certificates as issue_pending_certificates_task
from courses import services as course_services
from tests.factories.courses import make_course_with_modules
from tests.jobs.conftest import live_broker, wait_for
from tests.xapi.lrs import PASSWORD, USERNAME, assert_valid_statement
from xapi.models import StatementOutbox
from xapi.tasks import deliver_statements as deliver_statements_task

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]


def _emails(mailbox) -> list:
    return sorted(mailbox.iterdir())


def _issued(certificate_id: int) -> bool:
    return Certificate.objects.filter(pk=certificate_id, issued_at__isnull=False, notified_at__isnull=False).exists()


def test_a_worker_killed_while_making_a_certificate_leaves_it_to_the_restarted_worker_which_makes_it_once(
    shared_broker, start_worker, learner, mailbox, tmp_path, settings
):
    _course, (module,) = make_course_with_modules(1, title="Crisis response on social")
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    # Unacknowledged messages of a dead worker come back after this many seconds (an hour in production).
    first = start_worker(shared_broker, SOCIALWISE_TEST_BLOCK_RENDER=str(blocked), CELERY_VISIBILITY_TIMEOUT="2")
    with live_broker(shared_broker):
        course_services.record_module_completion(user=learner, module=module)  # queues the certificate on commit
    certificate = Certificate.objects.get()

    wait_for(lambda: (blocked / "started").exists(), timeout=30, what="the worker to start making the PDF")
    started = time.monotonic()
    first.kill()
    certificate.refresh_from_db()
    assert certificate.issued_at is None
    assert _emails(mailbox) == []

    time.sleep(max(0.0, 2.5 - (time.monotonic() - started)))  # past the visibility timeout
    start_worker(shared_broker, CELERY_VISIBILITY_TIMEOUT="2")
    wait_for(lambda: _issued(certificate.pk), timeout=30, what="the restarted worker to make the certificate")
    time.sleep(1)  # room for a duplicate delivery to show itself

    assert Certificate.objects.count() == 1
    assert len(_emails(mailbox)) == 1
    certificate.refresh_from_db()
    pdfs = list((settings.PRIVATE_MEDIA_ROOT / "certificates").iterdir())
    assert [p.name for p in pdfs] == [f"{certificate.code}.pdf"]
    assert pdfs[0].read_bytes().startswith(b"%PDF")


def test_with_redis_down_the_pages_keep_working_and_the_jobs_are_done_once_redis_is_back(
    own_redis, start_worker, client, learner, mailbox, lrs, settings, caplog
):
    settings.REDIS_URL = own_redis.url
    settings.CACHES = {
        "default": {
            "BACKEND": "socialwise.cache.DegradingRedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    _course, (first_module, last_module) = make_course_with_modules(2, title="Crisis response on social")
    client.force_login(learner)
    with live_broker(own_redis.url):
        own_redis.stop()
        assert client.get(first_module.url).status_code == 200
        assert client.post(f"/learning/modules/{first_module.pk}/complete/").status_code == 302
        assert client.get(last_module.url).status_code == 200
        assert client.post(f"/learning/modules/{last_module.pk}/complete/").status_code == 302
        dashboard = client.get("/learning/")
        assert dashboard.status_code == 200
        assert "Your certificate is being prepared." in dashboard.content.decode()
        assert client.get("/healthz").status_code == 503
        assert "the periodic sweep will queue it again" in caplog.text

        # The jobs were not lost: their rows committed with the learning record.
        certificate = Certificate.objects.get()
        assert certificate.issued_at is None
        assert StatementOutbox.objects.filter(status="pending").count() == 5

        own_redis.start()
        start_worker(
            own_redis.url,
            XAPI_ENABLED="true",
            XAPI_ENDPOINT=lrs.endpoint,
            XAPI_USERNAME=USERNAME,
            XAPI_PASSWORD=PASSWORD,
        )
        # What beat does every few minutes; the sweep leaves certificates younger than its grace period alone.
        Certificate.objects.filter(pk=certificate.pk).update(requested_at=timezone.now() - timedelta(minutes=5))
        issue_pending_certificates_task.delay()
        deliver_statements_task.delay()

        wait_for(lambda: _issued(certificate.pk), timeout=30, what="the certificate once Redis is back")
        wait_for(
            lambda: not StatementOutbox.objects.exclude(status="sent").exists(),
            timeout=30,
            what="the statements once Redis is back",
        )
        issue_pending_certificates_task.delay()  # a second sweep finds nothing to do
        time.sleep(1)

    assert len(_emails(mailbox)) == 1
    stored = lrs.statements(ids={str(i) for i in StatementOutbox.objects.values_list("statement_id", flat=True)})
    assert len(stored) == 5
    for statement in stored:
        assert_valid_statement(statement)
    assert client.get("/healthz").status_code == 200


def test_a_worker_retries_an_lrs_that_fails_then_times_out_and_delivers_every_statement_once(
    shared_broker, start_worker, learner, faulty_lrs, lrs, settings
):
    faulty_lrs.script = ["error", "hang", "lose_response"]  # then it passes requests through
    start_worker(
        shared_broker,
        XAPI_ENABLED="true",
        XAPI_ENDPOINT=faulty_lrs.endpoint,
        XAPI_USERNAME=USERNAME,
        XAPI_PASSWORD=PASSWORD,
        XAPI_TIMEOUT="1",
        XAPI_RETRY_BACKOFF="1",
    )
    _course, modules = make_course_with_modules(3)
    with live_broker(shared_broker):
        for module in modules:
            course_services.record_module_visit(user=learner, module=module)  # each queues a delivery on commit

    wait_for(
        lambda: StatementOutbox.objects.count() == 3 and not StatementOutbox.objects.exclude(status="sent").exists(),
        timeout=45,
        what="the worker to deliver after its retries",
    )
    assert faulty_lrs.requests[:3] == ["POST error", "POST hang", "POST lose_response"]
    stored = lrs.statements(ids={str(i) for i in StatementOutbox.objects.values_list("statement_id", flat=True)})
    assert len(stored) == 3
    for statement in stored:
        assert_valid_statement(statement)
