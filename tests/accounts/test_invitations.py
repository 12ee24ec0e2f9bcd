"""Invitations: a one-time code, kept only as a keyed hash, that works once, for seven days,
until withdrawn; wrong codes are counted per account, so codes cannot be guessed."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, Membership
from audit.models import AuditEvent
from notifications.models import Message
from tests.factories import OrganisationFactory

from .flows import committed

JOIN = reverse("accounts:join-organisation")


@pytest.fixture
def owner(user_factory):
    return user_factory(name="Owner Person")


@pytest.fixture
def organisation(owner):
    return OrganisationFactory(owner=owner, name="Coalition for Press Freedom")


@pytest.fixture
def colleague(user_factory):
    return user_factory(name="Colleague Person")


def join(client, code):
    return client.post(JOIN, {"code": code})


def code_error(response) -> list[str]:
    assert response.status_code == 200
    return response.context["form"].errors["code"]


def test_a_code_is_shown_once_and_only_its_keyed_hash_is_stored(owner, organisation):
    invitation, code = services.invite(organisation, by=owner)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    invitation.refresh_from_db()
    assert invitation.code_hash == services.hash_code(code)
    assert len(invitation.code_hash) == 64
    stored = {field.attname: getattr(invitation, field.attname) for field in Invitation._meta.fields}
    assert not any(services.normalise_code(code) in str(value).upper() for value in stored.values())
    assert invitation.expires_at == invitation.created_at + timedelta(days=7)


def test_a_colleague_joins_as_a_member_with_the_code_typed_loosely(client, owner, organisation, colleague):
    _invitation, code = services.invite(organisation, by=owner)
    client.force_login(colleague)

    response = join(client, f"  {code.lower().replace('-', ' ')} ")

    membership = Membership.objects.get(organisation=organisation, user=colleague)
    assert membership.role == Membership.Role.MEMBER
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("accounts:organisation", args=[organisation.pk])


def test_a_code_works_only_once(client, owner, organisation, colleague, user_factory):
    invitation, code = services.invite(organisation, by=owner)
    services.join_with_code(colleague, code)
    invitation.refresh_from_db()
    assert invitation.accepted_by == colleague

    client.force_login(user_factory())
    assert code_error(join(client, code)) == ["This code has already been used. Ask for a new one."]
    assert organisation.memberships.count() == 2


def test_a_code_works_for_seven_days_and_not_a_second_more(client, owner, organisation, colleague, clock):
    _invitation, code = services.invite(organisation, by=owner)
    clock.advance(days=7)
    client.force_login(colleague)

    assert code_error(join(client, code)) == ["This code has expired. Ask for a new one."]
    assert not Membership.objects.filter(user=colleague).exists()


def test_a_code_joined_just_before_it_expires_works(owner, organisation, colleague, clock):
    _invitation, code = services.invite(organisation, by=owner)
    clock.advance(days=7, seconds=-1)
    assert services.join_with_code(colleague, code).organisation == organisation


def test_a_wrong_code_is_refused_next_to_the_field_and_what_was_typed_is_kept(client, colleague, organisation):
    client.force_login(colleague)
    response = join(client, "ABCD-EFGH-JKLM")
    assert code_error(response) == ["This code is not right. Check it and try again."]
    assert 'value="ABCD-EFGH-JKLM"' in response.content.decode()
    assert not Membership.objects.filter(user=colleague).exists()


def test_a_withdrawn_code_no_longer_works(client, owner, organisation, colleague):
    invitation, code = services.invite(organisation, by=owner)
    client.force_login(owner)
    client.post(reverse("accounts:revoke-invitation", args=[organisation.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None

    client.force_login(colleague)
    assert code_error(join(client, code)) == [
        "This code was withdrawn by whoever gave it to you. Ask them for a new one."
    ]


def test_a_member_cannot_join_twice_and_the_code_stays_unused(owner, organisation):
    invitation, code = services.invite(organisation, by=owner)
    with pytest.raises(services.InvitationError, match=r"^You are already a member of this organisation\.$"):
        services.join_with_code(owner, code)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_after_five_refused_codes_even_the_right_code_waits_fifteen_minutes(
    client, owner, organisation, colleague, clock
):
    _invitation, code = services.invite(organisation, by=owner)
    client.force_login(colleague)
    for _ in range(5):
        assert code_error(join(client, "WRONG-CODE")) == ["This code is not right. Check it and try again."]

    refused = ["Too many codes were refused. Please wait 15 minutes, then try again."]
    assert code_error(join(client, code)) == refused
    assert not Membership.objects.filter(user=colleague).exists()

    clock.advance(minutes=15)
    assert join(client, code).status_code == 302
    assert Membership.objects.filter(user=colleague, organisation=organisation).exists()


def test_one_users_refused_codes_do_not_hold_back_another_user(owner, organisation, colleague, user_factory):
    _invitation, code = services.invite(organisation, by=owner)
    guesser = user_factory()
    for _ in range(5):
        with pytest.raises(services.InvitationError):
            services.join_with_code(guesser, "WRONG-CODE")
    with pytest.raises(services.InvitationError, match="Too many codes"):
        services.join_with_code(guesser, code)
    assert services.join_with_code(colleague, code).user == colleague


def test_refused_codes_are_audited_with_the_reason_only(owner, organisation, colleague):
    invitation, code = services.invite(organisation, by=owner)
    services.revoke_invitation(invitation, by=owner)
    for attempt in ("WRONG-CODE", code, "WRONG-CODE", "WRONG-CODE", "WRONG-CODE"):
        with pytest.raises(services.InvitationError):
            services.join_with_code(colleague, attempt)

    events = AuditEvent.objects.filter(actor=colleague).order_by("pk")
    assert [(event.verb, event.detail) for event in events] == [
        ("invitation.code_refused", {"reason": "wrong"}),
        ("invitation.code_refused", {"reason": "revoked"}),
        ("invitation.code_refused", {"reason": "wrong"}),
        ("invitation.code_refused", {"reason": "wrong"}),
        ("invitation.code_refused", {"reason": "wrong"}),
        ("invitation.attempts_limited", {"refused": 5}),
    ]


def test_the_invitation_email_gives_the_code_but_not_the_organisation(
    client, owner, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    response = committed(
        django_capture_on_commit_callbacks,
        client.post,
        reverse("accounts:invite", args=[organisation.pk]),
        {"email": "colleague@example.net"},
    )
    code = response.context["code"]
    assert code in response.content.decode()

    (email,) = mailoutbox
    assert email.to == ["colleague@example.net"]
    assert email.subject == "Your invitation code"
    assert code in email.body
    for secret in ("Coalition", "Press Freedom", "Owner Person", owner.email, "Kenya"):
        assert secret not in email.subject
        assert secret not in email.body
    message = Message.objects.get()
    assert message.kind == Message.Kind.TRANSACTIONAL
    assert message.email_text == ""  # wiped once sent: the code is not kept in the outbox
    assert Invitation.objects.get().sent_by_email is True


def test_an_invitation_without_an_address_sends_no_email(client, owner, organisation, mailoutbox):
    client.force_login(owner)
    response = client.post(reverse("accounts:invite", args=[organisation.pk]), {"email": ""})
    assert response.status_code == 200
    assert Message.objects.count() == 0
    assert Invitation.objects.get().sent_by_email is False


def test_a_member_who_is_not_an_owner_cannot_invite_or_withdraw(client, owner, organisation, colleague):
    services.join_with_code(colleague, services.invite(organisation, by=owner)[1])
    invitation, _code = services.invite(organisation, by=owner)
    client.force_login(colleague)
    assert client.get(reverse("accounts:invite", args=[organisation.pk])).status_code == 404
    assert client.post(reverse("accounts:invite", args=[organisation.pk])).status_code == 404
    response = client.post(reverse("accounts:revoke-invitation", args=[organisation.pk, invitation.pk]))
    assert response.status_code == 404
    with pytest.raises(services.OrganisationError, match="Only an owner"):
        services.invite(organisation, by=colleague)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_an_owner_sees_pending_invitations_and_a_member_does_not(client, owner, organisation, colleague, clock):
    services.join_with_code(colleague, services.invite(organisation, by=owner)[1])
    pending, _code = services.invite(organisation, by=owner)
    withdrawn, _code = services.invite(organisation, by=owner)
    services.revoke_invitation(withdrawn, by=owner)
    page = reverse("accounts:organisation", args=[organisation.pk])

    client.force_login(owner)
    assert client.get(page).context["invitations"] == [pending]
    client.force_login(colleague)
    response = client.get(page)
    assert response.context["invitations"] == []
    assert "Invitations" not in response.content.decode()
