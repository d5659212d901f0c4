"""Writes of the SCIM app: clients and their tokens, the rate limit, and the SCIM side of provisioned people and
cohorts. The people themselves change only through people.provisioning."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from people.models import AuditLog, User
from people.services import record_audit
from scim.models import ScimClient, ScimGroup, ScimUser

TOKEN_PREFIX = "scim_"  # noqa: S105 (a prefix that makes a leaked token recognisable, not a secret)
LAST_USED_EVERY = timedelta(minutes=1)


def hash_token(token: str) -> str:
    """Tokens are 256 random bits, so one SHA-256 is enough to keep them unguessable from the hash."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@transaction.atomic
def create_client(
    *, name: str, actor, may_grant_hr: bool = False, send_invitations: bool = False, requests_per_minute: int = 1200
) -> tuple[ScimClient, str]:
    """Make a client and its token. The token is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ScimClient(
        name=" ".join(name.split()),
        token_hash=hash_token(token),
        token_hint=token[:9],
        may_grant_hr=may_grant_hr,
        send_invitations=send_invitations,
        requests_per_minute=requests_per_minute,
        created_by=actor if actor is not None and actor.pk else None,
    )
    client.full_clean()
    client.save()
    record_audit(
        actor=actor,
        action=AuditLog.Action.PERSON_CHANGED,
        summary=f"SCIM client “{client.name}” created (token {client.token_hint}…).",
        data={"via": "SCIM", "client": client.name, "may_grant_hr": may_grant_hr},
    )
    return client, token


@transaction.atomic
def revoke_client(*, client: ScimClient, actor) -> ScimClient:
    """Revoke a client's token: its next request is refused (401). Revoking twice changes nothing."""
    client = ScimClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        record_audit(
            actor=actor,
            action=AuditLog.Action.PERSON_CHANGED,
            summary=f"SCIM client “{client.name}” revoked.",
            data={"via": "SCIM", "client": client.name},
        )
    return client


@transaction.atomic
def update_client_settings(
    *, client: ScimClient, actor, may_grant_hr: bool, send_invitations: bool, requests_per_minute: int
) -> ScimClient:
    client.may_grant_hr = may_grant_hr
    client.send_invitations = send_invitations
    client.requests_per_minute = requests_per_minute
    client.full_clean()
    client.save(update_fields=["may_grant_hr", "send_invitations", "requests_per_minute"])
    record_audit(
        actor=actor,
        action=AuditLog.Action.PERSON_CHANGED,
        summary=f"SCIM client “{client.name}” settings changed.",
        data={"via": "SCIM", "client": client.name, "may_grant_hr": may_grant_hr},
    )
    return client


def authenticate(token: str) -> ScimClient | None:
    """The active client whose token this is, or None. Notes when it was last used (at most once a minute)."""
    if not token or len(token) > 200:
        return None
    try:
        client = ScimClient.objects.get(token_hash=hash_token(token), revoked_at=None)
    except ScimClient.DoesNotExist:
        return None
    now = timezone.now()
    if client.last_used_at is None or client.last_used_at < now - LAST_USED_EVERY:
        ScimClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return client


@dataclass
class RateDecision:
    allowed: bool
    retry_after: int = 0


def take_request(client: ScimClient) -> RateDecision:
    """Count one request against the client's per-minute limit in the shared cache (Redis in production), so the
    limit holds across processes. A fixed window: the answer says how many seconds until it opens again."""
    now = time.time()
    window = int(now // 60)
    key = f"scim-rate:{client.pk}:{window}"
    # The Redis cache of production counts in one round trip (socialwise.cache.DegradingRedisCache.count).
    counter = getattr(cache, "count", None)
    count = counter(key, timeout=70) if counter is not None else None
    if count is None:  # another cache backend (tests, development), or Redis unreachable
        cache.add(key, 0, timeout=70)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr, or the cache is down: count this one afresh
            cache.set(key, 1, timeout=70)
            count = 1
    if count > client.requests_per_minute:
        return RateDecision(False, max(1, int(60 - now % 60) + 1))
    return RateDecision(True)


def _external_id(value: str | None, *, model) -> str:
    """`externalId` as stored: at most the column's length (a longer one is the client's error, answered 400)."""
    limit = model._meta.get_field("external_id").max_length
    if value and len(value) > limit:
        raise ValidationError({"externalId": f"At most {limit} characters (this one has {len(value)})."})
    return value or ""


def set_user_external_id(*, user_id: int, external_id: str | None) -> None:
    """The client's externalId of the person (and the person served again if the client had deleted them). A full
    sync's first pass links everyone: one upsert (INSERT … ON CONFLICT UPDATE), not a read and then a write."""
    value = _external_id(external_id, model=ScimUser)
    if not value and not ScimUser.objects.filter(user_id=user_id).exists():
        return  # nothing to clear, and no link made to say nothing
    ScimUser.objects.bulk_create(
        [ScimUser(user_id=user_id, external_id=value, deleted_at=None)],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["external_id", "deleted_at"],
    )


def mark_user_deleted(*, user_id: int, client_name: str) -> None:
    """The client deleted the person: deactivated already (people.provisioning), now gone from /scim/v2/Users."""
    ScimUser.objects.update_or_create(user_id=user_id, defaults={"deleted_at": timezone.now()})
    record_audit(
        actor=None,
        action=AuditLog.Action.PERSON_CHANGED,
        subject=User.objects.get(pk=user_id),
        summary=f"SCIM client “{client_name}”: person deleted for SCIM (kept, deactivated).",
        data={"via": "SCIM", "client": client_name, "deleted": True},
    )


def claim_group(*, cohort_id: int, client: ScimClient) -> None:
    """Record that `client` created this cohort as a group: from now on it is that client's to change."""
    ScimGroup.objects.update_or_create(cohort_id=cohort_id, defaults={"client": client})


def set_group_external_id(*, cohort_id: int, external_id: str | None) -> None:
    value = _external_id(external_id, model=ScimGroup)
    link = ScimGroup.objects.filter(cohort_id=cohort_id).first()
    if link is None:
        if value:
            ScimGroup.objects.create(cohort_id=cohort_id, external_id=value)
    elif link.external_id != value or link.deleted_at is not None:
        link.external_id = value
        link.deleted_at = None
        link.save(update_fields=["external_id", "deleted_at"])


def mark_group_deleted(*, cohort_id: int, client_name: str) -> None:
    ScimGroup.objects.update_or_create(cohort_id=cohort_id, defaults={"deleted_at": timezone.now()})
    record_audit(
        actor=None,
        action=AuditLog.Action.PERSON_CHANGED,
        summary=f"SCIM client “{client_name}”: group deleted for SCIM (cohort kept, emptied).",
        data={"via": "SCIM", "client": client_name, "cohort": cohort_id},
    )
