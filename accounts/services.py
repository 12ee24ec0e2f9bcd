import secrets
from datetime import datetime, timedelta

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from audit import services as audit
from core.changes import apply_changes
from core.errors import Refused
from core.permissions import Verdict
from notifications import services as notifications
from notifications.rendering import base_context

from .mfa import has_second_factor
from .models import Invitation, Membership, Organisation, User
from .permissions import can_leave, can_manage_organisation, can_manage_people
from .roles import PRIVILEGED_ROLES, Role

PROFILE_FIELDS = ("name", "language", "time_zone", "notification_choice")


@transaction.atomic
def update_profile(user: User, *, by: User, **values) -> list[str]:
    """Change the user's own settings; returns the names of the fields that changed."""
    # Compared with the stored row, not with `user`: a ModelForm bound to the same instance has
    # already copied the new values onto it by the time it is valid.
    stored = User.objects.get(pk=user.pk)
    changed = apply_changes(stored, values, PROFILE_FIELDS)
    for field in changed:
        setattr(user, field, getattr(stored, field))
    if changed:
        audit.record(by, "account.profile_updated", user, detail={"fields": changed})
    return changed


class RoleError(Refused):
    """A role change the rules refuse; the message says why, for the admin who asked."""

    def __init__(self, message: str):
        super().__init__(message, field="roles")


@transaction.atomic
def grant_role(user: User, role: Role, *, by: User | None) -> None:
    """Give a role. A privileged role goes only to an account that already has a second factor:
    otherwise whoever phished the password could enrol their own authenticator into a staff
    account. Admins alone reach the admin site, so only they are `is_staff`."""
    if role in PRIVILEGED_ROLES and not has_second_factor(user):
        raise RoleError(
            _(
                "This account has no two-factor authentication yet. Ask the person to set it up in "
                "their profile first, then grant the role."
            )
        )
    user.groups.add(Group.objects.get(name=role.value))
    if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("roles", None)
    audit.record(by, "account.role_granted", user, detail={"role": role.value})


@transaction.atomic
def revoke_role(user: User, role: Role, *, by: User | None) -> None:
    if role == Role.ADMIN and by is not None and user.pk == by.pk:
        raise RoleError(_("You cannot remove your own admin role: ask another admin."))
    user.groups.remove(Group.objects.get(name=role.value))
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("roles", None)
    audit.record(by, "account.role_revoked", user, detail={"role": role.value})


@transaction.atomic
def set_roles(user: User, roles: set[Role], *, by: User) -> list[str]:
    """Make the user's privileged roles exactly `roles`: all changes, or none if one is refused.
    Returns the roles changed, each as "+role" or "-role"."""
    can_manage_people(by).enforce()
    current = {Role(name) for name in user.roles} & PRIVILEGED_ROLES
    changes = []
    for role in sorted(roles - current):
        grant_role(user, role, by=by)
        changes.append(f"+{role.value}")
    for role in sorted(current - roles):
        revoke_role(user, role, by=by)
        changes.append(f"-{role.value}")
    return changes


@transaction.atomic
def reset_mfa(user: User, *, by: User) -> int:
    """Remove every authenticator of a user who lost theirs, and sign them out everywhere: they
    set up a new one at their next sign-in (their role, if privileged, makes them)."""
    can_manage_people(by).enforce()
    authenticators = Authenticator.objects.filter(user_id=user.pk)
    count = authenticators.count()
    authenticators.delete()
    for session in UserSession.objects.filter(user=user):
        session.end()
    audit.record(by, "account.mfa_reset", user, detail={"authenticators": count})
    return count


# Organisations ------------------------------------------------------------------------------

INVITATION_LIFETIME = timedelta(days=7)
# 12 characters from 32 (no I, O, 0 or 1, which are easily misread): 60 bits, far beyond
# guessing at JOIN_ATTEMPTS tries per window.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
# Refused codes a user may enter per window before being asked to wait. Counted per account
# (never per IP: many people share a Tor exit), in the shared database cache.
JOIN_ATTEMPTS = 5
JOIN_ATTEMPTS_WINDOW = 15 * 60


