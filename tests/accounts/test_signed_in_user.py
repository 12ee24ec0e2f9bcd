"""Each signed-in request reads its user, their roles and whether they have a second factor in
one query (accounts.backends), and reads them afresh on the next request."""

import itertools

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.backends import AuthenticationBackend, ModelBackend
from accounts.mfa import has_second_factor
from accounts.models import User
from accounts.roles import Role
from tests.factories import UserFactory, add_totp

ROLE_SETS = [set(roles) for size in range(len(Role) + 1) for roles in itertools.combinations(Role, size)]


def assert_loaded_as_asked(backend) -> None:
    for roles, second_factor in itertools.product(ROLE_SETS, [False, True]):
        user = UserFactory(roles=[Role.APPLICANT], totp=False)
        user.groups.set(Group.objects.filter(name__in=roles))
        if second_factor:
            add_totp(user)
        Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={})
        loaded = backend().get_user(user.pk)
        asked = User.objects.get(pk=user.pk)
        assert loaded.roles == asked.roles == frozenset(role.value for role in roles)
        assert bool(loaded.loaded_second_factor) is has_second_factor(asked) is second_factor
        assert (loaded.primary_role, loaded.is_privileged) == (asked.primary_role, asked.is_privileged)


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
@pytest.mark.django_db
def test_the_loaded_roles_and_second_factor_are_those_asked_one_by_one(backend):
    assert_loaded_as_asked(backend)


@pytest.mark.sqlite
@pytest.mark.django_db
def test_on_sqlite_too_the_loaded_roles_and_second_factor_are_those_asked_one_by_one():
    assert_loaded_as_asked(AuthenticationBackend)


@pytest.mark.django_db
def test_no_user_is_loaded_for_an_unknown_or_inactive_account():
    user = UserFactory()
    assert ModelBackend().get_user(user.pk + 1000) is None
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert ModelBackend().get_user(user.pk) is None


def signed_in_queries(client, path) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
def test_a_privileged_page_reads_the_user_roles_and_second_factor_in_one_query(program_staff):
    client = Client()
    client.force_login(program_staff)
    client.get(reverse("accounts:profile"))  # the session's first request records the session
    sql = signed_in_queries(client, reverse("accounts:profile"))
    asking = [query for query in sql if "accounts_user_groups" in query or "mfa_authenticator" in query]
    assert len(asking) == 1 and 'FROM "accounts_user"' in asking[0]


@pytest.mark.django_db
def test_a_role_taken_away_or_an_authenticator_removed_counts_from_the_next_request(program_staff):
    client = Client()
    client.force_login(program_staff)
    assert client.get(reverse("grants:rfps")).status_code == 200
    Authenticator.objects.filter(user=program_staff).delete()
    response = client.get(reverse("grants:rfps"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    add_totp(program_staff)
    assert client.get(reverse("grants:rfps")).status_code == 200
    program_staff.groups.remove(Group.objects.get(name=Role.PROGRAM_STAFF))
    assert client.get(reverse("grants:rfps")).status_code == 404
