"""Reads, already scoped to the user who asks: an organisation the user does not belong to, or
an account a non-admin asks about, is simply not there (a 404 in the views)."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from .mfa import SECOND_FACTORS
from .models import Invitation, Membership, Organisation, User
from .permissions import can_manage_people
from .roles import Role


def organisations_of(user: User) -> QuerySet[Organisation]:
    """The organisations the user belongs to, by name, each with `your_role` and `member_count`
    (and `role_of`, whose role it is, for `permissions.role_in`)."""
    your_role = Membership.objects.filter(organisation=OuterRef("pk"), user=user).values("role")
    member_count = (
        Membership.objects.filter(organisation=OuterRef("pk"))
        .order_by()
        .values("organisation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Organisation.objects.filter(memberships__user=user)
        .annotate(your_role=Subquery(your_role), member_count=Subquery(member_count), role_of=Value(user.pk))
        .order_by("name", "pk")
    )


def members_of(organisation: Organisation, *, seen_by: User) -> QuerySet[Membership]:
    """The organisation's members (owners first), if `seen_by` is one of them; else none."""
    return (
        Membership.objects.filter(organisation=organisation, organisation__memberships__user=seen_by)
        .select_related("user")
        .order_by("-role", "joined_at", "pk")  # "owner" sorts after "member"
    )


def membership_in(organisation: Organisation, *, user: User) -> Membership | None:
    return Membership.objects.filter(organisation=organisation, user=user).first()


def invitations_of(organisation: Organisation, *, seen_by: User) -> QuerySet[Invitation]:
    """The organisation's invitations, used or not: owners only see them."""
    return Invitation.objects.filter(
        organisation=organisation,
        organisation__memberships__user=seen_by,
        organisation__memberships__role=Membership.Role.OWNER,
    )


def pending_invitations(organisation: Organisation, *, seen_by: User, now=None) -> QuerySet[Invitation]:
    """Invitations not yet used, revoked or expired."""
    now = now or timezone.now()
    return (
        invitations_of(organisation, seen_by=seen_by)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
        .order_by("expires_at", "pk")
    )


def people_seen_by(admin: User, *, search: str = "") -> QuerySet[User]:
    """Every account, for admins only (anyone else sees none): the role-management list."""
    if not can_manage_people(admin):
        return User.objects.none()
    people = User.objects.prefetch_related("groups").order_by("email", "pk")
    if search:
        people = people.filter(Q(email__icontains=search) | Q(name__icontains=search))
    return people.annotate(
        second_factors=Count("authenticator", filter=Q(authenticator__type__in=SECOND_FACTORS), distinct=True)
    )


def program_staff_accounts() -> QuerySet[User]:
    """Active accounts with the program staff role: those who may run a call."""
    return User.objects.filter(groups__name=Role.PROGRAM_STAFF.value, is_active=True).order_by("email", "pk")
