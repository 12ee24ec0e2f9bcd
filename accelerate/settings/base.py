"""Settings shared by every environment. Everything that differs between machines comes from
the environment; `dev`, `test` and `production` only change what differs by purpose."""

import os
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
# The keys of the answers to sensitive questions (core/encryption.py), kept outside the database
# so that a leaked dump does not reveal them: comma-separated Fernet keys, newest first. Answers
# are encrypted under the first; the others still open what they encrypted until
# `manage.py reencrypt_answers` has moved it under the first (README, "Production").
ANSWER_ENCRYPTION_KEYS = env_list("ANSWER_ENCRYPTION_KEYS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# The one name shown wherever a seized phone or a read mailbox could reveal it: page titles,
# email senders and subjects, file names, the authenticator's issuer.
PORTAL_PUBLIC_NAME = env("PORTAL_PUBLIC_NAME", "Grants portal")
# The language the name is in, so that a screen reader reads it in that language's voice. Pages
# show the default name translated; a name of your own as it is, marked with this language.
PORTAL_PUBLIC_NAME_LANGUAGE = env("PORTAL_PUBLIC_NAME_LANGUAGE", "en")
# The portal's address, for the "sign in to read it" line of email copies.
PORTAL_URL = env("PORTAL_URL", "http://localhost:8000")
# Where the quick exit sends a user: a neutral page that raises no questions.
QUICK_EXIT_URL = env("QUICK_EXIT_URL", "https://www.wikipedia.org/")
# What an application's reference starts with (A-2026-42): a receipt on a seized phone should
# not name the funder, so the default says nothing.
APPLICATION_REFERENCE_PREFIX = env("APPLICATION_REFERENCE_PREFIX", "A")
# What an award's reference starts with (G-2026-7), neutral for the same reason.
AWARD_REFERENCE_PREFIX = env("AWARD_REFERENCE_PREFIX", "G")
# Open data (360Giving): the publisher's registered prefix (grant ids are
# 360G-<prefix>-<award reference>) and the funder as published. Neutral until set.
OPEN_DATA_PREFIX = env("OPEN_DATA_PREFIX", "example")
FUNDER_NAME = env("FUNDER_NAME", "A grant-making fund")
FUNDER_ID = env("FUNDER_ID", f"360G-{OPEN_DATA_PREFIX}-FUNDER")
# Attachments: the most one file, and all of an application's files together, may weigh.
ATTACHMENT_MAX_BYTES = int(env("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
APPLICATION_FILES_MAX_BYTES = int(env("APPLICATION_FILES_MAX_BYTES", str(40 * 1024 * 1024)))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.usersessions",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_countries",
    "csp",
    "core",
    "audit",
    "notifications",
    "accounts",
    "grants",
    "reviews",
    "awards",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.static.StaticFilesMiddleware",
    # Before anything that may record an audit event (sign-in, sign-out): where it came from.
    "audit.middleware.AuditContextMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.csrf.CsrfMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: an idle sign-out leaves a message for the login page.
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last: reviewers, staff and admins without an authenticator see only the setup pages.
    "accounts.middleware.MFARequiredMiddleware",
]

ROOT_URLCONF = "accelerate.urls"
WSGI_APPLICATION = "accelerate.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
                "accounts.context_processors.roles",
                "grants.context_processors.builder",
                "notifications.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'accelerate.sqlite3'}"),
        conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and (later) TOTP replay protection must hold across web processes and must not
# fail when Redis does: the cache lives in the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache_entries",
        # Django's default (300 entries) culls live entries by key order once the table is
        # full, and the markers of used TOTP codes ("allauth.mfa.totp.used?...") sort before
        # the rate-limit counters: a flood of counters would have erased them and let a code
        # be used twice. Expired entries are culled first, so only this many *live* entries
        # (rate limits and used codes live minutes) would ever push one out.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idHasher",
    # Verifies hashes made with Django's default Argon2 parameters; they are upgraded at sign-in.
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Nothing outlives the browser on a seized device: sessions end with it and after idle time
# (accounts.middleware), there is no "remember me", the CSRF cookie ends with it too (Django
# keeps it a year by default; the language cookie already ends with it), and messages live in
# the session rather than in a readable cookie of their own.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_AGE = None
CSRF_COOKIE_HTTPONLY = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Django's check for the CSRF middleware looks for its exact path and misses our subclass
# (core.csrf.CsrfMiddleware); core.checks does the same check, subclasses included.
SILENCED_SYSTEM_CHECKS = ["security.W003"]
IDLE_TIMEOUT_APPLICANT = 2 * 60 * 60
IDLE_TIMEOUT_PRIVILEGED = 30 * 60

# Behind a reverse proxy, how many proxies append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# allauth: email login, verification and password reset by code, so no link has to be
# clicked in a mailbox others may read.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "add_email": "accounts.forms.ChangeEmailForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 15 * 60
# No "use a different email address" on the code page: allauth offers it only when the address
# is new, so its presence would tell a visitor that an address has no account here. Whoever
# mistyped theirs signs up again.
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_CHANGE = False
# A code lost on a slow or cut link can be asked for again (at most twice per sign-up, and no
# more often than the per-address limit "confirm_email" allows).
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_CHANGE_EMAIL = True
# Changing the address asks for the password in its own form (accounts.forms.ChangeEmailForm).
ACCOUNT_REAUTHENTICATION_REQUIRED = False
# Re-authentication (role grants, MFA resets, authenticator changes) asks for the password or the
# second factor, never for a code sent by email (allauth's default also offers one): whoever holds
# a seized laptop's open session often holds its open mailbox too.
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Limits that count by address ("key") or by account hold; limits that count by IP are loose,
# because many people share one Tor exit or one mobile network's address.
ACCOUNT_RATE_LIMITS = {
    "signup": "60/m/ip",
    "confirm_email": "1/3m/key",
    "login": "120/m/ip",
    "login_failed": "60/m/ip,5/5m/key",
    "reset_password": "60/m/ip,3/5m/key",
    "reset_password_from_key": "60/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}

# A user sees their sessions (browser, last seen; the IP only as its network, see
# accounts/sessions.py) and signs out the others. "Last seen" is kept by the idle-timeout
# middleware once a minute, not by allauth's tracker, which writes on every request.
USERSESSIONS_TRACK_ACTIVITY = False

# Two-factor authentication (allauth.mfa). An authenticator app (TOTP) with recovery codes works
# without JavaScript; passkeys (WebAuthn) need it, and are offered alongside.
MFA_ADAPTER = "accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
# What a seized phone's authenticator app shows: the neutral name, never the funder's.
MFA_TOTP_ISSUER = PORTAL_PUBLIC_NAME
# A code typed in its last seconds on a slow link (Tor, a congested mobile network) still
# counts in the next 30-second step; the used-code guard covers the whole 90-second window.
MFA_TOTP_TOLERANCE = 1
# Marks the code that set up the app as used (allauth does not), so it cannot sign in again;
# labels the passkey's name in the reader's language.
MFA_FORMS = {
    "activate_totp": "accounts.mfa.ActivateTOTPForm",
    "add_webauthn": "accounts.mfa.AddWebAuthnForm",
    "edit_webauthn": "accounts.mfa.EditWebAuthnForm",
}
# No "trust this browser": a seized laptop must still ask for the second factor.
MFA_TRUST_ENABLED = False
# Adding or removing an authenticator asks for the password again after five minutes
# (ACCOUNT_REAUTHENTICATION_TIMEOUT's default).
MFA_REAUTHENTICATION_REQUIRED = True
# Code attempts count under ACCOUNT_RATE_LIMITS["login_failed"], per account ("5/5m/key").
# Passkey sign-in has no secret to guess; its per-IP limit is loose for shared Tor exits.
MFA_RATE_LIMITS = {"webauthn_login": "60/m/ip"}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env("EMAIL_USE_TLS") == "1"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{PORTAL_PUBLIC_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_MESSAGE_ID_DOMAIN = env("EMAIL_MESSAGE_ID_DOMAIN", "localhost")

# The outbox (notifications/): how long a sender holds a claimed message before the sweep may
# take it back, and how many attempts before a message is marked failed.
NOTIFICATIONS_LEASE_SECONDS = int(env("NOTIFICATIONS_LEASE_SECONDS", "300"))
NOTIFICATIONS_MAX_ATTEMPTS = 8

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Where Django's own date and number formats are wrong for our readers (accelerate/formats/).
FORMAT_MODULE_PATH = ["accelerate.formats"]
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers. The Content-Security-Policy allows nothing from outside and no inline
# script or style; data: images are for the TOTP QR code.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)

# Celery: without a broker, tasks run in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
# Publishing must never make a user's action hang when the broker is down: connect and send
# time out after two seconds, and nothing retries (the outbox sweep delivers later).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
CELERY_TASK_PUBLISH_RETRY = False
# Letters render on a queue of their own, for a prefork worker: the solo pool and eager mode
# ignore time limits. The soft limit ends a render as failed; the hard one kills what ignored it.
CELERY_TASK_ROUTES = {"awards.tasks.render_letter": {"queue": "pdf"}}
LETTER_SOFT_TIME_LIMIT = int(env("LETTER_SOFT_TIME_LIMIT", "20"))
LETTER_TIME_LIMIT = int(env("LETTER_TIME_LIMIT", "30"))
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep": {"task": "notifications.tasks.sweep_outbox", "schedule": 60.0},
    # The shortest lead is 6 hours: a reminder is at most 5 minutes late, and a run that finds
    # nothing due asks one question of a small partial index (drafts only).
    "grants-deadline-reminders": {"task": "grants.tasks.send_deadline_reminders", "schedule": 300.0},
    # Each review reminder's window is a day long: 15 minutes late at most, and a run asks one
    # range of a partial index (live assignments only).
    "reviews-due-reminders": {"task": "reviews.tasks.send_review_reminders", "schedule": 900.0},
    # Report reminders fall at the start of a day: an hour late at most, and a run asks one range
    # of a partial index (duties with a reminder to come).
    "awards-report-reminders": {"task": "awards.tasks.send_report_reminders", "schedule": 3600.0},
    # A letter whose task was lost is published again 5 to 10 minutes after it was asked for
    # (awards.services.letters.REPUBLISH_AFTER, then the next run).
    "awards-stuck-letters": {"task": "awards.tasks.republish_stuck_letters", "schedule": 300.0},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}


def require_secret_key(value: str) -> str:
    if not value:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (DEBUG is off).")
    return value


def require_answer_keys(keys: list[str]) -> list[str]:
    if not keys:
        raise ImproperlyConfigured(
            "Set ANSWER_ENCRYPTION_KEYS in the environment: comma-separated Fernet keys, newest first."
        )
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            # Never the key itself: this message ends up in logs.
            raise ImproperlyConfigured(
                f"ANSWER_ENCRYPTION_KEYS: key {position} of {len(keys)} is not a Fernet key "
                "(32 url-safe base64-encoded bytes, as Fernet.generate_key() makes)."
            ) from None
    return keys
