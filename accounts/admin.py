from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.models import Group

from core.admin import ReadOnlyAdmin

from .models import Invitation, Membership, Organisation, User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    """Read-only: roles, profiles and passwords change through the portal's audited services."""

    list_display = ("id", "email", "name", "is_active", "date_joined", "last_login")
    list_filter = ("is_active", "groups")
    search_fields = ("email", "name")
    fields = (
        "email",
        "name",
        "language",
        "time_zone",
        "notification_choice",
        "is_active",
        "groups",
        "date_joined",
        "last_login",
    )
    readonly_fields = fields


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("user", "role", "joined_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    """Read-only: organisations, members and invitations change through accounts.services."""

    list_display = ("id", "name", "kind", "country", "created_at")
    list_filter = ("kind",)
    search_fields = ("name",)
    fields = ("name", "kind", "country", "registration_number", "created_at")
    readonly_fields = fields
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "organisation", "role", "joined_at")
    list_filter = ("role",)
    list_select_related = ("user", "organisation")
    fields = ("user", "organisation", "role", "joined_at")
    readonly_fields = fields


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """The code's hash is not shown: it is of no use to anyone reading it."""

    list_display = ("id", "organisation", "created_at", "expires_at", "accepted_at", "revoked_at")
    list_select_related = ("organisation",)
    fields = (
        "organisation",
        "invited_by",
        "sent_by_email",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )
    readonly_fields = fields


# Roles (groups), addresses, sessions and authenticators decide who may do what: the admin site shows them but
# changes them only through the portal's audited services, like the domain models.
for model in (Group, EmailAddress, UserSession, Authenticator):
    admin.site.unregister(model)


@admin.register(Group)
class RoleAdmin(ReadOnlyAdmin):
    list_display = ("name",)
    fields = ("name",)
    readonly_fields = fields


@admin.register(EmailAddress)
class EmailAddressAdmin(ReadOnlyAdmin):
    list_display = ("email", "user", "verified", "primary")
    search_fields = ("email",)
    list_select_related = ("user",)
    fields = ("user", "email", "verified", "primary")
    readonly_fields = fields


@admin.register(UserSession)
class UserSessionAdmin(ReadOnlyAdmin):
    list_display = ("user", "created_at", "last_seen_at")
    list_select_related = ("user",)
    fields = ("user", "created_at", "last_seen_at", "user_agent")
    readonly_fields = fields


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyAdmin):
    """Which kind of second factor a user has, never its secret."""

    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    list_select_related = ("user",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields
