"""Settings shared by every environment. Environment-specific modules import this and change only what differs."""

from __future__ import annotations

import os
import zoneinfo
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from celery.schedules import crontab

from socialwise.clocks import london_now

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

_MISSING = object()


def env(name: str, default=_MISSING, *, cast=str):
    """Read one environment variable; with no default, a missing variable stops start-up naming it."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"Set the {name} environment variable (see .env.example).")
        return default
    if cast is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if cast is list:
        return [item.strip() for item in raw.split(",") if item.strip()]
    return cast(raw)


# --- Core -----------------------------------------------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env("DEBUG", False, cast=bool)
ALLOWED_HOSTS = env("ALLOWED_HOSTS", ["127.0.0.1", "localhost"], cast=list)
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS", [], cast=list)
SITE_ID = 1

DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "people.users_admin_app.WagtailUsersConfig",  # wagtail.users under the privilege model (people/users_admin.py)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]
LOCAL_APPS = [
    "socialwise",
    "people",
    "analytics",
    "cms",
    "courses",
    "quizzes",
    "xapi",
    "certificates",
    "reports",
    "practice",
    "reminders",
    "scim",
    "goals",
    "demo",
]
INSTALLED_APPS = LOCAL_APPS + DJANGO_APPS + THIRD_PARTY_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the request guards below, so the pages they answer with carry the policy too.
    "socialwise.csp.SocialwiseCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "socialwise.middleware.UnreadableFormMiddleware",
    # SCIM's bearer-token API is answered here: what follows serves browsers (scim/middleware.py).
    "scim.middleware.ScimMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "people.middleware.SingleSignOnFormActionMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "people.middleware.RequireMFAForAdminMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "socialwise.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "socialwise.urls"
WSGI_APPLICATION = "socialwise.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------------------
# With no DATABASE_URL the embedded default is a git-ignored SQLite file. WAL lets readers work while one writer
# writes; IMMEDIATE transactions take the write lock up front, so concurrent writers wait (busy timeout) instead of
# failing half-way with "database is locked".
SQLITE_PATH = VAR_DIR / "socialwise.sqlite3"


def embedded_sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        },
    }


DATABASE_URL = env("DATABASE_URL", "")
# Behind PgBouncer in transaction mode (deploy/compose.yaml's web), a server-side cursor would outlive the server
# connection it was opened on: Django then fetches `.iterator()` results client-side instead.
DATABASE_POOLED = env("DATABASE_POOLED", False, cast=bool)
if DATABASE_URL.startswith("sqlite:"):
    # A SQLite file named by URL (a scratch demo: DATABASE_URL=sqlite:////tmp/demo.sqlite3) gets the same WAL,
    # IMMEDIATE and busy-timeout settings as the default file; without them two requests writing at once fail.
    DATABASES = {"default": embedded_sqlite_database(Path(dj_database_url.parse(DATABASE_URL)["NAME"]))}
elif DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_POOLED
else:
    DATABASES = {"default": embedded_sqlite_database(SQLITE_PATH)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Redis ------------------------------------------------------------------------------------------------
# Login rate limits live in the cache, so they only hold across processes when the cache is shared (Redis).
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down must not take the learner pages with it: this backend treats an unreachable Redis as an
            # empty cache (logged; /healthz answers 503). Login rate limits fail open meanwhile.
            "BACKEND": "socialwise.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "socialwise",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # Files under var/ are shared by every process on the machine, so rate limits still hold across processes.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

# --- Celery ---------------------------------------------------------------------------------------------------------
# Late acks: a message is acknowledged only after its task finished, so a worker that dies mid-task leaves it to be
# delivered again; every task is therefore safe to repeat (a unique row claimed before the side effect).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# Unacknowledged messages come back after this; it must outlast the slowest task (the 300 s hard limit) and any
# countdown or retry backoff (at most 15 minutes), or a message still being worked on would run twice.
CELERY_VISIBILITY_TIMEOUT = env("CELERY_VISIBILITY_TIMEOUT", 3600, cast=int)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that queues a task while Redis is down gives up after about a second instead of hanging; the job is
# not lost, because its row (certificate, statement) is already committed and the periodic sweeps queue it again.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TIMEZONE = "UTC"
# Periodic jobs, all of them, in one place. Each only re-queues work whose row is already committed, so a missed or
# doubled beat tick changes nothing.
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")  # beat's record of last runs, git-ignored
CELERY_BEAT_SCHEDULE: dict = {
    # Every minute: send xAPI statements still waiting in the outbox (the LRS was down, or Redis was).
    "xapi-deliver-statements": {"task": "xapi.deliver_statements", "schedule": 60.0},
    # Every five minutes: make certificates still pending a few minutes after the course was completed.
    "certificates-issue-pending": {"task": "certificates.issue_pending_certificates", "schedule": 300.0},
    # Every hour: delete drafts that abandoned "add page" forms left without a title (cms.services.stray_drafts).
    "cms-delete-stray-drafts": {"task": "cms.tasks.delete_stray_drafts", "schedule": 3600.0},
    # Mondays at 06:00 UTC: the weekly learning digest to HR and to each manager (one per person and week, however
    # often it runs).
    "reports-weekly-digest": {
        "task": "reports.send_weekly_digests",
        "schedule": crontab(minute=0, hour=6, day_of_week="mon"),
    },
    # Every minute: fold the completion deltas written with each enrolment change into the report's counts.
    "reports-fold-completion-deltas": {"task": "reports.fold_completion_deltas", "schedule": 60.0},
    # Every day at 03:15 UTC: compare the completion counts with a live scan of the enrolments, repair and log any
    # drift (a quiet hour: writers that change a count wait for it).
    "reports-reconcile-completion-counts": {
        "task": "reports.reconcile_completion_counts",
        "schedule": crontab(minute=15, hour=3),
    },
    # Every day at 03:05 UTC: compare the reporting lines (managers' scopes) with the profiles' managers, repair and
    # log any drift.
    "people-reconcile-reporting-lines": {
        "task": "people.tasks.reconcile_reporting_lines",
        "schedule": crontab(minute=5, hour=3),
    },
    # Every hour: delete report exports whose download link has expired.
    "reports-delete-expired-exports": {"task": "reports.delete_expired_exports", "schedule": 3600.0},
    # Every day at 02:30 UTC: start a new cycle for every completion whose recertification date has passed.
    "people-start-due-recertifications": {
        "task": "people.tasks.start_due_recertifications",
        "schedule": crontab(minute=30, hour=2),
    },
    # Every day at 07:00 London time: each learner's reminder of courses due soon or overdue (at most one email per
    # person and ISO week, however often it runs).
    "reminders-send-due-reminders": {
        "task": "reminders.send_due_reminders",
        "schedule": crontab(minute=0, hour=7, nowfun=london_now),
    },
    # Mondays at 07:30 London time: each manager's digest of their team's overdue and due-soon required training
    # (once per manager and ISO week).
    "reminders-send-manager-digests": {
        "task": "reminders.send_manager_digests",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon", nowfun=london_now),
    },
}

# Wagtail's own background work (search and reference index) runs through django-tasks, apart from Celery.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Authentication (django-allauth) --------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "courses:dashboard"  # sign-in lands on "My learning"
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_FORMS = {  # allauth's forms with labels as written, without Django's trailing colon
    "login": "people.forms.SignInForm",
    "reset_password": "people.forms.ResetPasswordForm",
    "reset_password_from_key": "people.forms.ResetPasswordKeyForm",
    "change_password": "people.forms.ChangePasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # the current session stays; every other session ends (auth hash changes)
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
# Failed logins, counted in the shared cache: at most 10 a minute from one address, and 5 in 5 minutes for one account
# from one address (the "key" is account and address, people/adapters.py), so a stranger guessing an Administrator's
# password locks out only themselves (docs/security.md, "Login limits").
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
# The client's address behind reverse proxies: each proxy appends the address it saw to X-Forwarded-For, so with N
# proxies of yours in front the Nth entry from the right is the client's; entries further left are the client's own
# words and ignored. 0 (no proxy) keys on the connection's address; deploy/compose.yaml sets 1.
ALLAUTH_TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT", 0, cast=int)
# Reset links and invitations die with the account's security stamp (a new one on every email change by HR).
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "people.tokens.StampedPasswordResetTokenGenerator"  # noqa: S105 (a class path)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Socialwise] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
# Self sign-up is off unless SIGNUP_OPEN is set, and then only for the company's own email domains.
SIGNUP_OPEN = env("SIGNUP_OPEN", False, cast=bool)
SIGNUP_EMAIL_DOMAINS = [d.lower() for d in env("SIGNUP_EMAIL_DOMAINS", [], cast=list)]
SOCIALACCOUNT_ONLY = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]

# --- People: two-factor before the admin, single sign-on, recertification -------------------------------------------
# Trainers, HR and Administrators (and superusers) must set up an authenticator app before they reach /admin/.
# Development turns this off (dev.py) so the demo accounts work; production keeps it on.
MFA_ENFORCED = env("MFA_ENFORCED", True, cast=bool)
MFA_REQUIRED_FOR_ROLES = ["Trainers", "HR", "Administrators"]
# Single sign-on through one OpenID Connect provider (Entra ID, Okta, Google Workspace, Keycloak…), on when
# OIDC_CLIENT_ID is set. The claims below set department, job title and roles at every login; the rules for trusting
# the provider live in the app's "settings" (read by people/sso.py, one set per provider) (docs/sso.md).
SOCIALACCOUNT_ADAPTER = "people.adapters.SocialAccountAdapter"
OIDC_PROVIDER_ID = env("OIDC_PROVIDER_ID", "sso")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", "")
OIDC_SERVER_URL = env("OIDC_SERVER_URL", "")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": OIDC_PROVIDER_ID,
                "name": env("OIDC_PROVIDER_NAME", "Single sign-on"),
                "client_id": OIDC_CLIENT_ID,
                "secret": env("OIDC_CLIENT_SECRET", ""),
                "settings": {
                    "server_url": OIDC_SERVER_URL,
                    # department, job_title and roles are custom claims: add the scope the provider releases them under
                    "scope": env("OIDC_SCOPES", ["openid", "profile", "email"], cast=list),
                    # An address is trusted (signs in to the existing account with it, and counts as verified) only
                    # when the provider says email_verified AND its domain is one this provider is authoritative for.
                    "authoritative_domains": [d.lower() for d in env("OIDC_AUTHORITATIVE_DOMAINS", [], cast=list)],
                    # The claim saying the provider verified the address (Entra ID: its optional claim xms_edov).
                    "email_verified_claim": env("OIDC_EMAIL_VERIFIED_CLAIM", "email_verified"),
                    # An absent roles claim: "remove" (as an empty one: only Learners of the mapped roles) or "keep".
                    "roles_when_absent": env("OIDC_ROLES_WHEN_ABSENT", "remove"),
                    # The provider's own second factor counts for staff roles when the ID token's amr holds one of
                    # these values or its acr is one of these (e.g. OIDC_MFA_AMR=mfa,otp,hwk).
                    "mfa_amr": env("OIDC_MFA_AMR", [], cast=list),
                    "mfa_acr": env("OIDC_MFA_ACR", [], cast=list),
                },
            }
        ]
        if OIDC_CLIENT_ID
        else [],
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
# An SSO login with a trusted address (see authoritative_domains) of an account HR imported signs in to that account.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_REQUESTS_TIMEOUT = env("OIDC_TIMEOUT", 10, cast=int)  # seconds for each call to the provider
SSO_SIGNUP = env("OIDC_SIGNUP", True, cast=bool)  # first SSO login makes the account (just-in-time)
SSO_DEPARTMENT_CLAIM = env("OIDC_DEPARTMENT_CLAIM", "department")
SSO_JOB_TITLE_CLAIM = env("OIDC_JOB_TITLE_CLAIM", "job_title")
SSO_ROLES_CLAIM = env("OIDC_ROLES_CLAIM", "roles")
# Claim values → role groups, e.g. "sw-hr=HR,sw-admins=Administrators"; learner/manager/trainer/hr map by name.
SSO_ROLE_MAP = dict(item.split("=", 1) for item in env("OIDC_ROLE_MAP", [], cast=list) if "=" in item)
# With SSO on, people who have signed in with it cannot sign in with a local password (so someone disabled at the
# provider is out), except Administrators and superusers, kept as the break-glass way in.
SSO_LOCAL_PASSWORDS = env("OIDC_LOCAL_PASSWORDS", not OIDC_CLIENT_ID, cast=bool)
# A session started by single sign-on lasts this long (other sessions: SESSION_COOKIE_AGE), then the provider is asked
# again, so someone disabled there is out within these hours.
SSO_SESSION_HOURS = env("OIDC_SESSION_HOURS", 8, cast=int)
# Signing out of Socialwise also ends the provider's session when it offers an end_session_endpoint.
SSO_PROVIDER_LOGOUT = env("OIDC_PROVIDER_LOGOUT", True, cast=bool)
# Origins the sign-in pages may send a form to besides the OIDC_SERVER_URL's own (people/middleware.py): only when the
# provider's authorization endpoint lives on another origin than its discovery document.
SSO_FORM_ACTION_ORIGINS = env("OIDC_FORM_ACTION_ORIGINS", [], cast=list)
# A lapsed certification starts a new cycle due this many days after the lapse (people/services.py).
RECERTIFICATION_DUE_DAYS = env("RECERTIFICATION_DUE_DAYS", 30, cast=int)

# --- Reminders ------------------------------------------------------------------------------------------------------
# A course enters the learner's weekly reminder this many days before it is due (0 = on the day).
REMINDER_DUE_SOON_DAYS = 7
# An overdue course is listed in at most this many weekly reminders, then no more (the manager digest still shows it).
REMINDER_OVERDUE_MAX_WEEKS = 4
# Wagtail's admin would fetch avatars from Gravatar, sending a hash of each staff email to a third party (and
# breaking the CSP): personal data stays here.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Reports --------------------------------------------------------------------------------------------------------
# Score and per-choice analytics are shown only for groups of at least this many learners; smaller groups are merged
# into "Other", so nobody can read one person's practice choices.
REPORTS_MIN_GROUP_SIZE = 5
# Requests a minute one metric source may make to the goals JSON endpoint (twice that from one address, any token).
GOALS_API_RATE_PER_MINUTE = env("GOALS_API_RATE_PER_MINUTE", 60, cast=int)
# Exports with more rows than this are made by a Celery task; the requester downloads the file from a private link.
REPORTS_EXPORT_INLINE_MAX_ROWS = 10_000
REPORTS_EXPORT_TTL_HOURS = 24  # how long an export's download link works

# --- Practice -------------------------------------------------------------------------------------------------------
# Refreshers are offered this many days after a course is completed (practice/services.py).
PRACTICE_REFRESHER_DAYS = [3, 10, 30]

# --- Internationalisation -------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# Files only a view hands out after a permission check (certificates, report exports): never under MEDIA_URL, never
# served directly. The "private" storage below holds them; cms/storage.py explains.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# Uploads ("default": Wagtail images, documents) and private files ("private") stay in the two local folders above;
# socialwise/settings/s3.py (where dev.py and production.py start) moves them to an S3-compatible bucket when
# MEDIA_S3_BUCKET is set. Local folders work for one host only: once web or worker run on several hosts, every host
# must see the same files, so use a bucket (docs/deployment.md).
LOCAL_FILE_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "cms.storage.PrivateFileSystemStorage"},
}
STORAGES = {
    **LOCAL_FILE_STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email ----------------------------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Socialwise <learning@socialwise.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env("EMAIL_PORT", 25, cast=int)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", False, cast=bool)

# --- xAPI (optional forwarding of learning records to an external LRS) ---------------------------------------------
XAPI_ENABLED = env("XAPI_ENABLED", False, cast=bool)
XAPI_ENDPOINT = env("XAPI_ENDPOINT", "")  # the LRS's xAPI base, e.g. https://lrs.example.com/xAPI/
XAPI_USERNAME = env("XAPI_USERNAME", "")
XAPI_PASSWORD = env("XAPI_PASSWORD", "")
XAPI_TIMEOUT = env("XAPI_TIMEOUT", 10.0, cast=float)  # seconds for one request to the LRS
XAPI_RETRY_BACKOFF = env("XAPI_RETRY_BACKOFF", 30, cast=int)  # first retry after up to this many seconds, doubling

# --- Security headers shared by every environment -------------------------------------------------------------------
# No inline scripts: scripts come from our own static files. On signed-in admin pages socialwise/csp.py adds, by
# hash, only Wagtail's own widget initialisers (docs/security.md). Inline styles are allowed because Wagtail's admin
# sets style attributes from its scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        # s3.py adds the media bucket's origin when uploads live in S3 (MEDIA_S3_BUCKET).
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"  # Wagtail lifts it to SAMEORIGIN on its own preview views
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# How long a session lasts without signing in again (Django's default, 14 days); single sign-on sessions: OIDC_SESSION_HOURS.
SESSION_COOKIE_AGE = env("SESSION_HOURS", 14 * 24, cast=int) * 3600

# --- Wagtail --------------------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Socialwise"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "vtt", "mp4", "webm", "mp3", "ogg"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # documents go through Wagtail's permission checks, never a public URL
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it can carry scripts
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.ImageForm"  # a file the image library cannot read is a form error, not a 500
# Review mail goes to the reviewers a task names (and back to the submitter), one per event: superusers are not
# reviewers by being superusers, and Wagtail would otherwise send them two mails for one submission.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_PASSWORD_RESET_ENABLED = False  # resets go through allauth
WAGTAILADMIN_USER_LOGIN_FORM = "people.forms.AdminLoginForm"  # the site's rule for local passwords (people/sso.py)
# A person changes their own address through allauth (/accounts/email/, verified first), never unverified in Wagtail's
# account settings; HR and Administrators change it in the people admin (people/services.py).
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The account page's time zone choices: IANA's regional zones and UTC. Wagtail offers every name the system's zoneinfo
# holds by default, including "localtime", "Factory" and "posix/…", which the browser's Intl rejects (a script error).
WAGTAIL_USER_TIME_ZONES = sorted(
    zone
    for zone in zoneinfo.available_timezones()
    if zone == "UTC"
    or zone.split("/")[0]
    in {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
)
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Stray drafts (cms.services.stray_drafts): a never-published, never-submitted page without children whose title is
# empty or one of these placeholders, untouched for this many hours, is deleted by the hourly beat job.
STRAY_DRAFT_HOURS = 24
STRAY_DRAFT_PLACEHOLDER_TITLES = ["Untitled", "New page", "Page title"]

# --- Logging --------------------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},  # one line per search-index update is noise
        "wagtail": {"level": "WARNING"},
        "kombu": {"level": "ERROR"},
    },
}
