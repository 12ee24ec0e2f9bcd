"""Nothing identifying outlives the browser on a seized device: every cookie ends with the
browser, messages live in the session (not in a readable cookie of their own), and no message
holds a name or an address."""

from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from tests.core.test_security_headers import assert_ends_with_the_browser
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .flows import CONFIRM_EMAIL, LOGIN, NEW_PASSWORD, committed, last_code_sent_to

NAME = "Amina Haddad"
EMAIL = "amina.haddad@example.org"
PORTAL_COOKIES = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


class Visit:
    """A browser going through the portal: every cookie it is given, every message it is shown."""

    def __init__(self):
        self.client = Client()
        self.cookies: list[tuple[str, object]] = []
        self.messages: list[str] = []

    def _keep(self, response):
        self.cookies += list(response.cookies.items())
        if response.status_code == 200 and "messages" in response.context:
            self.messages += [str(message) for message in response.context["messages"]]
        return response

    def get(self, path, **extra):
        return self._keep(self.client.get(path, **extra))

    def post(self, path, data=None, **extra):
        """POST, then open the page it leads to, as a browser would (its messages show there)."""
        response = self._keep(self.client.post(path, data or {}, **extra))
        if response.status_code == 302 and response["Location"].startswith("/"):
            self.get(response["Location"])
        return response


@pytest.fixture
def visit(db, django_capture_on_commit_callbacks):
    """Sign up, verify, switch language, save the profile, sign out, sign in, leave by the quick
    exit: what a person does on their first visit, with every message and cookie kept."""
    visit = Visit()
    visit.get(reverse("account_signup"))
    committed(django_capture_on_commit_callbacks, visit.post, reverse("account_signup"), sign_up_data())
    visit.get(CONFIRM_EMAIL)
    visit.post(CONFIRM_EMAIL, {"action": "verify", "code": last_code_sent_to(EMAIL)})
    visit.post(reverse("accounts:set-language"), {"language": "en", "next": reverse("accounts:profile")})
    profile = {"name": NAME, "language": "en", "time_zone": "UTC", "notification_choice": "portal_only"}
    visit.post(reverse("accounts:profile"), profile)
    visit.post(reverse("account_logout"))
    visit.post(LOGIN, {"login": EMAIL, "password": NEW_PASSWORD})
    visit.get(reverse("portal:quick-exit"))
    return visit


def sign_up_data() -> dict:
    return {"email": EMAIL, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "website": ""}


def test_a_first_visit_sets_only_the_portals_cookies_and_none_outlives_the_browser(visit):
    assert {name for name, _cookie in visit.cookies} == PORTAL_COOKIES
    for _name, cookie in visit.cookies:
        assert_ends_with_the_browser(cookie)


def test_the_messages_of_a_first_visit_say_what_happened_without_a_name_or_an_address(visit):
    assert visit.messages == [
        "A verification code has been sent.",
        "The email address is confirmed.",
        "You are signed in.",
        "Your profile was saved.",
        "You have signed out.",
        "You are signed in.",
    ]


def test_a_message_waits_in_the_session_not_in_a_cookie(client, applicant):
    client.force_login(applicant)
    profile = {"name": applicant.name, "language": "en", "time_zone": "UTC", "notification_choice": "portal_only"}
    response = client.post(reverse("accounts:profile"), profile)
    assert "messages" not in response.cookies
    assert "Your profile was saved." in client.session["_messages"]


def test_handing_over_ownership_says_so_without_the_members_name(client):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    member = MembershipFactory(organisation=organisation, user=UserFactory(name=NAME, email=EMAIL))
    client.force_login(owner)
    url = reverse("accounts:hand-over-ownership", args=[organisation.pk, member.pk])
    response = client.post(url, {"choice": "stay"}, follow=True)
    assert [str(message) for message in response.context["messages"]] == ["The member is now an owner."]
    assert Membership.objects.get(pk=member.pk).is_owner


ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
# allauth's messages for the parts of it the portal uses (the portal asks for no phone number).
MESSAGE_TEMPLATES = sorted(
    f"{path.parent.parent.name}/messages/{path.name}"
    for app in ("account", "mfa", "usersessions")
    for path in (ALLAUTH_TEMPLATES / app / "messages").glob("*.txt")
    if not path.name.startswith("phone_")
)


def test_every_allauth_message_the_portal_can_show_is_found():
    assert len(MESSAGE_TEMPLATES) >= 15
    assert "account/messages/logged_in.txt" in MESSAGE_TEMPLATES


@pytest.mark.parametrize("template", MESSAGE_TEMPLATES)
def test_no_allauth_message_holds_a_name_or_an_address(template, db):
    user = UserFactory.build(name=NAME, email=EMAIL)
    context = {"user": user, "email": EMAIL, "recipient": EMAIL, "name": NAME}
    text = render_to_string(template, context).strip()
    assert text
    assert NAME not in text and EMAIL not in text and "amina" not in text.lower()


def test_the_code_page_showing_the_address_to_a_visitor_not_yet_signed_in_is_kept_by_no_cache(client, db):
    client.post(reverse("account_signup"), sign_up_data())
    response = client.get(CONFIRM_EMAIL)
    assert EMAIL in response.content.decode()
    assert {"no-store", "private"} <= {part.strip() for part in response.headers["Cache-Control"].split(",")}
