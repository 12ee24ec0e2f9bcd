"""Sign-up: a bot that fills the hidden field gets nowhere, passwords are long and uncommon,
the address is verified with the emailed code before anyone can sign in, and the account keeps
the language the visitor was reading in."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from notifications.selectors import inbox_of
from tests.factories import PASSWORD

from .flows import (
    CONFIRM_EMAIL,
    LOGIN,
    NEW_PASSWORD,
    SIGNUP,
    committed,
    emailed_code,
    enter_code,
    last_code_sent_to,
    sign_up,
)

EMAIL = "new.person@example.org"


def test_a_visitor_signs_up_as_an_applicant_and_is_sent_a_code(client, db, django_capture_on_commit_callbacks):
    response = committed(django_capture_on_commit_callbacks, sign_up, client, EMAIL)
    assert response.status_code == 302
    assert response.headers["Location"] == CONFIRM_EMAIL
    user = User.objects.get(email=EMAIL)
    assert user.roles == {"applicant"}
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.filter(user=user, email=EMAIL, verified=False).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    assert len(emailed_code(mail.outbox[0])) >= 6


def test_a_filled_honeypot_creates_no_user_and_sends_no_email(client, db, django_capture_on_commit_callbacks):
    response = committed(django_capture_on_commit_callbacks, sign_up, client, EMAIL, website="https://spam.example.com")
    # The bot is shown what a person would see, so it learns nothing.
    assert response.status_code == 302
    assert response.headers["Location"] == CONFIRM_EMAIL
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_the_honeypot_is_hidden_by_the_stylesheet_not_by_an_inline_style(client, db):
    html = client.get(SIGNUP).content.decode()
    assert 'id="div_id_website"' in html  # hidden by portal.css
    assert 'name="website"' in html
    assert "right: -99999px" not in html
    assert 'tabindex="-1"' in html


def test_a_password_of_11_characters_is_refused(client, db, django_capture_on_commit_callbacks):
    response = committed(django_capture_on_commit_callbacks, sign_up, client, EMAIL, password="uncommon-11")
    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == [
        "This password is too short. It must contain at least 12 characters."
    ]
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_a_common_password_is_refused_even_when_long_enough(client, db):
    response = sign_up(client, EMAIL, password="qwerty123456")
    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == ["This password is too common."]
    assert User.objects.count() == 0


def test_an_uncommon_password_of_exactly_12_characters_is_accepted(client, db):
    response = sign_up(client, EMAIL, password="plum-tiger-7")
    assert response.status_code == 302
    assert User.objects.filter(email=EMAIL).exists()


def test_a_password_like_the_address_is_refused(client, db):
    response = sign_up(client, "amina.haddad.ngo@example.org", password="amina.haddad.ngo")
    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == ["The password is too similar to the email address."]


@pytest.mark.parametrize(
    ("accept_language", "stored"),
    [("fr", "fr"), ("es-ES,es;q=0.9", "es"), ("ar", "ar"), ("en-GB", "en"), ("de", "en")],
)
def test_sign_up_keeps_the_language_the_visitor_was_reading_in(accept_language, stored, client, db):
    sign_up(client, EMAIL, HTTP_ACCEPT_LANGUAGE=accept_language)
    assert User.objects.get(email=EMAIL).language == stored


def test_sign_up_follows_the_language_chosen_with_the_switcher_over_the_browsers(client, db):
    client.post(reverse("accounts:set-language"), {"language": "es", "next": SIGNUP})
    sign_up(client, EMAIL, HTTP_ACCEPT_LANGUAGE="fr")
    assert User.objects.get(email=EMAIL).language == "es"


def test_the_emailed_code_verifies_the_address_and_signs_the_person_in(client, db, django_capture_on_commit_callbacks):
    committed(django_capture_on_commit_callbacks, sign_up, client, EMAIL)
    response = enter_code(client, last_code_sent_to(EMAIL))
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("portal:dashboard")
    user = User.objects.get(email=EMAIL)
    assert EmailAddress.objects.get(user=user).verified is True
    assert client.session[SESSION_KEY] == str(user.pk)


def test_a_wrong_code_shows_an_error_and_verifies_nothing(client, db, django_capture_on_commit_callbacks):
    committed(django_capture_on_commit_callbacks, sign_up, client, EMAIL)
    code = last_code_sent_to(EMAIL)
    wrong = "A" * len(code) if code != "A" * len(code) else "B" * len(code)
    response = enter_code(client, wrong)
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["Incorrect code."]
    assert EmailAddress.objects.get(email=EMAIL).verified is False
    assert SESSION_KEY not in client.session


def test_the_right_code_still_works_after_a_typo(client, db, django_capture_on_commit_callbacks):
    committed(django_capture_on_commit_callbacks, sign_up, client, EMAIL)
    code = last_code_sent_to(EMAIL)
    enter_code(client, "WRONG-CODE")
    assert enter_code(client, code).status_code == 302
    assert EmailAddress.objects.get(email=EMAIL).verified is True


def test_after_three_wrong_codes_the_page_says_what_is_true_and_a_later_sign_in_sends_a_new_code(
    client, db, clock, django_capture_on_commit_callbacks
):
    committed(django_capture_on_commit_callbacks, sign_up, client, EMAIL)
    code = last_code_sent_to(EMAIL)
    wrong = "A" * len(code) if code != "A" * len(code) else "B" * len(code)
    for _ in range(2):
        assert enter_code(client, wrong).status_code == 200
    response = enter_code(client, wrong)
    assert response.headers["Location"] == LOGIN
    page = client.get(LOGIN).content.decode()
    assert "That code was entered wrongly too many times and no longer works." in page
    assert "locked" not in page
    assert enter_code(client, code).headers["Location"] == LOGIN  # true: it no longer works
    clock.advance(minutes=3, seconds=1)
    login = {"login": EMAIL, "password": NEW_PASSWORD}
    assert committed(django_capture_on_commit_callbacks, client.post, LOGIN, login).headers["Location"] == CONFIRM_EMAIL
    new_code = last_code_sent_to(EMAIL)
    assert new_code != code
    assert enter_code(client, new_code).status_code == 302
    assert EmailAddress.objects.get(email=EMAIL).verified is True


@pytest.fixture
def unverified(user_factory):
    user = user_factory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    return user


def test_signing_in_before_verifying_sends_a_code_instead_of_signing_in(
    client, unverified, django_capture_on_commit_callbacks
):
    login = {"login": unverified.email, "password": PASSWORD}
    response = committed(django_capture_on_commit_callbacks, client.post, LOGIN, login)
    assert response.status_code == 302
    assert response.headers["Location"] == CONFIRM_EMAIL
    assert SESSION_KEY not in client.session
    assert [message.to for message in mail.outbox] == [[unverified.email]]
    # The email holds the code and says neither whose account it is nor which site sent it.
    assert emailed_code(mail.outbox[0])
    assert unverified.name not in mail.outbox[0].body
    assert response.wsgi_request.get_host() not in mail.outbox[0].body
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_the_code_sent_at_sign_in_verifies_the_address_and_completes_the_sign_in(
    client, unverified, django_capture_on_commit_callbacks
):
    committed(django_capture_on_commit_callbacks, client.post, LOGIN, {"login": unverified.email, "password": PASSWORD})
    response = enter_code(client, last_code_sent_to(unverified.email))
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(unverified.pk)
    assert EmailAddress.objects.get(user=unverified).verified is True


def test_verifying_the_address_puts_one_welcome_message_in_the_inbox_and_verifying_again_adds_none(
    client, db, clock, django_capture_on_commit_callbacks
):
    def run(request, *args, **kwargs):
        return committed(django_capture_on_commit_callbacks, request, *args, **kwargs)

    def welcomes(user) -> list[str]:
        return [message.template for message in inbox_of(user)]

    run(sign_up, client, EMAIL)
    run(enter_code, client, last_code_sent_to(EMAIL))
    user = User.objects.get(email=EMAIL)
    assert welcomes(user) == ["accounts/welcome"]

    # The same address verified again: unverified (say by an admin), then the code at sign-in.
    client.post(reverse("account_logout"))
    EmailAddress.objects.filter(user=user).update(verified=False)
    clock.advance(minutes=3, seconds=1)  # a new code for the same address waits three minutes
    run(client.post, LOGIN, {"login": EMAIL, "password": NEW_PASSWORD})
    assert run(enter_code, client, last_code_sent_to(EMAIL)).status_code == 302
    assert EmailAddress.objects.get(user=user, email=EMAIL).verified is True
    assert welcomes(user) == ["accounts/welcome"]

    # Another address, verified with its own code.
    moved = "moved.person@example.org"
    change = {"action_add": "", "email": moved, "password": NEW_PASSWORD}
    assert run(client.post, reverse("account_email"), change).status_code == 302
    assert run(enter_code, client, last_code_sent_to(moved)).status_code == 302
    assert EmailAddress.objects.get(user=user, email=moved).verified is True
    assert welcomes(user) == ["accounts/welcome"]
    # …and only one email ever said there was a new message.
    assert [message.subject for message in mail.outbox].count("You have a new message") == 1


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def code_page(client) -> str:
    return CSRF_TOKEN.sub("", client.get(CONFIRM_EMAIL).content.decode())


def test_the_code_page_is_the_same_whether_or_not_the_address_already_has_an_account(db, clock):
    new, taken = Client(), Client()
    sign_up(new, EMAIL)
    page_of_a_new_address = code_page(new)
    EmailAddress.objects.filter(email=EMAIL).update(verified=True)  # the person confirmed it
    clock.advance(minutes=3, seconds=1)  # past the per-address limit on codes sent
    sign_up(taken, EMAIL)
    assert User.objects.count() == 1
    assert code_page(taken) == page_of_a_new_address
    assert "Use a different email address" not in page_of_a_new_address
