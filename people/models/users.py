from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Upper
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    """Users are identified by email; there are no usernames."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email__iexact=email)


class User(AbstractUser):
    """One person who can sign in. Personal data: name and email."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    # Mixed into the session hash and the password-reset tokens: a new stamp signs the account out everywhere and
    # voids every reset link sent before (people.services.change_account_email). Empty until first rotated, so the
    # sessions of accounts never rotated keep Django's own hash. The database default serves rows written in bulk
    # with COPY (reports' load generator).
    security_stamp = models.CharField(max_length=32, blank=True, default="", db_default="", editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        # Sign-in (`get_by_natural_key`) and SCIM's `userName eq` look addresses up without regard to case:
        # UPPER(email) = UPPER(%s) on PostgreSQL, which this index serves at any headcount.
        indexes = [
            models.Index(Upper("email"), name="people_user_email_upper"),
            # People in name order (My team, the learner lists): a page of a large team reads the first names in
            # order and checks each against the manager's reporting lines, instead of sorting the whole team.
            models.Index(fields=["last_name", "first_name", "email"], name="people_user_name_order"),
        ]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def rotate_security_stamp(self) -> None:
        """Give the account a new stamp (saved by the caller): its sessions and reset links stop working."""
        self.security_stamp = secrets.token_hex(16)

    # Django checks this hash against the session's on every request (AuthenticationMiddleware).
    def get_session_auth_hash(self) -> str:
        return self._stamped_session_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._stamped_session_hash(secret=fallback_secret)

    def _stamped_session_hash(self, *, secret) -> str:
        # Django's own key and value while there is no stamp, so sessions made before this field existed survive.
        value = f"{self.password}|{self.security_stamp}" if self.security_stamp else self.password
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()
