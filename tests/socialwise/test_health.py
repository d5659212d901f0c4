import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_answers(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True}}


def test_healthz_answers_503_when_redis_is_configured_but_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": True, "redis": False}}


def test_healthz_answers_503_when_the_database_is_unreachable(client, settings):
    from django.db import connection

    real_cursor = connection.cursor

    def broken_cursor(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    connection.cursor = broken_cursor
    try:
        response = client.get("/healthz")
    finally:
        connection.cursor = real_cursor
    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False
