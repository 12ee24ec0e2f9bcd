"""The two-factor pages keep the strict Content-Security-Policy: no inline script (JSON data
blocks aside), no inline style and no event-handler attribute, on every page a user reaches."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from accounts.roles import Role
from tests.accounts.flows import sign_in
from tests.factories import PASSWORD

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def assert_no_inline_script_or_style(html: str) -> None:
    for attributes, body in SCRIPT.findall(html):
        if 'type="application/json"' in attributes:
            continue
        assert "src=" in attributes and not body.strip(), f"inline script: {attributes} {body[:80]}"
    assert "<style" not in html.lower()
    assert not STYLE_ATTRIBUTE.search(html)
    assert not EVENT_HANDLER.search(html)


MANAGE_PAGES = [
    "mfa_index",
    "mfa_deactivate_totp",
    "mfa_add_webauthn",
    "mfa_list_webauthn",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
]


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_each_two_factor_settings_page_has_no_inline_script_or_style(name, client, user_factory):
    applicant = user_factory(totp=True)
    RecoveryCodes.activate(applicant)
    sign_in(client, applicant)
    response = client.get(reverse(name), HTTP_HOST="localhost")
    assert response.status_code == 200
    assert_no_inline_script_or_style(response.content.decode())


def test_the_app_setup_page_has_no_inline_script_or_style(client, applicant):
    sign_in(client, applicant)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert_no_inline_script_or_style(response.content.decode())


def test_the_sign_in_and_code_pages_have_no_inline_script_or_style(client, user_factory):
    reviewer = user_factory(roles=[Role.REVIEWER])
    login = client.get(reverse("account_login"))
    assert_no_inline_script_or_style(login.content.decode())
    client.post(reverse("account_login"), {"login": reviewer.email, "password": PASSWORD})
    code_page = client.get(reverse("mfa_authenticate"), HTTP_HOST="localhost")
    assert code_page.status_code == 200
    assert_no_inline_script_or_style(code_page.content.decode())


def test_the_passkey_parts_are_hidden_until_javascript_shows_them(client, user_factory):
    login = client.get(reverse("account_login")).content.decode()
    assert '<div class="mt-4" data-needs-javascript hidden>' in login
    assert "js/needs-javascript.js" in login
