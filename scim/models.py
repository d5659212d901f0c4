"""SCIM clients (the identity provider's or HR system's bearer tokens) and what SCIM keeps about the people and cohorts
it provisions. The people themselves are people.User and people.Profile; this app adds no personal data but the
client's external id of a person."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScimClient(models.Model):
    """One provisioning client with its bearer token. Only the token's SHA-256 is kept: the token itself is shown
    once, when the client is created. Revoking keeps the row (the audit log names the client)."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("E.g. “Okta” or “Entra ID”."))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("token starts with"), max_length=12, editable=False)
    may_grant_hr = models.BooleanField(
        _("may give the HR role"),
        default=False,
        help_text=_(
            "Off: this client cannot give the HR role nor change anyone who holds it. It never gives the "
            "Administrator role nor changes an Administrator or a superuser."
        ),
    )
    send_invitations = models.BooleanField(
        _("email new people an invitation"),
        default=False,
        help_text=_("Off when people sign in with single sign-on: they never need a Socialwise password."),
    )
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=1200,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("Past this, the client is told to wait (429). From 1 to 100,000."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("SCIM client")
        verbose_name_plural = _("SCIM clients")

    def __str__(self) -> str:
        return self.name


class ScimUser(models.Model):
    """What SCIM keeps about a person beside their account: the client's externalId, and whether the client deleted
    them (the person is then deactivated, kept, and no longer served at /scim/v2/Users)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="scim"
    )
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.external_id


class ScimGroup(models.Model):
    """The same for a cohort: the client that created it as a group, its externalId and whether the client deleted
    it. A client sees and changes only the groups it created: cohorts HR made (and other clients' groups) are not
    SCIM's to rename or empty, since course assignments hang on them."""

    cohort = models.OneToOneField("people.Cohort", on_delete=models.CASCADE, primary_key=True, related_name="scim")
    client = models.ForeignKey(
        ScimClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="groups", editable=False
    )
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.external_id
