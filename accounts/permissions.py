"""Who may do what with accounts and organisations: one rule each, answering with its reason.

Views ask them (and answer 404 for what the user may not know exists), templates get them in
the context so a button is hidden by the rule that refuses its POST, and services assert them.
"""

from django.utils.translation import gettext as _

from core.permissions import ALLOWED, Verdict, refuse

from .models import Membership, Organisation, User


def can_manage_people(user: User) -> Verdict:
    """The People pages: granting roles, resetting a lost second factor. (`admin_only` asks it.)"""
    if not (user.is_authenticated and user.is_admin):
        return refuse(_("Only admins manage people's roles and two-factor authentication."))
    return ALLOWED


def can_manage_organisation(user: User, organisation: Organisation) -> Verdict:
    """Owners' work: inviting, withdrawing invitations, removing members, handing over ownership."""
    if role_in(organisation, user) != Membership.Role.OWNER:
        return refuse(_("Only an owner of this organisation can do this."))
    return ALLOWED


def can_leave(user: User, organisation: Organisation) -> Verdict:
    """Any member may leave, but for the last owner: an organisation always keeps one."""
    role = role_in(organisation, user)
    if role is None:
        return refuse(_("You are not a member of this organisation."))
    if role == Membership.Role.OWNER and not organisation.memberships.filter(role=role).exclude(user=user).exists():
        return refuse(_("You are the only owner. Make another member an owner before you leave."))
    return ALLOWED


def role_in(organisation: Organisation, user: User) -> str | None:
    """The user's role in the organisation, None if not a member. An organisation read through
    `selectors.organisations_of(user)` carries it already (for that user only)."""
    if not user.is_authenticated:
        return None
    if getattr(organisation, "role_of", None) == user.pk:
        return organisation.your_role
    return Membership.objects.filter(organisation=organisation, user=user).values_list("role", flat=True).first()
