"""One rule per permission, with its reason: the view, the template and the service ask the
same function, so a hidden button and a refused POST say the same thing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts import permissions, selectors, services
from accounts.models import Membership
from accounts.roles import Role
from core.errors import Refused
from core.permissions import ALLOWED, refuse
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

ONLY_ADMINS = refuse("Only admins manage people's roles and two-factor authentication.")
ONLY_OWNERS = refuse("Only an owner of this organisation can do this.")
ONLY_OWNER_LEAVING = refuse("You are the only owner. Make another member an owner before you leave.")
NOT_A_MEMBER = refuse("You are not a member of this organisation.")


@pytest.fixture
def owner(db):
    return UserFactory()


@pytest.fixture
def organisation(owner):
    return OrganisationFactory(owner=owner)


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation).user


# People -------------------------------------------------------------------------------------


def test_only_admins_manage_people(user_in_role):
    assert permissions.can_manage_people(user_in_role("admin")) == ALLOWED
    for role in ("applicant", "reviewer", "program_staff"):
        assert permissions.can_manage_people(user_in_role(role)) == ONLY_ADMINS, role
    assert permissions.can_manage_people(AnonymousUser()) == ONLY_ADMINS


def test_the_people_link_is_shown_by_the_same_rule(client, user_in_role):
    for role, shown in (("admin", True), ("program_staff", False), ("applicant", False)):
        client.force_login(user_in_role(role))
        response = client.get(reverse("accounts:profile"))
        assert bool(response.context["can_manage_people"]) is shown, role
        assert (f'href="{reverse("accounts:people")}"' in response.content.decode()) is shown, role


def test_the_people_services_refuse_anyone_but_an_admin_with_the_reason(applicant, program_staff):
    for service, args in ((services.set_roles, ({Role.REVIEWER},)), (services.reset_mfa, ())):
        with pytest.raises(Refused) as refusal:
            service(applicant, *args, by=program_staff)
        assert refusal.value.message == ONLY_ADMINS.reason
    assert applicant.roles == {"applicant"}


# Organisations ------------------------------------------------------------------------------


def test_only_owners_manage_an_organisation(owner, member, organisation, user_factory):
    assert permissions.can_manage_organisation(owner, organisation) == ALLOWED
    assert permissions.can_manage_organisation(member, organisation) == ONLY_OWNERS
    assert permissions.can_manage_organisation(user_factory(), organisation) == ONLY_OWNERS
    assert permissions.can_manage_organisation(AnonymousUser(), organisation) == ONLY_OWNERS


def test_an_organisation_read_for_its_owner_answers_without_a_query_for_them_only(
    owner, member, organisation, django_assert_num_queries
):
    read = selectors.organisations_of(owner).get(pk=organisation.pk)
    with django_assert_num_queries(0):
        assert permissions.can_manage_organisation(owner, read) == ALLOWED
    # The same row asked about someone else: their own role, from the database.
    with django_assert_num_queries(1):
        assert permissions.can_manage_organisation(member, read) == ONLY_OWNERS


def test_a_member_may_leave_but_not_the_last_owner(owner, member, organisation, user_factory):
    assert permissions.can_leave(member, organisation) == ALLOWED
    assert permissions.can_leave(owner, organisation) == ONLY_OWNER_LEAVING
    assert permissions.can_leave(user_factory(), organisation) == NOT_A_MEMBER
    Membership.objects.filter(user=member).update(role=Membership.Role.OWNER)
    assert permissions.can_leave(owner, organisation) == ALLOWED


def test_the_organisation_services_refuse_a_member_with_the_owners_reason(member, organisation, owner):
    own = organisation.memberships.get(user=owner)
    for service, args, kwargs in (
        (services.invite, (organisation,), {}),
        (services.remove_member, (own,), {}),
        (services.hand_over_ownership, (own,), {"step_down": False}),
    ):
        with pytest.raises(services.OrganisationError) as refusal:
            service(*args, by=member, **kwargs)
        assert refusal.value.message == ONLY_OWNERS.reason, service.__name__


def test_an_owners_page_is_a_404_for_a_member_and_its_buttons_are_hidden(client, member, organisation):
    client.force_login(member)
    page = client.get(reverse("accounts:organisation", args=[organisation.pk]))
    assert page.context["can_manage"] == ONLY_OWNERS
    assert reverse("accounts:invite", args=[organisation.pk]) not in page.content.decode()
    assert client.get(reverse("accounts:invite", args=[organisation.pk])).status_code == 404


def test_the_last_owner_is_told_why_on_the_page_of_leaving(client, owner, organisation):
    client.force_login(owner)
    response = client.post(reverse("accounts:leave-organisation", args=[organisation.pk]))
    assert response.context["form"].non_field_errors() == [ONLY_OWNER_LEAVING.reason]
    assert organisation.memberships.filter(user=owner).exists()


# Refusals -----------------------------------------------------------------------------------


def test_the_accounts_refusals_are_refusals_with_the_field_they_belong_to():
    assert issubclass(services.OrganisationError, Refused)
    assert services.RoleError("no").field == "roles"
    assert services.InvitationError("no", reason="wrong").field == "code"
    assert services.OrganisationError("no").field is None
