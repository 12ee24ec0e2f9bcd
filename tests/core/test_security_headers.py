"""Every page, for every role, answers with the security headers: error pages included.

The pages are taken from the URL configuration, not listed by hand, so a new URL is covered
the day it is added.
"""

import re
import uuid

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from tests.conftest import ROLE_NAMES

CANDIDATE_VALUES = ("1", "sample", str(uuid.UUID(int=1)))


def _value_matching(regex: str) -> str:
    """A sample value that fully matches `regex`: a common one, else an alternative of it."""
    alternatives = [part for part in _split_top_level(regex, "|") if re.fullmatch(r"[\w.-]+", part)]
    for value in (*CANDIDATE_VALUES, *alternatives):
        if re.fullmatch(regex, value):
            return value
    raise AssertionError(f"No sample value matches {regex!r}: add one to CANDIDATE_VALUES.")


def _split_top_level(regex: str, separator: str) -> list[str]:
    parts, depth, current, escaped = [], 0, "", False
    for char in regex:
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            current, escaped = current + char, True
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _fill_regex(regex: str) -> str:
    """Replace each group of a URL regex by a sample value that matches it; drop the anchors."""
    path, index = "", 0
    while index < len(regex):
        char = regex[index]
        if char == "\\" and index + 1 < len(regex):
            path += regex[index + 1]
            index += 2
        elif char == "(":
            depth, end = 0, index
            while True:
                depth += {"(": 1, ")": -1}.get(regex[end], 0)
                if depth == 0:
                    break
                end += 1
            inner = re.sub(r"^\?(P<\w+>|:)", "", regex[index + 1 : end])
            path += _value_matching(inner)
            index = end + 1
        elif char in "^$":
            index += 1
        else:
            path += char
            index += 1
    return path


def concrete_path(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:\w+:)?(?P<name>\w+)>",
            lambda match: _value_matching(pattern.converters[match["name"]].regex),
            str(pattern),
        )
    assert isinstance(pattern, RegexPattern), pattern
    return _fill_regex(str(pattern))


def walk(patterns, prefix=""):
    """(path, route) for every URL pattern, descending into includes."""
    for entry in patterns:
        path = prefix + concrete_path(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, path)
        else:
            assert isinstance(entry, URLPattern)
            yield "/" + path, entry


EVERY_URL = sorted(dict(walk(get_resolver().url_patterns)).items())
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
    if signed_in:
        cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control


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
