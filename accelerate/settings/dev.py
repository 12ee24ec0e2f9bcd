"""`make run`: one machine, a SQLite file, tasks in-process, email printed to the console."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env, env_list
from .keys import local_answer_key

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-key-not-for-production-use")
# A key of this machine's own, made on first use and kept beside the SQLite file it protects.
ANSWER_ENCRYPTION_KEYS = env_list("ANSWER_ENCRYPTION_KEYS") or [
    local_answer_key(BASE_DIR / "var" / "answer-encryption.key")
]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
