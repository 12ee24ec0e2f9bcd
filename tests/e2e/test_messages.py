import pytest
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from notifications import services
from notifications.models import Message
from tests.factories import PASSWORD, UserFactory, totp_code


def sign_in(page, live_server, user):
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Email*", exact=True).fill(user.email)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if user.totp_secret:  # reviewers, staff and admins: the authenticator app's code
        assert page.url == live_server.url + reverse("mfa_authenticate")
        page.get_by_label("Code*", exact=True).fill(totp_code(user.totp_secret))
        page.get_by_role("button", name="Sign in").click()
    assert page.url == live_server.url + reverse("portal:dashboard")


def messages_link(page):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name="Messages")


def text_of(locator) -> str:
    """The text as a screen reader reads it, visually hidden parts included."""
    return " ".join(locator.text_content().split())


def message_links(page) -> list[str]:
    return [text_of(link) for link in page.locator("main li a").all()]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_reading_a_message_drops_the_unread_count(javascript, make_page, live_server, check_page, mailoutbox):
    applicant = UserFactory()
    services.notify(applicant, "accounts/welcome", {}, dedupe_key="first")
    services.notify(applicant, "accounts/welcome", {}, dedupe_key="second")
    guarded = make_page(javascript=javascript)
    page = guarded.page
    sign_in(page, live_server, applicant)
    assert text_of(messages_link(page)) == "Messages 2 unread"
    check_page(guarded)

    messages_link(page).click()
    assert page.locator("h1").inner_text() == "Messages"
    assert message_links(page) == ["Unread: Welcome", "Unread: Welcome"]
    check_page(guarded)

    page.locator("main li a").first.click()
    assert page.locator("h1").inner_text() == "Welcome"
    assert "your account on Grants portal is ready" in page.locator(".message-body").inner_text()
    assert text_of(messages_link(page)) == "Messages 1 unread"
    check_page(guarded)
    # Each message also went out as a discreet email: it says only that there is a message.
    assert [email.subject for email in mailoutbox] == ["You have a new message"] * 2


def test_a_portal_only_user_gets_messages_in_the_portal_and_no_email(guarded, live_server, check_page, mailoutbox):
    applicant = UserFactory()
    page = guarded.page
    sign_in(page, live_server, applicant)
    page.goto(live_server.url + reverse("accounts:profile"))
    page.get_by_label("In the portal only").check()
    page.get_by_role("button", name="Save").click()
    check_page(guarded)
    applicant.refresh_from_db()
    assert applicant.notification_choice == User.Notify.PORTAL_ONLY

    services.notify(applicant, "accounts/welcome", {}, dedupe_key="portal-only")
    page.goto(live_server.url + reverse("notifications:inbox"))

    assert message_links(page) == ["Unread: Welcome"]
    check_page(guarded)
    assert mailoutbox == []


def test_an_admin_sends_a_failed_message_again_from_the_admin_site(guarded, live_server, mailoutbox):
    admin = UserFactory(roles=[Role.ADMIN])
    applicant = UserFactory()
    message = services.notify(applicant, "accounts/welcome", {}, dedupe_key="failed")
    Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED, attempts=8, last_error="SMTP down")
    mailoutbox.clear()
    page = guarded.page
    sign_in(page, live_server, admin)

    page.goto(live_server.url + reverse("admin:notifications_message_changelist") + "?status__exact=failed")
    page.locator(f'input[name="_selected_action"][value="{message.pk}"]').check()
    page.locator('select[name="action"]').select_option("retry")
    page.get_by_role("button", name="Go").click()

    assert "1 message queued again." in page.locator(".messagelist").inner_text()
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert [email.to for email in mailoutbox] == [[applicant.email]]
