"""A new applicant's first visit, in a real browser, with and without JavaScript."""

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User

from .conftest import GuardedPage

EMAIL = "defender@example.org"
PASSWORD = "a-long-and-unusual-passphrase-2026"
# allauth's codes: 8 characters in two dashed halves.
CODE_LINE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


def sign_up(guarded: GuardedPage, live_server, check_page, *, email: str = EMAIL) -> None:
    page = guarded.page
    page.goto(live_server.url + "/")
    check_page(guarded)
    page.get_by_role("link", name="Create an account").click()
    assert page.url == live_server.url + "/accounts/signup/"
    check_page(guarded)
    # crispy-forms marks required fields with an asterisk inside the label.
    page.get_by_label("Email*", exact=True).fill(email)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    assert page.url == live_server.url + "/accounts/confirm-email/"
    assert page.locator("h1").inner_text() == "Enter your verification code"
    # One primary action; the address as plain text (a mailto: link would open a mail program).
    form = page.locator("main form").first
    assert form.locator(".btn-primary").all_inner_texts() == ["Confirm"]
    assert form.locator(".btn").all_inner_texts() == ["Confirm", "Send a new code", "Cancel"]
    assert page.locator('main a[href^="mailto:"]').count() == 0
    assert page.locator("main p", has_text=email).count() == 1
    check_page(guarded)


def the_code_sent_to(address: str, mailoutbox) -> str:
    assert [message.to for message in mailoutbox] == [[address]]
    codes = CODE_LINE.findall(mailoutbox[0].body)
    assert len(codes) == 1, mailoutbox[0].body
    return codes[0]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_new_applicant_verifies_by_code_signs_in_sets_their_profile_and_quick_exit_ends_the_session(
    javascript, make_page, live_server, mailoutbox, check_page
):
    guarded = make_page(javascript=javascript)
    page = guarded.page
    sign_up(guarded, live_server, check_page)

    page.get_by_label("Code*", exact=True).fill(the_code_sent_to(EMAIL, mailoutbox))
    page.get_by_role("button", name="Confirm").click()
    # The code is a stage of the sign-in that sign-up began in this browser: once it is right,
    # that sign-in completes (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION is about links opened
    # elsewhere, and it is off).
    assert page.url == live_server.url + "/dashboard/"
    assert page.locator("h1").inner_text() == "Dashboard"
    check_page(guarded)

    # Signing out and back in with the new password works too.
    page.get_by_role("button", name="Sign out").click()
    assert page.url == live_server.url + "/"
    check_page(guarded)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    assert page.url == live_server.url + "/accounts/login/"
    check_page(guarded)
    page.get_by_label("Email*", exact=True).fill(EMAIL)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.url == live_server.url + "/dashboard/"
    assert page.locator("h1").inner_text() == "Dashboard"
    check_page(guarded)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    assert page.url == live_server.url + "/accounts/profile/"
    check_page(guarded)
    page.get_by_label("Name", exact=True).fill("Amina K.")
    page.get_by_label("Language*", exact=True).select_option("es")  # not the footer's "Language"
    page.get_by_label("Time zone*", exact=True).select_option("America/Argentina/Buenos_Aires")
    page.get_by_role("button", name="Save").click()

    assert page.url == live_server.url + "/accounts/profile/"
    with translation.override("es"):
        saved = gettext("Your profile was saved.")
    assert page.get_by_role("status").inner_text() == saved
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("#id_name").input_value() == "Amina K."
    assert page.locator("#id_language").input_value() == "es"
    assert page.locator("#id_time_zone").input_value() == "America/Argentina/Buenos_Aires"
    user = User.objects.get(email=EMAIL)
    assert (user.name, user.language, user.time_zone) == ("Amina K.", "es", "America/Argentina/Buenos_Aires")
    check_page(guarded)

    session_cookies = [cookie for cookie in guarded.context.cookies() if cookie["name"] == settings.SESSION_COOKIE_NAME]
    assert len(session_cookies) == 1
    leaving = {"event": "requestfailed", "predicate": lambda request: request.url == settings.QUICK_EXIT_URL}
    with page.expect_response(live_server.url + "/exit/") as exit_response, page.expect_event(**leaving) as left:
        page.locator("#quick-exit").click()
    # The browser was stopped on its way out, by the dead-end proxy (see conftest.browser).
    assert left.value.failure == "net::ERR_PROXY_CONNECTION_FAILED"
    response = exit_response.value
    headers = response.all_headers()  # `headers` leaves out security-related ones
    assert response.status == 302
    assert headers["location"] == settings.QUICK_EXIT_URL
    assert headers["clear-site-data"] == '"cache", "cookies", "storage"'
    # The one request that may leave the test server; the guard refused it.
    assert guarded.foreign_requests == [settings.QUICK_EXIT_URL]
    guarded.foreign_requests.clear()
    # Clear-Site-Data was obeyed: the browser holds nothing of this site any more.
    assert guarded.context.cookies() == []

    # The session ended on the server too: even a copy of its cookie, taken before, opens nothing.
    guarded.context.add_cookies(session_cookies)
    page.goto(live_server.url + "/dashboard/")
    assert page.url == live_server.url + "/accounts/login/?next=/dashboard/"
    check_page(guarded)


def test_a_wrong_verification_code_is_refused_next_to_the_field_and_the_user_stays_on_the_code_page(
    guarded, live_server, mailoutbox, check_page
):
    page = guarded.page
    sign_up(guarded, live_server, check_page)
    right_code = the_code_sent_to(EMAIL, mailoutbox)
    wrong_code = "ZZZZ-ZZZZ" if right_code != "ZZZZ-ZZZZ" else "YYYY-YYYY"

    page.get_by_label("Code*", exact=True).fill(wrong_code)
    page.get_by_role("button", name="Confirm").click()

    assert page.url == live_server.url + "/accounts/confirm-email/"
    assert page.locator("h1").inner_text() == "Enter your verification code"
    code_field = page.get_by_label("Code*", exact=True)
    assert code_field.input_value() == wrong_code  # what was typed is kept
    assert code_field.get_attribute("aria-invalid") == "true"
    # The error is shown right under the field, and read with it by a screen reader.
    assert code_field.get_attribute("aria-describedby") == "id_code_error"
    error = page.locator("#div_id_code > #id_code_error")
    assert error.is_visible()
    assert error.inner_text() == "Incorrect code."
    assert User.objects.get(email=EMAIL).emailaddress_set.get().verified is False
    check_page(guarded)
