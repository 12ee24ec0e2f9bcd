"""The deploy check still guards CSRF although our middleware is a subclass Django's check misses."""

from django.conf import settings
from django.core.checks import run_checks
from django.test import override_settings

from core.checks import CSRF_COOKIE_NOT_SECURE, NO_CSRF_MIDDLEWARE

WITHOUT_CSRF = [path for path in settings.MIDDLEWARE if path != "core.csrf.CsrfMiddleware"]


def deploy_check_ids() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_the_portal_csrf_middleware_counts_as_csrf_protection():
    with override_settings(CSRF_COOKIE_SECURE=True):
        ids = deploy_check_ids()
    assert NO_CSRF_MIDDLEWARE.id not in ids
    assert CSRF_COOKIE_NOT_SECURE.id not in ids


def test_the_deploy_check_warns_when_no_csrf_middleware_is_installed():
    with override_settings(MIDDLEWARE=WITHOUT_CSRF, CSRF_COOKIE_SECURE=True):
        assert NO_CSRF_MIDDLEWARE.id in deploy_check_ids()


def test_the_deploy_check_warns_when_the_csrf_cookie_may_travel_over_plain_http():
    with override_settings(CSRF_COOKIE_SECURE=False):
        assert CSRF_COOKIE_NOT_SECURE.id in deploy_check_ids()
