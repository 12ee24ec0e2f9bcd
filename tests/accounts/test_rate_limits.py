"""Limits by IP are loose, because many people share one Tor exit or one mobile network's
address; limits by email address hold, because an address is one person's."""

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

from .flows import CONFIRM_EMAIL, LOGIN, committed, enter_code, last_code_sent_to, sign_up

SHARED_ADDRESS = "198.51.100.23"  # a Tor exit, say
RESET = reverse("account_reset_password")


def resend_code(client):
    return client.post(CONFIRM_EMAIL, {"action": "resend"})


def assert_asked_to_wait(response):
    assert response.status_code == 429
    assert response.templates[0].name == "429.html"
    assert "Please wait a few minutes, then try again." in response.content.decode()


def test_fifty_people_behind_one_address_can_all_sign_up_within_a_minute(db, django_capture_on_commit_callbacks):
    for number in range(50):
        client = Client(REMOTE_ADDR=SHARED_ADDRESS)
        response = committed(django_capture_on_commit_callbacks, sign_up, client, f"person{number}@example.net")
        assert response.status_code == 302, number
    assert User.objects.filter(email__endswith="@example.net").count() == 50
    assert len(mail.outbox) == 50


def test_fifty_people_behind_one_address_can_all_sign_in_within_a_minute(user_factory):
    users = user_factory.create_batch(50)
    for user in users:
        client = Client(REMOTE_ADDR=SHARED_ADDRESS)
        client.post(LOGIN, {"login": user.email, "password": PASSWORD})
        assert client.session[SESSION_KEY] == str(user.pk)


def test_a_new_code_for_the_same_address_waits_three_minutes(client, db, clock, django_capture_on_commit_callbacks):
    committed(django_capture_on_commit_callbacks, sign_up, client, "new.person@example.org")
    first_code = last_code_sent_to("new.person@example.org")

    assert_asked_to_wait(committed(django_capture_on_commit_callbacks, resend_code, client))
    assert len(mail.outbox) == 1

    clock.advance(minutes=3, seconds=1)
    assert committed(django_capture_on_commit_callbacks, resend_code, client).headers["Location"] == CONFIRM_EMAIL
    assert len(mail.outbox) == 2
    second_code = last_code_sent_to("new.person@example.org")
    assert second_code != first_code
    assert enter_code(client, second_code).status_code == 302
    assert User.objects.get(email="new.person@example.org").emailaddress_set.get().verified is True


def test_the_code_limit_of_one_address_does_not_hold_back_another_address_from_the_same_ip(
    db, django_capture_on_commit_callbacks
):
    first, second = Client(REMOTE_ADDR=SHARED_ADDRESS), Client(REMOTE_ADDR=SHARED_ADDRESS)
    committed(django_capture_on_commit_callbacks, sign_up, first, "first@example.org")
    committed(django_capture_on_commit_callbacks, resend_code, first)  # refused: too soon for this address
    committed(django_capture_on_commit_callbacks, sign_up, second, "second@example.org")
    assert [message.to for message in mail.outbox] == [["first@example.org"], ["second@example.org"]]


def test_a_password_reset_is_sent_three_times_per_address_in_five_minutes(
    client, applicant, clock, django_capture_on_commit_callbacks
):
    for _ in range(3):
        response = committed(django_capture_on_commit_callbacks, client.post, RESET, {"email": applicant.email})
        assert response.status_code == 302
    assert_asked_to_wait(committed(django_capture_on_commit_callbacks, client.post, RESET, {"email": applicant.email}))
    assert len(mail.outbox) == 3

    clock.advance(minutes=5, seconds=1)
    response = committed(django_capture_on_commit_callbacks, client.post, RESET, {"email": applicant.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 4


def test_the_reset_limit_of_one_address_does_not_hold_back_another_address_from_the_same_ip(
    user_factory, django_capture_on_commit_callbacks
):
    first, second = user_factory.create_batch(2)
    client = Client(REMOTE_ADDR=SHARED_ADDRESS)
    for _ in range(4):
        committed(django_capture_on_commit_callbacks, client.post, RESET, {"email": first.email})
    response = committed(django_capture_on_commit_callbacks, client.post, RESET, {"email": second.email})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox].count([second.email]) == 1


def test_after_five_wrong_passwords_an_account_is_held_even_with_the_right_one(client, applicant, user_factory):
    for _ in range(5):
        client.post(LOGIN, {"login": applicant.email, "password": "not-the-password"})
    response = client.post(LOGIN, {"login": applicant.email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Too many failed attempts to sign in to this account. For its safety it is locked for "
        "a few minutes: try again in 5 minutes, or reset your password."
    ]
    assert SESSION_KEY not in client.session

    other = user_factory()
    client.post(LOGIN, {"login": other.email, "password": PASSWORD})
    assert client.session[SESSION_KEY] == str(other.pk)
