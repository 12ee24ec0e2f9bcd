"""The admin site has no login of its own: it signs in through the portal's (its rate limits,
and MFA), and it does not exist for anyone signed in who is not an admin."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.roles import Role
from tests.accounts.flows import sign_in
from tests.factories import PASSWORD, totp_code

ADMIN = reverse("admin:index")
LOGIN = reverse("account_login")
MFA_AUTHENTICATE = reverse("mfa_authenticate")
ACTIVATE_TOTP = reverse("mfa_activate_totp")


def test_an_anonymous_visit_to_the_admin_site_ends_at_the_portal_login(client, db):
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1] == (f"{LOGIN}?next={ADMIN}", 302)
    assert response.status_code == 200
    assert response.templates[0].name == "account/login.html"


def test_the_admin_login_url_also_sends_to_the_portal_login(client, db):
    response = client.get(reverse("admin:login"), {"next": "/admin/audit/auditevent/"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"{LOGIN}?next=/admin/audit/auditevent/"


def test_an_admin_signing_in_through_the_portal_passes_the_second_factor_and_reaches_the_admin_site(client, admin_user):
    response = client.post(f"{LOGIN}?next={ADMIN}", {"login": admin_user.email, "password": PASSWORD})
    assert response.headers["Location"] == MFA_AUTHENTICATE
    assert SESSION_KEY not in client.session  # not signed in until the code is given
    response = client.post(MFA_AUTHENTICATE, {"code": totp_code(admin_user.totp_secret)})
    assert response.headers["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_an_admin_without_two_factor_authentication_is_sent_from_the_admin_site_to_set_it_up(client, user_factory):
    admin_without_mfa = user_factory(roles=[Role.ADMIN], totp=False)
    response = client.post(f"{LOGIN}?next={ADMIN}", {"login": admin_without_mfa.email, "password": PASSWORD})
    assert response.headers["Location"] == ADMIN
    for path in (ADMIN, "/admin/audit/auditevent/", "/admin/accounts/user/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == ACTIVATE_TOTP


@pytest.mark.parametrize("role_name", ["applicant", "reviewer", "program_staff"])
def test_a_signed_in_user_who_is_not_an_admin_gets_a_404_at_the_admin_site(role_name, user_in_role, client):
    client.force_login(user_in_role(role_name))
    response = client.get(ADMIN, follow=True)
    assert response.status_code == 404
    assert response.templates[0].name == "404.html"


@pytest.mark.parametrize("role_name", ["applicant", "reviewer", "program_staff"])
def test_the_admin_login_url_is_a_404_for_a_signed_in_user_who_is_not_an_admin(role_name, user_in_role, client):
    client.force_login(user_in_role(role_name))
    assert client.get(reverse("admin:login")).status_code == 404


def test_the_admin_site_changes_passwords_only_through_the_portal(client, admin_user):
    """Django's own form would skip the portal's rate limit, audit event and security notice."""
    sign_in(client, admin_user)
    for name in ("admin:password_change", "admin:password_change_done"):
        response = client.get(reverse(name))
        assert response.headers["Location"] == reverse("account_change_password")
    new = "another-long-passphrase-2026"
    form = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    client.post(reverse("admin:password_change"), form)
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)
