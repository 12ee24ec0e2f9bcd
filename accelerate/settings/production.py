"""Production: DEBUG off, HTTPS only, behind a buffering reverse proxy that sets
X-Forwarded-Proto. Passes `manage.py check --deploy --fail-level WARNING`."""

from .base import *  # noqa: F403
from .base import ANSWER_ENCRYPTION_KEYS, SECRET_KEY, require_answer_keys, require_secret_key

SECRET_KEY = require_secret_key(SECRET_KEY)
ANSWER_ENCRYPTION_KEYS = require_answer_keys(ANSWER_ENCRYPTION_KEYS)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
