"""Every page, for every role, answers with the security headers (error pages included), is
kept by no cache, and sets no cookie that outlives the browser.

The pages are taken from the URL configuration, not listed by hand, so a new URL is covered
the day it is added.
"""

import pytest
from django.test import Client, override_settings
from django.urls import resolve, reverse

from tests.conftest import ROLE_NAMES
from tests.urlwalk import EVERY_URL

NOT_FOUND = "/no-such-page/"


def assert_security_headers(response, *, signed_in: bool) -> None:
    csp = response.headers["Content-Security-Policy"]
    directives = {
        name: values for name, *values in (directive.split() for directive in csp.split(";") if directive.strip())
    }
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    for name, sources in directives.items():
        allowed = {"'self'", "'none'", "data:"} if name == "img-src" else {"'self'", "'none'"}
        assert set(sources) <= allowed, f"{name} allows {sources}"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert "microphone=()" in response.headers["Permissions-Policy"]
    if signed_in or response.headers["Content-Type"].startswith("text/html"):
        cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control
    assert_no_cookie_outlives_the_browser(response)


def assert_no_cookie_outlives_the_browser(response) -> None:
    for cookie in response.cookies.values():
        assert_ends_with_the_browser(cookie)


def assert_ends_with_the_browser(cookie) -> None:
    """A session cookie (no Expires, no Max-Age), or the deletion of one."""
    deleted = cookie["max-age"] == 0 and cookie.value == ""
    assert deleted or (cookie["expires"], cookie["max-age"]) == ("", ""), cookie.output()


def client_for(role_name, user_in_role, **kwargs) -> Client:
    client = Client(**kwargs)
    user = user_in_role(role_name)
    if user is not None:
        client.force_login(user)
    return client


def test_the_url_walk_finds_every_app_and_builds_paths_that_resolve_to_their_own_pattern():
    paths = [path for path, _pattern in EVERY_URL]
    assert {"/", "/dashboard/", "/exit/", "/accounts/login/", "/accounts/profile/", "/admin/"} <= set(paths)
    app_lists = [path for path, pattern in EVERY_URL if pattern.name == "app_list"]
    assert len(app_lists) == 1 and app_lists[0].split("/")[2].isalpha()  # the regex group took an app label
    for path, pattern in EVERY_URL:
        assert resolve(path).func == pattern.callback, path


@pytest.mark.parametrize("role_name", ROLE_NAMES)
@pytest.mark.parametrize(("path", "pattern"), EVERY_URL, ids=[path for path, _ in EVERY_URL])
def test_every_page_answers_with_the_security_headers(path, pattern, role_name, user_in_role):
    client = client_for(role_name, user_in_role)
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)
    assert_security_headers(response, signed_in=role_name != "anonymous")


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_a_page_that_does_not_exist_is_a_404_with_the_security_headers(role_name, user_in_role):
    response = client_for(role_name, user_in_role).get(NOT_FOUND)
    assert response.status_code == 404
    assert_security_headers(response, signed_in=role_name != "anonymous")


@pytest.mark.parametrize("role_name", ROLE_NAMES)
@override_settings(ROOT_URLCONF="tests.core.failing_urls")
def test_a_server_error_is_a_500_with_the_security_headers(role_name, user_in_role):
    client = client_for(role_name, user_in_role, raise_request_exception=False)
    response = client.get("/test-only/fails/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert_security_headers(response, signed_in=role_name != "anonymous")


def test_a_refusal_for_too_many_requests_is_a_429_with_the_security_headers(client, applicant):
    for _ in range(4):
        response = client.post(reverse("account_reset_password"), {"email": applicant.email})
    assert response.status_code == 429
    assert_security_headers(response, signed_in=False)
