"""An address is kept only as a keyed hash, and only for the privileged accounts worth tracing
if taken over: an applicant's address is never kept."""

import re

import pytest
from django.test import RequestFactory, override_settings

from audit import services as audit
from audit.context import acting_from, ip_hash
from audit.middleware import AuditContextMiddleware
from audit.models import AuditEvent
from tests.accounts.flows import sign_in

ADDRESS = "203.0.113.7"


def record_during_request(actor, address: str = ADDRESS, **headers):
    """What a service records while the middleware handles a request from `address`."""
    events = []

    def view(request):
        events.append(audit.record(actor, "test.action"))

    AuditContextMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR=address, **headers))
    return events[0]


@pytest.mark.parametrize("role_name", ["reviewer", "program_staff", "admin"])
def test_a_privileged_actors_address_is_kept_as_a_keyed_hash(role_name, user_in_role):
    event = record_during_request(user_in_role(role_name))
    assert event.ip_hash == ip_hash(ADDRESS)
    assert re.fullmatch(r"[0-9a-f]{32}", event.ip_hash)
    assert ADDRESS not in str(AuditEvent.objects.filter(pk=event.pk).values().get())


def test_an_applicants_address_is_never_kept(applicant):
    event = record_during_request(applicant)
    assert AuditEvent.objects.get(pk=event.pk).ip_hash == ""


def test_an_anonymous_actors_address_is_never_kept(db):
    event = record_during_request(None)
    assert (event.actor, event.ip_hash) == (None, "")


def test_the_same_address_gives_the_same_hash_and_another_address_another():
    assert ip_hash(ADDRESS) == ip_hash(ADDRESS)
    assert ip_hash(ADDRESS) != ip_hash("203.0.113.8")


def test_the_hash_depends_on_the_secret_key_so_a_dump_alone_cannot_be_brute_forced():
    hashed = ip_hash(ADDRESS)
    with override_settings(SECRET_KEY="another-secret-key-for-another-installation-0123456789"):
        assert ip_hash(ADDRESS) != hashed


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_hash_is_of_the_address_the_proxy_saw(reviewer):
    event = record_during_request(reviewer, "10.0.0.2", HTTP_X_FORWARDED_FOR=f"198.51.100.66, {ADDRESS}")
    assert event.ip_hash == ip_hash(ADDRESS)


def test_a_login_by_a_reviewer_keeps_the_hash_and_by_an_applicant_does_not(client, reviewer, applicant):
    for user in (reviewer, applicant):
        sign_in(client, user, REMOTE_ADDR=ADDRESS)  # the reviewer with their authenticator app's code
        client.logout()
    logins = dict(AuditEvent.objects.filter(verb="account.login").values_list("actor", "ip_hash"))
    assert logins == {reviewer.pk: ip_hash(ADDRESS), applicant.pk: ""}


def test_outside_a_request_a_task_or_command_records_no_address(reviewer):
    assert audit.record(reviewer, "test.action").ip_hash == ""


def test_the_address_ends_with_its_request(reviewer):
    with acting_from(ADDRESS):
        inside = audit.record(reviewer, "test.action")
    after = audit.record(reviewer, "test.action")
    assert (inside.ip_hash, after.ip_hash) == (ip_hash(ADDRESS), "")
