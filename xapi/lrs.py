"""The HTTP side of delivery: send statements to the LRS configured in settings (XAPI_ENDPOINT and credentials)."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException

from django.conf import settings

from xapi.exceptions import LRSRejected, LRSUnavailable

XAPI_VERSION = "1.0.3"
# Worth asking again later: the LRS is down, overloaded, or asks us to slow down.
TRANSIENT_STATUSES = {408, 425, 429}


def _statements_url(query: dict | None = None) -> str:
    if urllib.parse.urlsplit(settings.XAPI_ENDPOINT).scheme not in {"http", "https"}:
        # A setting to fix, not a reason to drop statements: they wait in the outbox with this message.
        raise LRSUnavailable("XAPI_ENDPOINT must be an http:// or https:// address.")
    url = settings.XAPI_ENDPOINT.rstrip("/") + "/statements"
    return f"{url}?{urllib.parse.urlencode(query)}" if query else url


def _request(method: str, url: str, body: object) -> None:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method=method)  # noqa: S310 (https/http only, from settings)
    request.add_header("Content-Type", "application/json")
    request.add_header("X-Experience-API-Version", XAPI_VERSION)
    if settings.XAPI_USERNAME or settings.XAPI_PASSWORD:
        token = base64.b64encode(f"{settings.XAPI_USERNAME}:{settings.XAPI_PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=settings.XAPI_TIMEOUT) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as error:
        message = error.read(500).decode(errors="replace").strip() or error.reason
        if error.code >= 500 or error.code in TRANSIENT_STATUSES:
            raise LRSUnavailable(f"The LRS answered {error.code}: {message}") from error
        raise LRSRejected(error.code, message) from error
    except (urllib.error.URLError, HTTPException, OSError) as error:  # refused, reset, DNS, timeout
        raise LRSUnavailable(f"The LRS could not be reached: {getattr(error, 'reason', error)}") from error


def post_statements(statements: list[dict]) -> None:
    """Store a batch. An LRS keeps one copy of a statement whose id it already holds with the same content."""
    _request("POST", _statements_url(), statements)


def put_statement(statement: dict) -> None:
    """Store one statement under its id (204, also when the LRS already has it with the same content)."""
    _request("PUT", _statements_url({"statementId": statement["id"]}), statement)
