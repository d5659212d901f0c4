"""Single sign-on claims → department, job title and roles, applied at every login (docs/sso.md)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from people import privileges, roles
from people.selectors import DepartmentResolver
from people.services import update_profile

if TYPE_CHECKING:
    from allauth.socialaccount.models import SocialLogin

    from people.models import User

logger = logging.getLogger(__name__)

# Role names an identity provider may send without any mapping. Administrators is never granted by default: only an
# explicit OIDC_ROLE_MAP entry can map a claim value to it.
DEFAULT_ROLE_NAMES = {
    "learner": roles.LEARNERS,
    "learners": roles.LEARNERS,
    "manager": roles.MANAGERS,
    "managers": roles.MANAGERS,
    "trainer": roles.TRAINERS,
    "trainers": roles.TRAINERS,
    "hr": roles.HR,
}


def claims_of(sociallogin: SocialLogin) -> dict:
    """The ID token's claims overlaid with the userinfo endpoint's (allauth keeps both in `extra_data`)."""
    extra = sociallogin.account.extra_data or {}
    claims: dict = {}
    for key in ("id_token", "userinfo"):
        if isinstance(extra.get(key), dict):
            claims.update(extra[key])
    return claims or dict(extra)


def _as_list(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).replace(";", ",").split(",") if v.strip()]


def roles_from_claim(value) -> set[str]:
    mapping = {**DEFAULT_ROLE_NAMES, **{k.lower(): v for k, v in settings.SSO_ROLE_MAP.items()}}
    found = {mapping[v.lower()] for v in _as_list(value) if v.lower() in mapping}
    return (found & set(roles.ALL_ROLES)) | {roles.LEARNERS}


@transaction.atomic
def apply_sso_claims(*, user: User, claims: dict) -> None:
    """Set department, job title and roles from the claims named in settings. An absent claim leaves that part as
    it is; an unknown department is logged and ignored. The role claim sets exactly the mapped role groups (plus
    Learners); superuser status is never touched."""
    department_value = claims.get(settings.SSO_DEPARTMENT_CLAIM)
    job_title = claims.get(settings.SSO_JOB_TITLE_CLAIM)
    changes = {}
    if department_value:
        department = DepartmentResolver().resolve(str(department_value))
        if department is None:
            logger.warning(
                "SSO login: no department matches %r; the person's department is unchanged.", department_value
            )
        else:
            changes["department"] = department
    if isinstance(job_title, str) and job_title.strip():
        changes["job_title"] = job_title.strip()[:200]
    if changes:
        update_profile(user=user, **changes)
    role_value = claims.get(settings.SSO_ROLES_CLAIM)
    if role_value is not None:
        wanted = roles_from_claim(role_value)
        current = set(user.groups.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True))
        # The privilege model (people/privileges.py) never lets the provider change a superuser; refusals are audited.
        if wanted != current and privileges.permits(
            actor=privileges.IDENTITY_PROVIDER, target=user, changes={privileges.Change.ROLES}, roles_after=wanted
        ):
            user.groups.remove(*Group.objects.filter(name__in=current - wanted))
            user.groups.add(*Group.objects.filter(name__in=wanted - current))
