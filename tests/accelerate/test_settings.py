"""Settings by purpose: what production must enforce, and what the one-machine defaults do.

Production settings refuse to load without SECRET_KEY or ANSWER_ENCRYPTION_KEYS, so they are
read in a fresh interpreter with a controlled environment rather than imported into the test
process.
"""

import json
import os
import secrets
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accelerate.settings import base
from accelerate.settings.keys import local_answer_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent
STRONG_SECRET_KEY = secrets.token_urlsafe(64)
NEW_ANSWER_KEY = Fernet.generate_key().decode()
OLD_ANSWER_KEY = Fernet.generate_key().decode()


def run_python(code: str, *, settings_module: str, **env) -> subprocess.CompletedProcess:
    """Run `code` in a new interpreter at the project root, with `env` layered on a clean copy
    of the environment (None removes a variable)."""
    # The suite's own DJANGO_ALLOW_ASYNC_UNSAFE (for the browser tests) is no production setting.
    dropped = ("SECRET_KEY", "ANSWER_ENCRYPTION_KEYS", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment["DJANGO_SETTINGS_MODULE"] = settings_module
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(settings_module: str, names: list[str], **env) -> dict:
    code = (
        "import importlib, json\n"
        f"module = importlib.import_module({settings_module!r})\n"
        f"print(json.dumps({{name: getattr(module, name, None) for name in {names!r}}}, default=str))\n"
    )
    result = run_python(code, settings_module=settings_module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def production():
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "PASSWORD_HASHERS",
        "SECRET_KEY",
        "ANSWER_ENCRYPTION_KEYS",
    ]
    return read_settings(
        "accelerate.settings.production",
        names,
        SECRET_KEY=STRONG_SECRET_KEY,
        ANSWER_ENCRYPTION_KEYS=f"{NEW_ANSWER_KEY}, {OLD_ANSWER_KEY}",
        ALLOWED_HOSTS="portal.example.org",
    )


def test_argon2id_is_the_first_password_hasher_of_every_real_environment():
    assert base.PASSWORD_HASHERS[:2] == [
        "accounts.hashers.Argon2idHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


def test_the_test_suite_hashes_with_a_fast_hasher_but_still_reads_argon2_hashes():
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.MD5PasswordHasher"
    assert settings.PASSWORD_HASHERS[1:] == base.PASSWORD_HASHERS


def test_production_runs_with_debug_off_and_the_key_from_the_environment(production):
    assert production["DEBUG"] is False
    assert production["SECRET_KEY"] == STRONG_SECRET_KEY
    assert production["PASSWORD_HASHERS"][0] == "accounts.hashers.Argon2idHasher"


def test_production_reads_the_answer_keys_from_the_environment_newest_first(production):
    assert production["ANSWER_ENCRYPTION_KEYS"] == [NEW_ANSWER_KEY, OLD_ANSWER_KEY]


def test_production_session_and_csrf_cookies_are_secure_and_http_only(production):
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_HTTPONLY"] is True
    assert production["LANGUAGE_COOKIE_SECURE"] is True


def test_production_sends_hsts_for_a_year_and_redirects_plain_http_to_https(production):
    assert production["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_sessions_end_when_the_browser_closes(production):
    assert production["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True


def test_the_deploy_check_passes_with_production_settings_at_warning_level():
    result = run_python(
        "import sys\n"
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])\n",
        settings_module="accelerate.settings.production",
        SECRET_KEY=STRONG_SECRET_KEY,
        ANSWER_ENCRYPTION_KEYS=NEW_ANSWER_KEY,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(
        "import django\ndjango.setup()\n",
        settings_module="accelerate.settings.production",
        SECRET_KEY=None,
        ANSWER_ENCRYPTION_KEYS=NEW_ANSWER_KEY,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY in the environment (DEBUG is off)." in result.stderr


def test_production_refuses_to_start_with_an_empty_secret_key():
    result = run_python(
        "import django\ndjango.setup()\n",
        settings_module="accelerate.settings.production",
        SECRET_KEY="",
        ANSWER_ENCRYPTION_KEYS=NEW_ANSWER_KEY,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


@pytest.mark.parametrize("keys", [None, "", " , "])
def test_production_refuses_to_start_without_an_answer_encryption_key(keys):
    result = run_python(
        "import django\ndjango.setup()\n",
        settings_module="accelerate.settings.production",
        SECRET_KEY=STRONG_SECRET_KEY,
        ANSWER_ENCRYPTION_KEYS=keys,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set ANSWER_ENCRYPTION_KEYS in the environment" in result.stderr


def test_production_refuses_to_start_with_an_answer_key_that_is_no_fernet_key_and_does_not_show_it():
    result = run_python(
        "import django\ndjango.setup()\n",
        settings_module="accelerate.settings.production",
        SECRET_KEY=STRONG_SECRET_KEY,
        ANSWER_ENCRYPTION_KEYS=f"{NEW_ANSWER_KEY},my-secret-passphrase",
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode != 0
    assert "ANSWER_ENCRYPTION_KEYS: key 2 of 2 is not a Fernet key" in result.stderr
    assert "my-secret-passphrase" not in result.stderr


def test_a_machine_without_an_answer_key_makes_one_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "var" / "answer-encryption.key"
    key = local_answer_key(path)
    Fernet(key)  # a valid key
    assert path.read_text() == key + "\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [child.name for child in path.parent.iterdir()] == ["answer-encryption.key"]


def test_the_machine_keeps_its_answer_key_from_one_start_to_the_next(tmp_path):
    path = tmp_path / "var" / "answer-encryption.key"
    first = local_answer_key(path)
    written = path.stat()
    assert local_answer_key(path) == first
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


def test_processes_starting_at_once_on_a_new_machine_all_get_the_same_answer_key(tmp_path):
    path = tmp_path / "var" / "answer-encryption.key"
    starting = threading.Barrier(8)

    def start():
        starting.wait()
        return local_answer_key(path)

    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = list(pool.map(lambda _: start(), range(8)))
    assert set(keys) == {path.read_text().strip()}
    assert [child.name for child in path.parent.iterdir()] == ["answer-encryption.key"]


def test_a_key_file_already_there_is_used_as_it_is(tmp_path):
    path = tmp_path / "answer-encryption.key"
    path.write_text(f"{NEW_ANSWER_KEY}\n")
    assert local_answer_key(path) == NEW_ANSWER_KEY


def test_a_key_file_that_holds_no_key_stops_the_start_rather_than_being_replaced(tmp_path):
    path = tmp_path / "answer-encryption.key"
    path.write_text("")
    with pytest.raises(ImproperlyConfigured, match="holds no Fernet key"):
        local_answer_key(path)
    assert path.read_text() == ""


def test_the_dev_settings_take_the_answer_keys_from_the_environment_when_it_has_them():
    values = read_settings("accelerate.settings.dev", ["ANSWER_ENCRYPTION_KEYS"], ANSWER_ENCRYPTION_KEYS=NEW_ANSWER_KEY)
    assert values == {"ANSWER_ENCRYPTION_KEYS": [NEW_ANSWER_KEY]}


def test_the_dev_settings_otherwise_use_the_machine_key_under_var():
    # As `make run` does: the key is made on first use, if this checkout has none yet.
    values = read_settings("accelerate.settings.dev", ["ANSWER_ENCRYPTION_KEYS"], ANSWER_ENCRYPTION_KEYS=None)
    stored = (BASE_DIR / "var" / "answer-encryption.key").read_text().strip()
    assert values == {"ANSWER_ENCRYPTION_KEYS": [stored]}


CELERY_PROBE = """
import django
django.setup()
from accelerate.celery import app

@app.task
def add(a, b):
    return a + b

result = add.delay(2, 3)
print(type(result).__name__, result.get(timeout=1), app.conf.task_always_eager)
"""


def test_without_a_broker_url_celery_runs_tasks_in_process():
    result = run_python(CELERY_PROBE, settings_module="accelerate.settings.test", CELERY_BROKER_URL=None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["EagerResult", "5", "True"]


def test_with_a_broker_url_celery_sends_tasks_to_the_broker():
    names = ["CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"]
    values = read_settings("accelerate.settings.test", names, CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert values == {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0", "CELERY_TASK_ALWAYS_EAGER": False}
