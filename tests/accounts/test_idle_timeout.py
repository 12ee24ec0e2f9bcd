"""Sessions end after idle time: two hours for applicants, thirty minutes for the roles whose
takeover would expose other people's applications. Time is moved, never slept."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.roles import Role
from tests.factories import PASSWORD

DASHBOARD = reverse("portal:dashboard")
LOGIN = reverse("account_login")
PRIVILEGED = ["reviewer", "program_staff", "admin"]


def signed_in(client, user):
    client.force_login(user)
    assert client.get(DASHBOARD).status_code == 200  # the first page starts the idle clock
    return client


def assert_signed_out(response):
    assert response.status_code == 302
    assert response.headers["Location"] == f"{LOGIN}?next={DASHBOARD}"
    assert SESSION_KEY not in response.client.session


def test_an_applicant_idle_for_1h59_is_still_signed_in(client, applicant, clock):
    signed_in(client, applicant)
    clock.advance(hours=1, minutes=59)
    assert client.get(DASHBOARD).status_code == 200


def test_an_applicant_idle_for_just_over_2_hours_is_signed_out(client, applicant, clock):
    signed_in(client, applicant)
    clock.advance(hours=2, seconds=1)
    assert_signed_out(client.get(DASHBOARD))


@pytest.mark.parametrize("role_name", PRIVILEGED)
def test_a_privileged_user_idle_for_29_minutes_is_still_signed_in(role_name, user_in_role, client, clock):
    signed_in(client, user_in_role(role_name))
    clock.advance(minutes=29)
    assert client.get(DASHBOARD).status_code == 200


@pytest.mark.parametrize("role_name", PRIVILEGED)
def test_a_privileged_user_idle_for_just_over_30_minutes_is_signed_out(role_name, user_in_role, client, clock):
    signed_in(client, user_in_role(role_name))
    clock.advance(minutes=30, seconds=1)
    assert_signed_out(client.get(DASHBOARD))


def test_an_applicant_who_is_also_a_reviewer_gets_the_shorter_timeout(user_factory, client, clock):
    signed_in(client, user_factory(roles=[Role.APPLICANT, Role.REVIEWER]))
    clock.advance(minutes=30, seconds=1)
    assert_signed_out(client.get(DASHBOARD))


def test_activity_restarts_the_idle_clock(client, applicant, clock):
    signed_in(client, applicant)
    for _ in range(3):
        clock.advance(hours=1, minutes=59)
        assert client.get(DASHBOARD).status_code == 200


def test_activity_restarts_the_shorter_clock_of_a_reviewer(client, reviewer, clock):
    signed_in(client, reviewer)
    for _ in range(3):
        clock.advance(minutes=29)
        assert client.get(DASHBOARD).status_code == 200


def test_the_idle_clock_starts_at_sign_in_even_before_any_other_page(client, applicant, clock):
    response = client.post(LOGIN, {"login": applicant.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(applicant.pk)
    clock.advance(hours=2, seconds=1)
    assert_signed_out(client.get(DASHBOARD))


def test_a_signed_out_user_is_told_why_on_the_login_page(client, reviewer, clock):
    signed_in(client, reviewer)
    clock.advance(minutes=31)
    response = client.get(DASHBOARD, follow=True)
    assert response.redirect_chain == [(f"{LOGIN}?next={DASHBOARD}", 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "You were signed out after 30 minutes without activity. Please sign in again."
    ]


def test_the_login_form_has_no_remember_me(client, db):
    form = client.get(LOGIN).context["form"]
    assert "remember" not in form.fields


def test_the_session_cookie_ends_when_the_browser_closes(client, applicant):
    response = client.post(LOGIN, {"login": applicant.email, "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"] is True
