"""Admins manage roles and reset lost second factors in the browser: admins only, with the
password asked again, audited."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent

from .flows import sign_in

PEOPLE = reverse("accounts:people")
REAUTHENTICATE = reverse("account_reauthenticate")


def person_url(user):
    return reverse("accounts:person", args=[user.pk])


def reset_url(user):
    return reverse("accounts:reset-mfa", args=[user.pk])


@pytest.fixture
def admin_client(admin_user):
    client = Client()
    response = sign_in(client, admin_user)
    client.get(response.headers["Location"])  # where "You are signed in." is shown, and leaves the session
    return client


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER, Role.PROGRAM_STAFF])
def test_only_admins_find_the_people_pages(role, user_factory, applicant):
    client = Client()
    sign_in(client, user_factory(roles=[role]))
    assert client.get(PEOPLE).status_code == 404
    assert client.get(person_url(applicant)).status_code == 404
    assert client.post(reset_url(applicant)).status_code == 404
    assert client.post(person_url(applicant), {"roles": ["admin"]}).status_code == 404


@pytest.mark.parametrize("people", [1, 30])
def test_the_people_list_costs_the_same_queries_for_1_and_30_accounts(
    people, user_factory, admin_client, django_assert_num_queries
):
    user_factory.create_batch(people - 1, totp=True)
    with django_assert_num_queries(6):
        response = admin_client.get(PEOPLE)
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == people  # the admin among them


def test_the_people_list_finds_an_account_by_address(user_factory, admin_client):
    wanted = user_factory(email="lawyer@example.net")
    user_factory(email="other@example.net")
    response = admin_client.get(PEOPLE, {"q": "lawyer@"})
    assert list(response.context["page_obj"]) == [wanted]


def test_an_admin_grants_a_role_to_an_account_with_a_second_factor(user_factory, admin_client, admin_user):
    colleague = user_factory(totp=True)
    response = admin_client.post(person_url(colleague), {"roles": ["reviewer"]})
    assert response.headers["Location"] == person_url(colleague)
    colleague.refresh_from_db()
    assert colleague.roles == {"applicant", "reviewer"}
    event = AuditEvent.objects.get(verb="account.role_granted")
    assert (event.actor, event.target_id, event.detail) == (admin_user, str(colleague.pk), {"role": "reviewer"})
    assert event.ip_hash != ""


def test_a_role_for_an_account_without_a_second_factor_is_refused_next_to_the_field(user_factory, admin_client):
    colleague = user_factory(totp=False)
    response = admin_client.post(person_url(colleague), {"roles": ["program_staff", "reviewer"]})
    assert response.status_code == 200
    assert "no two-factor authentication yet" in response.context["form"].errors["roles"][0]
    assert response.context["form"]["roles"].value() == ["program_staff", "reviewer"]
    colleague.refresh_from_db()
    assert colleague.roles == {"applicant"}


def test_a_role_change_asks_for_the_password_again_once_the_sign_in_is_older_than_five_minutes(
    user_factory, admin_client, clock
):
    colleague = user_factory(totp=True)
    clock.advance(minutes=5, seconds=1)
    assert admin_client.get(person_url(colleague)).status_code == 200  # reading needs no password
    response = admin_client.post(person_url(colleague), {"roles": ["reviewer"]})
    assert response.headers["Location"].startswith(REAUTHENTICATE)
    colleague.refresh_from_db()
    assert colleague.roles == {"applicant"}


def test_re_authentication_asks_for_the_password_or_the_second_factor_never_for_an_emailed_code(admin_client, clock):
    """Whoever holds a seized laptop's open session often holds its open mailbox too."""
    clock.advance(minutes=5, seconds=1)
    response = admin_client.get(REAUTHENTICATE)
    assert response.status_code == 200
    assert reverse("mfa_reauthenticate").encode() in response.content
    assert reverse("account_request_reauthentication_code").encode() not in response.content
    assert admin_client.get(reverse("account_request_reauthentication_code")).status_code == 403


def test_resetting_mfa_removes_every_authenticator_signs_the_person_out_and_is_audited(
    user_factory, admin_client, admin_user
):
    reviewer = user_factory(roles=[Role.REVIEWER])
    their_browser = Client()
    sign_in(their_browser, reviewer)
    assert their_browser.get(reverse("portal:dashboard")).status_code == 200

    response = admin_client.post(reset_url(reviewer))

    assert response.headers["Location"] == person_url(reviewer)
    assert not Authenticator.objects.filter(user=reviewer).exists()
    assert not UserSession.objects.filter(user=reviewer).exists()
    assert their_browser.get(reverse("portal:dashboard")).status_code == 302
    event = AuditEvent.objects.get(verb="account.mfa_reset")
    assert (event.actor, event.target_id, event.detail) == (admin_user, str(reviewer.pk), {"authenticators": 1})


def test_after_a_reset_the_reviewer_must_set_up_a_new_second_factor(user_factory, admin_client):
    reviewer = user_factory(roles=[Role.REVIEWER])
    admin_client.post(reset_url(reviewer))
    client = Client()
    response = sign_in(client, reviewer)
    assert response.headers["Location"] == reverse("portal:dashboard")
    assert client.get(reverse("portal:dashboard")).headers["Location"] == reverse("mfa_activate_totp")
