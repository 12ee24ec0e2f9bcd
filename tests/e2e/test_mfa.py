"""Two-factor authentication in a real browser: a reviewer without it is made to set up an
authenticator app before anything else (with and without JavaScript), and a passkey is
registered and used through Chromium's virtual authenticator."""

import time
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator

from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory, totp_code

from .conftest import GuardedPage

SETUP_MESSAGE = (
    "Your role gives you access to other people's applications, so your account needs two-factor "
    "authentication. Set up an authenticator app (or a passkey) to continue."
)


def sign_in_with_password(guarded: GuardedPage, live_server, check_page, user) -> None:
    page = guarded.page
    page.goto(live_server.url + "/accounts/login/")
    check_page(guarded)
    page.get_by_label("Email*", exact=True).fill(user.email)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_out(guarded: GuardedPage, live_server, check_page) -> None:
    guarded.page.get_by_role("button", name="Sign out").click()
    assert guarded.page.url == live_server.url + "/"
    check_page(guarded)


def a_reviewer_without_mfa():
    return UserFactory(roles=[Role.REVIEWER], totp=False)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_reviewer_without_mfa_sets_up_an_authenticator_app_before_reaching_the_dashboard(
    javascript, make_page, live_server, check_page
):
    reviewer = a_reviewer_without_mfa()
    guarded = make_page(javascript=javascript)
    page = guarded.page
    sign_in_with_password(guarded, live_server, check_page, reviewer)

    assert page.url == live_server.url + "/accounts/2fa/totp/activate/"
    assert page.locator("h1").all_inner_texts() == ["Set up an authenticator app"]
    assert page.locator(".messages .alert").all_inner_texts() == [
        "You are signed in.",
        SETUP_MESSAGE,
    ]
    # Passkeys need JavaScript: offered only where it runs.
    page.wait_for_load_state("load")  # deferred scripts have run
    assert page.get_by_role("link", name="add a passkey").is_visible() is javascript
    check_page(guarded)

    # The dashboard is out of reach until the app is set up.
    page.goto(live_server.url + "/dashboard/")
    assert page.url == live_server.url + "/accounts/2fa/totp/activate/"
    check_page(guarded)

    secret = page.get_by_label("Or type this key into the app").input_value()
    assert len(secret) == 32
    code = totp_code(secret)
    page.get_by_label("Authenticator code*", exact=True).fill(code)
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    assert page.url == live_server.url + "/accounts/2fa/recovery-codes/"
    assert page.locator("h1").all_inner_texts() == ["Recovery codes"]
    shown_codes = page.locator(".recovery-codes li").all_inner_texts()
    stored = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.RECOVERY_CODES)
    assert shown_codes == stored.wrap().generate_codes()
    assert len(shown_codes) == 10
    check_page(guarded)

    page.get_by_role("link", name="Continue to your dashboard").click()
    assert page.url == live_server.url + "/dashboard/"
    assert page.locator("h1").all_inner_texts() == ["Dashboard"]
    check_page(guarded)

    # The next sign-in asks for a code; the one that set up the app is spent.
    sign_out(guarded, live_server, check_page)
    sign_in_with_password(guarded, live_server, check_page, reviewer)
    assert page.url == live_server.url + "/accounts/2fa/authenticate/"
    check_page(guarded)
    page.get_by_label("Code*", exact=True).fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.url == live_server.url + "/accounts/2fa/authenticate/"
    assert page.locator("#id_code_error").inner_text() == "Incorrect code."
    check_page(guarded)

    # The app's next code (accepted a step early, for slow links) signs in.
    page.get_by_label("Code*", exact=True).fill(totp_code(secret, at=time.time() + 30))
    page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.url == live_server.url + "/dashboard/"
    assert page.locator("h1").all_inner_texts() == ["Dashboard"]
    check_page(guarded)


def add_virtual_authenticator(guarded: GuardedPage) -> None:
    """Chromium's virtual authenticator: a platform passkey store that verifies its user."""
    cdp = guarded.context.new_cdp_session(guarded.page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def test_a_reviewer_registers_a_passkey_and_signs_in_with_it_alone_and_as_second_factor(
    guarded, live_server, check_page
):
    # WebAuthn needs a domain: the live server is on localhost, never 127.0.0.1.
    assert urlsplit(live_server.url).hostname == "localhost"
    reviewer = a_reviewer_without_mfa()
    page = guarded.page
    add_virtual_authenticator(guarded)

    sign_in_with_password(guarded, live_server, check_page, reviewer)
    assert page.url == live_server.url + "/accounts/2fa/totp/activate/"
    page.get_by_role("link", name="add a passkey").click()
    assert page.url == live_server.url + "/accounts/2fa/webauthn/add/"
    check_page(guarded)

    page.get_by_label("Name").fill("Work phone")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(live_server.url + "/accounts/2fa/recovery-codes/")
    check_page(guarded)
    passkey = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().name == "Work phone"
    assert passkey.wrap().is_passwordless is True

    page.get_by_role("link", name="Continue to your dashboard").click()
    assert page.url == live_server.url + "/dashboard/"
    assert page.locator("h1").all_inner_texts() == ["Dashboard"]
    check_page(guarded)

    # Signing in with the passkey alone: no password, no code.
    sign_out(guarded, live_server, check_page)
    page.goto(live_server.url + "/accounts/login/")
    check_page(guarded)
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(live_server.url + "/dashboard/")
    assert page.locator("h1").all_inner_texts() == ["Dashboard"]
    check_page(guarded)

    # The passkey as the second factor after the password.
    sign_out(guarded, live_server, check_page)
    sign_in_with_password(guarded, live_server, check_page, reviewer)
    assert page.url == live_server.url + "/accounts/2fa/authenticate/"
    check_page(guarded)
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(live_server.url + "/dashboard/")
    assert page.locator("h1").all_inner_texts() == ["Dashboard"]
    check_page(guarded)
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
