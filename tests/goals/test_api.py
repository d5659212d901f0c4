"""The JSON endpoint: a token per source (only its hash stored), limited to its objectives, rate limited, CSRF-free
because it reads no cookie; the same period twice updates, never duplicates; hostile bodies are 4xx, never 500."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

import pytest

from goals import services
from goals.models import MetricSource, MetricValue, MetricValueRevision

pytestmark = pytest.mark.django_db
URL = "/goals/api/values/"


@pytest.fixture
def source(org):
    made, token = services.create_metric_source(
        name="Contact centre export", objectives=[org["cs_objective"]], actor=org["hr"]
    )
    return made, token


def post(client, body, token=None, raw=False):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if raw else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **headers)


def test_only_the_hash_is_stored(source):
    made, token = source
    assert token.startswith("swm_") and len(token) > 40
    assert token not in made.token_hash and made.token_hash == services.hash_token(token)
    assert MetricSource.objects.filter(token_hash=token).count() == 0


def test_posting_the_same_period_twice_updates_one_value(source, org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # no CSRF token: the bearer token is the only credential
    _made, token = source
    objective = org["cs_objective"]
    body = {"objective": objective.pk, "values": [{"period": "2026-03-04", "value": 1100}]}
    first = post(client, body, token)
    assert first.status_code == 200, first.content
    assert first.json()["results"] == [{"period": "2026-03-02", "status": "created"}]
    assert post(client, body, token).json()["results"][0]["status"] == "unchanged"
    body["values"][0].update(value=1080.5, note="late calls added")
    assert post(client, body, token).json()["results"][0]["status"] == "updated"
    value = MetricValue.objects.get()
    assert value.value == 1080.5 and value.source == "Contact centre export"
    assert MetricValueRevision.objects.count() == 2
    assert MetricSource.objects.get().last_used_at is not None


@pytest.mark.parametrize("header", [None, "Bearer nope", "Basic swm_abc", "Bearer swm_" + "x" * 43])
def test_no_valid_token_is_401(client, source, org, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.post(URL, data="{}", content_type="application/json", **extra)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_and_another_objective_are_refused(client, source, org):
    made, token = source
    other = {"objective": org["ops_objective"].pk, "values": [{"period": "2026-03-02", "value": 1}]}
    assert post(client, other, token).status_code == 403
    assert post(client, {**other, "objective": 10**30}, token).status_code == 400
    services.revoke_metric_source(source=made)
    assert post(client, {**other, "objective": org["cs_objective"].pk}, token).status_code == 401
    assert not MetricValue.objects.exists()


def test_a_signed_in_session_is_no_credential(client, org):
    client.force_login(org["hr"])
    body = {"objective": org["cs_objective"].pk, "values": [{"period": "2026-03-02", "value": 1}]}
    assert post(client, body).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        '{"objective": 1, "values": [{"period": "2026-03-02", "value": NaN}]}',
        '{"objective": 1, "values": [{"period": "2026-03-02", "value": Infinity}]}',
        '{"objective": 1, "values": [{"period": "2026-03-02", "value": 1e20}]}',
        '{"objective": 1, "values": [{"period": "9999-03-02", "value": 1}]}',
        '{"objective": 1, "values": [{"period": "2026-03-02", "value": "=cmd"}]}',
        '{"objective": 1, "values": [{"period": "2026-03-02", "value": 1, "note": "a\\u0000b"}]}',
        '{"objective": 1, "values": [{"period": "2026-03-02", "value": 1}, "x"]}',
        '{"objective": 1, "values": []}',
        '{"objective": true, "values": [1]}',
        '{"objective": 1, "values": [{"period": "2026-03-02", "value": ' + "9" * 5000 + "}]}",
        "[1, 2]",
        "not json",
        '{"objective": 1, "values": ' + "[" * 5000 + "]" * 5000 + "}",
    ],
)
def test_hostile_bodies_are_400_and_write_nothing(client, source, org, body):
    _made, token = source
    body = body.replace('"objective": 1', f'"objective": {org["cs_objective"].pk}')
    response = post(client, body.encode(), token, raw=True)
    assert response.status_code == 400, response.content
    assert response.json()["error"]
    assert not MetricValue.objects.exists()


def test_one_bad_value_saves_none_of_the_batch(client, source, org):
    _made, token = source
    body = {
        "objective": org["cs_objective"].pk,
        "values": [{"period": "2026-03-02", "value": 1}, {"period": "2026-03-09", "value": "NaN"}],
    }
    response = post(client, body, token)
    assert response.status_code == 400 and response.json()["values"][0]["index"] == 1
    assert not MetricValue.objects.exists()


def test_the_source_is_rate_limited(client, source, org, settings):
    settings.GOALS_API_RATE_PER_MINUTE = 3
    _made, token = source
    body = {"objective": org["cs_objective"].pk, "values": [{"period": "2026-03-02", "value": 1}]}
    statuses = [post(client, body, token).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_get_is_405(client):
    assert client.get(URL).status_code == 405


def test_a_strangers_junk_tokens_never_use_up_a_sources_limit(client, source, org, settings):
    """QA: 125 junk calls from behind the proxy answered every real source 429; now only failures count per address,
    and the address is the one the trusted proxy saw."""
    settings.GOALS_API_RATE_PER_MINUTE = 3
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    stranger = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    junk = [client.post(URL, "{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer junk", **stranger)]
    junk += [client.post(URL, "{}", content_type="application/json", **stranger) for _ in range(8)]
    assert {r.status_code for r in junk[:6]} == {401} and junk[-1].status_code == 429
    _made, token = source
    body = {"objective": org["cs_objective"].pk, "values": [{"period": "2026-03-02", "value": 1}]}
    assert post(client, body, token).status_code == 200


def test_a_period_that_has_not_begun_is_refused(client, source, org):
    _made, token = source
    far = (timezone.localdate() + timedelta(days=30)).isoformat()
    body = {"objective": org["cs_objective"].pk, "values": [{"period": far, "value": 1}]}
    response = post(client, body, token)
    assert response.status_code == 400 and "in the future" in json.dumps(response.json())
    assert not MetricValue.objects.exists()