class OrganisationError(Refused):
    """A refused change to an organisation, with a message for the user."""


class InvitationError(OrganisationError):
    """A refused invitation code; `reason` says which refusal, for the audit log."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message, field="code")
        self.reason = reason


def _enforce(verdict: Verdict) -> None:
    """The permission's refusal, as the organisation error callers expect."""
    if not verdict:
        raise OrganisationError(verdict.reason)


def new_invitation_code() -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(code[start : start + 4] for start in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    """What was typed or pasted, without spaces, hyphens or case."""
    return "".join(char for char in code.upper() if char.isalnum())


def hash_code(code: str) -> str:
    """A keyed hash (the key is SECRET_KEY): a leaked database gives no code, nor a way to test
    guesses offline."""
    return salted_hmac("accounts.invitation", normalise_code(code), algorithm="sha256").hexdigest()


def _locked(organisation: Organisation) -> Organisation:
    """Changes to an organisation's members are serialised on its row, so that two owners
    stepping down at once cannot leave it without one."""
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _owner_count(organisation: Organisation) -> int:
    return organisation.memberships.filter(role=Membership.Role.OWNER).count()


@transaction.atomic
def create_organisation(
    *,
    by: User,
    name: str,
    country: str,
    kind: str,
    registration_number: str = "",
) -> Organisation:
    """The creator becomes its first owner."""
    organisation = Organisation(name=name, country=country, kind=kind, registration_number=registration_number)
    organisation.full_clean()
    organisation.save()
    membership = Membership.objects.create(user=by, organisation=organisation, role=Membership.Role.OWNER)
    audit.record(by, "organisation.created", organisation, detail={"membership": membership.pk})
    return organisation


@transaction.atomic
def invite(
    organisation: Organisation,
    *,
    by: User,
    email: str = "",
    now: datetime | None = None,
) -> tuple[Invitation, str]:
    """A new one-time code, returned once: only its hash is kept. With an address, the code is
    also emailed, in a text that names neither the organisation nor its work."""
    now = now or timezone.now()
    _enforce(can_manage_organisation(by, organisation))
    code = new_invitation_code()
    invitation = Invitation.objects.create(
        organisation=organisation,
        code_hash=hash_code(code),
        invited_by=by,
        sent_by_email=bool(email),
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    if email:
        _email_invitation(invitation, code, email)
    audit.record(
        by,
        "invitation.created",
        invitation,
        detail={"organisation": organisation.pk, "by_email": bool(email)},
    )
    return invitation, code


def _email_invitation(invitation: Invitation, code: str, address: str) -> None:
    recipient = User.objects.filter(email__iexact=address).first()
    language = (recipient.language if recipient else None) or translation.get_language()
    context = {**base_context(), "code": code, "days": INVITATION_LIFETIME.days}
    with translation.override(language):
        subject = render_to_string("emails/invitation_subject.txt", context)
        text = render_to_string("emails/invitation.txt", context)
        # A transactional message: never shown in an inbox, its text (and the code) wiped once sent.
        notifications.queue_email(
            address,
            subject=" ".join(subject.split()),
            text=text.strip(),
            template="invitation",
            recipient=recipient,
            dedupe_key=f"invitation:{invitation.pk}",
        )


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by: User) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _enforce(can_manage_organisation(by, invitation.organisation))
    if invitation.accepted_at is not None:
        raise OrganisationError(_("This invitation has already been used."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(by, "invitation.revoked", invitation, detail={"organisation": invitation.organisation_id})
    return invitation


def _attempts_key(user: User, now: datetime) -> str:
    return f"accounts.join-attempts:{user.pk}:{int(now.timestamp()) // JOIN_ATTEMPTS_WINDOW}"


def join_with_code(user: User, code: str, *, now: datetime | None = None) -> Membership:
    """Join the organisation whose invitation has this code. Raises InvitationError.

    Not one transaction on purpose: a refused code is counted (in the database cache) and
    audited after the refusal has rolled its own transaction back."""
    now = now or timezone.now()
    key = _attempts_key(user, now)
    refused = cache.get(key, 0)
    if refused >= JOIN_ATTEMPTS:
        raise InvitationError(
            _("Too many codes were refused. Please wait %(minutes)d minutes, then try again.")
            % {"minutes": JOIN_ATTEMPTS_WINDOW // 60},
            reason="rate_limited",
        )
    try:
        return _accept_invitation(user, code, now=now)
    except InvitationError as error:
        # get and set, not incr: the database cache's incr would reset the expiry. Two
        # simultaneous refusals of one user may count once; the window still holds.
        cache.set(key, refused + 1, timeout=JOIN_ATTEMPTS_WINDOW)
        audit.record(user, "invitation.code_refused", user, detail={"reason": error.reason})
        if refused + 1 == JOIN_ATTEMPTS:
            audit.record(user, "invitation.attempts_limited", user, detail={"refused": JOIN_ATTEMPTS})
        raise


@transaction.atomic
def _accept_invitation(user: User, code: str, *, now: datetime) -> Membership:
    invitation = Invitation.objects.select_for_update().filter(code_hash=hash_code(code)).first()
    if invitation is None:
        raise InvitationError(_("This code is not right. Check it and try again."), reason="wrong")
    if invitation.revoked_at is not None:
        raise InvitationError(
            _("This code was withdrawn by whoever gave it to you. Ask them for a new one."), reason="revoked"
        )
    if invitation.accepted_at is not None:
        raise InvitationError(_("This code has already been used. Ask for a new one."), reason="used")
    if now >= invitation.expires_at:
        raise InvitationError(_("This code has expired. Ask for a new one."), reason="expired")
    organisation = _locked(invitation.organisation)
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise InvitationError(_("You are already a member of this organisation."), reason="already_member")
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=Membership.Role.MEMBER, joined_at=now
    )
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        user,
        "organisation.member_joined",
        organisation,
        detail={"invitation": invitation.pk, "membership": membership.pk},
    )
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, by: User) -> None:
    """An owner removes a member (or another owner, as long as one owner is left)."""
    organisation = _locked(membership.organisation)
    _enforce(can_manage_organisation(by, organisation))
    membership = Membership.objects.get(pk=membership.pk, organisation=organisation)
    if membership.is_owner and _owner_count(organisation) == 1:
        raise OrganisationError(_("An organisation needs at least one owner. Make another member an owner first."))
    membership.delete()
    audit.record(
        by,
        "organisation.member_removed",
        organisation,
        detail={"user": membership.user_id, "was_owner": membership.is_owner},
    )


@transaction.atomic
def leave_organisation(organisation: Organisation, *, user: User) -> None:
    organisation = _locked(organisation)
    _enforce(can_leave(user, organisation))
    membership = Membership.objects.get(organisation=organisation, user=user)
    membership.delete()
    audit.record(user, "organisation.member_left", organisation, detail={"was_owner": membership.is_owner})


@transaction.atomic
def hand_over_ownership(membership: Membership, *, by: User, step_down: bool) -> Membership:
    """Make a member an owner; with `step_down`, the owner who does it becomes a member."""
    organisation = _locked(membership.organisation)
    _enforce(can_manage_organisation(by, organisation))
    own = Membership.objects.get(organisation=organisation, user=by)
    membership = Membership.objects.get(pk=membership.pk, organisation=organisation)
    if membership.pk == own.pk:
        raise OrganisationError(_("Choose another member: you are already an owner."))
    if membership.is_owner and not step_down:
        raise OrganisationError(_("This member is already an owner."))
    if not membership.is_owner:
        membership.role = Membership.Role.OWNER
        membership.save(update_fields=["role"])
    if step_down:
        own.role = Membership.Role.MEMBER
        own.save(update_fields=["role"])
    audit.record(
        by,
        "organisation.ownership_handed_over",
        organisation,
        detail={"user": membership.user_id, "stepped_down": step_down},
    )
    return membership
