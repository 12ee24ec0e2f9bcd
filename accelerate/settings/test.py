"""The test suite: production behaviour (DEBUG off) over plain HTTP, mail kept in memory."""

from .base import *  # noqa: F403
from .base import PASSWORD_HASHERS, env, env_list

SECRET_KEY = env("SECRET_KEY", "test-only-key-not-for-production-use-0123456789abcdef")
# base64 of b"test-only-answer-key-not-secret!": a valid Fernet key that protects nothing.
TEST_ONLY_ANSWER_ENCRYPTION_KEY = "dGVzdC1vbmx5LWFuc3dlci1rZXktbm90LXNlY3JldCE="
ANSWER_ENCRYPTION_KEYS = env_list("ANSWER_ENCRYPTION_KEYS", TEST_ONLY_ANSWER_ENCRYPTION_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Celery workers started by the tests send to the tests' own SMTP sink.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Argon2 is deliberately slow; tests hash many passwords. Argon2 stays the production hasher
# (tests/accelerate/test_settings.py checks it).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served as in production, by WhiteNoise, from the apps' folders rather than
# from a collected STATIC_ROOT.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
