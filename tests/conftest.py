import os
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends import db as database_cache
from django.db import connection
from django.utils import timezone, translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from accounts.roles import Role

from .factories import UserFactory, add_totp
from .threads import survive_coverage_hook

# Playwright's sync API runs an event loop in the test thread; the live server's ORM calls are
# still made from ordinary threads.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
survive_coverage_hook()

# Properties are about values, not speed (the benches measure that): a busy two-core machine may
# make one example slow. Nothing is kept between runs, so every run explores afresh.
hypothesis_settings.register_profile(
    "accelerate", deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("accelerate")

ROLE_NAMES = ("anonymous", "applicant", "reviewer", "program_staff", "admin")


def pytest_addoption(parser):
    parser.addoption(
        "--require-all",
        action="store_true",
        default=os.environ.get("CI") == "true",
        help="Fail the run if any test was skipped, or if no browser or PostgreSQL test ran (on in CI).",
    )


class RequireAll:
    """In CI a skipped test is a failure, and so is a run where no browser or PostgreSQL test
    passed: a green run must mean the whole suite ran."""

    MARKERS = ("e2e", "postgres")

    def __init__(self):
        self.passed = dict.fromkeys(self.MARKERS, 0)
        self.skipped = 0

    def pytest_runtest_logreport(self, report):
        if report.skipped:
            self.skipped += 1
        elif report.when == "call" and report.passed:
            for marker in self.passed:
                if marker in report.keywords:
                    self.passed[marker] += 1

    def pytest_sessionfinish(self, session, exitstatus):
        problems = [f"{self.skipped} test(s) skipped"] if self.skipped else []
        problems += [f"no {marker} test passed" for marker, count in self.passed.items() if not count]
        if problems and exitstatus == 0:
            reporter = session.config.pluginmanager.get_plugin("terminalreporter")
            reporter.write_line("--require-all: " + "; ".join(problems), red=True)
            session.exitstatus = 1


def pytest_configure(config):
    if config.getoption("--require-all"):
        plugin = RequireAll()
        if config.option.markexpr:
            # A pass chosen by marker (`-m sqlite`) holds no browser or PostgreSQL test by design.
            plugin.passed = {}
        config.pluginmanager.register(plugin, "require-all")


def pytest_collection_modifyitems(config, items):
    """SQLite's fallbacks are left out (deselected, not skipped) on PostgreSQL, where the real
    thing is tested; `make test` runs them on SQLite in a pass of their own."""
    if connection.vendor != "postgresql":
        return
    fallbacks = [item for item in items if item.get_closest_marker("sqlite")]
    if fallbacks:
        config.hook.pytest_deselected(items=fallbacks)
        items[:] = [item for item in items if not item.get_closest_marker("sqlite")]


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    """Rate-limit counters live in the cache (in the database); each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language: a page requested in Arabic leaves
    Arabic active in the thread (the locale middleware never switches back)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture
def applicant(db):
    return UserFactory(roles=[Role.APPLICANT])


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=[Role.REVIEWER])


@pytest.fixture
def program_staff(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF])


@pytest.fixture
def admin_user(db):
    return UserFactory(roles=[Role.ADMIN])


@pytest.fixture
def user_in_role(request, db):
    """`user_in_role("reviewer")`: a user with that role, or None for "anonymous"."""

    def make(role_name: str):
        if role_name == "anonymous":
            return None
        return UserFactory(roles=[Role(role_name)])

    return make


class Clock:
    """Moves `timezone.now()` forward without sleeping, and with it the clocks that rate limits
    read: `time.time()` (allauth counts attempts with it) and the database cache's own import of
    `now` (which expires the counters)."""

    def __init__(self, monkeypatch):
        self._offset = timedelta()
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self._offset)
        monkeypatch.setattr(time, "time", lambda: timezone.now().timestamp())
        monkeypatch.setattr(database_cache, "tz_now", lambda: timezone.now())

    def advance(self, **delta):
        self._offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def totp_device(db):
    """`secret = totp_device(user)`: the user now has an authenticator app with that secret;
    `tests.factories.totp_code(secret)` is the code it shows now."""
    return add_totp
