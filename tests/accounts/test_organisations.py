"""Organisations: created by an applicant who becomes their owner; seen only by their members;
always with at least one owner; every change audited with ids only."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import services
from accounts.models import Membership, Organisation
from audit.models import AuditEvent
from core.permissions import refuse
from tests.factories import MembershipFactory, OrganisationFactory

CREATE = reverse("accounts:create-organisation")
LIST = reverse("accounts:organisations")


def page_of(organisation, name="accounts:organisation", *args):
    return reverse(name, args=[organisation.pk, *args])


def events(organisation):
    return [
        (event.verb, event.detail)
        for event in AuditEvent.objects.filter(
            target_type="accounts.organisation", target_id=str(organisation.pk)
        ).order_by("pk")
    ]


@pytest.fixture
def owner(user_factory):
    return user_factory(name="Owner Person")


@pytest.fixture
def organisation(owner):
    return OrganisationFactory(owner=owner)


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation, user__name="Member Person")


def test_an_applicant_creates_an_informal_group_without_a_registration_number_and_owns_it(client, applicant):
    client.force_login(applicant)
    response = client.post(
        CREATE, {"name": "Lawyers' network", "country": "SY", "kind": "informal", "registration_number": ""}
    )
    organisation = Organisation.objects.get()
    assert response.headers["Location"] == page_of(organisation)
    assert (organisation.name, organisation.country.code, organisation.kind, organisation.registration_number) == (
        "Lawyers' network",
        "SY",
        Organisation.Kind.INFORMAL,
        "",
    )
    assert list(organisation.memberships.values_list("user", "role")) == [(applicant.pk, "owner")]
    membership = organisation.memberships.get()
    assert events(organisation) == [("organisation.created", {"membership": membership.pk})]
    assert AuditEvent.objects.get(verb="organisation.created").actor == applicant


def test_a_missing_name_country_or_kind_is_shown_next_to_each_field_and_nothing_is_created(client, applicant):
    client.force_login(applicant)
    response = client.post(CREATE, {"name": "", "country": "", "kind": "", "registration_number": "RN-1"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["This field is required."],
        "country": ["This field is required."],
        "kind": ["This field is required."],
    }
    assert 'value="RN-1"' in response.content.decode()
    assert Organisation.objects.count() == 0


def test_an_applicant_may_belong_to_several_organisations(user_factory):
    person = user_factory()
    first, second = OrganisationFactory(owner=person), OrganisationFactory()
    MembershipFactory(user=person, organisation=second)
    assert set(person.organisations.all()) == {first, second}


def test_one_person_cannot_be_a_member_twice(organisation, owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=owner, organisation=organisation)


def test_without_organisations_the_pages_say_the_applicant_applies_as_an_individual(client, applicant):
    client.force_login(applicant)
    assert "You can apply as an individual: there is nothing to set up for that." in client.get(LIST).content.decode()
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "You apply as an individual: there is nothing to set up for that." in dashboard


def test_the_dashboard_and_the_list_show_only_the_users_organisations(client, owner, organisation):
    OrganisationFactory(owner=None, name="Someone else's")
    client.force_login(owner)
    assert client.get(reverse("portal:dashboard")).context["organisations"] == [organisation]
    listed = client.get(LIST).context["organisations"]
    assert [(o.pk, o.your_role, o.member_count) for o in listed] == [(organisation.pk, "owner", 1)]


@pytest.mark.parametrize(
    "page",
    [
        "accounts:organisation",
        "accounts:invite",
        "accounts:leave-organisation",
    ],
)
def test_another_users_organisation_is_a_404(page, client, organisation, applicant):
    client.force_login(applicant)
    assert client.get(reverse(page, args=[organisation.pk])).status_code == 404
    assert client.post(reverse(page, args=[organisation.pk])).status_code == 404


@pytest.mark.parametrize("page", ["accounts:remove-member", "accounts:hand-over-ownership"])
def test_another_users_members_are_a_404_and_stay(page, client, organisation, member, applicant):
    client.force_login(applicant)
    assert client.get(reverse(page, args=[organisation.pk, member.pk])).status_code == 404
    assert client.post(reverse(page, args=[organisation.pk, member.pk]), {"choice": "stay"}).status_code == 404
    assert organisation.memberships.count() == 2
    assert Membership.objects.get(pk=member.pk).role == Membership.Role.MEMBER


def test_a_member_of_one_organisation_cannot_reach_a_membership_of_another_through_it(
    client, owner, organisation, member
):
    other = OrganisationFactory(owner=member.user)
    stranger = MembershipFactory(organisation=other)
    client.force_login(owner)
    assert client.post(page_of(organisation, "accounts:remove-member", stranger.pk)).status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_a_member_sees_the_members_but_not_the_owners_actions(client, organisation, member):
    client.force_login(member.user)
    response = client.get(page_of(organisation))
    assert [m.display_name for m in response.context["members"]] == ["Owner Person", "Member Person"]
    assert response.context["can_manage"] == refuse("Only an owner of this organisation can do this.")
    assert "Invite a colleague" not in response.content.decode()
    assert client.get(page_of(organisation, "accounts:remove-member", member.pk)).status_code == 404


def test_the_member_list_shows_names_never_email_addresses(client, organisation, member, owner):
    member.user.name = ""
    member.user.save()
    client.force_login(owner)
    page = client.get(page_of(organisation)).content.decode()
    assert f"Member #{member.user_id}" in page
    assert member.user.email not in page


def test_the_page_title_never_holds_the_organisations_name(client, organisation, owner):
    client.force_login(owner)
    page = client.get(page_of(organisation)).content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert title == "Organisation · Grants portal"
    assert organisation.name in page


def test_an_owner_removes_a_member(client, owner, organisation, member):
    client.force_login(owner)
    response = client.post(page_of(organisation, "accounts:remove-member", member.pk))
    assert response.headers["Location"] == page_of(organisation)
    assert list(organisation.memberships.values_list("user", flat=True)) == [owner.pk]
    assert events(organisation)[-1] == ("organisation.member_removed", {"user": member.user_id, "was_owner": False})


def test_the_last_owner_cannot_be_removed(client, owner, organisation, member):
    own = organisation.memberships.get(user=owner)
    client.force_login(owner)
    response = client.post(page_of(organisation, "accounts:remove-member", own.pk))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "An organisation needs at least one owner. Make another member an owner first."
    ]
    assert organisation.memberships.filter(role="owner").count() == 1


def test_the_last_owner_cannot_leave_until_another_member_is_an_owner(client, owner, organisation, member):
    client.force_login(owner)
    response = client.post(page_of(organisation, "accounts:leave-organisation"))
    assert response.context["form"].non_field_errors() == [
        "You are the only owner. Make another member an owner before you leave."
    ]
    assert organisation.memberships.filter(user=owner).exists()

    services.hand_over_ownership(member, by=owner, step_down=False)
    response = client.post(page_of(organisation, "accounts:leave-organisation"))
    assert response.headers["Location"] == LIST
    assert list(organisation.memberships.values_list("user", "role")) == [(member.user_id, "owner")]


def test_a_sole_member_who_owns_the_organisation_cannot_leave_it_ownerless(owner, organisation):
    with pytest.raises(services.OrganisationError, match="You are the only owner"):
        services.leave_organisation(organisation, user=owner)
    assert organisation.memberships.count() == 1


def test_a_member_leaves(client, organisation, member):
    client.force_login(member.user)
    assert client.get(page_of(organisation, "accounts:leave-organisation")).status_code == 200
    response = client.post(page_of(organisation, "accounts:leave-organisation"))
    assert response.headers["Location"] == LIST
    assert not organisation.memberships.filter(pk=member.pk).exists()
    assert events(organisation)[-1] == ("organisation.member_left", {"was_owner": False})
    assert client.get(page_of(organisation)).status_code == 404


def test_an_owner_hands_over_ownership_and_becomes_a_member(client, owner, organisation, member):
    client.force_login(owner)
    response = client.post(page_of(organisation, "accounts:hand-over-ownership", member.pk), {"choice": "step_down"})
    assert response.headers["Location"] == page_of(organisation)
    roles = dict(organisation.memberships.values_list("user", "role"))
    assert roles == {owner.pk: "member", member.user_id: "owner"}
    assert events(organisation)[-1] == (
        "organisation.ownership_handed_over",
        {"user": member.user_id, "stepped_down": True},
    )
    # The former owner now has a member's powers only.
    assert client.get(page_of(organisation, "accounts:invite")).status_code == 404


def test_an_owner_shares_ownership_and_stays_an_owner(owner, organisation, member):
    services.hand_over_ownership(member, by=owner, step_down=False)
    roles = dict(organisation.memberships.values_list("user", "role"))
    assert roles == {owner.pk: "owner", member.user_id: "owner"}


def test_a_member_cannot_make_themselves_an_owner(owner, organisation, member):
    with pytest.raises(services.OrganisationError, match="Only an owner"):
        services.hand_over_ownership(member, by=member.user, step_down=False)
    with pytest.raises(services.OrganisationError, match="Only an owner"):
        services.remove_member(organisation.memberships.get(user=owner), by=member.user)
    assert dict(organisation.memberships.values_list("user", "role")) == {owner.pk: "owner", member.user_id: "member"}


def test_an_owner_cannot_hand_ownership_to_themselves(client, owner, organisation):
    own = organisation.memberships.get(user=owner)
    client.force_login(owner)
    response = client.post(page_of(organisation, "accounts:hand-over-ownership", own.pk), {"choice": "step_down"})
    # About the member chosen, not the choice made: above the form.
    assert response.context["form"].errors == {"__all__": ["Choose another member: you are already an owner."]}
    assert organisation.memberships.get(user=owner).role == "owner"


def test_every_change_is_audited_with_ids_and_counts_only(owner, organisation, user_factory):
    colleague = user_factory()
    invitation, code = services.invite(organisation, by=owner, email="colleague@example.net")
    membership = services.join_with_code(colleague, code)
    services.hand_over_ownership(membership, by=owner, step_down=True)
    services.remove_member(organisation.memberships.get(user=owner), by=colleague)
    second, _code = services.invite(organisation, by=colleague)
    services.revoke_invitation(second, by=colleague)

    assert events(organisation) == [
        ("organisation.member_joined", {"invitation": invitation.pk, "membership": membership.pk}),
        ("organisation.ownership_handed_over", {"user": colleague.pk, "stepped_down": True}),
        ("organisation.member_removed", {"user": owner.pk, "was_owner": False}),
    ]
    invitation_events = AuditEvent.objects.filter(target_type="accounts.invitation").order_by("pk")
    assert [(e.actor, e.verb, e.target_id, e.detail) for e in invitation_events] == [
        (owner, "invitation.created", str(invitation.pk), {"organisation": organisation.pk, "by_email": True}),
        (colleague, "invitation.created", str(second.pk), {"organisation": organisation.pk, "by_email": False}),
        (colleague, "invitation.revoked", str(second.pk), {"organisation": organisation.pk}),
    ]


@pytest.mark.parametrize("organisations", [1, 30])
def test_the_organisations_list_costs_the_same_queries_for_1_and_30_organisations(
    organisations, client, applicant, django_assert_num_queries
):
    for _ in range(organisations):
        MembershipFactory.create_batch(2, organisation=OrganisationFactory(owner=applicant))
    client.force_login(applicant)
    with django_assert_num_queries(4):
        response = client.get(LIST)
    assert len(response.context["organisations"]) == organisations
    assert {organisation.member_count for organisation in response.context["organisations"]} == {3}


@pytest.mark.parametrize("organisations", [1, 30])
def test_the_dashboard_costs_the_same_queries_for_1_and_30_organisations(
    organisations, client, applicant, django_assert_num_queries
):
    OrganisationFactory.create_batch(organisations, owner=applicant)
    client.force_login(applicant)
    # Session, user (with roles) and unread messages; applications; open calls; organisations; the
    # applications with released feedback (reviews' panel); the grantee's awards and declines
    # (awards' panels).
    with django_assert_num_queries(9):
        response = client.get(reverse("portal:dashboard"))
    assert len(response.context["organisations"]) == organisations


@pytest.mark.parametrize("members", [1, 40])
def test_the_member_list_costs_the_same_queries_for_1_and_40_members(
    members, client, owner, organisation, django_assert_num_queries
):
    MembershipFactory.create_batch(members - 1, organisation=organisation)
    for _ in range(3):
        services.invite(organisation, by=owner)
    client.force_login(owner)
    with django_assert_num_queries(6):
        response = client.get(page_of(organisation))
    assert len(response.context["members"]) == members
    assert len(response.context["invitations"]) == 3
