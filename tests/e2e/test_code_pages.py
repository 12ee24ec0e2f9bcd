"""The page where a password-reset code is entered, in English and Arabic, with and without
JavaScript: one primary action (Confirm), the others quieter, the address as plain text."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import UserFactory


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_the_reset_code_page_offers_one_primary_action_and_no_mailto_link(
    javascript, language, make_page, live_server, mailoutbox, check_page
):
    user = UserFactory()
    guarded = make_page(javascript=javascript)
    page = guarded.page
    guarded.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(live_server.url + "/accounts/password/reset/")
    check_page(guarded)
    page.locator("#id_email").fill(user.email)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")

    assert page.url == live_server.url + "/accounts/password/reset/confirm/"
    assert page.locator("html").get_attribute("lang") == language
    with translation.override(language):
        # A reset code cannot be sent again (allauth): a new reset is asked for instead.
        wanted = [gettext("Confirm"), gettext("Cancel")]
        heading = gettext("Enter your password reset code")
    assert page.locator("h1").inner_text() == heading
    form = page.locator("main form").first
    assert form.locator(".btn-primary").all_inner_texts() == wanted[:1]
    assert form.locator(".btn").all_inner_texts() == wanted
    assert page.locator('a[href^="mailto:"]').count() == 0
    assert user.email in page.locator("main p").first.inner_text()
    check_page(guarded)
