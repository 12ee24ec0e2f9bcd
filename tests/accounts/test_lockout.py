"""Repeated failed logins lock the account they target, for a cool-off, never the address
they come from: many people share one Tor exit."""

from django.contrib.auth import SESSION_KEY
from django.test import Client

from audit.models import AuditEvent
from tests.factories import PASSWORD

from .flows import LOGIN

TOR_EXIT = "198.51.100.23"
LOCKED = "Too many failed attempts to sign in to this account."


def sign_in(user, password, address=TOR_EXIT):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"login": user.email, "password": password})
    return client, response


def fail_five_times(user):
    for _ in range(5):
        sign_in(user, "not-the-password")


def test_five_failures_lock_the_account_even_against_the_right_password(applicant):
    fail_five_times(applicant)

    client, response = sign_in(applicant, PASSWORD)

    assert SESSION_KEY not in client.session
    assert LOCKED in response.content.decode()


def test_the_lock_lifts_after_the_cool_off(applicant, clock):
    fail_five_times(applicant)
    clock.advance(minutes=5, seconds=1)

    client, _response = sign_in(applicant, PASSWORD)

    assert client.session[SESSION_KEY] == str(applicant.pk)


def test_a_locked_account_does_not_lock_others_behind_the_same_address(applicant, user_factory):
    fail_five_times(applicant)
    colleague = user_factory()

    client, _response = sign_in(colleague, PASSWORD)

    assert client.session[SESSION_KEY] == str(colleague.pk)


def test_fifty_people_behind_one_address_each_mistyping_once_still_sign_in(user_factory):
    users = user_factory.create_batch(50)
    for user in users:
        sign_in(user, "a typo")
    for user in users:
        client, _response = sign_in(user, PASSWORD)
        assert client.session[SESSION_KEY] == str(user.pk)


def test_a_lock_is_audited_once_with_the_account_but_no_address(applicant):
    fail_five_times(applicant)
    for _ in range(3):
        sign_in(applicant, PASSWORD)

    events = AuditEvent.objects.filter(verb="account.locked_out")
    assert [(event.target_id, event.detail, event.ip_hash) for event in events] == [
        (str(applicant.pk), {"cool_off_seconds": 300}, "")
    ]
